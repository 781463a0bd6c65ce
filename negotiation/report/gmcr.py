"""Graph-model results as documents, tables and text: the JSON of ``negotiation stability``
and ``negotiation inverse``, their tables (CSV / Markdown / LaTeX) and their terminal output,
in the decision makers' and options' own words."""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiation._util.words import join_words
from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.inverse import Inverse, Requirement
from negotiation.gmcr.stability import LETTERS, NOTIONS, SHORT, TITLES, Coalitions, Stability
from negotiation.model.core import Model
from negotiation.report.results import model_info
from negotiation.report.tables import Table
from negotiation.whatif.uncertainty import wilson

LEGEND = ("R = Nash, G = general metarationality (GMR), S = symmetric metarationality (SMR), "
          "Q = sequential stability (SEQ); . = not stable")


def _ids(graph: GraphModel, states) -> list[str]:
    return [graph.states[int(s)] for s in states]


def coalition_key(graph: GraphModel, members: tuple[int, ...]) -> str:
    return "+".join(graph.dms[k] for k in members)


def letters(result: Stability, i: int, s: int) -> str:
    return "".join(LETTERS[n] if result.stable[k, i, s] else "." for k, n in enumerate(NOTIONS))


def equilibrium_words(result: Stability, s: int) -> str:
    return ", ".join(SHORT[n] for k, n in enumerate(NOTIONS) if result.equilibria[k, s])


# ------------------------------------------------------------------------------- stability


def stability_document(model: Model, graph: GraphModel, result: Stability,
                       coalitions: Coalitions | None = None) -> dict[str, Any]:
    """The JSON document of ``negotiation stability --json`` (see README)."""
    doc: dict[str, Any] = {
        "model": model_info(model),
        "form": graph.conflict.form if graph.conflict else "graph",
        "states": list(graph.states),
        "state_labels": dict(zip(graph.states, graph.labels)),
        "state_names": {name: graph.states[k] for name, k in graph.names.items()},
        "status_quo": None if graph.status_quo is None else graph.states[graph.status_quo],
        "decision_makers": [{"id": d, "label": lab} for d, lab in zip(graph.dms, graph.dm_labels)],
        "stable": {notion: {dm: _ids(graph, result.states(notion, i))
                            for i, dm in enumerate(graph.dms)} for notion in NOTIONS},
        "equilibria": {notion: _ids(graph, result.states(notion)) for notion in NOTIONS},
    }
    if coalitions is not None:
        doc["coalitions"] = {
            "improvable": {coalition_key(graph, c): _ids(graph, np.flatnonzero(row))
                           for c, row in zip(coalitions.coalitions, coalitions.improvable)},
            "coalition_nash_equilibria": _ids(graph, np.flatnonzero(coalitions.equilibria)),
        }
    return doc


def stability_tables(graph: GraphModel, result: Stability,
                     coalitions: Coalitions | None = None) -> list[Table]:
    dm_cols = tuple(graph.dm_labels)
    rows = tuple((graph.states[s], graph.display(s) if graph.display(s) != graph.states[s]
                  else "", graph.labels[s], *(letters(result, i, s) for i in range(graph.m)),
                  equilibrium_words(result, s)) for s in range(graph.n))
    tables = [Table("stability", "Stability of every state for every decision maker. " + LEGEND,
                    ("state", "name", "description", *dm_cols, "equilibrium under"), rows)]
    eq_rows = tuple((TITLES[notion], len(result.states(notion)),
                     " ".join(graph.display(s) for s in result.states(notion)))
                    for notion in NOTIONS)
    tables.append(Table("equilibria", "Equilibria: states stable for every decision maker",
                        ("notion", "number", "states"), eq_rows))
    tables.append(Table(
        "equilibrium_states", "The equilibria in words",
        ("state", "description", *(SHORT[n] for n in NOTIONS)),
        tuple((graph.display(s), graph.labels[s],
               *(bool(result.equilibria[k, s]) for k in range(len(NOTIONS))))
              for s in np.flatnonzero(result.equilibria.any(axis=0)))))
    if coalitions is not None:
        rows = []
        for c, row, seen in zip(coalitions.coalitions, coalitions.improvable,
                                coalitions.witness):
            for s in np.flatnonzero(row & coalitions.nash_equilibria):
                rows.append((" + ".join(graph.dm_labels[k] for k in c), graph.display(s),
                             graph.display(int(seen[s])), graph.change(s, int(seen[s]))))
        tables.append(Table(
            "coalitions", "Coalition analysis: Nash equilibria that a coalition can jointly "
            "improve upon (every member strictly better off), with one such joint move",
            ("coalition", "Nash equilibrium", "for example to", "joint move"), tuple(rows)))
    return tables


def stability_text(model: Model, graph: GraphModel, result: Stability,
                   coalitions: Coalitions | None = None) -> str:
    lines = [f"{model.name}: graph model with {graph.n:,} states and {graph.m} decision makers "
             f"({join_words(list(graph.dm_labels))})"]
    if model.overrides:
        lines.append("  overrides: " + "; ".join(model.overrides))
    lines += ["", "Stability of each state for each decision maker", f"  {LEGEND}"]
    if graph.conflict is not None and graph.codes is not None:
        key = [f"{n}. {dm.label}: {o.label}" for n, (dm, o) in enumerate(
            ((dm, o) for dm in graph.conflict.decision_makers for o in dm.options), 1)]
        lines.append("  A state's code has one letter per option, in this order (Y: taken, "
                     "N: not taken):")
        lines += [f"    {k}" for k in key]
    lines.append("")
    width = max(5, *(len(s) for s in graph.states))
    cols = [max(4, len(label)) for label in graph.dm_labels]
    header = f"  {'state':<{width}}  " + "  ".join(
        f"{lab:<{c}}" for lab, c in zip(graph.dm_labels, cols)) + "  equilibrium under"
    lines.append(header)
    for s in range(graph.n):
        marks = "  ".join(f"{letters(result, i, s):<{c}}" for i, c in enumerate(cols))
        name = graph.display(s)
        extra = f"  ({name})" if name != graph.states[s] else ""
        lines.append(f"  {graph.states[s]:<{width}}  {marks}  {equilibrium_words(result, s)}"
                     f"{extra}".rstrip())
    lines += ["", "Equilibria (stable for every decision maker)"]
    for notion in NOTIONS:
        states = result.states(notion)
        lines.append(f"  {TITLES[notion]}: {len(states)}")
        for s in states[:20]:
            lines.append(f"    {graph.display(s)}: {graph.labels[s]}")
        if len(states) > 20:
            lines.append(f"    ... and {len(states) - 20} more (the JSON document and the "
                         "tables list all)")
    if coalitions is not None:
        lines += ["", "Coalition analysis (a coalition improves when every member is strictly "
                      "better off)"]
        for c, row, seen in zip(coalitions.coalitions, coalitions.improvable,
                                coalitions.witness):
            who = " + ".join(graph.dm_labels[k] for k in c)
            hit = np.flatnonzero(row & coalitions.nash_equilibria)
            if not len(hit):
                lines.append(f"  {who}: no joint improvement on any Nash equilibrium")
            for s in hit:
                lines.append(f"  {who} can improve upon {graph.display(s)}, e.g. to "
                             f"{graph.display(int(seen[s]))} ({graph.change(s, int(seen[s]))})")
        eq = " ".join(graph.display(s) for s in np.flatnonzero(coalitions.equilibria)) or "none"
        lines.append(f"  Coalition-Nash equilibria (no coalition can improve): {eq}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------- inverse


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
