"""Phased settlements as commitment games, in words, tables and JSON (``negotiation phased``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from negotiation._util.words import join_words
from negotiation.games.commitment import COST_CEILING, REJECT, Choice
from negotiation.games.efg import dumps
from negotiation.games.phased import Phased
from negotiation.model.compiled import CompiledModel
from negotiation.model.labels import outcome_text, party_label
from negotiation.report.tables import Table, rounded
from negotiation.report.trees import spe_document

__all__ = ["VERDICTS", "phased_document", "phased_tables", "phased_text"]

VERDICTS = {
    "holds": "the phased settlement is subgame perfect: every party accepts the ceasefire and "
             "implements its part of the final status",
    "commitment": "a commitment problem (Fearon 1995): every party prefers the settlement, "
                  "implemented, to the war, but some party would go back on it once others "
                  "have given their part; a large enough cost of reneging (a guarantee, a "
                  "tripwire) restores it",
    "participation": "a participation problem: some party prefers the war even if everyone "
                     "implements the final status, so no cost of reneging or guarantee helps; "
                     "the final status itself would have to change",
}


def _n(x: float | None) -> str:
    return "none" if x is None else f"{x:.3f}"


def _cost(x: float | None) -> str:
    return f"none up to {COST_CEILING:g}" if x is None else f"{x:.4f}"


def _who(compiled: CompiledModel, party: str) -> str:
    return party_label(compiled.model, party)


def _choice_text(compiled: CompiledModel, c: Choice) -> str:
    verb = {"accept": "accepts the ceasefire", "reject": "rejects the ceasefire",
            "comply": "complies", "renege": "reneges and resumes the war"}[c.action]
    other = {"accept": "rejecting", "reject": "accepting", "comply": "reneging",
             "renege": "complying"}[c.action]
    tie = " (indifferent)" if c.indifferent else ""
    return (f"{c.stage}: {_who(compiled, c.player)} {verb}: {c.payoff:.3f} against "
            f"{c.payoff_if_not:.3f} for {other}{tie}")


def _participation(lo_hi: tuple[float, float] | None) -> str:
    if lo_hi is None:
        return "never"
    lo, hi = lo_hi
    if lo <= 0 and hi >= 1:
        return "every δ"
    return f"δ ≥ {lo:.3f}" if hi >= 1 else (f"δ ≤ {hi:.3f}" if lo <= 0
                                              else f"{lo:.3f} ≤ δ ≤ {hi:.3f}")


def phased_text(result: Phased, compiled: CompiledModel) -> str:
    """One framework's phased settlement, in words."""
    model, game, dg = compiled.model, result.game, result.diagnosis
    fw = result.framework
    lines = [f"Phased settlement: {fw.label} — a commitment game (Fearon 1995)",
             f"  Stage 1 (ceasefire): {outcome_text(model, compiled.outcome(result.stage1))}",
             f"  Final status (chosen by {result.final_rule}): "
             f"{outcome_text(model, compiled.outcome(result.final))}",
             f"  Implementation order: {' → '.join(_who(compiled, p) for p in game.order)}; "
             f"discount factor δ = {game.delta:g}", ""]
    width = max(len(_who(compiled, p)) for p in game.parties) + 2
    lines.append(f"  {'':<{width}}{'war d':>8}{'ceasefire c':>13}{'final f':>9}"
                 f"{'war if it resumes':>19}{'cost of reneging':>18}")
    for i, p in enumerate(game.parties):
        lines.append(f"  {_who(compiled, p):<{width}}{game.war[i]:>8.3f}{game.ceasefire[i]:>13.3f}"
                     f"{game.final[i]:>9.3f}{game.war_after[p][i]:>19.3f}{game.cost[i]:>18.3f}")
    if result.concessions:
        lines.append("  Implemented at stage 2 (kept by the others if the war resumes): "
                     + "; ".join(f"{_who(compiled, p)}: {', '.join(issues)}"
                                 for p, issues in result.concessions.items()))
    if result.costs:
        lines.append("  Costs of reneging that apply: " + "; ".join(
            f"{_who(compiled, p)}: {', '.join(ids)}" for p, ids in result.costs.items()))
    lines += ["", f"Verdict: {dg.verdict.upper()} — {VERDICTS[dg.verdict]}."]
    if dg.prefer_war:
        lines.append("  Prefer the war even if all comply: " + "; ".join(
            f"{_who(compiled, p)} ((1 − δ)·{game.ceasefire[game.parties.index(p)]:.3f} + δ·"
            f"{game.final[game.parties.index(p)]:.3f} = {dg.value_if_all_comply[p]:.3f} < "
            f"{game.war[game.parties.index(p)]:.3f})" for p in dg.prefer_war))
    d, cause = dg.play.defection, dg.play.cause
    if d is not None:
        where = "at once" if not d.after else "after " + " → ".join(d.after)
        lines.append(f"  On the equilibrium path {_who(compiled, d.player)} "
                     f"{'rejects the ceasefire' if d.action == REJECT else 'reneges'} at "
                     f"{d.stage} ({where}): {d.payoff:.3f} against {d.payoff_if_not:.3f}.")
    if cause is not None and cause != d:
        lines.append(f"  Why: {_who(compiled, cause.player)} would "
                     f"{'reject the ceasefire' if cause.action == REJECT else 'renege'} at "
                     f"{cause.stage} if everything before went to plan ({cause.payoff:.3f} "
                     f"against {cause.payoff_if_not:.3f}); the earlier choices answer that.")
    lines.append("  Each mover's choice on the line of the settlement (all before it accepted "
                 "and complied):")
    lines += [f"    {_choice_text(compiled, c)}" for c in dg.play.line]
    lines += ["", "What would need to change:",
              "  Least cost of reneging that makes it subgame perfect (exact): " + "; ".join(
                  f"{_who(compiled, p)} {_cost(k)}" for p, k in dg.least_cost.items())
              + f"; every party at once {_cost(dg.joint_cost)} (added to the costs above)."]
    for issue, level in result.least_level.items():
        checks = [c for c in result.levels if c.issue == issue]
        shown = ", ".join(f"{c.level} {c.verdict or 'infeasible'}"
                          + ("" if c.in_terms else "*") for c in checks)
        lines.append(f"  {issue}: least level in the final status that makes it hold: "
                     f"{level or 'no level does'} ({shown}; * outside the framework's terms)")
    lines.append("  Discount factor — each party prefers the settlement, implemented, to the war "
                 "for: " + "; ".join(f"{_who(compiled, p)} {_participation(r)}"
                                    for p, r in result.participation.items()))
    held = [row["delta"] for row in result.sweep if row["holds"]]
    fixable = [row["delta"] for row in result.sweep if row["joint_cost"] is not None]
    lines.append(f"  Sweep over δ = {result.sweep[0]['delta']:g}…{result.sweep[-1]['delta']:g}: "
                 f"holds at the costs above for {len(held)} of {len(result.sweep)} values; a "
                 f"cost of reneging can make it hold for {len(fixable)} (tables/sweep).")
    if result.orders:
        lines.append("  Every implementation order: " + "; ".join(
            f"{' → '.join(_who(compiled, p) for p in order)}: {d.verdict}"
            for order, d in result.orders))
    lines += ["", "Red lines (the commitment game weighs valuations only; these stand as in "
                  "`negotiation analyze`):"]
    for name, broken in (("the ceasefire terms break", result.red_lines_stage1),
                         ("the final status breaks", result.red_lines_final)):
        lines.append(f"  {name} " + ("no red line" if not broken else "; ".join(
            f"{_who(compiled, p)}: {join_words(list(ids))}" for p, ids in broken.items())))
    lines += [f"note: {n}" for n in result.notes]
    return "\n".join(lines)


