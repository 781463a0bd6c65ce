"""Every experiment script runs on a small model written in the test, from another folder, and
writes where --out says (issue: experiments take their input file and --out)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import three_way_trap

ROOT = Path(__file__).parents[1]


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PHASED_TEST = _module(ROOT / "tests" / "games" / "test_phased.py")

# The three-way trap (tests/helpers.py): one three-party MUS ({r.not_a, u.not_b, w.not_c});
# no-deal values never bind. u's no-deal value carries a distribution (for experiment 07).
TRAP = three_way_trap('{ value = 0.0, dist = "uniform", low = 0.0, high = 0.6 }')

# The trap without u's red line: agreement possible (settlement b meets r's and w's lines and no
# no-deal value binds), and no [game] section.
OPEN = TRAP.replace('[[parties.red_lines]]\nid = "not_b"\nrequires = "x != b"\nrevision_cost = 3\n',
                    "").replace("Three-way trap", "My open model")
assert OPEN.count("[[parties.red_lines]]") == 2

RECORD = """
[record]
name = "Two proposals"
model = "trap.toml"
reading = "any"
[[packages]]
id = "b_only"
label = "Settle at b"
terms = "x == b"
[packages.says]
x = "b"
[packages.reception]
r = "accepted"
u = "rejected"
[[packages]]
id = "silent"
label = "Silent on x"
terms = "true"
"""

# A ripeness gap that opens at month 10: p values a 1, b .6, c 0 with a no-deal value of .7 that
# falls by .01 a month; q values a 0, b .6, c 1 with .5. At .6 (month 10) b is acceptable to both.
GAP = """
[model]
name = "Gap"
[[issues]]
id = "x"
levels = ["a", "b", "c"]
[[parties]]
id = "p"
disagreement = 0.7
[parties.weights]
x = 1.0
[parties.scores.x]
a = 1.0
b = 0.6
c = 0.0
[[parties]]
id = "q"
disagreement = 0.5
[parties.weights]
x = 1.0
[parties.scores.x]
a = 0.0
b = 0.6
c = 1.0
[dynamics]
[dynamics.parties.p]
cost = 0.01
"""

SCENARIOS = """
[scenarios]
model = "gap.toml"
[[scenario]]
id = "base"
label = "Base"
set = []
"""

# The Prisoner's Dilemma in option form (Fang, Hipel and Kilgour 1993).
CONFLICT = """
[model]
name = "Prisoner's dilemma"
[conflict]
[conflict.names]
mutual_cooperation = "NN"
[[conflict.decision_makers]]
id = "p1"
options = [{ id = "d1" }]
preferences = ["d2 == N", "d1 == Y"]
[[conflict.decision_makers]]
id = "p2"
options = [{ id = "d2" }]
preferences = ["d1 == N", "d2 == Y"]
"""

# A two-party phased settlement (tests/games/test_phased.py derives its answer by hand); no
# alternatives.toml beside it, so only its own [phased] framework is analysed.
PHASED_MODEL = PHASED_TEST.MODEL
PHASED_RECORD = PHASED_TEST.RECORD


def load_script(name: str):
    return _module(ROOT / "experiments" / f"{name}.py")


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    models = tmp_path / "inputs"
    models.mkdir()
    (models / "trap.toml").write_text(TRAP)
    (models / "open.toml").write_text(OPEN)
    (models / "record.toml").write_text(RECORD)
    (models / "gap.toml").write_text(GAP)
    (models / "scenarios.toml").write_text(SCENARIOS)
    (models / "conflict.toml").write_text(CONFLICT)
    shutil.copy(ROOT / "models" / "example_game.toml", models / "game.toml")
    phased = models / "phased"            # a model with [phased] and the record it names
    phased.mkdir()
    (phased / "m.toml").write_text(PHASED_MODEL)
    (phased / "record.toml").write_text(PHASED_RECORD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return models


CASES = [
    ("00_models", "inputs", ["trap/analysis.json"]),
    ("01_security_trap", "inputs/trap.toml", ["analysis.json", "figures/collisions.png"]),
    ("02_mediation_record", "inputs/record.toml", ["packages.json"]),
    ("03_alternatives", "inputs/record.toml", ["packages.json"]),
    ("04_equilibria", "inputs/game.toml", ["tables/summary.csv"]),
    ("05_dilemma_vs_trap", "inputs/trap.toml", ["cases.json"]),
    ("06_what_would_need_to_change", "inputs/trap.toml", ["thresholds_revised.json"]),
    ("07_robustness", "inputs/trap.toml", ["robustness_revised.json"]),
    ("08_ripeness", "inputs/scenarios.toml", ["tables/summary.csv", "tables/mechanisms.csv"]),
    ("09_graph_model", "inputs/conflict.toml", ["stability.json"]),
    ("10_phased_settlement", "inputs/phased/m.toml",
     ["phased.json", "figures/tree_deal.png", "figures/region.png", "game_deal.efg"]),
]


@pytest.mark.parametrize("script, given, expected", CASES, ids=[c[0] for c in CASES])
def test_experiment_runs_on_a_small_model_from_another_folder(workspace, script, given,
                                                              expected):
    extra = ["--target", "mutual_cooperation"] if script == "09_graph_model" else []
    out = workspace.parent / "out" / script
    code = load_script(script).main([str(workspace.parent / given), "--out", str(out), *extra])
    assert code == 0
    for rel in expected:
        assert (out / rel).is_file(), rel
    manifest = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() \
        else json.loads(next(out.rglob("manifest.json")).read_text())
    assert manifest["written_by"] == "negotiation"
    assert not (ROOT / "results" / script / "inputs").exists()
    assert_documented(script, out)


def assert_documented(script: str, out: Path) -> None:
    """Every file the script wrote into ``out`` is one results/README.md describes."""
    listed = documented_files(script)
    for path in out.rglob("*"):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and not any(p.fullmatch(rel) for p in listed):
            pytest.fail(f"results/README.md does not describe {script}/{rel}")


def documented_files(script: str) -> list[re.Pattern]:
    """The files results/README.md says the script writes: the backquoted names of its section
    (``<…>`` is any name, ``{a,b}`` either), and the tables and manifest every folder has."""
    text = (ROOT / "results" / "README.md").read_text("utf-8")
    section = text.split(f"## {script}/", 1)[1].split("\n## ", 1)[0]
    names = re.findall(r"`([^`]+)`", section) + ["tables/<name>.{csv,md,tex}", "manifest.json"]
    patterns = []
    for name in names:
        rx = re.escape(name)
        rx = re.sub(r"<[^>]*>", "[^/]+", rx)
        rx = re.sub(r"\\\{([^}]*)\\\}", lambda m: "(" + m.group(1).replace(",", "|") + ")", rx)
        patterns.append(re.compile(rx))
    return patterns


def test_bad_input_is_one_message_and_status_2(workspace, capsys):
    module = load_script("01_security_trap")
    missing = workspace / "nope.toml"
    from negotiation.commands.script import run_script

    assert run_script(lambda: module.main([str(missing), "--out", "x"])) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err


def test_05_runs_on_an_agreement_possible_model_without_a_game(workspace, capsys):
    """Issue: a model whose verdict is agreement_possible (no [game]) crashed with KeyError."""
    out = workspace.parent / "out05"
    assert load_script("05_dilemma_vs_trap").main([str(workspace / "open.toml"),
                                                   "--out", str(out)]) == 0
    row = json.loads((out / "cases.json").read_text())[-1]
    assert (row["case"], row["verdict"], row["zone of agreement"]) == \
        ("My open model", "agreement_possible", 1)
    assert "no posture game" in capsys.readouterr().out


def test_05_explains_every_verdict():
    """Each model verdict (Verdict) and each strategic verdict of a raw game (no_zone,
    undecided; Equilibria.strategic_verdict) has a meaning in experiment 05's table."""
    from negotiation.bargaining.verdict import VERDICTS

    meaning = load_script("05_dilemma_vs_trap").MEANING
    assert set(VERDICTS) | {"no_zone", "undecided"} <= set(meaning)


