"""Outcome packages: proposals and frameworks as sets of settlements, and who each one fails.

A *package* is what a framework says, written as a condition in the red-line language. Issues the
condition does not mention are *silent*, and a *reading of silence* says how they are filled:

- ``status_quo``: each silent issue stays at the model's declared status quo level (at the date
  the package is judged), so ``P`` is the settlements consistent with the terms and the status
  quo on every silent issue;
- ``any``: silent issues stay open; party ``i`` *can accept* when some settlement in ``P`` is
  acceptable to it (``P ∩ Acc_i ≠ ∅``) — each party imagines its own completion;
- ``joint``: silent issues stay open, but an acceptance counts only if one completion is
  acceptable to all (``P ∩ B ≠ ∅``). Otherwise the blame goes to the constraints that block
  every joint completion: the minimal sets of constraints (of any party) that together exclude
  all of ``P`` — equivalently (Reiter duality) those in some minimal *joint blocker*, a minimal set
  whose revision opens a completion acceptable to all. A party rejects when one of its
  constraints is among them, and its *blockers* are its shares of the minimal joint blockers
  (its part of each joint revision; a share may need other parties' shares to open a
  completion). (A party whose constraints are in *every* joint blocker is exactly one that
  rejects under ``any``.)

Under ``any`` and ``status_quo`` a party that rejects gets its *blockers*: the minimal sets of its
constraints that exclude the whole package (drop any one and some completion becomes acceptable
to it), and its *shortfall*: how far the best completion within its red lines falls below its
disagreement value. The package is *jointly acceptable* when ``P ∩ B ≠ ∅``; then the Nash
bargaining point within it is reported.

**Stages.** A framework may have interim stages (e.g. a ceasefire, then final status), each with
its own terms; the package's own terms are its final status. At an interim stage silent issues
are at the status quo and only the red lines tagged ``binds = "interim"`` apply (no-deal values
are compared with final settlements only). In the *staged* reading a party accepts a framework
when it accepts every stage in order; it answers at the first stage it rejects.

**Dates.** Each package can be judged with the positions held on its own date (``as_of =
"record"``: red lines, parameters and the status quo as they stood then), at the model's date
(``"model"``), or at any ISO date. Reference packages are judged at the model's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from negotiation._util import bitsets
from negotiation.bargaining.solutions import DECIMALS, Solution, solve
from negotiation.errors import InputError
from negotiation.model import expressions
from negotiation.model.compiled import CompiledModel, compile_model
from negotiation.model.core import Model
from negotiation.model.expressions import Expr
from negotiation.model.loading import model_at
from negotiation.whatif.records import (
    CONFIDENCE,
    READINGS,
    RECEPTION_MEANS,
    RECEPTIONS,
    Package,
    Record,
    Stage,
    load_record,
)

__all__ = ["CONFIDENCE", "READINGS", "RECEPTIONS", "VIEWS", "Package", "PackageResult",
           "PartyResponse", "Record", "Stage", "evaluate_package", "evaluate_record",
           "evaluate_staged", "judging_date", "load_record", "package_mask", "views_for"]

#: The ways a record can be read: a reading of silence, or ``staged`` (interim stages, then the
#: final status under the record's reading of silence).
VIEWS = READINGS + ("staged",)


def views_for(model: Model) -> tuple[str, ...]:
    """The ways a record can be read against ``model``: reading silence at the status quo (and
    the staged reading, whose interim stages stand there) needs a declared status quo."""
    if model.status_quo is not None:
        return VIEWS
    return tuple(v for v in VIEWS if v not in ("status_quo", "staged"))


@dataclass(frozen=True)
class PartyResponse:
    accepts: bool
    blockers: tuple[tuple[str, ...], ...]
    always_violated: tuple[str, ...]
    shortfall: float | None
    stage: str = ""          # the interim stage at which the party rejects ("" = final status)


@dataclass(frozen=True)
class PackageResult:
    package: Package
    size: int
    responses: dict[str, PartyResponse]
    jointly_acceptable: bool
    joint_blockers: tuple[tuple[str, ...], ...]
    nash: Solution | None
    reading: str = "any"
    date: str = ""                                  # the date whose positions judged it
    stage: str = ""                                 # "" = final status, else the stage's id
    stages: tuple[PackageResult, ...] = ()          # staged reading: every stage, in order
    model: Model | None = field(default=None, compare=False, repr=False)  # as judged

    def record_disagrees(self, party: str) -> bool | None:
        """Whether the engine's answer differs from the recorded reception (None: no record)."""
        meant = RECEPTION_MEANS.get(self.package.reception.get(party, ""))
        return None if meant is None else meant != self.responses[party].accepts


