"""The model-file sections that give the issues their semantics: ``[[coupling]]`` (levels that
are only real when backed), ``[[suppliers]]`` (who must act for a level) and ``[status_quo]``
(the levels that hold without a settlement, possibly dated).

``[[coupling]]`` (see :mod:`negotiation.model.coupling`)::

    [[coupling]]
    id = "guarantee_substance"
    issue = "guarantees"
    levels = ["binding_multinational", "article5_like"]   # the levels that need backing
    counts_as = "political_assurances"                    # what they are worth without it
    unless = "west_commitment >= direct_support or foreign_forces >= western_hubs"
    except = ["russia"]            # or parties = [...]; default: every party
    source = "..."

``[[suppliers]]``::

    [[suppliers]]
    issue = "territorial_line"
    levels = ["borders_1991", "lines_feb_2022"]
    acts = ["russia"]              # must do something positive (withdraw)
    refrains = []                  # must refrain from something
    source = "..."

``[status_quo]``: one level per issue, or a list of dated versions::

    [status_quo]
    alignment = "open_door"
    eu_path = [{ level = "no_eu_accession", until = "2022-06-22", source = "..." },
               { level = "eu_candidate", from = "2022-06-23", source = "..." }]
"""

from __future__ import annotations

from collections.abc import Sequence

from negotiation.errors import did_you_mean
from negotiation.model import expressions
from negotiation.model.core import Coupling, Issue, Supplier
from negotiation.model.table import (
    _PROVENANCE,
    Table,
    check_windows,
    choose_version,
    unique_ids,
)

__all__ = ["parse_coupling", "parse_status_quo", "parse_suppliers"]


def _levels(t: Table, issue: Issue, key: str = "levels") -> tuple[str, ...]:
    items = t.raw(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise t.error(key, "expected a non-empty list of level names",
                      fix=f'write {key} = ["{issue.level_ids[-1]}", ...]')
    for lv in items:
        if lv not in issue.level_ids:
            raise t.error(key, f"unknown level '{lv}' of issue '{issue.id}'"
                          f"{did_you_mean(lv, issue.level_ids)}")
    return tuple(items)


def _issue(t: Table, issues: Sequence[Issue]) -> Issue:
    ids = [i.id for i in issues]
    name = t.string("issue", required=True)
    if name not in ids:
        raise t.error("issue", f"unknown issue '{name}'{did_you_mean(name, ids)}")
    return issues[ids.index(name)]


def _parties(t: Table, key: str, party_ids: Sequence[str]) -> tuple[str, ...]:
    items = t.raw(key, [])
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise t.error(key, "expected a list of party ids", fix=f'write {key} = ["..."]')
    for pid in items:
        if pid not in party_ids:
            raise t.error(key, f"unknown party '{pid}'{did_you_mean(pid, party_ids)}")
    return tuple(items)


def parse_coupling(tables: list[Table], issues: Sequence[Issue],
                   party_ids: Sequence[str]) -> tuple[Coupling, ...]:
    """The ``[[coupling]]`` rules, validated (one rule per issue; ``unless`` must not mention
    the rule's own issue)."""
    levels_of = {i.id: i.level_ids for i in issues}
    out = []
    for t in tables:
        ident = t.ident()
        issue = _issue(t, issues)
        capped = _levels(t, issue)
        target = t.string("counts_as", required=True)
        if target not in issue.level_ids:
            raise t.error("counts_as", f"unknown level '{target}' of issue '{issue.id}'"
                          f"{did_you_mean(target, issue.level_ids)}")
        text, expr = t.expression("unless", levels_of)
        if [i.id for i in issues].index(issue.id) in expressions.issues_used(expr):
            raise t.error("unless", f"the condition mentions '{issue.id}', the issue it couples",
                          fix="state the backing in terms of the other issues")
        if t.has("parties") and t.has("except"):
            raise t.error("except", "give either 'parties' or 'except', not both")
        if t.has("parties"):
            parties = _parties(t, "parties", party_ids)
        else:
            left_out = _parties(t, "except", party_ids)
            parties = tuple(p for p in party_ids if p not in left_out)
        out.append(Coupling(ident, issue.id, capped, target, text, expr, parties,
                            t.string("description"), t.string("source"), t.string("rationale")))
        t.finish()
    unique_ids([c.id for c in out], tables, "coupling rule")
    seen: set[str] = set()
    for rule, t in zip(out, tables):
        if rule.issue in seen:
            raise t.error("issue", f"a second coupling rule for '{rule.issue}'",
                          fix="merge the rules for one issue into one")
        seen.add(rule.issue)
    return tuple(out)


def parse_suppliers(tables: list[Table], issues: Sequence[Issue],
                    party_ids: Sequence[str]) -> tuple[Supplier, ...]:
    """The ``[[suppliers]]`` tags, validated."""
    out = []
    for t in tables:
        issue = _issue(t, issues)
        entry = Supplier(issue.id, _levels(t, issue), _parties(t, "acts", party_ids),
                         _parties(t, "refrains", party_ids), t.string("source"),
                         t.string("rationale"))
        if not entry.acts and not entry.refrains:
            raise t.error("acts", "names no party", fix="list who acts or who refrains")
        t.string("id")
        t.finish(("description",))
        out.append(entry)
    return tuple(out)


def parse_status_quo(t: Table, issues: Sequence[Issue]) -> dict[str, str]:
    """The status quo level of every issue at the table's date."""
    out = {}
    for issue in issues:
        if not t.has(issue.id):
            raise t.missing(issue.id, fix=f'add {issue.id} = "<level>" (the level that holds '
                                          "without a settlement)")
        value = t.raw(issue.id)
        if isinstance(value, str):
            level = value
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            subs = [Table(v, f"{t.where(issue.id)}[{n}]", t.file) for n, v in enumerate(value)]
            windows = [sub.window() for sub in subs]
            check_windows(windows, subs, f"the status quo of '{issue.id}'")
            n, held = choose_version(windows, t.date)
            if not held:
                when = t.date or "the latest date"
                raise t.error(issue.id, f"no status quo level holds on {when}",
                              fix="add a version whose 'from'/'until' window covers the date")
            for sub in subs:
                sub.string("level", required=True)
                for key in _PROVENANCE:
                    sub.string(key)
                sub.finish()
            level = value[n]["level"]
        else:
            raise t.error(issue.id, "expected a level name or a list of dated versions",
                          fix=f'write {issue.id} = "<level>"')
        if level not in issue.level_ids:
            raise t.error(issue.id, f"unknown level '{level}' of issue '{issue.id}'"
                          f"{did_you_mean(level, issue.level_ids)}")
        out[issue.id] = level
    for key in _PROVENANCE:
        t.string(key)
    t.finish()
    return out
