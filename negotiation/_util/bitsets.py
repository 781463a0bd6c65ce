"""Families of sets over a small universe, stored as rows of 64-bit words.

A set ``S ⊆ {0, …, m-1}`` is a row of ``W = ceil(m / 64)`` unsigned words, bit ``c % 64`` of word
``c // 64`` set when ``c ∈ S``. A family is a ``(n, W)`` array. The certificate uses these for
violation patterns (which constraints exclude an outcome), minimal correction sets (the minimal
patterns) and minimal incompatible sets (their minimal hitting sets).

>>> fam = from_sets([{0, 1}, {1, 2}], 3)
>>> to_sets(minimal_hitting_sets(fam))
[(1,), (0, 2)]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["WORD", "disjoint", "from_sets", "minimal_elements", "minimal_hitting_sets", "popcount",
           "singletons", "subset_of", "to_sets", "unique_rows", "words"]

WORD = 64


def words(m: int) -> int:
    """Number of 64-bit words for a universe of ``m`` elements (at least one)."""
    return max(1, -(-m // WORD))


def from_sets(sets: Iterable[Iterable[int]], m: int) -> np.ndarray:
    """Encode an iterable of index sets as a ``(n, W)`` family."""
    sets = [tuple(s) for s in sets]
    rows = np.zeros((len(sets), words(m)), dtype=np.uint64)
    for r, members in enumerate(sets):
        for c in members:
            rows[r, c // WORD] |= np.uint64(1) << np.uint64(c % WORD)
    return rows


def singletons(m: int) -> np.ndarray:
    """The ``m`` one-element sets ``{0}, …, {m-1}``."""
    return from_sets(([c] for c in range(m)), m)


def to_sets(rows: np.ndarray) -> list[tuple[int, ...]]:
    """Decode a family into sorted index tuples.

    >>> to_sets(np.array([[5]], dtype=np.uint64))
    [(0, 2)]
    """
    rows = np.atleast_2d(rows)
    bits = np.unpackbits(rows.astype("<u8").view(np.uint8), axis=1, bitorder="little")
    return [tuple(np.flatnonzero(b).tolist()) for b in bits]


def popcount(rows: np.ndarray) -> np.ndarray:
    """Set sizes."""
    return np.bitwise_count(rows).sum(axis=1).astype(np.int64)


SLICE = 16                   # bits per slice in `unique_rows`
DIRECT_LIMIT = 1 << 22       # joint codes counted with one `bincount`


def unique_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct rows (sorted), the first index of each, and how often each occurs.

    Linear time. A single word below ``min(2^22, 4n)`` is its own code; otherwise every row is
    cut into 16-bit slices; the values each slice takes are numbered
    densely in increasing order (one ``bincount`` over 2^16 per slice), and the slice numbers are
    combined in mixed radix, most significant slice first, into one integer code that orders
    rows as their values do. The codes are counted with one ``bincount`` when their range is
    small, else sorted. First occurrences are found by scanning ever larger prefixes for codes
    not yet seen, so the scan stops as soon as every code has been met.

    >>> values, first, counts = unique_rows(np.array([[5], [3], [5]], dtype=np.uint64))
    >>> values.ravel().tolist(), first.tolist(), counts.tolist()
    ([3, 5], [1, 0], [1, 2])
    """
    n, w = rows.shape
    if n == 0:
        return rows[:0], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if w == 1:                          # few constraints: the word itself is the code
        used = int(np.bitwise_or.reduce(rows[:, 0]))
        if used < min(DIRECT_LIMIT, 4 * n):     # a table no larger than the data
            code = rows[:, 0].astype(np.int64)
            counts = np.bincount(code, minlength=used + 1)
            codes = np.flatnonzero(counts)
            first = _first_occurrences(code, codes, True)
            return codes.astype(np.uint64)[:, None], first, counts[codes]
    code = np.zeros(n, dtype=np.int64)
    radix = 1
    slices: list[tuple[int, int, np.ndarray]] = []        # (word, shift, values) per slice
    for word in range(w):
        column = rows[:, word]
        used = int(np.bitwise_or.reduce(column))
        for shift in reversed(range(0, WORD, SLICE)):   # most significant first
            if not (used >> shift) & 0xFFFF:
                continue
            part = ((column >> np.uint64(shift)) & np.uint64(0xFFFF)).astype(np.int64)
            present = np.bincount(part, minlength=1 << SLICE) > 0
            values = np.flatnonzero(present)
            if radix * len(values) >= 1 << 62:
                return _unique_rows_sorted(rows)
            number = np.cumsum(present) - 1
            code = code * len(values) + number[part]
            radix *= len(values)
            slices.append((word, shift, values))
    if radix <= DIRECT_LIMIT:
        counts = np.bincount(code, minlength=radix)
        codes = np.flatnonzero(counts)
        counts = counts[codes]
    else:
        codes, counts = np.unique(code, return_counts=True)
    first = _first_occurrences(code, codes, radix <= DIRECT_LIMIT)
    out = np.zeros((len(codes), w), dtype=np.uint64)
    rest = codes.copy()
    for word, shift, values in reversed(slices):            # decode, least significant first
        out[:, word] |= values[rest % len(values)].astype(np.uint64) << np.uint64(shift)
        rest //= len(values)
    return out, first, counts


