"""``negotiation phased`` on a small model written here, with the answer derived by hand; and its
bad input (one message, exit status 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiation.cli import main

# Two parties, three issues; valuations are additive (weights × scores):
#   r: line 0.4 (front 1, withdrawal 0), status 0.4 (open 0, neutral 1), force 0.2 (none 1,
#      tripwire 0); war worth d_r = 0.45.
#   u: line 0.5 (front 0, withdrawal 1), status 0.3 (open 1, neutral 0), force 0.2 (none 0,
#      tripwire 1); war worth d_u = 0.35.
MODEL = """
[model]
name = "Two-party phased test"

[[issues]]
id = "line"
levels = ["front", "withdrawal"]
[[issues]]
id = "status"
levels = ["open", "neutral"]
[[issues]]
id = "force"
levels = ["none", "tripwire"]

[[parties]]
id = "r"
label = "R"
disagreement = 0.45
[parties.weights]
line = 0.4
status = 0.4
force = 0.2
[parties.scores.line]
front = 1.0
withdrawal = 0.0
[parties.scores.status]
open = 0.0
neutral = 1.0
[parties.scores.force]
none = 1.0
tripwire = 0.0

[[parties]]
id = "u"
label = "U"
disagreement = 0.35
[parties.weights]
line = 0.5
status = 0.3
force = 0.2
[parties.scores.line]
front = 0.0
withdrawal = 1.0
[parties.scores.status]
open = 1.0
neutral = 0.0
[parties.scores.force]
none = 0.0
tripwire = 1.0

[phased]
stage1 = "line == front and status == open and force == none"
record = "record.toml"
frameworks = ["deal"]
order = ["u", "r"]
delta = { value = 0.5, source = "assumption", rationale = "test" }
guarantee_issues = ["force"]

