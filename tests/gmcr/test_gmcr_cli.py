"""`negotiation stability` (with coalitions), `negotiation status-quo` and `negotiation inverse` as
a user runs them: the JSON contracts, reproducible result folders, and bad input answered with
status 2."""

import json

import pytest

from negotiation.cli import main

# The graph-form contract, with a second decision maker (see test_gmcr_known).
GRAPH = """
[model]
name = "contract example"

[conflict]
states = ["s1", "s2", "s3", "s4"]

[[conflict.decision_makers]]
id = "p1"
moves = [["s1", "s2"], ["s3", "s4"], ["s2", "s1"], ["s4", "s3"]]
ranking = ["s3", "s4", "s1", "s2"]

[[conflict.decision_makers]]
id = "p2"
moves = [["s1", "s3"], ["s3", "s1"], ["s2", "s4"], ["s4", "s2"]]
ranking = ["s2", "s1", "s4", "s3"]
"""


# The Prisoner's Dilemma in graph form (test_gmcr_coalitions derives every answer used below):
# C cooperate, D defect, first letter player 1; the conflict starts at mutual cooperation.
PRISONERS = """
[model]
name = "prisoners"

[conflict]
states = ["CC", "DC", "CD", "DD"]
status_quo = "CC"

[[conflict.decision_makers]]
id = "p1"
moves = [["CC", "DC"], ["DC", "CC"], ["CD", "DD"], ["DD", "CD"]]
ranking = ["DC", "CC", "DD", "CD"]

[[conflict.decision_makers]]
id = "p2"
moves = [["CC", "CD"], ["CD", "CC"], ["DC", "DD"], ["DD", "DC"]]
ranking = ["CD", "CC", "DD", "DC"]
"""


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "graph.toml"
    path.write_text(GRAPH)
    return str(path)


@pytest.fixture
def prisoners(tmp_path):
    path = tmp_path / "prisoners.toml"
    path.write_text(PRISONERS)
    return str(path)


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_stability_json_contract(capsys, model_file):
    doc = run_json(capsys, "stability", model_file)
    assert doc["states"] == ["s1", "s2", "s3", "s4"]
    assert set(doc["stable"]) == set(doc["equilibria"]) == {"nash", "gmr", "smr", "seq"}
    # Hand-derived in test_gmcr_known: Nash for p1 at s1 and s3, for p2 at s1 and s2.
    assert doc["stable"]["nash"] == {"p1": ["s1", "s3"], "p2": ["s1", "s2"]}
    assert doc["equilibria"]["nash"] == ["s1"]
    for notion in ("gmr", "smr", "seq"):       # states listed in file order
        for states in doc["stable"][notion].values():
            assert states == sorted(states, key=doc["states"].index)


def test_coalition_json_contract(capsys, prisoners):
    doc = run_json(capsys, "stability", prisoners, "--coalitions")["coalition"]
    # Nash {DD} and GMR/SEQ {CC, DD}; the pair upsets DD (both prefer CC): class equilibria
    # CNash none, CGMR = CSEQ {CC}.
    assert (doc["cnash"], doc["cgmr"], doc["cseq"]) == ([], ["CC"], ["CC"])
    pair = doc["by_coalition"]["p1+p2"]
    assert pair["members"] == ["p1", "p2"] and pair["scope"] == "all states"
    assert pair["cnash"] == ["CC", "DC", "CD"]
    # the joint move DD -> CC as a legal sequence; the last step by the first-numbered player
    assert pair["upsets"]["cnash"] == {"DD": {"to": "CC", "moves": [["p2", "DD", "DC"],
                                                                  ["p1", "DC", "CC"]]}}


def test_status_quo_json_contract(capsys, prisoners):
    doc = run_json(capsys, "status-quo", prisoners)
    # From CC: p1 improves to DC, then p2 to DD (or the other way round): everything is
    # reachable; Nash DD in two steps, CC (GMR, SMR, SEQ) where it starts.
    assert doc["from"] == "CC"
    assert doc["reachable_by_improvements"] == doc["reachable_by_moves"] == ["CC", "DC", "CD",
                                                                            "DD"]
    assert doc["equilibria_reachable"] == {"nash": ["DD"], "gmr": ["CC", "DD"],
                                           "smr": ["CC", "DD"], "seq": ["CC", "DD"]}
    assert doc["paths"] == {"CC": [], "DD": [["p2", "CC", "CD"], ["p1", "CD", "DD"]]}
    # From DD nobody improves alone; with coalition steps the pair moves to CC at once.
    doc = run_json(capsys, "status-quo", prisoners, "--from", "DD")
    assert doc["reachable_by_improvements"] == ["DD"] and doc["paths"] == {"DD": []}
    assert doc["paths_by_moves"]["CC"] and len(doc["paths_by_moves"]["CC"]) == 2
    doc = run_json(capsys, "status-quo", prisoners, "--from", "DD", "--coalitions")
    assert doc["coalitions"] == ["p1+p2"] and doc["coalitions_skipped"] == {}
    assert doc["paths"]["CC"] == [["p1+p2", "DD", "CC"]]
    assert doc["equilibria_reachable"]["cgmr"] == ["CC"]


