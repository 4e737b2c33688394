"""Running plugins' screening checks so that nothing a check does passes for "all clear".

A check that raises anything (`SystemExit`, `GeneratorExit`, an exception of its own; only
`KeyboardInterrupt`, the user's, goes through), calls `os._exit`, returns what is not findings,
or runs past `TIME_LIMIT` is a failure, named with the file and line it came from; the
screening is then incomplete. The process goes on.

How: checks run in the thread that screens (the main one or a server's worker), with no cost
when they return in time. `os._exit` refuses while they run (`plugins.guard.exits_refused`,
as for any plugin code). A watchdog thread, started on first use, looks at the running checks
a few times a second; one past the limit is interrupted: by a signal in the main thread (which
also ends a `sleep` or a blocking read), by an exception raised in it in any other thread.

What it does not do: a plugin is code running with the user's privileges, loaded because the
user installed it. This guards against a check's mistakes, not against malice: a check can still
kill the process with a signal, start threads or processes that outlive it, write files, or
catch the interruption and go on. In a thread other than the main one, a check blocked inside
C code (a sleep, a socket read) is interrupted only when that call returns.
"""

from __future__ import annotations

import contextvars
import ctypes
import functools
import os
import signal
import threading
import time
import types
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

from servicekit.model.screening import (
    SCOPES,
    SEVERITIES,
    Check,
    Constraints,
    Finding,
    FindingText,
)
from servicekit.plugins.guard import exits_refused, raised_at, what_happened
from servicekit.screening.wording import Words

TIME_LIMIT = 2.0
"""Seconds a check may take for one service before it is stopped; checks take microseconds."""

MAX_FINDINGS = 1000
"""More findings than any booking can have: a check that yields more is yielding for ever."""

RERAISE = contextvars.ContextVar("servicekit_reraise_check_errors", default=False)
"""When set (`servicekit.testing`'s `reraise_check_errors`), a failing check's exception is
raised as it is, for a plugin's own tests to see its traceback."""


class CheckFailed(Exception):
    """A check failed; the message names it, its plugin, what went wrong and where."""


class CheckTimedOut(BaseException):
    """Raised inside a check that ran past the time limit (a BaseException, as what stops a
    check must not be caught by its `except Exception`)."""


class _Watch:
    """The checks one thread is running: which, since when, and whether it was interrupted."""

    __slots__ = ("check", "fired", "started", "thread")

    def __init__(self, thread: int) -> None:
        self.thread = thread
        self.check: Check | None = None
        self.started = 0.0
        self.fired = 0.0


_now = time.monotonic
_watches: dict[int, _Watch] = {}
_lock = threading.Lock()
_watching = False
"""Whether the watchdog has started (set once, under `_lock`)."""
_alarms = {"sent": 0, "seen": 0}
"""SIGALRMs the watchdog sent the main thread, and those its handler took: one that comes after
its check returned is ours, and ignored. (Each count has one writer.)"""


class watched:
    """Checks run inside `with watched() as watch:` are watched: `watch.run(check, plugin,
    situation)` runs one. Cheap to enter and leave; within another `watched` of the same
    thread (a screening's, around all its checks), it is that one."""

    __slots__ = ("_exits", "_nested", "_watch")

    def __enter__(self) -> watched:
        if not _watching:
            _start()
        thread = threading.get_ident()
        outer = _watches.get(thread)
        self._nested = outer is not None
        self._watch = outer or _Watch(thread)
        if not self._nested:
            self._exits = exits_refused()
            self._exits.__enter__()
        _watches[thread] = self._watch
        return self

    def __exit__(self, *exc: object) -> None:
        if self._nested:
            return
        watch = self._watch
        with _lock:
            watch.check = None
            fired = watch.fired
            del _watches[watch.thread]
        self._exits.__exit__(None, None, None)
        if fired:
            _cancel(watch.thread)

    def run(self, check: Check, plugin: str, situation: Any) -> list[Finding]:
        """The findings of one check, or `CheckFailed` saying why there are none."""
        watch = self._watch
        watch.started = _now()
        watch.check = check
        try:
            try:
                return _findings(check.run(situation))
            finally:
                watch.check = None
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            if RERAISE.get():
                raise
            raise CheckFailed(failure(check, plugin, exc)) from None


def failure(check: Check, plugin: str, exc: BaseException) -> str:
    """What went wrong in a check, in words, with where in the plugin's code."""
    about = f"check '{check.id}' from plugin '{plugin}'"
    if isinstance(exc, CheckTimedOut):
        return f"{about} ran past the {TIME_LIMIT:g} s limit and was stopped{raised_at(exc)}"
    if isinstance(exc, _Malformed):
        return f"{about} failed: {exc}"
    return f"{about} failed: {what_happened(exc)}{raised_at(exc)}"


class _Malformed(TypeError):
    """A check returned what is not findings: the message says what."""


PLAIN_ITERABLES = (types.GeneratorType, list, tuple)


def _findings(result: object) -> list[Finding]:
    """A check's result as findings, or `_Malformed` saying what is wrong with it."""
    if result is None:
        return []
    if isinstance(result, Finding):
        result = (result,)
    elif type(result) not in PLAIN_ITERABLES and (  # a generator, usually: no ABC checks
        isinstance(result, str | bytes | Mapping) or not isinstance(result, Iterable)
    ):
        raise _Malformed(f"it returned {type(result).__name__}; return Finding records")
    findings: list[Any] = []
    for finding in result:  # type: ignore[attr-defined]
        problem = _finding_problem(finding)
        if problem:
            raise _Malformed(problem)
        findings.append(finding)
        if len(findings) > MAX_FINDINGS:
            raise _Malformed(
                f"it returned more than {MAX_FINDINGS} findings; is it yielding for ever?"
            )
    return findings


