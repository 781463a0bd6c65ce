"""Whose action each party's minimum needs, from the model's supplier tags.

A ``[[suppliers]]`` tag says which parties must *act* (do something positive: withdraw, amend a
constitution, give a guarantee) or *refrain* (stop advancing, not invite) for an issue to take a
level. A settlement ``x`` thus needs the acts ``a(x) = ∪_j acts(x_j)`` and the restraint
``r(x) = ∪_j refrains(x_j)``. For party ``i`` and its minimum (its red-line set ``A_i``, feasible
settlements only), counting only the *other* parties:

- the *ways by acts* are the minimal sets among ``{a(x) ∖ {i} : x ∈ A_i}``: whose positive action
  suffices, one alternative per set;
- for each such way ``W``, the restraint it still needs: the minimal sets among
  ``{r(x) ∖ ({i} ∪ W) : x ∈ A_i, a(x) ∖ {i} ⊆ W}``.

A way is then ``(acts W, restraint R)``. Two counting rules answer "does the minimum need both
(all) others?" (000 ¶52: Ukraine's minimum depends "on active positive commitment from both
remaining actors"): counting acts only (``W`` contains every other party), or acts and restraint
(``W ∪ R`` does). Both are reported; neither is chosen to match the article. Computed as whole
arrays: each issue's level tags are bit masks over the parties, combined over the outcome space
by an outer OR.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation._util import bitsets
from negotiation.bargaining.zone import satisfying
from negotiation.model.compiled import CompiledModel

__all__ = ["MinimumNeeds", "Way", "whose_action"]


@dataclass(frozen=True)
class Way:
    """One way of meeting a minimum: the other parties that must act, and those that must then
    refrain."""

    acts: frozenset[str]
    refrains: frozenset[str]

    @property
    def parties(self) -> frozenset[str]:
        return self.acts | self.refrains


@dataclass(frozen=True)
class MinimumNeeds:
    """What meeting ``party``'s minimum needs from the others."""

    party: str
    others: tuple[str, ...]
    settlements: int                 # |A_i| (feasible settlements meeting its red lines)
    ways: tuple[Way, ...]

    def needs(self, restraint: bool = False) -> tuple[str, ...]:
        """Other parties needed in every way (acting; or acting or refraining)."""
        sets = [w.parties if restraint else w.acts for w in self.ways]
        return tuple(p for p in self.others if sets and all(p in s for s in sets))

    def all_others(self, restraint: bool = False) -> tuple[bool, bool]:
        """Whether (some way, every way) needs every other party (acting; or either)."""
        full = set(self.others)
        sets = [w.parties if restraint else w.acts for w in self.ways]
        return any(s >= full for s in sets), bool(sets) and all(s >= full for s in sets)


def _masks(compiled: CompiledModel, kind: str) -> np.ndarray:
    """``(N,)``: for each settlement, the parties that must ``kind`` ("acts" or "refrains"), as
    bit masks (outer OR of each issue's level masks)."""
    model = compiled.model
    party_no = {p: n for n, p in enumerate(compiled.party_ids)}
    issue_no = {i.id: n for n, i in enumerate(model.issues)}
    per_issue = [np.zeros(len(i.levels), dtype=np.int64) for i in model.issues]
    for tag in model.suppliers:
        bits = sum(1 << party_no[p] for p in getattr(tag, kind))
        j = issue_no[tag.issue]
        for lv in tag.levels:
            per_issue[j][model.issues[j].level_ids.index(lv)] |= bits
    total = np.zeros(1, dtype=np.int64)
    for vec in per_issue:
        total = np.bitwise_or.outer(total, vec).ravel()
    return total


def _minimal(masks: np.ndarray, n: int) -> list[int]:
    """The inclusion-minimal masks among ``masks`` (bit masks over ``n`` parties)."""
    distinct = np.unique(masks)
    if not len(distinct):
        return []
    rows = bitsets.from_sets([[k for k in range(n) if int(m) >> k & 1] for m in distinct], n)
    return [sum(1 << k for k in s) for s in bitsets.to_sets(bitsets.minimal_elements(rows))]


def whose_action(compiled: CompiledModel) -> tuple[MinimumNeeds, ...]:
    """For every party, the ways of meeting its minimum (see the module docstring)."""
    parties = compiled.party_ids
    n = len(parties)
    if n > 62:
        raise ValueError("supplier masks hold at most 62 parties")
    acts, refrains = _masks(compiled, "acts"), _masks(compiled, "refrains")

    def names(mask: int) -> frozenset[str]:
        return frozenset(parties[k] for k in range(n) if mask >> k & 1)

    out = []
    for i, party in enumerate(parties):
        inside = satisfying(compiled, compiled.party_bits[i] & compiled.red_line_bits)
        me = np.int64(1 << i)
        a, r = acts[inside] & ~me, refrains[inside]
        ways = []
        for w in _minimal(a, n):
            within = (a & ~np.int64(w)) == 0
            for rest in _minimal(r[within] & ~(me | np.int64(w)), n):
                ways.append(Way(names(w), names(rest)))
        ways.sort(key=lambda w: (len(w.acts), sorted(w.acts), len(w.refrains),
                                 sorted(w.refrains)))
        out.append(MinimumNeeds(party, tuple(p for p in parties if p != party),
                                int(inside.sum()), tuple(ways)))
    return tuple(out)
