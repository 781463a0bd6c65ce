"""Uncertainty: parameters drawn from their declared distributions, and the verdict's robustness.

**Sampling.** Every parameter declared with a distribution is drawn by inverse transform from
uniforms (column ``k`` of a ``draws × K`` matrix for the ``k``-th uncertain parameter in file
order). Draws come in stream blocks of 1,024: block ``b`` is NumPy's PCG64 seeded with the
``b``-th child of ``SeedSequence(seed)`` (:mod:`negotiation._util.parallel`), so the same seed
gives the same numbers on any machine, in one process or spread over a cluster, whatever the
number of workers. (Earlier versions drew every draw from one PCG64 stream seeded with
``seed``: the same seed now gives other, equally valid, numbers.) Truncated normals use
``Φ⁻¹(Φ(a) + u (Φ(b) − Φ(a)))``, triangular and beta their exact inverse CDFs. Weights tables
are divided by their sums after sampling.

**Robustness.** For each draw: the verdict (the red-line set does not depend on numeric
parameters, so only ``ripeness_gap`` versus ``agreement_possible`` can vary), the size of the
bargaining set and which settlements are in it, and — on the first ``mus_draws`` draws — which
constraints belong to some minimal incompatible set. A constraint is in some MUS exactly when it
is in some minimal correction set (the two families are hitting-set duals, so their unions
coincide; Liffiton & Sakallah 2008), and the MCSes are the minimal violation patterns, so each
draw needs only the distinct patterns: outcomes are grouped by their (fixed) red-line pattern and
keyed by which floors they meet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from negotiation._util import bitsets
from negotiation._util.parallel import STREAM_BLOCK, Runner, task_ranges, uniforms
from negotiation.bargaining.verdict import Analysis, verdict_array
from negotiation.bargaining.zone import satisfying
from negotiation.errors import InputError
from negotiation.model.compiled import CompiledModel
from negotiation.model.core import Distribution
from negotiation.whatif.parameters import ParameterSpace, SlackEvaluator, ir_rows
from negotiation.whatif.thresholds import enumerated, red_line_set

__all__ = ["BATCH", "REDUCE_ABOVE", "Robustness", "inverse_cdf", "robustness", "sample",
           "uncertain_columns", "wilson"]

REDUCE_ABOVE = 300   # MUS draws beyond which dominated outcomes are dropped first
BATCH = 1_000_000    # settlements × draws evaluated at once (stays in cache)


def inverse_cdf(dist: Distribution, u: np.ndarray) -> np.ndarray:
    """Quantiles of ``dist`` at probabilities ``u`` (see the module docstring).

    >>> inverse_cdf(Distribution("triangular", low=0, mode=0, high=1), np.array([0.75])).round(3)
    array([0.5])
    """
    if dist.kind == "uniform":
        return dist.low + (dist.high - dist.low) * u
    if dist.kind == "triangular":
        a, c, b = dist.low, dist.mode, dist.high
        cut = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1 - u) * (b - a) * (b - c))
        return np.where(u < cut, left, right)
    if dist.kind == "normal":
        lo = -np.inf if dist.low is None else (dist.low - dist.mean) / dist.sd
        hi = np.inf if dist.high is None else (dist.high - dist.mean) / dist.sd
        p_lo, p_hi = special.ndtr(lo), special.ndtr(hi)
        return dist.mean + dist.sd * special.ndtri(p_lo + u * (p_hi - p_lo))
    return dist.low + (dist.high - dist.low) * special.betaincinv(dist.a, dist.b, u)


def uncertain_columns(space: ParameterSpace) -> list[int]:
    """Positions of the parameters declared with a distribution, in file order."""
    return [n for n, p in enumerate(space.params) if p.dist is not None]


def sample(space: ParameterSpace, draws: int, seed: int, start: int = 0) -> np.ndarray:
    """``draws × P`` parameter vectors (draws ``start … start + draws − 1``; ``start`` a
    multiple of the stream block): uncertain parameters drawn, weights renormalised."""
    columns = uncertain_columns(space)
    theta = np.repeat(space.base[None, :], draws, axis=0)
    if columns:
        u = uniforms(seed, start, start + draws, len(columns))
        for k, col in enumerate(columns):
            theta[:, col] = inverse_cdf(space.params[col].dist, u[:, k])
    return space.normalise(theta, copy=False)


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval (95 % by default) for ``k`` successes in ``n`` trials.

    >>> [round(x, 4) for x in wilson(0, 100)]
    [0.0, 0.037]
    """
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Robustness:
    draws: int
    seed: int
    uncertain: tuple[str, ...]
    verdict_counts: dict[str, int]
    sizes: np.ndarray | None          # |B| per draw (None: not counted, see notes)
    opening_counts: dict[int, int] | None  # outcome number -> draws in which it is in B
    mus_draws: int
    in_mus: dict[str, int] | None     # constraint id -> draws (of mus_draws) in some MUS
    notes: dict[str, str] = field(default_factory=dict)   # why a figure is None

    def probability(self, verdict: str) -> tuple[float, float, float]:
        """Estimate and 95 % Wilson interval of the probability of ``verdict``."""
        k = self.verdict_counts.get(verdict, 0)
        return (k / self.draws, *wilson(k, self.draws))


