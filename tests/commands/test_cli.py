"""The `negotiation analyze` command as a user runs it."""

import json
from pathlib import Path

from negotiation.cli import main

EXAMPLE = str(Path(__file__).parents[2] / "models" / "example.toml")


def analyze_json(capsys, *args):
    assert main(["analyze", EXAMPLE, "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_contract(capsys):
    doc = analyze_json(capsys)
    for key in ("verdict", "outcomes", "bargaining_set_size", "mus", "mcs",
                "pairwise_compatible", "solutions"):
        assert key in doc
    assert doc["verdict"] in ("structural_trap", "ripeness_gap", "agreement_possible")
    assert doc["outcomes"] == 3 * 4 * 3
    assert all(m == sorted(m) for m in doc["mus"] + doc["mcs"])
    assert set(doc["pairwise_compatible"]) == {"russia+ukraine", "russia+west", "ukraine+west"}
    assert set(doc["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    assert doc["certificate"]["verified"] is True


def test_example_model_is_a_trap_that_one_revision_opens(capsys):
    # In models/example.toml the West rules out anything beyond assurances, Ukraine needs
    # binding guarantees if neutral, and Russia needs neutrality: no settlement meets all three.
    doc = analyze_json(capsys)
    assert doc["verdict"] == "structural_trap"
    assert ["russia.non_alignment", "ukraine.enforceable_if_neutral",
            "west.no_combat_commitment"] in doc["mus"]
    # Dropping the West's line leaves: neutral, exactly binding guarantees (Ukraine's line and
    # Russia's ban on troops), territory restored or frozen (no recognition). By the file's
    # scores Russia values these 0.66 / 0.78 (floor 0.40), Ukraine 0.64 / 0.46 (0.35), the West
    # 0.76 / 0.60 (0.30): both settlements are in the bargaining set.
    opened = analyze_json(capsys, "--drop", "west.no_combat_commitment")
    assert opened["verdict"] == "agreement_possible"
    assert opened["bargaining_set_size"] == 2
    assert all(sol["alignment"] == "neutral" and sol["guarantees"] == "binding_guarantees"
               for sol in opened["solutions"].values())


def test_set_changes_one_value(capsys):
    doc = analyze_json(capsys, "--drop", "west.no_combat_commitment",
                       "--set", "parties.russia.disagreement=0.99")
    # Of the two settlements left (see above) Russia's best is worth 0.78 < 0.99.
    assert doc["verdict"] == "ripeness_gap"
    assert doc["model"]["overrides"] == ["parties.russia.disagreement=0.99",
                                         "drop west.no_combat_commitment"]


def test_text_output_speaks_the_domain(capsys):
    assert main(["analyze", EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert "STRUCTURAL TRAP" in out
    assert "Formalised non-alignment of Ukraine" in out
    assert "What would need to change" in out


def test_out_folder_is_complete_and_reproducible(tmp_path, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["analyze", EXAMPLE, "--out", str(first)]) == 0
    assert main(["analyze", EXAMPLE, "--out", str(second)]) == 0
    capsys.readouterr()
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    for stem in ("verdict", "mus", "mcs", "pairwise", "blocking"):
        for ext in ("csv", "md", "tex"):
            assert f"tables/{stem}.{ext}" in names
    assert "manifest.json" in names and "analysis.json" in names
    manifest = json.loads((first / "manifest.json").read_text())
    # A trap has no bargaining solutions: the empty table is not written, the manifest says so.
    assert "tables/solutions.csv" not in names and manifest["empty_tables"] == ["solutions"]
    for name in names:
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if name.endswith(".tex"):     # labels name the folder, so they differ between a and b
            assert b"\\label{tab:a-" in a and b"\\label{tab:b-" in b
            a, b = a.replace(b"tab:a-", b"tab:"), b.replace(b"tab:b-", b"tab:")
        if name == "manifest.json":
            continue                   # it lists the .tex files' hashes
        assert a == b, name
    assert len(manifest["models"][0]["sha256"]) == 64
    assert manifest["models"][0]["parameters"]["parties.russia.disagreement"] == 0.4
    assert {"numpy", "scipy", "nashpy", "matplotlib", "python"} <= set(manifest["packages"])
    assert manifest["files"]["tables/mus.csv"]


RUW = str(Path(__file__).parents[2] / "models" / "russia_ukraine_west.toml")
# The model's cheapest minimal revision (docs/russia_ukraine_west.md): Russia gives up its
# neutrality, Crimea, Donbas and recognition lines.
CHEAPEST = ["--drop", "russia.non_alignment", "--drop", "russia.keep_crimea",
            "--drop", "russia.territorial_claims", "--drop", "russia.recognition_of_gains"]


def test_thresholds_command(capsys):
    assert main(["thresholds", RUW]) == 0
    assert "No numeric parameter can change a structural trap" in capsys.readouterr().out
    assert main(["thresholds", RUW, "--json", *CHEAPEST]) == 0
    doc = json.loads(capsys.readouterr().out)
    west = next(t for t in doc["thresholds"] if t["parameter"] == "parties.west.disagreement")
    assert west["upper_verdict"] == "ripeness_gap" and west["current"] == 0.61


def test_sweep_command(tmp_path, capsys):
    out = tmp_path / "sweep"
    assert main(["sweep", RUW, *CHEAPEST, "--param", "parties.russia.disagreement=0:1:11",
                 "--out", str(out)]) == 0
    assert "agreement_possible" in capsys.readouterr().out
    assert (out / "figures" / "sweep.png").exists() and (out / "tables" / "sweep.csv").exists()
    assert main(["sweep", RUW, "--param", "parties.rusia.disagreement=0:1:3"]) == 2
    assert "did you mean 'parties.russia.disagreement'" in capsys.readouterr().err
    assert main(["sweep", RUW, "--param", "parties.russia.disagreement=0:1"]) == 2


def test_robustness_command_is_reproducible(capsys):
    args = ["robustness", RUW, "--draws", "500", "--seed", "7", "--mus-draws", "5", "--json"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    doc = json.loads(first)
    assert doc["verdicts"]["structural_trap"]["probability"] == 1.0
    assert doc["in_mus"]["russia.non_alignment"]["share"] == 1.0


def test_set_of_one_weight_rescales_the_rest_of_its_table(tmp_path, capsys):
    # Russia's weights in models/example.toml are .6 / .2 / .2. Setting alignment to .8 leaves
    # .2 for the other two, shared in their old proportion: .1 and .1.
    out = tmp_path / "o"
    assert main(["analyze", EXAMPLE, "--set", "parties.russia.weights.alignment=0.8",
                 "--out", str(out)]) == 0
    params = json.loads((out / "manifest.json").read_text())["models"][0]["parameters"]
    assert params["parties.russia.weights.alignment"] == 0.8
    assert abs(params["parties.russia.weights.guarantees"] - 0.1) < 1e-12
    assert abs(params["parties.russia.weights.territory"] - 0.1) < 1e-12
    # Setting two of them pins both; pinned above 1, nothing is rescaled and the table
    # (.7 + .6 + the untouched .2 = 1.5) is refused.
    assert main(["analyze", EXAMPLE, "--set", "parties.russia.weights.alignment=0.7",
                 "--set", "parties.russia.weights.territory=0.6"]) == 2
    assert "weights sum to 1.5" in capsys.readouterr().err


def test_out_writes_the_figures_at_the_width_asked_for(tmp_path, capsys):
    """`analyze --out` draws the certificate (collisions of a trap, who blocks what); with a
    zone of agreement there are no collisions to draw and the summary says so."""
    import matplotlib.image

    single, double = tmp_path / "single", tmp_path / "double"
    assert main(["analyze", EXAMPLE, "--out", str(single)]) == 0
    assert main(["analyze", EXAMPLE, "--out", str(double), "--figure-width", "double"]) == 0
    for name in ("collisions", "blocking_by_level"):
        for ext in ("pdf", "png"):
            assert (single / "figures" / f"{name}.{ext}").exists()
    narrow = matplotlib.image.imread(single / "figures" / "blocking_by_level.png").shape[1]
    wide = matplotlib.image.imread(double / "figures" / "blocking_by_level.png").shape[1]
    assert wide > 1.8 * narrow
    opened = tmp_path / "opened"
    assert main(["analyze", EXAMPLE, "--drop", "west.no_combat_commitment",
                 "--out", str(opened)]) == 0
    capsys.readouterr()
    assert not (opened / "figures" / "collisions.png").exists()
    assert "No collision figure" in (opened / "summary.txt").read_text()


def test_equilibria_out_draws_the_game(tmp_path, capsys):
    """A two-player game in its payoff plane; a small three-player game as posture grids."""
    models = Path(EXAMPLE).parent
    assert main(["equilibria", str(models / "prisoners_dilemma.toml"),
                 "--out", str(tmp_path / "pd")]) == 0
    assert (tmp_path / "pd" / "figures" / "payoff_plane.png").exists()
    assert main(["equilibria", str(tmp_path / "pd" / "game.nfg"),      # no zone, no no-deal point
                 "--out", str(tmp_path / "nfg")]) == 0
    assert (tmp_path / "nfg" / "figures" / "payoff_plane.pdf").exists()
    assert main(["equilibria", str(models / "example_game.toml"),
                 "--out", str(tmp_path / "postures")]) == 0
    assert (tmp_path / "postures" / "figures" / "postures.png").exists()
    assert "figures" in capsys.readouterr().out


def test_what_ifs_skip_figures_that_say_nothing(tmp_path, capsys):
    """On a trap no number moves the verdict and nothing is uncertain: no tornado, one draw,
    no robustness figure; the summary says why."""
    # Each party holds two lines for the same level: only dropping both of one party's lines
    # opens the trap, so no single red line (and no number) changes the verdict.
    double = tmp_path / "double.toml"
    double.write_text('[model]\nname = "Double lock"\n[[issues]]\nid = "x"\nlevels = ["a", "b"]\n'
                      + "".join(f"""
[[parties]]
id = "{p}"
disagreement = 0.0
[parties.weights]
x = 1.0
[parties.scores.x]
a = 0.5
b = 0.5
[[parties.red_lines]]
id = "one"
requires = "x == {lv}"
[[parties.red_lines]]
id = "two"
requires = "x == {lv}"
""" for p, lv in (("r", "a"), ("u", "b"))))
    out = tmp_path / "t"
    assert main(["thresholds", str(double), "--out", str(out)]) == 0
    assert not (out / "figures").exists()
    assert "No tornado figure" in (out / "summary.txt").read_text()
    out = tmp_path / "r"
    assert main(["robustness", EXAMPLE, "--draws", "500", "--out", str(out)]) == 0
    assert "1 draw, seed 0" in capsys.readouterr().out
    assert json.loads((out / "robustness.json").read_text())["draws"] == 1
    assert not (out / "figures").exists()
    assert "declares no distribution" in (out / "summary.txt").read_text()
    out = tmp_path / "opened"                    # the cheapest revision opens a zone
    assert main(["thresholds", EXAMPLE, "--drop", "west.no_combat_commitment",
                 "--out", str(out), "--figure-width", "double"]) == 0
    assert (out / "figures" / "tornado.pdf").exists()


HEAVY = ("numpy", "scipy", "scipy.optimize", "matplotlib", "nashpy", "negotiation.plots")


def loaded_by_help(*argv: str) -> set[str]:
    """The heavy packages a fresh interpreter has loaded after printing ``argv``'s help."""
    import subprocess
    import sys

    code = ("import sys\nfrom negotiation.cli import main\n"
            f"try:\n    main({list(argv)!r})\nexcept SystemExit:\n    pass\n"
            f"print(*[m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return set(done.stderr.split())


def test_help_starts_without_the_heavy_imports():
    # `negotiation --help` lists every command without loading NumPy, SciPy or matplotlib;
    # a command's own help never loads the plotting code, matplotlib or scipy.optimize.
    assert loaded_by_help("--help") == set()
    from negotiation.cli import COMMANDS

    for name in COMMANDS:
        heavy = loaded_by_help(name, "--help")
        assert not heavy & {"matplotlib", "negotiation.plots", "scipy.optimize"}, (name, heavy)


def test_choices_written_out_for_a_fast_help_match_the_library():
    from importlib import import_module

    from negotiation.analysis import VERIFY_LIMIT
    from negotiation.commands import analyze as analyze_command
    from negotiation.commands import equilibria as equilibria_command
    from negotiation.commands import inverse as inverse_command

    equilibria = import_module("negotiation.games.equilibria")
    inverse = import_module("negotiation.gmcr.inverse")
    assert analyze_command.VERIFY_LIMIT == VERIFY_LIMIT
    assert equilibria_command.METHODS == equilibria.METHODS
    assert (inverse_command.METHODS, inverse_command.ENUMERATION_LIMIT,
            inverse_command.SAMPLES) == (inverse.METHODS, inverse.ENUMERATION_LIMIT,
                                         inverse.SAMPLES)
