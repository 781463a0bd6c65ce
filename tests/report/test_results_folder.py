"""`--out DIR` never loses a user's files, writes atomically, and follows the umask."""

import json
import os
import stat
from pathlib import Path

import pytest

from negotiation import report
from negotiation.cli import main
from negotiation.errors import ModelError
from negotiation.report import folder as results_folder
from negotiation.report.tables import Table

EXAMPLE = str(Path(__file__).parents[2] / "models" / "example.toml")


def analyze_into(out, capsys=None, *extra) -> int:
    code = main(["analyze", EXAMPLE, "--out", str(out), *extra])
    if capsys is not None:
        capsys.readouterr()
    return code


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_user_files_survive_out_into_their_folder(tmp_path, capsys):
    (tmp_path / "paper.tex").write_text("my draft")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "ideas.md").write_text("ideas")
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "mine.csv").write_text("a,b\n")
    assert analyze_into(tmp_path, capsys) == 0
    assert (tmp_path / "paper.tex").read_text() == "my draft"
    assert (tmp_path / "notes" / "ideas.md").read_text() == "ideas"
    assert (tmp_path / "tables" / "mine.csv").read_text() == "a,b\n"
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert "paper.tex" not in manifest["files"] and "tables/mine.csv" not in manifest["files"]
    assert "analysis.json" in manifest["files"]
    # Running again replaces only the tool's own files, and keeps the user's.
    assert analyze_into(tmp_path, capsys) == 0
    assert (tmp_path / "paper.tex").read_text() == "my draft"
    assert not list(tmp_path.glob(".negotiation-staging-*"))


def test_out_dot_in_a_folder_with_the_model(tmp_path, capsys, monkeypatch):
    model = tmp_path / "m.toml"
    model.write_bytes(Path(EXAMPLE).read_bytes())
    (tmp_path / "README.md").write_text("readme")
    monkeypatch.chdir(tmp_path)
    assert main(["analyze", "m.toml", "--out", "."]) == 0
    capsys.readouterr()
    assert model.read_bytes() == Path(EXAMPLE).read_bytes()
    assert (tmp_path / "README.md").read_text() == "readme"
    assert (tmp_path / "analysis.json").is_file()


def test_a_file_the_tool_did_not_write_is_never_overwritten(tmp_path, capsys):
    (tmp_path / "analysis.json").write_text("{\"mine\": true}")
    assert analyze_into(tmp_path) == 2
    err = capsys.readouterr().err
    assert "analysis.json" in err and "was not written by negotiation" in err and "fix:" in err
    assert (tmp_path / "analysis.json").read_text() == "{\"mine\": true}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analysis.json"]   # nothing written


def test_an_edited_result_is_not_overwritten(tmp_path, capsys):
    assert analyze_into(tmp_path, capsys) == 0
    (tmp_path / "summary.txt").write_text("my edits")
    assert analyze_into(tmp_path) == 2
    assert "was changed since negotiation wrote it" in capsys.readouterr().err
    assert (tmp_path / "summary.txt").read_text() == "my edits"


def test_a_foreign_manifest_is_refused(tmp_path, capsys):
    (tmp_path / "manifest.json").write_text("{\"project\": \"other\"}")
    assert analyze_into(tmp_path) == 2
    assert "manifest.json that negotiation did not write" in capsys.readouterr().err
    assert (tmp_path / "manifest.json").read_text() == "{\"project\": \"other\"}"


def test_out_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "results"
    target.write_text("x")
    assert analyze_into(target) == 2
    assert "not a folder" in capsys.readouterr().err
    assert target.read_text() == "x"


def test_stale_results_of_the_tool_are_removed_user_files_kept(tmp_path):
    def write(tables):
        report.write_results(tmp_path, tables=tables, manifest_doc={})

    write([Table("a", "A", ("x",), ((1,),)), Table("b", "B", ("x",), ((2,),))])
    (tmp_path / "tables" / "mine.txt").write_text("keep")
    write([Table("a", "A", ("x",), ((1,),))])
    assert (tmp_path / "tables" / "a.csv").exists()
    assert not (tmp_path / "tables" / "b.csv").exists()
    assert (tmp_path / "tables" / "mine.txt").read_text() == "keep"


def test_a_crash_while_writing_leaves_previous_results_intact(tmp_path):
    report.write_results(tmp_path, tables=[Table("a", "A", ("x",), ((1,),))], manifest_doc={})
    before = snapshot(tmp_path)

    def crash(stem):
        Path(stem).with_suffix(".pdf").write_bytes(b"half a figure")
        raise RuntimeError("simulated crash while drawing")

    with pytest.raises(RuntimeError):
        report.write_results(tmp_path, tables=[Table("a", "A", ("x",), ((9,),))],
                             figures=[("f", crash)], manifest_doc={})
    assert snapshot(tmp_path) == before
    assert not list(tmp_path.glob(".negotiation-staging-*"))


