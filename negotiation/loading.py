"""Read a model file (TOML) into a validated :class:`~negotiation.model.Model`.

Validation happens once, here. Every problem raises :class:`~negotiation.errors.ModelError` naming
the file, the key path (``parties.russia.red_lines.no_western_forces.requires``; list items are
named by their ``id``, as in ``--set`` paths) and the fix, with a "did you mean" for misspelt names.

Overrides: ``--set PATH=VALUE`` edits the parsed file before validation (so an override is
validated exactly like the file), and ``--drop PARTY.RED_LINE`` removes a constraint afterwards.
"""

from __future__ import annotations

import difflib
import hashlib
import keyword
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from negotiation import expressions
from negotiation.errors import ModelError, did_you_mean
from negotiation.model import (
    Distribution,
    Feasibility,
    Issue,
    Level,
    Model,
    Param,
    Party,
    RedLine,
    Register,
    Valuation,
)

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PROVENANCE = ("source", "rationale")
_DIST_KEYS = ("dist", "low", "high", "mean", "sd", "mode", "a", "b")
WEIGHT_TOLERANCE = 1e-6

# Sections other modules read; each maps to "module:function" taking (Table, Model) and returning
# the parsed section, stored in ``Model.sections``. Imported lazily so loading stays light.
SECTION_PARSERS: dict[str, str] = {
    "dynamics": "negotiation.dynamics:load_section",
    "conflict": "negotiation.gmcr:parse_section",
    "game": "negotiation.game_file:parse",
}
CORE_SECTIONS = ("model", "issues", "parties", "feasibility")


def load_model(
    path: str | Path, sets: Sequence[str] = (), drops: Sequence[str] = ()
) -> Model:
    """Load, override and validate the model file at ``path``.

    ``sets`` are ``"PATH=VALUE"`` overrides (VALUE in TOML syntax; a bare word is a string) and
    ``drops`` constraint ids ``PARTY.RED_LINE`` to remove.
    """
    path = Path(path)
    raw, digest = read_toml(path)
    for item in sets:
        apply_set(raw, item, file=str(path))
    rescale_weights(raw, [item.split("=", 1)[0].strip() for item in sets])
    model = build_model(raw, file=str(path))
    model = replace(model, path=str(path), sha256=digest, overrides=tuple(sets))
    return apply_drops(model, drops, file=str(path))