def test_graph_form_steps_name_who_moves(capsys, prisoners):
    # In graph form a state has no options to describe the step by, so the mover is named.
    assert main(["status-quo", prisoners]) == 0
    assert "1. P2 moves to CD" in capsys.readouterr().out
    assert main(["status-quo", prisoners, "--from", "DD", "--coalitions"]) == 0
    assert "P1 + P2 jointly move to CC" in capsys.readouterr().out
    assert main(["stability", prisoners, "--coalitions"]) == 0
    out = capsys.readouterr().out
    assert ("DD -> CC: P2 moves to DC; then P1 moves to CC" in out
            or "DD -> CC: P1 moves to CD; then P2 moves to CC" in out), out


def test_status_quo_folders_are_reproducible(tmp_path, capsys, prisoners):
    # Same folder name in two places: LaTeX labels carry the folder's name.
    for name in ("a", "b"):
        assert main(["status-quo", prisoners, "--out", str(tmp_path / name / "out")]) == 0
    out = capsys.readouterr().out
    assert "status-quo analysis from CC" in out and "to DD (Nash" in out
    a, b = tmp_path / "a" / "out", tmp_path / "b" / "out"
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert {"status_quo.json", "figures/evolution.png", "tables/evolution_paths.csv"} <= {
        f.as_posix() for f in files}
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes()


def test_inverse_json_contract(capsys, model_file):
    doc = run_json(capsys, "inverse", model_file, "--target", "s1", "--vary", "p1")
    assert doc["target"] == "s1" and doc["vary"] == "p1" and doc["profiles"] == 24
    # p2 is Nash stable at s1 (its move s1 -> s3 is worse for it). p1's only move from s1 is to
    # s2: s1 is a Nash equilibrium exactly when p1 ranks s1 above s2, in 12 of 24 rankings.
    assert doc["equilibrium_counts"]["nash"] == 12
    assert set(doc["equilibrium_counts"]) == {"nash", "gmr", "smr", "seq"}
    assert any("must prefer s1" in c for c in doc["conditions"]["nash"])


def test_text_output_and_reproducible_folders(tmp_path, capsys, model_file):
    # Same folder names in two places: LaTeX labels carry the folder's name.
    for name in ("a", "b"):
        assert main(["stability", model_file, "--coalitions", "--out",
                     str(tmp_path / name / "out")]) == 0
        assert main(["inverse", model_file, "--target", "s1", "--vary", "p1",
                     "--out", str(tmp_path / f"inv_{name}" / "out")]) == 0
    out = capsys.readouterr().out
    assert "Nash (R): 1" in out and "Coalition stability" in out
    for first, second in (("a/out", "b/out"), ("inv_a/out", "inv_b/out")):
        files = sorted(p.relative_to(tmp_path / first) for p in (tmp_path / first).rglob("*")
                       if p.is_file())
        assert files
        for f in files:
            assert (tmp_path / first / f).read_bytes() == (tmp_path / second / f).read_bytes()
    assert (tmp_path / "a" / "out" / "tables" / "stability.tex").exists()
    assert (tmp_path / "inv_a" / "out" / "tables" / "inverse_counts.md").exists()


@pytest.mark.parametrize("args, fragments", [
    (["inverse", "{f}", "--target", "s9", "--vary", "p1"], ["--target", "no state 's9'"]),
    (["inverse", "{f}", "--target", "s1", "--vary", "p3"],
     ["--vary", "no decision maker 'p3'", "did you mean"]),
    (["inverse", "{f}", "--target", "s1", "--vary", "p1", "--method", "enumeration",
      "--limit", "2"], ["too many rankings", "fix:"]),
    (["stability", "{f}", "--set", "conflict.decision_makers.p1.ranking=[\"s1\"]"],
     ["conflict.decision_makers.p1.ranking", "3 state(s) not ranked"]),
    (["status-quo", "{f}"], ["--from", "declares no status quo", "fix:"]),
    (["status-quo", "{f}", "--from", "s9"], ["--from s9", "no state 's9'"]),
])
def test_bad_requests_exit_2(capsys, model_file, args, fragments):
    assert main([a.replace("{f}", model_file) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def test_a_model_without_conflict_is_refused(capsys):
    assert main(["stability", "models/example.toml"]) == 2
    assert "no [conflict] section" in capsys.readouterr().err
