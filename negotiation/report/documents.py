"""The JSON document and the tables of ``negotiation analyze`` (see README, "JSON output").
"""

from __future__ import annotations

from typing import Any

from negotiation.bargaining.verdict import Analysis
from negotiation.model.labels import (
    constraint_text,
    outcome_text,
    revision_text,
    short_constraint,
)
from negotiation.report.games import document as game_document
from negotiation.report.results import model_info
from negotiation.report.tables import Table, rounded
from negotiation.report.text import VERDICT_MEANINGS

__all__ = ["SOLUTION_LABELS", "analysis_document", "analysis_tables", "level_blocking_table"]


def analysis_document(analysis: Analysis, verified: bool | None = None,
                      examples: int = 10) -> dict[str, Any]:
    """The JSON document of ``negotiation analyze --json`` (see README, "JSON output")."""
    model, cert, barg, comp = (analysis.model, analysis.certificate, analysis.bargaining,
                               analysis.compiled)

    def outcome(index: int | None) -> dict[str, str] | None:
        return None if index is None else comp.outcome(int(index))

    solutions = {name: (sol.outcome if sol else None) for name, sol in barg.solutions.items()}
    blocking = cert.blocking
    return {
        "model": model_info(model),
        "backend": analysis.backend,
        "verdict": analysis.verdict,
        "verdict_meaning": VERDICT_MEANINGS[analysis.verdict],
        "outcomes": barg.n_outcomes,
        "constraints": [
            {"id": s.id, "party": s.party, "kind": s.kind, "register": s.register,
             "description": s.description, "revision_cost": s.revision_cost,
             "in_words": constraint_text(model, s)}
            for s in comp.constraints
        ],
        "red_line_set_size": barg.red_line_set_size,
        "acceptable_set_sizes": barg.acceptable_sizes,
        "bargaining_set_size": barg.size,
        "mus": [sorted(s) for s in cert.mus],
        "mus_parties": [list(p) for p in cert.mus_parties],
        "mcs": [sorted(s) for s in cert.mcs],
        "mcs_costs": list(cert.mcs_costs),
        "mcs_parties": [list(p) for p in cert.mcs_parties],
        "pairwise_compatible": cert.pairwise,
        "parties_self_consistent": cert.party_consistent,
        "solutions": solutions,
        "solution_values": {name: ({p: rounded(v) for p, v in sol.values.items()} if sol else None)
                            for name, sol in barg.solutions.items()},
        "pareto_frontier_size": barg.pareto_size,
        "pareto_frontier": [outcome(i) for i in barg.pareto[:examples]],
        "distance_to_agreement": None if barg.distance is None else rounded(barg.distance),
        "total_concession": (None if barg.total_concession is None
                             else rounded(barg.total_concession)),
        "closest_outcomes": [outcome(i) for i in barg.closest[:examples]],
        "blocking": None if blocking is None else {
            "excluded_by": blocking.excluded_by,
            "excluded_only_by": blocking.excluded_only_by,
            "excluded_by_party": blocking.excluded_by_party,
            "patterns": [{"blocked_by": list(p.blocked_by), "count": p.count,
                          "example": outcome(p.witness)} for p in blocking.patterns],
        },
        "notes": dict(analysis.notes),
        "strategic": (None if analysis.strategic is None else
                      game_document(analysis.strategic, zone_nonempty=barg.size > 0)),
        "certificate": {
            "verified": verified,
            "mus_witnesses": [{c: outcome(w) for c, w in ws.items()}
                              for ws in cert.mus_witnesses],
            "mcs_witnesses": [outcome(w) for w in cert.mcs_witnesses],
            "pairwise_witnesses": {k: outcome(w) for k, w in cert.pairwise_witnesses.items()},
        },
    }


SOLUTION_LABELS = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky",
                   "egalitarian": "egalitarian", "utilitarian": "utilitarian"}


def analysis_tables(analysis: Analysis) -> list[Table]:
    """Tables of an analysis: verdict, MUS, MCS, pairwise, blocking map, solutions."""
    model, cert, barg, comp = (analysis.model, analysis.certificate, analysis.bargaining,
                               analysis.compiled)
    specs = {s.id: s for s in comp.constraints}
    label = {p.id: p.label for p in model.parties}
    tables = [Table(
        "verdict", f"Verdict for {model.name}",
        ("verdict", "settlements", "within all red lines", "bargaining set", "meaning"),
        ((analysis.verdict, barg.n_outcomes, barg.red_line_set_size, barg.size,
          VERDICT_MEANINGS[analysis.verdict]),),
    )]
    tables.append(Table(
        "mus", "Minimal incompatible sets: conditions that cannot all hold together, though "
               "any one dropped leaves the rest satisfiable",
        ("set", "parties", "constraint", "condition", "id"),
        tuple((n, " + ".join(label[p] for p in parties), short_constraint(model, specs[c]),
               constraint_text(model, specs[c]), c)
              for n, (mus, parties) in enumerate(zip(cert.mus, cert.mus_parties), 1)
              for c in mus), data_only=("id",),
    ))
    tables.append(Table(
        "mcs", "Minimal correction sets: the smallest revisions that open a zone of agreement, "
               "cheapest first",
        ("rank", "revision cost", "parties", "revision", "ids"),
        tuple((n, cost, " + ".join(label[p] for p in parties),
               revision_text(model, [specs[c] for c in mcs]), " ".join(mcs))
              for n, (mcs, cost, parties) in enumerate(
                  zip(cert.mcs, cert.mcs_costs, cert.mcs_parties), 1)), data_only=("ids",),
    ))
    tables.append(Table(
        "pairwise", "Pairwise compatibility: can two parties agree, ignoring the others?",
        ("pair", "compatible"),
        tuple((" + ".join(label[p] for p in key.split("+")), ok)
              for key, ok in cert.pairwise.items()),
    ))
    if cert.blocking is not None:
        tables.append(Table(
            "blocking", "Blocking map by constraint: settlements each constraint excludes",
            ("constraint", "condition", "excludes", "excludes alone", "id"),
            tuple((short_constraint(model, specs[c]), constraint_text(model, specs[c]),
                   cert.blocking.excluded_by[c], cert.blocking.excluded_only_by[c], c)
                  for c in cert.constraint_ids), data_only=("id",),
        ))
    rows = []
    for name, sol in barg.solutions.items():
        if sol is not None:
            rows.append((SOLUTION_LABELS.get(name, name), outcome_text(model, sol.outcome),
                         *(rounded(sol.values[p]) for p in comp.party_ids)))
    tables.append(Table(
        "solutions", "Bargaining solutions on the zone of possible agreement",
        ("solution", "settlement", *(label[p] for p in comp.party_ids)), tuple(rows),
    ))
    return tables


def level_blocking_table(levels, model) -> Table:
    """Who rules out which issue level (:func:`negotiation.bargaining.blocking_by_level`): the
    share of the settlements at each level that each party accepts."""
    labels = {p.id: p.label for p in model.parties}
    issue = {i.id: i for i in model.issues}
    level_label = {(i.id, lv.id): lv.label for i in model.issues for lv in i.levels}
    return Table(
        "blocking_by_level", "Share of settlements at each issue level that each party accepts "
        "(0: the party rules the level out)",
        ("issue", "level", "settlements", *(f"{labels[p]} accepts (%)" for p in levels.parties)),
        tuple((issue[i].label, level_label[(i, lv)], int(n),
               *(round(100 * (1 - s), 2) for s in row))
              for i, lv, n, row in zip(levels.issues, levels.levels, levels.count, levels.share)))