def read_toml(path: Path) -> tuple[dict, str]:
    """The parsed TOML document and the SHA-256 of the file's bytes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelError("no such file", file=str(path),
                         fix="check the path; model files live in models/") from None
    except OSError as err:
        raise ModelError(f"cannot read the file ({err.strerror})", file=str(path)) from None
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ModelError("the file is not UTF-8 text", file=str(path),
                         fix="save the model file as UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        raise ModelError(f"not valid TOML: {err}", file=str(path),
                         fix="correct the TOML syntax at the line shown") from None
    return raw, hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------- reading tables


class Table:
    """A TOML table being validated: typed getters that know their key path, and a check that
    every key was understood."""

    def __init__(self, data: dict, path: str, file: str) -> None:
        self.data = data
        self.path = path
        self.file = file
        self.used: set[str] = set()

    def where(self, key: str | None = None) -> str:
        if key is None:
            return self.path or "(top level)"
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str | None, message: str, fix: str | None = None) -> ModelError:
        return ModelError(message, file=self.file, key=self.where(key), fix=fix)

    def missing(self, key: str, fix: str) -> ModelError:
        """A missing key, pointing at an unread key that looks like a misspelling of it."""
        unread = [k for k in self.data if k not in self.used]
        close = difflib.get_close_matches(key, unread, n=1, cutoff=0.6)
        found = f" (found '{close[0]}': a misspelling?)" if close else ""
        return self.error(key, f"missing{found}", fix=fix)

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return self.data.get(key, default)

    def string(self, key: str, default: str | None = "", required: bool = False) -> str:
        self.used.add(key)
        if key not in self.data:
            if required:
                raise self.missing(key, fix=f"add {key} = \"...\"")
            return default
        value = self.data[key]
        if hasattr(value, "isoformat"):  # TOML dates are accepted as text
            return value.isoformat()
        if not isinstance(value, str):
            raise self.error(key, f"expected text, got {_kind(value)}",
                             fix=f"write {key} = \"...\"")
        return value

    def expression(self, key: str, issues: Mapping[str, Sequence[str]],
                   default: str | None = None) -> tuple[str, expressions.Expr]:
        """The text at ``key`` (required unless a default is given) and its parse as a
        condition over ``issues`` (issue id → level ids); a parse error names this key."""
        text = self.string(key, default, required=default is None)
        try:
            return text, expressions.parse(text, issues)
        except ModelError as err:
            raise err.located(self.file, self.where(key)) from None

    def ident(self, key: str = "id") -> str:
        value = self.string(key, required=True)
        check_ident(value, self, key)
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        self.used.add(key)
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {_kind(value)}",
                             fix=f"write {key} = true or {key} = false")
        return value

    def number(self, key: str, default: float | None = None, low: float = -math.inf,
               high: float = math.inf, required: bool = False) -> float:
        self.used.add(key)
        if key not in self.data:
            if required or default is None:
                raise self.missing(key, fix=f"add {key} = <number>")
            return default
        return check_number(self.data[key], self, key, low, high)

    def param(self, key: str, low: float = -math.inf, high: float = math.inf,
              inherit: tuple[str, str] = ("", ""), required: bool = True) -> Param | None:
        self.used.add(key)
        if key not in self.data:
            if required:
                raise self.missing(key, fix=f"add {key} = <number>")
            return None
        return parse_param(self.data[key], self, key, low, high, inherit)

    def table(self, key: str, required: bool = False) -> Table | None:
        self.used.add(key)
        if key not in self.data:
            if required:
                raise self.missing(key, fix=f"add a [{self.where(key)}] table")
            return None
        value = self.data[key]
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table, got {_kind(value)}")
        return Table(value, self.where(key), self.file)

    def tables(self, key: str, required: bool = False) -> list[Table]:
        """An array of tables; each item's path uses its ``id`` when it has a valid one."""
        self.used.add(key)
        if key not in self.data:
            if required:
                raise self.missing(key, fix=f"add at least one [[{self.where(key)}]] table")
            return []
        items = self.data[key]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise self.error(key, f"expected an array of tables, got {_kind(items)}",
                             fix=f"write each entry as [[{self.where(key)}]]")
        out = []
        for n, item in enumerate(items):
            ident = item.get("id")
            label = ident if isinstance(ident, str) and _IDENT.match(ident) else f"[{n}]"
            sep = "." if not label.startswith("[") else ""
            out.append(Table(item, f"{self.where(key)}{sep}{label}", self.file))
        return out

    def finish(self, allowed: Iterable[str] = ()) -> None:
        """Reject keys nobody read: they are almost always typos."""
        known = self.used | set(allowed)
        for key in self.data:
            if key not in known:
                raise self.error(key, f"unknown key '{key}'{did_you_mean(key, sorted(known))}",
                                 fix="remove it or correct its spelling")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def check_ident(value: str, table: Table, key: str) -> None:
    if not _IDENT.match(value) or keyword.iskeyword(value) or value in expressions.RESERVED:
        raise table.error(
            key, f"'{value}' cannot be used as a name",
            fix="use letters, digits and underscores, starting with a letter, and not one of "
                "'true', 'false', 'and', 'or', 'not', 'in' or a Python keyword",
        )


