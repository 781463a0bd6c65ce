"""Revision events and decision rules of the ``[dynamics]`` section, and their effects.

An **event** (an election, a change of leadership, a battlefield shock, a ceasefire) happens on
a calendar (``at``, or ``first`` and ``every``), with a per-period ``hazard``, or ``delay``
periods ``after`` another event; an occurrence takes effect with ``probability`` (default 1).
A **decision rule** fires once, when its party's accumulated cost of war reaches ``threshold``
(``trigger = "cost"``; the West of 000 ¶30: when the cost of support reaches the cost of a
collapse) or its no-deal value falls to ``threshold`` (``trigger = "no_deal"``), and then takes
one of its ``branches`` (settle, escalate, ...) with the branch's probability.

Events and branches have the same **effects**:

- ``revise.<party>.<red_line> = strength``: the red line is given up with probability
  ``min(1, strength / revision_cost)`` — it falls with the line's revision cost and is not zero
  for any positive strength (000 ¶48: domestic political transformation can revise a logic);
- ``replace.<party>.<red_line> = {by = "<id>", strength = ...}``: with the same probability the
  line is replaced by another, declared under ``[[dynamics.red_lines]]`` (dormant until then);
- ``no_deal.<party> = shift``: the party's no-deal value (and its binding registers' floors)
  moves by ``shift`` from then on;
- ``register.<party>.<register> = shift``: a register's weight moves, as at an election;
- ``effort.<party> = "<level>"``: the party's war effort becomes a level of the posture game's
  ``efforts``, and its no-deal value moves with the game's war table (interactions included);
- ``cost.<party> = factor``: the party's cost of war per period is multiplied by ``factor``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from negotiation.errors import did_you_mean
from negotiation.model import expressions
from negotiation.model.core import Model, Param
from negotiation.model.table import Table, check_number, unique_ids

__all__ = ["Branch", "DormantLine", "Effects", "Event", "Revision", "Rule", "parse_dormant",
           "parse_events", "parse_rules"]

TRIGGERS = ("cost", "no_deal")
EFFECT_KEYS = ("revise", "replace", "no_deal", "register", "effort", "cost")


@dataclass(frozen=True)
class Revision:
    """Give up red line ``line`` (``PARTY.RED_LINE``), or replace it ``by`` another, with
    probability ``min(1, strength / revision_cost)``."""

    line: str
    strength: Param
    by: str | None = None


@dataclass(frozen=True)
class Effects:
    """What an event occurrence or a rule's branch changes (see the module docstring)."""

    revisions: tuple[Revision, ...] = ()
    no_deal: Mapping[str, Param] = field(default_factory=dict)
    register: tuple[tuple[str, str, Param], ...] = ()
    effort: Mapping[str, str] = field(default_factory=dict)
    cost: Mapping[str, Param] = field(default_factory=dict)

    def parameters(self, prefix: str) -> dict[str, Param]:
        """The effects' numbers by their ``--set`` path under ``prefix``."""
        out: dict[str, Param] = {}
        for r in self.revisions:
            party, line = r.line.split(".", 1)
            key = f"{prefix}.revise.{party}.{line}" if r.by is None else \
                f"{prefix}.replace.{party}.{line}.strength"
            out[key] = r.strength
        out.update({f"{prefix}.no_deal.{p}": v for p, v in self.no_deal.items()})
        out.update({f"{prefix}.register.{p}.{r}": v for p, r, v in self.register})
        out.update({f"{prefix}.cost.{p}": v for p, v in self.cost.items()})
        return out

    def lines(self) -> set[str]:
        """Red lines the effects can switch on or off."""
        return {r.line for r in self.revisions} | {r.by for r in self.revisions if r.by}


