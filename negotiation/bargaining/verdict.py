"""The verdict: one definition of each class of configuration, and the analysis that carries it.

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
logics (postures, :mod:`negotiation.games.postures`); an equilibrium *reaches* ``B`` when its play
leads to a settlement in ``B`` with probability one (:mod:`negotiation.games.equilibria`).
``dilemma`` is claimed only when it is proved: when no equilibrium reaching ``B`` was found but the
equilibrium search was incomplete, the verdict stays ``agreement_possible``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from negotiation.bargaining.certificate import Certificate
from negotiation.bargaining.zone import Bargaining
from negotiation.model.core import Model

__all__ = ["VERDICTS", "Analysis", "Verdict", "reaches_zone", "verdict_array", "verdict_of"]


class Verdict(StrEnum):
    """The headline verdict; its value is the identifier used in JSON documents and tables.

    >>> Verdict.STRUCTURAL_TRAP.label, str(Verdict.OPEN)
    ('structural trap', 'open')
    """

    STRUCTURAL_TRAP = "structural_trap"
    RIPENESS_GAP = "ripeness_gap"
    AGREEMENT_POSSIBLE = "agreement_possible"
    DILEMMA = "dilemma"
    OPEN = "open"

    @property
    def label(self) -> str:
        """The verdict in a few words, for tables and figures."""
        return self.value.replace("_", " ")


VERDICTS = tuple(v.value for v in Verdict)


@dataclass(frozen=True)
class Analysis:
    """Verdict, certificate and bargaining results of one model.

    ``compiled`` is the enumeration's :class:`~negotiation.model.compiled.CompiledModel`, or the
    integer program (:class:`~negotiation.milp.solver.LinearModel`) for ``backend="milp"``;
    ``notes`` says why a result the backend does not compute is missing; ``strategic`` holds the
    equilibria (:class:`~negotiation.games.equilibria.Equilibria`) of the model's derived game,
    if it has one.
    """

    model: Model
    verdict: Verdict
    certificate: Certificate
    bargaining: Bargaining
    compiled: Any
    backend: str = "enumerate"
    notes: dict[str, str] = field(default_factory=dict)
    strategic: Any = None


def reaches_zone(reaching: bool, settled: bool) -> bool | None:
    """Whether some equilibrium reaches the zone of agreement: ``True`` when one was found,
    ``False`` only when the search proved that none does (``settled``), else ``None``."""
    if reaching:
        return True
    return False if settled else None


def verdict_of(certificate: Certificate, reaches: bool | None = None) -> Verdict:
    """The verdict implied by the certificate's two headline facts and, for a model with a
    derived game, whether some equilibrium reaches the bargaining set (``reaches``, from
    :func:`reaches_zone`; ``None`` when there is no game or the search did not decide it)."""
    if not certificate.red_lines_compatible:
        return Verdict.STRUCTURAL_TRAP
    if not certificate.bargaining_nonempty:
        return Verdict.RIPENESS_GAP
    if reaches is None:
        return Verdict.AGREEMENT_POSSIBLE
    return Verdict.OPEN if reaches else Verdict.DILEMMA


def verdict_array(red_lines_compatible: np.ndarray, bargaining_nonempty: np.ndarray
                  ) -> np.ndarray:
    """:func:`verdict_of` (without a game) for many configurations at once, as strings.

    >>> verdict_array(np.array([False, True, True]), np.array([False, False, True])).tolist()
    ['structural_trap', 'ripeness_gap', 'agreement_possible']
    """
    return np.where(~np.asarray(red_lines_compatible), Verdict.STRUCTURAL_TRAP.value,
                    np.where(np.asarray(bargaining_nonempty), Verdict.AGREEMENT_POSSIBLE.value,
                             Verdict.RIPENESS_GAP.value))
