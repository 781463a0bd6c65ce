"""Dilemma versus trap: Jervis's security dilemmas beside a configuration with no settlement.

A security *dilemma* (Jervis 1978) has a feasible mutual improvement over the no-agreement
outcome that rational play fails to reach (Prisoner's Dilemma) or reaches only with assurance
(Stag Hunt). A security *trap* has no mutually acceptable outcome at all: the red lines exclude
every settlement, so no change of strategy, communication or verification can help until some
party revises its logic.

Cases (one row of the table, one panel of the figure each):
- models/prisoners_dilemma.toml and models/stag_hunt.toml: raw games with Jervis's preference
  orders; the zone of agreement is every profile at least as good for both as mutual defection;
- the posture game of models/example_game.toml with the West's combat-commitment red line
  dropped: a derived game whose settlement turns out self-enforcing;
- the model given (by default models/russia_ukraine_west.toml, the trap), whatever its verdict:
  every settlement in the payoff plane of its first two parties, marked by whether a red line
  excludes it and whether it is in the zone of agreement; its equilibria when it has a posture
  game and a zone of agreement. A model with fewer than two parties is refused (exit 2).

Writes results/05_dilemma_vs_trap/: tables/cases.{csv,md,tex}, figures/dilemma_vs_trap.{pdf,png},
cases.json and manifest.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from negotiation import plots, report
from negotiation._util.words import counted
from negotiation.analysis import analyze
from negotiation.bargaining.zone import bargaining_mask, satisfying
from negotiation.commands.script import run_script, script_arguments
from negotiation.errors import ModelError
from negotiation.games.equilibria import Equilibria, solve
from negotiation.report.tables import Table
from negotiation.sections import load_game

ROOT = Path(__file__).resolve().parents[1]
DERIVED = ("models/example_game.toml", ("west.no_combat_commitment",))


def game_case(path: str, drops: tuple[str, ...] = ()) -> tuple[dict, plots.PayoffPanel]:
    """A raw game (zone: profiles as good as the disagreement profile for everyone) or a
    model's derived game (zone: the model's bargaining set, verdict from ``analyze``)."""
    loaded = load_game(ROOT / path, drops=drops)
    game, model = loaded.game, loaded.model
    result: Equilibria = solve(game)
    agreement = game.agreement.ravel()
    derived = bool(model.parties)
    if derived:
        analysis = analyze(model)
        verdict, d = analysis.verdict, tuple(p.disagreement.value for p in model.parties[:2])
        title = "Example posture game"
        counts = (analysis.bargaining.n_outcomes, analysis.bargaining.red_line_set_size,
                  analysis.bargaining.size)
    else:
        verdict = result.strategic_verdict(bool(loaded.zone_nonempty))
        d = tuple(game.payoffs[(slice(None), *model.sections["game"].disagreement)][:2])
        title = game.title.replace(" (Jervis 1978)", "")
        counts = (game.n_profiles, "no red lines", int(agreement.sum()))
    panel = plots.game_panel(result, verdict, d, title=title,
                             note=f"{len(drops)} red line dropped" if drops else "no red lines")
    row = {
        "case": title, "source": path + (f" --drop {' '.join(drops)}" if drops else ""),
        "players": game.n_players, "settlements or profiles": counts[0],
        "within all red lines": counts[1], "zone of agreement": counts[2],
        "pure equilibria": len(result.pure), "mixed equilibria": len(result.mixed),
        "equilibria reaching the zone": len(result.reaching),
        "equilibria missing the zone": len(result.equilibria) - len(result.reaching),
        "verdict": verdict, "complete": result.complete,
    }
    return row, panel


def _short_title(model) -> str:
    """A panel title: the model's name without its subtitle ("Russia–Ukraine–West")."""
    return model.name.split(":")[0].replace(" security configuration", "")


