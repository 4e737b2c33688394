"""What servicekit says, in the reader's language: gettext message catalogues by locale.

Code marks its messages with `_` (translate now, in the active locale) or `N_` (mark a constant
for extraction; translate it where it is used, `_(HEADING)`); templates use Jinja2's i18n
extension (`{{ _("Add-ons") }}`). Placeholders are named, `%(name)s`, in both, so a translator
may reorder them: `_("Only at %(places)s.", places=names)`. `pybabel extract` (configured in
pyproject.toml) collects the messages into `locales/servicekit.pot`; each language's `.po` file
holds its translations and is compiled to the `.mo` file read here (docs/menus.md, "Languages").

The active locale is a context variable: inside `with translating("de_DE"):` every `_`, in
servicekit or in a plugin, says it in German, per thread and per asyncio task, so a server can
render menus in several languages at once. Outside, servicekit speaks English. A plugin keeps
its own messages in its own catalogues and says them with a `Messages` of its own, which
follows the same active locale.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as stdlib_gettext
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

DOMAIN = "servicekit"
_LOCALES = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "locales")
"""The message catalogues: `<language>/LC_MESSAGES/servicekit.po` and its compiled `.mo`;
`LOCALES` as a `Path`, made on first use (pathlib costs `servicekit check`'s start-up)."""

LANGUAGES = ("en", "de", "fr", "es")
"""The languages servicekit speaks, each complete (a test fails on a missing translation)."""
SOURCE_LOCALE = "en"
"""The language messages are written in."""


def __getattr__(name: str) -> Path:
    if name != "LOCALES":
        raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
    from pathlib import Path

    globals()[name] = locales = Path(_LOCALES)
    return locales


Said = TypeVar("Said")

_active: contextvars.ContextVar[str] = contextvars.ContextVar(
    "servicekit_locale", default=SOURCE_LOCALE
)


def active_locale() -> str:
    """The locale messages are translated to now, e.g. "de_DE"; "en" by default."""
    return _active.get()


@contextlib.contextmanager
def translating(locale: str | None) -> Iterator[str]:
    """Translate every message marked with `_` into `locale` inside the block (None: keep
    the active one). Yields the locale."""
    if locale is None:
        yield active_locale()
        return
    token = _active.set(locale)
    try:
        yield locale
    finally:
        _active.reset(token)


@functools.cache
def translations(locale: str) -> stdlib_gettext.NullTranslations:
    """The compiled catalogue for `locale` ("de_AT" falls back to "de"; a language servicekit
    does not speak, to English). What Jinja2's i18n extension is given, too."""
    return stdlib_gettext.translation(
        DOMAIN, _LOCALES, languages=[locale.replace("-", "_")], fallback=True
    )


def _(message: str, /, **values: Any) -> str:
    """`message` in the active locale, with its `%(name)s` placeholders filled from `values`."""
    locale = _active.get()
    # English says every message as written (a test holds the English catalogue to it): what
    # a quote's JSON says is worded without a look-up.
    text = message if locale == SOURCE_LOCALE else translations(locale).gettext(message)
    return text % values if values else text


gettext = _


def ngettext(singular: str, plural: str, count: int, /, **values: Any) -> str:
    """The singular or plural form for `count` (as the active language counts), filled;
    `%(count)s` is `count` unless `values` say otherwise."""
    text = translations(_active.get()).ngettext(singular, plural, count)
    return text % {"count": count, **values}


def speaking(locale: str, function: Callable[..., Said], /, *arguments: Any) -> Said:
    """`function(*arguments)` with `locale` active: what a rule type or condition words, in
    its reader's language (a cheaper `translating` for one call)."""
    if _active.get() == locale:
        return function(*arguments)
    token = _active.set(locale)
    try:
        return function(*arguments)
    finally:
        _active.reset(token)


class Messages:
    """A plugin's own messages, in the active locale: its gettext `domain`, compiled from
    Babel catalogues under `directory` (`<language>/LC_MESSAGES/<domain>.mo`).

    `_ = Messages("servicekit_student", Path(__file__).parent / "locales")` makes the `_` a
    plugin marks its messages with and says them with: `_("%(percent)s off for students",
    percent=words.percent(self.percent))` is German inside `translating("de_DE")` (and when
    servicekit words a rule for a German reader), English where the catalogue has no
    translation. `pybabel extract` finds `_()` calls in the plugin's source as in servicekit's.
    """

    def __init__(self, domain: str, directory: str | os.PathLike[str]) -> None:
        self.domain, self.directory = domain, str(directory)
        self._found: dict[str, stdlib_gettext.NullTranslations] = {}

    def translations(self, locale: str) -> stdlib_gettext.NullTranslations:
        """The compiled catalogue for `locale` (by language, then English), read once."""
        found = self._found.get(locale)
        if found is None:
            found = self._found[locale] = stdlib_gettext.translation(
                self.domain, self.directory, languages=[locale.replace("-", "_")], fallback=True
            )
        return found

    def __call__(self, message: str, /, **values: Any) -> str:
        """`message` in the active locale, its `%(name)s` placeholders filled from `values`."""
        text = self.translations(_active.get()).gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        """The singular or plural for `count` in the active locale, filled (`%(count)s` too)."""
        text = self.translations(_active.get()).ngettext(singular, plural, count)
        return text % {"count": count, **values}


def reader_locale(locale: object, error: Callable[..., Exception]) -> str:
    """A locale text can be read in ("de-DE" is de_DE, "de" a language), or `error(message,
    hint=...)` (a `ServicekitError` class) saying why `locale` is not one."""
    from servicekit.errors import Invalid
    from servicekit.loading.scalars import SCALARS
    from servicekit.model.fields import LocaleId

    if not isinstance(locale, str):
        raise error(f"a locale is text such as de_DE, not {type(locale).__name__}")
    try:
        return str(SCALARS[LocaleId].check(locale.replace("-", "_")))
    except Invalid as invalid:
        raise error(invalid.message, hint=invalid.hint) from None


def then(said: Iterable[str], gettext: Callable[..., str] = _) -> str:
    """Clauses one after the other, separated as the language separates them with a
    semicolon: "a; b" ("a ; b" in French). Empty ones are left out. `gettext` says the
    separator (default: in the active locale)."""
    clauses = [clause for clause in said if clause]
    text = clauses[0] if clauses else ""
    for clause in clauses[1:]:
        text = gettext("%(said)s; %(more)s", said=text, more=clause)
    return text


def N_(message: str) -> str:
    """Mark `message` for translation without translating it (a constant, translated where
    it is shown with `_`)."""
    return message


def join(names: Iterable[str], style: str = "and") -> str:
    """`a`, `a and b`, `a, b and c` in the active language ("a, b und c"); `style="or"` for
    alternatives."""
    from babel.lists import format_list

    return format_list(list(names), "standard" if style == "and" else "or", _active.get())


__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALES",
    "N_",
    "Messages",
    "_",
    "active_locale",
    "gettext",
    "join",
    "ngettext",
    "reader_locale",
    "speaking",
    "then",
    "translating",
    "translations",
]
