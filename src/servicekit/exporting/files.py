"""Files exports and imports write and read.

An export is written all or nothing, and never over its own input: the bytes go to a temporary
file beside the target, are flushed to disk, and replace the target in one rename, so a reader
sees the old file or the new one, never half of one; on any error the temporary file is
removed. JSON that POS systems give back (Square's responses and catalogs) is read with errors
that name the file and line.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from servicekit.errors import ExportError


def check_writable(
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overwrite: bool = True,
) -> Path:
    """The target of a write, or an `ExportError` saying why it cannot be written: it is one
    of the `inputs`, its directory is missing, it is a directory, or it exists and may not be
    overwritten."""
    target = Path(path)
    for source in inputs:
        if _same_file(target, Path(source)):
            raise ExportError(
                f"{target}: refusing to overwrite the input",
                hint="write the output to another file",
            )
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise ExportError(f"{target}: no such directory: {directory}", hint="create it first")
    if target.is_dir():
        raise ExportError(f"{target}: is a directory", hint="give a file name")
    if not overwrite and target.exists():
        raise ExportError(
            f"{target}: already exists", hint="choose another name, or --force to replace it"
        )
    return target


def write_atomically(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overwrite: bool = True,
) -> None:
    """Write `data` to `path` atomically; refuse to overwrite any of `inputs` (or, unless
    `overwrite`, anything)."""
    target = check_writable(path, inputs=inputs, overwrite=overwrite)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise ExportError(
            f"{target}: cannot write in {directory}: {exc.strerror}",
            hint="choose a directory you can write to",
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _keep_mode(target, temporary)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"{target}: cannot be written: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.exists() and second.exists() and first.samefile(second)
    except OSError:
        return False


def _keep_mode(target: Path, temporary: str) -> None:
    """A replaced file keeps its permissions; a new one gets the usual ones (mkstemp's 0600
    would surprise whoever shares the export)."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def read_json(path: str | os.PathLike[str]) -> Any:
    """A JSON document from a file, or an `ExportError` saying what is wrong and where."""
    source = Path(path)
    try:
        return json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExportError(f"{source}: no such file", hint="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"{source}: cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ExportError(f"{source}:{exc.lineno}: JSON syntax error: {exc.msg}") from None
    except RecursionError:
        raise ExportError(f"{source}: values are nested too deeply") from None
