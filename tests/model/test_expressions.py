"""The red-line expression language: semantics by hand, safety, round trips."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from strategies import condition

from negotiation.errors import ModelError
from negotiation.model.expressions import holds, mask, parse, to_text

ISSUES = {"alignment": ("nato_member", "open_door", "neutral"),
          "guarantees": ("none", "assurances", "binding", "troops")}
SHAPE = (3, 4)


def truth(text):
    """The set of (alignment, guarantees) level pairs where ``text`` holds."""
    e = parse(text, ISSUES)
    return {(ISSUES["alignment"][a], ISSUES["guarantees"][g])
            for a, g in itertools.product(range(3), range(4)) if holds(e, (a, g))}


ALL_G = ISSUES["guarantees"]


@pytest.mark.parametrize("text, expected_g", [
    ("guarantees == binding", {"binding"}),
    ("guarantees != binding", {"none", "assurances", "troops"}),
    ("guarantees < binding", {"none", "assurances"}),
    ("guarantees <= binding", {"none", "assurances", "binding"}),
    ("guarantees > binding", {"troops"}),
    ("guarantees >= binding", {"binding", "troops"}),
    ("binding <= guarantees", {"binding", "troops"}),       # level on the left flips the order
    ("guarantees in (none, troops)", {"none", "troops"}),
    ("guarantees not in (none, troops)", {"assurances", "binding"}),
    ("guarantees in (binding)", {"binding"}),
    ("assurances <= guarantees <= binding", {"assurances", "binding"}),
    ("guarantees == 'binding'", {"binding"}),
])
def test_comparisons(text, expected_g):
    assert truth(text) == {(a, g) for a in ISSUES["alignment"] for g in expected_g}


def test_boolean_connectives_and_constants():
    neutral = {("neutral", g) for g in ALL_G}
    strong = {(a, g) for a in ISSUES["alignment"] for g in ("binding", "troops")}
    everything = {(a, g) for a in ISSUES["alignment"] for g in ALL_G}
    assert truth("alignment == neutral and guarantees >= binding") == neutral & strong
    assert truth("alignment == neutral or guarantees >= binding") == neutral | strong
    assert truth("not (alignment == neutral)") == everything - neutral
    assert truth("alignment != neutral or guarantees >= binding") == \
        (everything - neutral) | strong
    assert truth("true") == everything
    assert truth("false") == set()
    assert truth("not false and (true)") == everything


@pytest.mark.parametrize("text, needle", [
    ("alignment == natoo", "did you mean 'nato_member'"),
    ("alignmnt == neutral", "did you mean 'alignment'"),
    ("alignment = neutral", "'=='"),
    ("alignment == neutral && guarantees == none", "cannot read"),
    ("__import__('os').system('echo hacked')", "not allowed"),
    ("alignment.__class__ == neutral", "not allowed"),
    ("len(alignment) == 1", "not allowed"),
    ("alignment == neutral if true else false", "not allowed"),
    ("alignment is neutral", "'is' is not allowed"),
    ("alignment", "on its own is not a condition"),
    ("alignment == guarantees", "compares issue 'alignment' with issue 'guarantees'"),
    ("alignment == nato_member + 1", "not allowed"),
    ("1 == 1", "not allowed"),
    ("neutrall == alignment", "did you mean"),
    ("foo == bar", "is not an issue"),
    ("", "empty condition"),
])
def test_rejections_name_the_problem(text, needle):
    with pytest.raises(ModelError) as err:
        parse(text, ISSUES)
    assert needle in str(err.value)


def test_user_text_never_reaches_python(monkeypatch):
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    parse("alignment == neutral or not guarantees < binding", ISSUES)
    with pytest.raises(ModelError):
        parse("exec('x')", ISSUES)


@settings(max_examples=200, deadline=None)
@given(condition({k: list(v) for k, v in ISSUES.items()}, depth=4))
def test_mask_agrees_with_tree_walk_and_text_round_trips(text):
    e = parse(text, ISSUES)
    full = np.broadcast_to(mask(e, SHAPE), SHAPE)
    walked = np.array([[holds(e, (a, g)) for g in range(4)] for a in range(3)])
    assert (full == walked).all()
    again = parse(to_text(e, ISSUES), ISSUES)
    assert (np.broadcast_to(mask(again, SHAPE), SHAPE) == full).all()
