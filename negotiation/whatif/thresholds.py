"""What would need to change, at the level of parameters: exact thresholds and sweeps.

Red lines do not depend on numeric parameters, so a numeric parameter can only move the verdict
between ``ripeness_gap`` and ``agreement_possible``, and only when the red lines leave some
settlements (the red-line set ``A = ∩_i A_i`` is non-empty). On ``A``, every floor's slack
``v_c(x) − d_c + ε`` is *affine* in any single weight, score or disagreement value (weights are
varied with the rest of their table rescaled proportionally; see :mod:`negotiation.parametric`),
so each settlement ``x`` is acceptable to all exactly on an interval of the parameter's values,
and ``B(t) ≠ ∅`` exactly on the union of those intervals. The threshold is that union's nearest
boundary: found exactly, from the slack at two parameter values, with no search.

Red lines are toggled instead: the verdict with one red line dropped follows from the distinct
violation patterns of the blocking map.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from negotiation._util import bitsets
from negotiation._util.parallel import Runner, task_ranges
from negotiation.bargaining.certificate import Certificate, distinct_patterns
from negotiation.bargaining.verdict import Analysis, verdict_array, verdict_of
from negotiation.bargaining.zone import satisfying
from negotiation.errors import InputError
from negotiation.model.compiled import CompiledModel
from negotiation.whatif.parameters import ParameterSpace, SlackEvaluator, ir_rows

__all__ = ["BATCH", "Sweep", "Threshold", "WEIGHT_RANGE", "enumerated", "numeric_threshold",
           "parameter_range", "parse_axis", "red_line_set", "red_line_toggles", "sweep",
           "sweep_grid", "thresholds"]

WEIGHT_RANGE = (0.0, 1.0)


@dataclass(frozen=True)
class Threshold:
    """Where the verdict changes as one parameter moves (``None``: not within its range)."""

    parameter: str
    kind: str                      # "number" or "red_line"
    current: float | None
    verdict: str
    lower: float | None = None     # moving down past this value changes the verdict ...
    lower_verdict: str | None = None
    upper: float | None = None     # ... as does moving up to this value
    upper_verdict: str | None = None

    @property
    def distance(self) -> float | None:
        """How far the parameter must move (the nearer side); 0 for a red line whose removal
        alone changes the verdict."""
        if self.kind == "red_line":
            return 0.0 if self.upper_verdict else None
        gaps = [abs(v - self.current) for v in (self.lower, self.upper) if v is not None]
        return min(gaps) if gaps else None


def parameter_range(path: str) -> tuple[float, float]:
    """The valid range of a parameter: weights and scores in [0, 1], values unbounded."""
    last = path.split(".")
    if "scores" in last or "weights" in last or last[-1] == "weight":
        return WEIGHT_RANGE
    return (-math.inf, math.inf)


def red_line_set(compiled: CompiledModel) -> np.ndarray:
    """Outcome numbers of the red-line set ``A`` (feasible, every red line met)."""
    return np.flatnonzero(satisfying(compiled, compiled.red_line_bits))


def _intervals(alpha: np.ndarray, beta: np.ndarray, t0: float, lo: float, hi: float
               ) -> tuple[np.ndarray, np.ndarray]:
    """Per outcome, the interval of ``t`` where every slack ``α + β (t − t0) ≥ 0``."""
    tiny = 1e-13
    with np.errstate(divide="ignore", invalid="ignore"):
        root = t0 - alpha / beta
    start = np.where(beta > tiny, root, -np.inf)
    end = np.where(beta < -tiny, root, np.inf)
    never = (np.abs(beta) <= tiny) & (alpha < 0)
    start = np.where(never, np.inf, start).max(axis=0)
    end = np.where(never, -np.inf, end).min(axis=0)
    start, end = np.maximum(start, lo), np.minimum(end, hi)
    keep = start <= end
    return start[keep], end[keep]


def _merge(start: np.ndarray, end: np.ndarray) -> list[tuple[float, float]]:
    order = np.argsort(start, kind="stable")
    start, end = start[order], end[order]
    reach = np.maximum.accumulate(end)
    breaks = np.flatnonzero(start[1:] > reach[:-1]) + 1
    firsts = np.concatenate([[0], breaks])
    lasts = np.concatenate([breaks - 1, [len(start) - 1]])
    return [(float(start[a]), float(reach[b])) for a, b in zip(firsts, lasts)]


def numeric_threshold(space: ParameterSpace, compiled: CompiledModel, path: str,
                      levels: np.ndarray, rows: np.ndarray, verdict: str) -> Threshold:
    """The exact threshold of one numeric parameter (see the module docstring)."""
    p = space.index(path)
    t0 = float(space.base[p])
    lo, hi = parameter_range(path)
    if verdict == "structural_trap" or not len(levels) or not len(rows):
        return Threshold(path, "number", t0, verdict)
    step = (-0.5 if t0 >= 0.5 else 0.5) if hi == 1.0 else 1.0
    theta = np.repeat(space.base[None, :], 2, axis=0)
    theta[1, p] = t0 + step
    theta = space.normalise(theta, fixed=[p])
    if np.isnan(theta).any():
        return Threshold(path, "number", t0, verdict)
    if len(space.tables) and any(p in table and len(table) == 1 for table in space.tables):
        return Threshold(path, "number", t0, verdict)   # a lone weight must stay 1
    evaluate = SlackEvaluator(space, rows, levels, varying=[p])
    slack = evaluate(theta)
    alpha = slack[0]
    beta = (slack[1] - slack[0]) / step
    start, end = _intervals(alpha, beta, t0, lo, hi)
    parts = _merge(start, end) if len(start) else []
    inside = next(((a, b) for a, b in parts if a - 1e-12 <= t0 <= b + 1e-12), None)
    gap, open_ = "ripeness_gap", "agreement_possible"
    if inside is not None:
        a, b = inside
        return Threshold(path, "number", t0, verdict,
                         lower=a if a > lo else None, lower_verdict=gap if a > lo else None,
                         upper=b if b < hi else None, upper_verdict=gap if b < hi else None)
    below = [b for a, b in parts if b < t0]
    above = [a for a, b in parts if a > t0]
    return Threshold(path, "number", t0, verdict,
                     lower=max(below) if below else None,
                     lower_verdict=open_ if below else None,
                     upper=min(above) if above else None,
                     upper_verdict=open_ if above else None)


def red_line_toggles(compiled: CompiledModel, certificate: Certificate) -> list[Threshold]:
    """The verdict with each red line dropped (one at a time)."""
    patterns, _, _ = distinct_patterns(compiled)
    m = len(compiled.constraints)
    out = []
    verdict = verdict_of(certificate)
    for c in np.flatnonzero(compiled.red_line):
        only = bitsets.from_sets([[c]], m)[0]
        rest = compiled.red_line_bits & ~only
        opens = bool(np.any(bitsets.subset_of(patterns, only)))
        red_ok = bool(np.any(bitsets.disjoint(patterns, rest)))
        after = "structural_trap" if not red_ok else (
            "agreement_possible" if opens else "ripeness_gap")
        out.append(Threshold(compiled.constraints[c].id, "red_line", None, verdict,
                             upper_verdict=after if after != verdict else None))
    return out


def thresholds(analysis: Analysis, paths: Sequence[str] | None = None) -> list[Threshold]:
    """Thresholds for every numeric parameter (or those in ``paths``) and every red line."""
    compiled, certificate = enumerated(analysis, "thresholds")
    space = ParameterSpace(compiled.model)
    verdict = verdict_of(certificate)
    members = red_line_set(compiled)
    levels = compiled.level_indices(members) if len(members) else np.zeros((0, len(
        compiled.shape)), dtype=int)
    rows = ir_rows(compiled)
    out = [numeric_threshold(space, compiled, path, levels, rows, verdict)
           for path in (paths if paths is not None else space.paths)]
    return out + (red_line_toggles(compiled, certificate) if paths is None else [])


@dataclass(frozen=True)
class Sweep:
    """The verdict and the size of the bargaining set on a grid of parameter values.

    ``verdicts`` and ``sizes`` have one axis per swept parameter; a size of -1 marks a point that
    is not a valid model (weights that cannot sum to 1). ``sizes`` is ``None`` when the backend
    does not count ``B`` (integer programming; ``notes`` says why).
    """

    parameters: tuple[str, ...]
    axes: tuple[np.ndarray, ...]
    verdicts: np.ndarray
    sizes: np.ndarray | None
    notes: dict[str, str] = field(default_factory=dict)


BATCH = 1_000_000    # settlements × parameter vectors evaluated at once (stays in cache)


def _sizes(shared: tuple, grid: np.ndarray) -> np.ndarray:
    """Bargaining-set sizes at one task's grid points (rows of swept values), the parameter
    vectors rebuilt here and evaluated in cache-sized batches (module-level, so that a process
    pool or a Dask worker can run it; only the swept values travel)."""
    evaluator, space, columns = shared
    theta = np.repeat(space.base[None, :], len(grid), axis=0)
    theta[:, columns] = grid
    theta = space.normalise(theta, fixed=columns, copy=False)
    step = max(1, BATCH // max(1, evaluator.size))
    return np.concatenate([evaluator.accepted(theta[i:i + step]).sum(axis=1)
                           for i in range(0, len(theta), step)])


def sweep_grid(space: ParameterSpace, axes: Mapping[str, np.ndarray], file: str | None = None
               ) -> tuple[tuple[str, ...], list[int], list[np.ndarray], np.ndarray, np.ndarray]:
    """The grid a sweep evaluates: ``(paths, columns, values, grid, theta)`` — the parameters'
    paths and columns, each axis's values, the grid's points (one row per point, the axes'
    Cartesian product in C order) and the full parameter vectors (weights tables rescaled;
    rows that cannot be rescaled are NaN). Values outside a parameter's range are refused."""
    paths = tuple(axes)
    columns = [space.index(p, file=file) for p in paths]
    values = [np.asarray(axes[p], dtype=float) for p in paths]
    for path, axis in zip(paths, values):
        low, high = parameter_range(path)
        if axis.min() < low or axis.max() > high:
            raise InputError(f"values from {axis.min():g} to {axis.max():g} leave the "
                             f"parameter's range [{low:g}, {high:g}]", argument="param",
                             value=path, file=file, fix="sweep weights and scores within [0, 1]")
    grid = np.stack([g.ravel() for g in np.meshgrid(*values, indexing="ij")], axis=1)
    theta = np.repeat(space.base[None, :], len(grid), axis=0)
    theta[:, columns] = grid
    return paths, columns, values, grid, space.normalise(theta, fixed=columns)


