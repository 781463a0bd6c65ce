"""The Russia–Ukraine–West dynamics as written: sourced calendar, assumptions marked with ranges,
and `negotiation simulate` as a user runs it (byte-identical output for a seed)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from negotiation.cli import main
from negotiation.sections import load_model
from negotiation.whatif.rates import assumed_rates, rate_ends

ROOT = Path(__file__).parents[2]
MODEL = ROOT / "models" / "russia_ukraine_west.toml"

# The dated calendar of docs/dynamics.md, in months from March 2026 (= 0), by hand:
# US midterms 3 Nov 2026 -> 8; French first round 18 Apr 2027 -> 13; US presidential
# 7 Nov 2028 -> 32; Bundestag by Feb-Mar 2029 -> 35; UK at the latest Aug 2029 -> 41;
# Russian presidential March 2030 -> 48.
CALENDAR = {"us_midterms_2026": 8, "france_presidential_2027": 13, "us_presidential_2028": 32,
            "germany_bundestag_2029": 35, "uk_general_2029": 41, "russia_presidential_2030": 48}


def test_calendar_is_dated_and_sourced():
    dyn = load_model(MODEL).sections["dynamics"]
    events = {e.id: e for e in dyn.events}
    for ident, month in CALENDAR.items():
        assert events[ident].at == (month,), ident
        assert events[ident].source and events[ident].date, ident
    # Ukraine's elections cannot happen under martial law: they wait for a ceasefire, four to
    # six months (the legal lead times the sources give).
    vote = events["ukraine_elections"]
    assert vote.after == "ceasefire" and (vote.delay.dist.low, vote.delay.dist.high) == (4, 6)
    assert all(e.source for e in dyn.events) and all(r.source for r in dyn.rules)


def _params(node, path=""):
    """(path, value) of every number written as an inline table with provenance or as a bare
    number, in the [dynamics] and [game.war] sections."""
    if isinstance(node, dict):
        if "value" in node or "dist" in node:
            yield path, node
            return
        for k, v in node.items():
            yield from _params(v, f"{path}.{k}" if path else k)
    elif isinstance(node, list):
        for item in node:
            yield from _params(item, f"{path}.{item.get('id', '?')}" if isinstance(item, dict)
                               else path)


def test_no_rate_is_attributed_to_a_source_that_does_not_give_it():
    raw = tomllib.loads(MODEL.read_text())
    found = list(_params(raw["dynamics"], "dynamics"))
    assert found
    for row in raw["game"]["war"]:        # war-table entries inherit their row's provenance
        assert row["source"].startswith("assumption") and row["rationale"], row["id"]
        assert all("dist" in v for v in row["adjust"].values()), row["id"]
    for path, node in found:
        src = node.get("source", "")
        # Numbers no source gives are marked as assumptions and carry a range; the only sourced
        # numbers are the legal delays of the calendar and the referendum's certain revision.
        if not src.startswith("assumption"):
            assert path.endswith((".delay", ".revise.ukraine.no_withdrawal")) or \
                path.startswith("dynamics.parties.west.trend"), (path, src)
        else:
            assert "dist" in node and node.get("rationale"), path
    model = load_model(MODEL)
    rates = assumed_rates(model)
    assert len(rates) > 50
    assert all(rate_ends(p)[0] < rate_ends(p)[1] for p in rates.values())


def test_simulate_command_reports_mechanisms_reproducibly(tmp_path, capsys):
    args = ["simulate", str(MODEL), "--periods", "24", "--draws", "300", "--seed", "5", "--json"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    doc = json.loads(first)
    mc = doc["monte_carlo"]
    assert set(mc["mechanisms"]) == {"attrition", "events", "rules", "erosion", "all"}
    for entry in mc["mechanisms"].values():
        assert len(entry["opened_by_period"]) == 25
    # Attrition alone never opens the structural trap (red lines decide it).
    assert mc["mechanisms"]["attrition"]["share_open_within_horizon"] == 0
    assert abs(sum(mc["opening_cause"].values()) - mc["mechanisms"]["all"][
        "share_open_within_horizon"]) < 1e-9
    assert "share_ripe_within_horizon" in mc["zartman"]
    # Per path: the first open period, the first ripe one (Zartman), and what opened it.
    per = mc["per_path"]
    assert len(per["open_period"]) == len(per["zartman_ripe_period"]) == 300
    assert all((t is None) == (c is None) for t, c in zip(per["open_period"],
                                                          per["opening_cause"]))
    assert set(mc["rules"]["west_support"]) == {"settle", "escalate"}
    assert main(["simulate", str(MODEL), "--periods", "12", "--draws", "50", "--seed", "-1"]) == 2
    assert "--seed" in capsys.readouterr().err
