"""Model variants: a model file written as changes to another.

A variant file has a ``[variant]`` table naming its ``base`` (a path relative to the variant file)
and what it changes::

    [variant]
    base = "russia_ukraine_west.toml"
    remove = ["parties.west", "dynamics"]   # top-level sections, or array entries by id
    set = ["parties.russia.disagreement=0.35"]
    drop = ["russia.keep_crimea"]           # constraints removed, as with --drop
    source = "..."
    rationale = "..."

The rest of the file is merged into the base: ``[model]`` keys replace the base's, arrays of
tables (``[[parties]]``, ``[[suppliers]]``, ...) are appended after the removals, and any other
table must be new (remove the base's first). The merged document is then validated like any
model file; ``drop`` entries are applied like ``--drop`` and listed with the overrides, and the
base file's SHA-256 is recorded beside the variant's.
"""

from __future__ import annotations

from pathlib import Path

from negotiation.errors import did_you_mean
from negotiation.model.overrides import apply_set
from negotiation.model.table import _PROVENANCE, Table, read_toml

__all__ = ["read_document"]

MAX_DEPTH = 8


def read_document(path: Path, depth: int = 0
                  ) -> tuple[dict, str, tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The parsed model document at ``path`` with any variant resolved: ``(document, sha256 of
    the file, (path, sha256) of every base file, constraint ids the variants drop)``."""
    raw, digest = read_toml(path)
    if "variant" not in raw:
        return raw, digest, (), ()
    top = Table(raw, "", str(path))
    head = top.table("variant")
    if depth >= MAX_DEPTH:
        raise head.error("base", "variants are nested too deeply (a variant of itself?)",
                         fix="make the chain of bases end in an ordinary model file")
    base_name = head.string("base", required=True)
    base_path = path.parent / base_name
    if not base_path.exists():
        raise head.error("base", f"no model file at {base_path}",
                         fix="give the base model's file name relative to the variant file")
    doc, base_digest, bases, drops = read_document(base_path, depth + 1)
    for item in _strings(head, "remove"):
        _remove(doc, item, head)
    for key, value in raw.items():
        if key == "variant":
            continue
        if key == "model" and isinstance(value, dict):
            doc["model"] = dict(doc.get("model", {})) | value
        elif isinstance(value, list) and isinstance(doc.get(key, []), list):
            doc[key] = list(doc.get(key, [])) + value
        elif key in doc:
            raise top.error(key, f"the base already has '{key}'",
                            fix=f"add \"{key}\" to [variant] remove to replace it")
        else:
            doc[key] = value
    for item in _strings(head, "set"):
        apply_set(doc, item, file=str(path))
    variant_drops = _strings(head, "drop")
    for key in _PROVENANCE:
        head.string(key)
    head.finish(("description",))
    return (doc, digest, ((str(base_path), base_digest),) + bases,
            drops + tuple(variant_drops))


def _strings(table: Table, key: str) -> tuple[str, ...]:
    items = table.raw(key, [])
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise table.error(key, "expected a list of text entries",
                          fix=f'write {key} = ["...", "..."]')
    return tuple(items)


def _remove(doc: dict, item: str, head: Table) -> None:
    section, _, ident = item.partition(".")
    if section not in doc:
        raise head.error("remove", f"the base has no section '{section}'"
                         f"{did_you_mean(section, list(doc))}")
    if not ident:
        del doc[section]
        return
    entries = doc[section]
    ids = [e.get("id") for e in entries] if isinstance(entries, list) else []
    if ident not in ids:
        raise head.error("remove", f"the base has no entry '{ident}' in '{section}'"
                         f"{did_you_mean(ident, [i for i in ids if isinstance(i, str)])}")
    doc[section] = [e for e in entries if e.get("id") != ident]
