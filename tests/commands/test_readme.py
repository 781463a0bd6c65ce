"""The README's five-minute tour and its what-if section, run as a new user would: every command
in them works, and every line of output they quote is what the command prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from negotiation.cli import main

ROOT = Path(__file__).parents[2]


SECTIONS = [("## A five-minute tour", "## What the analysis computes"),
            ("## What would need to change", "## Time and ripeness")]


def tour_blocks() -> list[tuple[list[list[str]], list[str]]]:
    """(commands of a ``sh`` block, lines of the output blocks that follow it) in the tour and
    the what-if section."""
    text = (ROOT / "README.md").read_text("utf-8")
    tour = "".join(text[text.index(start):text.index(stop)] for start, stop in SECTIONS)
    blocks = re.findall(r"```(\w*)\n(.*?)```", tour, flags=re.S)
    found: list[tuple[list[list[str]], list[str]]] = []
    for kind, body in blocks:
        if kind == "sh":
            joined = body.replace("\\\n", " ")
            commands = [shlex.split(line.split("#")[0])[1:] for line in joined.splitlines()
                        if line.startswith("negotiation ")]
            found.append((commands, []))
        elif found:
            found[-1][1].extend(line for line in body.splitlines()
                                if line.strip() and line.strip() != "...")
    return found


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("block", range(len(tour_blocks())))
def test_tour_runs_and_prints_what_it_shows(block, tmp_path, monkeypatch, capsys):
    commands, quoted = tour_blocks()[block]
    monkeypatch.chdir(ROOT)
    printed = []
    for argv in commands:
        argv = [str(tmp_path / a) if a.startswith("results/") else a for a in argv]
        assert main(argv) == 0, argv
        printed.append(capsys.readouterr().out)
    shown = words("\n".join(printed))
    for line in quoted:
        assert words(line) in shown, line
