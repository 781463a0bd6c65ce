"""Evaluated outcome packages as a JSON document and tables (see :mod:`negotiation.packages`)."""

from __future__ import annotations

from typing import Any

from negotiation.report.tables import Table, rounded


def package_document(results, compiled) -> dict[str, Any]:
    """JSON of evaluated packages: per party accept/reject, blockers, shortfall, the record."""
    return {"packages": [{
        "id": r.package.id, "label": r.package.label, "date": r.package.date,
        "terms": r.package.terms, "says": r.package.says, "confidence": r.package.confidence,
        "reported_only": r.package.reported_only, "reference": r.package.reference,
        "settlements": r.size, "jointly_acceptable": r.jointly_acceptable,
        "joint_blockers": [list(b) for b in r.joint_blockers],
        "nash": r.nash.outcome if r.nash else None,
        "parties": {p: {"accepts": resp.accepts, "blockers": [list(b) for b in resp.blockers],
                        "always_violated": list(resp.always_violated),
                        "shortfall": None if resp.shortfall is None else rounded(resp.shortfall),
                        "recorded": r.package.reception.get(p),
                        "record_disagrees": r.record_disagrees(p)}
                    for p, resp in r.responses.items()},
        "reception_note": r.package.reception_note,
    } for r in results]}


def package_tables(results, compiled, name: str = "packages",
                   caption: str = "Proposals against each party's logic") -> list[Table]:
    """The proposals × parties matrix, and the blockers behind every rejection, in words."""
    from negotiation.report.text import blockers_text

    model = compiled.model
    specs = {s.id: s for s in compiled.constraints}
    parties = compiled.party_ids
    label = {p.id: p.label for p in model.parties}
    matrix = Table(
        name, caption + " (accepts: some settlement consistent with it meets the party's red "
                        "lines and no-deal value)",
        ("proposal", "date", "confidence", *(label[p] for p in parties), "jointly",
         *(f"{label[p]} (record)" for p in parties)),
        tuple((r.package.label, r.package.date, r.package.confidence
               + (", reported" if r.package.reported_only else ""),
               *("accepts" if r.responses[p].accepts else "rejects" for p in parties),
               "yes" if r.jointly_acceptable else "no",
               *(r.package.reception.get(p, "") for p in parties)) for r in results),
    )
    rows = []
    for r in results:
        for p in parties:
            resp = r.responses[p]
            if resp.accepts:
                continue
            short = "" if resp.shortfall is None else f"{resp.shortfall:.3f}"
            rows.append((r.package.label, label[p],
                         blockers_text(model, specs, resp.blockers, limit=4), short,
                         {True: "disagrees", False: "agrees", None: ""}[r.record_disagrees(p)]))
    blockers = Table(
        f"{name}_blockers", "What blocks each rejection: the minimal sets of the party's "
        "constraints that exclude every settlement consistent with the proposal",
        ("proposal", "party", "to accept, the party would have to give up",
         "shortfall below no-deal value", "record"),
        tuple(rows),
    )
    return [matrix, blockers]


def record_document(record, model, compiled, results) -> dict:
    """The JSON document of ``negotiation packages``: the record's and the model's identity
    (with their hashes) and every proposal's result."""
    from negotiation.report.results import display_path, model_info

    return {"record": {"name": record.name, "path": display_path(record.path),
                       "sha256": record.sha256},
            "model": model_info(model)} | package_document(results, compiled)
