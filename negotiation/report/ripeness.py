"""Simulated dynamics as a JSON document and tables (see :mod:`negotiation.ripeness`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiation.report.tables import Table, rounded


def simulation_document(sim, compiled) -> dict[str, Any]:
    det = sim.deterministic
    parties = list(compiled.party_ids)
    doc: dict[str, Any] = {
        "periods": sim.periods, "period": sim.period_label, "draws": sim.draws, "seed": sim.seed,
        "deterministic": {
            "first_ripe_period": None if det.first_ripe < 0 else det.first_ripe,
            "settlement": None if det.settlement is None else compiled.outcome(det.settlement),
            "pivotal_parties": list(det.pivotal),
            "eroded_red_lines": {str(t): list(e) for t, e in enumerate(det.eroded) if e},
            "bargaining_set_size": det.sizes.tolist(),
            "disagreement": {p: [rounded(x) for x in det.disagreement[:, k]]
                             for k, p in enumerate(parties)},
            "hurting": {p: det.hurting[:, k].tolist() for k, p in enumerate(parties)},
        },
    }
    if sim.draws:
        ttr = sim.time_to_ripeness
        opened = ttr[ttr >= 0]
        doc["monte_carlo"] = {
            "share_never_within_horizon": rounded(float((ttr < 0).mean())),
            "time_to_ripeness_quantiles": (
                {q: rounded(float(np.quantile(opened, q / 100))) for q in (10, 25, 50, 75, 90)}
                if len(opened) else None),
            "opened_by_period": [rounded(x) for x in sim.opened_by()],
            "open_share_by_period": [rounded(x) for x in sim.open_share],
            "open_size_quantiles_by_period": {
                f"q{int(100 * q)}": [None if np.isnan(x) else rounded(float(x)) for x in row]
                for q, row in zip(sim.QUANTILES, sim.open_size_quantiles)},
            "mutually_hurting_share_by_period": [rounded(x) for x in sim.mutually_hurting],
            "first_settlements": [
                {"settlement": compiled.outcome(i), "paths": k, "share": rounded(k / sim.draws)}
                for i, k in sorted(sim.first_settlements.items(),
                                   key=lambda kv: (-kv[1], kv[0]))[:10]],
        }
    return doc


def simulation_tables(sim, compiled, suffix: str = "") -> list[Table]:
    from negotiation.model.labels import outcome_text, short_constraint

    det = sim.deterministic
    model = compiled.model
    label = {p.id: p.label for p in model.parties}
    short = {c.id: short_constraint(model, c) for c in model.constraints()}
    parties = list(compiled.party_ids)
    path = Table(
        f"path{suffix}", f"The deterministic path, {sim.period_label} by {sim.period_label}",
        ("period", *(f"{label[p]} no-deal value" for p in parties),
         *(f"{label[p]} hurting" for p in parties), "mutually hurting", "red lines given up",
         "bargaining set"),
        tuple((t, *(rounded(x) for x in det.disagreement[t]), *det.hurting[t].tolist(),
               bool(det.hurting[t].all()), "; ".join(short[c] for c in det.eroded[t]),
               int(det.sizes[t]))
              for t in range(sim.periods + 1)))
    tables = [path]
    if sim.draws:
        best = sorted(sim.first_settlements.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        tables.append(Table(
            f"first_settlements{suffix}", "Settlements that open first, over Monte Carlo paths",
            ("settlement", "paths", "share of all paths"),
            tuple((outcome_text(model, compiled.outcome(i)), k, rounded(k / sim.draws))
                  for i, k in best)))
    return tables


def simulation_text(sim, compiled) -> str:
    """The deterministic path and the Monte Carlo paths of a simulation, in words."""
    from negotiation.model.labels import outcome_text, party_label

    model = compiled.model
    det = sim.deterministic
    unit = sim.period_label
    lines = [f"{model.name}: {sim.periods} {unit}s"]
    if det.first_ripe < 0:
        lines.append(f"Deterministic path: the bargaining set does not open within "
                     f"{sim.periods} {unit}s.")
    else:
        who = ", ".join(party_label(model, p) for p in det.pivotal) or "nobody in particular"
        lines.append(f"Deterministic path: ripe at {unit} {det.first_ripe} (opened by the "
                     f"change of: {who}).")
        lines.append(f"  first settlement (Nash point): "
                     f"{outcome_text(model, compiled.outcome(det.settlement))}")
    eroded = det.eroded[-1]
    if eroded:
        lines.append(f"  red lines given up by the end: {', '.join(eroded)}")
    mutual = np.flatnonzero(det.hurting.all(axis=1))
    if len(mutual):
        lines.append(f"  mutually hurting stalemate from {unit} {mutual[0]} "
                     f"({len(mutual)} of {sim.periods} {unit}s)")
    if sim.draws:
        ttr = sim.time_to_ripeness
        opened = ttr[ttr >= 0]
        never = int((ttr < 0).sum())
        lines += ["", f"Monte Carlo ({sim.draws:,} paths, seed {sim.seed}): {never:,} paths "
                      f"({100 * never / sim.draws:.1f}%) never open within the horizon"]
        if len(opened):
            q = np.quantile(opened, [0.1, 0.5, 0.9])
            lines.append(f"  time to ripeness where it opens: median {q[1]:.0f}, 10-90% "
                         f"{q[0]:.0f}-{q[2]:.0f} {unit}s")
            best = sorted(sim.first_settlements.items(), key=lambda kv: -kv[1])[:3]
            for i, k in best:
                lines.append(f"  {100 * k / sim.draws:5.1f}% of paths open first at: "
                             f"{outcome_text(model, compiled.outcome(i))}")
    return "\n".join(lines)
