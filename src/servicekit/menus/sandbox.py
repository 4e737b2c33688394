"""The sandbox menu templates run in: a template lays out a menu and can do nothing else.

A clinic's template is a file anyone may hand a manager, so it is treated as untrusted:

- Jinja2's `ImmutableSandboxedEnvironment`: no attributes starting with `_` (so no
  `cycler.__init__.__globals__`), no functions of Python's internals, nothing changed in place.
- Bounded work: `range()` gives at most `MAX_RANGE` numbers and all of a render's ranges together
  at most `MAX_STEPS`; `*` and `**` may not make huge strings, lists or numbers; a number a
  template hands a filter or a method, or a width in a format string, is at most `MAX_NUMBER`;
  the output is at most `MAX_OUTPUT` characters. (A loop over the menu is bounded by the menu.)
- Files: the template given, and the templates it includes, imports or extends from its own
  folder or below it, named `*.j2`, `*.jinja` or `*.jinja2`; no symbolic link is followed, so
  nothing outside that folder can be reached. Any other file beside it (`secret.txt`, the
  catalogue) cannot be read.

Breaking a bound raises `SecurityError`, which `render` reports with the template's line.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_RANGE = 10_000
"""The most numbers one `range()` may give: a menu has far fewer of anything."""
MAX_STEPS = 1_000_000
"""The most numbers all `range()` calls of one render may give together."""
MAX_NUMBER = 100_000
"""The largest number a template may pass to a filter or method (a width, a count)."""
MAX_OUTPUT = 16 * 1024 * 1024
"""The most characters a rendered menu may have: a long menu is some 100,000."""
MAX_SIZE = 1_000_000
"""The largest string or list `*` may make."""
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")
"""What a file a template includes, imports or extends must be named."""

_WIDE_FORMAT = re.compile(r"\d{6,}")
"""A field width or precision in a format string, e.g. `%999999999s` or `{:>999999999}`."""


class MenuSandbox(ImmutableSandboxedEnvironment):
    """The environment menus render in; one per render, since it counts the render's work."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.steps = 0
        self.intercepted_binops = frozenset(("*", "**", "%"))
        self.globals["range"] = self.bounded_range
        for name in ("lipsum",):  # generates text without bound; a menu has no use for it
            self.globals.pop(name, None)
        self.filters = {name: _bounded(f) for name, f in self.filters.items()}

    def bounded_range(self, *args: int) -> range:
        numbers = range(*(_number(arg) for arg in args))
        if len(numbers) > MAX_RANGE:
            raise SecurityError(f"range() may give at most {MAX_RANGE:,} numbers")
        self.steps += len(numbers)
        if self.steps > MAX_STEPS:
            raise SecurityError(f"a template may loop at most {MAX_STEPS:,} times over range()")
        return numbers

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if isinstance(getattr(obj, "__self__", None), str):  # "x".ljust(10**9) and the like
            _check_arguments(args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _big(right, 100):
            raise SecurityError("an exponent may be at most 100")
        if operator == "*":
            for sized, count in ((left, right), (right, left)):
                many = isinstance(sized, str | list | tuple) and isinstance(count, int)
                if many and len(sized) * count > MAX_SIZE:
                    raise SecurityError(f"'*' may make at most {MAX_SIZE:,} items")
        if operator == "%" and isinstance(left, str):
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format(value.__self__)
        return wrapped


def render_bounded(template: jinja2.Template, **variables: Any) -> str:
    """The template rendered, refused once it passes `MAX_OUTPUT` characters (the error's
    `where` is the template line writing then)."""
    parts, size = [], 0
    generated = template.generate(**variables)
    for part in generated:
        size += len(part)
        if size > MAX_OUTPUT:
            error = SecurityError(f"the menu would be over {MAX_OUTPUT:,} characters long")
            error.where = _writing(generated, template)  # type: ignore[attr-defined]
            raise error
        parts.append(part)
    return "".join(parts)


def _writing(generated: Any, template: jinja2.Template) -> str:
    """Where a paused render is: the innermost template generator's line."""
    frame = None
    while generated is not None and getattr(generated, "gi_frame", None) is not None:
        frame = generated.gi_frame
        generated = getattr(generated, "gi_yieldfrom", None)
    if frame is None:
        return template.filename or template.name or "<template>"
    line = template.get_corresponding_lineno(frame.f_lineno)
    return f"{template.filename or template.name}:{line}"


class FolderLoader(jinja2.BaseLoader):
    """The template `main` and the templates in its folder, by the rule in this module's
    docstring."""

    def __init__(self, main: Path) -> None:
        self.folder = main.parent
        self.main = main.name

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder / self.main if template == self.main else self._beside(template)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise jinja2.TemplateNotFound(template) from None
        except (OSError, UnicodeDecodeError) as error:
            raise SecurityError(f"'{template}' cannot be read: {error}") from None
        mtime = path.stat().st_mtime
        return text, str(path), lambda: path.stat().st_mtime == mtime

    def _beside(self, name: str) -> Path:
        parts = name.replace("\\", "/").split("/")
        if (
            not name.endswith(TEMPLATE_SUFFIXES)
            or name.startswith("/")
            or any(part in ("", ".", "..") for part in parts)
        ):
            raise SecurityError(
                f"a template may include only templates named *.j2, *.jinja or *.jinja2 "
                f"from its own folder or below it, not '{name}'"
            )
        path = self.folder
        for part in parts:
            path = path / part
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                raise jinja2.TemplateNotFound(name) from None
            if stat.S_ISLNK(mode):
                raise SecurityError(
                    f"'{name}' is reached through a symbolic link; none is followed"
                )
        if not stat.S_ISREG(mode):
            raise SecurityError(f"'{name}' is not a file")
        return path

    def list_templates(self) -> list[str]:
        return sorted(_templates(self.folder, ""))


def _templates(folder: Path, prefix: str) -> Iterator[str]:
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            yield from _templates(Path(entry.path), f"{prefix}{entry.name}/")
        elif entry.is_file(follow_symlinks=False) and entry.name.endswith(TEMPLATE_SUFFIXES):
            yield prefix + entry.name


def _bounded(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses huge numbers and format widths among its arguments."""

    passed = getattr(function, "jinja_pass_arg", None)  # a context or environment comes first
    value = 1 if passed is None else 2
    formats = getattr(function, "__name__", "") == "do_format"

    def bounded(*args: Any, **kwargs: Any) -> Any:
        if formats:  # its arguments are values to format; its format string is what to check
            _check_format(args[value - 1] if len(args) >= value else None)
        else:
            _check_arguments(args[value:], kwargs)
        return function(*args, **kwargs)

    if passed is not None:
        bounded.jinja_pass_arg = passed  # type: ignore[attr-defined]
    return bounded


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if _big(value, MAX_NUMBER):
            raise SecurityError(
                f"a number given to a filter or method may be at most {MAX_NUMBER:,}"
            )


def _check_format(text: object) -> None:
    if isinstance(text, str) and _WIDE_FORMAT.search(text):
        raise SecurityError("a format string may not ask for a field 100,000 wide or wider")


def _number(value: Any) -> int:
    if _big(value, MAX_STEPS):
        raise SecurityError(f"range() may give at most {MAX_RANGE:,} numbers")
    return int(value)


def _big(value: Any, limit: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > limit
