"""``analyze``: the headline analysis of a model, by enumeration or by integer programming.

Chooses the backend (enumeration within the memory budget, the integer program beyond it),
builds the certificate and the bargaining results, and refines the verdict with the equilibria of
the model's derived (posture) game, if it has one (:mod:`negotiation.bargaining.verdict` defines
the verdicts).
"""

from __future__ import annotations

from negotiation.bargaining.certificate import certify
from negotiation.bargaining.verdict import Analysis, reaches_zone, verdict_of
from negotiation.bargaining.verify import verify as verify_certificate
from negotiation.bargaining.zone import bargain
from negotiation.errors import InputError
from negotiation.model.compiled import CompiledModel, compile_model, estimated_bytes, memory_budget
from negotiation.model.core import Model

__all__ = ["BACKENDS", "VERIFY_LIMIT", "analyze", "analyze_compiled", "check", "choose_backend",
           "strategic_equilibria", "verification_default"]

BACKENDS = ("auto", "enumerate", "milp")
VERIFY_LIMIT = 10_000_000


def strategic_equilibria(compiled: CompiledModel):
    """Equilibria of the model's derived (posture) game, or ``None`` if it has none."""
    from negotiation.games import equilibria, postures
    from negotiation.games.section import PostureGameSpec

    spec = compiled.model.sections.get("game")
    if not isinstance(spec, PostureGameSpec):
        return None
    return equilibria.solve(postures.derive(compiled, spec).game)


def analyze_compiled(compiled: CompiledModel, strategic: bool = True) -> Analysis:
    """Verdict, certificate and bargaining results of a compiled model; with ``strategic``, the
    verdict is refined by the equilibria of the model's derived game, if it has one."""
    certificate = certify(compiled)
    strategic = strategic_equilibria(compiled) if strategic else None
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
        raise InputError(f"unknown backend '{backend}'", argument="backend", value=backend,
                         fix="use auto, enumerate or milp")
    if backend == "auto":
        return "enumerate" if estimated_bytes(model) <= memory_budget() else "milp"
    return backend


def analyze(model: Model, backend: str = "enumerate", strategic: bool = True) -> Analysis:
    """Analyse ``model`` by enumeration (compile, then :func:`analyze_compiled`) or by integer
    programming (:func:`negotiation.milp.analysis.analyze_milp`, for spaces too large to list);
    ``strategic=False`` skips the posture game (what-if analyses need only the verdict's
    first three classes)."""
    if choose_backend(model, backend) == "milp":
        from negotiation.milp.analysis import analyze_milp  # scipy.optimize: only when needed

        return analyze_milp(model)
    return analyze_compiled(compile_model(model), strategic=strategic)


def verification_default(model: Model) -> bool:
    """Whether the independent verifier runs when the user does not say: when the outcome space
    fits the memory budget and has at most :data:`VERIFY_LIMIT` outcomes (it lists them all)."""
    return estimated_bytes(model) <= memory_budget() and model.n_outcomes <= VERIFY_LIMIT


def check(analysis: Analysis, verify: bool | None = None) -> tuple[bool | None, list[str]]:
    """Re-check the certificate with the independent verifier
    (:func:`negotiation.bargaining.verify.verify`) when ``verify`` is true, or by
    :func:`verification_default` when it is ``None``: ``(verified, problems)``, with
    ``verified`` ``None`` when the verifier did not run."""
    model = analysis.model
    if verify is None:
        verify = verification_default(model)
    if not verify:
        return None, []
    if estimated_bytes(model) > memory_budget():
        raise InputError("the independent verifier lists the whole outcome space, which is over "
                         "the memory budget", argument="verify", file=model.path or None,
                         fix="do not ask for verification: the integer-programming backend "
                             "re-checks every witness outcome itself (see its notes)")
    problems = verify_certificate(model, analysis.certificate)
    return not problems, problems
