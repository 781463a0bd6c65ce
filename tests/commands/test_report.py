"""`negotiation report` on small models written in the test, run from another folder."""

import json
import re
from pathlib import Path

from helpers import three_way_trap

from negotiation.cli import main

EXAMPLE = str(Path(__file__).parents[2] / "models" / "example.toml")


def write(tmp_path: Path, du: str = "0.0") -> Path:
    path = tmp_path / "models" / "trap.toml"
    path.parent.mkdir()
    path.write_text(three_way_trap(du))
    return path


def test_report_writes_everything_a_paper_needs(tmp_path, monkeypatch, capsys):
    write(tmp_path)
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["report", "../models/trap.toml", "--out", "paper"]) == 0
    out = capsys.readouterr().out
    folder = elsewhere / "paper"
    doc = json.loads((folder / "analysis.json").read_text())
    assert doc["verdict"] == "structural_trap"
    assert doc["mus"] == [["r.not_a", "u.not_b", "w.not_c"]]
    # The cheapest revision drops u.not_b (cost 3); then x = b is the one settlement, worth .5
    # to u: above a no-deal value of .5 for u the zone closes again.
    revised = json.loads((folder / "thresholds_revised.json").read_text())
    du = next(t for t in revised["thresholds"] if t["parameter"] == "parties.u.disagreement")
    assert abs(du["upper"] - 0.5) <= 1e-8 and du["upper_verdict"] == "ripeness_gap"   # +epsilon
    figures = sorted(p.name for p in (folder / "figures").iterdir())
    for stem in ("collisions", "blocking_by_level", "tornado_baseline", "tornado_revised"):
        assert f"{stem}.pdf" in figures and f"{stem}.png" in figures
    assert (folder / "tables" / "mcs_in_words.tex").exists()
    summary = (folder / "summary.md").read_text()
    assert "Three-way trap" in summary and "re-checked by the independent verifier" in summary
    assert "No robustness analysis: the model declares no distribution" in summary
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["models"][0]["sha256"] == doc["model"]["sha256"]
    assert "figures/collisions.png" in manifest["files"]
    assert "Wrote paper/" in out


def test_report_with_uncertainty_and_without_a_trap(tmp_path, monkeypatch, capsys):
    model = tmp_path / "m.toml"
    text = three_way_trap("{ value = 0.2, dist = \"uniform\", low = 0.0, high = 0.6 }")
    # u's no-deal value uniform on [0, .6]: the trap holds in every draw; after the cheapest
    # revision the zone {b} stays open while it is at most .5.
    model.write_text(text)
    assert main(["report", str(model), "--out", str(tmp_path / "r"), "--draws", "200"]) == 0
    folder = tmp_path / "r"
    names = {p.name for p in (folder / "figures").iterdir()}
    assert {"robustness_baseline.png", "robustness_revised.png"} <= names
    doc = json.loads((folder / "robustness_revised.json").read_text())
    assert doc["draws"] == 200
    capsys.readouterr()


def test_report_needs_out(capsys):
    try:
        main(["report", "models/example.toml"])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "--out" in capsys.readouterr().err


UNCERTAIN = ('parties.ukraine.disagreement={ value = 0.35, dist = "uniform", low = 0.3, '
             'high = 0.81 }')


def test_the_appendix_summary_carries_the_what_if_results(tmp_path, capsys):
    """The example, opened by dropping the West's combat line, with Ukraine's no-deal value
    uniform on [0.3, 0.81]. Ukraine values the one best settlement of the zone (neutral,
    binding guarantees, 1991 borders) at 0.3 * 0.2 + 0.4 * 0.7 + 0.3 * 1.0 = 0.64, so the zone
    closes when its no-deal value passes 0.64: P(ripeness gap) = (0.81 - 0.64) / 0.51 = 1/3."""
    out = tmp_path / "r"
    assert main(["report", EXAMPLE, "--drop", "west.no_combat_commitment",
                 "--set", UNCERTAIN, "--draws", "2000", "--out", str(out)]) == 0
    capsys.readouterr()
    summary = (out / "summary.md").read_text()
    assert "**Thresholds: as the model stands** (verdict agreement possible)" in summary
    assert "- Ukraine: no-deal value: today 0.35; above 0.64 it becomes ripeness gap." in summary
    assert "No red line changes the verdict when dropped alone" in summary
    assert "**Sweep: as the model stands.** Over a grid of 51 × 51 values" in summary
    robust = next(p for p in summary.split("\n\n") if p.startswith("**Robustness"))
    gap = re.search(r"ripeness gap in ([\d,]+) of 2,000 draws \(probability ([\d.]+), 95% "
                    r"interval ([\d.]+)-([\d.]+)\)", robust)
    k, p, lo, hi = int(gap[1].replace(",", "")), float(gap[2]), float(gap[3]), float(gap[4])
    assert p == k / 2000 and lo < 1 / 3 < hi
    assert "Most often in a minimal incompatible set (the first 1,000 draws): " in robust
    assert "Ukraine: no-deal value (" in robust
    assert "**Not computed or not drawn.**" in summary
    assert "- No collision figure: there is no minimal incompatible set" in summary


def test_report_wraps_its_console_text(capsys, tmp_path):
    assert main(["report", EXAMPLE, "--out", str(tmp_path / "r")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 20 and max(len(line) for line in lines) <= 100
