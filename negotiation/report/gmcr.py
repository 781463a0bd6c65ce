"""Graph-model results as documents, tables and text: the JSON of ``negotiation stability``
(with coalition stability) and ``negotiation status-quo``, their tables (CSV / Markdown / LaTeX)
and their terminal output, in the decision makers' and options' own words. (Inverse analysis:
:mod:`negotiation.report.inverse`.)"""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiation._util.words import counted, join_words
from negotiation.gmcr.coalitions import BASE, COALITION_NOTIONS, CoalitionAnalysis
from negotiation.gmcr.evolution import Step
from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.stability import LETTERS, NOTIONS, SHORT, TITLES, Stability
from negotiation.gmcr.status_quo import StatusQuo
from negotiation.model.core import Model
from negotiation.report.results import model_info
from negotiation.report.tables import Table

__all__ = ["CONCEPTS", "LEGEND", "coalition_document", "coalition_key", "coalition_lines",
           "coalition_tables", "equilibrium_words", "letters", "stability_document",
           "stability_tables", "stability_text", "status_quo_document", "status_quo_tables",
           "status_quo_text"]

CONCEPTS = SHORT | {"cnash": "CNash", "cgmr": "CGMR", "cseq": "CSEQ"}
SHOWN = 20                # states or paths listed in text output (documents list all)
TABLE_PATHS = 1_000       # paths listed step by step in the evolution_paths table
LEGEND = ("R = Nash, G = general metarationality (GMR), S = symmetric metarationality (SMR), "
          "Q = sequential stability (SEQ); . = not stable")


def _ids(graph: GraphModel, states) -> list[str]:
    return [graph.states[int(s)] for s in states]


def coalition_key(graph: GraphModel, members: tuple[int, ...]) -> str:
    """``"russia+west"``: the members' ids joined by ``+``, in the model's order."""
    return "+".join(graph.dms[k] for k in members)


def _who(graph: GraphModel, members: tuple[int, ...]) -> str:
    return " + ".join(graph.dm_labels[k] for k in members)


def _jointly(graph: GraphModel, who: tuple[int, ...]) -> str:
    """``"Russia + the West jointly: "`` before a coalition's step (a decision maker's own step
    names it already)."""
    return f"{_who(graph, who)} jointly: " if len(who) > 1 else ""


def _steps(graph: GraphModel, path: list[Step]) -> list[list[str]]:
    return [[coalition_key(graph, who), graph.states[a], graph.states[b]] for who, a, b in path]


def _step_text(graph: GraphModel, who: tuple[int, ...], a: int, b: int) -> str:
    """One step in words, naming who moves: in option form the options each decision maker
    changes (which name it), in graph form ``"One moves to DC"``."""
    if graph.codes is None:
        verb = "jointly move" if len(who) > 1 else "moves"
        return f"{_who(graph, who)} {verb} to {graph.display(b)}"
    return f"{_jointly(graph, who)}{graph.change(a, b)}"


def _step_words(graph: GraphModel, path: list[Step]) -> str:
    return "; then ".join(_step_text(graph, who, a, b) for who, a, b in path)


def letters(result: Stability, i: int, s: int) -> str:
    return "".join(LETTERS[n] if result.stable[k, i, s] else "." for k, n in enumerate(NOTIONS))


def equilibrium_words(result: Stability, s: int) -> str:
    return ", ".join(SHORT[n] for k, n in enumerate(NOTIONS) if result.equilibria[k, s])


# ------------------------------------------------------------------------------- stability


def stability_document(model: Model, graph: GraphModel, result: Stability,
                       coalitions: CoalitionAnalysis | None = None) -> dict[str, Any]:
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
        doc["coalition"] = coalition_document(graph, coalitions)
        # the key of the first coalition analysis (Nash-based only), kept for scripts using it
        cnash = coalitions.equilibria["cnash"]
        doc["coalitions"] = {
            "improvable": {coalition_key(graph, c): _ids(graph, np.flatnonzero(
                coalitions.examined["cnash"][k] & ~coalitions.stable["cnash"][k]))
                for k, c in enumerate(coalitions.coalitions) if len(c) > 1},
            "coalition_nash_equilibria": None if cnash is None else _ids(graph,
                                                                         np.flatnonzero(cnash)),
        }
    return doc


