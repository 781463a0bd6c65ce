"""The Pareto frontier (the maxima of a set of vectors) in O(n log n) for 2 and 3 values.

A row ``a`` *dominates* a row ``b`` when ``a ≥ b`` in every column and ``a > b`` in one (with
``strict = s``: in one of the first ``s`` columns); equal rows never dominate each other. The
*maxima* are the rows no row dominates (Kung, Luccio and Preparata 1975, "On finding the maxima of
a set of vectors", JACM 22(4):469–476).

**Order.** Columns are replaced by their dense ranks (the order is all that matters), and each
row gets a *time*: rows sorted by the rank of the first column, decreasing, then by the sum of the
ranks of the other strict columns, decreasing. A dominator of a row always comes strictly earlier,
and rows with equal time never dominate each other (equal first rank and equal sum, so at least
as large everywhere means equal in the strict columns). So a row is dominated exactly when some
row of *strictly earlier time* is at least as large in columns ``1 … d−1`` — the first column is
settled by the order, as in Kung et al.'s sweep.

**Two columns.** A running maximum of the second rank over the rows of earlier time: O(n log n)
for the sorts, the sweep O(n). When the values are known to be rounded to ``decimals`` places
they are sorted as exact integers packed with their row numbers (a plain sort, about twice as
fast as an indirect one).

**Three or more columns: divide and conquer over time** (Kung et al. 1975 §3; in the offline
form of Bentley 1980, "Multidimensional divide-and-conquer", CACM 23(4):214–229). Split the
times into halves; a row of the later half is dominated by a row of the earlier half exactly when,
among the rows of both halves sorted by the second column (decreasing; earlier half first on
ties), some earlier-half row before it is at least as large in columns ``2 … d−1`` — a problem
with one column fewer, solved recursively; one column left is a running maximum. The halving is
done bottom-up for all blocks at once: at level ``L`` the blocks of ``2^(L+1)`` consecutive times
are merged by a stable sort of runs that are already sorted (NumPy's timsort merges them in
linear time), and rows found dominated are dropped (their dominator dominates whatever they
would). Cost O(n log n) for three columns, O(n log^(d−2) n) for ``d ≥ 3`` (Kung et al.'s bound).

**Four or more columns, few maxima: sort and filter** (Kung et al. 1975 §2). Rows in decreasing
order of their sum, in blocks, each compared with the maxima found so far: ``O(n h)`` for ``h``
maxima, far faster than the divide and conquer's ``log^(d−2) n`` passes when ``h`` is a few
hundred (valuations with several components). It gives way to the divide and conquer as soon as
its comparisons pass about a thousand per row.

**Prefilter** (exact, cheap): the other columns are cut into a grid of equal-width cells; a row is
dominated when some cell strictly above it in every other column holds a row at least as large in
the first column (a suffix maximum over the grid). Dropping dominated rows never changes the
maxima, so the divide and conquer runs only on the rows that survive — usually a few percent.
"""

from __future__ import annotations

import numpy as np

from negotiation.bargaining.solutions import DECIMALS

__all__ = ["DECIMALS", "GRID_CELLS", "nondominated", "pareto_frontier"]

GRID_CELLS = 1 << 16          # cells of the prefilter's grid
FILTER_BLOCK = 256            # rows the sort-and-filter compares at once
FILTER_WORK = 1024            # comparisons per row it may spend before giving way


def pareto_frontier(points: np.ndarray) -> np.ndarray:
    """Indices (increasing) of the columns of ``points`` (``(P, n)``) no other column dominates,
    comparing values rounded to 12 decimals.

    >>> pareto_frontier(np.array([[1, 2, 0, 2], [2, 1, 0, 1]])).tolist()
    [0, 1, 3]
    """
    q = np.round(np.asarray(points, dtype=float).T, DECIMALS) + 0.0
    return np.flatnonzero(nondominated(q, decimals=DECIMALS))


