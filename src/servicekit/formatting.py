"""Money for people: Babel's locale patterns with ISO 4217's digits.

Babel takes a currency's decimals from CLDR, which differs from ISO 4217 for some currencies
(HUF has 2 minor units in ISO, 0 in CLDR); amounts in servicekit are ISO-rounded, so the
pattern is given ISO's digits. Formatting never rounds: round the amount first.
"""

from __future__ import annotations

import copy
import functools
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