@dataclass(frozen=True)
class Event:
    id: str
    label: str
    kind: str
    effects: Effects
    at: tuple[int, ...] = ()         # calendar periods (``first``/``every`` expand into ``every``)
    first: int | None = None
    every: int | None = None
    hazard: Param | None = None
    repeat: bool = False
    after: str | None = None
    delay: Param | None = None
    probability: Param = field(default_factory=lambda: Param(1.0))
    party: str = ""
    date: str = ""
    source: str = ""
    rationale: str = ""

    def dates(self, periods: int) -> list[int]:
        """Calendar periods within ``1..periods`` (none for hazard or conditional events)."""
        if self.first is not None:
            return list(range(self.first, periods + 1, self.every or periods + 1))
        return [t for t in self.at if 1 <= t <= periods]

    def parameters(self) -> dict[str, Param]:
        base = f"dynamics.events.{self.id}"
        out = {f"{base}.probability": self.probability}
        if self.hazard is not None:
            out[f"{base}.hazard"] = self.hazard
        if self.delay is not None:
            out[f"{base}.delay"] = self.delay
        return out | self.effects.parameters(base)


@dataclass(frozen=True)
class Branch:
    id: str
    label: str
    probability: Param | None       # None: whatever the other branches leave
    effects: Effects
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    party: str
    trigger: str
    threshold: Param
    branches: tuple[Branch, ...]
    source: str = ""
    rationale: str = ""

    def parameters(self) -> dict[str, Param]:
        base = f"dynamics.rules.{self.id}"
        out = {f"{base}.threshold": self.threshold}
        for b in self.branches:
            if b.probability is not None:
                out[f"{base}.branches.{b.id}.probability"] = b.probability
            out.update(b.effects.parameters(f"{base}.branches.{b.id}"))
        return out


@dataclass(frozen=True)
class DormantLine:
    """A red line a party may adopt when an event replaces one of its lines."""

    party: str
    id: str
    requires: str
    expr: expressions.Expr
    description: str
    revision_cost: float
    label: str = ""
    source: str = ""
    rationale: str = ""

    @property
    def constraint(self) -> str:
        return f"{self.party}.{self.id}"


class _Context:
    """What effects may name: parties, registers, red lines with costs, war efforts."""

    def __init__(self, model: Model, dormant: tuple[DormantLine, ...]) -> None:
        self.parties = [p.id for p in model.parties]
        self.registers = {p.id: [r.id for r in p.registers] for p in model.parties}
        self.lines = {c.id: c.revision_cost for c in model.constraints() if c.kind == "red_line"}
        self.dormant = {d.constraint: d.revision_cost for d in dormant}
        game = model.sections.get("game")
        self.efforts = tuple(getattr(game, "efforts", None) or ())
        self.has_war = hasattr(game, "war_table")

    def party(self, t: Table, key: str) -> str:
        if key not in self.parties:
            raise t.error(key, f"unknown party '{key}'{did_you_mean(key, self.parties)}")
        return key

    def line(self, t: Table, key: str, ident: str, dormant_ok: bool = True) -> str:
        known = list(self.lines) + (list(self.dormant) if dormant_ok else [])
        if ident not in known:
            raise t.error(key, f"no red line '{ident}'{did_you_mean(ident, known)}",
                          fix="name a red line of the party (or one of [[dynamics.red_lines]])")
        return ident


def _effects(t: Table, ctx: _Context) -> Effects:
    revisions = []
    for kind in ("revise", "replace"):
        sub = t.table(kind)
        for pid in (sub.data if sub is not None else {}):
            ctx.party(sub, pid)
            lines = sub.table(pid)
            for name in lines.data:
                line = ctx.line(lines, name, f"{pid}.{name}")
                if kind == "revise":
                    revisions.append(Revision(line, lines.param(name, low=0.0)))
                    continue
                rt = lines.table(name)
                if rt is None or not isinstance(lines.data[name], dict):
                    raise lines.error(name, "expected {by = \"<red line>\", strength = ...}")
                by = rt.string("by", required=True)
                target = by if "." in by else f"{pid}.{by}"
                if target not in ctx.dormant or not target.startswith(f"{pid}."):
                    raise rt.error("by", f"'{by}' is not one of {pid}'s [[dynamics.red_lines]]"
                                         f"{did_you_mean(target, list(ctx.dormant))}",
                                   fix="declare the replacement under [[dynamics.red_lines]] "
                                       "with party and requires")
                revisions.append(Revision(line, rt.param("strength", low=0.0), target))
                rt.finish()
            lines.finish()
        if sub is not None:
            sub.finish()
    no_deal, cost, effort, register = {}, {}, {}, []
    for key, out, low in (("no_deal", no_deal, -1.0), ("cost", cost, 0.0)):
        sub = t.table(key)
        for pid in (sub.data if sub is not None else {}):
            ctx.party(sub, pid)
            out[pid] = sub.param(pid, low=low, high=1.0 if key == "no_deal" else 100.0)
        if sub is not None:
            sub.finish()
    sub = t.table("register")
    for pid in (sub.data if sub is not None else {}):
        ctx.party(sub, pid)
        regs = sub.table(pid)
        for reg in regs.data:
            if reg not in ctx.registers[pid]:
                raise regs.error(reg, f"'{pid}' has no register '{reg}'"
                                      f"{did_you_mean(reg, ctx.registers[pid])}")
            register.append((pid, reg, regs.param(reg, low=-1.0, high=1.0)))
        regs.finish()
    if sub is not None:
        sub.finish()
    sub = t.table("effort")
    for pid in (sub.data if sub is not None else {}):
        ctx.party(sub, pid)
        effort[pid] = _effort(sub, pid, ctx)
    if sub is not None:
        sub.finish()
    return Effects(tuple(revisions), no_deal, tuple(register), effort, cost)


