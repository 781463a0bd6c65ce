"""Inverse analysis of the graph model in words: the JSON of ``negotiation inverse``, its tables
(CSV / Markdown / LaTeX) and its terminal output — how many rankings of one decision maker make a
target state an equilibrium, and on what conditions."""

from __future__ import annotations

from typing import Any

from negotiation._util.words import join_words
from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.inverse import Inverse, Requirement
from negotiation.gmcr.stability import NOTIONS, SHORT, TITLES
from negotiation.model.core import Model
from negotiation.report.results import model_info
from negotiation.report.tables import Table
from negotiation.whatif.uncertainty import wilson

__all__ = ["count_text", "inverse_conditions", "inverse_document", "inverse_tables",
           "inverse_text", "requirement_text"]


def _ids(graph: GraphModel, states) -> list[str]:
    return [graph.states[int(s)] for s in states]


def requirement_text(graph: GraphModel, inv: Inverse, req: Requirement, shown: int = 2) -> str:
    """One condition on the varied decision maker's ranking, in words."""
    t, v = inv.target, graph.dm_labels[inv.vary]
    target, move = graph.display(t), graph.change(t, req.move)
    others = join_words([lab for k, lab in enumerate(graph.dm_labels) if k != inv.vary])
    if req.notion == "nash":
        return f"{v} must prefer {target} to the state after it moves ({move})."
    if req.always:
        return (f"A move by {v} ({move}) is always deterred: {others} can bring the conflict "
                f"back to {target}.")
    kind = {"gmr": f"{others} can then reach",
            "smr": f"{others} can then reach and from which {v} cannot move to anything it "
                   f"prefers to {target}",
            "seq": f"{others} can then reach by moves that each improve the mover's own position"}
    if not req.answers:
        return (f"{v} must prefer {target} to the state after it moves ({move}): there is no "
                f"answer of the required kind ({kind[req.notion]}).")
    examples = list(dict.fromkeys(graph.change(req.move, w) for w in req.answers))
    which = ("the state" if len(req.answers) == 1
             else f"one of the {len(req.answers)} states")
    listed = examples[0] if len(examples) == 1 else "e.g. " + "; or ".join(examples[:shown]) + (
        f"; or {len(examples) - shown} more" if len(examples) > shown else "")
    return (f"After {v} moves ({move}), {v} must prefer {target} to where it has gone, or like "
            f"{target} at least as much as {which} {kind[req.notion]} ({listed}).")


def inverse_conditions(graph: GraphModel, inv: Inverse) -> dict[str, list[str]]:
    """For each notion, the conditions under which the target is an equilibrium, in words."""
    v, target = graph.dm_labels[inv.vary], graph.display(inv.target)
    out: dict[str, list[str]] = {}
    for notion in NOTIONS:
        lines = []
        for i, stable in inv.others[notion].items():
            who = graph.dm_labels[i]
            if stable is False:
                moves = list(dict.fromkeys(graph.change(inv.target, q)
                                           for q in inv.blocking[notion].get(i, ())))
                shown = "; or ".join(moves[:3]) + (f"; or {len(moves) - 3} more"
                                                   if len(moves) > 3 else "")
                lines.append(f"No ranking of {v}'s makes {target} a {SHORT[notion]} equilibrium: "
                             f"{who} gains by moving away ({shown}) and nothing deters it.")
            elif stable is None:
                lines.append(f"Whether {who} is deterred at {target} depends on which of {v}'s "
                             "moves improve its own position (credible sanctions).")
        if any(x is False for x in inv.others[notion].values()):
            out[notion] = lines
            continue
        reqs = [r for r in inv.requirements if r.notion == notion]
        if not reqs:
            lines.append(f"{v} cannot move away from {target}: its preferences do not matter "
                         "here.")
        lines += [requirement_text(graph, inv, r) for r in reqs]
        out[notion] = lines
    return out


def _big(count: int) -> str:
    return f"{count:,}" if count < 10**15 else f"{count:.4g}"


def _share(x: float) -> str:
    return f"{100 * x:.4g}%"


