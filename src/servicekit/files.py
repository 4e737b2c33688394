"""Reading what users give servicekit and writing what it makes, as a careful tool does.

Reading (`read_limited`): only regular files are read, and never more than a limit. The limit
is counted on the bytes actually read, not on the size the file system claims (`/proc` files
and devices claim 0), and a FIFO or a device is refused before it is opened: opening a FIFO
that nobody writes to would wait for ever.

Writing (`write_atomically`), to a file named with `-o`:

- The bytes go to a temporary file beside the target, are flushed to disk, and replace the
  target in one rename: a reader sees the old file or the new one, never half of one. On any
  error, and on SIGINT, SIGTERM or SIGHUP, the temporary file is removed; a signal then ends
  the process as it would have.
- Only a regular file is replaced. A device, FIFO, socket or directory is refused (standard
  output is `-o -`, not `/dev/stdout`).
- A symbolic link is written through: the regular file it names is replaced and the link is
  kept. A link to anything else, or to nothing, is refused.
- An input of the command (the catalogue, a template, a response) is never an output.
- A read-only file is refused, not replaced (even for root, who could).
- A replaced file keeps its permissions, owner and group; when they cannot be kept (another
  user's file), the write is refused before anything is written. A new file gets the usual
  permissions (0666 less the umask), as a shell redirection would.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Iterable, Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any

from servicekit.errors import ExportError

if TYPE_CHECKING:
    # Imported where a path is read as JSON or written: reading a catalogue, all
    # `servicekit check` does, goes by os.path (pathlib brings urllib.parse and ipaddress).
    from pathlib import Path

JSON_MAX_BYTES = 64 * 1024 * 1024
"""A Square ListCatalog of 10,000 services is about 15 MB."""


class NotReadable(Exception):
    """Why a file cannot be read, in words to put after its path; `hint` says what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at `path`, or `NotReadable` saying why not.

    More than `limit` bytes is refused, however large the file says it is.
    """
    try:
        kind = _kind(os.stat(path).st_mode)
        if kind != "file":
            raise NotReadable(f"is {kind}, not a file", "give the path of a regular file")
        # O_NONBLOCK: should a FIFO appear here between the check and the open, opening it
        # returns at once instead of waiting for a writer (and it is refused just below).
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise NotReadable("no such file", "check the path") from None
    except OSError as exc:
        raise NotReadable(f"cannot be read: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotReadable("is not a regular file", "give the path of a regular file")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise NotReadable(f"cannot be read: {exc.strerror}") from None
    if len(data) > limit:
        raise NotReadable(f"is more than {limit:,} bytes, too large to be read")
    return data


def read_json(path: str | os.PathLike[str], *, limit: int = JSON_MAX_BYTES) -> Any:
    """A JSON document from a file, or an `ExportError` saying what is wrong and where."""
    import json  # reading a catalogue (all `servicekit check` reads) does without it
    from pathlib import Path

    source = Path(path)
    try:
        raw = read_limited(source, limit)
    except NotReadable as why:
        raise ExportError(f"{source}: {why.message}", hint=why.hint) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ExportError(f"{source}:{line}: is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ExportError(f"{source}:{exc.lineno}: JSON syntax error: {exc.msg}") from None
    except RecursionError:
        raise ExportError(f"{source}: values are nested too deeply") from None


def check_writable(
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overwrite: bool = True,
) -> Path:
    """The regular file a write to `path` replaces or creates (the file a symbolic link
    names), or an `ExportError` saying why it may not be written."""
    from pathlib import Path

    given = Path(path)
    try:
        status: os.stat_result | None = os.stat(given)  # through links, as the kernel sees them
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise ExportError(f"{given}: cannot be written: {exc.strerror}") from None
    if status is None:
        if given.is_symlink():
            raise ExportError(
                f"{given}: is a symbolic link to {os.readlink(given)}, which does not exist",
                hint="write to the file itself, or create it first",
            )
        directory = given.parent
        if not directory.is_dir():
            raise ExportError(f"{given}: no such directory: {directory}", hint="create it first")
        return given
    kind = _kind(status.st_mode)
    if kind == "a directory":
        raise ExportError(f"{given}: is a directory", hint="give a file name")
    if kind != "file":
        raise ExportError(
            f"{given}: is {kind}; servicekit writes only regular files",
            hint="write to a file, or give -o - for standard output",
        )
    for source in inputs:
        if _same_file(status, source):
            raise ExportError(
                f"{given}: refusing to overwrite the input",
                hint="write the output to another file",
            )
    if not overwrite:
        raise ExportError(
            f"{given}: already exists", hint="choose another name, or --force to replace it"
        )
    if not status.st_mode & 0o222 or not os.access(given, os.W_OK):
        raise ExportError(
            f"{given}: is read-only, so it is left as it is",
            hint="make it writable (chmod u+w) or write to another file",
        )
    if not _may_give(status):
        raise ExportError(
            f"{given}: belongs to another user, and replacing it would make it yours",
            hint="write it as its owner, or to another file",
        )
    return _through_link(given, status)


def write_atomically(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overwrite: bool = True,
) -> None:
    """Write `data` to `path` as the module's docstring says; refuse to overwrite any of
    `inputs` (or, unless `overwrite`, anything)."""
    target = check_writable(path, inputs=inputs, overwrite=overwrite)
    try:
        status: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        status = None
    with _signals_end_the_write():
        temporary = _create_beside(target)
        try:
            if status is not None:
                _keep_owner_and_mode(temporary, status)
            with open(temporary, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            _remove(temporary)
            raise ExportError(f"{path}: cannot be written: {exc.strerror}") from None
        except BaseException:
            _remove(temporary)
            raise
    _sync_directory(target.parent)


def _through_link(path: Path, status: os.stat_result) -> Path:
    """The regular file a symbolic link finally names; `path` itself when it is not a link."""
    from pathlib import Path

    if not path.is_symlink():
        return path
    final = Path(os.path.realpath(path))
    try:
        same = _same_file(status, final)
    except OSError:
        same = False
    if not same:  # a link the kernel resolves differently, such as those under /proc
        raise ExportError(
            f"{path}: is a symbolic link servicekit cannot follow to a file",
            hint="write to the file itself, or give -o - for standard output",
        )
    return final


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (a named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _same_file(status: os.stat_result, source: str | os.PathLike[str]) -> bool:
    try:
        other = os.stat(source)
    except OSError:
        return False
    return (status.st_dev, status.st_ino) == (other.st_dev, other.st_ino)


def _may_give(status: os.stat_result) -> bool:
    """Whether a new file can be given the old one's owner and group."""
    if not hasattr(os, "geteuid"):
        return True  # Windows: no owners to keep
    if os.geteuid() == 0:
        return True
    return status.st_uid == os.geteuid() and (
        status.st_gid == os.getegid() or status.st_gid in os.getgroups()
    )


