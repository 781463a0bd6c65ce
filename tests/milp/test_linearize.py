"""The red-line compiler against the expression language's own evaluation.

For random conditions on small issue sets, the outcomes that the compiled rows admit (for some
values of the auxiliary binaries, found by brute force) are exactly those where the condition
holds, with and without clause form, and a guard at 0 admits everything.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import condition

from negotiation.milp import linearize
from negotiation.milp.linearize import LinearRows, clauses, negation_normal_form, simplify
from negotiation.model import expressions
from negotiation.model.expressions import In, Not, parse

SIZES = {"a": ["a0", "a1", "a2"], "b": ["b0", "b1"], "c": ["c0", "c1", "c2"]}
SHAPE = tuple(len(v) for v in SIZES.values())
OUTCOMES = list(itertools.product(*(range(n) for n in SHAPE)))
conditions = condition(SIZES, depth=5).map(lambda text: parse(text, SIZES))


def admitted(rows: LinearRows, guard: int | None, guard_value: int = 1) -> list[bool]:
    """For each outcome: do the rows hold for some 0/1 values of the auxiliary columns?"""
    aux = [c for c in rows.binaries if c != guard]
    out = []
    for levels in OUTCOMES:
        base = np.zeros(rows.n_columns)
        base[[rows.column(j, lv) for j, lv in enumerate(levels)]] = 1
        if guard is not None:
            base[guard] = guard_value
        ok = False
        for values in itertools.product((0, 1), repeat=len(aux)):
            z = base.copy()
            z[aux] = values
            if all(sum(c * z[k] for k, c in coefs.items()) >= low - 1e-12
                   for coefs, low in rows.rows):
                ok = True
                break
        out.append(ok)
    return out


def truth(expr) -> list[bool]:
    return [expressions.holds(expr, levels) for levels in OUTCOMES]


@settings(max_examples=120, deadline=None)
@given(conditions, st.sampled_from([linearize.CNF_LIMIT, 1]))
def test_rows_admit_exactly_the_outcomes_where_the_condition_holds(expr, limit):
    # limit 1 forces the auxiliary-binary encoding for every disjunction of conjunctions.
    original = linearize.CNF_LIMIT
    linearize.CNF_LIMIT = limit
    try:
        rows = LinearRows(SHAPE)
        rows.require(expr, guard=None)
        assert admitted(rows, None) == truth(expr)
        guarded = LinearRows(SHAPE)
        g = guarded.new_binary()
        guarded.require(expr, guard=g)
        assert admitted(guarded, g, 1) == truth(expr)
        assert all(admitted(guarded, g, 0))
    finally:
        linearize.CNF_LIMIT = original


def _has_not(e) -> bool:
    if isinstance(e, Not):
        return True
    return any(_has_not(t) for t in getattr(e, "terms", ()))


@settings(max_examples=150, deadline=None)
@given(conditions)
def test_normal_forms_preserve_meaning(expr):
    nnf = negation_normal_form(expr, SHAPE)
    assert not _has_not(nnf)
    assert truth(nnf) == truth(expr)
    simple = simplify(nnf, SHAPE)
    assert truth(simple) == truth(expr)
    if isinstance(simple, In):
        assert 0 < len(simple.levels) < SHAPE[simple.issue]
    cnf = clauses(simple, limit=10**6)
    by_clauses = [all(any(levels[j] in s for j, s in c.items()) for c in cnf)
                  for levels in OUTCOMES]
    assert by_clauses == truth(expr)


def test_a_disjunction_of_leaves_is_one_row_without_auxiliaries():
    # "not (a >= a1 and b < b1)" is "a == a0 or b == b1": x[a,0] + x[b,1] >= 1.
    rows = LinearRows(SHAPE)
    rows.require(parse("not (a >= a1 and b < b1)", SIZES), guard=None)
    assert rows.rows == [({0: 1.0, 4: 1.0}, 1.0)]
    assert rows.binaries == []


def test_without_clauses_a_disjunction_of_conjunctions_gets_auxiliary_binaries(monkeypatch):
    monkeypatch.setattr(linearize, "CNF_LIMIT", 1)
    rows = LinearRows(SHAPE)
    expr = parse("(a == a0 and b == b0) or c == c1", SIZES)
    rows.require(expr, guard=None)
    # z -> (a == a0 and b == b0), and z + x[c,1] >= 1
    assert len(rows.binaries) == 1
    assert admitted(rows, None) == truth(expr)


def test_constant_conditions():
    rows = LinearRows(SHAPE)
    rows.require(parse("true", SIZES), guard=None)
    assert rows.rows == []
    rows.require(parse("a == a0 and a == a1", SIZES), guard=None)
    assert rows.rows == [({}, 1.0)]            # 0 >= 1: nothing satisfies it