def _effort(t: Table, key: str, ctx: _Context) -> str:
    level = t.string(key, required=True)
    if not ctx.has_war:
        raise t.error(key, "a war effort needs the model's posture game (its efforts and war "
                           "table)", fix="add a [game] with efforts, postures and [[game.war]]")
    if level not in ctx.efforts:
        raise t.error(key, f"unknown effort level '{level}'{did_you_mean(level, ctx.efforts)}",
                      fix="use one of game.efforts: " + ", ".join(ctx.efforts))
    return level


def _whole(t: Table, key: str, value: float) -> int:
    if not float(value).is_integer():
        raise t.error(key, f"{value:g} is not a whole number of periods",
                      fix="count periods in whole numbers")
    return int(value)


def parse_dormant(tables: list[Table], model: Model) -> tuple[DormantLine, ...]:
    """``[[dynamics.red_lines]]``: replacement red lines, inactive until an event adopts them."""
    levels = {i.id: i.level_ids for i in model.issues}
    parties = [p.id for p in model.parties]
    existing = {c.id for c in model.constraints()}
    out = []
    for t in tables:
        ident = t.ident()
        pid = t.string("party", required=True)
        if pid not in parties:
            raise t.error("party", f"unknown party '{pid}'{did_you_mean(pid, parties)}")
        if f"{pid}.{ident}" in existing:
            raise t.error("id", f"'{pid}.{ident}' is already a red line of the model",
                          fix="give the replacement its own id")
        requires, expr = t.expression("requires", levels)
        out.append(DormantLine(pid, ident, requires, expr, t.string("description", requires),
                               t.number("revision_cost", low=0.0, required=True),
                               t.string("label"), t.string("source"), t.string("rationale")))
        t.finish()
    unique_ids([d.constraint for d in out], tables, "red line")
    return tuple(out)


