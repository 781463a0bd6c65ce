"""Simulated dynamics as a JSON document, tables and text (:mod:`negotiation.whatif.ripeness`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiation.report.tables import Table, rounded

__all__ = ["MECHANISM_ROWS", "mechanism_rows", "rate_label", "simulation_document",
           "simulation_tables", "simulation_text"]

#: Per-mechanism runs in the order reports show them: (key, label).
MECHANISM_ROWS = (("attrition", "attrition only"), ("events", "attrition + revision events"),
                  ("rules", "attrition + decision rules"),
                  ("erosion", "attrition + red-line erosion"), ("all", "all mechanisms"))
PERCENTILES = (10, 25, 50, 75, 90)


def _quantiles(months: np.ndarray) -> dict[str, float] | None:
    opened = months[months >= 0]
    if not len(opened):
        return None
    return {str(q): rounded(float(np.quantile(opened, q / 100))) for q in PERCENTILES}


def _short(compiled) -> dict[str, str]:
    """A few words for every red line the dynamics may name, replacements included."""
    from negotiation.model.labels import party_label, short_constraint

    model = compiled.model
    out = {c.id: short_constraint(model, c) for c in model.constraints()}
    dyn = model.sections.get("dynamics")
    for d in (dyn.red_lines if dyn is not None else ()):
        out[d.constraint] = f"{party_label(model, d.party)}: {d.label or d.id}"
    return out


def mechanism_rows(sim) -> list[tuple[str, str, np.ndarray]]:
    """The per-mechanism runs a simulation has: (key, label, first open period per path)."""
    return [(k, label, sim.mechanisms[k]) for k, label in MECHANISM_ROWS if k in sim.mechanisms]


def simulation_document(sim, compiled) -> dict[str, Any]:
    from negotiation.whatif.ripeness import CAUSES

    det = sim.deterministic
    parties = list(compiled.party_ids)
    never = None

    def period(t: int):
        return never if t < 0 else int(t)

    doc: dict[str, Any] = {
        "periods": sim.periods, "period": sim.period_label, "draws": sim.draws, "seed": sim.seed,
        "deterministic": {
            "first_ripe_period": period(det.first_ripe),
            "settlement": None if det.settlement is None else compiled.outcome(det.settlement),
            "pivotal_parties": list(det.pivotal),
            "eroded_red_lines": {str(t): list(e) for t, e in enumerate(det.eroded) if e},
            "adopted_red_lines": {str(t): list(a) for t, a in enumerate(det.adopted) if a},
            "bargaining_set_size": det.sizes.tolist(),
            "disagreement": {p: [rounded(x) for x in det.disagreement[:, k]]
                             for k, p in enumerate(parties)},
            "hurting": {p: det.hurting[:, k].tolist() for k, p in enumerate(parties)},
            "mutually_hurting_stalemate": det.mutually_hurting.tolist(),
            "way_out": det.way_out.tolist(),
            "zartman_ripe_period": period(det.zartman),
            "events": dict(det.events),
            "rules": {r: {"period": t, "branch": b} for r, (t, b) in det.rules.items()},
        },
    }
    if sim.draws:
        ttr = sim.time_to_ripeness
        doc["monte_carlo"] = {
            "share_never_within_horizon": rounded(float((ttr < 0).mean())),
            "time_to_ripeness_quantiles": _quantiles(ttr),
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
            "zartman": {
                "share_ripe_within_horizon": rounded(float((sim.zartman >= 0).mean())),
                "ripe_period_quantiles": _quantiles(sim.zartman),
                "way_out_share_by_period": [rounded(x) for x in sim.way_out_share],
            },
            "mechanisms": {
                key: {"label": label,
                      "share_open_within_horizon": rounded(float((months >= 0).mean())),
                      "period_quantiles": _quantiles(months),
                      "opened_by_period": [rounded(x) for x in sim.opened_by(months)]}
                for key, label, months in mechanism_rows(sim)},
            "opening_cause": (None if sim.cause is None else
                              {c: rounded(float((sim.cause == k).mean()))
                               for k, c in enumerate(CAUSES)}),
            "per_path": {
                "open_period": [period(t) for t in ttr.tolist()],
                "zartman_ripe_period": [period(t) for t in sim.zartman.tolist()],
                "opening_cause": (None if sim.cause is None else
                                  [None if c < 0 else CAUSES[c] for c in sim.cause.tolist()]),
            },
            "events": {e: rounded(x) for e, x in sim.event_shares.items()},
            "rules": {r: {b: rounded(x) for b, x in shares.items()}
                      for r, shares in sim.rule_shares.items()},
        }
    return doc


def simulation_tables(sim, compiled, suffix: str = "") -> list[Table]:
    from negotiation.model.labels import outcome_text

    det = sim.deterministic
    model = compiled.model
    label = {p.id: p.label for p in model.parties}
    short = _short(compiled)
    parties = list(compiled.party_ids)
    path = Table(
        f"path{suffix}", f"The deterministic path, {sim.period_label} by {sim.period_label}",
        ("period", *(f"{label[p]} no-deal value" for p in parties),
         *(f"{label[p]} hurting" for p in parties), "mutually hurting stalemate", "way out",
         "red lines given up", "red lines adopted", "bargaining set"),
        tuple((t, *(rounded(x) for x in det.disagreement[t]), *det.hurting[t].tolist(),
               bool(det.mutually_hurting[t]), bool(det.way_out[t]),
               "; ".join(short[c] for c in det.eroded[t]),
               "; ".join(short[c] for c in det.adopted[t]), int(det.sizes[t]))
              for t in range(sim.periods + 1)))
    tables = [path]
    if sim.draws:
        best = sorted(sim.first_settlements.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        tables.append(Table(
            f"first_settlements{suffix}", "Settlements that open first, over Monte Carlo paths",
            ("settlement", "paths", "share of all paths"),
            tuple((outcome_text(model, compiled.outcome(i)), k, rounded(k / sim.draws))
                  for i, k in best)))
        rows = []
        for _, text, months in mechanism_rows(sim):
            q = _quantiles(months) or {}
            rows.append((text, rounded(100 * float((months >= 0).mean())),
                         *(q.get(str(p)) for p in (10, 50, 90))))
        tables.append(Table(
            f"mechanisms{suffix}",
            f"Share of paths whose bargaining set opens within {sim.periods} "
            f"{sim.period_label}s, by mechanism ({sim.draws:,} paths, seed {sim.seed}, common "
            "random numbers)",
            ("mechanisms", "% of paths open within the horizon",
             f"{sim.period_label} (10 %)", f"{sim.period_label} (median)",
             f"{sim.period_label} (90 %)"), tuple(rows)))
    return tables


def _when(unit: str, months: np.ndarray) -> str:
    q = _quantiles(months)
    if q is None:
        return ""
    return f"; median {unit} {q['50']:.0f} (10-90%: {q['10']:.0f}-{q['90']:.0f})"


def simulation_text(sim, compiled) -> str:
    """The deterministic path and the Monte Carlo paths of a simulation, in words."""
    from negotiation.model.labels import outcome_text, party_label
    from negotiation.whatif.ripeness import CAUSES

    model = compiled.model
    dyn = model.sections["dynamics"]
    det = sim.deterministic
    unit = sim.period_label
    lines = [f"{model.name}: {sim.periods} {unit}s"]
    if det.first_ripe < 0:
        lines.append(f"Deterministic path: the bargaining set does not open within "
                     f"{sim.periods} {unit}s.")
    else:
        who = ", ".join(party_label(model, p) for p in det.pivotal) or "nobody in particular"
        lines.append(f"Deterministic path: the bargaining set opens at {unit} {det.first_ripe} "
                     f"(opened by the change of: {who}).")
        lines.append(f"  first settlement (Nash point): "
                     f"{outcome_text(model, compiled.outcome(det.settlement))}")
    labels = {e.id: e.label for e in dyn.events} | {r.id: r.label for r in dyn.rules}
    branches = {(r.id, b.id): b.label for r in dyn.rules for b in r.branches}
    for rule, (t, b) in det.rules.items():
        lines.append(f"  {labels[rule]} fires at {unit} {t}: {branches[(rule, b)]}")
    if det.events:
        lines.append("  events: " + ", ".join(f"{labels[e]} ({unit} {t})"
                                              for e, t in det.events.items()))
    short = _short(compiled)
    if det.eroded[-1]:
        lines.append(f"  red lines given up by the end: "
                     f"{'; '.join(short[c] for c in det.eroded[-1])}")
    if det.adopted[-1]:
        lines.append(f"  red lines adopted: {'; '.join(short[c] for c in det.adopted[-1])}")
    mutual = np.flatnonzero(det.mutually_hurting)
    lines.append("  mutually hurting stalemate: "
                 + (f"from {unit} {mutual[0]} ({len(mutual)} of {sim.periods} {unit}s)"
                    if len(mutual) else "never")
                 + "; ripe in Zartman's sense (with a way out): "
                 + (f"{unit} {det.zartman}" if det.zartman >= 0 else "never"))
    if sim.draws:
        ttr = sim.time_to_ripeness
        never = int((ttr < 0).sum())
        lines += ["", f"Monte Carlo ({sim.draws:,} paths, seed {sim.seed}): "
                      f"{100 * (1 - never / sim.draws):.1f}% of paths open within "
                      f"{sim.periods} {unit}s{_when(unit, ttr)}"]
        best = sorted(sim.first_settlements.items(), key=lambda kv: -kv[1])[:3]
        for i, k in best:
            lines.append(f"  {100 * k / sim.draws:5.1f}% of paths open first at: "
                         f"{outcome_text(model, compiled.outcome(i))}")
        lines.append(f"  ripe in Zartman's sense (mutually hurting stalemate and a way out): "
                     f"{100 * (sim.zartman >= 0).mean():.1f}% of paths{_when(unit, sim.zartman)}")
        rows = mechanism_rows(sim)
        if rows:
            lines.append("  By mechanism (same random numbers; % of paths open within the "
                         "horizon):")
            lines += [f"    {text:<32} {100 * (m >= 0).mean():5.1f}%{_when(unit, m)}"
                      for _, text, m in rows]
        if sim.cause is not None and (sim.cause >= 0).any():
            lines.append("  What opened them: " + ", ".join(
                f"{c} {100 * (sim.cause == k).mean():.1f}%" for k, c in enumerate(CAUSES)
                if (sim.cause == k).any()))
        for rule in dyn.rules:
            shares = sim.rule_shares[rule.id]
            lines.append(f"  {rule.label}: fires in {100 * sum(shares.values()):.1f}% of paths ("
                         + ", ".join(f"{branches[(rule.id, b)]} {100 * x:.1f}%"
                                     for b, x in shares.items()) + ")")
        acted = [f"{labels[e]} {100 * x:.0f}%" for e, x in sim.event_shares.items() if x < 1]
        if acted:
            lines.append("  events that take effect in some paths only: " + ", ".join(acted))
    return "\n".join(lines)


def rate_label(model, path: str) -> str:
    """An assumed rate in words, e.g. ``Russian presidential election: revision strength of
    Russia: permanent neutrality``."""
    from negotiation.model.labels import party_label

    dyn = model.sections.get("dynamics")
    parts = path.split(".")
    who = {p.id: p.label for p in model.parties}
    lines = {c.id: c for c in model.constraints()}
    short = {cid: f"{party_label(model, c.party)}: {c.label or cid.split('.', 1)[1]}"
             for cid, c in lines.items()}
    if dyn is not None:
        short.update({d.constraint: f"{party_label(model, d.party)}: {d.label or d.id}"
                      for d in dyn.red_lines})

    def effect(rest: list[str]) -> str:
        kind = rest[0]
        if kind == "revise":
            return f"revision strength, {short.get('.'.join(rest[1:3]), '.'.join(rest[1:3]))}"
        if kind == "replace":
            return f"replacement strength, {short.get('.'.join(rest[1:3]), '.'.join(rest[1:3]))}"
        if kind == "no_deal":
            return f"shift of {who.get(rest[1], rest[1])}'s no-deal value"
        if kind == "register":
            return f"shift of {who.get(rest[1], rest[1])}'s {rest[2]} register weight"
        if kind == "cost":
            return f"{who.get(rest[1], rest[1])}'s cost multiplier"
        return {"probability": "probability", "hazard": "hazard per period",
                "delay": "delay (periods)", "threshold": "trigger threshold"}.get(kind, kind)

    names = {}
    if dyn is not None:
        names = {e.id: e.label for e in dyn.events} | {r.id: r.label for r in dyn.rules}
    if parts[:2] == ["dynamics", "parties"]:
        what = {"cost": "cost of war per period", "trend": "battlefield trend",
                "exhaustion": "exhaustion threshold", "exhaustion_factor": "cost factor "
                "once exhausted"}.get(parts[3], parts[3])
        return f"{who.get(parts[2], parts[2])}: {what}"
    if parts[:2] == ["dynamics", "erosion"] and dyn is not None:
        rule = next((r for r in dyn.erosion if r.id == parts[2]), None)
        line = short.get(rule.constraint, parts[2]) if rule else parts[2]
        return f"erosion of {line}: " + ("hazard per unit cost" if parts[3] == "per_cost"
                                          else "base hazard")
    if parts[:2] == ["dynamics", "events"]:
        return f"{names.get(parts[2], parts[2])}: {effect(parts[3:])}"
    if parts[:2] == ["dynamics", "rules"]:
        head = names.get(parts[2], parts[2])
        if parts[3] == "branches" and dyn is not None:
            rule = next(r for r in dyn.rules if r.id == parts[2])
            branch = next((b.label for b in rule.branches if b.id == parts[4]), parts[4])
            return f"{head} ({branch}): {effect(parts[5:])}"
        return f"{head}: {effect(parts[3:])}"
    if path == "dynamics.decay":
        return "concession decay per period"
    if parts[:2] == ["game", "war"]:
        return f"war table ({parts[2].replace('_', ' ')}): {who.get(parts[-1], parts[-1])}'s payoff"
    return path
