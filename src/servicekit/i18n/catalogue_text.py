"""The catalogue's own text in a reader's locale: its `translations` tables.

An entry (service, category, add-on, credential, tax, rule, the clinic) keeps a translation per
locale, field by field, as Saleor and Shopify do. A reader's locale takes, in turn: the
translation for that locale ("en_GB"), for its language ("en"), for another locale of its
language ("en_US"), and then the text as written; the catalogue's own language needs none.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from servicekit.errors import KeyPath, Problem
from servicekit.model.catalogue import Catalogue

FIELDS = ("name", "description")
"""The fields a translation gives (a clinic's give name and address)."""


def language(locale: str) -> str:
    return locale.replace("-", "_").partition("_")[0]


def translation_keys(translations: Mapping[str, Any], locale: str, own: str) -> list[str]:
    """The keys of `translations` that hold text for readers of `locale`, best first, in a
    catalogue written in the locale `own`."""
    locale = locale.replace("-", "_")
    wanted = language(locale)
    keys = [key for key in (locale, wanted) if key in translations]
    if wanted != language(own):
        keys += sorted(key for key in translations if language(key) == wanted and key not in keys)
    return keys


def localized(entry: Any, field: str, locale: str, own: str) -> Any:
    """`entry`'s `field` for readers of `locale`: its translation, or the text as written."""
    written = getattr(entry, field)
    translations = getattr(entry, "translations", None)
    if not translations or written is None or locale == own:
        return written
    for key in translation_keys(translations, locale, own):
        said = getattr(translations[key], field, None)
        if said is not None:
            return said
    return written


def untranslated(catalogue: Catalogue) -> Iterator[Problem]:
    """A warning for each entry with text that has no translation in a locale of the clinic's
    `locales`: its readers would see the text as written."""
    own = catalogue.clinic.locale
    for locale in catalogue.clinic.locales:
        for path, entry in _entries(catalogue):
            keys = translation_keys(entry.translations, locale, own)
            missing = [
                field
                for field in FIELDS
                if getattr(entry, field, None)
                and not any(getattr(entry.translations[key], field) for key in keys)
            ]
            if missing:
                fields = ", ".join(f'{field} = "..."' for field in missing)
                yield Problem(
                    (*path, "translations"),
                    f"no {locale} text for {' and '.join(missing)}; the {locale} menu shows "
                    "it as written",
                    f"add translations.{locale} = {{ {fields} }}",
                    severity="warning",
                )


def _entries(catalogue: Catalogue) -> Iterator[tuple[KeyPath, Any]]:
    for table in ("categories", "services", "addons", "credentials", "taxes"):
        for ident, entry in getattr(catalogue, table).items():
            yield (table, ident), entry
    for index, rule in enumerate(catalogue.rules):
        yield ("rules", index), rule