def _keep_owner_and_mode(path: Path, status: os.stat_result) -> None:
    if hasattr(os, "chown") and (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
        os.chown(path, status.st_uid, status.st_gid)
    os.chmod(path, stat.S_IMODE(status.st_mode))


def _create_beside(target: Path) -> Path:
    """A new, empty temporary file in the target's directory, created with 0666 less the
    umask (the permissions a new target should get) without reading the umask, which is
    process-wide and not safe to change while other threads run."""
    import secrets  # here: its hashlib would cost every command that only reads files

    directory = target.parent
    for _ in range(100):
        candidate = directory / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(
                f"{target}: cannot write in {directory}: {exc.strerror}",
                hint="choose a directory you can write to",
            ) from None
        return candidate
    raise ExportError(f"{target}: cannot make a temporary file in {directory}")


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


_ENDING = ("SIGTERM", "SIGHUP")
"""The signals that end a write as SIGINT does (those the platform has)."""


class _Ended(BaseException):
    """SIGTERM or SIGHUP arrived while a file was being written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_end_the_write() -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP raise (as SIGINT does), so the temporary file is
    removed; then the signal is delivered again, to end the process as it would have.

    Only the main thread receives signals; elsewhere, and for signals the process ignores,
    nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    import signal  # only writing needs it: reading a catalogue does without

    def raise_ended(signum: int, _frame: FrameType | None) -> None:
        raise _Ended(signum)

    previous = {}
    for signum in (getattr(signal, name) for name in _ENDING if hasattr(signal, name)):
        handler = signal.getsignal(signum)
        if handler is signal.SIG_DFL:
            previous[signum] = signal.signal(signum, raise_ended)
    try:
        yield
    except _Ended as ended:
        _restore(previous)
        previous = {}
        signal.raise_signal(ended.signum)
        raise SystemExit(128 + ended.signum) from None  # if the signal did not end it
    finally:
        _restore(previous)


def _restore(previous: dict[int, Any]) -> None:
    import signal

    for signum, handler in previous.items():
        signal.signal(signum, handler)
