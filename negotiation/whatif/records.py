"""Record files: frameworks, proposals or alternatives written as outcome packages over a model.

A record file names its model and how it reads silence, then lists packages::

    [record]
    name = "Mediation record"
    model = "russia_ukraine_west.toml"
    reading = "status_quo"          # status_quo, any or joint (default: any)
    other_parties = ["west", "us", "europe"]  # parties receptions may name besides the
                                    # model's (kept for variants; ignored where absent)

    [[packages]]
    id = "twenty_points_2025"
    date = "2025-12-23"
    terms = "guarantees == article5_like and territorial_line == current_line"  # final status
    [packages.says]                 # what the framework says, issue by issue
    [packages.reception]            # russia = "rejected", ...
    [[packages.stages]]             # interim stages, in order (optional)
    id = "ceasefire"
    terms = "territorial_line == current_line"

Validation names the file and key path of every problem, as for model files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from negotiation.errors import ModelError, did_you_mean
from negotiation.model import expressions
from negotiation.model.core import Model
from negotiation.model.expressions import Expr
from negotiation.model.loading import SectionParser, load_model
from negotiation.model.table import Table, check_date, read_toml, unique_ids

__all__ = ["CONFIDENCE", "READINGS", "RECEPTIONS", "RECEPTION_MEANS", "Package", "Record",
           "Stage", "load_record"]

RECEPTIONS = ("accepted", "basis", "negotiated", "mixed", "rejected", "not_party", "unclear")
# What a recorded reception says about acceptance, where it says anything.
RECEPTION_MEANS = {"accepted": True, "basis": True, "rejected": False}
CONFIDENCE = ("high", "medium", "low")
#: Readings of silence (see :mod:`negotiation.whatif.packages`).
READINGS = ("status_quo", "any", "joint")


@dataclass(frozen=True)
class Stage:
    """An interim stage of a framework (e.g. a ceasefire): its terms, silent issues at the
    status quo."""

    id: str
    label: str
    terms: str
    expr: Expr
    says: dict[str, str]


@dataclass(frozen=True)
class Package:
    id: str
    label: str
    date: str
    terms: str
    expr: Expr
    says: dict[str, str]
    confidence: str
    reported_only: bool
    reception: dict[str, str]
    reception_note: str
    source: str
    rationale: str
    reference: bool = False
    stages: tuple[Stage, ...] = ()


@dataclass(frozen=True)
class Record:
    """A record file: packages encoded against one model, and how it reads silence."""

    name: str
    description: str
    path: str
    sha256: str
    model_file: str
    packages: tuple[Package, ...]
    reading: str = "any"
    reading_source: str = ""
    other_parties: tuple[str, ...] = ()


def load_record(path: str | Path, sets: tuple[str, ...] = (),
                drops: tuple[str, ...] = (), model_path: str | Path | None = None,
                sections: Mapping[str, SectionParser] | None = None
                ) -> tuple[Record, Model]:
    """Read a record file and the model it names (or ``model_path``), with overrides;
    ``sections`` are the model file's section parsers, as in
    :func:`~negotiation.model.loading.load_model`."""
    path = Path(path)
    raw, digest = read_toml(path)
    top = Table(raw, "", str(path))
    if "record" not in raw and "model" in raw:
        raise ModelError("this is a model file, but a record file is expected here",
                         file=str(path), fix="give a record file: a [record] table naming the "
                         "model, and [[packages]] (e.g. models/mediation_record.toml)")
    head = top.table("record", required=True)
    model_file = head.string("model", required=True)
    target = Path(model_path) if model_path else path.parent / model_file
    if not target.exists():
        raise head.error("model", f"no model file at {target}",
                         fix="give the model's file name relative to the record file")
    model = load_model(target, sets=sets, drops=drops, sections=sections)
    reading = head.string("reading", "any")
    if reading not in READINGS:
        raise head.error("reading", f"unknown reading of silence '{reading}'"
                         f"{did_you_mean(reading, READINGS)}",
                         fix="use status_quo, any or joint")
    others = head.raw("other_parties", [])
    if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
        raise head.error("other_parties", "expected a list of party ids",
                         fix='write other_parties = ["us", "europe"]')
    parties = [p.id for p in model.parties]
    parties += [p for p in others if p not in parties]
    record = Record(
        name=head.string("name", path.stem), description=head.string("description"),
        path=str(path), sha256=digest, model_file=str(target),
        packages=tuple(_package(t, model, parties)
                       for t in top.tables("packages", required=True)),
        reading=reading, reading_source=head.string("reading_source"),
        other_parties=tuple(others),
    )
    for key in ("source", "rationale", "as_of"):
        head.string(key)
    head.finish()
    top.finish()
    unique_ids([p.id for p in record.packages], top.tables("packages"), "package")
    return record, model


def _says(t: Table, levels: Mapping[str, tuple[str, ...]], expr: Expr) -> dict[str, str]:
    says_t = t.table("says")
    says = {}
    if says_t is not None:
        for key in says_t.data:
            if key not in levels:
                raise says_t.error(key, f"unknown issue '{key}'{did_you_mean(key, levels)}")
            says[key] = says_t.string(key)
    names = list(levels)
    for n in sorted(expressions.issues_used(expr)):
        if names[n] not in says:
            raise t.error("terms", f"the terms constrain '{names[n]}' but `says` records "
                          "nothing for it",
                          fix=f"add {names[n]} = \"...\" under [{t.where('says')}] "
                              "describing what the framework says")
    return says


def _package(t: Table, model: Model, parties: list[str]) -> Package:
    ident = t.ident()
    levels = {i.id: i.level_ids for i in model.issues}
    terms, expr = t.expression("terms", levels, default="true")
    says = _says(t, levels, expr)
    rec_t = t.table("reception")
    reception, note = {}, ""
    if rec_t is not None:
        note = rec_t.string("note")
        for key in rec_t.data:
            if key == "note":
                continue
            if key not in parties:
                raise rec_t.error(key, f"unknown party '{key}'{did_you_mean(key, parties)}",
                                  fix="name a party of the model (or list it in [record] "
                                      "other_parties)")
            value = rec_t.string(key)
            if value not in RECEPTIONS:
                raise rec_t.error(key, f"unknown reception '{value}'"
                                  f"{did_you_mean(value, RECEPTIONS)}",
                                  fix="use one of " + ", ".join(RECEPTIONS))
            reception[key] = value
    confidence = t.string("confidence", "medium")
    if confidence not in CONFIDENCE:
        raise t.error("confidence", f"unknown confidence '{confidence}'",
                      fix="use high, medium or low")
    date = t.string("date")
    if date:
        check_date(date, t, "date")
    stage_tables = t.tables("stages")
    stages = []
    for st in stage_tables:
        sid = st.ident()
        text, sexpr = st.expression("terms", levels)
        stages.append(Stage(sid, st.string("label", sid.replace("_", " ")), text, sexpr,
                            _says(st, levels, sexpr)))
        st.finish(("description", "source", "rationale"))
    unique_ids([s.id for s in stages], stage_tables, "stage")
    package = Package(
        id=ident, label=t.string("label", ident), date=date, terms=terms, expr=expr,
        says=says, confidence=confidence, reported_only=t.boolean("reported_only"),
        reception=reception, reception_note=note, source=t.string("source"),
        rationale=t.string("rationale"), reference=t.boolean("reference"),
        stages=tuple(stages),
    )
    t.finish(("description",))
    return package
