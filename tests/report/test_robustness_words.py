"""Robustness in words and tables: no interval where nothing is uncertain, singulars where there
is one draw, intervals printed with the digits that keep their ends apart, exact zeros, and no
table of zeros."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negotiation as ng
from negotiation.cli import main
from negotiation.report.tables import to_markdown
from negotiation.report.whatif import robustness_tables, robustness_text
from negotiation.whatif.uncertainty import Robustness

EXAMPLE = Path(__file__).parents[2] / "models" / "example.toml"
SOURCES = {"parties.russia.disagreement": ("uniform(0, 1)", "a test", "none")}


@pytest.fixture(scope="module")
def compiled():
    return ng.analyze(ng.load_model(EXAMPLE)).compiled


def result(draws, counts, uncertain=("parties.russia.disagreement",), mus_draws=0,
           in_mus=None) -> Robustness:
    return Robustness(draws=draws, seed=0, uncertain=uncertain, verdict_counts=counts,
                      sizes=np.zeros(draws, dtype=int), opening_counts={},
                      mus_draws=mus_draws, in_mus=in_mus)


def test_nothing_uncertain_is_certain_and_singular(compiled):
    ids = [s.id for s in compiled.constraints]
    one = result(1, {"structural_trap": 1}, uncertain=(), mus_draws=1,
                 in_mus={c: int(k < 2) for k, c in enumerate(ids)})
    text = robustness_text(one, compiled)
    assert "P(structural_trap) = 1: certain" in text
    assert "CI" not in text and "0.2065" not in text           # Wilson's (0.2065, 1) for 1 of 1
    assert "(the first draw)" in text and "1 draws" not in text
    tables = {t.name: t for t in robustness_tables(one, compiled, {})}
    assert "certain" in tables["verdict_probabilities"].caption
    assert to_markdown(tables["verdict_probabilities"]).splitlines()[2] == \
        "| structural trap | 1 | 1 |  |  |"
    assert "the first draw" in tables["mus_membership"].caption


def test_an_interval_near_one_keeps_its_ends_apart(compiled):
    # Wilson's lower end for n of n is n / (n + z^2) = 200000 / 200003.8415 = 0.9999808.
    text = robustness_text(result(200_000, {"agreement_possible": 200_000}), compiled)
    assert "200,000 of 200,000 draws (95% CI 0.99998-1)" in text
    # 199,996 of 200,000 is 0.99998, not 1.
    near = robustness_text(result(200_000, {"agreement_possible": 199_996,
                                            "ripeness_gap": 4}), compiled)
    assert "P(agreement_possible) = 0.99998:" in near
    assert "P(ripeness_gap) = 2e-05: 4 of 200,000 draws" in near


def test_exact_zeros_print_as_zero(compiled):
    ids = [s.id for s in compiled.constraints]
    counts = {c: (30 if k == 0 else 0) for k, c in enumerate(ids)}
    tables = {t.name: t for t in robustness_tables(
        result(100, {"ripeness_gap": 30, "agreement_possible": 70}, mus_draws=100,
               in_mus=counts), compiled, SOURCES)}
    lines = to_markdown(tables["mus_membership"]).splitlines()
    zero = next(line for line in lines if "| 0 | 0 |" in line)
    assert "< 1e-12" not in "\n".join(lines) and zero.split("|")[5].strip() == "0"


def test_no_table_of_zeros(compiled):
    ids = [s.id for s in compiled.constraints]
    none = result(500, {"agreement_possible": 500}, mus_draws=200,
                  in_mus=dict.fromkeys(ids, 0))
    tables = {t.name: t for t in robustness_tables(none, compiled, SOURCES)}
    assert tables["mus_membership"].rows == ()
    assert ("no constraint is in one in the first 200 draws: a zone of agreement exists in "
            "each of them") in " ".join(robustness_text(none, compiled).split())


def test_robustness_without_distributions_on_the_command_line(tmp_path, capsys):
    assert main(["robustness", str(EXAMPLE), "--drop", "west.no_combat_commitment",
                 "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    assert "P(agreement_possible) = 1: certain (nothing is uncertain)" in out
    assert "CI" not in out and "1 draws" not in out
    assert not (tmp_path / "r" / "tables" / "mus_membership.csv").exists()