def _status_quo_mask(compiled: CompiledModel, expr: Expr) -> np.ndarray:
    """Broadcastable mask: every issue ``expr`` does not mention at its status quo level."""
    model = compiled.model
    shape = compiled.shape
    if model.status_quo is None:
        raise InputError("the model declares no status quo, so silence cannot be read as it",
                         argument="reading", value="status_quo", file=model.path or None,
                         fix="add a [status_quo] table to the model, or read silence as "
                             "'any' or 'joint'")
    used = expressions.issues_used(expr)
    small = np.ones((1,) * len(shape), dtype=bool)
    for j, issue in enumerate(model.issues):
        if j in used:
            continue
        along = [1] * len(shape)
        along[j] = shape[j]
        vec = np.zeros(shape[j], dtype=bool)
        vec[issue.level_ids.index(model.status_quo[issue.id])] = True
        small = small & vec.reshape(along)
    return small


def package_mask(compiled: CompiledModel, package: Package | Stage,
                 reading: str = "any") -> np.ndarray:
    """``(N,)``: the feasible settlements consistent with the package (or stage), silent issues
    at the status quo under the ``status_quo`` reading."""
    shape = compiled.shape
    small = expressions.mask(package.expr, shape)
    if reading == "status_quo":
        small = small & _status_quo_mask(compiled, package.expr)
    return compiled.only_feasible(np.broadcast_to(small, shape).ravel())


def _check_reading(reading: str, allowed: tuple[str, ...] = READINGS) -> None:
    if reading not in allowed:
        raise InputError(f"unknown reading '{reading}'", argument="reading", value=reading,
                         fix="use one of " + ", ".join(allowed))


def _minimal(rows: np.ndarray) -> np.ndarray:
    return bitsets.minimal_elements(bitsets.unique_rows(rows)[0])


