"""The certificate: a checkable proof of why the bargaining set is empty, or that it is not.

Let ``C`` be every red line plus each party's individual-rationality floor ``IR_i: v_i ≥ d_i``.
For an outcome ``x`` let ``V(x) ⊆ C`` be the constraints that exclude it (the blocking map).

- A subset ``S ⊆ C`` is *compatible* when some outcome satisfies all of it, i.e. ``V(x) ∩ S = ∅``
  for some ``x``. The bargaining set is non-empty iff ``C`` itself is compatible.
- A *minimal correction set* (MCS) is a minimal ``T`` whose removal makes ``C \\ T`` compatible.
  Removing ``T`` frees exactly the outcomes with ``V(x) ⊆ T``, so the MCSes are precisely the
  inclusion-minimal distinct patterns ``V(x)``.
- A *minimal incompatible set* (MUS) is an incompatible ``S`` all of whose proper subsets are
  compatible. MUSes are the minimal hitting sets of the MCSes (Reiter 1987; Liffiton and
  Sakallah 2008), computed here by Berge's algorithm.

Every claim comes with witnesses: for each MUS member ``c`` an outcome satisfying ``S \\ {c}``,
for each MCS an outcome that only it blocks, for each compatible pair of parties an outcome both
accept. :mod:`negotiation.verify` re-checks all of it from the model, by independent code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation._util import bitsets
from negotiation.model.compiled import CompiledModel

__all__ = ["BlockingMap", "Certificate", "LevelBlocking", "Pattern", "blocking_by_level", "certify",
           "distinct_patterns", "mcs_rank"]


@dataclass(frozen=True)
class Pattern:
    """Outcomes excluded by exactly ``blocked_by`` (empty: the outcomes of the bargaining set)."""

    blocked_by: tuple[str, ...]
    count: int
    witness: int


@dataclass(frozen=True)
class BlockingMap:
    """The exhaustive blocking map, compressed: every outcome belongs to exactly one pattern."""

    n_outcomes: int
    patterns: tuple[Pattern, ...]
    excluded_by: dict[str, int]        # outcomes each constraint excludes
    excluded_only_by: dict[str, int]   # outcomes that constraint alone excludes
    excluded_by_party: dict[str, int]  # outcomes some constraint of the party excludes


@dataclass(frozen=True)
class Certificate:
    """Verdict-level facts and their witnesses (outcome numbers in enumeration order)."""

    constraint_ids: tuple[str, ...]
    red_lines_compatible: bool
    bargaining_nonempty: bool
    blocking: BlockingMap | None        # None: not computed (integer-programming backend)
    mus: tuple[tuple[str, ...], ...]
    mus_parties: tuple[tuple[str, ...], ...]
    mus_witnesses: tuple[dict[str, int], ...]
    mcs: tuple[tuple[str, ...], ...]
    mcs_costs: tuple[float, ...]
    mcs_witnesses: tuple[int, ...]
    pairwise: dict[str, bool]
    pairwise_witnesses: dict[str, int | None]
    party_consistent: dict[str, bool]
    party_witnesses: dict[str, int | None]

    @property
    def mcs_parties(self) -> tuple[tuple[str, ...], ...]:
        owner = {c: c.split(".")[0] for c in self.constraint_ids}
        return tuple(tuple(dict.fromkeys(owner[c] for c in s)) for s in self.mcs)


def mcs_rank(members: tuple[int, ...], cost: np.ndarray) -> tuple:
    """The order of minimal correction sets: summed revision cost (to 12 decimals), then size,
    then constraint order. Both backends sort by it."""
    members = tuple(sorted(members))
    return (round(float(cost[list(members)].sum()), 12), len(members), members)


def distinct_patterns(compiled: CompiledModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct rows of the blocking map over feasible outcomes, the first outcome showing each,
    and their counts."""
    if compiled.feasible is None:
        return bitsets.unique_rows(compiled.violations)
    index = np.flatnonzero(compiled.feasible)
    patterns, first, counts = bitsets.unique_rows(compiled.violations[index])
    return patterns, index[first], counts


def _first_witness(patterns: np.ndarray, first: np.ndarray, required: np.ndarray) -> int | None:
    """The lowest-numbered outcome satisfying every constraint in the set ``required``
    (``V(x) ∩ required = ∅``), or ``None`` when ``required`` is incompatible."""
    ok = bitsets.disjoint(patterns, required)
    return int(first[ok].min()) if ok.any() else None