def nondominated(q: np.ndarray, strict: int | None = None,
                 decimals: int | None = None) -> np.ndarray:
    """Mask of the rows of ``q`` (``(n, d)``, any order, repeats allowed) that no row dominates
    (see the module docstring; ``strict`` defaults to ``d``). Values are compared as given;
    ``decimals`` declares them rounded to that many decimals, which lets the sorts run faster.

    >>> nondominated(np.array([[3., 1, 1], [2, 2, 2], [2, 1, 1], [1, 3, 0], [2, 2, 2]])).tolist()
    [True, True, False, True, True]
    >>> nondominated(np.array([[1., 5], [1, 4], [0, 4]]), strict=1).tolist()
    [True, True, False]
    """
    q = np.asarray(q, dtype=float)
    n, d = q.shape
    strict = d if strict is None else strict
    if not 1 <= strict <= max(d, 1):
        raise ValueError(f"strict must be between 1 and {d}, not {strict}")
    if n == 0:
        return np.zeros(0, dtype=bool)
    if d == 1:
        return q[:, 0] == q[:, 0].max()
    alive = np.flatnonzero(~_grid_dominated(q, strict))
    keep = np.zeros(n, dtype=bool)
    found = _filter(q[alive], strict) if d >= 4 else None
    keep[alive] = found if found is not None else ~_dominated_exact(q[alive], strict, decimals)
    return keep


def _filter(q: np.ndarray, strict: int) -> np.ndarray | None:
    """Sort and filter (Kung et al. 1975 §2), output-sensitive: rows in decreasing order of
    their sum (then lexicographically, so a dominator always comes first, also after rounding:
    floating-point addition is monotone), taken in blocks, each compared with the maxima kept so
    far and with itself. ``O(n h)`` for ``h`` maxima: the mask of maxima, or ``None`` once the
    comparisons pass :data:`FILTER_WORK` per row (many maxima: divide and conquer is faster)."""
    n, d = q.shape
    order = np.lexsort([q[:, c] for c in reversed(range(d))] + [q.sum(axis=1)])[::-1]
    keep = np.zeros(n, dtype=bool)
    kept = np.zeros((0, d))
    work, budget = 0, FILTER_WORK * n
    for start in range(0, n, FILTER_BLOCK):
        index = order[start:start + FILTER_BLOCK]
        block = q[index]
        work += len(block) * (len(kept) + len(block))
        if work > budget:
            return None
        alive = ~_dominated_by(block, kept, strict) & ~_dominated_by(block, block, strict)
        keep[index[alive]] = True
        kept = np.concatenate([kept, block[alive]])
    return keep


