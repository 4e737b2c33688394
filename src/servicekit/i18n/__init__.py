"""What servicekit says, in the reader's language: gettext message catalogues by locale.

Code marks its messages with `_` (translate now, in the active locale) or `N_` (mark a constant
for extraction; translate it where it is used, `_(HEADING)`); templates use Jinja2's i18n
extension (`{{ _("Add-ons") }}`). Placeholders are named, `%(name)s`, in both, so a translator
may reorder them: `_("Only at %(places)s.", places=names)`. `pybabel extract` (configured in
pyproject.toml) collects the messages into `locales/servicekit.pot`; each language's `.po` file
holds its translations and is compiled to the `.mo` file read here (docs/menus.md, "Languages").

The active locale is a context variable: inside `with translating("de_DE"):` every `_`, in
servicekit or in a plugin, says it in German, per thread and per asyncio task, so a server can
render menus in several languages at once. Outside, servicekit speaks English.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as stdlib_gettext
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

DOMAIN = "servicekit"
LOCALES = Path(__file__).resolve().parent.parent / "locales"
"""The message catalogues: `<language>/LC_MESSAGES/servicekit.po` and its compiled `.mo`."""
LANGUAGES = ("en", "de", "fr", "es")
"""The languages servicekit speaks, each complete (a test fails on a missing translation)."""
SOURCE_LOCALE = "en"
"""The language messages are written in."""

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
        DOMAIN, str(LOCALES), languages=[locale.replace("-", "_")], fallback=True
    )


def _(message: str, /, **values: Any) -> str:
    """`message` in the active locale, with its `%(name)s` placeholders filled from `values`."""
    text = translations(_active.get()).gettext(message)
    return text % values if values else text


gettext = _


def ngettext(singular: str, plural: str, count: int, /, **values: Any) -> str:
    """The singular or plural form for `count` (as the active language counts), filled;
    `%(count)s` is `count` unless `values` say otherwise."""
    text = translations(_active.get()).ngettext(singular, plural, count)
    return text % {"count": count, **values}


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
    "_",
    "active_locale",
    "gettext",
    "join",
    "ngettext",
    "translating",
    "translations",
]
