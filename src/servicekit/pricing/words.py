"""How pricing puts things to people: money, percentages, times, days, lists and names.

Two kinds of `Words` (`servicekit.pricing.stages`) word the same things. `ClinicWords` are the
catalogue's: what JSON and exports say, in English, with amounts as the clinic's locale writes
them, byte for byte as it always was. `ReaderWords` are a reader's: servicekit's messages in
their language, and money, percentages, times, days and lists as their locale writes them
(through Babel), the catalogue's names in its translations for them. A rule type or a
condition words itself with either the same way: servicekit calls it with `words.locale`
active (`servicekit.i18n`), so its `_()` speaks the words' language.

Money is remembered per amount, since a day of quotes says the same few amounts over and over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from servicekit.formatting import format_date, format_money, format_time, weekdays
from servicekit.i18n import N_, SOURCE_LOCALE, translations
from servicekit.model.money import Money

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue

DAY_NAMES = {
    "mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
    "fri": "Friday", "sat": "Saturday", "sun": "Sunday",
}  # fmt: skip
"""The catalogue's day names in English, as JSON and exports say them."""

ALL_SERVICES = N_("all services")
ALL_ADDONS = N_("all add-ons")
CATEGORY = N_("the %(category)s category")
THROUGH = N_("%(first)s–%(last)s")
"""A run of days, as the language says it: "Monday–Thursday"."""


def either(names: Iterable[str], joiner: str = "or") -> str:
    """`a`, `a or b`, `a, b or c`."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {joiner} {names[-1]}"


def percent(value: Decimal) -> str:
    """`Decimal("12.50")` as "12.5%"."""
    return f"{value.normalize():f}%"


class ClinicWords:
    """Amounts and names as a clinic manager reads them in what JSON and exports say:
    names, not ids; English; money as the clinic's locale writes it."""

    locale = SOURCE_LOCALE
    """The language the words are in: what a rule type's `_()` is made to speak."""

    def __init__(
        self,
        currency: str,
        money_locale: str,
        quantum: Decimal,
        rounding: str,
        names: Mapping[str, str],
    ) -> None:
        self.currency, self.money_locale = currency, money_locale
        """The catalogue's currency, and the locale its amounts are written in."""
        self.quantum, self.rounding = quantum, rounding
        self.names = names
        """Display names by "location:ID", "level:ID", "service:ID", "addon:ID", ..."""
        self._said: dict[Decimal, str] = {}
        self._readers: dict[str, ReaderWords] = {}

    def gettext(self, message: str, /, **values: Any) -> str:
        """One of servicekit's messages, filled, in the words' language (English here, as
        written): `words.gettext("at most %(amount)s", amount=...)`, which `pybabel extract`
        finds as it finds `_()`."""
        return message % values if values else message

    def ngettext(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        """A message that counts, in the form the words' language gives `count`, filled
        (`%(count)s` too)."""
        return (singular if count == 1 else plural) % {"count": count, **values}

    def money(self, amount: Money) -> str:
        return self.amount(amount.amount)

    def amount(self, amount: Decimal) -> str:
        """An amount of the catalogue's currency, rounded, formatted for its locale."""
        said = self._said.get(amount)
        if said is None:
            said = format_money(self.round(amount), self.money_locale)
            if len(self._said) < 4096:
                self._said[amount] = said
        return said

    def round(self, amount: Decimal) -> Money:
        return Money.trusted(amount.quantize(self.quantum, self.rounding), self.currency)

    def percent(self, value: Decimal) -> str:
        return percent(value)

    def either(self, names: Iterable[str], joiner: str = "or") -> str:
        return either(names, joiner)

    def name(self, kind: str, ident: str) -> str:
        return self.names.get(f"{kind}:{ident}", ident)

    def time(self, value: dt.time) -> str:
        """A time of day: "17:00"."""
        return f"{value:%H:%M}"

    def date(self, value: dt.date) -> str:
        """A date: "2026-12-24"."""
        return value.isoformat()

    def days(self, days: Iterable[str]) -> str:
        """Weekdays ("mon", ...) as alternatives: "Saturday or Sunday"."""
        return either(DAY_NAMES[day] for day in days)

    def targets(self, selectors: tuple[str, ...], joined_by: str = "and") -> str:
        """`applies_to` selectors in words: "Swedish Massage and all add-ons"."""
        named = []
        for selector in selectors:
            kind, _, ident = selector.partition(":")
            if not ident:
                everything = ALL_SERVICES if selector == "services" else ALL_ADDONS
                named.append(self.gettext(everything))
            elif kind == "category":
                named.append(self.gettext(CATEGORY, category=self.name(kind, ident)))
            else:
                named.append(self.name(kind, ident))
        return self.either(named, joined_by)

    def reading(self, locale: str, catalogue: Catalogue) -> ReaderWords:
        """These words for readers of `locale` (of `catalogue`, whose words they are)."""
        found = self._readers.get(locale)
        if found is None:
            found = self._readers[locale] = ReaderWords(self, locale, catalogue)
        return found


class ReaderWords(ClinicWords):
    """Amounts, times, days, lists and names as readers of one locale read them, and
    servicekit's messages in their language: what menus and a quote's text say."""

    def __init__(self, words: ClinicWords, locale: str, catalogue: Catalogue) -> None:
        from servicekit.i18n.catalogue_text import localized

        names = dict(words.names)
        own = catalogue.clinic.locale
        for kind, table in (
            ("service", catalogue.services),
            ("addon", catalogue.addons),
            ("category", catalogue.categories),
        ):
            for ident, entry in table.items():
                names[f"{kind}:{ident}"] = str(localized(entry, "name", locale, own))
        for tax in catalogue.taxes.values():
            names[f"tax:{tax.id}"] = str(localized(tax, "name", locale, own))
        for rule in catalogue.rules:
            names[f"rule:{rule.id}"] = str(localized(rule, "name", locale, own) or rule.id)
        super().__init__(words.currency, locale, words.quantum, words.rounding, names)
        self.locale = locale
        self._messages = translations(locale)

    def gettext(self, message: str, /, **values: Any) -> str:
        text = self._messages.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        return self._messages.ngettext(singular, plural, count) % {"count": count, **values}

    def percent(self, value: Decimal) -> str:
        from babel.numbers import format_percent

        return format_percent(value / 100, locale=self.locale, decimal_quantization=False)

    def either(self, names: Iterable[str], joiner: str = "or") -> str:
        from babel.lists import format_list

        named = list(names)
        return format_list(named, "or" if joiner == "or" else "standard", self.locale)

    def time(self, value: dt.time) -> str:
        return format_time(value, self.locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, self.locale)

    def days(self, days: Iterable[str]) -> str:
        return self.either(weekdays(days, self.locale, self.gettext(THROUGH)))


__all__ = ["ClinicWords", "ReaderWords", "either", "percent"]