def _choice_doc(c: Choice | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"player": c.player, "stage": c.stage, "action": c.action, "after": list(c.after),
            "payoff": rounded(c.payoff), "payoff_if_not": rounded(c.payoff_if_not),
            "indifferent": c.indifferent}


def _r(x: float | None) -> float | None:
    return None if x is None else rounded(x)


def phased_document(result: Phased, compiled: CompiledModel) -> dict[str, Any]:
    """One framework's phased settlement as JSON (README, ``negotiation phased --json``)."""
    game, dg = result.game, result.diagnosis
    fw = result.framework
    spe = spe_document(result.spe)
    return {
        "framework": {"id": fw.id, "label": fw.label, "terms": fw.terms},
        "stage1": compiled.outcome(result.stage1),
        "final_status": compiled.outcome(result.final),
        "final_rule": result.final_rule,
        "holds": dg.play.holds,
        "verdict": dg.verdict,
        "defection": _choice_doc(dg.play.defection),
        "cause": _choice_doc(dg.play.cause),
        "line": [_choice_doc(c) for c in dg.play.line],
        "prefer_war_even_if_all_comply": list(dg.prefer_war),
        "least_cost": {p: _r(k) for p, k in dg.least_cost.items()},
        "joint_cost": _r(dg.joint_cost),
        "least_level": result.least_level,
        "levels": [{"issue": c.issue, "level": c.level, "feasible": c.feasible,
                    "in_terms": c.in_terms, "verdict": c.verdict,
                    "joint_cost": None if c.diagnosis is None else _r(c.diagnosis.joint_cost)}
                   for c in result.levels],
        "participation": {p: None if r is None else [rounded(r[0]), rounded(r[1])]
                          for p, r in result.participation.items()},
        "discount_sweep": [{"delta": row["delta"], "holds": row["holds"],
                            "least_cost": {p: _r(k) for p, k in row["least_cost"].items()},
                            "joint_cost": _r(row["joint_cost"])} for row in result.sweep],
        "orders": [{"order": list(order), "verdict": d.verdict,
                    "defection": _choice_doc(d.play.defection)} for order, d in result.orders],
        "game": {k: v for k, v in game.as_dict().items()},
        "concessions": {p: list(v) for p, v in result.concessions.items()},
        "reneging_costs_applied": {p: list(v) for p, v in result.costs.items()},
        "red_lines_broken": {"stage1": {p: list(v) for p, v in result.red_lines_stage1.items()},
                             "final_status": {p: list(v)
                                              for p, v in result.red_lines_final.items()}},
        "subgame_perfect": spe["subgame_perfect"],
        "efg": dumps(result.tree),
        "notes": list(result.notes),
    }