def parse_events(tables: list[Table], model: Model, dormant: tuple[DormantLine, ...]
                 ) -> tuple[Event, ...]:
    """``[[dynamics.events]]`` (see the module docstring)."""
    ctx = _Context(model, dormant)
    unique_ids([t.data.get("id", "") for t in tables], tables, "event")
    ids = [t.data.get("id") for t in tables]
    out = []
    for t in tables:
        ident = t.ident()
        timing = [k for k in ("at", "first", "hazard", "after") if t.has(k)]
        if len(timing) != 1:
            raise t.error(None, "an event needs exactly one of: at (a period or a list), "
                                "first (with every), hazard, after (with delay)"
                                + (f"; it has {', '.join(timing)}" if timing else ""),
                          fix="e.g. at = 8, or hazard = 0.01, or after = \"ceasefire\"")
        kwargs: dict = {}
        if t.has("at"):
            raw = t.raw("at")
            items = raw if isinstance(raw, list) else [raw]
            if not items:
                raise t.error("at", "expected a period or a non-empty list of periods")
            kwargs["at"] = tuple(sorted({_whole(t, "at", check_number(x, t, "at", 1, math.inf))
                                         for x in items}))
        if t.has("first"):
            kwargs["first"] = _whole(t, "first", t.number("first", low=1))
            every = _whole(t, "every", t.number("every", default=0.0, low=0))
            kwargs["every"] = every or None
        elif t.has("every"):
            raise t.error("every", "'every' needs 'first'", fix="add first = <period>")
        if t.has("hazard"):
            kwargs["hazard"] = t.param("hazard", 0.0, 1.0)
            kwargs["repeat"] = t.boolean("repeat")
        if t.has("after"):
            after = t.string("after")
            if after not in ids or after == ident:
                raise t.error("after", f"no other event '{after}'"
                                       f"{did_you_mean(after, [i for i in ids if i != ident])}")
            kwargs["after"] = after
            kwargs["delay"] = t.param("delay", low=0.0, required=False) or Param(0.0)
        elif t.has("delay"):
            raise t.error("delay", "'delay' needs 'after'", fix="add after = \"<event id>\"")
        party = t.string("party")
        if party:
            ctx.party(t, party)
        out.append(Event(
            id=ident, label=t.string("label", ident.replace("_", " ")),
            kind=t.string("kind", "event"), effects=_effects(t, ctx),
            probability=t.param("probability", 0.0, 1.0, required=False) or Param(1.0),
            party=party, date=t.string("date"), source=t.string("source"),
            rationale=t.string("rationale"), **kwargs))
        t.string("description")
        t.finish()
    _no_cycle(out, tables)
    return tuple(out)


def _no_cycle(events: list[Event], tables: list[Table]) -> None:
    after = {e.id: e.after for e in events}
    for e, t in zip(events, tables):
        seen, cur = {e.id}, e.after
        while cur is not None:
            if cur in seen:
                raise t.error("after", f"events wait for each other in a cycle through '{cur}'",
                              fix="let one of them happen on a calendar or with a hazard")
            seen.add(cur)
            cur = after[cur]


def event_order(events: tuple[Event, ...]) -> list[int]:
    """Events in an order where each comes after the event it waits for."""
    done: list[int] = []
    index = {e.id: k for k, e in enumerate(events)}

    def visit(k: int) -> None:
        if k in done:
            return
        if events[k].after is not None:
            visit(index[events[k].after])
        done.append(k)

    for k in range(len(events)):
        visit(k)
    return done


def parse_rules(tables: list[Table], model: Model, dormant: tuple[DormantLine, ...]
                ) -> tuple[Rule, ...]:
    """``[[dynamics.rules]]``: decision rules with a trigger and probabilistic branches."""
    ctx = _Context(model, dormant)
    unique_ids([t.data.get("id", "") for t in tables], tables, "decision rule")
    out = []
    for t in tables:
        ident = t.ident()
        party = ctx.party(t, t.string("party", required=True))
        trigger = t.string("trigger", "cost")
        if trigger not in TRIGGERS:
            raise t.error("trigger", f"unknown trigger '{trigger}'"
                                     f"{did_you_mean(trigger, TRIGGERS)}",
                          fix="cost (accumulated cost reaches threshold) or no_deal (no-deal "
                              "value falls to threshold)")
        threshold = t.param("threshold", low=-1.0 if trigger == "no_deal" else 0.0)
        btables = t.tables("branches", required=True)
        unique_ids([b.data.get("id", "") for b in btables], btables, "branch")
        branches = []
        for n, b in enumerate(btables):
            bid = b.ident()
            prob = b.param("probability", 0.0, 1.0, required=False)
            if prob is None and n != len(btables) - 1:
                raise b.error("probability", "missing", fix="only the last branch may leave out "
                                                            "its probability (it takes the rest)")
            branches.append(Branch(bid, b.string("label", bid.replace("_", " ")), prob,
                                   _effects(b, ctx), b.string("source"), b.string("rationale")))
            b.string("description")
            b.finish()
        total = sum(b.probability.value for b in branches if b.probability is not None)
        if total > 1 + 1e-9:
            raise t.error("branches", f"the branches' probabilities add up to {total:g}, over 1",
                          fix="lower them (a last branch without a probability takes the rest)")
        out.append(Rule(ident, t.string("label", ident.replace("_", " ")), party, trigger,
                        threshold, tuple(branches), t.string("source"), t.string("rationale")))
        t.string("description")
        t.finish()
    return tuple(out)