def _finding_problem(finding: object) -> str | None:
    """Why a check's finding cannot be used, or None."""
    if not isinstance(finding, Finding):
        return f"it returned {type(finding).__name__}, not Finding"
    if finding.severity not in SEVERITIES:
        return f"severity {finding.severity!r} is not one of {', '.join(SEVERITIES)}"
    if finding.scope not in SCOPES:
        return f"scope {finding.scope!r} is not one of {', '.join(SCOPES)}"
    if not isinstance(finding.constraints, Constraints):
        return f"constraints must be Constraints, not {type(finding.constraints).__name__}"
    if not isinstance(finding.reason, str) or not finding.reason:
        return "its reason must be a non-empty string"
    if not isinstance(finding.rule, str) or not finding.rule:
        return "its rule must be a non-empty string"
    if finding.subject is not None and not isinstance(finding.subject, str):
        return "its subject must be a string or None"
    if finding.modification is not None and not isinstance(finding.modification, str):
        return "its modification must be a string or None"
    if finding.credential is not None and not isinstance(finding.credential, str):
        return "its credential must be a string or None"
    if not _strings(finding.triggers):
        return "its triggers must be a tuple of strings"
    if not _strings(finding.sources):
        return "its sources must be a tuple of strings"
    if finding.cleared_by is not None:
        return "a check cannot clear its own finding; clearances come from the intake"
    if finding.translations:
        return _translations_problem(finding.translations)
    return None


def _strings(values: object) -> bool:
    """Whether `values` is a tuple of strings."""
    # isinstance(value, str) for each, without a generator's frame: checks' findings are many
    return isinstance(values, tuple) and all(map(str.__instancecheck__, values))


def _translations_problem(translations: Mapping[str, Any]) -> str | None:
    """Why a check's finding's translations cannot be used, or None."""
    if isinstance(translations, Words):  # servicekit's own words
        return None
    for key, text in translations.items():
        if not isinstance(key, str) or not _is_locale(key):
            return f"its translations are keyed by locale (de, de_AT, ...), not {key!r}"
        if not isinstance(text, FindingText):
            return f"its translation for {key} must be FindingText, not {type(text).__name__}"
        if not isinstance(text.reason, str) or not text.reason:
            return f"its translation for {key} needs a reason"
        if text.modification is not None and not isinstance(text.modification, str):
            return f"its translation for {key} has a modification that is not a string"
    return None


@functools.cache
def _is_locale(key: str) -> bool:
    from servicekit.errors import Invalid
    from servicekit.loading.scalars import SCALARS
    from servicekit.model.fields import LocaleId

    try:
        SCALARS[LocaleId].check(key)
    except Invalid:
        return False
    return True


def _start() -> None:
    """Start the watchdog, and take SIGALRM in the main thread if nothing else has: once a
    process."""
    global _watching
    with _lock:
        if _watching:
            return
        main = threading.current_thread() is threading.main_thread()
        if main and _can_signal() and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None):
            signal.signal(signal.SIGALRM, _on_alarm)
        threading.Thread(target=_watchdog, name="servicekit-check-watchdog", daemon=True).start()
        _watching = True


def _can_signal() -> bool:
    return hasattr(signal, "SIGALRM") and hasattr(signal, "pthread_kill")


def _watchdog() -> NoReturn:
    while True:
        time.sleep(min(0.1, TIME_LIMIT / 10))
        now = time.monotonic()
        with _lock:
            for watch in list(_watches.values()):
                overdue = watch.check is not None and now - watch.started > TIME_LIMIT
                if overdue and now - watch.fired > TIME_LIMIT:
                    watch.fired = now  # and again after another limit, if it goes on
                    _interrupt(watch.thread)


def _interrupt(thread: int) -> None:
    main = thread == threading.main_thread().ident
    if main and _can_signal() and signal.getsignal(signal.SIGALRM) is _on_alarm:
        _alarms["sent"] += 1
        signal.pthread_kill(thread, signal.SIGALRM)  # ends a sleep or a read too
        return
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(CheckTimedOut)
    )


def _cancel(thread: int) -> None:
    """Take back an interruption that came too late to stop the check it was meant for (a
    signal cannot be taken back: its handler knows it for a late one)."""
    main = thread == threading.main_thread().ident
    if not (main and _can_signal() and signal.getsignal(signal.SIGALRM) is _on_alarm):
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), None)


def _on_alarm(signum: int, frame: types.FrameType | None) -> None:
    if _alarms["seen"] < _alarms["sent"]:
        _alarms["seen"] += 1
        watch = _watches.get(threading.get_ident())
        if watch is not None and watch.check is not None:
            raise CheckTimedOut(watch.check.id)
        return  # its check returned meanwhile
    # Not ours: do what SIGALRM would have done without this handler.
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGALRM)


__all__ = [
    "MAX_FINDINGS",
    "RERAISE",
    "TIME_LIMIT",
    "CheckFailed",
    "CheckTimedOut",
    "failure",
    "watched",
]