def _first_occurrences(code: np.ndarray, codes: np.ndarray, direct: bool) -> np.ndarray:
    """Index of the first element of ``code`` equal to each of ``codes`` (sorted, all present;
    ``direct``: codes are small enough to index a table). Few codes: scan prefixes of doubling
    length for the codes not yet met; many: one ``minimum.at`` over all elements."""
    size = int(codes[-1]) + 1 if direct else len(codes)
    if len(codes) > 1 << 12:
        slot = code if direct else np.searchsorted(codes, code)
        first = np.full(size, len(code), dtype=np.int64)
        np.minimum.at(first, slot, np.arange(len(code)))
        return first[codes] if direct else first
    missing = np.zeros(size, dtype=bool)
    missing[codes if direct else np.arange(len(codes))] = True
    first = np.full(size, -1, dtype=np.int64)
    start, step = 0, 1 << 12
    while start < len(code):
        chunk = code[start:start + step]
        slot = chunk if direct else np.searchsorted(codes, chunk)
        hit = np.flatnonzero(missing[slot])
        if len(hit):
            found, where = np.unique(slot[hit], return_index=True)
            first[found] = start + hit[where]
            missing[found] = False
            if not missing.any():
                break
        start, step = start + step, 2 * step
    return first[codes] if direct else first


def _unique_rows_sorted(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`unique_rows` by sorting (for rows with too many distinct slice values)."""
    if rows.shape[1] == 1:
        values, first, counts = np.unique(rows[:, 0], return_index=True, return_counts=True)
        return values[:, None], first, counts
    return np.unique(rows, axis=0, return_index=True, return_counts=True)


def disjoint(rows: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """For each row, whether it shares no element with the set ``mask``."""
    if rows.shape[-1] == 1:                 # one word: no reduction over words needed
        return (rows[..., 0] & mask[..., 0]) == 0
    return ~np.any(rows & mask, axis=-1)


def subset_of(rows: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """For each row, whether it is a subset of the set ``mask``."""
    return ~np.any(rows & ~mask, axis=-1)


def _contains_any(candidates: np.ndarray, family: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """For each candidate, whether some member of ``family`` is a subset of it."""
    out = np.zeros(len(candidates), dtype=bool)
    if len(family) == 0:
        return out
    for start in range(0, len(candidates), chunk):
        block = candidates[start:start + chunk]
        # family ⊆ candidate  ⇔  family & ~candidate == 0 in every word
        inside = ~np.any(family[None, :, :] & ~block[:, None, :], axis=2)
        out[start:start + chunk] = inside.any(axis=1)
    return out


def minimal_elements(rows: np.ndarray) -> np.ndarray:
    """The inclusion-minimal members of a family, smallest first, duplicates removed.

    Sets of equal size cannot strictly contain each other, so the family is processed one size
    at a time against the minimal sets already found.

    >>> to_sets(minimal_elements(from_sets([{0, 1}, {0}, {1, 2}, {0}], 3)))
    [(0,), (1, 2)]
    """
    if len(rows) == 0:
        return rows
    rows = unique_rows(rows)[0]
    sizes = popcount(rows)
    order = np.lexsort((np.arange(len(rows)), sizes))
    rows, sizes = rows[order], sizes[order]
    found = np.zeros((0, rows.shape[1]), dtype=np.uint64)
    for size in np.unique(sizes):
        level = rows[sizes == size]
        keep = level[~_contains_any(level, found)]
        found = np.concatenate([found, keep])
    return found


def minimal_hitting_sets(family: np.ndarray) -> np.ndarray:
    """All minimal hitting sets (minimal transversals) of a family, by Berge's algorithm.

    A hitting set meets every member of the family. By Reiter's duality the minimal hitting sets
    of the minimal correction sets are the minimal incompatible sets, and vice versa. A family
    containing the empty set has no hitting set; the empty family is hit by the empty set.

    >>> to_sets(minimal_hitting_sets(from_sets([{0}, {1}], 2)))
    [(0, 1)]
    """
    w = family.shape[1] if family.ndim == 2 else 1
    transversals = np.zeros((1, w), dtype=np.uint64)
    if len(family) == 0:
        return transversals
    family = minimal_elements(family)
    if not np.any(family[0]):
        return np.zeros((0, w), dtype=np.uint64)
    for member in family:
        hit = np.any(transversals & member, axis=1)
        missed = transversals[~hit]
        if len(missed):
            elements = [c for c in range(w * WORD) if member[c // WORD] >> np.uint64(c % WORD) & 1]
            single = from_sets(([c] for c in elements), w * WORD)
            grown = (missed[:, None, :] | single[None, :, :]).reshape(-1, w)
            transversals = minimal_elements(np.concatenate([transversals[hit], grown]))
    return transversals
