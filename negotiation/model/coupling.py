"""Coupling rules: a level that is only real when something else backs it.

A rule (:class:`~negotiation.model.core.Coupling`) says that, for some parties, issue ``g`` at a
level in ``W`` counts as level ``c`` wherever the condition ``U`` (over other issues) fails. The
*effective* level is then

    e_g(x) = c   if x_g ∈ W and not U(x),        e_g(x) = x_g   otherwise,

and those parties' red lines and valuations read ``e_g`` instead of ``x_g``. Both are rewritten
once, here, so every analysis (masks, integer programs, packages) sees the same semantics:

- a red line's leaf ``g ∈ S`` becomes ``g ∈ S∖W  or  (g ∈ S∩W and U)  or  (g ∈ W and not U)``
  (the last term only when ``c ∈ S``) — an ordinary condition over the levels as written;
- a valuation's term ``w_g s_g(e_g(x))`` is the additive term ``w_g s_g(x_g)`` plus the
  correction ``δ(x_g) · [not U(x)]`` with ``δ(l) = w_g (s_g(c) − s_g(l))`` for ``l ∈ W``.

>>> from negotiation.model.expressions import parse, to_text
>>> issues = {"g": ("none", "paper", "binding"), "f": ("no", "yes")}
>>> rule = (0, frozenset({2}), 1, parse("f == yes", issues))
>>> to_text(effective_expr(parse("g == binding", issues), [rule], (3, 2)), issues)
'g == binding and f == yes'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiation.model.core import Coupling, Model, Valuation
from negotiation.model.expressions import And, Const, Expr, In, Not, Or, mask

__all__ = ["effective_expr", "effective_levels", "rules_for", "value_corrections"]

#: A rule in index form: (issue number, capped level numbers, counts-as level number, unless).
IndexRule = tuple[int, frozenset[int], int, Expr]


def rules_for(model: Model, party: str, couplings: Sequence[Coupling] | None = None
              ) -> list[IndexRule]:
    """The coupling rules that apply to ``party``, in index form."""
    index = {i.id: n for n, i in enumerate(model.issues)}
    out = []
    for rule in model.coupling if couplings is None else couplings:
        if party not in rule.parties:
            continue
        levels = model.issues[index[rule.issue]].level_ids
        out.append((index[rule.issue], frozenset(levels.index(lv) for lv in rule.levels),
                    levels.index(rule.counts_as), rule.unless_expr))
    return out


def effective_expr(expr: Expr, rules: Sequence[IndexRule], sizes: Sequence[int]) -> Expr:
    """``expr`` rewritten to read the effective levels of ``rules``' issues (see module)."""
    by_issue = {g: (capped, target, unless) for g, capped, target, unless in rules}
    if not by_issue:
        return expr

    def go(e: Expr) -> Expr:
        if isinstance(e, In):
            if e.issue not in by_issue:
                return e
            capped, target, unless = by_issue[e.issue]
            terms: list[Expr] = []
            if e.levels - capped:
                terms.append(In(e.issue, e.levels - capped))
            if e.levels & capped:
                terms.append(And((In(e.issue, e.levels & capped), unless)))
            if target in e.levels:
                terms.append(And((In(e.issue, capped), Not(unless))))
            if not terms:
                return Const(False)
            return terms[0] if len(terms) == 1 else Or(tuple(terms))
        if isinstance(e, Const):
            return e
        if isinstance(e, Not):
            return Not(go(e.term))
        return type(e)(tuple(go(t) for t in e.terms))

    return go(expr)


def value_corrections(valuation: Valuation, model: Model, rules: Sequence[IndexRule]
                      ) -> list[tuple[int, np.ndarray, Expr]]:
    """For each rule on an issue the valuation weighs: ``(issue, δ, unless)`` with ``δ`` over the
    issue's levels, ``δ(l) = w (s(counts_as) − s(l))`` for capped ``l`` and 0 elsewhere."""
    out = []
    for g, capped, target, unless in rules:
        issue = model.issues[g]
        weight = valuation.weights.get(issue.id)
        if weight is None or weight.value == 0:
            continue
        scores = np.array([valuation.scores[issue.id][lv].value for lv in issue.level_ids])
        delta = np.zeros(len(scores))
        idx = sorted(capped)
        delta[idx] = weight.value * (scores[target] - scores[idx])
        if np.any(delta):
            out.append((g, delta, unless))
    return out


def effective_levels(model: Model, party: str, levels: np.ndarray) -> np.ndarray:
    """``levels`` (``n × k`` level numbers, as written) as ``party`` reads them."""
    rules = rules_for(model, party)
    if not rules:
        return levels
    out = np.array(levels, copy=True)
    shape = model.shape
    for g, capped, target, unless in rules:
        holds = np.broadcast_to(mask(unless, shape), shape)[tuple(levels.T)]
        hit = np.isin(levels[:, g], sorted(capped)) & ~holds
        out[hit, g] = target
    return out
