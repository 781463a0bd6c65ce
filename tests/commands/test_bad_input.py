"""Every malformed input gets one clear message naming file, key path and fix, and status 2."""

import subprocess
import sys
from pathlib import Path

import pytest

from negotiation.cli import main

GOOD = """
[model]
name = "Three-party example"

[[issues]]
id = "alignment"
label = "Ukraine's alignment"
levels = ["nato_member", "open_door", "neutral"]

[[parties]]
id = "russia"
label = "Russia"
disagreement = 0.40
[parties.weights]
alignment = 1.0
[parties.scores.alignment]
nato_member = 0.0
open_door = 0.2
neutral = 1.0
[[parties.red_lines]]
id = "non_alignment"
requires = "alignment == neutral"
description = "Formalised non-alignment"
source = "000_ac0099bd3787dcaf.txt, table of minimum conditions"
revision_cost = 5
"""


def run(tmp_path, text, *extra, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    code = main(["analyze", str(path), *extra])
    err = capsys.readouterr().err
    return code, err


def test_the_contract_example_loads(tmp_path, capsys):
    code, err = run(tmp_path, GOOD, capsys=capsys)
    assert code == 0 and err == ""


CASES = [
    # (replace this, with this, expected fragments of the message)
    ('requires = "alignment == neutral"', 'requires = "alignment == natoo"',
     ["parties.russia.red_lines.non_alignment.requires", "unknown level 'natoo'",
      "did you mean 'nato_member'"]),
    ('requires = "alignment == neutral"', 'requires = "alignmnt == neutral"',
     ["red_lines.non_alignment.requires", "did you mean 'alignment'"]),
    ('requires = "alignment == neutral"', 'requires = "alignment = neutral"',
     ["requires", "cannot read", "'=='"]),
    ("alignment = 1.0", "alignment = 0.8",
     ["parties.russia.weights", "weights sum to 0.8", "fix:"]),
    ("open_door = 0.2", "open_door = 1.2",
     ["parties.russia.scores.alignment.open_door", "outside the allowed range [0, 1]"]),
    ("open_door = 0.2", "open_door = nan",
     ["scores.alignment.open_door", "not a finite number"]),
    ("open_door = 0.2\n", "",
     ["parties.russia.scores.alignment", "no score for level(s) 'open_door'"]),
    ("neutral = 1.0", "neutral = 1.0\nneutrall = 0.5",
     ["scores.alignment.neutrall", "did you mean 'neutral'"]),
    ("disagreement = 0.40", "disagrement = 0.40",
     ["parties.russia.disagreement", "missing", "found 'disagrement'"]),
    ('levels = ["nato_member"', 'level = ["nato_member"',
     ["issues.alignment.levels", "found 'level': a misspelling?"]),
    ("[parties.scores.alignment]", "[parties.score.alignment]",
     ["parties.russia.scores", "found 'score': a misspelling?"]),
    ("disagreement = 0.40", 'disagreement = "high"',
     ["parties.russia.disagreement", "expected a number"]),
    ("revision_cost = 5", "revision_cost = -1",
     ["revision_cost", "outside the allowed range"]),
    ('levels = ["nato_member", "open_door", "neutral"]',
     'levels = ["nato_member", "open_door", "nato_member"]',
     ["issues.alignment.levels", "appears twice"]),
    ('levels = ["nato_member", "open_door", "neutral"]', 'levels = []',
     ["issues.alignment.levels", "non-empty list"]),
    ('id = "non_alignment"', 'id = "non alignment"',
     ["cannot be used as a name"]),
    ('[parties.weights]', '[parties.weight]',
     ["parties.russia.weights", "found 'weight'"]),
    ('name = "Three-party example"', 'name = "unterminated',
     ["not valid TOML"]),
    ('alignment = 1.0', 'alignmnt = 1.0',
     ["parties.russia.weights.alignmnt", "unknown issue", "did you mean 'alignment'"]),
    ('[model]', '[modell]',
     ["unknown section 'modell'", "did you mean 'model'"]),
    ('alignment = 1.0', 'alignment = {dist = "uniform", low = 0.5, high = 2}',
     ["weights.alignment", "exceeds the allowed"]),
]


@pytest.mark.parametrize("old, new, fragments", CASES)
def test_malformed_files(tmp_path, capsys, old, new, fragments):
    assert old in GOOD
    code, err = run(tmp_path, GOOD.replace(old, new, 1), capsys=capsys)
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith("error: ") and "bad.toml" in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def test_duplicate_party(tmp_path, capsys):
    second = GOOD[GOOD.index("[[parties]]"):]
    code, err = run(tmp_path, GOOD + second, capsys=capsys)
    assert code == 2 and "duplicate party id 'russia'" in err


@pytest.mark.parametrize("args, fragments", [
    (["--set", "parties.rusia.disagreement=0.2"], ["--set", "did you mean 'russia'"]),
    (["--set", "parties.russia.disagreement"], ["expected PATH=VALUE"]),
    # The override, not the model file, is at fault: name it and say what to write.
    (["--set", "parties.russia.disagreement=abc"], [
        "--set parties.russia.disagreement=abc", "is a number", "fix: write a number"]),
    # A misspelt last key adds a key the model does not know: the override is at fault.
    (["--set", "parties.russia.disagrement=0.3"], [
        "--set parties.russia.disagrement=0.3", "did you mean 'disagreement'"]),
    (["--set", "parties.russia.weights.alignment=1.5"], [
        "--set parties.russia.weights.alignment=1.5", "fix:"]),
    (["--drop", "russia.non_alignmnt"], ["--drop", "did you mean 'russia.non_alignment'"]),
])
def test_bad_overrides(tmp_path, capsys, args, fragments):
    code, err = run(tmp_path, GOOD, *args, capsys=capsys)
    assert code == 2
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def test_missing_file(capsys):
    assert main(["analyze", "no/such/model.toml"]) == 2
    assert "no/such/model.toml: no such file" in capsys.readouterr().err


def test_real_process_exit_status_and_no_partial_results(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace("alignment = 1.0", "alignment = 0.5"))
    out = tmp_path / "results"
    proc = subprocess.run([sys.executable, "-m", "negotiation.cli", "analyze", str(path),
                           "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "weights sum to 0.5" in proc.stderr
    assert not out.exists()
    assert list(Path(tmp_path).iterdir()) == [path]


def test_space_too_large_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEGOTIATION_MEMORY_BUDGET", "100")
    # (The default --backend auto would switch to the integer program instead.)
    code, err = run(tmp_path, GOOD, "--backend", "enumerate", capsys=capsys)
    assert code == 2
    assert "outcome space has 3 outcomes" in err and "NEGOTIATION_MEMORY_BUDGET" in err


@pytest.mark.parametrize("text, expected", [
    ("8G", 8 * 1024**3), ("8GB", 8 * 1024**3), ("8GiB", 8 * 1024**3), ("512M", 512 * 1024**2),
    ("100", 100),
])
def test_memory_budget_units(monkeypatch, text, expected):
    from negotiation.model.compiled import memory_budget

    monkeypatch.setenv("NEGOTIATION_MEMORY_BUDGET", text)
    assert memory_budget() == expected


def test_a_game_without_parties_is_not_analysed(capsys):
    root = Path(__file__).parents[2]
    assert main(["analyze", str(root / "models" / "stag_hunt.toml")]) == 2
    assert "no parties to analyse" in capsys.readouterr().err


def test_deeply_nested_condition(tmp_path, capsys):
    deep = "not " * 3000 + "alignment == neutral"
    code, err = run(tmp_path, GOOD.replace('requires = "alignment == neutral"',
                                           f'requires = "{deep}"'), capsys=capsys)
    assert code == 2 and "Traceback" not in err and "nested too deeply" in err


@pytest.mark.parametrize("payoff", ["1/0", "1e400"])
def test_nfg_numbers_must_be_finite(tmp_path, capsys, payoff):
    path = tmp_path / "g.nfg"
    path.write_text(f'NFG 1 R "t" {{ "a" "b" }} {{ 1 1 }}\n{payoff} 2\n')
    assert main(["equilibria", str(path)]) == 2
    assert "not a finite number" in capsys.readouterr().err


@pytest.mark.parametrize("args, fragment", [
    (["robustness", "--draws", "0"], "fix: ask for one draw or more"),
    (["simulate", "--draws", "-5"], "cannot be negative"),
    (["simulate", "--periods", "0"], "fix: simulate one period or more"),
    (["sweep", "--param", "parties.russia.disagreement=0:1:0"], "needs at least one point"),
    (["sweep", "--workers", "-2", "--param", "parties.russia.disagreement=0:1:3"],
     "not a number of processes"),
    (["sweep", "--param", "parties.russia.scores.alignment.permanent_neutrality=0:3:4"],
     "leave the parameter's range"),
])
def test_bad_numbers_on_the_command_line(capsys, args, fragment):
    model = str(Path(__file__).parents[2] / "models" / "russia_ukraine_west.toml")
    try:
        code = main([args[0], model, *args[1:]])
    except SystemExit as usage:          # argparse refuses a malformed option itself
        code = usage.code
    assert code == 2
    assert fragment in capsys.readouterr().err


def test_a_model_file_where_a_record_is_expected(capsys):
    model = str(Path(__file__).parents[2] / "models" / "example.toml")
    assert main(["packages", model]) == 2
    err = capsys.readouterr().err
    assert "this is a model file, but a record file is expected here" in err
    assert "models/mediation_record.toml" in err