def coalition_document(graph: GraphModel, joint: CoalitionAnalysis) -> dict[str, Any]:
    """The ``coalition`` key of ``stability --coalitions --json``: the equilibria under the
    class of all coalitions (``null`` when a coalition could not be examined), and per coalition
    the states stable for it under each notion (among those examined, ``scope``) and the
    individual equilibria it upsets, each with one undeterred coalition improvement (``to``)
    and, for the first ones, the joint move as a legal sequence of the members' moves."""
    doc: dict[str, Any] = {x: None if eq is None else _ids(graph, np.flatnonzero(eq))
                           for x, eq in joint.equilibria.items()}
    by: dict[str, Any] = {}
    for c, members in enumerate(joint.coalitions):
        entry: dict[str, Any] = {"members": [graph.dms[k] for k in members],
                                 "scope": joint.scope[members]}
        if members in joint.skipped:
            entry["skipped"] = joint.skipped[members]
        upsets: dict[str, Any] = {}
        for x in COALITION_NOTIONS:
            entry[x] = _ids(graph, np.flatnonzero(joint.stable[x][c] & joint.examined[x][c]))
            upsets[x] = {}
            for s in joint.upsets(x, c).tolist():
                t = int(joint.witness[x][c, s])
                item: dict[str, Any] = {"to": None if t < 0 else graph.states[t]}
                if (c, s, t) in joint.moves:
                    item["moves"] = _steps(graph, joint.moves[(c, s, t)])
                upsets[x][graph.states[s]] = item
        entry["upsets"] = upsets
        by[coalition_key(graph, members)] = entry
    doc["by_coalition"] = by
    return doc


def stability_tables(graph: GraphModel, result: Stability,
                     coalitions: CoalitionAnalysis | None = None) -> list[Table]:
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
        tables += coalition_tables(graph, coalitions)
    return tables


def coalition_tables(graph: GraphModel, joint: CoalitionAnalysis) -> list[Table]:
    summary = tuple((_who(graph, members), joint.scope[members],
                     *(int((joint.stable[x][c] & joint.examined[x][c]).sum())
                       for x in COALITION_NOTIONS),
                     *(len(joint.upsets(x, c)) for x in COALITION_NOTIONS))
                    for c, members in enumerate(joint.coalitions))
    eq = tuple((CONCEPTS[x], "" if v is None else int(v.sum()),
                "not computed" if v is None else " ".join(graph.display(s)
                                                          for s in np.flatnonzero(v)))
               for x, v in joint.equilibria.items())
    rows = []
    for c, members in enumerate(joint.coalitions):
        for x in COALITION_NOTIONS:
            for s in joint.upsets(x, c).tolist():
                t = int(joint.witness[x][c, s])
                rows.append((_who(graph, members), f"{SHORT[BASE[x]]} (upset under {CONCEPTS[x]})",
                             graph.display(s), "" if t < 0 else graph.display(t),
                             _step_words(graph, joint.moves[(c, s, t)])
                             if (c, s, t) in joint.moves else ""))
    return [
        Table("coalition_stability", "Coalition stability: states stable for each coalition "
              "under coalition Nash (CNash), GMR (CGMR) and SEQ (CSEQ), and the individual "
              "equilibria it upsets (docs/gmcr.md)",
              ("coalition", "examined", *(f"{CONCEPTS[x]} stable" for x in COALITION_NOTIONS),
               *(f"{CONCEPTS[x]} upsets" for x in COALITION_NOTIONS)), summary),
        Table("coalition_equilibria", "Equilibria under the class of all coalitions "
              "(singletons included): individual equilibria that no coalition upsets",
              ("concept", "number", "states"), eq),
        Table("coalition_upsets", "Individual equilibria that a coalition upsets, with a joint "
              "move (a legal sequence of its members' moves) that every member prefers and "
              "nothing deters", ("coalition", "equilibrium", "state", "joint move to",
                                 "joint move"), tuple(rows))]