def test_a_crash_in_a_new_folder_leaves_no_folder(tmp_path):
    def crash(stem):
        raise RuntimeError("simulated crash")

    with pytest.raises(RuntimeError):
        report.write_results(tmp_path / "new", figures=[("f", crash)], manifest_doc={})
    assert not (tmp_path / "new").exists()


def test_a_kill_during_the_final_moves_is_finished_by_the_next_write(tmp_path, monkeypatch):
    old = [Table("a", "A", ("x",), ((1,),)), Table("b", "B", ("x",), ((2,),))]
    new = [Table("a", "A", ("x",), ((10,),)), Table("b", "B", ("x",), ((20,),))]
    report.write_results(tmp_path, tables=old, manifest_doc={})
    real_replace, calls = os.replace, []

    def dying_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise KeyboardInterrupt("simulated kill")
        real_replace(src, dst)

    monkeypatch.setattr(results_folder.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        report.write_results(tmp_path, tables=new, manifest_doc={})
    monkeypatch.setattr(results_folder.os, "replace", real_replace)
    # Half moved: the staging folder still holds the complete new results and their manifest.
    assert list(tmp_path.glob(".negotiation-staging-*"))
    report.write_results(tmp_path, tables=new, manifest_doc={})
    assert (tmp_path / "tables" / "b.csv").read_text() == "x\n20\n"
    assert not list(tmp_path.glob(".negotiation-staging-*"))
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    for rel, digest in manifest["files"].items():
        assert results_folder._sha256(tmp_path / rel) == digest


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_modes_follow_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        out = report.write_results(tmp_path / "r", tables=[Table("a", "A", ("x",), ((1,),))],
                                   manifest_doc={})
    finally:
        os.umask(old)
    for path in [out, out / "tables"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o777 & ~umask
    for path in [out / "manifest.json", out / "tables" / "a.csv"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_unwritable_parent_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(ModelError, match="cannot"):
        report.write_results(locked / "r", manifest_doc={})


def test_replacing_another_commands_results_says_so(tmp_path, capsys):
    out = tmp_path / "paper"
    assert analyze_into(out, capsys) == 0
    assert main(["thresholds", EXAMPLE, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "replaced the previous results" in err and "analysis.json" in err
    assert not (out / "analysis.json").exists()
    assert main(["thresholds", EXAMPLE, "--out", str(out)]) == 0      # same files: no note
    assert "replaced" not in capsys.readouterr().err


def test_a_terminated_run_leaves_the_previous_results_and_no_staging_folder(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    out, flag = tmp_path / "results", tmp_path / "staged"
    assert analyze_into(out) == 0
    before = snapshot(out)
    # Hold the run once a file is staged, then terminate it as `kill` or a batch scheduler
    # would.
    code = ("import sys, time\nfrom pathlib import Path\nfrom negotiation.report import folder\n"
            "path = folder.FolderWriter.path\n"
            "def held(self, rel):\n"
            "    if any(self.staging.rglob('*.csv')):\n"
            f"        Path({str(flag)!r}).touch()\n        time.sleep(60)\n"
            "    return path(self, rel)\n"
            "folder.FolderWriter.path = held\n"
            "from negotiation.cli import main\n"
            f"sys.exit(main(['analyze', {EXAMPLE!r}, '--out', {str(out)!r}]))\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not flag.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert flag.exists(), proc.communicate()[1]
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err
    assert not list(out.glob(results_folder.STAGING_PREFIX + "*"))
    assert snapshot(out) == before


def test_a_grid_of_thousands_of_rows_is_not_typeset(tmp_path):
    rows = tuple((k, k % 3) for k in range(report.results.LATEX_ROWS + 1))
    report.write_results(tmp_path, tables=[Table("grid", "A grid", ("x", "y"), rows),
                                           Table("small", "Small", ("x",), ((1,),))],
                         manifest_doc={})
    written = {p.name for p in (tmp_path / "tables").iterdir()}
    assert written == {"grid.csv", "grid.md", "small.csv", "small.md", "small.tex"}
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["tables_without_latex"] == ["grid"]


def test_only_the_tools_own_staging_folders_are_ever_removed(tmp_path):
    # A folder named like a staging folder but without the marker, and a marked folder under
    # another name, both stay; only a marked folder with the staging prefix goes.
    prefix = results_folder.STAGING_PREFIX
    lookalike, renamed, ours = tmp_path / f"{prefix}x", tmp_path / "mine", tmp_path / f"{prefix}y"
    for folder in (lookalike, renamed, ours):
        folder.mkdir()
        (folder / "draft.tex").write_text("keep")
    for folder in (renamed, ours):
        (folder / results_folder._MARKER).write_text("")
    for folder in (lookalike, renamed, ours):
        results_folder._remove_staging(folder)
    assert (lookalike / "draft.tex").exists() and (renamed / "draft.tex").exists()
    assert not ours.exists()
