"""The Russia–Ukraine–West conflict as a graph model: stability, equilibria, coalition stability,
where the conflict can evolve from today's state, and the inverse analysis of a settlement.
Writes results/09_graph_model/.

Model: models/ruw_graph_model.toml (option form: seven options of three decision makers, 96
feasible states; every option and preference statement carries its source). The analysis:

1. stability of every state for every decision maker under Nash, GMR, SMR and SEQ, and the
   equilibria under each notion; coalition stability (CNash, CGMR, CSEQ) for every coalition
   and the equilibria under the class of all coalitions;
2. status-quo analysis: where the conflict can evolve from the status quo by unilateral
   improvements and by any moves, which equilibria are reachable, and — coalition by coalition —
   which become reachable when that coalition may also take joint improving steps; and where
   the conflict would drift from the settlement (the target) if it were reached;
3. the named states (status quo, frozen armistice, Russia's terms, neutrality with and without
   guarantees): who is stable there, and which of each party's improving moves nothing deters;
4. the inverse analysis of the settlement "neutrality with guarantees": for each party in turn,
   how many strict rankings of its 96 states would make the settlement an equilibrium with the
   others' preferences as they are, and on what conditions;
5. figures: the state graph with the equilibria marked and the moves away from the settlement
   drawn; the evolution paths from the status quo (with coalition steps) and from the
   settlement.

Nothing here is tuned: the preferences were written from the sources before this script ran.
"""

from __future__ import annotations

import sys

from negotiation import plots, report
from negotiation._util.words import counted
from negotiation.commands.script import run_script, script_arguments
from negotiation.errors import InputError, ModelError
from negotiation.gmcr.coalitions import all_coalitions, coalition_analysis
from negotiation.gmcr.graph import graph_model
from negotiation.gmcr.inverse import SAMPLES, inverse
from negotiation.gmcr.stability import NOTIONS, SHORT, improvements, stability, unsanctioned
from negotiation.gmcr.status_quo import status_quo
from negotiation.report import gmcr as gmcr_report
from negotiation.report import inverse as inverse_report
from negotiation.report.tables import Table
from negotiation.sections import load_model

TARGET = "neutrality_with_guarantees"
SEED = 0
CAPTIONS = {   # the named states, in words, for tables and the figure
    "status_quo": "status quo (war)",
    "frozen_armistice": "frozen armistice",
    "russian_terms": "Russia's terms (June 2024)",
    "neutrality_without_guarantees": "neutrality without guarantees",
    "neutrality_with_guarantees": "neutrality with guarantees",
}


def model_tables(graph) -> list[Table]:
    conflict = graph.conflict
    options = Table(
        "options", "Options of the graph model and their sources",
        ("decision maker", "option", "irreversible", "source", "rationale"),
        tuple((dm.label, o.label, o.irreversible, o.source, o.rationale)
              for dm in conflict.decision_makers for o in dm.options))
    statements = Table(
        "preferences", "Preference statements (option prioritisation, most important first)",
        ("decision maker", "priority", "statement", "meaning", "source"),
        tuple((dm.label, k, st.text, st.description, st.source)
              for dm in conflict.decision_makers for k, st in enumerate(dm.statements, 1)))
    return [options, statements]


def named_table(graph, result) -> Table:
    rows = []
    for name, s in graph.names.items():
        for i, dm in enumerate(graph.dm_labels):
            free = unsanctioned(graph, i, s)["gmr"]
            rows.append((CAPTIONS.get(name, name), graph.states[s], dm,
                         gmr_letters(result, i, s),
                         "; ".join(graph.change(s, int(q)) for q in free) or "none"))
    return Table("named_states", "The named states: stability for each party "
                 f"({gmcr_report.LEGEND}) and the improving moves away that nothing deters "
                 "(GMR)", ("state", "code", "party", "stable", "undeterred moves away"),
                 tuple(rows))


def coalition_evolution(graph, concepts, plain) -> Table:
    """For each coalition: what becomes reachable from the status quo by improvements when it
    may also take joint improving steps (the others still move one at a time)."""
    base = {c: set(plain.reachable(c).nonzero()[0].tolist()) for c in concepts}
    rows = []
    for members in all_coalitions(graph.m):
        sq = status_quo(graph, plain.start, concepts, coalitions=[members])
        for c in concepts:
            new = sorted(set(sq.reachable(c).nonzero()[0].tolist()) - base[c])
            path = min((sq.paths[s] for s in new), key=len, default=None)
            rows.append((" + ".join(graph.dm_labels[k] for k in members),
                         gmcr_report.CONCEPTS[c], len(base[c]), len(base[c]) + len(new),
                         " ".join(graph.display(s) for s in new[:12])
                         + (f" ... ({len(new)} in all)" if len(new) > 12 else ""),
                         "" if path is None else "; then ".join(
                             (f"{' + '.join(graph.dm_labels[k] for k in who)} jointly: "
                              if len(who) > 1 else "") + graph.change(a, b)
                             for who, a, b in path)))
    return Table("coalitions_change_evolution",
                 f"Equilibria reachable from {graph.display(plain.start)} by improvements, "
                 "without and with one coalition's joint improving steps, and the shortest "
                 "path to a newly reachable one",
                 ("coalition", "concept", "reachable alone", "reachable with the coalition",
                  "newly reachable", "e.g. path"), tuple(rows))


def gmr_letters(result, i: int, s: int) -> str:
    return gmcr_report.letters(result, i, s)


def _target_option(parser) -> None:
    parser.add_argument("--target", metavar="STATE",
                        help="the state whose inverse analysis is reported (an id or a name; "
                             f"default: {TARGET}, a state of the repository's model)")


