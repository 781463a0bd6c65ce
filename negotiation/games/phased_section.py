"""The ``[phased]`` section of a model file: a phased settlement to test as a commitment game.

::

    [phased]
    stage1 = "territorial_line == current_line and recognition == status_deferred and ..."
    record = "mediation_record.toml"       # where the frameworks' final-status terms are
    frameworks = ["twenty_points_2025"]    # analysed when no framework is named
    order = ["ukraine", "west", "russia"]  # who implements its part of the final status first
    delta = { value = 0.8, dist = "uniform", low = 0.5, high = 0.95, source = "assumption" }
    resume_effort = "escalate"             # [game] effort of a party that resumes the war
    hold_effort = "sustain"                # ... and of the others

    [[phased.reneging_cost]]               # costs of going back on the deal (sourced rows)
    id = "tripwire"
    party = "russia"
    when = "foreign_forces >= reassurance_force"   # a condition on the final status
    cost = { value = 0.05, dist = "uniform", low = 0.0, high = 0.2, source = "assumption" }

    [[phased.concessions]]                 # optional: who implements which issues
    party = "ukraine"
    issues = ["alignment", "army_cap"]

    [[phased.surprise]]                    # optional: one-period effects of a surprise resumption
    id = "russian_surprise"
    party = "russia"
    adjust = { russia = 0.02, ukraine = -0.02 }

``stage1`` must pin one settlement (every issue one level): the terms in force during the
ceasefire, deferred issues at today's level. The construction is in
:mod:`negotiation.games.phased` and ``docs/games.md`` ("Sequencing and commitment").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.errors import ModelError, did_you_mean
from negotiation.model import expressions
from negotiation.model.core import Model, Param
from negotiation.model.expressions import Expr
from negotiation.model.table import Table, unique_ids

__all__ = ["PhasedSpec", "RenegingCost", "Surprise", "parse"]

DEFAULT_RECORD = "mediation_record.toml"


@dataclass(frozen=True)
class RenegingCost:
    """A cost ``party`` bears in every period after it goes back on the deal, when ``when``
    holds at the final status (a tripwire force deployed, sanctions that snap back)."""

    id: str
    party: str
    when: str
    expr: Expr
    cost: Param
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Surprise:
    """One-period effects on every party when ``party`` resumes the war by surprise."""

    id: str
    party: str
    adjust: Mapping[str, Param]
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class PhasedSpec:
    """A parsed ``[phased]`` section (see the module docstring); ``stage1_outcome`` holds the
    level numbers the stage-1 terms pin."""

    stage1: str
    stage1_expr: Expr
    stage1_outcome: tuple[int, ...]
    record: str
    frameworks: tuple[str, ...]
    order: tuple[str, ...]
    delta: Param
    resume_effort: str
    hold_effort: str
    reneging_costs: tuple[RenegingCost, ...]
    concessions: Mapping[str, tuple[str, ...]]
    surprise: tuple[Surprise, ...]
    guarantee_issues: tuple[str, ...]
    source: str = ""
    rationale: str = ""


def parse(value: Any, model: Model) -> PhasedSpec:
    """Parse the ``[phased]`` table of ``model``'s file (registered in ``negotiation.sections``)."""
    if not isinstance(value, Table):
        raise ModelError("expected a [phased] table", key="phased",
                         fix="write the phased settlement as a [phased] table (see "
                             "README.md, 'Game trees and phased settlements')")
    t = value
    if not model.parties:
        raise t.error(None, "a phased settlement needs the model's [[parties]] and [[issues]]",
                      fix="add parties and issues, or remove [phased]")
    parties = [p.id for p in model.parties]
    levels = {i.id: i.level_ids for i in model.issues}
    stage1, expr = t.expression("stage1", levels)
    outcome = _pinned(t, expr, model)
    order = tuple(_party_list(t, "order", parties)) if t.has("order") else tuple(parties)
    if sorted(order) != sorted(parties):
        raise t.error("order", f"the order {list(order)} must list every party once",
                      fix=f"order the parties {parties}")
    delta = t.param("delta", low=0.0, high=1.0)
    if not delta.value < 1.0:
        raise t.error("delta", "the discount factor must be below 1",
                      fix="use a value in [0, 1): the weight of the future against today")
    costs_t = t.tables("reneging_cost")
    costs = tuple(_cost(c, parties, levels) for c in costs_t)
    unique_ids([c.id for c in costs], costs_t, "reneging cost")
    concessions = {}
    for c in t.tables("concessions"):
        party = _party(c, "party", parties)
        issues = c.raw("issues")
        if not isinstance(issues, list) or not all(isinstance(i, str) for i in issues):
            raise c.error("issues", "expected a list of issue ids", fix='issues = ["alignment"]')
        for i in issues:
            if i not in levels:
                raise c.error("issues", f"unknown issue '{i}'{did_you_mean(i, levels)}")
            if any(i in v for v in concessions.values()):
                raise c.error("issues", f"issue '{i}' is assigned to two parties",
                              fix="assign every issue to at most one party")
        concessions[party] = concessions.get(party, ()) + tuple(issues)
        c.string("source")
        c.string("rationale")
        c.finish()
    surprise_t = t.tables("surprise")
    surprise = tuple(_surprise(s, parties) for s in surprise_t)
    unique_ids([s.id for s in surprise], surprise_t, "surprise")
    guarantee = t.raw("guarantee_issues")
    if guarantee is None:
        used = sorted({n for c in costs for n in expressions.issues_used(c.expr)})
        guarantee = [model.issues[n].id for n in used]
    if not isinstance(guarantee, list) or any(g not in levels for g in guarantee):
        bad = next((g for g in guarantee if g not in levels), guarantee) \
            if isinstance(guarantee, list) else guarantee
        raise t.error("guarantee_issues", f"unknown issue {bad!r}"
                      + (did_you_mean(bad, levels) if isinstance(bad, str) else ""),
                      fix="list issue ids whose levels the least-guarantee search scans")
    frameworks = t.raw("frameworks", [])
    if not isinstance(frameworks, list) or not all(isinstance(f, str) for f in frameworks):
        raise t.error("frameworks", "expected a list of package ids of the record",
                      fix='frameworks = ["twenty_points_2025"]')
    spec = PhasedSpec(
        stage1=stage1, stage1_expr=expr, stage1_outcome=outcome,
        record=t.string("record", DEFAULT_RECORD), frameworks=tuple(frameworks), order=order,
        delta=delta, resume_effort=t.string("resume_effort", "escalate"),
        hold_effort=t.string("hold_effort", "sustain"), reneging_costs=costs,
        concessions=concessions, surprise=surprise, guarantee_issues=tuple(guarantee),
        source=t.string("source"), rationale=t.string("rationale"),
    )
    t.string("description")
    t.finish()
    return spec