def evaluate_package(compiled: CompiledModel, package: Package, reading: str = "any",
                     stage: Stage | None = None) -> PackageResult:
    """Who can accept ``package`` (or one of its interim ``stage``s) under ``reading``, what
    blocks the others, and whether all can (see the module docstring)."""
    _check_reading(reading)
    ids = compiled.constraint_ids
    if stage is None:
        inside = np.flatnonzero(package_mask(compiled, package, reading))
        active = None
    else:
        inside = np.flatnonzero(package_mask(compiled, stage, "status_quo"))
        active = compiled.bits([s.id for s in compiled.constraints
                                if s.red_line is not None and s.red_line.binds == "interim"])
    rows = compiled.violations[inside]
    if active is not None:
        rows = rows & active
    joint = ~np.any(rows, axis=1)
    blocked = len(rows) and not joint.any()
    joint_sets = _minimal(rows) if blocked else rows[:0]
    responses = {}
    for n, party in enumerate(compiled.party_ids):
        mine = compiled.party_bits[n] if active is None else compiled.party_bits[n] & active
        patterns = bitsets.unique_rows(rows & mine)[0] if len(rows) else rows
        if reading == "joint" and len(rows):
            parts = joint_sets & mine
            parts = parts[np.any(parts, axis=1)]
            accepts = not len(parts)
            # Its share of each minimal joint revision, kept whole: a share that another share
            # contains is not enough on its own (it goes with other parties' revisions).
            minimal = bitsets.unique_rows(parts)[0] if len(parts) else parts
        else:
            accepts = bool(len(patterns)) and not np.all(np.any(patterns, axis=1))
            minimal = bitsets.minimal_elements(patterns) if len(patterns) and not accepts \
                else patterns[:0]
        blockers = tuple(tuple(ids[c] for c in s) for s in bitsets.to_sets(minimal)) \
            if len(minimal) else ()
        always: tuple[str, ...] = ()
        if not accepts and len(patterns):
            common = np.bitwise_and.reduce(patterns, axis=0)
            always = tuple(ids[c] for c in bitsets.to_sets(common[None, :])[0])
        short = _shortfall(compiled, n, inside, rows) if active is None and not accepts \
            else None
        responses[party] = PartyResponse(accepts, blockers, always, short,
                                         stage.id if stage is not None and not accepts else "")
    nash = None
    if joint.any() and active is None:
        members = inside[joint]
        u = compiled.utilities[:, members]
        idx = int(members[solve("nash", u, compiled.disagreement)])
        nash = Solution("nash", idx, compiled.outcome(idx),
                        {p: float(compiled.utilities[k, idx])
                         for k, p in enumerate(compiled.party_ids)})
    joint_blockers = tuple(tuple(ids[c] for c in s) for s in bitsets.to_sets(joint_sets)) \
        if len(joint_sets) else ()
    return PackageResult(package, len(inside), responses, bool(joint.any()), joint_blockers,
                         nash, reading=reading, date=compiled.model.positions_date,
                         stage=stage.id if stage is not None else "", model=compiled.model)


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


def evaluate_staged(compiled: CompiledModel, package: Package, reading: str = "any"
                    ) -> PackageResult:
    """The staged reading: every interim stage (status quo filling silence, interim red lines
    only), then the final status under ``reading``; each party answers at the first stage it
    rejects. ``stages`` lists every stage's own result."""
    final = evaluate_package(compiled, package, reading)
    if not package.stages:
        return replace(final, reading="staged")
    steps = tuple(evaluate_package(compiled, package, "any", stage) for stage in package.stages)
    steps += (final,)
    responses = {}
    for party in compiled.party_ids:
        responses[party] = next((s.responses[party] for s in steps
                                 if not s.responses[party].accepts), final.responses[party])
    first_blocked = next((s for s in steps if not s.jointly_acceptable), None)
    return replace(final, reading="staged", responses=responses,
                   jointly_acceptable=first_blocked is None,
                   joint_blockers=first_blocked.joint_blockers if first_blocked else (),
                   stage=first_blocked.stage if first_blocked else "", stages=steps)


def judging_date(package: Package, as_of: str, model_date: str) -> str:
    """The date whose positions judge ``package``: its own date under ``as_of = "record"``
    (reference packages and undated ones: the model's), the model's under ``"model"``, else
    ``as_of`` itself."""
    if as_of == "record":
        return package.date if package.date and not package.reference else model_date
    return model_date if as_of == "model" else as_of


def evaluate_record(compiled: CompiledModel, record: Record, reading: str | None = None,
                    as_of: str = "record") -> tuple[PackageResult, ...]:
    """Every package of ``record`` under ``reading`` (default: the record's declared one; or
    ``staged``), judged by the positions of ``as_of`` (``record``, ``model`` or an ISO date)."""
    reading = record.reading if reading is None else reading
    _check_reading(reading, VIEWS)
    model = compiled.model
    if as_of not in ("record", "model"):
        model_at(model, as_of)        # validates the date, naming the argument
    cache: dict[str, CompiledModel] = {model.positions_date: compiled}
    out = []
    for package in record.packages:
        date = judging_date(package, as_of, model.positions_date)
        if date not in cache:
            cache[date] = compile_model(model_at(model, date))
        here = cache[date]
        if reading == "staged":
            out.append(evaluate_staged(here, package, record.reading))
        else:
            out.append(evaluate_package(here, package, reading))
    return tuple(out)
