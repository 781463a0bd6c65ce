"""Result folders that never lose a user's files.

A results folder may already hold other things: a paper draft, notes, the model itself, or the
whole repository (``--out .``). The rules:

- The tool replaces or removes only files it wrote itself, as listed in the folder's own
  ``manifest.json``, and only while they are unchanged (their SHA-256 still matches the
  manifest). A file in the way that the tool did not write, or that was edited since, stops the
  run before anything is written, with a message naming the file and the fix.
- Writing is staged: every file is written into a hidden staging folder inside the target first
  (same file system), and moved into place only when all of them exist, the manifest last. A
  failure while computing or writing leaves the previous results untouched and removes the
  staging folder. If the process dies during the few renames at the end, the staging folder
  still holds the complete new results and their manifest; the next write into the folder
  finishes the move first.
- A folder holds one run's results: files of the previous run that this run does not write
  (another command's results, say) are removed if unchanged, and a note on stderr says so.
- Folders and files are created with the process's umask (readable by co-authors where the
  umask allows), never with private temporary-file modes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from negotiation.errors import ModelError

__all__ = ["MANIFEST", "STAGING_PREFIX", "FolderWriter", "write_folder"]

MANIFEST = "manifest.json"
STAGING_PREFIX = ".negotiation-staging-"
_MARKER = ".negotiation-staging"      # inside every staging folder: proof that it is ours
WRITER = "negotiation"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _own_manifest(out: Path) -> dict[str, str]:
    """The files a previous run recorded in ``out/manifest.json`` (``{}`` when there is none);
    refuses a ``manifest.json`` this tool did not write."""
    path = out / MANIFEST
    if not path.exists():
        return {}
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        doc = None
    ours = (isinstance(doc, dict) and isinstance(doc.get("files"), dict)
            and (doc.get("written_by") == WRITER
                 or WRITER in (doc.get("packages") or {})))
    if not ours:
        raise ModelError(
            "the folder holds a manifest.json that negotiation did not write, so the results "
            "would overwrite it", file=str(out),
            fix="choose another output folder, or move that manifest.json away")
    return {str(k): str(v) for k, v in doc["files"].items()}


def _remove_staging(staging: Path) -> None:
    """Remove a staging folder — only one this tool made: its name has the staging prefix and it
    holds the marker file. Anything else (a user's folder) is never removed."""
    if staging.name.startswith(STAGING_PREFIX) and (staging / _MARKER).is_file():
        shutil.rmtree(staging, ignore_errors=True)


def _finish_interrupted(out: Path) -> None:
    """Complete a move that a killed process left half done, and remove staging folders of
    runs that failed before their results were complete."""
    for staging in sorted(out.glob(STAGING_PREFIX + "*")):
        if not (staging / _MARKER).is_file():
            continue                      # not ours: never touch it
        if (staging / MANIFEST).is_file():
            _move_into_place(staging, out)
        _remove_staging(staging)


def _staged_files(staging: Path) -> list[str]:
    return sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")
                  if p.is_file() and p.name != _MARKER and p.relative_to(staging).as_posix()
                  != MANIFEST)


def _move_into_place(staging: Path, out: Path) -> None:
    for rel in _staged_files(staging):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, target)
    os.replace(staging / MANIFEST, out / MANIFEST)


def _check_replaceable(out: Path, planned: list[str], previous: Mapping[str, str]) -> None:
    """Refuse before writing anything when a planned file would replace something that is not
    an unchanged file of a previous run."""
    for rel in planned:
        target = out / rel
        for parent in list(Path(rel).parents)[:-1]:
            if (out / parent).exists() and not (out / parent).is_dir():
                raise ModelError(f"'{out / parent}' is a file, but the results need a folder "
                                 "of that name", file=str(out),
                                 fix="choose another output folder, or move that file away")
        if rel == MANIFEST and target.is_file():
            continue                      # checked by _own_manifest: it is ours
        if not target.exists() and not target.is_symlink():
            continue
        if target.is_dir() or target.is_symlink():
            raise ModelError(f"'{target}' is in the way of a result file", file=str(out),
                             fix="choose another output folder, or move it away")
        if rel not in previous:
            raise ModelError(f"'{target}' exists and was not written by negotiation; it would "
                             "be overwritten", file=str(out),
                             fix="choose another output folder, or move or rename that file")
        if _sha256(target) != previous[rel]:
            raise ModelError(f"'{target}' was changed since negotiation wrote it; it would be "
                             "overwritten", file=str(out),
                             fix="choose another output folder, or move your edited copy away")