def _pinned(t: Table, expr: Expr, model: Model) -> tuple[int, ...]:
    """The one outcome the stage-1 terms allow, or an error naming the issues left open."""
    full = np.broadcast_to(expressions.mask(expr, model.shape), model.shape)
    count = int(full.sum())
    if count == 1:
        return tuple(int(v) for v in np.unravel_index(int(np.argmax(full)), model.shape))
    if not count:
        raise t.error("stage1", "the stage-1 terms allow no settlement",
                      fix="state one level for every issue")
    k = len(model.shape)
    open_ = [n for n in range(k)
             if int(full.any(axis=tuple(a for a in range(k) if a != n)).sum()) > 1]
    # Deferred issues stay at today's level: where the model declares its status quo, an issue
    # the stage-1 terms leave open is read at that level (the status_quo reading of silence).
    today = model.status_quo or {}
    at_today = full.copy()
    for n in open_:
        issue = model.issues[n]
        if issue.id in today:
            keep = np.zeros(model.shape[n], dtype=bool)
            keep[issue.level_ids.index(today[issue.id])] = True
            at_today &= keep.reshape([-1 if a == n else 1 for a in range(k)])
    if int(at_today.sum()) == 1:
        return tuple(int(v) for v in np.unravel_index(int(np.argmax(at_today)), model.shape))
    names = ", ".join(model.issues[n].id for n in open_)
    undeclared = [model.issues[n].id for n in open_ if model.issues[n].id not in today]
    raise t.error("stage1", f"the stage-1 terms leave {names} open"
                  + (f", and the model declares no status quo level for "
                     f"{', '.join(undeclared)}" if undeclared else
                     ", and their status quo levels are excluded by the terms"),
                  fix="pin each open issue in stage1 (issue == level), or declare its level "
                      "in [status_quo]: deferred issues stay at today's level")


def _party(t: Table, key: str, parties: list[str]) -> str:
    value = t.string(key, required=True)
    if value not in parties:
        raise t.error(key, f"unknown party '{value}'{did_you_mean(value, parties)}",
                      fix="use a party id of the model")
    return value


def _party_list(t: Table, key: str, parties: list[str]) -> list[str]:
    value = t.raw(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise t.error(key, "expected a list of party ids", fix=f"{key} = {parties}")
    for v in value:
        if v not in parties:
            raise t.error(key, f"unknown party '{v}'{did_you_mean(v, parties)}")
    return value


def _cost(c: Table, parties: list[str], levels: Mapping[str, tuple[str, ...]]) -> RenegingCost:
    ident = c.ident()
    party = _party(c, "party", parties)
    when, expr = c.expression("when", levels, default="true")
    source, rationale = c.string("source"), c.string("rationale")
    cost = c.param("cost", low=0.0, inherit=(source, rationale))
    row = RenegingCost(ident, party, when, expr, cost, source, rationale)
    c.string("description")
    c.finish()
    return row


def _surprise(s: Table, parties: list[str]) -> Surprise:
    ident = s.ident()
    party = _party(s, "party", parties)
    source, rationale = s.string("source"), s.string("rationale")
    at = s.table("adjust", required=True)
    adjust = {}
    for pid in at.data:
        if pid not in parties:
            raise at.error(pid, f"unknown party '{pid}'{did_you_mean(pid, parties)}",
                           fix="key adjustments by party id")
        adjust[pid] = at.param(pid, inherit=(source, rationale))
    at.finish()
    s.string("description")
    s.finish()
    return Surprise(ident, party, adjust, source, rationale)