def check_number(value: Any, table: Table, key: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise table.error(key, f"expected a number, got {_kind(value)}")
    value = float(value)
    if not math.isfinite(value):
        raise table.error(key, f"{value} is not a finite number", fix="use a finite number")
    if not low <= value <= high:
        raise table.error(key, f"{value:g} is outside the allowed range [{low:g}, {high:g}]",
                          fix=f"use a value between {low:g} and {high:g}")
    return value


def parse_param(value: Any, table: Table, key: str, low: float, high: float,
                inherit: tuple[str, str] = ("", "")) -> Param:
    """A number, or an inline table ``{value, source, rationale}`` and/or a distribution."""
    if not isinstance(value, dict):
        return Param(check_number(value, table, key, low, high), *inherit)
    sub = Table(value, table.where(key), table.file)
    source = sub.string("source", inherit[0])
    rationale = sub.string("rationale", inherit[1])
    dist = parse_distribution(sub, low, high) if sub.has("dist") else None
    if sub.has("value") or dist is None:
        number = sub.number("value", required=True, low=low, high=high)
    else:
        number = dist.central()
    if dist is not None and not _in_support(dist, number):
        raise sub.error("value", f"{number:g} lies outside the distribution's range",
                        fix="choose a value the distribution can take")
    sub.finish()
    return Param(number, source, rationale, dist)


def _in_support(dist: Distribution, value: float) -> bool:
    low = -math.inf if dist.low is None else dist.low
    high = math.inf if dist.high is None else dist.high
    return low <= value <= high


def parse_distribution(sub: Table, low: float, high: float) -> Distribution:
    kind = sub.string("dist")
    kinds = ("uniform", "normal", "triangular", "beta")
    if kind not in kinds:
        raise sub.error("dist", f"unknown distribution '{kind}'{did_you_mean(kind, kinds)}")
    need = {"uniform": ("low", "high"), "normal": ("mean", "sd"),
            "triangular": ("low", "mode", "high"), "beta": ("a", "b")}[kind]
    got: dict[str, float | None] = {}
    for name in _DIST_KEYS[1:]:
        if sub.has(name):
            got[name] = sub.number(name)
        elif name in need:
            raise sub.error(name, f"a {kind} distribution needs '{name}'",
                            fix="give " + ", ".join(need))
    # Truncate normal and scale beta to the parameter's valid range unless told otherwise.
    if kind in ("normal", "beta"):
        got.setdefault("low", low if math.isfinite(low) else None)
        got.setdefault("high", high if math.isfinite(high) else None)
        if kind == "beta" and (got["low"] is None or got["high"] is None):
            raise sub.error("dist", "a beta distribution here needs 'low' and 'high'",
                            fix="give the interval the beta distribution is scaled to")
    dist = Distribution(kind=kind, **got)
    if dist.low is not None and dist.high is not None and not dist.low < dist.high:
        raise sub.error("low", "'low' must be below 'high'")
    if (dist.low is not None and dist.low < low) or (dist.high is not None and dist.high > high):
        raise sub.error("dist", f"the distribution's range exceeds the allowed [{low:g}, {high:g}]",
                        fix="narrow 'low' and 'high'")
    if kind == "normal" and not dist.sd > 0:
        raise sub.error("sd", "the standard deviation must be positive")
    if kind == "beta" and not (dist.a > 0 and dist.b > 0):
        raise sub.error("a", "beta parameters a and b must be positive")
    if kind == "triangular" and not dist.low <= dist.mode <= dist.high:
        raise sub.error("mode", "the mode must lie between low and high")
    if kind == "normal" and not _in_support(dist, dist.mean):
        raise sub.error("mean", "the mean must lie within the truncation range")
    return dist


# ---------------------------------------------------------------------------------- model parts


def build_model(raw: dict, file: str) -> Model:
    """Validate a parsed model document into a :class:`Model`."""
    top = Table(raw, "", file)
    meta = top.table("model")
    if meta is None:
        meta = Table({}, "model", file)
    name = meta.string("name", default=Path(file).stem)
    description = meta.string("description")
    as_of = meta.string("as_of")
    epsilon = meta.number("epsilon", default=1e-9, low=0.0)
    for key in _PROVENANCE:
        meta.string(key)
    meta.finish()

    issue_tables = top.tables("issues")
    issues = _issues(issue_tables, top)
    party_tables = top.tables("parties")
    issue_levels = {i.id: i.level_ids for i in issues}
    parties = tuple(_party(t, issue_levels) for t in party_tables)
    unique_ids([p.id for p in parties], party_tables, "party")
    extra = [k for k in raw if k not in CORE_SECTIONS]
    if parties and not issues:
        raise top.error("issues", "the model has parties but no issues",
                        fix="add [[issues]] tables, each with an id and levels")
    if not parties and not any(k in SECTION_PARSERS for k in extra):
        raise top.error("parties", "the model has no parties",
                        fix="add [[parties]] tables (see the model-file reference in README.md)")
    feasibility = tuple(_feasibility(t, issue_levels) for t in top.tables("feasibility"))
    unique_ids([f.id for f in feasibility], top.tables("feasibility"), "feasibility condition")
    model = Model(name=name, description=description, as_of=as_of, epsilon=epsilon,
                  issues=issues, parties=parties, feasibility=feasibility)
    sections: dict[str, object] = {}
    for key in extra:
        if key not in SECTION_PARSERS:
            known = sorted(set(CORE_SECTIONS) | set(SECTION_PARSERS))
            raise top.error(key, f"unknown section '{key}'{did_you_mean(key, known)}",
                            fix="remove it or correct its spelling")
        sections[key] = _section_parser(key)(top.table(key) if isinstance(raw[key], dict)
                                             else raw[key], model)
    top.finish(SECTION_PARSERS)
    return replace(model, sections=sections)


def _section_parser(name: str) -> Callable[[Any, Model], object]:
    import importlib

    module, func = SECTION_PARSERS[name].split(":")
    return getattr(importlib.import_module(module), func)


def unique_ids(ids: list[str], tables: list[Table], what: str) -> None:
    """Reject a repeated id, naming the table that repeats it."""
    seen: set[str] = set()
    for ident, table in zip(ids, tables):
        if ident in seen:
            raise table.error("id", f"duplicate {what} id '{ident}'",
                              fix=f"give every {what} a different id")
        seen.add(ident)


def _issues(tables: list[Table], top: Table) -> tuple[Issue, ...]:
    issues = []
    for t in tables:
        ident = t.ident()
        source, rationale = t.string("source"), t.string("rationale")
        raw_levels = t.raw("levels")
        if not isinstance(raw_levels, list) or not raw_levels:
            raise t.error("levels", "expected a non-empty list of levels",
                          fix='write levels = ["first", "second", ...] in order')
        levels = []
        for n, item in enumerate(raw_levels):
            if isinstance(item, str):
                check_ident(item, t, f"levels[{n}]")
                levels.append(Level(item, item.replace("_", " ")))
            elif isinstance(item, dict):
                lt = Table(item, t.where(f"levels[{n}]"), t.file)
                lid = lt.ident()
                levels.append(Level(lid, lt.string("label", lid.replace("_", " ")),
                                    lt.string("source"), lt.string("rationale")))
                lt.finish(("description",))
            else:
                raise t.error(f"levels[{n}]", f"expected a level name, got {_kind(item)}")
        ids = [lv.id for lv in levels]
        for lid in ids:
            if ids.count(lid) > 1:
                raise t.error("levels", f"level '{lid}' appears twice",
                              fix="give every level of an issue a different name")
        issues.append(Issue(ident, t.string("label", ident.replace("_", " ")), tuple(levels),
                            t.string("description"), source, rationale))
        t.finish()
    unique_ids([i.id for i in issues], tables, "issue")
    return tuple(issues)


def _valuation(t: Table, issue_levels: dict[str, tuple[str, ...]]) -> Valuation:
    wt = t.table("weights", required=True)
    inherit = (wt.string("source"), wt.string("rationale"))
    weights = {}
    for key in wt.data:
        if key in _PROVENANCE:
            continue
        if key not in issue_levels:
            raise wt.error(key, f"unknown issue '{key}'{did_you_mean(key, issue_levels)}",
                           fix="weights are keyed by issue id")
        weights[key] = wt.param(key, 0.0, 1.0, inherit)
    total = sum(p.value for p in weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise wt.error(None, f"weights sum to {total:.6g}, not 1",
                       fix="salience weights are a distribution: make them sum to 1")
    st = t.table("scores", required=True)
    scores = {}
    for issue in weights:
        if not st.has(issue):
            raise st.error(issue, f"no scores for issue '{issue}'",
                           fix=f"add [{st.where(issue)}] with a score in [0, 1] for every level")
        it = st.table(issue)
        inherit = (it.string("source"), it.string("rationale"))
        levels = issue_levels[issue]
        for key in it.data:
            if key not in levels and key not in _PROVENANCE:
                raise it.error(key, f"unknown level '{key}' of issue '{issue}'"
                               f"{did_you_mean(key, levels)}")
        missing = [lv for lv in levels if lv not in it.data]
        if missing:
            raise it.error(None, "no score for level(s) " + ", ".join(f"'{m}'" for m in missing),
                           fix="give every level of a weighted issue a score in [0, 1]")
        scores[issue] = {lv: it.param(lv, 0.0, 1.0, inherit) for lv in levels}
        it.finish()
    for key in st.data:
        if key not in weights:
            hint = did_you_mean(key, issue_levels) if key not in issue_levels else ""
            raise st.error(key, f"scores for '{key}', which has no weight{hint}",
                           fix=f"add a weight for '{key}' or remove its scores")
    return Valuation(weights, scores)


def _red_lines(t: Table, issue_levels: dict[str, tuple[str, ...]],
               register: str | None) -> list[RedLine]:
    out = []
    for rt in t.tables("red_lines"):
        ident = rt.ident()
        if ident == "ir":
            raise rt.error("id", "'ir' is reserved for the individual-rationality constraint",
                           fix="choose another id")
        text, expr = rt.expression("requires", issue_levels)
        out.append(RedLine(
            id=ident, requires=text, expr=expr,
            description=rt.string("description") or text,
            revision_cost=rt.number("revision_cost", default=1.0, low=0.0),
            source=rt.string("source"), rationale=rt.string("rationale"), register=register,
            label=rt.string("label", ident.replace("_", " ")),
        ))
        rt.finish()
    return out


def _feasibility(t: Table, issue_levels: dict[str, tuple[str, ...]]) -> Feasibility:
    ident = t.ident()
    text, expr = t.expression("requires", issue_levels)
    out = Feasibility(ident, text, expr, t.string("description") or text, t.string("source"),
                      t.string("rationale"))
    t.finish()
    return out


def _party(t: Table, issue_levels: dict[str, tuple[str, ...]]) -> Party:
    ident = t.ident()
    label = t.string("label", ident.replace("_", " ").title())
    disagreement = t.param("disagreement")
    red_lines = _red_lines(t, issue_levels, None)
    reg_tables = t.tables("registers")
    registers = []
    for rt in reg_tables:
        rid = rt.ident()
        registers.append(Register(
            id=rid, label=rt.string("label", rid), weight=rt.param("weight", 0.0, 1.0),
            binding=rt.boolean("binding"), valuation=_valuation(rt, issue_levels),
            red_lines=tuple(_red_lines(rt, issue_levels, rid)),
            disagreement=rt.param("disagreement", required=False),
            source=rt.string("source"), rationale=rt.string("rationale"),
        ))
        rt.finish(("description",))
    unique_ids([r.id for r in registers], reg_tables, "register")
    if registers:
        if t.has("weights") or t.has("scores"):
            raise t.error("weights", "a party with registers takes its weights and scores from "
                          "the registers", fix="move weights and scores into each register")
        total = sum(r.weight.value for r in registers)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            raise t.error("registers", f"register weights sum to {total:.6g}, not 1",
                          fix="make the registers' weights sum to 1")
        valuation = None
    else:
        valuation = _valuation(t, issue_levels)
    all_ids = [r.id for r in red_lines] + [r.id for reg in registers for r in reg.red_lines]
    for rid in all_ids:
        if all_ids.count(rid) > 1:
            raise t.error("red_lines", f"red line id '{rid}' is used twice",
                          fix="red-line ids must be unique within a party (registers included)")
    party = Party(
        id=ident, label=label, disagreement=disagreement, valuation=valuation,
        red_lines=tuple(red_lines), registers=tuple(registers),
        ir_revision_cost=t.number("ir_revision_cost", default=1.0, low=0.0),
        description=t.string("description"), source=t.string("source"),
        rationale=t.string("rationale"),
    )
    t.finish()
    return party


# ------------------------------------------------------------------------------------ overrides


def parse_value(text: str) -> Any:
    """A ``--set`` value in TOML syntax (``0.2``, ``true``, ``"x"``, ``[1, 2]``); else a string.

    >>> parse_value("0.2"), parse_value("neutral"), parse_value("[1, 2]")
    (0.2, 'neutral', [1, 2])
    """
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def apply_set(raw: dict, item: str, file: str = "") -> None:
    """Apply one ``PATH=VALUE`` override to a parsed model document, in place.

    Path segments select table keys, or array items by their ``id``. Setting a number on a
    parameter written as an inline table keeps its provenance and drops its distribution.
    """
    where = f"--set {item}"
    if "=" not in item:
        raise ModelError("expected PATH=VALUE", key=where, file=file,
                         fix="e.g. --set parties.russia.disagreement=0.2")
    path, text = item.split("=", 1)
    segments = path.strip().split(".")
    value = parse_value(text.strip())
    node: Any = raw
    for depth, seg in enumerate(segments):
        last = depth == len(segments) - 1
        if isinstance(node, list):
            ids = [e.get("id") for e in node if isinstance(e, dict)]
            if seg not in ids:
                raise ModelError(f"no entry '{seg}' under '{'.'.join(segments[:depth])}'"
                                 f"{did_you_mean(seg, [i for i in ids if isinstance(i, str)])}",
                                 file=file, key=where)
            if last:
                raise ModelError("cannot replace a whole entry", file=file, key=where,
                                 fix="set one of its keys, e.g. PATH.disagreement=0.2")
            node = node[ids.index(seg)]
            continue
        if not isinstance(node, dict):
            raise ModelError(f"'{'.'.join(segments[:depth])}' is a value, not a table",
                             file=file, key=where)
        if last:
            old = node.get(seg)
            if isinstance(old, dict) and isinstance(value, (int, float)) and not isinstance(
                    value, bool):
                node[seg] = {k: v for k, v in old.items() if k not in _DIST_KEYS} | {"value": value}
            else:
                node[seg] = value
            return
        if seg not in node:
            raise ModelError(f"no key '{seg}' under '{'.'.join(segments[:depth]) or 'top level'}'"
                             f"{did_you_mean(seg, list(node))}", file=file, key=where)
        node = node[seg]


def _weight_tables(raw: dict, path: str) -> tuple[dict, str] | None:
    """The weights table a ``--set`` path points into, as (``{key: entry}``, key), or None."""
    parts = path.split(".")
    if len(parts) < 4 or parts[0] != "parties":
        return None
    party = next((p for p in raw.get("parties", []) if p.get("id") == parts[1]), None)
    if party is None:
        return None
    if parts[2] == "weights" and len(parts) == 4:
        return party.get("weights"), parts[3]
    if parts[2] == "registers" and len(parts) >= 5:
        regs = party.get("registers", [])
        if parts[4] == "weight" and len(parts) == 5:
            return {r.get("id"): r for r in regs}, parts[3]
        reg = next((r for r in regs if r.get("id") == parts[3]), None)
        if reg is not None and parts[4] == "weights" and len(parts) == 6:
            return reg.get("weights"), parts[5]
    return None


def rescale_weights(raw: dict, set_paths: Sequence[str]) -> None:
    """After ``--set`` of some weights, rescale the *other* weights of the same table
    proportionally so the table still sums to 1 (as thresholds and sweeps do); in place.

    A table whose set weights already exceed 1, or whose other weights are all 0, is left for
    validation to report.
    """
    pinned: dict[int, tuple[dict, bool, set[str]]] = {}
    for path in set_paths:
        found = _weight_tables(raw, path)
        if found is None or not isinstance(found[0], dict):
            continue
        table, key = found
        registers = path.split(".")[-1] == "weight"
        pinned.setdefault(id(table), (table, registers, set()))[2].add(key)

    def get(entry, registers):
        value = entry.get("weight") if registers else entry
        return value.get("value") if isinstance(value, dict) else value

    def put(table, key, registers, number):
        if registers:
            holder, field = table[key], "weight"
        else:
            holder, field = table, key
        if isinstance(holder[field], dict):
            holder[field] = dict(holder[field], value=number)
        else:
            holder[field] = number

    for table, registers, keys in pinned.values():
        entries = {k: v for k, v in table.items() if k not in _PROVENANCE}
        numbers = {k: get(v, registers) for k, v in entries.items()}
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool)
                   for x in numbers.values()):
            continue                     # let validation name the bad entry
        room = 1.0 - sum(numbers[k] for k in keys if k in numbers)
        others = [k for k in numbers if k not in keys]
        total = sum(numbers[k] for k in others)
        if room < -WEIGHT_TOLERANCE or not others or total <= 0:
            continue
        for k in others:
            put(table, k, registers, numbers[k] * room / total)


def apply_drops(model: Model, drops: Sequence[str], file: str = "") -> Model:
    """Remove the named constraints (``PARTY.RED_LINE``, ``PARTY.ir``, ``PARTY.REGISTER.ir``)."""
    if not drops:
        return model
    known = model.constraint_ids()
    for ident in drops:
        if ident not in known:
            raise ModelError(f"no constraint '{ident}'{did_you_mean(ident, known)}",
                             file=file, key=f"--drop {ident}",
                             fix="name a constraint as PARTY.RED_LINE (see `negotiation analyze`)")
    return replace(model, dropped=model.dropped | frozenset(drops),
                   overrides=model.overrides + tuple(f"drop {d}" for d in drops))