def count_text(inv: Inverse, notion: str) -> str:
    """``16 (66.67% of all)``, or the bounds and the sampled estimate."""
    count = inv.counts[notion]
    if count is not None:
        return f"{_big(count)} ({_share(count / inv.profiles)} of all)"
    low, high = inv.bounds[notion]
    hits, trials = inv.estimates[notion]
    a, b = wilson(hits, trials)
    return (f"between {_big(low)} and {_big(high)} ({_share(low / inv.profiles)} to "
            f"{_share(high / inv.profiles)}); sampled share {_share(hits / trials)} "
            f"(95% interval {_share(a)} to {_share(b)}, {trials:,} random rankings)")


def inverse_document(model: Model, graph: GraphModel, inv: Inverse) -> dict[str, Any]:
    """The JSON document of ``negotiation inverse --json`` (see README)."""
    sampled = {}
    for notion, (hits, trials) in inv.estimates.items():
        a, b = wilson(hits, trials)
        sampled[notion] = {"share": hits / trials, "ci95": [round(a, 6), round(b, 6)],
                           "samples": trials, "seed": inv.seed}
    return {
        "model": model_info(model),
        "target": graph.states[inv.target],
        "target_label": graph.labels[inv.target],
        "vary": graph.dms[inv.vary],
        "states": graph.n,
        "profiles": inv.profiles,
        "equilibrium_counts": dict(inv.counts),
        "equilibrium_count_bounds": {n: list(inv.count_bounds(n)) for n in NOTIONS},
        "equilibrium_fractions": {n: (None if inv.fraction(n) is None
                                      else float(f"{inv.fraction(n):.12g}")) for n in NOTIONS},
        "sampled_shares": sampled,
        "method": inv.method,
        "relevant_states": _ids(graph, inv.relevant),
        "others_stable": {n: {graph.dms[i]: x for i, x in inv.others[n].items()}
                          for n in NOTIONS},
        "conditions": inverse_conditions(graph, inv),
        "notes": list(inv.notes),
    }


def inverse_tables(graph: GraphModel, inv: Inverse) -> list[Table]:
    v, target = graph.dm_labels[inv.vary], graph.display(inv.target)
    rows = []
    for n in NOTIONS:
        low, high = inv.count_bounds(n)
        estimate = ""
        if n in inv.estimates:
            hits, trials = inv.estimates[n]
            a, b = wilson(hits, trials)
            estimate = f"{hits / trials:.4f} [{a:.4f}, {b:.4f}]"
        rows.append((TITLES[n], _big(inv.counts[n]) if inv.counts[n] is not None else "",
                     round(low / inv.profiles, 6), round(high / inv.profiles, 6), estimate))
    counts = Table(
        "inverse_counts", f"Strict rankings of {v}'s {graph.n} states under which {target} is "
                          f"an equilibrium (of {_big(inv.profiles)}; shares exact unless "
                          "sampled)",
        ("notion", "rankings", "share (lower)", "share (upper)", "sampled share [95% CI]"),
        tuple(rows))
    conditions = inverse_conditions(graph, inv)
    listed = tuple((SHORT[n], k, text) for n in NOTIONS
                   for k, text in enumerate(conditions[n], 1))
    return [counts, Table("inverse_conditions", f"What {v}'s preferences must satisfy for "
                                                f"{target} to be an equilibrium",
                          ("notion", "condition", "in words"), listed)]


def inverse_text(model: Model, graph: GraphModel, inv: Inverse) -> str:
    v, target = graph.dm_labels[inv.vary], graph.display(inv.target)
    how = {"formula": "exact formula", "enumeration": "enumeration",
           "formula+sampling": "exact formula where it applies, bounds and sampling elsewhere"}
    lines = [f"{model.name}: inverse analysis of {target} ({graph.labels[inv.target]}), "
             f"varying {v}'s preferences",
             f"  {graph.n} states: {_big(inv.profiles)} strict rankings (counted by "
             f"{how[inv.method]})"]
    lines += [f"  {note}" for note in inv.notes]
    lines += ["", f"Rankings of {v}'s that make {target} an equilibrium"]
    lines += [f"  {TITLES[n]}: {count_text(inv, n)}" for n in NOTIONS]
    conditions = inverse_conditions(graph, inv)
    for n in NOTIONS:
        lines += ["", f"{TITLES[n]}: conditions"]
        lines += [f"  - {text}" for text in conditions[n]]
    return "\n".join(lines)
