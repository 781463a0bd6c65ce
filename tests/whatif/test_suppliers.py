"""Whose action each party's minimum needs, on a hand-made model (derivation in comments)."""

from __future__ import annotations

import pytest

from negotiation.errors import ModelError
from negotiation.model.compiled import compile_model
from negotiation.sections import build_model
from negotiation.whatif.suppliers import whose_action

# line: back (r withdraws: r acts), hold (r and u stop: both refrain), give (u withdraws: u acts);
# guarantee: none, strong (w acts).
DOC = {
    "model": {"name": "suppliers"},
    "issues": [{"id": "line", "levels": ["back", "hold", "give"]},
               {"id": "guarantee", "levels": ["none", "strong"]}],
    "suppliers": [
        {"issue": "line", "levels": ["back"], "acts": ["r"], "source": "t"},
        {"issue": "line", "levels": ["hold"], "refrains": ["r", "u"], "source": "t"},
        {"issue": "line", "levels": ["give"], "acts": ["u"], "source": "t"},
        {"issue": "guarantee", "levels": ["strong"], "acts": ["w"], "source": "t"},
    ],
    "parties": [
        {"id": pid, "disagreement": 0.0, "weights": {"line": 1.0},
         "scores": {"line": {"back": 0, "hold": 0, "give": 0}},
         "red_lines": [{"id": f"l{n}", "requires": r} for n, r in enumerate(lines)]}
        for pid, lines in (("u", ("line == back or guarantee == strong", "line != give")),
                           ("r", ("line == give",)), ("w", ()))
    ],
}


def test_ways_by_hand():
    needs = {n.party: n for n in whose_action(compile_model(build_model(DOC, "<t>")))}
    # u's minimum: (back, any guarantee) needs r's act; (hold, strong) needs w's act and r's
    # restraint (u's own is not counted). (back, strong) needs {r, w} acting: not minimal.
    assert {(frozenset(w.acts), frozenset(w.refrains)) for w in needs["u"].ways} == {
        (frozenset({"r"}), frozenset()), (frozenset({"w"}), frozenset({"r"}))}
    assert needs["u"].needs() == () and needs["u"].needs(restraint=True) == ("r",)
    # Counting acts only, no way needs both r and w; counting restraint, the guarantee way does.
    assert needs["u"].all_others() == (False, False)
    assert needs["u"].all_others(restraint=True) == (True, False)
    # r's minimum (give) needs u's act in every way; w's (no red line) nobody's act, but the
    # line has no level nobody supplies: holding needs r's and u's restraint.
    assert [(set(w.acts), set(w.refrains)) for w in needs["r"].ways] == [({"u"}, set())]
    assert needs["r"].needs() == ("u",)
    assert [(set(w.acts), set(w.refrains)) for w in needs["w"].ways] == [(set(), {"r", "u"})]
    assert needs["w"].settlements == 6


def test_bad_tags_are_named():
    doc = dict(DOC, suppliers=[{"issue": "line", "levels": ["bak"], "acts": ["r"]}])
    with pytest.raises(ModelError, match="unknown level 'bak'"):
        build_model(doc, "<t>")
    doc = dict(DOC, suppliers=[{"issue": "line", "levels": ["back"], "acts": ["x"]}])
    with pytest.raises(ModelError, match="unknown party 'x'"):
        build_model(doc, "<t>")
