"""Inverse analysis: over every strict ranking of one decision maker's states, how many make a
target state an equilibrium under each stability notion — and on what conditions.

Let ``v`` be the varied decision maker, ``t`` the target, ``n`` the number of states; the other
decision makers keep their preferences. A strict ranking ``π`` of ``v`` is one of ``n!``.
Write ``U = {q : q ≻_v t}`` for the states ``v`` ranks above ``t``, ``Q = R_v(t)`` for the states
``v`` can move to from ``t``, ``S_q = R_{N−v}(q)`` for what the others can reach after such a
move (``S⁺_q`` by their unilateral improvements) and ``B_w = ({w} ∪ R_v(w)) − {t}``.

*The others.* Nash, GMR and SMR stability of another decision maker ``i`` at ``t`` do not depend
on ``v``'s preferences (``v`` only sanctions, and GMR/SMR sanctions ignore the sanctioner's
preferences). SEQ stability of ``i`` can: ``v``'s moves count in a credible sanction only if
they improve ``v``'s position. It is decided once with every move of ``v`` counted and once
with none; when the two agree it does not depend on ``π``.

*The varied decision maker* is stable at ``t`` unless some ``q ∈ Q`` is in ``U`` and is not
deterred, i.e. the event ``E_q``: for Nash ``q ∈ U``; for GMR ``q ∈ U`` and ``S_q ⊆ U``; for SEQ
the same with ``S⁺_q``; for SMR ``q ∈ U`` and every ``B_w`` (``w ∈ S_q``) meets ``U``. All depend
on ``U`` alone, and for a uniformly random ranking ``P(A ⊆ U, C ∩ U = ∅) = |A|!|C|!/(|A|+|C|+1)!``
for disjoint ``A, C`` (``t`` must come above ``C`` and below ``A``; all orders of ``A ∪ C ∪ {t}``
are equally likely). By inclusion–exclusion over ``J ⊆ Q``:

- Nash: ``n!/(|Q|+1)``;
- GMR (SEQ with ``S⁺``): ``Σ_J (−1)^|J| n!/(|F_J|+1)``, ``F_J = J ∪ ⋃_{q∈J} S_q − {t}`` (a ``q``
  with ``t ∈ S_q`` is always deterred and drops out);
- SMR: ``Σ_J (−1)^|J| Σ_{K} (−1)^|K| n!·|J|!·|∪K|!/(|J|+|∪K|+1)!`` over sets ``K`` of the minimal
  ``B_w`` (``w ∈ ⋃_{q∈J} S_q``) disjoint from ``J``, terms with ``J ∩ ∪K ≠ ∅`` vanishing.

These are exact integers (``method = "formula"``). When a count cannot be had this way — SEQ
of another decision maker depends on ``π``, or the SMR sum has too many terms — the rankings
are **enumerated**: only the relative order of the *relevant* states ``D`` (those the conditions
mention) matters, so the ``|D|!`` orders of ``D`` are checked, vectorised, and each stands for
``n!/|D|!`` rankings (``method = "enumeration"``). Both are refused, with a message saying why,
beyond their limits. The tests check both against brute force over all ``n!`` rankings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import factorial

import numpy as np

from negotiation._util import bitsets
from negotiation._util.parallel import Runner
from negotiation._util.words import join_words
from negotiation.errors import InputError
from negotiation.gmcr.counting import (
    TooManyTerms,
    bit_rows,
    signed_sizes,
    signed_union_sizes,
    subset_unions,
)
from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.rankings import Setup, enumerate_orders, sample_rankings, setup
from negotiation.gmcr.stability import (
    NOTIONS,
    dm_stability,
    improvements,
    reach_sets,
    unsanctioned,
)

__all__ = ["ENUMERATION_LIMIT", "FORMULA_LIMIT", "Inverse", "METHODS", "Requirement", "SAMPLES",
           "inverse"]

ENUMERATION_LIMIT = 1_000_000     # orders of the relevant states checked by enumeration
FORMULA_LIMIT = 1 << 22           # inclusion–exclusion terms
SAMPLES = 20_000                  # random rankings when neither exact method applies
METHODS = ("auto", "formula", "enumeration", "sample")


@dataclass(frozen=True)
class Requirement:
    """What ``v``'s ranking must satisfy about one of its moves ``t → move`` under a notion:
    prefer ``t`` to ``move``, or like ``t`` at least as much as one of ``answers`` (states the
    others can reach after the move; for SMR, also not escapable by ``v``). ``always``: the
    others can bring the conflict back to ``t``, so the move is deterred whatever ``v`` thinks."""

    notion: str
    move: int
    answers: tuple[int, ...]
    always: bool


@dataclass(frozen=True)
class Inverse:
    graph: GraphModel
    target: int
    vary: int
    profiles: int                                  # n!
    counts: dict[str, int | None]                  # None: not counted exactly (see bounds)
    method: str                                    # formula, enumeration, formula+sampling
    others: dict[str, dict[int, bool | None]]      # None: depends on v's ranking (SEQ)
    blocking: dict[str, dict[int, tuple[int, ...]]]  # others' undeterred improvements at t
    requirements: tuple[Requirement, ...]
    relevant: tuple[int, ...] = ()                 # the states whose order was enumerated
    bounds: dict[str, tuple[int, int]] = field(default_factory=dict)
    estimates: dict[str, tuple[int, int]] = field(default_factory=dict)  # (hits, samples)
    seed: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def fraction(self, notion: str) -> float | None:
        count = self.counts[notion]
        return None if count is None else count / self.profiles

    def count_bounds(self, notion: str) -> tuple[int, int]:
        count = self.counts[notion]
        return (count, count) if count is not None else self.bounds[notion]


# ------------------------------------------------------------------------------- structure


def _containment_count(s: Setup, answers: np.ndarray) -> int:
    """Rankings under which ``v`` is stable at ``t`` when a move ``q`` is deterred unless
    ``{q} ∪ answers_q ⊆ U`` (Nash with no answers, GMR, SEQ)."""
    n, t = s.graph.n, s.t
    live = [k for k in range(len(s.moves)) if not answers[k, t]]
    if len(live) > 22:
        raise TooManyTerms(f"{len(live)} moves of the varied decision maker from the target")
    sets = []
    for k in live:
        row = answers[k].copy()
        row[s.moves[k]] = True
        row[t] = False
        sets.append(row)
    unions, parity = subset_unions(bit_rows(sets, n) if sets else np.zeros((0, 1), np.uint64))
    coefficients = signed_sizes(unions, parity, n)
    total = factorial(n)
    return sum(int(c) * (total // (f + 1)) for f, c in enumerate(coefficients) if c)


def _smr_count(s: Setup) -> int:
    """Rankings under which ``v`` is SMR-stable at ``t`` (double inclusion–exclusion)."""
    n, t, q = s.graph.n, s.t, len(s.moves)
    if q > 12:
        raise TooManyTerms(f"{q} moves of the varied decision maker from the target")
    blocks = {}
    for w in np.flatnonzero(s.reach.any(axis=0)):
        members = set(s.vmoves[w].tolist()) | {int(w)}
        members.discard(t)
        blocks[int(w)] = members
    total, budget, count = factorial(n), [FORMULA_LIMIT], 0
    for mask in range(1 << q):
        chosen = [k for k in range(q) if mask >> k & 1]
        jset = set(s.moves[chosen].tolist())
        ws = np.flatnonzero(s.reach[chosen].any(axis=0)) if chosen else np.zeros(0, int)
        family = [sorted(blocks[int(w)]) for w in ws if not jset & blocks[int(w)]]
        rows = bitsets.minimal_elements(bit_rows(family, n)) if family else np.zeros((0, 1),
                                                                                   np.uint64)
        a = len(chosen)
        for c, coef in enumerate(signed_union_sizes(rows, n, budget, FORMULA_LIMIT)):
            if coef:
                count += (-1) ** a * coef * (total * factorial(a) * factorial(c)
                                             // factorial(a + c + 1))
    return count


# ------------------------------------------------------------------------------ enumeration


def _relevant(s: Setup, seq_open: dict[int, np.ndarray]) -> np.ndarray:
    """States whose order relative to each other (and ``t``) the conditions mention."""
    keep = np.zeros(s.graph.n, dtype=bool)
    keep[s.t] = True
    keep[s.moves] = True
    keep |= s.reach.any(axis=0) | s.credible.any(axis=0)
    for w in np.flatnonzero(s.reach.any(axis=0)):
        keep[s.vmoves[w]] = True
    src, dst = s.graph.moves[s.v].T
    for region in seq_open.values():
        inside = region[src]
        keep[src[inside]] = True
        keep[dst[inside]] = True
    return np.flatnonzero(keep)


def _seq_regions(graph: GraphModel, t: int, v: int, usable: list[np.ndarray],
                 open_dms: list[int]) -> dict[int, np.ndarray]:
    """For each decision maker whose SEQ stability depends on ``v``: the states its sanctions
    can pass through (everything the others reach from its improvements)."""
    out = {}
    for i in open_dms:
        src, dst = graph.moves[i].T
        moves = dst[(src == t) & usable[i]]
        others = [k for k in range(graph.m) if k != i]
        every = [np.ones(len(graph.moves[k]), dtype=bool) for k in others]
        region = reach_sets(graph, others, every, moves).any(axis=0)
        region[moves] = True
        out[i] = region
    return out


# ------------------------------------------------------------------------------------- main


def inverse(graph: GraphModel, target: int, vary: int, method: str = "auto",
            limit: int = ENUMERATION_LIMIT, samples: int = SAMPLES, seed: int = 0,
            executor=None, progress: bool = False) -> Inverse:
    """Count, for every notion, the strict rankings of ``vary`` that make ``target`` an
    equilibrium.

    ``method``: ``formula`` (exact, refused where it does not apply), ``enumeration`` (exact,
    refused beyond ``limit`` orders), ``auto`` (the formula, else enumeration, else refused) or
    ``sample`` (like ``auto``, but where neither exact method applies: exact bounds from the
    implications Nash ⇒ SMR, SEQ ⇒ GMR and a seeded estimate from ``samples`` random rankings).
    Enumeration and sampling run in tasks (``executor``: a ``concurrent.futures`` pool or a Dask
    ``Client``) with the same counts however the work is spread.
    """
    if method not in METHODS:
        raise InputError(f"unknown method '{method}'", argument="method", value=method,
                         fix="use " + ", ".join(METHODS))
    if seed < 0:
        raise InputError("cannot be negative", argument="seed", value=seed)
    n, t, v = graph.n, target, vary
    usable = [improvements(graph, k) for k in range(graph.m)]
    others: dict[str, dict[int, bool | None]] = {notion: {} for notion in NOTIONS}
    blocking: dict[str, dict[int, tuple[int, ...]]] = {notion: {} for notion in NOTIONS}
    for i in range(graph.m):
        if i == v:
            continue
        high = list(usable)
        high[v] = np.ones(len(graph.moves[v]), dtype=bool)
        low = list(usable)
        low[v] = np.zeros(len(graph.moves[v]), dtype=bool)
        hi, lo = dm_stability(graph, i, high)[:, t], dm_stability(graph, i, low)[:, t]
        stuck = unsanctioned(graph, i, t, high)
        for k, notion in enumerate(NOTIONS):
            others[notion][i] = bool(hi[k]) if hi[k] == lo[k] else None
            if not hi[k]:
                blocking[notion][i] = tuple(int(x) for x in stuck[notion])
    fixed = {notion: all(x is not False for x in others[notion].values())
             for notion in NOTIONS}
    seq_open = [i for i, x in others["seq"].items() if x is None]
    if not fixed["seq"]:
        seq_open = []
    s = setup(graph, t, v, usable)
    common = dict(graph=graph, target=t, vary=v, profiles=factorial(n), others=others,
                  blocking=blocking, requirements=_requirements(s))

    exact: dict[str, int] = {}
    why: dict[str, str] = {}
    formulas = {"nash": lambda: factorial(n) // (len(s.moves) + 1),
                "gmr": lambda: _containment_count(s, s.reach), "smr": lambda: _smr_count(s),
                "seq": lambda: _containment_count(s, s.credible)}
    own: dict[str, int] = {}
    if method != "enumeration":
        for notion in NOTIONS:
            try:
                own[notion] = formulas[notion]()
            except TooManyTerms as err:
                why[notion] = str(err)
                continue
            if not fixed[notion]:
                exact[notion] = 0
            elif notion == "seq" and seq_open:
                why["seq"] = ("sequential stability of "
                              + _names(graph, seq_open) + " depends on which moves "
                              f"{graph.dm_labels[v]} counts as improvements")
            else:
                exact[notion] = own[notion]
        if len(exact) == len(NOTIONS):
            return Inverse(counts=exact, method="formula", **common)
        if method == "formula":
            raise InputError("the exact formula does not apply: " + "; ".join(why.values()),
                             argument="method", value="formula", file=graph.file or None,
                             fix="use the method enumeration, auto or sample")

    relevant = _relevant(s, _seq_regions(graph, t, v, usable, seq_open))
    orders = factorial(len(relevant))
    if orders <= limit:
        counts = enumerate_orders(s, usable, fixed, seq_open, relevant,
                            Runner(executor, progress, "orders"))
        note = f"enumerated the {orders:,} orders of the {len(relevant)} relevant states"
        if why:
            note += " (" + "; ".join(why.values()) + ")"
        return Inverse(counts=counts, method="enumeration", relevant=tuple(relevant.tolist()),
                       notes=(note,), **common)
    if method != "sample":
        why_not = f" (and the exact formula does not apply: {'; '.join(why.values())})" \
            if why else ""
        raise InputError(
            f"too many rankings: {graph.dm_labels[v]} has {n} states ({n}! = "
            f"{factorial(n):.3g} strict rankings); their relevant part is the order of "
            f"{len(relevant)} states, {orders:.3g} orders, over the limit of {limit:,}"
            f"{why_not}",
            argument="vary", file=graph.file or None,
            fix="use the method sample for exact bounds and a sampled share, vary another "
                "decision maker, raise the limit, or coarsen the model")

    bounds = {notion: (count, count) for notion, count in exact.items()}
    total = factorial(n)
    for notion in (x for x in ("gmr", "smr", "seq", "nash") if x not in exact):
        low = exact.get("nash", 0) if notion != "nash" else 0
        high = exact.get("gmr", total) if notion != "gmr" else total
        if notion in own and notion != "gmr":
            high = min(high, own[notion])
        bounds[notion] = (low, high)
    hits = sample_rankings(s, usable, fixed, seq_open, samples, seed,
                   Runner(executor, progress, "rankings"))
    estimates = {notion: (hits[notion], samples) for notion in NOTIONS if notion not in exact}
    notes = tuple(f"{notion.upper()} not counted exactly: {why.get(notion, 'too many orders')}; "
                  f"exact bounds and an estimate from {samples:,} random rankings "
                  f"(seed {seed}) are given instead" for notion in estimates)
    return Inverse(counts={notion: exact.get(notion) for notion in NOTIONS},
                   method="formula+sampling", bounds=bounds, estimates=estimates,
                   seed=seed, notes=notes, **common)


def _names(graph: GraphModel, dms: list[int]) -> str:
    return join_words([graph.dm_labels[i] for i in dms])


def _requirements(s: Setup) -> tuple[Requirement, ...]:
    out = []
    for notion, answers in (("nash", None), ("gmr", s.reach), ("smr", s.reach),
                            ("seq", s.credible)):
        for k, q in enumerate(s.moves):
            found = () if answers is None else tuple(
                w for w in np.flatnonzero(answers[k]).tolist() if w != q)
            out.append(Requirement(notion, int(q), found, s.t in found and notion != "smr"))
    return tuple(out)
