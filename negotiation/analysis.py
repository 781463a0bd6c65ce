"""The headline analysis of a model: verdict, certificate and bargaining results together.

The verdict classifies the configuration (see ``../shared/DESIGN.md`` §2):

=====================  =============================  ============================================
verdict                condition                      meaning
=====================  =============================  ============================================
``structural_trap``    ``∩_i A_i = ∅``                the red lines alone exclude every settlement
``ripeness_gap``       ``∩_i A_i ≠ ∅``, ``B = ∅``     settlements exist within the red lines, but
                                                      some party still prefers war to all of them
``agreement_possible`` ``B ≠ ∅``                      a zone of possible agreement exists
``dilemma``            ``B ≠ ∅``, derived game, no    a mutually acceptable settlement exists but
                       equilibrium reaches ``B``      is not self-enforcing
``open``               ``B ≠ ∅``, some equilibrium    a settlement is reachable
                       reaches ``B``
=====================  =============================  ============================================

``dilemma`` and ``open`` replace ``agreement_possible`` when the model has a game derived from its
logics (postures, :mod:`negotiation.postures`); an equilibrium *reaches* ``B`` when its play leads
to a settlement in ``B`` with probability one (:mod:`negotiation.equilibria`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from negotiation.bargaining import Bargaining, bargain
from negotiation.certificate import Certificate, certify
from negotiation.compiled import CompiledModel, compile_model, estimated_bytes, memory_budget
from negotiation.errors import ModelError
from negotiation.model import Model

if TYPE_CHECKING:
    from negotiation.equilibria import Equilibria
    from negotiation.solver import LinearModel

VERDICTS = ("structural_trap", "ripeness_gap", "agreement_possible", "dilemma", "open")
BACKENDS = ("auto", "enumerate", "milp")


@dataclass(frozen=True)
class Analysis:
    """``compiled`` is the enumeration's arrays, or the integer program for ``backend="milp"``;
    ``notes`` says why a result the backend does not compute is missing."""

    model: Model
    verdict: str
    certificate: Certificate
    bargaining: Bargaining
    compiled: CompiledModel | LinearModel
    backend: str = "enumerate"
    notes: dict[str, str] = field(default_factory=dict)
    strategic: Equilibria | None = None   # equilibria of the derived game, if the model has one


def verdict_of(certificate: Certificate, reaches: bool | None = None) -> str:
    """The verdict implied by the certificate's two headline facts and, for a model with a
    derived game, whether some equilibrium reaches the bargaining set (``reaches``)."""
    if not certificate.red_lines_compatible:
        return "structural_trap"
    if not certificate.bargaining_nonempty:
        return "ripeness_gap"
    if reaches is None:
        return "agreement_possible"
    return "open" if reaches else "dilemma"


def _reaches(strategic: Equilibria | None) -> bool | None:
    """Whether some equilibrium reaches the bargaining set; ``None`` (no strategic refinement
    of the verdict) when the model has no game or when no equilibrium reaching it was found but
    the search was incomplete, so that ``dilemma`` is never claimed without proof."""
    if strategic is None:
        return None
    if strategic.reaching:
        return True
    return False if strategic.reaching_settled else None


def strategic_equilibria(compiled: CompiledModel) -> Equilibria | None:
    """Equilibria of the model's derived (posture) game, or ``None`` if it has none."""
    from negotiation import equilibria, postures
    from negotiation.game_file import PostureGameSpec

    spec = compiled.model.sections.get("game")
    if not isinstance(spec, PostureGameSpec):
        return None
    return equilibria.solve(postures.derive(compiled, spec).game)


def analyze_compiled(compiled: CompiledModel) -> Analysis:
    """Verdict, certificate and bargaining results of a compiled model."""
    certificate = certify(compiled)
    strategic = strategic_equilibria(compiled)
    return Analysis(
        model=compiled.model,
        verdict=verdict_of(certificate, _reaches(strategic)),
        certificate=certificate,
        bargaining=bargain(compiled),
        compiled=compiled,
        strategic=strategic,
    )


def choose_backend(model: Model, backend: str = "auto") -> str:
    """``enumerate`` or ``milp``; ``auto`` enumerates when the space fits the memory budget."""
    if backend not in BACKENDS:
        raise ModelError(f"unknown backend '{backend}'", fix="use auto, enumerate or milp")
    if backend == "auto":
        return "enumerate" if estimated_bytes(model) <= memory_budget() else "milp"
    return backend


def analyze(model: Model, backend: str = "enumerate") -> Analysis:
    """Analyse ``model`` by enumeration (compile, then :func:`analyze_compiled`) or by integer
    programming (:func:`negotiation.milp_analysis.analyze_milp`, for spaces too large to list)."""
    if choose_backend(model, backend) == "milp":
        from negotiation.milp_analysis import analyze_milp  # imports this module

        return analyze_milp(model)
    return analyze_compiled(compile_model(model))
