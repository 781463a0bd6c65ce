"""Manifests, deterministic JSON and results folders.

Results folders are written by :mod:`negotiation.report.folder`, which never removes or replaces a
file the tool did not write itself and stages everything before moving it into place. Manifests
record what is needed to reproduce the folder (model files' SHA-256, overrides, seeds, every
parameter, package versions) and nothing that changes between identical runs (no clocks, no
absolute paths), so the same inputs give byte-identical files.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from negotiation.model.core import Model, parameters
from negotiation.report.folder import FolderWriter, write_folder
from negotiation.report.tables import WRITERS, Table, to_latex

__all__ = ["LATEX_ROWS", "PACKAGES", "display_path", "dumps", "manifest", "model_info",
           "package_versions", "write_results"]

PACKAGES = ("negotiation", "numpy", "scipy", "nashpy", "matplotlib")
LATEX_ROWS = 200     # a longer table (a sweep's grid) is data: CSV and Markdown, no LaTeX


def model_info(model: Model) -> dict[str, Any]:
    info = {"name": model.name, "path": display_path(model.path), "sha256": model.sha256,
            "as_of": model.as_of, "overrides": list(model.overrides)}
    if model.date and model.date != model.as_of:
        info["positions_as_of"] = model.date
    if model.bases:
        info["bases"] = [{"path": display_path(p), "sha256": h} for p, h in model.bases]
    return info


def display_path(path: str | os.PathLike) -> str:
    """A path relative to the working directory when inside it (stable across machines)."""
    if not path:
        return ""
    p = Path(path).resolve()
    try:
        return p.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def manifest(models: Iterable[Model], *, seed: int | None = None,
             settings: Mapping[str, Any] | None = None,
             inputs: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything needed to reproduce a results folder (file hashes are added on writing).

    ``inputs`` maps further input files (e.g. record files) to their SHA-256.
    """
    return {
        "models": [model_info(m) | {"parameters": {k: p.value for k, p in parameters(m).items()},
                                    "dropped": sorted(m.dropped)} for m in models],
        "inputs": {display_path(k): v for k, v in (inputs or {}).items()},
        "seed": seed,
        # How the seed becomes numbers (negotiation._util.parallel): results made before this
        # scheme drew from one stream and differ for the same seed.
        "random_numbers": None if seed is None else (
            "PCG64; items (draws, paths, rankings) in blocks of 1024, block b drawn from the b-th "
            "child of numpy SeedSequence(seed)"),
        "settings": dict(settings or {}),
        "packages": package_versions(),
    }


def dumps(document: Any) -> str:
    """Deterministic JSON text."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_results(out: str | Path, *, tables: Iterable[Table] = (),
                  documents: Mapping[str, Any] | None = None,
                  texts: Mapping[str, str] | None = None,
                  figures: Iterable[tuple[str, Callable[[Path], None]]] = (),
                  manifest_doc: Mapping[str, Any] | None = None) -> Path:
    """Write a results folder without losing anything already in it
    (:mod:`negotiation.report.folder`).

    ``tables`` go to ``tables/NAME.{csv,md,tex}`` (a table without rows is not written; the
    manifest lists it under ``empty_tables``; one of more than :data:`LATEX_ROWS` rows, a grid
    of data rather than a table to typeset, gets no ``.tex`` and is listed under
    ``tables_without_latex``; LaTeX labels start with the folder's name so they are unique
    across results folders), ``documents`` to ``NAME.json``, ``texts`` to files of
    their given names, and each ``(stem, draw)`` in ``figures`` is called with a stem path
    inside ``figures/`` (it writes ``stem.pdf`` and ``stem.png``). ``manifest.json`` lists every
    file with its SHA-256; only files listed there are ever replaced.
    """
    tables, figures = list(tables), list(figures)
    empty = [t.name for t in tables if not t.rows]
    tables = [t for t in tables if t.rows]
    # A grid of thousands of rows is data, not a table for a paper: CSV and Markdown only.
    long = {t.name for t in tables if len(t.rows) > LATEX_ROWS}
    prefix = Path(out).resolve().name
    documents, texts = dict(documents or {}), dict(texts or {})
    planned = ([f"tables/{t.name}.{ext}" for t in tables for ext in WRITERS
                if not (ext == "tex" and t.name in long)]
               + [f"{name}.json" for name in documents] + list(texts)
               + [f"figures/{stem}.{ext}" for stem, _ in figures for ext in ("pdf", "png")])

    def write(folder: FolderWriter) -> None:
        for table in tables:
            for ext, writer in WRITERS.items():
                if ext == "tex" and table.name in long:
                    continue
                text = to_latex(table, prefix) if ext == "tex" else writer(table)
                folder.path(f"tables/{table.name}.{ext}").write_text(text, "utf-8")
        for name, doc in documents.items():
            folder.path(f"{name}.json").write_text(dumps(doc), "utf-8")
        for name, text in texts.items():
            folder.path(name).write_text(text, "utf-8")
        for stem, draw in figures:
            draw(folder.path(f"figures/{stem}"))

    doc = dict(manifest_doc or {})
    if empty:
        doc["empty_tables"] = empty
    if long:
        doc["tables_without_latex"] = sorted(long)
    return write_folder(out, planned, write, doc, dumps)
