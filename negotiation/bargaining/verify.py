"""Independent verification of a certificate, from the model alone.

Nothing here reuses the compiled arrays or the set-family algorithms that produced the
certificate: outcomes are listed with :func:`numpy.indices`, red lines are evaluated by a direct
walk over the parsed expression, valuations by gathering scores per outcome, and the MUS/MCS
duality is checked with plain Python sets. The checks:

1. the constraint list and the two headline facts (red lines compatible, bargaining set
   non-empty) agree with an exhaustive evaluation;
2. every MUS is incompatible (exhaustively) and each proper subset is compatible (its witness
   outcome satisfies it);
3. every MCS opens the bargaining set (its witness satisfies everything else) and is minimal
   (exhaustively); the list is complete (every outcome's violation set contains a listed MCS);
4. the MUS list is exactly the family of minimal hitting sets of the MCS list (Reiter duality),
   hence complete;
5. pairwise compatibility claims and the blocking-map counts (when present) are exact.

Coupling rules are applied here on their own terms too: for each party the rules cover, the
listed levels are replaced by the effective ones outcome by outcome (``np.where`` on the level
table), and the red lines *as written* and the valuations are evaluated on those levels; the
rewritten conditions and value corrections the analysis uses are never read.
"""

from __future__ import annotations

import numpy as np

from negotiation.bargaining.certificate import Certificate
from negotiation.model.core import Model, Valuation
from negotiation.model.expressions import And, Const, Expr, In, Not


def _evaluate(expr: Expr, levels: np.ndarray) -> np.ndarray:
    if isinstance(expr, In):
        return np.isin(levels[:, expr.issue], sorted(expr.levels))
    if isinstance(expr, Const):
        return np.full(len(levels), expr.value)
    if isinstance(expr, Not):
        return ~_evaluate(expr.term, levels)
    parts = [_evaluate(t, levels) for t in expr.terms]
    return np.all(parts, axis=0) if isinstance(expr, And) else np.any(parts, axis=0)


def _value(valuation: Valuation, model: Model, levels: np.ndarray) -> np.ndarray:
    total = np.zeros(len(levels))
    for j, issue in enumerate(model.issues):
        if issue.id in valuation.weights:
            table = np.array([valuation.scores[issue.id][lv].value for lv in issue.level_ids])
            total = total + valuation.weights[issue.id].value * table[levels[:, j]]
    return total


def _effective(model: Model, party: str, levels: np.ndarray) -> np.ndarray:
    """The level table as ``party`` reads it under the model's coupling rules."""
    out = levels
    names = [i.id for i in model.issues]
    for rule in model.coupling:
        if party not in rule.parties:
            continue
        g = names.index(rule.issue)
        ids = list(model.issues[g].level_ids)
        unbacked = np.isin(levels[:, g], [ids.index(lv) for lv in rule.levels]) \
            & ~_evaluate(rule.unless_expr, levels)
        out = out.copy() if out is levels else out
        out[:, g] = np.where(unbacked, ids.index(rule.counts_as), out[:, g])
    return out


def feasible_outcomes(model: Model) -> np.ndarray:
    """``(N,)``: where every feasibility condition of the model holds."""
    levels = np.indices(model.shape).reshape(len(model.shape), -1).T
    ok = np.ones(len(levels), dtype=bool)
    for rule in model.feasibility:
        ok &= _evaluate(rule.expr, levels)
    return ok


def satisfaction(model: Model) -> tuple[list[str], np.ndarray]:
    """Constraint ids and an ``(N, m)`` matrix: does outcome ``x`` satisfy constraint ``c``?

    Rows are all outcomes of the product space; restrict them with :func:`feasible_outcomes`.
    """
    written = np.indices(model.shape).reshape(len(model.shape), -1).T
    ids, columns = [], []
    seen: dict[str, np.ndarray] = {}
    for spec in model.constraints():
        ids.append(spec.id)
        if spec.party not in seen:
            seen[spec.party] = _effective(model, spec.party, written)
        levels = seen[spec.party]
        if spec.kind == "red_line":
            rl = spec.red_line
            columns.append(_evaluate(rl.as_written if rl.as_written is not None else rl.expr,
                                     levels))
            continue
        party = model.party(spec.party)
        if spec.register is not None:
            reg = next(r for r in party.registers if r.id == spec.register)
            v, d = _value(reg.valuation, model, levels), (reg.disagreement or party.disagreement)
        elif party.registers:
            v = sum(r.weight.value * _value(r.valuation, model, levels) for r in party.registers)
            d = party.disagreement
        else:
            v, d = _value(party.valuation, model, levels), party.disagreement
        columns.append(v >= d.value - model.epsilon)
    return ids, np.stack(columns, axis=1) if columns else np.ones((len(written), 0), bool)


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
    ids, sat = satisfaction(model)
    feasible = feasible_outcomes(model)
    # An infeasible outcome satisfies nothing, so it can neither witness nor rescue a claim.
    sat &= feasible[:, None]
    col = {c: n for n, c in enumerate(ids)}
    if tuple(ids) != cert.constraint_ids:
        return [f"constraint list differs: {cert.constraint_ids} vs {tuple(ids)}"]
    red = [n for n, spec in enumerate(model.constraints()) if spec.kind == "red_line"]

    def some(cols: list[int]) -> bool:
        return bool(np.any(np.all(sat[:, cols], axis=1)))

    def ok_at(outcome: int | None, cols: list[int]) -> bool:
        return outcome is not None and bool(np.all(sat[outcome, cols]))

    everything = list(range(len(ids)))
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
    # Each feasible outcome's violation set, keyed by an integer (bit c for constraint c) so the
    # distinct sets are found by sorting; Python sets are built only for the distinct ones.
    weights = np.array([1 << c for c in range(len(ids))], dtype=object)
    keys = (~sat[feasible]).astype(object) @ weights if len(ids) > 62 else \
        (~sat[feasible]).astype(np.int64) @ (np.int64(1) << np.arange(len(ids), dtype=np.int64))
    distinct, inverse, counts_ = np.unique(keys, return_inverse=True, return_counts=True)
    as_set = [frozenset(ids[c] for c in range(len(ids)) if int(k) >> c & 1) for k in distinct]
    if not cert.bargaining_nonempty:
        listed = [frozenset(s) for s in cert.mcs]
        if any(not any(t <= v for t in listed) for v in as_set):
            problems.append("the MCS list is incomplete")
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
    counts = dict(zip(as_set, counts_.tolist()))
    claimed = {frozenset(p.blocked_by): p.count for p in cert.blocking.patterns}
    if claimed != counts:
        problems.append("blocking-map pattern counts are wrong")
    position = {int(x): n for n, x in enumerate(np.flatnonzero(feasible))}
    for p in cert.blocking.patterns:
        if p.witness not in position or \
                as_set[inverse.ravel()[position[p.witness]]] != frozenset(p.blocked_by):
            problems.append(f"blocking-map witness {p.witness} has another pattern")
            break
    blocked = ~sat[feasible]
    excluded = dict(zip(ids, blocked.sum(axis=0).tolist()))
    alone = dict(zip(ids, (blocked & (blocked.sum(axis=1) == 1)[:, None]).sum(axis=0).tolist()))
    by_party = {p: int(blocked[:, cols].any(axis=1).sum()) for p, cols in owned.items()}
    if (cert.blocking.excluded_by != excluded or cert.blocking.excluded_only_by != alone
            or cert.blocking.excluded_by_party != by_party):
        problems.append("blocking-map counts per constraint or party are wrong")
    return problems
