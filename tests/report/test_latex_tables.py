"""Every LaTeX table `negotiation report` writes pastes into a paper: it fits \\linewidth
(compiled with pdflatex when it is installed; its column widths added up without it), shows
labels rather than internal ids, and carries a \\label unique in its folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from negotiation.cli import main
from negotiation.report.tables import Table, to_latex, to_markdown

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "models" / "example.toml"
LONG_NAME = "Basin donor with a long name for table alignment"
UNCERTAIN = ('parties.ukraine.disagreement={ value = 0.35, dist = "uniform", low = 0.3, '
             'high = 0.81 }')

# A plain 10-pt article, as LaTeX reports it: \linewidth 345 pt; the em (\fontdimen6) of
# \small is 9.25 pt, of \footnotesize 8.5 pt and of \scriptsize 7.97 pt (measured with
# \the\fontdimen6\font).
LINEWIDTH_PT = 345.0
EM_PT = {"small": 9.25, "footnotesize": 8.5, "scriptsize": 7.97, "normalsize": 10.0}


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """Results folders of `report` on the example model, and on the example with its West
    renamed at length and Ukraine's no-deal value uncertain: the trap, and opened by dropping
    the West's combat line (bargaining solutions with the long name in their header)."""
    base = tmp_path_factory.mktemp("latex")
    long_model = base / "long.toml"
    text = EXAMPLE.read_text().replace('label = "the West"', f'label = "{LONG_NAME}"')
    long_model.write_text(text)
    runs = {"example": [str(EXAMPLE)],
            "long": [str(long_model), "--set", UNCERTAIN],
            "long_open": [str(long_model), "--set", UNCERTAIN, "--drop",
                          "west.no_combat_commitment"]}
    out = {}
    for name, args in runs.items():
        out[name] = base / name
        assert main(["report", *args, "--out", str(out[name]), "--draws", "300"]) == 0
    return out


def tables(folder: Path) -> list[Path]:
    return sorted((folder / "tables").glob("*.tex"))


def test_the_runs_write_the_tables_a_paper_needs(folders, capsys):
    capsys.readouterr()
    names = {name: {p.stem for p in tables(folder)} for name, folder in folders.items()}
    assert {"thresholds_revised", "red_line_toggles_baseline", "blocking_by_level",
            "mcs_in_words"} <= names["example"]
    assert {"solutions", "verdict_probabilities_baseline",
            "uncertainty_ranges_baseline"} <= names["long_open"]
    # The sweep's grid (51 × 51 points) is data: CSV and Markdown, no LaTeX, and the manifest
    # says so.
    for folder in folders.values():
        assert (folder / "tables" / "sweep.csv").exists()
        assert not (folder / "tables" / "sweep.tex").exists()
        manifest = json.loads((folder / "manifest.json").read_text())
        assert "sweep" in manifest["tables_without_latex"]
    assert {"mus_membership_baseline", "verdict_probabilities_revised"} <= names["long"]


def overfull(folder: Path, workdir: Path) -> dict[str, list[str]]:
    """Compile every table of ``folder`` in a plain article with the packages the tables'
    first lines name; per table, the Overfull \\hbox warnings, tabularx's 'X Columns too
    narrow' and any LaTeX error."""
    needs = {re.match(r"% Needs (.*) in the preamble", p.read_text().splitlines()[0]).group(1)
             for p in tables(folder)}
    body = [line for p in tables(folder)
            for line in (rf"\typeout{{@@TABLE {p.stem}}}", rf"\input{{{p.as_posix()}}}",
                         r"\clearpage")]
    source = "\n".join([r"\documentclass{article}", r"\usepackage[T1]{fontenc}", *needs,
                        r"\begin{document}", *body, r"\end{document}"])
    (workdir / "t.tex").write_text(source, "utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
                   cwd=workdir, capture_output=True, timeout=300,
                   env=dict(os.environ, max_print_line="10000"))
    log = (workdir / "t.log").read_text("utf-8", errors="replace")
    found: dict[str, list[str]] = {}
    current = "(preamble)"
    for line in log.splitlines():
        if line.startswith("@@TABLE "):
            current = line.split()[1]
        elif (line.startswith(("Overfull \\hbox", "!")) or "X Columns too narrow" in line):
            found.setdefault(current, []).append(line[:120])
    assert (workdir / "t.pdf").exists(), found
    return found


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_every_table_compiles_within_the_text_width(folders, tmp_path):
    for name, folder in folders.items():
        work = tmp_path / name
        work.mkdir()
        found = overfull(folder, work)
        assert not found, (name, found)


