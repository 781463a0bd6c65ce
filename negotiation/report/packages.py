"""Evaluated outcome packages as a JSON document, tables and text
(see :mod:`negotiation.whatif.packages`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from negotiation.report.tables import Table, rounded

__all__ = ["READING_WORDS", "package_document", "package_tables", "readings_document",
           "readings_table", "record_document", "response_text", "short_labels", "specs_of"]

#: Each reading in a few words, for tables and text.
READING_WORDS = {
    "status_quo": "silent issues at the status quo",
    "any": "any completion, party by party",
    "joint": "one completion acceptable to all",
    "staged": "stage by stage, then final status",
}


def _response(resp, package, party) -> dict[str, Any]:
    return {"accepts": resp.accepts, "blockers": [list(b) for b in resp.blockers],
            "always_violated": list(resp.always_violated),
            "shortfall": None if resp.shortfall is None else rounded(resp.shortfall),
            "stage": resp.stage or None,
            "recorded": package.reception.get(party)}


def package_document(results, compiled) -> dict[str, Any]:
    """JSON of evaluated packages: per party accept/reject, blockers, shortfall, the record."""
    return {"packages": [{
        "id": r.package.id, "label": r.package.label, "date": r.package.date,
        "judged_as_of": r.date, "reading": r.reading,
        "terms": r.package.terms, "says": r.package.says, "confidence": r.package.confidence,
        "reported_only": r.package.reported_only, "reference": r.package.reference,
        "stages": [{"id": s.id, "terms": s.terms} for s in r.package.stages],
        "settlements": r.size, "jointly_acceptable": r.jointly_acceptable,
        "blocked_at_stage": r.stage or None,
        "joint_blockers": [list(b) for b in r.joint_blockers],
        "nash": r.nash.outcome if r.nash else None,
        "parties": {p: _response(resp, r.package, p) | {"record_disagrees": r.record_disagrees(p)}
                    for p, resp in r.responses.items()},
        "reception_note": r.package.reception_note,
    } for r in results]}


def package_tables(results, compiled, name: str = "packages",
                   caption: str = "Proposals against each party's logic") -> list[Table]:
    """The proposals × parties matrix, and the blockers behind every rejection, in words."""
    from negotiation.report.text import blockers_text

    model = compiled.model
    parties = compiled.party_ids
    label = {p.id: p.label for p in model.parties}
    reading = results[0].reading if results else "any"
    matrix = Table(
        name, caption + f" (reading: {READING_WORDS.get(reading, reading)}; accepts: some "
                        "settlement consistent with it meets the party's red lines and no-deal "
                        "value)",
        ("proposal", "date", "judged as of", "confidence", *(label[p] for p in parties),
         "jointly", *(f"{label[p]} (record)" for p in parties)),
        tuple((r.package.label, r.package.date, r.date, r.package.confidence
               + (", reported" if r.package.reported_only else ""),
               *(_cell(r.responses[p]) for p in parties),
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
            rows.append((r.package.label, label[p], resp.stage or "final status",
                         blockers_text(model, specs_of(r.model or model), resp.blockers,
                                       limit=4), short,
                         {True: "disagrees", False: "agrees", None: ""}[r.record_disagrees(p)]))
    blockers = Table(
        f"{name}_blockers", "What blocks each rejection: the minimal sets of the party's "
        "constraints that exclude every settlement consistent with the proposal",
        ("proposal", "party", "stage", "to accept, the party would have to give up",
         "shortfall below no-deal value", "record"),
        tuple(rows),
    )
    return [matrix, blockers]


def specs_of(model) -> dict:
    """Every constraint of ``model`` by id, red lines not in force at its date included."""
    from negotiation.model.core import ConstraintSpec

    specs = {s.id: s for s in model.constraints()}
    for party in model.parties:
        for rl in party.all_red_lines():
            specs.setdefault(f"{party.id}.{rl.id}", ConstraintSpec(
                f"{party.id}.{rl.id}", party.id, "red_line", rl.description, rl.revision_cost,
                rl.register, rl, rl.label))
    return specs


def _cell(resp) -> str:
    if resp.accepts:
        return "accepts"
    return f"rejects at {resp.stage}" if resp.stage else "rejects"


def readings_table(by_reading: Mapping[str, Sequence], model, name: str = "readings",
                   caption: str = "Each reading side by side") -> Table:
    """Proposals × parties, one column per reading: accepts, or the blockers in a few words;
    the recorded reception beside them."""
    from negotiation.model.labels import party_label

    names = list(by_reading)
    first = by_reading[names[0]]
    rows = []
    for n, res in enumerate(first):
        for party in res.responses:
            cells = []
            for reading in names:
                result = by_reading[reading][n]
                resp = result.responses[party]
                cells.append(response_text(resp, short_labels(result.model or model),
                                           result.reading))
            rows.append((res.package.label, party_label(model, party), *cells,
                         res.package.reception.get(party, "")))
    joint = tuple(("", "jointly acceptable",
                   *("yes" if by_reading[r][n].jointly_acceptable else "no" for r in names), "")
                  for n in range(len(first)))
    return Table(name, caption, ("proposal", "party", *names, "record"), tuple(rows) + joint)


def short_labels(model) -> dict[str, str]:
    """Each constraint's few-word label by id (red lines as held at the model's date)."""
    out = {f"{p.id}.{rl.id}": rl.label for p in model.parties for rl in p.all_red_lines()}
    for p in model.parties:
        out[f"{p.id}.ir"] = "no-deal value"
        out.update({f"{p.id}.{r.id}.ir": f"{r.label} no-deal value" for r in p.registers})
    return out


def response_text(resp, short: Mapping[str, str], reading: str = "") -> str:
    """A response in a few words: ``accepts``, or ``rejects: a + b`` (first blocker set);
    under the joint reading a rejection is a share of the blame (``rejects jointly``)."""
    if resp.accepts:
        return "accepts"
    where = f" at {resp.stage}" if resp.stage else ""
    word = "rejects jointly" if reading == "joint" else "rejects"
    if not resp.blockers:
        return f"{word}{where}"
    names = " + ".join(short.get(c, c) for c in resp.blockers[0])
    more = f" (or {len(resp.blockers) - 1} other)" if len(resp.blockers) > 1 else ""
    return f"{word}{where}: {names}{more}"


def _head(record, model) -> dict[str, Any]:
    from negotiation.report.results import display_path, model_info

    return {"record": {"name": record.name, "path": display_path(record.path),
                       "sha256": record.sha256, "declared_reading": record.reading,
                       "reading_source": record.reading_source},
            "model": model_info(model)}


def record_document(record, model, compiled, results, as_of: str = "record") -> dict:
    """The JSON document of ``negotiation packages``: the record's and the model's identity
    (with their hashes) and every proposal's result."""
    return _head(record, model) | {"as_of": as_of} | package_document(results, compiled)


def readings_document(record, model, compiled, by_reading: Mapping[str, Sequence],
                      as_of: str = "record") -> dict:
    """The JSON document of ``negotiation packages --reading all``: every reading's results."""
    return _head(record, model) | {"as_of": as_of, "readings": {
        name: package_document(results, compiled) for name, results in by_reading.items()}}