def certify(compiled: CompiledModel) -> Certificate:
    """Build the certificate of ``compiled``: blocking map, all MUS and MCS, pairwise checks."""
    ids = compiled.constraint_ids
    m = len(ids)
    parties = compiled.party_ids
    patterns, first, counts = distinct_patterns(compiled)
    sets = bitsets.to_sets(patterns)

    holds = np.unpackbits(patterns.astype("<u8").view(np.uint8), axis=1,
                          bitorder="little")[:, :m].astype(bool)
    excluded = (holds * counts[:, None]).sum(axis=0)
    alone = np.where(holds.sum(axis=1) == 1, counts, 0) @ holds
    party_rows = [bitsets.disjoint(patterns, compiled.party_bits[p]) for p in range(len(parties))]
    blocking = BlockingMap(
        n_outcomes=compiled.n_settlements,
        patterns=tuple(
            Pattern(tuple(ids[c] for c in s), int(k), int(f))
            for s, k, f in sorted(zip(sets, counts, first), key=lambda t: (len(t[0]), t[0]))
        ),
        excluded_by={c: int(v) for c, v in zip(ids, excluded)},
        excluded_only_by={c: int(v) for c, v in zip(ids, alone)},
        excluded_by_party={p: int(counts[~ok].sum()) for p, ok in zip(parties, party_rows)},
    )

    everything = bitsets.from_sets([range(m)], m)[0]
    nonempty = _first_witness(patterns, first, everything) is not None
    red_ok = _first_witness(patterns, first, compiled.red_line_bits) is not None

    mcs_rows = bitsets.minimal_elements(patterns)
    if nonempty:
        mcs_rows = mcs_rows[:0]
    mus_rows = bitsets.minimal_hitting_sets(mcs_rows) if len(mcs_rows) else mcs_rows

    cost = compiled.revision_cost
    mcs_sets = bitsets.to_sets(mcs_rows) if len(mcs_rows) else []
    mcs_order = sorted(range(len(mcs_sets)), key=lambda r: mcs_rank(mcs_sets[r], cost))
    mcs_sets = [mcs_sets[r] for r in mcs_order]
    mcs_rows = mcs_rows[mcs_order] if len(mcs_order) else mcs_rows
    complement = ~mcs_rows if len(mcs_rows) else mcs_rows
    # Clear bits beyond m in the complement so they never count as constraints.
    if len(complement):
        complement &= everything
    mcs_witnesses = tuple(_first_witness(patterns, first, row) for row in complement)

    mus_sets = sorted(bitsets.to_sets(mus_rows), key=lambda s: (len(s), s)) if len(mus_rows) else []
    mus_witnesses = []
    for s in mus_sets:
        found = {}
        for c in s:
            rest = bitsets.from_sets([[e for e in s if e != c]], m)[0]
            found[ids[c]] = _first_witness(patterns, first, rest)
        mus_witnesses.append(found)

    pairwise, pair_witness = {}, {}
    for a in range(len(parties)):
        for b in range(a + 1, len(parties)):
            key = f"{parties[a]}+{parties[b]}"
            w = _first_witness(patterns, first, compiled.party_bits[a] | compiled.party_bits[b])
            pairwise[key], pair_witness[key] = w is not None, w
    alone_w = {p: _first_witness(patterns, first, compiled.party_bits[n])
               for n, p in enumerate(parties)}

    owner = compiled.constraint_party
    return Certificate(
        constraint_ids=ids,
        red_lines_compatible=red_ok,
        bargaining_nonempty=nonempty,
        blocking=blocking,
        mus=tuple(tuple(ids[c] for c in s) for s in mus_sets),
        mus_parties=tuple(tuple(dict.fromkeys(parties[owner[c]] for c in s)) for s in mus_sets),
        mus_witnesses=tuple(mus_witnesses),
        mcs=tuple(tuple(ids[c] for c in s) for s in mcs_sets),
        mcs_costs=tuple(float(cost[list(s)].sum()) for s in mcs_sets),
        mcs_witnesses=mcs_witnesses,
        pairwise=pairwise,
        pairwise_witnesses=pair_witness,
        party_consistent={p: w is not None for p, w in alone_w.items()},
        party_witnesses=alone_w,
    )


@dataclass(frozen=True)
class LevelBlocking:
    """The blocking map aggregated over issue levels.

    ``share[r, p]`` is the fraction of the feasible settlements with level ``levels[r]`` (of issue
    ``issues[r]``) that party ``parties[p]`` excludes: some of its constraints fail there.
    ``count[r]`` is how many feasible settlements have that level.
    """

    issues: tuple[str, ...]
    levels: tuple[str, ...]
    parties: tuple[str, ...]
    share: np.ndarray
    count: np.ndarray


def blocking_by_level(compiled: CompiledModel, red_lines_only: bool = False) -> LevelBlocking:
    """Who excludes what, per issue level (one weighted ``bincount`` per issue and party)."""
    model = compiled.model
    feasible = compiled.only_feasible(np.ones(compiled.n_outcomes, dtype=bool))
    index = np.flatnonzero(feasible)
    levels = compiled.level_indices(index)
    rows = compiled.violations[index]
    issues, names, shares, counts = [], [], [], []
    blocked = []
    for p in range(len(compiled.party_ids)):
        bits = compiled.party_bits[p]
        if red_lines_only:
            bits = bits & compiled.red_line_bits
        blocked.append(np.any(rows & bits, axis=1).astype(float))
    for j, issue in enumerate(model.issues):
        size = len(issue.levels)
        count = np.bincount(levels[:, j], minlength=size)
        share = np.stack([np.bincount(levels[:, j], weights=b, minlength=size) for b in blocked],
                         axis=1) / np.maximum(count, 1)[:, None]
        issues += [issue.id] * size
        names += list(issue.level_ids)
        shares.append(share)
        counts.append(count)
    return LevelBlocking(tuple(issues), tuple(names), compiled.party_ids,
                         np.concatenate(shares), np.concatenate(counts))
