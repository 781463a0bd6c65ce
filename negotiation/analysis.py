"""The headline analysis of a model: verdict, certificate and bargaining results together.

The verdict classifies the configuration (see ``../shared/DESIGN.md`` §2):

=====================  =============================  ============================================
verdict                condition                      meaning
=====================  =============================  ============================================
``structural_trap``    ``∩_i A_i = ∅``                the red lines alone exclude every settlement
``ripeness_gap``       ``∩_i A_i ≠ ∅``, ``B = ∅``     settlements exist within the red lines, but
                                                      some party still prefers war to all of them
``agreement_possible`` ``B ≠ ∅``                      a zone of possible agreement exists
=====================  =============================  ============================================
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation.bargaining import Bargaining, bargain
from negotiation.certificate import Certificate, certify
from negotiation.compiled import CompiledModel, compile_model
from negotiation.model import Model

VERDICTS = ("structural_trap", "ripeness_gap", "agreement_possible")


@dataclass(frozen=True)
class Analysis:
    model: Model
    verdict: str
    certificate: Certificate
    bargaining: Bargaining
    compiled: CompiledModel


def verdict_of(certificate: Certificate) -> str:
    """The verdict implied by the certificate's two headline facts."""
    if not certificate.red_lines_compatible:
        return "structural_trap"
    if not certificate.bargaining_nonempty:
        return "ripeness_gap"
    return "agreement_possible"


def analyze_compiled(compiled: CompiledModel) -> Analysis:
    """Verdict, certificate and bargaining results of a compiled model."""
    certificate = certify(compiled)
    return Analysis(
        model=compiled.model,
        verdict=verdict_of(certificate),
        certificate=certificate,
        bargaining=bargain(compiled),
        compiled=compiled,
    )


def analyze(model: Model) -> Analysis:
    """Compile ``model`` and analyse it."""
    return analyze_compiled(compile_model(model))
