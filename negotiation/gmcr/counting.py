"""Counting kernels for inverse analysis (:mod:`negotiation.gmcr.inverse`): sets as packed bit
rows, and signed (inclusion–exclusion) sizes of unions of subfamilies, as whole arrays."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from negotiation._util import bitsets

__all__ = ["TooManyTerms", "bit_rows", "polynomial_product", "signed_sizes", "signed_union_sizes",
           "subset_unions"]


class TooManyTerms(Exception):
    """An inclusion–exclusion sum would need more terms than its budget allows."""


def bit_rows(sets: list[np.ndarray], n: int) -> np.ndarray:
    """Packed bit rows of subsets of ``range(n)`` given as index arrays or boolean masks."""
    return bitsets.from_sets([np.flatnonzero(s) if isinstance(s, np.ndarray) and s.dtype == bool
                              else s for s in sets], n)


def subset_unions(family: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union (packed) and parity of every subset of the rows of ``family``."""
    b, w = family.shape
    unions = np.zeros((1 << b, w), dtype=np.uint64)
    parity = np.zeros(1 << b, dtype=np.int8)
    for j in range(b):
        unions[1 << j: 2 << j] = unions[: 1 << j] | family[j]
        parity[1 << j: 2 << j] = 1 - parity[: 1 << j]
    return unions, parity


def signed_sizes(unions: np.ndarray, parity: np.ndarray, n: int) -> np.ndarray:
    """``c[f] = Σ (−1)^parity`` over subsets whose union has ``f`` elements."""
    sizes = bitsets.popcount(unions)
    return np.bincount(sizes, weights=1 - 2 * parity.astype(np.int64),
                       minlength=n + 1).astype(np.int64)


def polynomial_product(a: list[int], b: list[int]) -> list[int]:
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    while len(out) > 1 and out[-1] == 0:
        out.pop()
    return out


def signed_union_sizes(rows: np.ndarray, n: int, budget: list[int], limit: int
                       ) -> list[int]:
    """``c[f] = Σ_{K ⊆ rows} (−1)^|K| [|∪K| = f]``.

    As a polynomial ``Σ_K (−1)^|K| x^|∪K|`` this factorises over the connected components of
    the family (sets linked by shared elements), since unions over different components are
    disjoint; each component's subsets are enumerated, and ``budget[0]`` counts them down.
    """
    if len(rows) == 0:
        return [1]
    overlap = np.any(rows[:, None, :] & rows[None, :, :], axis=2)
    count, label = csgraph.connected_components(sparse.csr_matrix(overlap), directed=False)
    poly = [1]
    for c in range(count):
        members = rows[label == c]
        budget[0] -= 1 << len(members)
        if len(members) > 24 or budget[0] < 0:
            raise TooManyTerms(f"more than {limit:,} inclusion–exclusion terms for SMR")
        unions, parity = subset_unions(members)
        coefficients = signed_sizes(unions, parity, n)
        poly = polynomial_product(poly, [int(x) for x in coefficients[: np.flatnonzero(
            coefficients).max() + 1]])
    return poly
