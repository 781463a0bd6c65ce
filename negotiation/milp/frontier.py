"""The Pareto frontier of additive valuations beyond enumeration: divide and conquer over issues.

Every valuation is a sum over issues, ``u_r(x) = Σ_j a_rj(x_j)`` (one row ``r`` per party, and
per binding register whose floor is in force). Group the issues into *blocks*: the connected
components of the graph linking two issues when a red line in force mentions both. Each red line
then depends on one block only, so the red-line set is a product, ``∩_i A_i = Π_K A_K``, and
``u(x) = Σ_K u_K(x_K)``.

**Lemma.** If ``x`` is Pareto-optimal in ``Π_K A_K`` then each ``x_K`` is Pareto-optimal in
``A_K`` (for ``u_K``): were ``y_K`` better, ``(y_K, x_{-K})`` would dominate ``x``. Hence
``Par(S ⊕ T) = Par(Par(S) ⊕ Par(T))`` for the value sets of two blocks, and the frontier is
built by enumerating each block (``Π_{j∈K} |L_j|`` joint levels, filtered by its red lines),
pruning it, and merging blocks pairwise, smallest first, pruning after each Minkowski sum.

Which set the frontier is of (``within``):

- ``"space"``: the whole outcome space ``X`` (red lines and floors ignored);
- ``"red_lines"``: the red-line set ``∩_i A_i``;
- ``"bargaining_set"``: ``B``. Floors are upward closed in the values, so a point of ``∩A`` that
  dominates a point of ``B`` is itself in ``B`` when only the parties' own floors ``v_i ≥ d_i``
  apply, and ``Par(B) = Par(∩A) ∩ {v ≥ d − ε}``. A binding register's floor reads another value,
  so its values are carried as extra rows; a point is then pruned only when another is at least
  as good in every row *and* better for some party, which keeps every outcome that can be on the
  frontier of ``B``; partial sums that cannot reach a floor even with the best of the remaining
  blocks are dropped early.

The result lists every frontier value vector of the parties, how many outcomes attain it (exact
integers; identical vectors never dominate each other, so all of them are on the frontier) and
the first outcome in enumeration order attaining it (the lexicographically least level tuple is
kept at every merge; the least element of a product set is the product of least elements).
Values are rounded to 12 decimals, as in :mod:`negotiation.bargaining`.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from negotiation.bargaining.frontier import nondominated
from negotiation.bargaining.solutions import DECIMALS
from negotiation.errors import ModelError
from negotiation.model import expressions
from negotiation.model.compiled import issue_terms
from negotiation.model.core import Model

__all__ = ["BLOCK_LIMIT", "CHUNK", "FRONTIER_LIMIT", "Frontier", "FrontierTooLarge",
           "count_feasible", "pareto_frontier_additive"]

BLOCK_LIMIT = 1 << 20        # joint levels of one block of issues linked by red lines
FRONTIER_LIMIT = 1 << 18     # value vectors kept after any merge
CHUNK = 1 << 21              # candidate sums formed at once


class FrontierTooLarge(ModelError):
    """A block of linked issues, or an intermediate frontier, exceeds its limit."""


@dataclass(frozen=True)
class Frontier:
    """The Pareto frontier of ``within`` (see the module docstring) in value space."""

    within: str
    values: np.ndarray       # (F, P) parties' values (rounded), decreasing lexicographic order
    counts: np.ndarray       # (F,) outcomes attaining each vector (int64 or Python ints)
    witnesses: np.ndarray    # (F, k) level numbers of the first outcome attaining each vector

    @property
    def size(self) -> int:
        """Outcomes on the frontier (exact)."""
        return int(sum(int(c) for c in self.counts))


@dataclass
class _Part:
    values: np.ndarray       # (n, D)
    counts: np.ndarray       # (n,)
    reps: np.ndarray         # (n, k) levels of the part's issues, 0 elsewhere
    issues: tuple[int, ...]


def _rows(model: Model, within: str) -> tuple[list[list[np.ndarray]], np.ndarray, int]:
    """Per-issue contributions of each value row, the floors (``-inf`` for none) and the
    number of party rows."""
    rows, floors = [], []
    specs = list(model.constraints())
    floored = {(s.party, s.register) for s in specs if s.kind == "ir"}
    for party in model.parties:
        if party.registers:
            per = [issue_terms(r.valuation, model) for r in party.registers]
            rows.append([sum(r.weight.value * c[j] for r, c in zip(party.registers, per))
                         for j in range(len(model.issues))])
        else:
            rows.append(issue_terms(party.valuation, model))
        use = within == "bargaining_set" and (party.id, None) in floored
        floors.append(party.disagreement.value if use else -np.inf)
    if within == "bargaining_set":
        for party in model.parties:
            for reg in party.registers:
                if reg.binding and (party.id, reg.id) in floored:
                    rows.append(issue_terms(reg.valuation, model))
                    floors.append(party.register_floor(reg).value)
    return rows, np.array(floors) - model.epsilon, len(model.parties)


def _blocks(model: Model, within: str) -> list[tuple[list[int], list[expressions.Expr]]]:
    """Issues grouped by the red lines in force (and feasibility conditions) that link them,
    each with its conditions."""
    k = len(model.issues)
    parent = list(range(k))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    # Feasibility conditions shape the space itself, so they apply whatever ``within`` is.
    exprs = [rule.expr for rule in model.feasibility]
    if within != "space":
        exprs += [s.red_line.expr for s in model.constraints() if s.kind == "red_line"]
    for e in exprs:
        used = sorted(expressions.issues_used(e))
        for a in used[1:]:
            parent[root(a)] = root(used[0])
    groups: dict[int, list[int]] = {}
    for j in range(k):
        groups.setdefault(root(j), []).append(j)
    blocks = [(g, []) for g in groups.values()]
    where = {j: n for n, (g, _) in enumerate(blocks) for j in g}
    global_false = False
    for e in exprs:
        used = expressions.issues_used(e)
        if used:
            blocks[where[min(used)]][1].append(e)
        elif not expressions.holds(e, (0,) * k):
            global_false = True
    return [] if global_false else blocks


def _leaf(model: Model, issues: list[int], exprs: list, rows: list[list[np.ndarray]],
          count_type: type) -> _Part:
    shape = model.shape
    sub = tuple(shape[j] for j in issues)
    size = int(np.prod(sub, dtype=object))
    if size > BLOCK_LIMIT:
        names = ", ".join(model.issues[j].id for j in issues)
        raise FrontierTooLarge(
            f"issues {names} are linked by red lines into a block of {size:,} joint levels "
            f"(limit {BLOCK_LIMIT:,})", fix="the frontier of the whole space (within='space') "
            "ignores red lines; or split red lines that link many issues")
    grid = np.indices(sub).reshape(len(issues), -1).T
    keep = np.ones(len(grid), dtype=bool)
    for e in exprs:
        m = expressions.mask(e, shape)
        keep &= np.broadcast_to(m.reshape([m.shape[j] for j in issues]), sub).ravel()
    grid = grid[keep]
    values = np.zeros((len(grid), len(rows)))
    for r, per_issue in enumerate(rows):
        for col, j in enumerate(issues):
            values[:, r] += per_issue[j][grid[:, col]]
    reps = np.zeros((len(grid), len(shape)), dtype=np.int32)
    reps[:, issues] = grid
    counts = np.ones(len(grid), dtype=count_type)
    return _Part(values, counts, reps, tuple(issues))


def _reduce(values: np.ndarray, counts: np.ndarray, reps_of, strict: int) -> _Part:
    """Merge identical value vectors (summing counts, keeping the least representative) and
    drop dominated ones. ``reps_of(rows)`` gives the level tuples of candidate rows.

    Vectors are compared rounded to 12 decimals but kept unrounded, so rounding errors do not
    accumulate over merges."""
    q = np.round(values, DECIMALS) + 0.0          # + 0.0 turns -0.0 into 0.0
    order = np.lexsort(tuple(-q[:, c] for c in reversed(range(q.shape[1]))))
    qs = q[order]
    starts = np.flatnonzero(np.concatenate([[True], np.any(qs[1:] != qs[:-1], axis=1)]))
    uniq = qs[starts]
    alive = nondominated(uniq, strict, DECIMALS)
    ends = np.append(starts[1:], len(qs))
    group_counts = np.add.reduceat(counts[order], starts)[alive]
    first, last = starts[alive], ends[alive]
    reps = reps_of(order[first])
    multi = np.flatnonzero(last - first > 1)
    if len(multi):                  # several sums with equal values: keep the least tuple
        sizes = last[multi] - first[multi]
        group = np.repeat(np.arange(len(multi)), sizes)
        offset = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        members = reps_of(order[np.repeat(first[multi], sizes) + offset])
        keys = tuple(members[:, c] for c in reversed(range(members.shape[1]))) + (group,)
        ranked = np.lexsort(keys)
        reps[multi] = members[ranked[np.searchsorted(group[ranked], np.arange(len(multi)))]]
    return _Part(values[order[first]], group_counts, reps, ())


def _merge(a: _Part, b: _Part, strict: int, slack: np.ndarray | None) -> _Part:
    """``Par(a ⊕ b)``, formed in chunks of rows of ``a``; ``slack`` (lower bounds on the sum)
    drops partial sums that cannot reach the floors."""
    pieces = []
    step = max(1, CHUNK // max(1, len(b.values)))
    for s in range(0, len(a.values), step):
        ia = np.repeat(np.arange(s, min(len(a.values), s + step)), len(b.values))
        ib = np.tile(np.arange(len(b.values)), len(ia) // max(1, len(b.values)))
        values = a.values[ia] + b.values[ib]
        if slack is not None:
            ok = np.all(values >= slack, axis=1)
            ia, ib, values = ia[ok], ib[ok], values[ok]
        if not len(values):
            continue
        counts = a.counts[ia] * b.counts[ib]
        pieces.append(_reduce(values, counts, lambda rows, ia=ia, ib=ib:
                              a.reps[ia[rows]] + b.reps[ib[rows]], strict))
    issues = tuple(sorted(a.issues + b.issues))
    if not pieces:
        return _Part(np.zeros((0, a.values.shape[1])), a.counts[:0], a.reps[:0], issues)
    if len(pieces) == 1:
        part = pieces[0]
    else:
        values = np.concatenate([p.values for p in pieces])
        reps = np.concatenate([p.reps for p in pieces])
        part = _reduce(values, np.concatenate([p.counts for p in pieces]),
                       lambda rows: reps[rows], strict)
    if len(part.values) > FRONTIER_LIMIT:
        raise FrontierTooLarge(f"an intermediate frontier has {len(part.values):,} value vectors "
                               f"(limit {FRONTIER_LIMIT:,})")
    part.issues = issues
    return part


def pareto_frontier_additive(model: Model, within: str = "bargaining_set") -> Frontier:
    """The exact Pareto frontier of ``within`` (``space``, ``red_lines`` or ``bargaining_set``)
    by divide and conquer over issues; see the module docstring.

    Raises :class:`FrontierTooLarge` when red lines link issues into a block of more than
    :data:`BLOCK_LIMIT` joint levels or an intermediate frontier exceeds :data:`FRONTIER_LIMIT`.
    """
    if within not in ("space", "red_lines", "bargaining_set"):
        raise ValueError(f"within must be space, red_lines or bargaining_set, not {within!r}")
    if model.coupling:
        # Coupling rules make valuations depend on several issues at once: not additive.
        raise FrontierTooLarge("coupling rules make the valuations non-additive, so the frontier "
                               "cannot be built issue by issue", key="coupling")
    rows, floors, p = _rows(model, within)
    dims = len(rows)
    strict = p if dims > p else None
    count_type = np.int64 if model.n_outcomes < 2**62 else object
    blocks = _blocks(model, within)
    k = len(model.issues)
    empty = Frontier(within, np.zeros((0, p)), np.zeros(0, dtype=count_type),
                     np.zeros((0, k), dtype=np.int32))
    if not blocks:
        return empty
    parts = []
    for issues, exprs in blocks:
        leaf = _leaf(model, issues, exprs, rows, count_type)
        if not len(leaf.values):
            return empty
        part = _reduce(leaf.values, leaf.counts, lambda r, leaf=leaf: leaf.reps[r],
                       strict or dims)
        part.issues = leaf.issues
        parts.append(part)
    finite = np.isfinite(floors)
    best = np.array([part.values.max(axis=0) for part in parts])
    total_best = best.sum(axis=0)
    heap = [(len(part.values), n, part) for n, part in enumerate(parts)]
    heapq.heapify(heap)
    serial = len(parts)
    while len(heap) > 1:
        _, _, a = heapq.heappop(heap)
        _, _, b = heapq.heappop(heap)
        slack = None
        if finite.any():
            rest = total_best - a.values.max(axis=0) - b.values.max(axis=0)
            slack = np.where(finite, floors - rest - 1e-9, -np.inf)
        merged = _merge(a, b, strict or dims, slack)
        if not len(merged.values):
            return empty
        total_best = total_best - a.values.max(axis=0) - b.values.max(axis=0) \
            + merged.values.max(axis=0)
        heapq.heappush(heap, (len(merged.values), serial, merged))
        serial += 1
    part = heap[0][2]
    values, counts, reps = part.values, part.counts, part.reps
    ok = np.all(values >= np.where(finite, floors, -np.inf), axis=1)
    values, counts, reps = values[ok], counts[ok], reps[ok]
    if dims > p and len(values):            # back to the parties' values only
        final = _reduce(values[:, :p], counts, lambda rows: reps[rows], p)
        values, counts, reps = final.values, final.counts, final.reps
    return Frontier(within, np.round(values[:, :p], DECIMALS) + 0.0, counts, reps)


def count_feasible(model: Model) -> int | None:
    """The exact number of outcomes meeting the model's feasibility conditions (a Python int),
    counted block by block over the issues the conditions link; ``None`` when a block exceeds
    :data:`BLOCK_LIMIT` joint levels."""
    total = 1
    blocks = _blocks(model, "space")
    if not blocks:
        return 0
    shape = model.shape
    for issues, exprs in blocks:
        sub = tuple(shape[j] for j in issues)
        if not exprs:
            total *= int(np.prod(sub, dtype=object))
            continue
        if int(np.prod(sub, dtype=object)) > BLOCK_LIMIT:
            return None
        keep = np.ones(sub, dtype=bool)
        for e in exprs:
            m = expressions.mask(e, shape)
            keep &= np.broadcast_to(m.reshape([m.shape[j] for j in issues]), sub)
        total *= int(keep.sum())
    return total