def test_05_refuses_a_one_party_model(workspace, capsys):
    from negotiation.commands.script import run_script

    one = OPEN.split("[[parties]]")
    (workspace / "one.toml").write_text(one[0] + "[[parties]]" + one[1])
    module = load_script("05_dilemma_vs_trap")
    assert run_script(lambda: module.main([str(workspace / "one.toml"), "--out", "x"])) == 2
    err = capsys.readouterr().err
    assert "one.toml" in err and "two parties" in err and "fix:" in err
    assert "Traceback" not in err and not Path("x").exists()


def test_01_on_a_users_model_adds_no_repository_variants(workspace, capsys):
    """Issue: experiment 01 on a researcher's model tabulated the repository's Russia-Ukraine-West
    variants beside it, under the label "main: table and later demands"."""
    module = load_script("01_security_trap")
    out = workspace.parent / "out01"
    assert module.main([str(workspace / "trap.toml"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    table = (out / "tables" / "variants.csv").read_text()
    assert [line.split(",")[0] for line in table.splitlines()[1:]] == ["Three-way trap"]
    for text in (table, printed):
        assert "main: table" not in text and "divided West" not in text
        assert "article's table" not in text
    assert "Three-way trap: structural_trap; 1 MUS, 3 MCS; cheapest revision cost 3" in printed
    # Variants come only when asked for, each labelled by its file name.
    assert module.main([str(workspace / "trap.toml"), "--variant", str(workspace / "open.toml"),
                        "--out", str(out)]) == 0
    rows = (out / "tables" / "variants.csv").read_text().splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == ["Three-way trap", "open"]
    assert "open: agreement_possible; 0 MUS, 0 MCS; no revision needed" in capsys.readouterr().out


NO_REVISION = [("04_equilibria", "game_open.toml", "equilibria_baseline.json",
                "summary_baseline.txt"),
               ("06_what_would_need_to_change", "open.toml", "thresholds_baseline.json",
                "summary.txt"),
               ("07_robustness", "open.toml", "robustness_baseline.json", "summary.txt")]


@pytest.mark.parametrize("script, given, baseline, summary", NO_REVISION,
                         ids=[c[0] for c in NO_REVISION])
def test_a_model_that_needs_no_revision_gets_no_revised_run(workspace, capsys, script, given,
                                                            baseline, summary):
    """Issue: on a model that already has a zone of agreement, experiments 06 and 07 wrote a
    "revised" run identical to the baseline and printed "cheapest: none; after it ...". The
    baseline alone is written, and the console and the folder's summary say once why."""
    game = (workspace / "game.toml").read_text()     # the example game, the West's line dropped
    start = game.index('[[parties.red_lines]]\nid = "no_combat_commitment"')
    end = game.index("[[parties.red_lines]]", start + 1)
    (workspace / "game_open.toml").write_text(game[:start] + game[end:])
    out = workspace.parent / "out" / script
    assert load_script(script).main([str(workspace / given), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert (out / baseline).is_file()
    assert not [p for p in out.rglob("*revised*")]
    why = "already has a zone of agreement"
    assert printed.count("no revised run") == 1 and why in printed
    assert "cheapest: none" not in printed and "revised:" not in printed
    text = (out / summary).read_text()
    assert text.count("No revised run") == 1 and why in text
    assert_documented(script, out)


@pytest.mark.parametrize("script", ["06_what_would_need_to_change", "07_robustness"])
def test_a_trap_gets_a_revised_run_and_no_summary(workspace, script):
    out = workspace.parent / "out" / script
    assert load_script(script).main([str(workspace / "trap.toml"), "--out", str(out)]) == 0
    assert [p.name for p in out.glob("*_revised.json")] and not (out / "summary.txt").exists()


def test_run_all_has_a_command_line(monkeypatch, capsys):
    """Issue: run_all.py ignored its arguments, so --help started every experiment."""
    module = load_script("run_all")
    calls = []
    monkeypatch.setattr(module.subprocess, "call", lambda cmd, cwd: calls.append(cmd) or 0)
    with pytest.raises(SystemExit) as exit_:
        module.main(["--help"])
    assert exit_.value.code == 0 and "--only" in capsys.readouterr().out
    for bad in (["--bogus"], ["extra"], ["--only", "99"], ["--only", "x"]):
        with pytest.raises(SystemExit) as exit_:
            module.main(bad)
        assert exit_.value.code == 2, bad
    assert calls == []
    assert module.main(["--only", "6", "01"]) == 0
    assert [Path(cmd[-1]).name for cmd in calls] == ["01_security_trap.py",
                                                     "06_what_would_need_to_change.py"]
    assert "[2/2] 06_what_would_need_to_change.py" in capsys.readouterr().out


def test_09_without_target_on_a_users_model_asks_for_one(workspace, capsys):
    """The default --target is a state of the repository's model: on another model the message
    says so and lists the model's named states."""
    from negotiation.commands.script import run_script

    module = load_script("09_graph_model")
    assert run_script(lambda: module.main([str(workspace / "conflict.toml"),
                                           "--out", "x"])) == 2
    err = capsys.readouterr().err
    assert "conflict.toml: --target: the model has no state 'neutrality_with_guarantees'" in err
    assert "named states: mutual_cooperation" in err and "Traceback" not in err
    assert not Path("x").exists()


def test_00_reports_a_broken_file_and_an_empty_folder(tmp_path, monkeypatch, capsys):
    """A folder with a file that is not TOML gave a tomllib traceback; a folder with no model
    wrote nothing and said nothing."""
    from negotiation.commands.script import run_script

    monkeypatch.chdir(tmp_path)
    module = load_script("00_models")
    Path("empty").mkdir()
    assert run_script(lambda: module.main(["empty", "--out", "x"])) == 2
    assert "empty: the folder holds no model file" in capsys.readouterr().err
    Path("mine").mkdir()
    Path("mine", "a.toml").write_text(OPEN)
    Path("mine", "notes.toml").write_text("this = = not TOML\n")
    assert run_script(lambda: module.main(["mine", "--out", "x"])) == 2
    err = capsys.readouterr().err
    assert "notes.toml: not valid TOML" in err and "Traceback" not in err


def test_07_runs_one_draw_on_a_model_without_distributions(workspace, capsys):
    """A model that declares no distribution is the same model in every draw (issue: robustness
    ran 10,000 identical draws): one draw, and the note says why."""
    out = workspace.parent / "out07"
    (workspace / "certain.toml").write_text(three_way_trap())
    assert load_script("07_robustness").main([str(workspace / "certain.toml"),
                                              "--out", str(out)]) == 0
    assert json.loads((out / "robustness_baseline.json").read_text())["draws"] == 1
    printed = capsys.readouterr().out
    assert "(1 of 1)" in printed and "declares no distribution" in printed
