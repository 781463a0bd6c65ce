"""Compile red-line conditions into linear constraints over one-hot level variables.

An outcome is encoded by binaries ``x[j, l]`` (issue ``j`` takes level ``l``) with
``Σ_l x[j, l] = 1`` for every issue. A leaf ``In(j, S)`` is then *exactly* the linear expression
``Σ_{l ∈ S} x[j, l]``: it equals 1 when the condition holds and 0 when it does not. This module
turns a condition ``e`` and a *guard* ``g`` (a binary variable, or the constant 1) into rows
``Σ coef · var ≥ lower`` that hold, for some values of the auxiliary binaries, exactly when
``g = 0`` or ``e`` holds at the outcome (``g → e``).

1. **Negation normal form.** ``not`` is pushed down to the leaves (De Morgan); leaves are closed
   under complement, ``not In(j, S) = In(j, L_j \\ S)``, so no negation survives.
2. **Simplification.** Nested ``and``/``or`` are flattened; leaves on the same issue merge
   (``or``: union of level sets, ``and``: intersection); constants are absorbed.
3. **Clauses where small.** The condition is written in conjunctive normal form when that takes
   at most :data:`CNF_LIMIT` clauses. A clause ``In(j₁, S₁) or … or In(j_r, S_r)`` (one leaf per
   issue after merging) is the single row ``Σ_i Σ_{l ∈ S_i} x[j_i, l] ≥ g``: no auxiliary
   variable at all, and the tightest row for that clause over the one-hot polytope.
4. **Otherwise, auxiliary binaries.** A conjunction passes its guard to each term; a disjunction
   gets one binary ``z_t`` per term that is not a leaf, the row
   ``Σ_{leaf t} lit(t) + Σ_{other t} z_t ≥ g``, and ``z_t → t`` recursively.

Correctness: by induction over the tree, every feasible assignment with ``g = 1`` satisfies the
condition, and every outcome satisfying it extends to a feasible assignment (set each ``z_t`` to
the truth value of its term); with ``g = 0`` every row is slack.

>>> rows = LinearRows(sizes=(3, 2))
>>> e = Not(And((In(0, frozenset({0})), In(1, frozenset({1})))))
>>> rows.require(e, guard=None)
>>> rows.rows   # x[0,1] + x[0,2] + x[1,0] >= 1, i.e. issue 0 is not level 0 or issue 1 is level 0
[({1: 1.0, 2: 1.0, 3: 1.0}, 1.0)]
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

import numpy as np

from negotiation.model.core import Model
from negotiation.model.coupling import rules_for, value_corrections
from negotiation.model.expressions import And, Const, Expr, In, Not, Or

__all__ = ["CNF_LIMIT", "LinearRows", "clauses", "coupling_products", "negation_normal_form",
           "simplify"]

CNF_LIMIT = 64


def negation_normal_form(expr: Expr, sizes: Sequence[int], negate: bool = False) -> Expr:
    """``expr`` (negated when ``negate``) with ``Not`` pushed into the leaves.

    >>> negation_normal_form(Not(Or((In(0, frozenset({0})), Const(False)))), (3,))
    And(terms=(In(issue=0, levels=frozenset({1, 2})), Const(value=True)))
    """
    if isinstance(expr, In):
        if not negate:
            return expr
        return In(expr.issue, frozenset(range(sizes[expr.issue])) - expr.levels)
    if isinstance(expr, Const):
        return Const(expr.value != negate)
    if isinstance(expr, Not):
        return negation_normal_form(expr.term, sizes, not negate)
    terms = tuple(negation_normal_form(t, sizes, negate) for t in expr.terms)
    conjunction = isinstance(expr, And) != negate
    return And(terms) if conjunction else Or(terms)


def simplify(expr: Expr, sizes: Sequence[int]) -> Expr:
    """Flatten, merge leaves on one issue, absorb constants (input in negation normal form).

    The result is a ``Const``, an ``In`` with a proper non-empty level set, or an ``And``/``Or``
    of at least two terms, none of which is a node of the same kind.

    >>> inner = Or((In(0, frozenset({1})), In(1, frozenset())))
    >>> simplify(Or((In(0, frozenset({0})), inner)), (3, 2))
    In(issue=0, levels=frozenset({0, 1}))
    """
    if isinstance(expr, In):
        if not expr.levels:
            return Const(False)
        if len(expr.levels) == sizes[expr.issue]:
            return Const(True)
        return expr
    if isinstance(expr, Const):
        return expr
    kind = type(expr)
    conjunction = kind is And
    flat: list[Expr] = []
    for term in (simplify(t, sizes) for t in expr.terms):
        flat.extend(term.terms if isinstance(term, kind) else (term,))
    leaves: dict[int, frozenset[int]] = {}
    others: list[Expr] = []
    for term in flat:
        if isinstance(term, Const):
            if term.value != conjunction:       # false in an 'and', true in an 'or'
                return term
            continue
        if isinstance(term, In):
            old = leaves.get(term.issue)
            if old is None:
                leaves[term.issue] = term.levels
            else:
                leaves[term.issue] = old & term.levels if conjunction else old | term.levels
            continue
        others.append(term)
    merged = [simplify(In(j, s), sizes) for j, s in leaves.items()]
    terms = []
    for term in merged + others:
        if isinstance(term, Const):
            if term.value != conjunction:
                return term
            continue
        terms.append(term)
    if not terms:
        return Const(conjunction)
    return terms[0] if len(terms) == 1 else kind(tuple(terms))


def clauses(expr: Expr, limit: int | None = None) -> list[dict[int, frozenset[int]]] | None:
    """Conjunctive normal form of a simplified expression, each clause as ``{issue: levels}``
    (the disjunction of its leaves), or ``None`` when that takes more than ``limit`` clauses.

    ``Const(True)`` is the empty list; ``Const(False)`` the single empty clause. ``limit``
    defaults to :data:`CNF_LIMIT`.

    >>> clauses(Or((And((In(0, frozenset({0})), In(1, frozenset({1})))), In(2, frozenset({0})))))
    [{0: frozenset({0}), 2: frozenset({0})}, {1: frozenset({1}), 2: frozenset({0})}]
    """
    limit = CNF_LIMIT if limit is None else limit
    if isinstance(expr, In):
        return [{expr.issue: expr.levels}]
    if isinstance(expr, Const):
        return [] if expr.value else [{}]
    parts = []
    for term in expr.terms:
        part = clauses(term, limit)
        if part is None:
            return None
        parts.append(part)
    if isinstance(expr, And):
        out = [c for part in parts for c in part]
        return out if len(out) <= limit else None
    total = 1
    for part in parts:
        total *= len(part)
        if total > limit:
            return None
    out = []
    for combination in product(*parts):
        clause: dict[int, frozenset[int]] = {}
        for piece in combination:
            for j, levels in piece.items():
                clause[j] = clause.get(j, frozenset()) | levels
        out.append(clause)
    return out


class LinearRows:
    """Rows ``Σ coef · column ≥ lower`` over columns ``0 … n_columns − 1``.

    The first ``Σ sizes`` columns are the one-hot level variables, issue by issue
    (``column(j, l)``); :meth:`new_binary` appends columns (indicators, auxiliaries). The one-hot
    equalities themselves are not rows of this object (the solver adds them).
    """

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = tuple(sizes)
        self.offsets = [0]
        for size in self.sizes:
            self.offsets.append(self.offsets[-1] + size)
        self.n_columns = self.offsets[-1]
        self.binaries: list[int] = []
        self.rows: list[tuple[dict[int, float], float]] = []

    def column(self, issue: int, level: int) -> int:
        return self.offsets[issue] + level

    def new_binary(self) -> int:
        """A new binary column; its index."""
        self.n_columns += 1
        self.binaries.append(self.n_columns - 1)
        return self.n_columns - 1

    def add(self, coefs: dict[int, float], lower: float) -> None:
        self.rows.append((coefs, lower))

    def require(self, expr: Expr, guard: int | None) -> None:
        """Add rows enforcing ``guard → expr`` (``guard=None``: ``expr`` always)."""
        self._encode(simplify(negation_normal_form(expr, self.sizes), self.sizes), guard)

    def _clause(self, clause: dict[int, frozenset[int]], guard: int | None) -> None:
        coefs = {self.column(j, lv): 1.0 for j, levels in clause.items() for lv in levels}
        if guard is None:
            self.add(coefs, 1.0)
        else:
            self.add(coefs | {guard: -1.0}, 0.0)

    def _encode(self, expr: Expr, guard: int | None) -> None:
        cnf = clauses(expr)
        if cnf is not None:
            for clause in cnf:
                self._clause(clause, guard)
            return
        if isinstance(expr, And):
            for term in expr.terms:
                self._encode(term, guard)
            return
        # A disjunction too large for clauses: one binary per non-leaf term.
        coefs: dict[int, float] = {}
        for term in expr.terms:
            if isinstance(term, In):
                for lv in term.levels:
                    coefs[self.column(term.issue, lv)] = 1.0
            else:
                z = self.new_binary()
                coefs[z] = 1.0
                self._encode(term, z)
        if guard is None:
            self.add(coefs, 1.0)
        else:
            self.add(coefs | {guard: -1.0}, 0.0)


def coupling_products(model: Model, rows: LinearRows, values: np.ndarray, binding: list,
                      keep_all: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Valuations under coupling rules, kept linear: for each rule, a binary ``u ↔ U`` (its
    backing condition; ``ū = 1 − u``) and a product ``p_l = x[g, l] · ū`` per capped level
    (``p_l ≤ x[g, l]``, ``p_l ≤ ū``, ``p_l ≥ x[g, l] + ū − 1``), appended to ``rows``. Returns
    the value rows (parties', then the ``binding`` registers') extended by each product's
    coefficient ``δ(l)`` (:func:`negotiation.model.coupling.value_corrections`), and the columns
    the extended rows read (the one-hots, then the products). A rule that changes no valuation
    adds nothing, unless ``keep_all``."""
    n_levels = values.shape[1] if values.size else rows.offsets[-1]
    cols = list(range(n_levels))
    extra: list[np.ndarray] = []     # one coefficient column per product, over the value rows
    valuations = [[(None, p.valuation)] if p.valuation is not None
                  else [(r.weight.value, r.valuation) for r in p.registers]
                  for p in model.parties] + [[(None, r.valuation)] for _, r in binding]
    parties = [p.id for p in model.parties] + [p.id for p, _ in binding]
    for rule in model.coupling:
        g = [i.id for i in model.issues].index(rule.issue)
        per_row = []
        for pid, parts in zip(parties, valuations):
            mine = rules_for(model, pid, [rule])
            delta = np.zeros(model.shape[g])
            for weight, valuation in parts:
                for _, d, _ in value_corrections(valuation, model, mine):
                    delta += d if weight is None else weight * d
            per_row.append(delta)
        per_row = np.array(per_row).reshape(len(parties), model.shape[g])
        if not np.any(per_row) and not keep_all:
            continue
        u, nu = rows.new_binary(), rows.new_binary()
        rows.add({u: 1.0, nu: 1.0}, 1.0)
        rows.add({u: -1.0, nu: -1.0}, -1.0)
        rows.require(rule.unless_expr, guard=u)
        rows.require(Not(rule.unless_expr), guard=nu)
        levels = model.issue(rule.issue).level_ids
        for lv in rule.levels:
            level = levels.index(lv)
            x, p = rows.column(g, level), rows.new_binary()
            rows.add({x: 1.0, p: -1.0}, 0.0)
            rows.add({nu: 1.0, p: -1.0}, 0.0)
            rows.add({p: 1.0, x: -1.0, nu: -1.0}, -1.0)
            cols.append(p)
            extra.append(per_row[:, level])
    if extra:
        values = np.hstack([values, np.array(extra).T])
    return values, np.array(cols, dtype=int)
