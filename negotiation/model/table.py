"""Reading TOML tables with their key paths: typed getters, parameters with provenance and
distributions, and the checks every loader shares.

Every problem raises :class:`~negotiation.errors.ModelError` naming the file, the key path
(``parties.russia.red_lines.no_western_forces.requires``; list items are named by their ``id``, as
in ``--set`` paths) and the fix, with a "did you mean" for misspelt names.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import keyword
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from negotiation.errors import ModelError, did_you_mean
from negotiation.model import expressions
from negotiation.model.core import (
    Distribution,
    Param,
)

__all__ = ["Table", "WEIGHT_TOLERANCE", "check_date", "check_ident", "check_number",
           "check_windows", "choose_version", "holds_at", "parse_distribution", "parse_param",
           "read_toml", "unique_ids"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


_PROVENANCE = ("source", "rationale")


_DIST_KEYS = ("dist", "low", "high", "mean", "sd", "mode", "a", "b")


WEIGHT_TOLERANCE = 1e-6


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


class Table:
    """A TOML table being validated: typed getters that know their key path, and a check that
    every key was understood."""

    def __init__(self, data: dict, path: str, file: str, date: str = "") -> None:
        self.data = data
        self.path = path
        self.file = file
        self.date = date          # the date dated values are read at ("" = their latest)
        self.used: set[str] = set()

    def where(self, key: str | None = None) -> str:
        if key is None:
            return self.path or "(top level)"
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str | None, message: str, fix: str | None = None) -> ModelError:
        """An error at ``key`` of this table; without a ``fix`` of its own, a general one that
        says where to look, so that every message ends in something to do."""
        if fix is None:
            if "did you mean" in message:
                fix = "use the name suggested"
            elif "unknown" in message or "expected one of" in message:
                fix = "use a name the model file defines"
            else:
                fix = f"correct {self.where(key)} (the model-file reference is in README.md)"
        return ModelError(message, file=self.file, key=self.where(key), fix=fix)

    def missing(self, key: str, fix: str) -> ModelError:
        """A missing key, pointing at an unread key that looks like a misspelling of it."""
        return self.error(key, f"missing{self.misspelt(key)}", fix=fix)

    def misspelt(self, key: str) -> str:
        """`` (found 'level': a misspelling?)`` when an unread key looks like ``key``, else
        "" — for errors about a key that is absent or incomplete."""
        unread = [k for k in self.data if k not in self.used and k != key]
        close = difflib.get_close_matches(key, unread, n=1, cutoff=0.6)
        return f" (found '{close[0]}': a misspelling?)" if close else ""

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
        return Table(value, self.where(key), self.file, self.date)

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
            out.append(Table(item, f"{self.where(key)}{sep}{label}", self.file, self.date))
        return out

    def window(self) -> tuple[str, str]:
        """The ``from`` and ``until`` dates of this entry (ISO text, "" when absent), checked."""
        start, end = self.date_text("from"), self.date_text("until")
        if start and end and end < start:
            raise self.error("until", f"'until' ({end}) is before 'from' ({start})",
                             fix="'until' is the last day the value held, on or after 'from'")
        return start, end

    def date_text(self, key: str) -> str:
        """An ISO date (``YYYY-MM-DD``, or a TOML date) at ``key``, or "" when absent."""
        text = self.string(key)
        if text:
            check_date(text, self, key)
        return text

    def finish(self, allowed: Iterable[str] = ()) -> None:
        """Reject keys nobody read: they are almost always typos."""
        known = self.used | set(allowed)
        for key in self.data:
            if key not in known:
                raise self.error(key, f"unknown key '{key}'{did_you_mean(key, sorted(known))}",
                                 fix="remove it or correct its spelling")


def check_date(text: str, table: Table | None = None, key: str | None = None) -> str:
    """``text`` if it is an ISO date ``YYYY-MM-DD``; a clear error naming ``key`` otherwise."""
    try:
        datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        message = f"'{text}' is not a date"
        fix = "write the date as YYYY-MM-DD, e.g. 2025-08-15"
        if table is None:
            raise ModelError(message, fix=fix) from None
        raise table.error(key, message, fix=fix) from None
    return text


def holds_at(window: tuple[str, str], date: str) -> bool:
    """Whether a ``(from, until)`` window (ISO dates, "" open; both ends inclusive) contains
    ``date``. With no date ("") a window holds when it is open-ended (no ``until``)."""
    start, end = window
    if not date:
        return not end
    return (not start or start <= date) and (not end or date <= end)


def choose_version(windows: Sequence[tuple[str, str]], date: str) -> tuple[int, bool]:
    """Among non-overlapping windows, the one holding at ``date`` (``(index, True)``), else the
    latest one that ended before it, else the earliest (``(index, False)``).

    >>> choose_version([("", "2022-09-29"), ("2022-09-30", "")], "2022-09-30")
    (1, True)
    >>> choose_version([("2022-09-30", "2025-08-14")], "2021-12-17")
    (0, False)
    """
    for n, window in enumerate(windows):
        if holds_at(window, date):
            return n, True
    order = sorted(range(len(windows)), key=lambda n: windows[n][0])
    if not date:
        return order[-1], False
    ended = [n for n in order if windows[n][1] and windows[n][1] < date]
    return (ended[-1] if ended else order[0]), False


def check_windows(windows: Sequence[tuple[str, str]], tables: Sequence[Table], what: str) -> None:
    """Reject versions without a window or with overlapping windows, naming the entry."""
    if len(windows) < 2:
        return
    for window, table in zip(windows, tables):
        if not any(window):
            raise table.error(None, f"{what} has several versions, and this one has no dates",
                              fix="give every version 'from' and/or 'until' (ISO dates)")
    order = sorted(range(len(windows)), key=lambda n: windows[n][0])
    for a, b in zip(order, order[1:]):
        end_a, start_b = windows[a][1], windows[b][0]
        if not end_a or not start_b or start_b <= end_a:
            raise tables[b].error("from", f"this version of {what} overlaps another "
                                  f"({windows[a][0] or 'start'} to {end_a or 'open'})",
                                  fix="make the versions' date windows disjoint: 'until' is "
                                      "the last day a version held, 'from' the first")


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
    """A number, or an inline table ``{value, source, rationale}`` and/or a distribution, or a
    list of such tables each with ``from``/``until`` dates: the one holding at the table's date.
    """
    if isinstance(value, list):
        return _dated_param(value, table, key, low, high, inherit)
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


def _dated_param(items: list, table: Table, key: str, low: float, high: float,
                 inherit: tuple[str, str]) -> Param:
    if not items or not all(isinstance(i, dict) for i in items):
        raise table.error(key, "a dated parameter is a list of inline tables",
                          fix=f'write {key} = [{{ value = 0.4, until = "2025-08-14", source = '
                              '"..." }, { value = 0.5, from = "2025-08-15", source = "..." }]')
    subs = [Table(item, f"{table.where(key)}[{n}]", table.file) for n, item in enumerate(items)]
    windows = [sub.window() for sub in subs]
    check_windows(windows, subs, f"'{key}'")
    n, held = choose_version(windows, table.date)
    if not held:
        when = f"on {table.date}" if table.date else "at the latest date"
        raise table.error(key, f"no version of this dated value holds {when}",
                          fix="add a version whose 'from'/'until' window covers the date")
    chosen = dict(items[n])
    chosen.pop("from", None)
    chosen.pop("until", None)
    for other in subs:
        other.finish(("value", "source", "rationale") + _DIST_KEYS)
    name = f"{key}[{n}]"
    return parse_param(chosen, Table({name: chosen}, table.path, table.file), name, low, high,
                       inherit)


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


def unique_ids(ids: list[str], tables: list[Table], what: str) -> None:
    """Reject a repeated id, naming the table that repeats it."""
    seen: set[str] = set()
    for ident, table in zip(ids, tables):
        if ident in seen:
            raise table.error("id", f"duplicate {what} id '{ident}'",
                              fix=f"give every {what} a different id")
        seen.add(ident)
