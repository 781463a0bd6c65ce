"""The Graph Model for Conflict Resolution (Fang, Hipel & Kilgour 1993): the ``[conflict]``
section of a model file, in graph form or option form, compiled to one :class:`GraphModel`.

A graph model has states ``S``, decision makers ``N`` and, for each decision maker ``i``, a
directed graph of *unilateral moves* ``A_i ⊆ S × S`` (no loops) and a preference ``≿_i`` over
``S`` (a ranking with ties). Compiled, the moves of ``i`` are an ``(E_i, 2)`` array of
``[from, to]`` state numbers and the preferences a row of integer *levels*: ``t ≻_i s`` exactly
when ``levels[i, t] > levels[i, s]``.

**Graph form** writes all of this directly (states in file order; ``ranking`` most preferred
first, a nested list being a tie).

**Option form** writes what decision makers control. Each decision maker owns binary options;
a state is one choice (Y or N) of every option, written as a code of Y/N marks, one per option
in file order (decision makers in file order, each one's options in order), e.g. ``"YNN"``.
States are numbered by their decimal code ``Σ_k y_k 2^(k-1)`` (the first option is the lowest
bit), infeasible combinations removed. Infeasible combinations are written as Y/N/- patterns
(``-`` matches both) or as conditions. A decision maker's unilateral moves change any non-empty
subset of its own options, provided the result is feasible and no *irreversible* option is
withdrawn (an irreversible option, once taken, stays taken).

Preferences in option form are either an explicit ``ranking`` of states (codes or names, ties
as nested lists) or **option prioritisation** (Fang, Hipel, Kilgour & Peng 2003): statements in
order of priority, most important first, each a condition in the red-line expression language
in which **every option is an issue with the two levels ``N`` < ``Y``** (``offensive == Y``,
``not (troops == Y and sanctions_lifted == N)``, ``ceasefire >= N``). State ``s`` scores
``Σ_k 2^(K-k)·[statement k holds at s]``: states are ordered lexicographically by which
statements they satisfy, and states satisfying the same statements are tied.

This module reads the section; :mod:`negotiation.gmcr.graph` compiles it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from negotiation.errors import ModelError, did_you_mean
from negotiation.model import expressions
from negotiation.model.core import Model
from negotiation.model.table import Table, check_ident, unique_ids

__all__ = ["Condition", "Conflict", "DecisionMaker", "Infeasible", "LEVELS", "MAX_OPTIONS",
           "Option", "Statement", "feasible_codes", "parse_section"]

LEVELS = ("N", "Y")


MAX_OPTIONS = 24          # all 2^k option combinations are enumerated to find the feasible


_STATE_NAME = re.compile(r"^[A-Za-z0-9_.+-]+$")


_PROVENANCE = ("source", "rationale", "description")


@dataclass(frozen=True)
class Option:
    """A binary option of a decision maker (option form)."""

    id: str
    label: str
    owner: str
    irreversible: bool = False
    source: str = ""
    rationale: str = ""
    short: str = ""           # a few words for figures; the label when empty


@dataclass(frozen=True)
class Condition:
    """A condition over options, as written: a preference statement (option prioritisation) or
    an infeasible combination (a Y/N/- pattern or a condition)."""

    text: str
    expr: expressions.Expr
    description: str = ""
    source: str = ""
    rationale: str = ""


Statement = Condition     # a preference statement


Infeasible = Condition    # option combinations that cannot occur


@dataclass(frozen=True)
class DecisionMaker:
    """A decision maker as written: graph-form ``moves`` or option-form ``options``; and a
    ``ranking`` (groups of state names, most preferred first) or preference ``statements``."""

    id: str
    label: str
    moves: tuple[tuple[str, str], ...] = ()
    options: tuple[Option, ...] = ()
    ranking: tuple[tuple[str, ...], ...] | None = None
    statements: tuple[Statement, ...] | None = None
    description: str = ""
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Conflict:
    """The ``[conflict]`` section, validated; ``form`` is ``"graph"`` or ``"option"``."""

    form: str
    decision_makers: tuple[DecisionMaker, ...]
    states: tuple[str, ...] = ()               # graph form
    state_labels: tuple[str, ...] = ()         # graph form
    infeasible: tuple[Infeasible, ...] = ()    # option form
    names: dict[str, str] = field(default_factory=dict)   # option form: name -> code
    status_quo: str | None = None
    file: str = ""

    @property
    def options(self) -> tuple[Option, ...]:
        return tuple(o for dm in self.decision_makers for o in dm.options)


def parse_section(table: Table, model: Model | None) -> Conflict:
    """Validate the ``[conflict]`` table (registered in ``loading.SECTION_PARSERS``)."""
    if not isinstance(table, Table):
        raise ModelError("expected a table", key="conflict",
                         fix="write the conflict as [conflict] with [[conflict.decision_makers]]")
    dm_tables = table.tables("decision_makers", required=True)
    if len(dm_tables) < 2:
        raise table.error("decision_makers", "a conflict needs at least two decision makers")
    option_form = any(t.has("options") for t in dm_tables)
    if option_form and table.has("states"):
        raise table.error("states", "a conflict is in graph form (states and moves) or in "
                          "option form (options), not both",
                          fix="remove 'states', or remove the decision makers' options")
    conflict = (_option_form(table, dm_tables) if option_form
                else _graph_form(table, dm_tables))
    table.finish(("label",) + _PROVENANCE)
    return conflict


def _dm_header(t: Table) -> tuple[str, str, dict[str, str]]:
    ident = t.ident()
    label = t.string("label", ident.replace("_", " ").title())
    return ident, label, {k: t.string(k) for k in _PROVENANCE}


def _state_ref(value: object, t: Table, key: str, known: dict[str, object]) -> str:
    if not isinstance(value, str):
        raise t.error(key, f"expected a state name, got {value!r}", fix='write it as "s1"')
    if value not in known:
        if re.fullmatch("[YN]+", value) and any(len(c) == len(value) for c in known):
            raise t.error(key, f"state '{value}' is infeasible",
                          fix="mention only feasible states")
        suggestions = list(islice(known, 10_000))       # a million codes would take minutes
        raise t.error(key, f"unknown state '{value}'{did_you_mean(value, suggestions)}")
    return value


def _ranking(t: Table, known: dict[str, object], what: str) -> tuple[tuple[str, ...], ...]:
    """``ranking = ["a", ["b", "c"], "d"]``: every state exactly once, most preferred first."""
    raw = t.raw("ranking")
    if not isinstance(raw, list) or not raw:
        raise t.error("ranking", "expected a non-empty list of states, most preferred first",
                      fix='write ranking = ["best", ["tied", "states"], "worst"]')
    groups, seen = [], {}
    for k, item in enumerate(raw):
        members = item if isinstance(item, list) else [item]
        if not members:
            raise t.error(f"ranking[{k}]", "an empty tie group")
        group = []
        for member in members:
            name = _state_ref(member, t, f"ranking[{k}]", known)
            canonical = known[name]
            if canonical in seen:
                raise t.error(f"ranking[{k}]", f"state '{name}' is ranked twice (also at "
                              f"ranking[{seen[canonical]}])", fix="rank every state once")
            seen[canonical] = k
            group.append(name)
        groups.append(tuple(group))
    missing = [s for s in dict.fromkeys(known.values()) if s not in seen]
    if missing:
        shown = ", ".join(f"'{s}'" for s in missing[:8]) + (" ..." if len(missing) > 8 else "")
        raise t.error("ranking", f"{len(missing)} {what} not ranked: {shown}",
                      fix="rank every state (ties as nested lists)")
    return tuple(groups)


def _graph_form(table: Table, dm_tables: list[Table]) -> Conflict:
    raw_states = table.raw("states")
    if not isinstance(raw_states, list) or not raw_states:
        raise table.error("states", "expected a non-empty list of states",
                          fix='write states = ["s1", "s2", ...], or give decision makers options')
    states, labels = [], []
    for k, item in enumerate(raw_states):
        if isinstance(item, dict):
            st = Table(item, table.where(f"states[{k}]"), table.file)
            name, label = st.string("id", required=True), st.string("label")
            st.finish(_PROVENANCE)
        else:
            name, label = item, ""
        if not isinstance(name, str) or not _STATE_NAME.match(name):
            raise table.error(f"states[{k}]", f"{name!r} cannot be used as a state name",
                              fix="use letters, digits and _ . + - (no spaces)")
        if name in states:
            raise table.error(f"states[{k}]", f"state '{name}' appears twice")
        states.append(name)
        labels.append(label or name)
    known = {s: s for s in states}
    dms = []
    for t in dm_tables:
        ident, label, prov = _dm_header(t)
        raw_moves = t.raw("moves", [])
        if not isinstance(raw_moves, list):
            raise t.error("moves", "expected a list of [from, to] pairs",
                          fix='write moves = [["s1", "s2"], ["s2", "s1"]]')
        moves, listed = [], set()
        for k, pair in enumerate(raw_moves):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise t.error(f"moves[{k}]", f"expected a [from, to] pair, got {pair!r}")
            a, b = (_state_ref(x, t, f"moves[{k}]", known) for x in pair)
            if a == b:
                raise t.error(f"moves[{k}]", f"a move from '{a}' to itself",
                              fix="a unilateral move changes the state; remove it")
            if (a, b) in listed:
                raise t.error(f"moves[{k}]", f"the move {a} -> {b} is listed twice")
            listed.add((a, b))
            moves.append((a, b))
        if t.has("preferences"):
            raise t.error("preferences", "preference statements need option form",
                          fix="give a ranking of the states")
        dms.append(DecisionMaker(ident, label, moves=tuple(moves),
                                 ranking=_ranking(t, known, "state(s)"), **prov))
        t.finish()
    unique_ids([d.id for d in dms], dm_tables, "decision maker")
    status_quo = _optional_state(table, known)
    return Conflict("graph", tuple(dms), states=tuple(states), state_labels=tuple(labels),
                    status_quo=status_quo, file=table.file)


def _optional_state(table: Table, known: dict[str, object]) -> str | None:
    if not table.has("status_quo"):
        return None
    return _state_ref(table.raw("status_quo"), table, "status_quo", known)


def _option_form(table: Table, dm_tables: list[Table]) -> Conflict:
    owners: list[tuple[DecisionMaker, Table]] = []
    all_options: list[Option] = []
    for t in dm_tables:
        ident, label, prov = _dm_header(t)
        options = []
        for ot in t.tables("options", required=True):
            oid = ot.ident()
            if oid in LEVELS:
                raise ot.error("id", f"'{oid}' is a level name (N, Y)", fix="choose another id")
            text = ot.string("label", oid.replace("_", " "))
            options.append(Option(oid, text, ident, ot.boolean("irreversible"),
                                  ot.string("source"), ot.string("rationale"),
                                  ot.string("short", text)))
            ot.finish(("description",))
        seen = {o.id for o in all_options}
        for o, ot in zip(options, t.tables("options")):
            if o.id in seen or sum(p.id == o.id for p in options) > 1:
                raise ot.error("id", f"option id '{o.id}' is used twice",
                               fix="option ids must be unique across the conflict")
        all_options += options
        owners.append((DecisionMaker(ident, label, options=tuple(options), **prov), t))
    unique_ids([d.id for d, _ in owners], dm_tables, "decision maker")
    if len(all_options) > MAX_OPTIONS:
        raise table.error("decision_makers", f"{len(all_options)} options: more than the "
                          f"{MAX_OPTIONS} whose combinations can be enumerated",
                          fix="merge or remove options")
    issues = {o.id: LEVELS for o in all_options}
    infeasible = tuple(_infeasible(table, all_options, issues))
    names = _names(table, all_options)
    feasible = feasible_codes(len(all_options), infeasible)
    if len(feasible) == 0:
        raise table.error("infeasible", "every combination of options is infeasible",
                          fix="check the infeasibility patterns and conditions")
    known = _StateNames(len(all_options), feasible, {})
    for name, code in names.items():
        if code not in known:
            raise table.error(f"names.{name}", f"the named state {code} is infeasible",
                              fix="name only feasible states")
        known.names[name] = code
    dms = []
    for dm, t in owners:
        statements = ranking = None
        if t.has("preferences") == t.has("ranking"):
            raise t.error("preferences", "give either 'preferences' (prioritised statements) "
                          "or 'ranking' (explicit ranking of states)",
                          fix="write [[...preferences]] tables with a 'statement', most "
                              "important first, or ranking = [...]")
        if t.has("preferences"):
            statements = tuple(_statements(t, issues))
        else:
            ranking = _ranking(t, known, "feasible state(s)")
        dms.append(DecisionMaker(dm.id, dm.label, options=dm.options, ranking=ranking,
                                 statements=statements, description=dm.description,
                                 source=dm.source, rationale=dm.rationale))
        t.finish()
    return Conflict("option", tuple(dms), infeasible=infeasible, names=names,
                    status_quo=_optional_state(table, known), file=table.file)


class _StateNames(Mapping):
    """The names of an option-form conflict's states — feasible Y/N codes, then the names of
    ``[conflict.names]`` — each mapped to its code, without writing out a million codes."""

    def __init__(self, k: int, feasible: np.ndarray, names: dict[str, str]):
        self.k, self.feasible, self.names = k, feasible, names
        self.ok = np.zeros(1 << k, dtype=bool)
        self.ok[feasible] = True

    def __getitem__(self, key: str) -> str:
        if key in self.names:
            return self.names[key]
        if isinstance(key, str) and len(key) == self.k and re.fullmatch("[YN]+", key) and \
                self.ok[sum(1 << j for j, c in enumerate(key) if c == "Y")]:
            return key
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        yield from (_code_text(int(c), self.k) for c in self.feasible)
        yield from self.names

    def __len__(self) -> int:
        return len(self.feasible) + len(self.names)


def _code_text(number: int, k: int) -> str:
    return "".join("Y" if number >> j & 1 else "N" for j in range(k))


def _pattern(text: object, t: Table, key: str, k: int, options: list[Option]) -> str:
    if not isinstance(text, str):
        raise t.error(key, f"expected a Y/N/- pattern, got {text!r}")
    marks = text.replace(" ", "")
    if len(marks) != k or not set(marks) <= set("YN-"):
        order = ", ".join(o.id for o in options)
        raise t.error(key, f"pattern '{text}' has {len(marks)} marks; expected {k} marks of Y, "
                      f"N or - (one per option, in the order {order})",
                      fix="write one Y, N or - per option; spaces are ignored")
    return marks


def _pattern_expr(marks: str) -> expressions.Expr:
    terms = tuple(expressions.In(j, frozenset({LEVELS.index(mark)}))
                  for j, mark in enumerate(marks) if mark != "-")
    return expressions.And(terms) if terms else expressions.Const(True)


def _condition(text: object, t: Table, key: str, issues: dict) -> expressions.Expr:
    if not isinstance(text, str):
        raise t.error(key, f"expected a condition, got {text!r}")
    try:
        return expressions.parse(text, issues)
    except ModelError as err:
        def words(x: str | None) -> str | None:   # options are the issues here
            return x and x.replace("issue's", "option's").replace("issue", "option")
        raise ModelError(words(err.message), file=t.file, key=t.where(key),
                         fix=words(err.fix)) from None


def _entries(table: Table, key: str) -> list[Table]:
    """An array whose items may be plain strings (the main key) or tables."""
    raw = table.raw(key, [])
    if not isinstance(raw, list):
        raise table.error(key, "expected a list")
    return [Table(item if isinstance(item, dict) else {"_text": item},
                  table.where(f"{key}[{n}]"), table.file) for n, item in enumerate(raw)]


def _infeasible(table: Table, options: list[Option], issues: dict) -> list[Infeasible]:
    out = []
    for it in _entries(table, "infeasible"):
        if it.has("_text"):
            marks = _pattern(it.raw("_text"), it, "pattern", len(options), options)
            out.append(Infeasible(marks, _pattern_expr(marks)))
            continue
        if it.has("pattern") == it.has("condition"):
            raise it.error(None, "give either 'pattern' (Y/N/-) or 'condition'")
        if it.has("pattern"):
            text = _pattern(it.raw("pattern"), it, "pattern", len(options), options)
            expr = _pattern_expr(text)
        else:
            text = it.string("condition")
            expr = _condition(text, it, "condition", issues)
        out.append(Infeasible(text, expr, it.string("description"), it.string("source"),
                              it.string("rationale")))
        it.finish()
    return out


def _names(table: Table, options: list[Option]) -> dict[str, str]:
    nt = table.table("names")
    if nt is None:
        return {}
    names = {}
    for name in nt.data:
        check_ident(name, nt, name)
        marks = _pattern(nt.raw(name), nt, name, len(options), options)
        if "-" in marks:
            raise nt.error(name, "a name stands for one state: use Y and N only")
        names[name] = marks
    return names


def _statements(t: Table, issues: dict) -> list[Statement]:
    out = []
    entries = _entries(t, "preferences")
    if not entries:
        raise t.error("preferences", "no preference statements")
    if len(entries) > 62:
        raise t.error("preferences", "more than 62 statements", fix="merge statements")
    for st in entries:
        key = "_text" if st.has("_text") else "statement"
        if not st.has(key):
            raise st.missing("statement", fix='add statement = "option == Y"')
        text = st.raw(key)
        expr = _condition(text, st, "statement" if key == "statement" else None, issues)
        out.append(Statement(text, expr, st.string("description"), st.string("source"),
                             st.string("rationale")))
        st.finish(("label",))
    return out


def feasible_codes(k: int, infeasible: tuple[Infeasible, ...]) -> np.ndarray:
    """The decimal codes of the feasible option combinations, ascending.

    The combinations are evaluated as one boolean array of shape ``(2,)*k`` (option ``j`` on
    axis ``j``); reversing the axes puts option 0 on the fastest axis, so the flat index of a
    combination is its decimal code.
    """
    ok = np.ones((2,) * k, dtype=bool)
    for inf in infeasible:
        ok &= ~expressions.mask(inf.expr, (2,) * k)
    return np.flatnonzero(ok.transpose(tuple(range(k - 1, -1, -1))).ravel()).astype(np.int64)