def sweep(analysis: Analysis, axes: dict[str, np.ndarray], executor=None,
          progress: bool = False) -> Sweep:
    """Evaluate the verdict and ``|B|`` on the grid spanned by ``axes`` (path → values).

    ``executor`` may be a ``concurrent.futures`` pool or a Dask ``Client``: the grid is cut into
    tasks of a few tenths of a second each (:mod:`negotiation._util.parallel`), combined in
    order, so the result does not depend on how the work is spread.
    """
    compiled, certificate = enumerated(analysis, "sweeps")
    space = ParameterSpace(compiled.model)
    paths, columns, values, grid, theta = sweep_grid(space, axes, compiled.model.path or None)
    valid = ~np.isnan(theta).any(axis=1)
    sizes = np.full(len(grid), -1, dtype=np.int64)
    structural = not certificate.red_lines_compatible
    members = red_line_set(compiled)
    rows = ir_rows(compiled)
    if structural:
        sizes[valid] = 0
    elif not len(rows):
        sizes[valid] = len(members)
    else:
        evaluator = SlackEvaluator(space, rows, compiled.level_indices(members), columns)
        index = np.flatnonzero(valid)
        points = grid[index]
        ranges = task_ranges(len(index), len(members) * len(rows))
        results = Runner(executor, progress, "sweep").map(
            _sizes, (evaluator, space, columns), [(points[a:b],) for a, b in ranges],
            [b - a for a, b in ranges])
        sizes[index] = np.concatenate(results) if results else 0
    verdicts = np.where(sizes < 0, "invalid", verdict_array(~structural, sizes > 0))
    shape = tuple(len(v) for v in values)
    return Sweep(paths, tuple(values), verdicts.reshape(shape), sizes.reshape(shape))