def phased_tables(results: Sequence[Phased], compiled: CompiledModel) -> list[Table]:
    """A summary across frameworks (for the paper), and per framework its numbers, sweep and
    guarantee levels (table names end in the framework's id)."""
    model = compiled.model
    parties = compiled.party_ids
    labels = [_who(compiled, p) for p in parties]
    rows = []
    for r in results:
        dg, d, cause = r.diagnosis, r.diagnosis.play.defection, r.diagnosis.play.cause
        part = [_participation(x) for x in r.participation.values()]
        rows.append((r.framework.label, dg.verdict,
                     "" if d is None else f"{_who(compiled, d.player)}, {d.stage}, {d.action}",
                     "" if cause is None else
                     f"{_who(compiled, cause.player)}, {cause.stage}, {cause.action}",
                     *(_r(dg.least_cost[p]) for p in parties), _r(dg.joint_cost),
                     "; ".join(f"{i}: {lv or 'no level'}" for i, lv in r.least_level.items()),
                     "; ".join(f"{lab}: {x}" for lab, x in zip(labels, part)),
                     join_words([_who(compiled, p) for p in r.red_lines_final]) or "none"))
    out = [Table("phased_summary",
                 f"Phased settlements as commitment games ({model.name}): verdict; the first "
                 "defection on the equilibrium path and its cause (the last defection on the "
                 "line of the settlement); least cost of reneging that makes the settlement "
                 "subgame perfect (blank: no cost does); least guarantee level in the final "
                 "status; the discount factors at which each party prefers the settlement to "
                 "the war; whose red lines the final status breaks (the game weighs valuations "
                 "only)",
                 ("framework", "verdict", "first defection", "cause",
                  *(f"least cost ({lab})" for lab in labels), "least cost (all at once)",
                  "least guarantee level", "participation", "red lines broken"), tuple(rows))]
    for r in results:
        g, fid = r.game, r.framework.id
        out.append(Table(f"values_{fid}", f"{r.framework.label}: the commitment game's numbers",
                         ("party", "war", "ceasefire", "final status", "war if it resumes",
                          "cost of reneging"),
                         tuple((_who(compiled, p), rounded(g.war[i]), rounded(g.ceasefire[i]),
                                rounded(g.final[i]), rounded(g.war_after[p][i]),
                                rounded(g.cost[i])) for i, p in enumerate(parties))))
        out.append(Table(f"sweep_{fid}", f"{r.framework.label}: the discount factor",
                         ("discount factor", "holds", *(f"least cost ({lab})" for lab in labels),
                          "least cost (all at once)"),
                         tuple((row["delta"], row["holds"],
                                *(_r(row["least_cost"][p]) for p in parties),
                                _r(row["joint_cost"])) for row in r.sweep)))
        out.append(Table(f"levels_{fid}", f"{r.framework.label}: guarantee levels in the final "
                         "status", ("issue", "level", "within the framework's terms", "verdict",
                                    "least cost (all at once)"),
                         tuple((c.issue, c.level, c.in_terms, c.verdict or "infeasible",
                                None if c.diagnosis is None else _r(c.diagnosis.joint_cost))
                               for c in r.levels)))
    return out
