"""``analyze``: the headline analysis of a model, by enumeration or by integer programming.

Chooses the backend (enumeration within the memory budget, the integer program beyond it),
builds the certificate and the bargaining results, and refines the verdict with the equilibria of
the model's derived (posture) game, if it has one (:mod:`negotiation.bargaining.verdict` defines
the verdicts).

The what-if analyses (:func:`thresholds`, :func:`sweep`, :func:`robustness`) follow the backend
of the analysis they are given: an enumerated one goes to :mod:`negotiation.whatif`, an
integer-programming one to :mod:`negotiation.milp.whatif`. Both answer the same questions about
the same parameter points — weights rescaled, grids and draws built here with
:class:`~negotiation.whatif.parameters.ParameterSpace` — and return the same result types; what
the integer program does not count (the size of ``B``, the settlements most often in it) is
``None``, with the reason in ``notes``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from negotiation.bargaining.certificate import certify
from negotiation.bargaining.verdict import Analysis, reaches_zone, verdict_array, verdict_of
from negotiation.bargaining.verify import verify as verify_certificate
from negotiation.bargaining.zone import bargain
from negotiation.errors import InputError
from negotiation.model.compiled import CompiledModel, compile_model, estimated_bytes, memory_budget
from negotiation.model.core import Model

__all__ = ["BACKENDS", "VERIFY_LIMIT", "analyze", "analyze_compiled", "check", "choose_backend",
           "robustness", "strategic_equilibria", "sweep", "thresholds", "verification_default"]

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


# ------------------------------------------------------------------ what-if, by either backend
# Imports of the what-if modules stay inside the functions: `analyze` starts without them.

def thresholds(analysis: Analysis, paths: Sequence[str] | None = None, executor=None,
               progress: bool = False) -> list:
    """Thresholds of every numeric parameter (or those in ``paths``) and, without ``paths``,
    every red line toggled (:func:`negotiation.whatif.thresholds.thresholds`), by the backend
    of ``analysis`` (:mod:`negotiation.milp.parametric` states the integer program's method)."""
    from negotiation.whatif.parameters import ParameterSpace
    from negotiation.whatif.thresholds import Threshold, parameter_range
    from negotiation.whatif.thresholds import thresholds as enumerated

    if analysis.backend != "milp":
        return enumerated(analysis, paths)
    from negotiation.milp import whatif as solved

    model, certificate = analysis.model, analysis.certificate
    space = ParameterSpace(model)
    verdict = verdict_of(certificate)
    chosen = list(paths) if paths is not None else space.paths
    items: list = []
    jobs, where = [], []
    for path in chosen:
        p = space.index(path, file=model.path or None)
        t0 = float(space.base[p])
        lo, hi = parameter_range(path)
        items.append(Threshold(path, "number", t0, verdict))
        if verdict == "structural_trap" or any(p in t and len(t) == 1 for t in space.tables):
            continue                       # red lines decide a trap; a lone weight stays 1
        step = (-0.5 if t0 >= 0.5 else 0.5) if hi == 1.0 else 1.0
        theta = np.repeat(space.base[None, :], 2, axis=0)
        theta[1, p] = t0 + step
        theta = space.normalise(theta, fixed=[p])
        if np.isnan(theta).any():
            continue
        moved = np.flatnonzero((theta != space.base).any(axis=0))     # p and its table
        names = [space.paths[k] for k in moved]
        jobs.append((dict(zip(names, theta[0, moved].tolist())),
                     dict(zip(names, theta[1, moved].tolist())), t0, step, lo, hi))
        where.append(len(items) - 1)
    for n, (lower, below, upper, above) in zip(
            where, solved.numeric_thresholds(model, jobs, _today(analysis), executor, progress)):
        items[n] = Threshold(items[n].parameter, "number", items[n].current, verdict,
                             None if lower is None else float(lower), below,
                             None if upper is None else float(upper), above)
    if paths is None:
        items += [Threshold(r, "red_line", None, verdict, upper_verdict=after)
                  for r, _, after in solved.red_line_toggles(analysis.compiled, certificate)]
    return items


def _today(analysis: Analysis):
    """What the integer-programming analysis says at today's values
    (:class:`negotiation.milp.parametric.Today`)."""
    from negotiation.milp.parametric import Today

    lm, barg = analysis.compiled, analysis.bargaining
    inside = tuple(lm.levels_of(s.index) for s in barg.solutions.values() if s is not None)
    return Today(analysis.certificate.bargaining_nonempty, barg.distance, inside)


def _opened(analysis: Analysis, space, theta: np.ndarray, executor, progress: bool,
            what: str) -> np.ndarray:
    """Whether ``B`` is non-empty at each parameter vector (rows of ``theta``), by integer
    programming; only the parameters that differ from the model's are passed on."""
    from negotiation.milp.whatif import bargaining_open

    moved = np.flatnonzero((theta != space.base).any(axis=0))
    return bargaining_open(analysis.model, [space.paths[k] for k in moved], theta[:, moved],
                           executor, progress, what)


def sweep(analysis: Analysis, axes: Mapping[str, Sequence[float]], executor=None,
          progress: bool = False):
    """The verdict (and, by enumeration, ``|B|``) on the grid spanned by ``axes``
    (:func:`negotiation.whatif.thresholds.sweep`), by the backend of ``analysis``."""
    from negotiation.milp.analysis import NOT_COUNTED
    from negotiation.whatif.parameters import ParameterSpace
    from negotiation.whatif.thresholds import Sweep, sweep_grid
    from negotiation.whatif.thresholds import sweep as enumerated

    axes = {k: np.asarray(v, dtype=float) for k, v in axes.items()}
    if analysis.backend != "milp":
        return enumerated(analysis, axes, executor=executor, progress=progress)
    space = ParameterSpace(analysis.model)
    paths, _, values, _, theta = sweep_grid(space, axes, analysis.model.path or None)
    valid = ~np.isnan(theta).any(axis=1)
    structural = not analysis.certificate.red_lines_compatible
    opened = np.zeros(len(theta), dtype=bool)
    if not structural and valid.any():
        opened[valid] = _opened(analysis, space, theta[valid], executor, progress, "sweep")
    verdicts = np.where(valid, verdict_array(~structural, opened), "invalid")
    shape = tuple(len(v) for v in values)
    return Sweep(paths, tuple(values), verdicts.reshape(shape), None,
                 notes={"sizes": NOT_COUNTED})


def robustness(analysis: Analysis, draws: int, seed: int, mus_draws: int = 1000,
               executor=None, progress: bool = False):
    """Monte Carlo over the declared distributions
    (:func:`negotiation.whatif.uncertainty.robustness`), by the backend of ``analysis``. By
    integer programming the verdict of every draw is decided; membership of minimal
    incompatible sets is computed on the first ``mus_draws`` draws only when that takes at most
    :data:`negotiation.milp.whatif.MUS_PROGRAMS` programs (``in_mus`` is ``None`` otherwise,
    with the reason in ``notes``). A model that declares no distribution is the same model in
    every draw: one draw is run, whatever ``draws`` asks for."""
    from negotiation.milp.analysis import NOT_COUNTED
    from negotiation.milp.whatif import MUS_PROGRAMS, mus_membership
    from negotiation.whatif import uncertainty as enum
    from negotiation.whatif.parameters import ParameterSpace

    if draws < 1:
        raise InputError("must be at least 1", argument="draws", value=draws,
                         fix="ask for one draw or more, e.g. 10000")
    if draws > 1 and not enum.uncertain_columns(ParameterSpace(analysis.model)):
        # Nothing is uncertain: every draw would be today's model. One draw says it all.
        return robustness(analysis, 1, seed, min(mus_draws, 1), executor, progress)
    if analysis.backend != "milp":
        return enum.robustness(analysis, draws, seed, mus_draws=mus_draws, executor=executor,
                               progress=progress)
    model, certificate = analysis.model, analysis.certificate
    space = ParameterSpace(model)
    columns = enum.uncertain_columns(space)
    theta = enum.sample(space, draws, seed)
    structural = not certificate.red_lines_compatible
    if columns and not structural:
        opened = _opened(analysis, space, theta, executor, progress, "draws")
    else:
        opened = np.full(draws, certificate.bargaining_nonempty)
    verdicts = verdict_array(~structural, opened)
    counts = {v: int((verdicts == v).sum()) for v in np.unique(verdicts)}
    notes = {"sizes": NOT_COUNTED,
             "opening": "not computed: the integer program finds one settlement per draw, "
                        "not every settlement of the bargaining set"}
    mus_draws = min(mus_draws, draws)
    ids = analysis.compiled.constraint_ids
    in_mus: dict[str, int] | None = dict.fromkeys(ids, 0)
    per_draw = len(certificate.mcs) + 1    # the MCS loop's programs at today's values
    if mus_draws and not columns:
        # Every draw is today's model: its MUS family is the certificate's.
        for c in set().union(*certificate.mus):
            in_mus[c] = mus_draws
    elif mus_draws and mus_draws * per_draw <= MUS_PROGRAMS:
        moved = np.flatnonzero((theta[:mus_draws] != space.base).any(axis=0))
        in_mus = mus_membership(model, [space.paths[k] for k in moved],
                                theta[:mus_draws, moved], executor, progress)
    elif mus_draws:
        in_mus = None
        notes["in_mus"] = (
            f"not computed: by integer programming each draw's minimal incompatible sets take "
            f"about {per_draw:,} programs (one per minimal correction set, and one more), "
            f"{mus_draws * per_draw:,} for {mus_draws:,} draws; at most "
            f"{MUS_PROGRAMS // per_draw:,} MUS draws fit within {MUS_PROGRAMS:,} programs")
    return enum.Robustness(draws, seed, tuple(space.paths[c] for c in columns), counts, None,
                           None, mus_draws, in_mus, notes=notes)
