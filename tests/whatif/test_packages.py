"""Outcome packages on small hand-checked models, and the record-file format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import model, party

from negotiation.cli import main
from negotiation.model.compiled import compile_model
from negotiation.model.expressions import parse
from negotiation.sections import load_record
from negotiation.whatif.packages import Package, evaluate_package

ROOT = Path(__file__).parents[2]
ISSUES = {"x": ["a", "b", "c"], "y": ["lo", "hi"]}


def package(terms, says=None):
    levels = {k: tuple(v) for k, v in ISSUES.items()}
    return Package(id="p", label="p", date="", terms=terms, expr=parse(terms, levels),
                   says=says or {}, confidence="high", reported_only=False, reception={},
                   reception_note="", source="", rationale="")


@pytest.fixture
def compiled():
    # p insists on x == a; q needs x != a and values y: hi 1, lo 0 (equal weights), floor 0.5.
    zero = {"x": dict.fromkeys("abc", 0.0), "y": {"lo": 0.0, "hi": 0.0}}
    return compile_model(model(ISSUES, [
        party("p", 0.0, zero, [("is_a", "x == a", 2)]),
        party("q", 0.5, {"x": {"a": 0, "b": 0.2, "c": 0.4}, "y": {"lo": 0, "hi": 1}},
              [("not_a", "x != a", 3)]),
    ]))


def test_silent_issues_stay_open(compiled):
    # Fixing only y == hi leaves x open: p accepts (x = a), q accepts (x = c: 0.5*0.4 + 0.5 =
    # 0.7 >= 0.5), but not together (p needs a, q forbids it).
    res = evaluate_package(compiled, package("y == hi", {"y": "hi"}))
    assert res.size == 3
    assert res.responses["p"].accepts and res.responses["q"].accepts
    assert not res.jointly_acceptable
    assert set(res.joint_blockers) == {("p.is_a",), ("q.not_a",)}


def test_blockers_and_shortfall(compiled):
    # x == b, y == lo: p's red line fails everywhere; q's red line holds but its value is
    # 0.5*0.2 + 0 = 0.1, a shortfall of 0.4 below its floor of 0.5.
    res = evaluate_package(compiled, package("x == b and y == lo", {"x": "b", "y": "lo"}))
    assert res.responses["p"].blockers == (("p.is_a",),)
    assert res.responses["p"].shortfall is None
    assert res.responses["q"].blockers == (("q.ir",),)
    assert res.responses["q"].shortfall == pytest.approx(0.4)


def test_jointly_acceptable_package_reports_its_nash_point():
    comp = compile_model(model(ISSUES, [
        party("p", 0.0, {"x": {"a": 1, "b": 0.5, "c": 0}, "y": {"lo": 0, "hi": 0}}),
        party("q", 0.0, {"x": {"a": 0, "b": 0.5, "c": 1}, "y": {"lo": 0, "hi": 0}}),
    ]))
    res = evaluate_package(comp, package("y == lo", {"y": "lo"}))
    # Nash product (x-part only; y weighs 0.5 with zero scores): a -> 0, b -> .25*.25, c -> 0.
    assert res.jointly_acceptable and res.nash.outcome == {"x": "b", "y": "lo"}


RECORD = """
[record]
name = "test record"
model = "{model}"
[[packages]]
id = "one"
terms = "alignment == neutral"
[packages.says]
alignment = "neutral"
[packages.reception]
russia = "accepted"
"""


@pytest.mark.parametrize("edit, fragment", [
    (("alignment = \"neutral\"", "alignmnt = \"neutral\""), "did you mean 'alignment'"),
    (("russia = \"accepted\"", "russia = \"acepted\""), "did you mean 'accepted'"),
    (("russia = \"accepted\"", "rusia = \"accepted\""), "did you mean 'russia'"),
    (("[packages.says]\nalignment = \"neutral\"", ""), "records nothing for it"),
    (("terms = \"alignment == neutral\"", "terms = \"alignment == neutrl\""),
     "packages.one.terms"),
])
def test_record_errors(tmp_path, capsys, edit, fragment):
    model_file = tmp_path / "m.toml"
    model_file.write_text((ROOT / "models" / "example.toml").read_text())
    text = RECORD.format(model="m.toml").replace(*edit)
    (tmp_path / "r.toml").write_text(text)
    assert main(["packages", str(tmp_path / "r.toml")]) == 2
    err = capsys.readouterr().err
    assert fragment in err and "r.toml" in err and "Traceback" not in err


def test_packages_command_json(capsys):
    assert main(["packages", str(ROOT / "models" / "alternatives.toml"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    ids = [p["id"] for p in doc["packages"]]
    assert "phased_settlement" in ids
    phased = doc["packages"][ids.index("phased_settlement")]
    # The armistice fixes the current line, bilateral guarantees and no foreign forces, so
    # Ukraine's "1991 borders or enforcement" line (which needs guarantees of at least the
    # binding multinational kind) fails in every completion.
    assert phased["parties"]["ukraine"]["accepts"] is False
    assert ["ukraine.integrity_or_enforcement"] in phased["parties"]["ukraine"]["blockers"]
    record, _ = load_record(ROOT / "models" / "alternatives.toml")
    assert len(record.packages) == len(ids)
