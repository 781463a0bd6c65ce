"""The Russia–Ukraine–West conflict as a graph model: stability, equilibria, coalitions, and the
inverse analysis of a settlement. Writes results/09_graph_model/.

Model: models/ruw_graph_model.toml (option form: seven options of three decision makers, 96
feasible states; every option and preference statement carries its source). The analysis:

1. stability of every state for every decision maker under Nash, GMR, SMR and SEQ, and the
   equilibria under each notion; coalition analysis (joint moves that leave every member better
   off);
2. the named states (status quo, frozen armistice, Russia's terms, neutrality with and without
   guarantees): who is stable there, and which of each party's improving moves nothing deters;
3. the inverse analysis of the settlement "neutrality with guarantees": for each party in turn,
   how many strict rankings of its 96 states would make the settlement an equilibrium with the
   others' preferences as they are, and on what conditions;
4. a figure of the state graph with the equilibria marked and the moves away from the
   settlement drawn.

Nothing here is tuned: the preferences were written from the sources before this script ran.
"""

from __future__ import annotations

import sys

from negotiation import plots, report
from negotiation.commands.script import run_script, script_arguments
from negotiation.errors import ModelError
from negotiation.gmcr.graph import graph_model
from negotiation.gmcr.inverse import SAMPLES, inverse
from negotiation.gmcr.stability import SHORT, coalitions, improvements, stability, unsanctioned
from negotiation.report import gmcr as gmcr_report
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


def gmr_letters(result, i: int, s: int) -> str:
    return gmcr_report.letters(result, i, s)


def _target_option(parser) -> None:
    parser.add_argument("--target", metavar="STATE", default=TARGET,
                        help="the state whose inverse analysis is reported (an id or a name)")


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/ruw_graph_model.toml",
                            "results/09_graph_model", argv, extra=_target_option)
    model = load_model(args.input)
    graph = graph_model(model)
    target = graph.state(args.target, "target")
    result = stability(graph)
    joint = coalitions(graph, result)

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
        conditions = gmcr_report.inverse_tables(graph, russia)[1]
        tables.append(Table("inverse_conditions_russia", conditions.caption, conditions.columns,
                            conditions.rows))
    documents = {"stability": gmcr_report.stability_document(model, graph, result, joint)}
    documents |= {f"inverse_{dm}": gmcr_report.inverse_document(model, graph, inv)
                  for dm, inv in inverses.items()}
    summary = [gmcr_report.stability_text(model, graph, result, joint)]
    summary += [gmcr_report.inverse_text(model, graph, inv) for inv in inverses.values()]
    summary += [f"Exact inverse analysis varying {dm} was refused ({msg}); the bounds and sampled "
                "shares above come from the sampling method." for dm, msg in refused.items()]

    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out, tables=tables, documents=documents,
            texts={"summary.txt": "\n\n".join(summary) + "\n"},
            figures=[("state_graph", lambda stem: plots.save(plots.state_map(
                graph, result.equilibria, arrows=arrows, marked=marked), stem))],
            manifest_doc=report.manifest([model], seed=SEED, settings={
                "target": args.target, "samples": SAMPLES,
                "exact_inverse_refused": {dm: msg for dm, msg in refused.items()}}))
    eq = {notion: len(result.states(notion)) for notion in SHORT}
    print(f"  {graph.n} states; equilibria: " + ", ".join(f"{SHORT[n]} {k}" for n, k in eq.items())
          + f"; wrote {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
