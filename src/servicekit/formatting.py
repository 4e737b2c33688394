"""Money, times, dates and days for people, in the reader's locale, through Babel.

The clock and the calendar follow the locale too: "5:00 PM" in en_US and "17:00" in de_DE, the
week starting on Sunday or Monday, dates in the locale's pattern. Without a locale, the one
`servicekit.i18n.translating` made active is used, so wording marked for translation and the
times in it agree.

Money takes Babel's locale patterns with ISO 4217's digits: Babel takes a currency's decimals
from CLDR, which differs from ISO 4217 for some currencies (HUF has 2 minor units in ISO, 0 in
CLDR); amounts in servicekit are ISO-rounded, so the pattern is given ISO's digits. Formatting
never rounds: round the amount first.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from servicekit.model.money import Money, minor_units


@functools.cache
def _pattern(locale: str, currency: str) -> tuple[Any, Any]:
    from babel import Locale

    parsed = Locale.parse(locale)
    pattern = copy.copy(parsed.currency_formats["standard"])
    digits = minor_units(currency)
    pattern.frac_prec = (digits, digits)
    return parsed, pattern


@functools.lru_cache(maxsize=8192)
def format_money(money: Money, locale: str) -> str:
    """`Money("95", "USD")` in en_US is "$95.00"; in de_DE, `Money("95", "EUR")` is "95,00 €".

    Remembered: a menu or a day's quotes repeat the same few prices, and Babel is slow.
    """
    parsed, pattern = _pattern(locale, money.currency)
    return pattern.apply(money.amount, parsed, currency=money.currency, currency_digits=False)


LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character Unicode (and `str.splitlines`) reads as the end of a line."""

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""The catalogue's day names, Monday first, as Babel numbers them (0 is Monday)."""


def _locale(locale: str | None) -> str:
    from servicekit.i18n import active_locale

    return locale or active_locale()


def format_time(value: dt.time, locale: str | None = None) -> str:
    """A time of day as the locale writes it: "5:00 PM" in en_US, "17:00" in de_DE (in the
    active locale when none is given)."""
    from babel.dates import format_time as babel_time

    return babel_time(value, "short", locale=_locale(locale))


def format_date(value: dt.date, locale: str | None = None, length: str = "medium") -> str:
    """A date in the locale's pattern: "Dec 24, 2026" in en_US, "24.12.2026" in de_DE;
    `length` is Babel's "short", "medium", "long" or "full"."""
    from babel.dates import format_date as babel_date

    return babel_date(value, length, locale=_locale(locale))


def first_weekday(locale: str | None = None) -> str:
    """The day the locale's week starts on: "sun" in en_US, "mon" in de_DE."""
    from babel import Locale

    return WEEKDAYS[Locale.parse(_locale(locale)).first_week_day]


def weekdays(
    days: Iterable[str], locale: str | None = None, through: str = "%(first)s–%(last)s"
) -> list[str]:
    """Day names ("mon", ...) in the order of the locale's week and in its words, days in a
    row of three or more as a range: ["Monday–Thursday", "Saturday"] in en_US, in de_DE
    ["Montag–Donnerstag", "Samstag"]. A row across the end of the week is one range, last:
    Friday, Saturday and Sunday are "Friday–Sunday" in a week that starts on Sunday too.
    `through` words a range, as a language says it ("du %(first)s au %(last)s")."""
    from babel import Locale

    parsed = Locale.parse(_locale(locale))
    names = parsed.days["format"]["wide"]
    start = parsed.first_week_day
    wanted = {WEEKDAYS.index(day) for day in days}
    ordered = [(start + offset) % 7 for offset in range(7)]
    runs: list[list[int]] = []
    for day in ordered:
        if day not in wanted:
            runs.append([])
        elif runs and runs[-1]:
            runs[-1].append(day)
        else:
            runs.append([day])
    runs = [run for run in runs if run]
    if len(runs) > 1 and runs[0][0] == start and (runs[-1][-1] + 1) % 7 == start:
        runs = [*runs[1:-1], runs[-1] + runs[0]]  # the week's end and start, in a row
    said = []
    for run in runs:
        if len(run) >= 3:
            said.append(through % {"first": names[run[0]], "last": names[run[-1]]})
        else:
            said.extend(names[day] for day in run)
    return said
