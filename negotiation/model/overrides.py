"""Overrides of a model file without editing it: ``sets`` (``PATH=VALUE``) edit the parsed
document before validation, so an override is validated exactly like the file; ``drops``
(``PARTY.RED_LINE``) remove constraints afterwards.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from negotiation.errors import InputError, did_you_mean
from negotiation.model.core import (
    Model,
)
from negotiation.model.table import _DIST_KEYS, _PROVENANCE, WEIGHT_TOLERANCE

__all__ = ["apply_drops", "apply_set", "parse_value", "rescale_weights"]


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
    parameter written as an inline table keeps its provenance and drops its distribution. A
    number can only be replaced by a number or an inline table (a distribution): anything else
    is refused here, naming the override, rather than later as a fault of the model file.
    """
    def error(message: str, fix: str | None = None) -> InputError:
        return InputError(message, argument="set", value=item, file=file, fix=fix)

    if "=" not in item:
        raise error("expected PATH=VALUE", fix="e.g. parties.russia.disagreement=0.2")
    path, text = item.split("=", 1)
    segments = path.strip().split(".")
    value = parse_value(text.strip())
    node: Any = raw
    for depth, seg in enumerate(segments):
        last = depth == len(segments) - 1
        where = ".".join(segments[:depth]) or "the top level"
        if isinstance(node, list):
            ids = [e.get("id") for e in node if isinstance(e, dict)]
            if seg not in ids:
                raise error(f"no entry '{seg}' under '{where}'"
                            f"{did_you_mean(seg, [i for i in ids if isinstance(i, str)])}")
            if last:
                raise error("cannot replace a whole entry",
                            fix="set one of its keys, e.g. PATH.disagreement=0.2")
            node = node[ids.index(seg)]
            continue
        if not isinstance(node, dict):
            raise error(f"'{where}' is a value, not a table")
        if last:
            old = node.get(seg)
            numeric = _is_number(old) or (isinstance(old, dict) and _is_number(old.get("value")))
            if numeric and not (_is_number(value) or isinstance(value, dict)):
                raise error(f"'{path.strip()}' is a number, but the override gives "
                            f"{text.strip()!r}", fix=f"write a number, e.g. {path.strip()}=0.3")
            if isinstance(old, dict) and _is_number(value):
                node[seg] = {k: v for k, v in old.items() if k not in _DIST_KEYS} | {"value": value}
            else:
                node[seg] = value
            return
        if seg not in node:
            raise error(f"no key '{seg}' under '{where}'{did_you_mean(seg, list(node))}")
        node = node[seg]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
            raise InputError(f"no constraint '{ident}'{did_you_mean(ident, known)}",
                             argument="drop", value=ident, file=file,
                             fix="name a constraint as PARTY.RED_LINE, as the analysis lists "
                                 "them")
    return replace(model, dropped=model.dropped | frozenset(drops),
                   overrides=model.overrides + tuple(f"drop {d}" for d in drops))