[[phased.reneging_cost]]
id = "tripwire"
party = "r"
when = "force == tripwire"
cost = { value = 0.5, source = "assumption", rationale = "test" }
"""

RECORD = """
[record]
model = "m.toml"
[[packages]]
id = "deal"
label = "The deal"
terms = "line == withdrawal and status == neutral"
[packages.says]
line = "withdrawal"
status = "neutrality"
"""


def write(tmp_path: Path, model: str = MODEL, record: str = RECORD) -> Path:
    (tmp_path / "record.toml").write_text(record, encoding="utf-8")
    path = tmp_path / "m.toml"
    path.write_text(model, encoding="utf-8")
    return path


def run_json(capsys, *argv: str) -> dict:
    assert main(["phased", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_hand_derived_answer(tmp_path: Path, capsys) -> None:
    doc = run_json(capsys, str(write(tmp_path)))["frameworks"][0]
    # Stage 1 x1 = (front, open, none): c = (0.4 + 0.2, 0.3) = (0.6, 0.3). The deal fixes line
    # and status; force is silent, so it keeps its stage-1 level: x2 = (withdrawal, neutral,
    # none), f = (0.4 + 0.2, 0.5) = (0.6, 0.5); in the bargaining set (0.6 ≥ 0.45, 0.5 ≥ 0.35).
    assert doc["final_status"] == {"line": "withdrawal", "status": "neutral", "force": "none"}
    assert doc["final_rule"] == "nash within the bargaining set"
    game = doc["game"]
    assert game["ceasefire"] == pytest.approx([0.6, 0.3])
    assert game["final"] == pytest.approx([0.6, 0.5])
    # Concessions: moving line alone costs r 0.4 (u gains 0.5): r implements it; moving status
    # alone costs u 0.3 (r gains 0.4): u implements it. No war table: a resumed war is worth d.
    assert doc["concessions"] == {"r": ["line"], "u": ["status"]}
    assert game["pocket"] == {"r": pytest.approx([-0.4, 0.5]), "u": pytest.approx([0.4, -0.3])}
    # The tripwire row needs force == tripwire: not at x2, so no cost applies.
    assert game["cost"] == [0.0, 0.0] and doc["reneging_costs_applied"] == {}
    # Backward induction (δ = 1/2, order u then r). All comply: (0.6, 0.4).
    #   r last, after u complied: renege 0.3 + 0.5·(0.45 + 0.4) = 0.725 > 0.6 → reneges,
    #     leaving u 0.15 + 0.5·(0.35 - 0.3) = 0.175.
    #   u first: comply → 0.175, renege → 0.15 + 0.5·0.35 = 0.325 → reneges (r gets 0.525).
    #   stage 1: u accepts → 0.325 < 0.35 → rejects; r is then indifferent (0.45 either way).
    assert not doc["holds"] and doc["verdict"] == "commitment"
    d = doc["defection"]
    assert (d["player"], d["stage"], d["action"], d["after"]) == ("u", "stage 1", "reject",
                                                                  ["accept"])
    assert (d["payoff"], d["payoff_if_not"]) == pytest.approx((0.35, 0.325))
    assert [(c["player"], c["stage"], c["action"]) for c in doc["line"]] == [
        ("r", "stage 1", "accept"), ("u", "stage 1", "reject"), ("u", "stage 2", "renege"),
        ("r", "stage 2", "renege")]
    assert doc["line"][-1]["payoff"] == pytest.approx(0.725)
    # Participation: r 0.6 ≥ 0.45 always; u (1 - δ)·0.3 + δ·0.5 ≥ 0.35 iff δ ≥ 1/4.
    assert doc["prefer_war_even_if_all_comply"] == []
    assert doc["participation"] == {"r": [0.0, 1.0], "u": pytest.approx([0.25, 1.0])}
    # r complies iff 0.6 ≥ 0.45 + 0.4 - κ, i.e. κ ≥ 0.25 (whatever δ > 0); then u complies
    # (0.4 > 0.325) and both accept. u's own cost cannot stop r; added for both, 0.25.
    assert doc["least_cost"] == {"r": pytest.approx(0.25), "u": None}
    assert doc["joint_cost"] == pytest.approx(0.25)
    # The sweep: no cost helps below δ = 1/4 (u prefers the war); above it, 0.25.
    sweep = {row["delta"]: row["joint_cost"] for row in doc["discount_sweep"]}
    assert sweep[0.2] is None and sweep[0.3] == pytest.approx(0.25)
    assert sweep[0.9] == pytest.approx(0.25)
    # Guarantee levels: with force = tripwire in the final status, f = (0.4, 0.7); r now also
    # implements force (it loses 0.2), so p_r = (0 - 0.6, 1.0 - 0.3) = (-0.6, 0.7), and the
    # tripwire row applies: κ_r = 0.5. r last: renege 0.3 + 0.5·(0.45 + 0.4 - 0.5) = 0.475 <
    # comply 0.5; u: comply 0.5 > renege 0.325; both accept (0.5 ≥ 0.45, 0.5 ≥ 0.35): it holds.
    levels = {c["level"]: c["verdict"] for c in doc["levels"]}
    assert levels == {"none": "commitment", "tripwire": "holds"}
    assert doc["least_level"] == {"force": "tripwire"}
    assert "EFG 2 R" in doc["efg"] and doc["subgame_perfect"][0]["path"] == ["accept", "reject"]


def test_text_and_results_folder(tmp_path: Path, capsys) -> None:
    path = write(tmp_path)
    out = tmp_path / "out"
    assert main(["phased", str(path), "--framework", "deal", "--all-orders",
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Verdict: COMMITMENT" in text
    assert "On the equilibrium path U rejects the ceasefire at stage 1" in text
    assert "R 0.2500" in text                       # the least cost, by party
    # With r implementing first, u is the one tempted (κ*_u = 0.35 + 0.5 - 0.5 = 0.35).
    assert "R → U: commitment" in text
    for name in ("phased.json", "summary.txt", "game_deal.efg", "tables/phased_summary.csv",
                 "figures/tree_deal.png", "figures/region.png", "manifest.json"):
        assert (out / name).exists(), name
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert any(k.endswith("record.toml") for k in manifest["inputs"])


BAD = [
    # (replace, with, option or key, words)
    ("[phased]", "[phasedd]", "phasedd", "unknown section 'phasedd'; did you mean 'phased'"),
    ('stage1 = "line == front and status == open and force == none"',
     'stage1 = "line == front and status == open"', "phased.stage1", "leave force open"),
    ("delta = { value = 0.5,", "delta = { value = 1.0,", "phased.delta", "below 1"),
    ('party = "r"', 'party = "rr"', "phased.reneging_cost.tripwire.party",
     "unknown party 'rr'"),
    ('when = "force == tripwire"', 'when = "force == tripwir"',
     "phased.reneging_cost.tripwire.when", "did you mean 'tripwire'"),
    ('order = ["u", "r"]', 'order = ["u", "u"]', "phased.order", "every party once"),
]


@pytest.mark.parametrize("old, new, where, words", BAD)
def test_bad_model_input(tmp_path: Path, capsys, old: str, new: str, where: str,
                         words: str) -> None:
    assert old in MODEL
    path = write(tmp_path, MODEL.replace(old, new, 1))
    assert main(["phased", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert f"m.toml: {where}: " in captured.err and words in captured.err, captured.err


def test_a_deferred_issue_stays_at_the_declared_status_quo(tmp_path: Path, capsys) -> None:
    # Leaving `force` out of stage 1 reads it at today's level when the model declares one: the
    # same game as pinning it there by hand.
    pinned = run_json(capsys, str(write(tmp_path)))
    deferred = MODEL.replace('stage1 = "line == front and status == open and force == none"',
                             'stage1 = "line == front and status == open"', 1)
    deferred = deferred.replace("[[parties]]", '[status_quo]\nline = "front"\nstatus = '
                                '"open"\nforce = "none"\n\n[[parties]]', 1)
    (tmp_path / "d").mkdir()
    got = run_json(capsys, str(write(tmp_path / "d", deferred)))
    assert got["frameworks"] == pinned["frameworks"]


def test_bad_options(tmp_path: Path, capsys) -> None:
    path = write(tmp_path)
    assert main(["phased", str(path), "--framework", "dael"]) == 2
    assert "--framework dael: no package 'dael'" in capsys.readouterr().err
    assert main(["phased", str(path), "--order", "u,x"]) == 2
    assert "--order: the order ['u', 'x'] must list every party once" in capsys.readouterr().err
    assert main(["phased", str(path), "--record", str(tmp_path / "none.toml")]) == 2
    assert "none.toml: no such file" in capsys.readouterr().err
    no_phased = write(tmp_path, MODEL.split("[phased]")[0])
    assert main(["phased", str(no_phased)]) == 2
    assert "phased: the model has no [phased] section" in capsys.readouterr().err