def column_widths(tex: str) -> list[tuple[float, int, int]]:
    """Per tabular in ``tex``: the fixed columns' widths and the gaps in points, the number of
    X columns and the number of columns."""
    font = next((f for f in EM_PT if f"\\{f}\n" in tex), "normalsize")
    em = EM_PT[font]
    assert font != "normalsize" or "\\normalsize" in tex
    sep = float(re.search(r"\\setlength\{\\tabcolsep\}\{([\d.]+)pt\}", tex).group(1))
    out = []
    for spec in re.findall(r"\\begin\{(?:tabularx|xltabular|tabular|longtable)\}"
                           r"(?:\{\\linewidth\})?\{(.*)\}\n", tex):
        fixed = [float(w) * em for w in re.findall(r"p\{([\d.]+)em\}", spec)]
        wrapping = len(re.findall(r"\}X", spec))
        columns = len(fixed) + wrapping
        assert columns == spec.count(">{"), spec      # every column is p{..em} or X
        out.append((sum(fixed) + 2 * sep * columns, wrapping, columns))
    return out


def test_column_widths_add_up_to_at_most_the_text_width(folders):
    """Without LaTeX: the fixed columns and the gaps between columns leave room (at least 4 em
    each) for the wrapping columns within \\linewidth."""
    for folder in folders.values():
        for path in tables(folder):
            tex = path.read_text()
            parts = column_widths(tex)
            assert parts, path.name
            for width, wrapping, _ in parts:
                assert width + wrapping * 4 * EM_PT["scriptsize"] <= LINEWIDTH_PT, \
                    (path.name, width, wrapping)


def test_tables_show_labels_not_ids(folders):
    for folder in folders.values():
        for path in tables(folder):
            for text in (path.read_text(), path.with_suffix(".md").read_text()):
                assert "parties." not in text and "russia.non" not in text, path.name
    sweep = (folders["long_open"] / "tables" / "sweep.md").read_text().splitlines()[0]
    assert sweep.startswith("| Ukraine: no-deal value | Russia: no-deal value | verdict")
    header = (folders["long_open"] / "tables" / "sweep.csv").read_text().splitlines()[0]
    assert "id of parameter 1" in header       # scripts still find the ids in the CSV
    solutions = (folders["long_open"] / "tables" / "solutions.tex").read_text()
    assert LONG_NAME in solutions


def test_labels_are_unique_and_name_the_folder(folders):
    for name, folder in folders.items():
        labels = [label for path in tables(folder)
                  for label in re.findall(r"\\label\{([^}]*)\}", path.read_text())]
        assert len(labels) == len(set(labels)) == len(tables(folder))
        assert all(label.startswith(f"tab:{name.replace('_', '-')}-") for label in labels)


def test_empty_tables_are_not_written(folders):
    """The trap's baseline thresholds change nothing: no table of blanks is written, and the
    manifest lists it as empty."""
    folder = folders["long"]
    assert not (folder / "tables" / "thresholds_baseline.tex").exists()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert "thresholds_baseline" in manifest["empty_tables"]


def test_a_table_rebuilt_from_another_keeps_its_ids_out_of_print():
    """Experiments rename tables by rebuilding them from their columns; the id column stays in
    the CSV only."""
    t = Table("t", "A table", ("party", "value", "id"), (("Russia", 0.5, "russia"),),
              data_only=("id",))
    copy = Table("t_revised", t.caption, t.columns, t.rows)
    assert "russia" not in to_markdown(copy) and "russia" not in to_latex(copy)
    assert t.renamed("t2").shown() == (["party", "value"], [["Russia", 0.5]])


def test_wide_tables_are_split_and_numbers_never_break():
    """Fourteen number columns do not fit one \\linewidth: the table is set in parts that
    each repeat the row names; numbers are joined by non-breaking spaces."""
    columns = ("party", *(f"a long column header {k}" for k in range(14)))
    rows = (("Russia", *(123456.0 + k for k in range(14))), ("Ukraine", *([3e-16] * 14)))
    tex = to_latex(Table("wide", "A wide table", columns, rows))
    parts = column_widths(tex)
    assert len(parts) >= 2 and all(w <= LINEWIDTH_PT for w, _, _ in parts)
    assert tex.count("\\begin{tabular}") == len(parts) and tex.count("Russia") == len(parts)
    assert "$<$~1e-12" in tex
