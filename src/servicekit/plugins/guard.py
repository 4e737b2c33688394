"""Running a plugin's code so that whatever goes wrong in it is the plugin's error, named,
never the end of the process nor a traceback.

A plugin is Python code running with the user's privileges: servicekit cannot stop one that
means harm (it could kill its own process). It guards against what goes wrong by mistake: an
exception of any kind (`GeneratorExit` and home-made `BaseException`s included), `sys.exit()`
and `os._exit()`. Only `KeyboardInterrupt`, the user's own Ctrl-C, passes through.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import NoReturn

from servicekit.errors import PluginError


class PluginExit(BaseException):
    """Raised in place of `os._exit()` while a plugin's code runs."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


_real_exit = os._exit
_lock = threading.Lock()
_running = 0


def _refuse_exit(status: int) -> NoReturn:
    raise PluginExit(status)


class exits_refused:  # named as the function it replaces: `with exits_refused():`
    """While plugin code runs (in any thread), `os._exit()` raises `PluginExit` instead of
    ending the process at once, without cleanup and without a word. (A class rather than a
    generator: screening enters it twice for every screening.)"""

    __slots__ = ()

    def __enter__(self) -> None:
        global _running
        with _lock:
            if _running == 0:
                os._exit = _refuse_exit
            _running += 1

    def __exit__(self, *exc: object) -> None:
        global _running
        with _lock:
            _running -= 1
            if _running == 0:
                os._exit = _real_exit


@contextlib.contextmanager
def guarded(
    plugin: str,
    doing: str,
    *,
    hint: str | None = None,
    passing: type[BaseException] | tuple[type[BaseException], ...] = PluginError,
) -> Iterator[None]:
    """Run plugin code; any failure becomes a `PluginError` naming `plugin`, saying what it
    was `doing` ("in servicekit_modalities", "on import") and where in its code it failed.

    Exceptions of the `passing` types (a `PluginError` already naming its plugin, by
    default) pass through as they are.
    """
    with exits_refused():
        try:
            yield
        except KeyboardInterrupt:
            raise
        except passing:
            raise
        except BaseException as exc:
            raise PluginError(
                f"plugin '{plugin}' failed {doing}: {what_happened(exc)}{raised_at(exc)}",
                hint=hint or f"report it to the plugin's authors, or run with -p no:{plugin}",
                plugin=plugin,
            ) from exc


def what_happened(exc: BaseException) -> str:
    """A plugin's failure in words: an attempt to end the process is said as such."""
    if isinstance(exc, SystemExit):
        return f"it tried to end the process (sys.exit({exc.code!r}))"
    if isinstance(exc, PluginExit):
        return f"it tried to end the process (os._exit({exc.status!r}))"
    return f"{type(exc).__name__}: {exc}"


_OURS = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def raised_at(exc: BaseException) -> str:
    """Where in the plugin's own code an exception was raised (not in servicekit's or the
    import machinery's), so its author knows which line to fix: " at FILE:LINE", or ""."""
    import traceback  # only for a plugin that failed: start-up need not pay for it

    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if not frame.filename.startswith(("<", _OURS))
    ]
    return f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
