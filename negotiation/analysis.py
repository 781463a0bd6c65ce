"""``analyze``: the headline analysis of a model, by enumeration or by integer programming.

Chooses the backend (enumeration within the memory budget, the integer program beyond it),
builds the certificate and the bargaining results, and refines the verdict with the equilibria of
the model's derived (posture) game, if it has one (:mod:`negotiation.bargaining.verdict` defines
the verdicts).
"""

from __future__ import annotations

from negotiation.bargaining.certificate import certify
from negotiation.bargaining.verdict import Analysis, reaches_zone, verdict_of
from negotiation.bargaining.zone import bargain
from negotiation.errors import ModelError
from negotiation.model.compiled import CompiledModel, compile_model, estimated_bytes, memory_budget
from negotiation.model.core import Model

__all__ = ["BACKENDS", "analyze", "analyze_compiled", "choose_backend", "strategic_equilibria"]

BACKENDS = ("auto", "enumerate", "milp")


def strategic_equilibria(compiled: CompiledModel):
    """Equilibria of the model's derived (posture) game, or ``None`` if it has none."""
    from negotiation.games import equilibria, postures
    from negotiation.games.section import PostureGameSpec

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
        verdict=verdict_of(certificate, None if strategic is None else reaches_zone(
            bool(strategic.reaching), strategic.reaching_settled)),
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
    programming (:func:`negotiation.milp.analysis.analyze_milp`, for spaces too large to list)."""
    if choose_backend(model, backend) == "milp":
        from negotiation.milp.analysis import analyze_milp

        return analyze_milp(model)
    return analyze_compiled(compile_model(model))
