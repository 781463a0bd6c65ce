"""Outcome packages: proposals and frameworks as sets of settlements, and who each one fails.

A *package* is what a framework says, written as a condition in the red-line language. Where the
framework is silent on an issue the issue stays open, so the package is the set ``P`` of every
settlement consistent with what it does say. For each party ``i``:

- ``i`` *can accept* the package when some settlement in it is acceptable to ``i``
  (``P ∩ Acc_i ≠ ∅``): silence is read in the party's favour;
- otherwise the *blockers* are the minimal sets of ``i``'s constraints that exclude the whole
  package (the minimal patterns of ``V(x) ∩ C_i`` over ``x ∈ P``: drop any one such set and some
  completion of the package becomes acceptable to ``i``), and the *shortfall* is how far the best
  completion within ``i``'s red lines falls below its disagreement value.

The package is *jointly acceptable* when ``P ∩ B ≠ ∅``; then the Nash bargaining point within it
is reported. A record file lists packages against one model (see README, "Outcome packages").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from negotiation._util import bitsets
from negotiation.bargaining.solutions import DECIMALS, Solution, solve
from negotiation.errors import did_you_mean
from negotiation.model import expressions
from negotiation.model.compiled import CompiledModel
from negotiation.model.core import Model
from negotiation.model.expressions import Expr
from negotiation.model.loading import SectionParser, load_model
from negotiation.model.table import Table, read_toml, unique_ids

RECEPTIONS = ("accepted", "basis", "negotiated", "mixed", "rejected", "not_party", "unclear")
# What a recorded reception says about acceptance, where it says anything.
RECEPTION_MEANS = {"accepted": True, "basis": True, "rejected": False}
CONFIDENCE = ("high", "medium", "low")


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


@dataclass(frozen=True)
class Record:
    """A record file: packages encoded against one model."""

    name: str
    description: str
    path: str
    sha256: str
    model_file: str
    packages: tuple[Package, ...]


@dataclass(frozen=True)
class PartyResponse:
    accepts: bool
    blockers: tuple[tuple[str, ...], ...]
    always_violated: tuple[str, ...]
    shortfall: float | None


@dataclass(frozen=True)
class PackageResult:
    package: Package
    size: int
    responses: dict[str, PartyResponse]
    jointly_acceptable: bool
    joint_blockers: tuple[tuple[str, ...], ...]
    nash: Solution | None

    def record_disagrees(self, party: str) -> bool | None:
        """Whether the engine's answer differs from the recorded reception (None: no record)."""
        meant = RECEPTION_MEANS.get(self.package.reception.get(party, ""))
        return None if meant is None else meant != self.responses[party].accepts


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
    head = top.table("record", required=True)
    model_file = head.string("model", required=True)
    target = Path(model_path) if model_path else path.parent / model_file
    if not target.exists():
        raise head.error("model", f"no model file at {target}",
                         fix="give the model's file name relative to the record file")
    model = load_model(target, sets=sets, drops=drops, sections=sections)
    record = Record(
        name=head.string("name", path.stem), description=head.string("description"),
        path=str(path), sha256=digest, model_file=str(target),
        packages=tuple(_package(t, model) for t in top.tables("packages", required=True)),
    )
    for key in ("source", "rationale", "as_of"):
        head.string(key)
    head.finish()
    top.finish()
    unique_ids([p.id for p in record.packages], top.tables("packages"), "package")
    return record, model


def _package(t: Table, model: Model) -> Package:
    ident = t.ident()
    levels = {i.id: i.level_ids for i in model.issues}
    terms, expr = t.expression("terms", levels, default="true")
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
    rec_t = t.table("reception")
    reception, note = {}, ""
    if rec_t is not None:
        note = rec_t.string("note")
        party_ids = [p.id for p in model.parties]
        for key in rec_t.data:
            if key == "note":
                continue
            if key not in party_ids:
                raise rec_t.error(key, f"unknown party '{key}'{did_you_mean(key, party_ids)}")
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
    package = Package(
        id=ident, label=t.string("label", ident), date=t.string("date"), terms=terms, expr=expr,
        says=says, confidence=confidence, reported_only=t.boolean("reported_only"),
        reception=reception, reception_note=note, source=t.string("source"),
        rationale=t.string("rationale"), reference=t.boolean("reference"),
    )
    t.finish(("description",))
    return package


def package_mask(compiled: CompiledModel, package: Package) -> np.ndarray:
    """``(N,)``: the feasible settlements consistent with the package."""
    shape = compiled.shape
    small = expressions.mask(package.expr, shape)
    return compiled.only_feasible(np.broadcast_to(small, shape).ravel())


def evaluate_package(compiled: CompiledModel, package: Package) -> PackageResult:
    """Who can accept ``package``, what blocks the others, and whether all can (see module)."""
    inside = np.flatnonzero(package_mask(compiled, package))
    ids = compiled.constraint_ids
    rows = compiled.violations[inside]
    responses = {}
    for n, party in enumerate(compiled.party_ids):
        mine = compiled.party_bits[n]
        patterns = bitsets.unique_rows(rows & mine)[0] if len(rows) else rows
        accepts = bool(len(patterns)) and not np.all(np.any(patterns, axis=1))
        if accepts or not len(patterns):
            blockers, always = (), ()
        else:
            minimal = bitsets.minimal_elements(patterns)
            blockers = tuple(tuple(ids[c] for c in s) for s in bitsets.to_sets(minimal))
            common = np.bitwise_and.reduce(patterns, axis=0)
            always = tuple(ids[c] for c in bitsets.to_sets(common[None, :])[0])
        responses[party] = PartyResponse(accepts, blockers, always,
                                         _shortfall(compiled, n, inside, rows))
    joint = ~np.any(rows, axis=1)
    nash = None
    if joint.any():
        members = inside[joint]
        u = compiled.utilities[:, members]
        idx = int(members[solve("nash", u, compiled.disagreement)])
        nash = Solution("nash", idx, compiled.outcome(idx),
                        {p: float(compiled.utilities[k, idx])
                         for k, p in enumerate(compiled.party_ids)})
        joint_blockers: tuple[tuple[str, ...], ...] = ()
    elif len(rows):
        minimal = bitsets.minimal_elements(bitsets.unique_rows(rows)[0])
        joint_blockers = tuple(tuple(ids[c] for c in s) for s in bitsets.to_sets(minimal))
    else:
        joint_blockers = ()
    return PackageResult(package, len(inside), responses, bool(joint.any()), joint_blockers,
                         nash)


def _shortfall(compiled: CompiledModel, party: int, inside: np.ndarray,
               rows: np.ndarray) -> float | None:
    """Smallest ``max_c (d_c − v_c)⁺`` over the party's floors, within its red lines and the
    package."""
    mine = np.flatnonzero(compiled.constraint_party == party)
    red = [c for c in mine if compiled.red_line[c]]
    floors = [c for c in mine if not compiled.red_line[c]]
    ok = bitsets.disjoint(rows, compiled.bits([compiled.constraint_ids[c] for c in red])) \
        if red else np.ones(len(rows), dtype=bool)
    if not ok.any():
        return None
    short = np.zeros(int(ok.sum()))
    for c in floors:
        values = compiled.values[compiled.value_row[c], inside[ok]]
        np.maximum(short, compiled.floor[c] - values, out=short)
    return float(np.round(short.min(), DECIMALS))


def evaluate_record(compiled: CompiledModel, record: Record) -> tuple[PackageResult, ...]:
    """Every package of ``record`` against the compiled model."""
    return tuple(evaluate_package(compiled, p) for p in record.packages)