def stability_text(model: Model, graph: GraphModel, result: Stability,
                   coalitions: CoalitionAnalysis | None = None) -> str:
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
        lines += ["", *coalition_lines(graph, coalitions)]
    return "\n".join(lines)


def coalition_lines(graph: GraphModel, joint: CoalitionAnalysis) -> list[str]:
    lines = ["Coalition stability (a joint move is a legal sequence of the members' moves that "
             "leaves every member strictly better off; it is deterred when the others' answer "
             "leaves some member no better off)"]
    for c, members in enumerate(joint.coalitions):
        upset = {x: joint.upsets(x, c) for x in COALITION_NOTIONS}
        where = "" if joint.scope[members] == "all states" else f" [{joint.scope[members]}]"
        if not any(len(v) for v in upset.values()):
            lines.append(f"  {_who(graph, members)}{where}: upsets no equilibrium")
            continue
        counts = ", ".join(f"{len(v)} {SHORT[BASE[x]]}" for x, v in upset.items() if len(v))
        lines.append(f"  {_who(graph, members)}{where} upsets {counts} equilibria, e.g.")
        for s in np.unique(np.concatenate(list(upset.values())))[:3].tolist():
            t = next(int(joint.witness[x][c, s]) for x in COALITION_NOTIONS
                     if joint.witness[x][c, s] >= 0)
            how = f": {_step_words(graph, joint.moves[(c, s, t)])}" \
                if (c, s, t) in joint.moves else ""
            lines.append(f"    {graph.display(s)} -> {graph.display(t)}{how}")
    for c, why in ((c, joint.skipped[c]) for c in joint.coalitions if c in joint.skipped):
        lines.append(f"  {_who(graph, c)}: not examined ({why})")
    lines.append("  Equilibria under the class of all coalitions (no coalition upsets them):")
    for x, eq in joint.equilibria.items():
        shown = "not computed (a coalition was too large to examine)" if eq is None else \
            " ".join(graph.display(s) for s in np.flatnonzero(eq)[:SHOWN]) or "none"
        more = "" if eq is None or eq.sum() <= SHOWN else f" ... ({int(eq.sum())} in all)"
        lines.append(f"    {CONCEPTS[x]}: {shown}{more}")
    return lines


# ------------------------------------------------------------------------------ status quo


def status_quo_document(model: Model, graph: GraphModel, sq: StatusQuo) -> dict[str, Any]:
    """The JSON document of ``negotiation status-quo --json`` (see README)."""
    def listing(paths: dict[int, list[Step]]) -> dict[str, Any]:
        return {graph.states[s]: _steps(graph, p) for s, p in sorted(paths.items())}

    return {
        "model": model_info(model),
        "from": graph.states[sq.start],
        "steps": "unilateral and coalition improvements" if sq.coalitions
        else "unilateral improvements",
        "coalitions": [coalition_key(graph, c) for c in sq.coalitions],
        "coalitions_skipped": {coalition_key(graph, c): why for c, why in sq.skipped.items()},
        "reachable_by_improvements": _ids(graph, np.flatnonzero(sq.by_improvements.reachable)),
        "reachable_by_moves": _ids(graph, np.flatnonzero(sq.by_moves.reachable)),
        "equilibria_reachable": {c: _ids(graph, np.flatnonzero(sq.reachable(c)))
                                 for c in sq.equilibria},
        "equilibria_reachable_by_moves": {c: _ids(graph, np.flatnonzero(sq.reachable(c, True)))
                                          for c in sq.equilibria},
        "paths": listing(sq.paths),
        "paths_by_moves": listing(sq.paths_by_moves),
    }