def _target(graph, given: str | None) -> tuple[str, int]:
    """The target state's name and number; on another model than the repository's, the user
    names it (the default is a state of the repository's model)."""
    if given is not None:
        return given, graph.state(given, "target")
    if TARGET not in graph.names and TARGET not in graph.index:
        named = f"; named states: {', '.join(graph.names)}" if graph.names else ""
        raise InputError(f"the model has no state '{TARGET}', the default target (a state of the "
                         "repository's model)", argument="target", file=graph.file or None,
                         fix="name the settlement to analyse with --target STATE, a state's id "
                             f"or name{named}")
    return TARGET, graph.state(TARGET, "target")


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/ruw_graph_model.toml",
                            "results/09_graph_model", argv, extra=_target_option)
    model = load_model(args.input)
    graph = graph_model(model)
    args.target, target = _target(graph, args.target)
    result = stability(graph)
    joint = coalition_analysis(graph, result=result)
    concepts = {n: result.equilibria[k] for k, n in enumerate(NOTIONS)}
    concepts |= {x: eq for x, eq in joint.equilibria.items() if eq is not None}
    evolutions = {}     # where the conflict can go from today's state, and from the target
    if graph.status_quo is not None:
        evolutions["status_quo"] = status_quo(graph, None, concepts)
        evolutions["status_quo_coalitions"] = status_quo(graph, None, concepts, coalitions=True)
    evolutions["from_target"] = status_quo(graph, target, concepts)

    inverses, refused = {}, {}
    for v, dm in enumerate(graph.dms):
        try:
            inverses[dm] = inverse(graph, target, v)
        except ModelError as err:   # exact counting refused: say so, then bound and sample
            refused[dm] = err.message
            inverses[dm] = inverse(graph, target, v, method="sample", seed=SEED)
    count_rows = []
    for dm, inv in inverses.items():
        for notion in SHORT:
            low, high = inv.count_bounds(notion)
            estimate = ""
            if notion in inv.estimates:
                hits, trials = inv.estimates[notion]
                estimate = f"{hits / trials:.4f}"
            count_rows.append((graph.dm_labels[graph.dm(dm)], SHORT[notion],
                               round(low / inv.profiles, 6), round(high / inv.profiles, 6),
                               estimate, inv.method))
    inverse_table = Table(
        "inverse_by_party",
        f"Inverse analysis of '{CAPTIONS.get(args.target, args.target)}': share of each party's "
        f"{graph.n}! strict rankings that make it an equilibrium, the others' preferences "
        "unchanged (exact bounds; equal when exact; sampled share where not exact)",
        ("varied party", "notion", "share (lower)", "share (upper)", "sampled share", "method"),
        tuple(count_rows))

    arrows = [(a, b, i) for i in range(graph.m)
              for a, b in graph.moves[i][improvements(graph, i)].tolist() if a == target]
    marked = [(s, CAPTIONS.get(name, name)) for name, s in graph.names.items()]

    tables = (model_tables(graph) + gmcr_report.stability_tables(graph, result, joint)
              + [named_table(graph, result), inverse_table])
    russia = inverses.get("russia")
    if russia is not None:
        conditions = inverse_report.inverse_tables(graph, russia)[1]
        tables.append(Table("inverse_conditions_russia", conditions.caption, conditions.columns,
                            conditions.rows))
    documents = {"stability": gmcr_report.stability_document(model, graph, result, joint)}
    documents |= {f"inverse_{dm}": inverse_report.inverse_document(model, graph, inv)
                  for dm, inv in inverses.items()}
    documents |= {f"evolution_{k}": gmcr_report.status_quo_document(model, graph, sq)
                  for k, sq in evolutions.items()}
    for key, sq in evolutions.items():
        tables += [Table(f"{t.name}_{key}", t.caption, t.columns, t.rows)
                   for t in gmcr_report.status_quo_tables(graph, sq)]
    summary = [gmcr_report.stability_text(model, graph, result, joint)]
    if "status_quo" in evolutions:
        tables.append(coalition_evolution(graph, concepts, evolutions["status_quo"]))
    else:
        summary.append("The model declares no status_quo: no evolution from today's state.")
    summary += [gmcr_report.status_quo_text(model, graph, sq) for sq in evolutions.values()]
    summary += [inverse_report.inverse_text(model, graph, inv) for inv in inverses.values()]
    summary += [f"Exact inverse analysis varying {dm} was refused ({msg}); the bounds and sampled "
                "shares above come from the sampling method." for dm, msg in refused.items()]

    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out, tables=tables, documents=documents,
            texts={"summary.txt": "\n\n".join(summary) + "\n"},
            figures=[("state_graph", lambda stem: plots.save(plots.state_map(
                graph, result.equilibria, arrows=arrows, marked=marked), stem))] + [
                (f"evolution_{key}", lambda stem, sq=sq: plots.save(
                    plots.evolution_paths(graph, sq), stem))
                for key, sq in evolutions.items() if key != "status_quo"],
            manifest_doc=report.manifest([model], seed=SEED, settings={
                "target": args.target, "samples": SAMPLES,
                "exact_inverse_refused": {dm: msg for dm, msg in refused.items()}}))
    eq = {notion: len(result.states(notion)) for notion in SHORT}
    reach = {k: int(sq.by_improvements.reachable.sum()) for k, sq in evolutions.items()}
    print(f"  {graph.n} states; equilibria: " + ", ".join(f"{SHORT[n]} {k}" for n, k in eq.items())
          + (f"; from the status quo {counted(reach['status_quo'], 'state')} reachable by "
             f"improvements, {reach['status_quo_coalitions']:,} with coalition steps"
             if "status_quo" in reach else "") + f"; wrote {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
