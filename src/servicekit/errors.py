"""Errors a user can cause, and the problems they are made of.

A `ServicekitError` is something the user can fix: the CLI prints it without a traceback and
exits 1. Bugs are not `ServicekitError`s; they raise normally so they get noticed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal

import attrs

KeyPath = tuple[str | int, ...]

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def render_path(path: KeyPath) -> str:
    """`("services", "deep-tissue", "variations", 1)` -> `$.services.deep-tissue.variations[1]`."""
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _PLAIN_KEY.match(part):
            out.append(f".{part}")
        else:
            import json  # a key quoted JSON's way: rare, so imported only then

            out.append(f"[{json.dumps(str(part), ensure_ascii=False)}]")
    return "".join(out)


def did_you_mean(
    word: str,
    choices: Iterable[str],
    *,
    listing: int = 12,
    gettext: Callable[..., str] | None = None,
) -> str:
    """A hint naming the closest choice, or listing the choices when there are few; in the
    language `gettext` says servicekit's messages in (a reader's words': a quote's warnings),
    English by default."""
    import difflib  # only a mistake needs it: imported when one is made

    gettext = gettext or _as_written
    choices = sorted(set(choices))
    # A word far longer than every choice is like none of them; comparing costs its length.
    longest = max(map(len, choices), default=0)
    close = []
    if len(word) <= 2 * longest + 8:
        close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:  # a choice with more written after it: fee_monthly is the fee
        close = [c for c in choices if word.startswith((f"{c}_", f"{c}-", f"{c}."))][-1:]
    if close:
        return gettext("did you mean '%(choice)s'?", choice=close[0])
    if not choices:
        return gettext("there is nothing to choose from yet")
    if len(choices) <= listing:
        return gettext("choose one of: %(choices)s", choices=", ".join(choices))
    return gettext(
        "choose one of the %(count)s known ids, e.g. %(choices)s",
        count=len(choices),
        choices=", ".join(choices[:5]),
    )


def _as_written(message: str, /, **values: object) -> str:
    return message % values if values else message


def _check_path(path: object) -> None:
    if path is None:
        return
    if not isinstance(path, tuple) or not all(isinstance(p, str | int) for p in path):
        raise TypeError(
            f"a problem's path is a tuple of keys and indexes, e.g. ('services', 'swedish'), "
            f"not {path!r}"
        )


@attrs.frozen
class Problem:
    """One thing wrong with (or worth a warning about) a catalogue, located by its key path."""

    path: KeyPath | None = attrs.field(validator=lambda _i, _a, value: _check_path(value))
    """Where in the catalogue: keys and indexes, e.g. ("services", "swedish", "variations", 0);
    None for the file as a whole (a syntax error, say)."""
    message: str = attrs.field(validator=attrs.validators.instance_of(str))
    hint: str | None = None
    severity: Literal["error", "warning"] = attrs.field(
        default="error", validator=attrs.validators.in_(("error", "warning"))
    )
    line: int | None = None

    def render(self, source: str | None = None) -> str:
        where = source or "<catalogue>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        label = "warning: " if self.severity == "warning" else ""
        place = "" if self.path is None else f"{render_path(self.path)}: "
        text = f"{where}: {label}{place}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "path": None if self.path is None else render_path(self.path),
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
        }


def repeated(values: Iterable[object]) -> Iterator[tuple[int, str, str]]:
    """For each value a list holds more than once: where it is repeated, and the problem
    (message, hint). One problem per value, however often it is repeated."""
    counts: dict[object, int] = {}
    again: dict[object, int] = {}
    for index, value in enumerate(values):
        counts[value] = counts.get(value, 0) + 1
        if counts[value] == 2:
            again[value] = index
    for value, index in again.items():
        if counts[value] == 2:
            yield index, f"'{value}' is listed twice", "remove one of them"
        else:
            yield index, f"'{value}' is listed {counts[value]:,} times", "keep only one"


class Problems(list[Problem]):
    """The problems a build finds, as a list: the first `KEPT` are kept and the rest only
    counted (`omitted`), so a file with a million mistakes costs what one with a thousand
    does, and its report stays readable."""

    KEPT = 1000

    def __init__(self) -> None:
        super().__init__()
        self.omitted = 0

    def append(self, problem: Problem) -> None:
        if len(self) < self.KEPT:
            super().append(problem)
        else:
            self.omitted += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)


SHOWN = 100
"""At most this many problems are printed for a document; a count stands for the rest."""


def rendered(problems: Sequence[Problem], source: str | None, omitted: int = 0) -> list[str]:
    """The first `SHOWN` problems rendered one a line, then a line counting the others."""
    lines = [problem.render(source) for problem in problems[:SHOWN]]
    more = len(problems) - len(lines) + omitted
    if more:
        lines.append(f"... and {more:,} more problem{'s' * (more != 1)} not shown")
    return lines


class Invalid(ValueError):
    """A value the catalogue format does not accept; `hint` says how to fix it.

    Raise it from a rule type's parameter class (in `__attrs_post_init__`, say) and the
    problem is reported at that rule's key path, like any other.
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ServicekitError(Exception):
    """An error the user caused and can fix; the message says what, where and how."""

    exit_code = 1
    """The command line's exit status for it."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[ServicekitError], state: dict[str, object]) -> ServicekitError:
    """Unpickle an error without calling its __init__ (its arguments differ by class)."""
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message"))
    error.__dict__.update(state)
    return error


class DocumentError(ServicekitError):
    """A document that cannot be read; holds every problem found, in file order."""

    what = "document"
    a_what = "a document"
    starting_point = "see the documentation"
    suffixes: tuple[str, ...] = (".toml",)
    """The file suffixes of the format, for hints."""

    def __init__(
        self, problems: Sequence[Problem], *, source: str | None = None, omitted: int = 0
    ) -> None:
        self.problems = tuple(problems)
        self.source = source
        self.omitted = omitted + (problems.omitted if isinstance(problems, Problems) else 0)
        """Problems found beyond those kept, only counted."""
        super().__init__(self._render())

    def _render(self) -> str:
        lines = rendered(self.problems, self.source, self.omitted)
        errors = sum(1 for problem in self.problems if problem.severity == "error")
        errors += self.omitted
        if errors > 1:
            lines.append(f"{errors:,} errors in {self.source or 'the document'}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message


class CatalogueError(DocumentError):
    """A catalogue that cannot be read or built."""

    what = "catalogue"
    a_what = "a catalogue"
    starting_point = (
        "a catalogue starts with `format = 1` and a [clinic] table; "
        "see docs/catalogue-format.md or copy catalogues/therapeutic-clinic.toml"
    )


class IntakeError(DocumentError):
    """A client intake that cannot be read: malformed, or using words screening does not know."""

    what = "intake"
    a_what = "an intake"
    starting_point = "an intake has a [client] table; see docs/screening.md"
    suffixes = (".toml", ".json")


class PluginError(ServicekitError):
    """A plugin that cannot be loaded or that broke the plugin contract, named.

    `plugin` is the name of the plugin at fault, when one is.
    """

    def __init__(self, message: str, *, hint: str | None = None, plugin: str | None = None):
        super().__init__(message, hint=hint)
        self.plugin = plugin


class RuleValueError(PluginError):
    """A plugin's rule type returned what the pricing contract does not allow while pricing
    (a negative surcharge, a float, money in another currency, ...), or failed: the rule and
    its plugin are named, and nothing is priced with it."""


class BookingError(ServicekitError):
    """A booking to quote or screen that does not fit the catalogue; the hint lists choices.

    `path` says where in what was asked the value is: the keyword argument, and inside it
    the item, guest or plan (`("items", 1, "service")`); `choices` the valid values; and
    `unknown` what kind of id it is ("service", "add-on", "guest", "plan", ...) when it names
    one the catalogue or the visit does not have. The command line names the option,
    argument or file line the path came from, and `POST /quote` answers with it as a JSON
    path, so every surface says the same words at its own place.
    """

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: KeyPath | None = None,
        choices: Iterable[str | int] | None = None,
        unknown: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        _check_path(path)
        self.path = path
        self.choices = None if choices is None else tuple(choices)
        self.unknown = unknown

    def within(self, *prefix: str | int) -> BookingError:
        """The same error, found inside `prefix` (an item of a visit, say): its path under it."""
        return self.at(*prefix, *(self.path or ()))

    def at(self, *path: str | int) -> BookingError:
        """The same error, at `path` (a time checked as `at` that is an item's `start`)."""
        located = copy.copy(self)
        located.path = path
        return located

    @property
    def where(self) -> str | None:
        """The path as text, `items[1].service`, when the message alone does not say where:
        inside a visit's items, guests or plans. A keyword argument of its own (`service`,
        `at`) is named by the message."""
        if self.path is None or len(self.path) < 2:
            return None
        return key_path_text(self.path)

    def __str__(self) -> str:
        said = super().__str__()
        where = self.where
        return f"{where}: {said}" if where else said


def key_path_text(path: KeyPath) -> str:
    """A key path as a Python caller writes it: `items[1].service`, `guests["guest 2"]`."""
    rendered = render_path(path)
    return rendered[2:] if rendered.startswith("$.") else rendered[1:]


class ScreeningIncomplete(ServicekitError):
    """Screening could not finish (a plugin's check failed), so nothing may be concluded."""

    exit_code = 5


class FormatError(ServicekitError):
    """`servicekit fmt` could not lay a catalogue out without changing it: a servicekit bug.
    The file is left as it was."""

    exit_code = 2

    def __init__(self, source: str, what: str) -> None:
        super().__init__(
            f"{source}: the canonical layout {what}, so the file is left as it is",
            hint="this is a bug in servicekit fmt: please report it with the file",
        )


class ExportError(ServicekitError):
    """An export that cannot be made or written: an unknown format or location, a bad
    option, a path that cannot be written, or a POS document servicekit cannot read."""


class ImportingError(ServicekitError):
    """A document from another system (a Square catalog) that servicekit cannot import."""