def _dominated_by(rows: np.ndarray, by: np.ndarray, strict: int) -> np.ndarray:
    """For each row of ``rows``: does a row of ``by`` dominate it? (Column by column over a
    ``rows × by`` table: a reduction over a handful of columns is slower than ``d`` passes.)"""
    out = np.zeros(len(rows), dtype=bool)
    step = max(1, (1 << 18) // max(1, len(rows)))
    for s in range(0, len(by), step):
        other = by[s:s + step]
        ge = np.ones((len(rows), len(other)), dtype=bool)
        gt = np.zeros_like(ge)
        for c in range(rows.shape[1]):
            a, b = other[None, :, c], rows[:, None, c]
            ge &= a >= b
            if c < strict:
                gt |= a > b
        out |= np.any(ge & gt, axis=1)
    return out


def _grid_dominated(q: np.ndarray, strict: int) -> np.ndarray:
    """Rows dominated by a row in a grid cell strictly above theirs in columns ``1 … d−1`` and
    at least as large in column 0 (larger, when column 0 is the only strict one)."""
    n, d = q.shape
    side = int(min(GRID_CELLS, 4 * n) ** (1.0 / (d - 1)))     # no larger than the data
    if side < 2 or n < 64:
        return np.zeros(n, dtype=bool)
    cell = np.zeros(n, dtype=np.int64)
    for c in range(1, d):
        col = q[:, c]
        lo, hi = col.min(), col.max()
        k = np.zeros(n, dtype=np.int64) if hi <= lo else \
            np.minimum(((col - lo) * (side / (hi - lo))).astype(np.int64), side - 1)
        cell = cell * side + k
    best = np.full(side ** (d - 1), -np.inf)
    np.maximum.at(best, cell, q[:, 0])
    grid = best.reshape((side,) * (d - 1))
    for axis in range(d - 1):           # suffix maximum along every axis
        grid = np.flip(np.maximum.accumulate(np.flip(grid, axis), axis=axis), axis)
    above = np.full((side + 1,) * (d - 1), -np.inf)
    above[(slice(0, side),) * (d - 1)] = grid
    above = above[(slice(1, None),) * (d - 1)].ravel()      # cells strictly above in every axis
    threshold = above[cell]
    return threshold > q[:, 0] if strict == 1 else threshold >= q[:, 0]


def _ranks(col: np.ndarray, decimals: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The order sorting a column (increasing) and its dense ranks (0 for the smallest value).

    With ``decimals`` (the values are multiples of ``10^-decimals``, as after rounding) each
    value becomes an exact integer and is packed with its row number into one unsigned word, so
    a plain sort (about twice as fast as an indirect one) gives both; otherwise ``argsort``."""
    n = len(col)
    if decimals is not None and n and float(np.abs(col).max()) * 10.0**decimals < 2.0**50:
        units = np.rint(col * 10.0**decimals).astype(np.int64)
        low = int(units.min())
        width, index = (int(units.max()) - low).bit_length(), max(1, (n - 1).bit_length())
        if width + index <= 64:
            packed = ((units - low).astype(np.uint64) << np.uint64(index)) \
                | np.arange(n, dtype=np.uint64)
            packed.sort()
            order = (packed & np.uint64((1 << index) - 1)).astype(np.int64)
            value = packed >> np.uint64(index)
            return order, _scatter_steps(order, value)
    order = np.argsort(col)
    return order, _scatter_steps(order, col[order])


def _scatter_steps(order: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Dense ranks from a sorting order and the values in that order."""
    step = np.zeros(len(order), dtype=np.int64)
    np.cumsum(sorted_values[1:] != sorted_values[:-1], out=step[1:])
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = step
    return ranks


def _dominated_exact(q: np.ndarray, strict: int, decimals: int | None) -> np.ndarray:
    """For each row, whether another row dominates it (the sweep of the module docstring)."""
    n, d = q.shape
    if n <= 1:
        return np.zeros(n, dtype=bool)
    orders, ranks = zip(*(_ranks(q[:, c], decimals) for c in range(d)))
    partial = sum(ranks[1:strict], np.zeros(n, dtype=np.int64))
    # Time: first rank decreasing, then the partial sum decreasing. The first sort already
    # orders the first rank, so the stable sort below only reorders runs of ties.
    pre = orders[0][::-1]
    width = int(partial.max()) + 1
    key = (int(ranks[0].max()) - ranks[0][pre]) * width + (width - 1 - partial[pre])
    inner = np.argsort(key, kind="stable")
    order, key = pre[inner], key[inner]
    time = np.zeros(n, dtype=np.int64)
    np.cumsum(key[1:] != key[:-1], out=time[1:])
    cols = [r[order] for r in ranks[1:]]
    if d == 3:
        found = _sweep3(time, cols[0], cols[1])
    else:
        everything = np.ones(n, dtype=bool)
        found = _earlier_dominated(np.zeros(n, dtype=np.int64), time, cols, everything,
                                   everything)
    out = np.zeros(n, dtype=bool)
    out[order] = found
    return out


def _sweep3(time: np.ndarray, second: np.ndarray, third: np.ndarray) -> np.ndarray:
    """Three columns: rows sorted by time (dense, from 0). For each row, is there a row of
    strictly earlier time at least as large in ``second`` and ``third``?

    Bottom-up divide and conquer over time: at level ``L`` the blocks of ``2^(L+1)`` times are
    merged by ``second`` (decreasing, earlier half first on ties) with a stable sort of two
    sorted runs; a running maximum of ``third`` over the earlier half, per block, then answers
    every row of the later half at once. Time and ``second`` are packed in one integer key."""
    n = len(time)
    levels = int(time[-1]).bit_length()
    bits = int(second.max()).bit_length()
    low = (1 << bits) - 1
    packed = (time << bits) | (low - second)
    small = np.int32 if n < 2**31 else np.int64
    idx = np.arange(n, dtype=small)
    above = (third + 1).astype(np.int64 if third.max() >= 2**31 - 1 else small)
    out = np.zeros(n, dtype=bool)
    for level in range(levels):
        shift = bits + level + 1
        perm = np.argsort(((packed >> shift) << bits) | (packed & low), kind="stable")
        packed, idx, above = packed[perm], idx[perm], above[perm]
        base = (packed >> shift) << 32                  # block number, above any rank
        right = (packed & (1 << (shift - 1))) != 0      # the later half of its block
        value = base | above
        best = np.maximum.accumulate(np.where(right, base, value))
        hit = right & (best >= value)
        if hit.any():
            out[idx[hit]] = True
            if 8 * np.count_nonzero(hit) > len(idx):          # drop rows found dominated
                keep = ~hit
                packed, idx, above = packed[keep], idx[keep], above[keep]
    return out


def _earlier_dominated(seg: np.ndarray, time: np.ndarray, cols: list[np.ndarray],
                       data: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Rows sorted by ``(seg, time)``. For each query row: is there a data row of the same
    segment with strictly smaller time and every column at least as large? (All columns hold
    non-negative integer ranks.)"""
    n = len(seg)
    if n == 0:
        return np.zeros(0, dtype=bool)
    new = _changes(seg, time)
    if len(cols) == 1:
        return _running_max(seg, new, cols[0], data, query)
    group = np.cumsum(new) - 1                  # dense (seg, time), then local time per seg
    seg_new = _changes(seg)
    local = group - group[np.flatnonzero(seg_new)][np.cumsum(seg_new) - 1]
    levels = int(local.max()).bit_length()
    single = not seg_new[1:].any()
    # The rows, physically kept in the current order: (seg, block, first column decreasing).
    idx = np.arange(n)
    first, rest = cols[0], list(cols[1:])
    w1 = int(first.max()) + 1
    w2 = int(rest[0].max()) + 2 if len(rest) == 1 else 0
    out = np.zeros(n, dtype=bool)
    for level in range(levels):
        block = local >> (level + 1)
        bid = block if single else np.cumsum(_changes(seg, block)) - 1
        perm = np.argsort(bid * w1 + (w1 - 1 - first), kind="stable")
        idx, seg, local, first, bid = idx[perm], seg[perm], local[perm], first[perm], bid[perm]
        rest = [c[perm] for c in rest]
        data, query = data[perm], query[perm]
        left = ((local >> level) & 1) == 0
        is_data = data & left
        is_query = query & ~left
        if len(rest) == 1:          # one column left: a running maximum per block
            base = bid * w2
            val = base + rest[0] + 1
            best = np.maximum.accumulate(np.where(is_data, val, base))
            hit = is_query & (best >= val)
        else:
            part = np.flatnonzero(is_data | is_query)
            if not len(part):
                continue
            b = bid[part]
            hit = np.zeros(len(idx), dtype=bool)
            hit[part] = _earlier_dominated(np.cumsum(_changes(b)) - 1, np.arange(len(part)),
                                           [c[part] for c in rest], is_data[part],
                                           is_query[part])
        if hit.any():
            out[idx[hit]] = True
            if 8 * hit.sum() > len(idx):          # drop rows found dominated
                keep = ~hit
                idx, seg, local, first = idx[keep], seg[keep], local[keep], first[keep]
                rest = [c[keep] for c in rest]
                data, query = data[keep], query[keep]
            else:
                query = query & ~hit
    return out


def _changes(a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """``True`` where a run of equal ``a`` (and ``b``) values starts."""
    new = np.empty(len(a), dtype=bool)
    new[:1] = True
    new[1:] = a[1:] != a[:-1]
    if b is not None:
        new[1:] |= b[1:] != b[:-1]
    return new


def _running_max(seg: np.ndarray, new: np.ndarray, col: np.ndarray, data: np.ndarray,
                 query: np.ndarray) -> np.ndarray:
    """One column left: the running maximum of the data rows' ranks per segment, read at the end
    of the previous time group."""
    n = len(seg)
    width = int(col.max()) + 2
    base = seg * width
    best = np.maximum.accumulate(np.where(data, base + col + 1, base))
    start = np.flatnonzero(new)[np.cumsum(new) - 1]
    before = np.where(start > 0, best[np.maximum(start - 1, 0)], -1)
    return query & (before >= base + col + 1) if n else query