def _open_task(shared: tuple, start: int, stop: int, seed: int) -> tuple[np.ndarray,
                                                                         np.ndarray]:
    """``|B|`` for draws ``start … stop − 1`` and how often each settlement is in ``B``: the
    draws are made here (on the worker), evaluated in cache-sized batches."""
    evaluator, space, step = shared
    theta = sample(space, stop - start, seed, start)
    sizes, hits = [], np.zeros(evaluator.size, dtype=np.int64)
    for i in range(0, len(theta), step):
        ok = evaluator.accepted(theta[i:i + step])
        sizes.append(ok.sum(axis=1))
        hits += ok.sum(axis=0)
    return np.concatenate(sizes), hits


def _mus_task(shared: tuple, theta: np.ndarray) -> np.ndarray:
    """Per draw, the union of the minimal violation patterns as a bit row (``n × W``)."""
    evaluator, group, items = shared
    q = len(evaluator.rows)
    out = np.zeros((len(theta), items.shape[1]), dtype=np.uint64)
    size = len(items)
    step = max(1, BATCH // max(1, evaluator.size))
    for s in range(0, len(theta), step):
        # Item g * 2^q + met: group g's red pattern plus the floors not met.
        keys = evaluator.met_keys(theta[s:s + step]) + (group << q)[None, :]
        for n in range(len(keys)):
            present = np.bincount(keys[n], minlength=size) > 0
            minimal = bitsets.minimal_elements(items[present])
            if len(minimal) and np.any(minimal[0]):
                out[s + n] = np.bitwise_or.reduce(minimal, axis=0)
    return out


def robustness(analysis: Analysis, draws: int, seed: int, mus_draws: int = 1000,
               executor=None, progress: bool = False, batch: int = 512) -> Robustness:
    """Monte Carlo over the declared distributions (see the module docstring).

    ``executor`` may be a ``concurrent.futures`` pool or a Dask ``Client``: the draws are cut
    into tasks of whole stream blocks, each drawn where it runs, so the result is the same
    however the work is spread; ``batch`` draws are evaluated at once inside a task.
    """
    compiled, certificate = enumerated(analysis, "robustness runs")
    if draws < 1:
        raise InputError("must be at least 1", argument="draws", value=draws,
                         fix="ask for one draw or more, e.g. 10000")
    if seed < 0:
        raise InputError("cannot be negative", argument="seed", value=seed)
    space = ParameterSpace(compiled.model)
    columns = uncertain_columns(space)
    rows = ir_rows(compiled)
    members = red_line_set(compiled)
    structural = not certificate.red_lines_compatible
    sizes = np.zeros(draws, dtype=np.int64)
    opening: dict[int, int] = {}
    if not structural and len(members):
        if len(rows):
            evaluator = SlackEvaluator(space, rows, compiled.level_indices(members), columns)
            step = max(1, min(batch, BATCH // max(1, len(members))))
            ranges = task_ranges(draws, len(members) * len(rows), STREAM_BLOCK)
            results = Runner(executor, progress, "draws").map(
                _open_task, (evaluator, space, step), [(a, b, seed) for a, b in ranges],
                [b - a for a, b in ranges])
            sizes = np.concatenate([r[0] for r in results])
            hits = np.sum([r[1] for r in results], axis=0)
        else:
            sizes[:] = len(members)
            hits = np.full(len(members), draws)
        opening = {int(members[i]): int(hits[i]) for i in np.flatnonzero(hits)}
    verdicts = verdict_array(~structural, sizes > 0)
    counts = {v: int((verdicts == v).sum()) for v in np.unique(verdicts)}

    mus_draws = min(mus_draws, draws)
    in_mus = dict.fromkeys(compiled.constraint_ids, 0)
    if mus_draws and len(rows):
        in_mus = _mus_membership(compiled, space, sample(space, mus_draws, seed), columns,
                                 executor, progress)
    elif mus_draws:
        # No floor is in force, so nothing varies: every draw has the baseline's MUS family.
        for c in set().union(*certificate.mus):
            in_mus[c] = mus_draws
    return Robustness(draws, seed, tuple(space.paths[c] for c in columns), counts, sizes,
                      opening, mus_draws, in_mus)


def _mus_membership(compiled: CompiledModel, space: ParameterSpace, theta: np.ndarray,
                    columns: Sequence[int], executor, progress: bool) -> dict[str, int]:
    feasible = np.flatnonzero(satisfying(compiled, np.zeros_like(compiled.red_line_bits)))
    red = compiled.violations[feasible] & compiled.red_line_bits
    red_patterns, group = np.unique(red, axis=0, return_inverse=True)
    group = group.ravel()
    ir = np.flatnonzero(compiled.value_row >= 0)
    q, m = len(ir), len(compiled.constraints)
    # items[g * 2^q + met] = red pattern of group g plus the floors *not* met.
    met_sets = np.arange(1 << q)
    ir_bits = bitsets.from_sets(
        ([ir[k] for k in range(q) if not s >> k & 1] for s in met_sets), m)
    items = (red_patterns[:, None, :] | ir_bits[None, :, :]).reshape(-1, red_patterns.shape[1])
    evaluator = SlackEvaluator(space, ir_rows(compiled), compiled.level_indices(feasible),
                               columns)
    # The reduction costs about as much as a few hundred draws; it pays only beyond that.
    keep = _undominated(evaluator, group) if len(theta) > REDUCE_ABOVE else None
    if keep is not None:
        feasible, group = feasible[keep], group[keep]
        evaluator = SlackEvaluator(space, ir_rows(compiled), compiled.level_indices(feasible),
                                   columns)
    ranges = task_ranges(len(theta), len(feasible) * len(ir) + len(items))
    results = Runner(executor, progress, "MUS draws").map(
        _mus_task, (evaluator, group, items), [(theta[a:b],) for a, b in ranges],
        [b - a for a, b in ranges])
    union = np.concatenate(results) if results else np.zeros((0, items.shape[1]), np.uint64)
    bits = np.unpackbits(union.astype("<u8").view(np.uint8), axis=1,
                         bitorder="little")[:, :m]
    return {c: int(n) for c, n in zip(compiled.constraint_ids, bits.sum(axis=0))}


def _undominated(evaluator: SlackEvaluator, group: np.ndarray) -> np.ndarray | None:
    """Outcomes that no other outcome with the same red-line pattern dominates, when only
    floors and component scales (register weights) vary; ``None`` otherwise.

    If ``x'`` has the same red-line pattern as ``x`` and at least its value in every component,
    it meets every floor ``x`` meets for any draw, so ``x``'s pattern is never a strictly
    smaller one: dropping ``x`` leaves the minimal patterns unchanged.
    """
    from negotiation.bargaining.frontier import pareto_frontier

    if any(evaluator.dynamic):
        return None
    features = np.stack([vec for parts in evaluator.static for _, vec in parts])
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    keep = [chunk[pareto_frontier(features[:, chunk])] for chunk in np.split(order, bounds)]
    return np.sort(np.concatenate(keep))