class FolderWriter:
    """Stage files for one results folder; :meth:`commit` moves them into place.

    Use :func:`write_folder` unless the files are produced step by step.
    """

    def __init__(self, out: str | os.PathLike, planned: list[str]) -> None:
        self.out = Path(out)
        if self.out.exists() and not self.out.is_dir():
            raise ModelError("this is a file, not a folder", file=str(self.out),
                             fix="write to a folder, not a file (a missing folder is created)")
        self.created = not self.out.exists()
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ModelError(f"cannot create the folder ({err.strerror})", file=str(self.out),
                             fix="choose a folder you can write to") from None
        try:
            _finish_interrupted(self.out)
            self.previous = _own_manifest(self.out)
            _check_replaceable(self.out, sorted(set(planned) | {MANIFEST}), self.previous)
            self.staging = self.out / f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
            self.staging.mkdir()
            (self.staging / _MARKER).write_text("negotiation results being written\n", "utf-8")
        except PermissionError as err:
            self._discard_created()
            raise ModelError(f"cannot write here ({err.strerror})", file=str(self.out),
                             fix="choose a folder you can write to") from None
        except BaseException:
            self._discard_created()
            raise

    def path(self, rel: str) -> Path:
        """Where to write the result file ``rel`` (inside the staging folder)."""
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def discard(self) -> None:
        """Forget everything staged; the folder is left as it was."""
        _remove_staging(self.staging)
        self._discard_created()

    def _discard_created(self) -> None:
        if self.created:
            try:
                self.out.rmdir()            # only if still empty
            except OSError:
                pass

    def commit(self, manifest_doc: Mapping[str, Any], dumps: Callable[[Any], str]) -> Path:
        """Hash the staged files, write the manifest, move everything into place, then remove
        files of the previous run that this run no longer writes (if unchanged)."""
        try:
            files = {rel: _sha256(self.staging / rel) for rel in _staged_files(self.staging)}
            _check_replaceable(self.out, list(files), self.previous)   # e.g. extra figures
            doc = {"written_by": WRITER} | dict(manifest_doc) | {"files": files}
            (self.staging / MANIFEST).write_text(dumps(doc), "utf-8")
        except BaseException:
            self.discard()         # nothing moved yet: the folder stays as it was
            raise
        _move_into_place(self.staging, self.out)
        _remove_staging(self.staging)
        removed = []
        for rel, digest in self.previous.items():
            stale = self.out / rel
            if rel in files or not stale.is_file() or _sha256(stale) != digest:
                continue
            stale.unlink()
            removed.append(rel)
            for parent in list(Path(rel).parents)[:-1]:
                try:
                    (self.out / parent).rmdir()     # only folders left empty
                except OSError:
                    break
        if removed:
            # Another command's results (or an older run's) were here: say so, since a user
            # collecting several commands' results in one folder would not expect it.
            shown = ", ".join(sorted(removed)[:3]) + (", ..." if len(removed) > 3 else "")
            print(f"note: {self.out}: replaced the previous results; removed "
                  f"{len(removed)} of their files that this run does not write ({shown}). "
                  "Files the tool did not write are never touched; use a folder per command to "
                  "keep each one's results.", file=sys.stderr)
        return self.out


def write_folder(out: str | os.PathLike, planned: list[str],
                 write: Callable[[FolderWriter], None], manifest_doc: Mapping[str, Any],
                 dumps: Callable[[Any], str]) -> Path:
    """Write a results folder safely: ``write`` receives a :class:`FolderWriter` and writes
    every file named in ``planned`` (relative paths) through :meth:`FolderWriter.path`."""
    writer = FolderWriter(out, planned)
    try:
        write(writer)
    except BaseException:
        writer.discard()
        raise
    return writer.commit(manifest_doc, dumps)
