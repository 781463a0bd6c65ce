"""Independent verification of a certificate, from the model alone, in whole-array passes.

Nothing here reuses the compiled arrays, the expression compiler or the set-family algorithms
that produced the certificate. Each constraint is evaluated over the product space by its own
broadcasting walk over the parsed expression (a condition on one issue costs an array over that
issue's levels), valuations as broadcast sums of score tables (in the same order of additions as
the analysis, so boundary cases agree), and every outcome gets a *violation key*: an integer with
bit ``c mod 60`` of word ``c div 60`` set when constraint ``c`` fails there (the analysis uses
64-bit words; this layout is deliberately different). The distinct keys of the feasible outcomes
and their counts are all the claims need: "some outcome satisfies the set ``S``" holds exactly when
some distinct key shares no bit with ``S``. The checks:

1. the constraint list and the two headline facts (red lines compatible, bargaining set
   non-empty) agree with the exhaustive evaluation;
2. every MUS is incompatible and each proper subset is compatible (its witness outcome
   satisfies it);
3. every MCS opens the bargaining set (its witness satisfies everything else) and is minimal;
   the list is complete (every outcome's violation set contains a listed MCS);
4. the MUS list is exactly the family of minimal hitting sets of the MCS list (Reiter 1987,
   "A theory of diagnosis from first principles", Artificial Intelligence 32:57–95), hence
   complete — checked with plain Python sets;
5. pairwise compatibility claims and the blocking-map counts (when present) are exact.

Coupling rules are applied here on their own terms too: for each party the rules cover, the
listed levels of the rule's issue are replaced by the effective one wherever the rule's
``unless`` condition (read on the levels as written) fails — an array of effective levels over
the space — and the red lines *as written* and the valuations are evaluated on those levels;
the rewritten conditions and value corrections the analysis uses are never read.
"""

from __future__ import annotations

import numpy as np

from negotiation.bargaining.certificate import Certificate
from negotiation.model.core import Model, Valuation
from negotiation.model.expressions import And, Const, Expr, In, Not

__all__ = ["feasible_outcomes", "minimal_hitting_sets", "satisfaction", "verify"]

BITS = 60                    # constraints per key word
COUNT_LIMIT = 1 << 24        # keys below this (and 4N) are counted with one bincount


def _written(shape: tuple[int, ...]) -> list[np.ndarray]:
    """Per issue, its level numbers along its own axis (broadcastable to ``shape``)."""
    out = []
    for j, size in enumerate(shape):
        axis = [1] * len(shape)
        axis[j] = size
        out.append(np.arange(size, dtype=np.int16 if size < 1 << 15 else np.int64)
                   .reshape(axis))
    return out