def trap_case(path: str) -> tuple[dict, plots.PayoffPanel]:
    """The given model (by default the Russia–Ukraine–West trap), whatever its verdict: its
    settlements in the payoff plane of its first two parties, marked by whether a red line
    excludes them and whether they are in the zone of agreement."""
    analysis = analyze(_load(path))
    n = len(analysis.model.parties)
    if n < 2:
        raise ModelError(f"the model has {counted(n, 'party', 'parties')}; this experiment "
                         "draws its settlements in the payoff plane of its first two parties",
                         file=str(path), key="parties",
                         fix="give the model at least two parties ([[parties]])")
    comp = analysis.compiled
    red = satisfying(comp, comp.red_line_bits)
    zone = bargaining_mask(comp)
    status = np.where(zone, 2, np.where(red, 1, 0))
    feasible = comp.only_feasible(np.ones(comp.n_outcomes, dtype=bool))
    # Hundreds of thousands of settlements share far fewer points of the plane: draw each
    # distinct (rounded) point once per status.
    keys = np.column_stack([np.round(comp.utilities[:2].T, 3), status])[feasible]
    distinct = np.unique(keys, axis=0)
    labels = [p.label for p in analysis.model.parties]
    panel = plots.PayoffPanel(
        title=_short_title(analysis.model), verdict=analysis.verdict,
        xlabel=labels[0], ylabel=labels[1], points=distinct[:, :2],
        status=tuple(np.array(["blocked", "other", "zone"])[distinct[:, 2].astype(int)]),
        disagreement=tuple(float(v) for v in comp.disagreement[:2]),
        equilibria=np.zeros((0, 2)), pure=(),
        note=f"({', '.join(labels[2:])} not shown)" if len(labels) > 2 else "",
    )
    row = {
        "case": analysis.model.name, "source": report.display_path(path), "players": len(labels),
        "settlements or profiles": comp.n_settlements,
        "within all red lines": analysis.bargaining.red_line_set_size,
        "zone of agreement": analysis.bargaining.size,
        "pure equilibria": None, "mixed equilibria": None,
        "equilibria reaching the zone": 0 if analysis.bargaining.size == 0 else None,
        "equilibria missing the zone": None,
        "verdict": analysis.verdict, "complete": True,
    }
    result = analysis.strategic
    if result is not None and analysis.bargaining.size > 0:   # a zone, and a game to reach it
        row |= {"pure equilibria": len(result.pure), "mixed equilibria": len(result.mixed),
                "equilibria reaching the zone": len(result.reaching),
                "equilibria missing the zone": len(result.equilibria) - len(result.reaching),
                "complete": result.complete}
    return row, panel


def _load(path):
    from negotiation.sections import load_model

    return load_model(path)


# Every verdict a row can carry: the model verdicts (Verdict) and a raw game's strategic verdicts
# (Equilibria.strategic_verdict: also "no_zone" and "undecided").
MEANING = {
    "dilemma": "a mutual improvement exists but is not an equilibrium: communication, "
               "verification or guarantees can help",
    "open": "a mutually acceptable outcome is an equilibrium",
    "structural_trap": "no outcome meets every party's red lines: only revising a logic helps",
    "ripeness_gap": "outcomes meet the red lines, but some party prefers war to all of them",
    "agreement_possible": "outcomes meet every red line and leave each party better off than "
                          "no agreement (the model has no posture game to say whether play "
                          "reaches them)",
    "no_zone": "no outcome is at least as good as no agreement for every player",
    "undecided": "no equilibrium found reaches the zone, but the search was not exhaustive",
}


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/russia_ukraine_west.toml",
                            "results/05_dilemma_vs_trap", argv,
                            input_help="the model set beside the dilemmas (the trap case)")
    trap_model = args.input
    rows, panels, models = [], [], []
    for path in ("models/prisoners_dilemma.toml", "models/stag_hunt.toml"):
        row, panel = game_case(path)
        rows.append(row)
        panels.append(panel)
    row, panel = game_case(*DERIVED)
    rows.append(row)
    panels.append(panel)
    row, panel = trap_case(trap_model)
    rows.append(row)
    panels.append(panel)
    models = [load_game(ROOT / p).model for p in ("models/prisoners_dilemma.toml",
                                                  "models/stag_hunt.toml")]
    models += [load_game(ROOT / DERIVED[0], drops=DERIVED[1]).model, _load(trap_model)]
    for row in rows:
        row["meaning"] = MEANING[row["verdict"]]
        if row["verdict"] == "open" and row["equilibria missing the zone"]:
            row["meaning"] += "; another equilibrium misses it (an assurance problem)"
    columns = ("case", "players", "settlements or profiles", "within all red lines",
               "zone of agreement", "pure equilibria", "mixed equilibria",
               "equilibria reaching the zone", "verdict", "meaning")
    table = Table(
        "cases", "Dilemma versus trap: whether a mutually acceptable outcome exists, and whether "
                 "an equilibrium reaches it",
        columns, tuple(tuple(row[c] for c in columns) for row in rows))
    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out, tables=[table], documents={"cases": rows},
            figures=[("dilemma_vs_trap",
                      lambda stem: plots.save(plots.payoff_panels(panels), stem))],
            manifest_doc=report.manifest(models, settings={
                "trap_model": report.display_path(trap_model), "derived": list(DERIVED[:1]),
                "drops": list(DERIVED[1])}),
        )
    for row in rows:
        reach = row["equilibria reaching the zone"]
        play = ("no posture game to say whether play reaches it" if reach is None else
                f"{counted(reach, 'equilibrium', 'equilibria')} reach{'es' if reach == 1 else ''} "
                "it")
        print(f"  {row['case']}: {row['verdict']} (zone {row['zone of agreement']}; {play})")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