def _concepts_at(sq: StatusQuo, s: int) -> str:
    return ", ".join(CONCEPTS.get(c, c) for c, eq in sq.equilibria.items() if eq[s])


def status_quo_tables(graph: GraphModel, sq: StatusQuo) -> list[Table]:
    reach = tuple((CONCEPTS.get(c, c), int(sq.reachable(c).sum()), int(sq.reachable(c, True).sum()),
                   " ".join(graph.display(s) for s in np.flatnonzero(sq.reachable(c))))
                  for c in sq.equilibria)
    listed = [(kind, s, path) for kind, paths in (("improvements", sq.paths),
                                                  ("moves", sq.paths_by_moves))
              for s, path in sorted(paths.items(), key=lambda kv: (len(kv[1]), kv[0]))]
    rows = tuple((graph.display(s), _concepts_at(sq, s), kind, len(path), k,
                  _who(graph, who), graph.display(a), graph.display(b), graph.change(a, b))
                 for kind, s, path in listed[:TABLE_PATHS]
                 for k, (who, a, b) in enumerate(path, 1))
    more = (f"; the {TABLE_PATHS:,} shortest of {len(listed):,} (status_quo.json lists all)"
            if len(listed) > TABLE_PATHS else "")
    start = graph.display(sq.start)
    return [Table("reachable_equilibria", f"Equilibria reachable from {start}: by unilateral "
                  "improvements (nobody moving twice in a row), and by any unilateral moves",
                  ("concept", "by improvements", "by moves", "reachable by improvements"), reach),
            Table("evolution_paths", f"One shortest evolution path from {start} to each "
                  f"reachable equilibrium, step by step (by moves only where improvements do "
                  f"not reach it){more}", ("equilibrium", "concepts", "path by", "steps", "step",
                                    "mover", "from", "to", "in words"), rows)]


def status_quo_text(model: Model, graph: GraphModel, sq: StatusQuo) -> str:
    start = sq.start
    by = "unilateral improvements" + (" and coalition improvements (" + "; ".join(
        _who(graph, c) for c in sq.coalitions) + ")" if sq.coalitions else "")
    lines = [f"{model.name}: status-quo analysis from {graph.display(start)} "
             f"({graph.labels[start]})",
             f"  Steps: {by}; nobody moves twice in a row.",
             *(f"  Not stepping jointly: {_who(graph, c)} ({why})."
               for c, why in sq.skipped.items()),
             f"  Reachable by improvements: {int(sq.by_improvements.reachable.sum()):,} of "
             f"{graph.n:,} states; by any unilateral moves"
             f"{' and coalition improvements' if sq.coalitions else ''}: "
             f"{int(sq.by_moves.reachable.sum()):,}.",
             "", "Equilibria reachable (by improvements / by any moves)"]
    lines += [f"  {CONCEPTS.get(c, c)}: {int(sq.reachable(c).sum()):,} / "
              f"{int(sq.reachable(c, True).sum()):,}" for c in sq.equilibria]
    for title, paths in (("by improvements", sq.paths), ("by moves only", sq.paths_by_moves)):
        if not paths:
            continue
        lines += ["", f"Shortest evolution paths {title} (one per reachable equilibrium)"]
        for s, path in sorted(paths.items(), key=lambda kv: (len(kv[1]), kv[0]))[:SHOWN]:
            lines.append(f"  to {graph.display(s)} ({_concepts_at(sq, s)}): "
                         + (counted(len(path), "step") if path else "already there"))
            lines += [f"    {k}. {_step_text(graph, who, a, b)}"
                      + ("" if graph.codes is None else f" -> {graph.display(b)}")
                      for k, (who, a, b) in enumerate(path, 1)]
        if len(paths) > SHOWN:
            lines.append(f"  ... and {len(paths) - SHOWN:,} more (the JSON document and the "
                         "tables list all)")
    return "\n".join(lines)