def _holds(expr: Expr, levels: list[np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
    """Where ``expr`` holds, as a boolean array broadcastable to ``shape``; ``levels[j]`` holds
    the level of issue ``j`` at each outcome (as written, or as a party reads it)."""
    if isinstance(expr, In):
        member = np.zeros(shape[expr.issue], dtype=bool)
        member[sorted(expr.levels)] = True
        return member[levels[expr.issue]]
    if isinstance(expr, Const):
        return np.full((1,) * len(shape), bool(expr.value))
    if isinstance(expr, Not):
        return np.logical_not(_holds(expr.term, levels, shape))
    parts = [_holds(t, levels, shape) for t in expr.terms]
    out = parts[0]
    for p in parts[1:]:
        out = (out & p) if isinstance(expr, And) else (out | p)
    return out


def _effective(model: Model, party: str, written: list[np.ndarray]) -> list[np.ndarray]:
    """The level of each issue as ``party`` reads it under the model's coupling rules."""
    out = list(written)
    names = [i.id for i in model.issues]
    for rule in model.coupling:
        if party not in rule.parties:
            continue
        g = names.index(rule.issue)
        ids = list(model.issues[g].level_ids)
        listed = np.zeros(len(ids), dtype=bool)
        listed[[ids.index(lv) for lv in rule.levels]] = True
        unbacked = listed[written[g]] & ~_holds(rule.unless_expr, written, model.shape)
        out[g] = np.where(unbacked, out[g].dtype.type(ids.index(rule.counts_as)), out[g])
    return out


def _value(valuation: Valuation, model: Model, levels: list[np.ndarray]) -> np.ndarray:
    """``v(x) = Σ_j w_j s_j(x_j)`` over the whole space (broadcastable to its shape), summed
    issue by issue from zero as the analysis does."""
    total = np.zeros((1,) * len(model.shape))
    for j, issue in enumerate(model.issues):
        if issue.id in valuation.weights:
            table = np.array([valuation.scores[issue.id][lv].value for lv in issue.level_ids])
            total = total + (valuation.weights[issue.id].value * table)[levels[j]]
    return total


def feasible_outcomes(model: Model) -> np.ndarray:
    """``(N,)``: where every feasibility condition of the model holds."""
    written = _written(model.shape)
    ok = np.ones((1,) * len(model.shape), dtype=bool)
    for rule in model.feasibility:
        ok = ok & _holds(rule.expr, written, model.shape)
    return np.broadcast_to(ok, model.shape).ravel()


def _constraint_holds(model: Model) -> tuple[list[str], list[np.ndarray]]:
    """Constraint ids and, for each, where it holds (broadcastable to the space's shape)."""
    written = _written(model.shape)
    ids, where = [], []
    seen: dict[str, list[np.ndarray]] = {}
    for spec in model.constraints():
        ids.append(spec.id)
        if spec.party not in seen:
            seen[spec.party] = _effective(model, spec.party, written)
        levels = seen[spec.party]
        if spec.kind == "red_line":
            rl = spec.red_line
            where.append(_holds(rl.as_written if rl.as_written is not None else rl.expr,
                                levels, model.shape))
            continue
        party = model.party(spec.party)
        if spec.register is not None:
            reg = next(r for r in party.registers if r.id == spec.register)
            v = _value(reg.valuation, model, levels)
            d = reg.disagreement or party.disagreement
        elif party.registers:
            v = sum(r.weight.value * _value(r.valuation, model, levels) for r in party.registers)
            d = party.disagreement
        else:
            v, d = _value(party.valuation, model, levels), party.disagreement
        where.append(v >= d.value - model.epsilon)
    return ids, where


def satisfaction(model: Model) -> tuple[list[str], np.ndarray]:
    """Constraint ids and an ``(N, m)`` matrix: does outcome ``x`` satisfy constraint ``c``?

    Rows are all outcomes of the product space; restrict them with :func:`feasible_outcomes`.
    (Materialised for small models and tests; :func:`verify` never builds it.)
    """
    ids, where = _constraint_holds(model)
    n = int(np.prod(model.shape))
    cols = [np.broadcast_to(w, model.shape).ravel() for w in where]
    return ids, np.stack(cols, axis=1) if cols else np.ones((n, 0), dtype=bool)


def _keys(model: Model) -> tuple[list[str], np.ndarray]:
    """Constraint ids and the ``(N, K)`` violation keys (see the module docstring)."""
    ids, where = _constraint_holds(model)
    n = int(np.prod(model.shape))
    words = max(1, -(-len(ids) // BITS))
    keys = np.zeros((words,) + tuple(model.shape), dtype=np.int64)
    for c, ok in enumerate(where):
        word = keys[c // BITS]
        np.bitwise_or(word, np.int64(1) << np.int64(c % BITS), out=word,
                      where=np.broadcast_to(~ok, model.shape))
    return ids, keys.reshape(words, n).T


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of ``keys`` (sorted) and how many rows carry each."""
    if keys.shape[1] == 1:
        column = keys[:, 0]
        top = int(column.max()) if len(column) else 0
        if top < min(COUNT_LIMIT, 4 * len(column)):     # a table no larger than the data
            counts = np.bincount(column, minlength=top + 1)
            present = np.flatnonzero(counts)
            return present[:, None], counts[present]
        values, counts = np.unique(column, return_counts=True)
        return values[:, None], counts
    return np.unique(keys, axis=0, return_counts=True)


def minimal_hitting_sets(family: list[frozenset]) -> set[frozenset]:
    """Berge's algorithm on Python sets (a second implementation, for cross-checking)."""
    result = {frozenset()}
    for member in family:
        grown = set()
        for t in result:
            if t & member:
                grown.add(t)
            else:
                grown.update(t | {e} for e in member)
        result = {t for t in grown if not any(o < t for o in grown)}
    return result


def verify(model: Model, cert: Certificate) -> list[str]:
    """Problems found in ``cert`` for ``model``; an empty list means every claim holds."""
    problems: list[str] = []
    ids, keys = _keys(model)
    if tuple(ids) != cert.constraint_ids:
        return [f"constraint list differs: {cert.constraint_ids} vs {tuple(ids)}"]
    feasible = feasible_outcomes(model)
    # An infeasible outcome satisfies nothing, so it can neither witness nor rescue a claim.
    distinct, counts = _distinct(keys if feasible.all() else keys[feasible])
    col = {c: n for n, c in enumerate(ids)}

    def mask(cols: list[int]) -> np.ndarray:
        out = np.zeros(keys.shape[1], dtype=np.int64)
        for c in cols:
            out[c // BITS] |= np.int64(1) << np.int64(c % BITS)
        return out

    def some(cols: list[int]) -> bool:
        return bool(np.any(np.all((distinct & mask(cols)) == 0, axis=1)))

    def ok_at(outcome: int | None, cols: list[int]) -> bool:
        return outcome is not None and 0 <= outcome < len(feasible) and \
            bool(feasible[outcome]) and bool(np.all((keys[outcome] & mask(cols)) == 0))

    everything = list(range(len(ids)))
    red = [n for n, spec in enumerate(model.constraints()) if spec.kind == "red_line"]
    if cert.bargaining_nonempty != some(everything):
        problems.append("bargaining_nonempty is wrong")
    if cert.red_lines_compatible != some(red):
        problems.append("red_lines_compatible is wrong")

    for mus, witnesses in zip(cert.mus, cert.mus_witnesses):
        cols = [col[c] for c in mus]
        if some(cols):
            problems.append(f"MUS {mus} is satisfiable")
        for c in mus:
            if not ok_at(witnesses.get(c), [col[e] for e in mus if e != c]):
                problems.append(f"MUS {mus} minus {c}: witness does not satisfy the rest")
    for mcs, w in zip(cert.mcs, cert.mcs_witnesses):
        rest = [n for n in everything if ids[n] not in mcs]
        if not ok_at(w, rest):
            problems.append(f"MCS {mcs}: witness does not satisfy the other constraints")
        for c in mcs:
            if some(rest + [col[c]]):
                problems.append(f"MCS {mcs} is not minimal: {c} can stay")

    # Each distinct violation key as the set of constraints it names.
    bits = np.zeros((len(distinct), len(ids)), dtype=bool)
    for c in everything:
        bits[:, c] = (distinct[:, c // BITS] >> np.int64(c % BITS)) & 1 == 1
    if not cert.bargaining_nonempty:
        covered = np.zeros(len(distinct), dtype=bool)
        for s in cert.mcs:
            m = mask([col[c] for c in s])
            covered |= np.all((distinct & m) == m, axis=1)
        if not covered.all():
            problems.append("the MCS list is incomplete")
        listed = [frozenset(s) for s in cert.mcs]
        dual = minimal_hitting_sets(listed)
        if dual != {frozenset(s) for s in cert.mus} or len(cert.mus) != len(dual):
            problems.append("the MUS list is not the set of minimal hitting sets of the MCS list")
    elif cert.mus or cert.mcs:
        problems.append("a non-empty bargaining set has no MUS or MCS")

    owned = {p.id: [n for n, c in enumerate(ids) if c.split(".")[0] == p.id]
             for p in model.parties}
    for key, claim in cert.pairwise.items():
        a, b = key.split("+")
        cols = owned[a] + owned[b]
        if claim != some(cols) or (claim and not ok_at(cert.pairwise_witnesses[key], cols)):
            problems.append(f"pairwise compatibility of {key} is wrong")
    for p, claim in cert.party_consistent.items():
        if claim != some(owned[p]):
            problems.append(f"consistency of {p}'s own constraints is wrong")

    if cert.blocking is None:      # the integer-programming backend has no blocking map
        return problems
    patterns = cert.blocking.patterns
    if any(c not in col for p in patterns for c in p.blocked_by):
        return problems + ["the blocking map names an unknown constraint"]
    claimed_keys = np.array([mask([col[c] for c in p.blocked_by]) for p in patterns],
                            dtype=np.int64).reshape(len(patterns), keys.shape[1])
    exact = {tuple(row): int(k) for row, k in zip(distinct.tolist(), counts.tolist())}
    claimed = {tuple(row): p.count for row, p in zip(claimed_keys.tolist(), patterns)}
    if claimed != exact or len(claimed) != len(patterns):
        problems.append("blocking-map pattern counts are wrong")
    where = np.array([p.witness for p in patterns], dtype=np.int64)
    inside = (where >= 0) & (where < len(feasible))
    good = inside.copy()
    good[inside] = feasible[where[inside]] & np.all(keys[where[inside]] == claimed_keys[inside],
                                                    axis=1)
    if not good.all():
        problems.append(f"blocking-map witness {int(where[~good][0])} has another pattern")
    excluded = dict(zip(ids, (counts @ bits).tolist()))
    single = bits.sum(axis=1) == 1
    alone = dict(zip(ids, (counts[single] @ bits[single]).tolist()))
    by_party = {p: int(counts[bits[:, cols].any(axis=1)].sum()) for p, cols in owned.items()}
    if (cert.blocking.excluded_by != excluded or cert.blocking.excluded_only_by != alone
            or cert.blocking.excluded_by_party != by_party):
        problems.append("blocking-map counts per constraint or party are wrong")
    return problems