def enumerated(analysis: Analysis, what: str) -> tuple[CompiledModel, Certificate]:
    """The compiled arrays and the certificate of an analysis by enumeration."""
    if analysis.backend != "enumerate":
        raise InputError(f"{what} need the enumerated outcome space", argument="backend",
                         value=analysis.backend,
                         fix="analyse the model with the enumeration backend")
    return analysis.compiled, analysis.certificate


def parse_axis(text: str, file: str | None = None) -> tuple[str, np.ndarray]:
    """``PATH=LOW:HIGH:COUNT`` (COUNT points, ends included) or ``PATH=V1,V2,...``.

    >>> path, values = parse_axis("parties.russia.disagreement=0:1:5")
    >>> path, values.tolist()
    ('parties.russia.disagreement', [0.0, 0.25, 0.5, 0.75, 1.0])
    """
    fix = "write PATH=LOW:HIGH:COUNT, e.g. parties.russia.disagreement=0:1:101"
    if "=" not in text:
        raise InputError(f"cannot read '{text}'", argument="param", value=text, file=file,
                         fix=fix)
    path, spec = text.split("=", 1)
    try:
        if ":" in spec:
            low, high, count = spec.split(":")
            n = int(count)
            values = np.linspace(float(low), float(high), max(n, 1))
        else:
            values = np.array([float(v) for v in spec.split(",")])
    except ValueError:
        raise InputError(f"cannot read the values '{spec}'", argument="param", value=text,
                         file=file, fix=fix) from None
    if ":" in spec and n < 1:
        raise InputError(f"COUNT is {n}: a sweep needs at least one point", argument="param",
                         value=text, file=file, fix=fix)
    if not np.all(np.isfinite(values)):
        raise InputError("values must be finite", argument="param", value=text, file=file,
                         fix=fix)
    return path.strip(), values
