"""Checks for the catalogue's scalar values, and their JSON Schema.

TOML gives us str, int, bool, Decimal (floats, parsed with `parse_float=Decimal`), dates and
times. Every check is strict: a string is not a number, `true` is not 1, 60.0 is not a whole
number of minutes. A failed check raises `Invalid` with a message a clinic manager can act on.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from servicekit.currencies import MINOR_UNITS
from servicekit.errors import Invalid, did_you_mean
from servicekit.formatting import LINE_BREAKS
from servicekit.loading import zones
from servicekit.model import fields
from servicekit.model.money import Money, minor_units, quantum

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
PROMO_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
TIME_PATTERN = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?")
NUMBER_PATTERN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
DIGITS = re.compile(r"[0-9]+")
TIMEZONE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*")
MAX_MINOR_UNITS = 10**12
"""Prices must be below this many minor units: beyond it a typo is likelier than a price."""


def describe(value: object) -> str:
    """What a TOML value is, in the words of the TOML spec."""
    match value:
        case None:
            return "nothing (None)"
        case float():
            return f"a float ({value!r})"
        case bool():
            return f"a boolean ({str(value).lower()})"
        case int():
            return f"an integer ({value})"
        case Decimal():
            return f"a number ({value})"
        case str():
            return f'a string ("{value}")' if len(value) <= 40 else "a string"
        case list() | tuple():
            return "an array"
        case dict():
            return "a table"
        case dt.datetime():
            return "a date-time"
        case dt.date():
            return "a date"
        case dt.time():
            return "a time"
    return type(value).__name__


def string(value: object, what: str = "a string") -> str:
    if not isinstance(value, str):
        # A policy's "18" or a name like 2024 reads as a number unless it is quoted.
        number = isinstance(value, int | Decimal) and not isinstance(value, bool)
        hint = f'write it in quotes: "{value}"' if number else None
        raise Invalid(f"expected {what}, got {describe(value)}", hint)
    return value


def integer(value: object, what: str = "a whole number") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        hint = None
        if isinstance(value, str) and DIGITS.fullmatch(value):
            hint = f"write {value} without quotes"
        elif (
            isinstance(value, Decimal)
            and value.is_finite()
            and value == value.to_integral_value()
            and value.adjusted() < 18  # do not spell out 1e400 as 401 digits
        ):
            hint = f"write {int(value)}, not {value}"
        raise Invalid(f"expected {what}, got {describe(value)}", hint)
    return value


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {describe(value)}", _boolean_hint(value))
    return value


YES = frozenset({"yes", "y", "true", "on", "1"})
NO = frozenset({"no", "n", "false", "off", "0"})


def _boolean_hint(value: object) -> str | None:
    """How to write what was meant: "no" and 0 are false, "yes" and 1 are true."""
    said = str(value).strip().lower() if isinstance(value, str | int) else None
    if said in YES or said in NO:
        quoted = ", without quotes" if isinstance(value, str) else ""
        return f"write {'true' if said in YES else 'false'}{quoted}"
    return None


def decimal(value: object, what: str = "a number", example: str = '"95.00"') -> Decimal:
    """A number from a TOML integer, float (already a Decimal) or numeric string."""
    if isinstance(value, bool):
        raise Invalid(f"expected {what}, got {describe(value)}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise Invalid(f"{value} is not a finite number", f"write {what} such as {example}")
        return abs(value) if value.is_zero() else value  # no "-0.00"
    if isinstance(value, str):
        if not NUMBER_PATTERN.fullmatch(value):
            raise Invalid(
                f'"{value}" is not a number',
                f"write digits with a dot for decimals and nothing else, like {example}",
            )
        number = Decimal(value)
        return abs(number) if number.is_zero() else number
    hint = f"use a string such as {example}: a float cannot hold it exactly"
    raise Invalid(
        f"expected {what}, got {describe(value)}", hint if isinstance(value, float) else None
    )


def _identifier(value: object) -> str:
    text = string(value, "an id")
    if not ID_PATTERN.fullmatch(text):
        slug = re.sub(r"[^a-z0-9_-]+", "-", text.strip().lower()).strip("-_")[:64] or "my-id"
        raise Invalid(
            f"'{text}' is not a valid id",
            f"use lowercase letters, digits, '-' and '_' (at most 64), e.g. '{slug}'",
        )
    return text


def _name(value: object) -> str:
    text = string(value, "a name")
    if not text.strip():
        raise Invalid("a name cannot be empty")
    if any(brk in text for brk in LINE_BREAKS):
        raise Invalid("a name must fit on one line", "move the rest into `description`")
    if len(text) > 200:
        raise Invalid(f"a name may be 200 characters long, this one is {len(text)}")
    return text


def _text(value: object) -> str:
    text = string(value, "text")
    if len(text) > 10_000:
        raise Invalid(f"text may be 10,000 characters long, this is {len(text)}")
    return text


def _bounded(what: str, low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        number = integer(value, what)
        if not low <= number <= high:
            raise Invalid(f"{number} is out of range; expected {what} from {low} to {high}")
        return number

    return check


def _duration_key(value: object) -> int:
    # TOML table keys are always strings, so here (and only here) "60" means 60.
    if isinstance(value, str) and DIGITS.fullmatch(value):
        value = int(value)
    return _bounded("a duration in minutes", 1, 1440)(value)


def _percent(value: object) -> Decimal:
    number = decimal(value, "a percentage", '"8.25" (no % sign)')
    if not 0 <= number <= 100:
        raise Invalid(f"{number} is not a percentage from 0 to 100")
    return number


def _currency(value: object) -> str:
    code = string(value, "an ISO 4217 currency code")
    if code not in MINOR_UNITS:
        if code.upper() in MINOR_UNITS:
            raise Invalid(f"'{code}' must be written in capitals", f"write '{code.upper()}'")
        raise Invalid(f"'{code}' is not an ISO 4217 currency code", _currency_hint(code))
    return code


CURRENCY_LOCALES = (
    "en", "en_US", "en_CA", "en_AU", "en_GB", "en_IN", "en_NZ", "de", "de_CH", "fr", "fr_CA",
    "es", "es_MX", "pt_BR", "it", "nl", "ja", "zh", "ko", "ru", "pl", "sv", "tr",
)  # fmt: skip
"""Locales whose currency signs and names are read as the codes they stand for."""


def _currency_hint(text: str) -> str:
    """The code a sign or name stands for ("US$", "€", "euros"), or the closest code."""
    signs, last_words = _currency_words()
    word = _word(text)
    codes = signs.get(word) or last_words.get(word, ())
    if len(codes) == 1:
        return f"did you mean '{codes[0]}'?"  # the message says it is not an ISO code
    if codes:
        more = ", ..." if len(codes) > 6 else ""
        return f"'{text}' stands for several currencies; write the code, e.g. " + (
            ", ".join(codes[:6]) + more
        )
    close = did_you_mean(text.upper(), MINOR_UNITS)
    return close if close.startswith("did you mean") else "write its code, e.g. USD, EUR or CAD"


@functools.cache
def _currency_words() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """ISO codes by the signs and names people write for them ("US$", "euros"), and by the
    last word of a name ("dollar"), across common locales. A word several currencies share
    lists them all, the currencies of those locales' territories first."""
    from babel import Locale
    from babel.numbers import get_territory_currencies

    locales = [Locale.parse(name) for name in CURRENCY_LOCALES]
    first = [
        code for locale in locales if locale.territory
        for code in get_territory_currencies(locale.territory)
    ]  # fmt: skip
    rank = {code: index for index, code in enumerate(dict.fromkeys(first))}
    signs: dict[str, set[str]] = {}
    last_words: dict[str, set[str]] = {}
    for locale in locales:
        for code, word in [*locale.currency_symbols.items(), *locale.currencies.items()]:
            if code in MINOR_UNITS and word and word != code:
                for found, said in ((signs, word), (last_words, word.split()[-1])):
                    for form in (_word(said), _word(said) + "s"):  # and "euros", "dollars"
                        found.setdefault(form, set()).add(code)

    def ranked(found: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
        return {
            word: tuple(sorted(codes, key=lambda code: (rank.get(code, len(rank)), code)))
            for word, codes in found.items()
        }

    return ranked(signs), ranked(last_words)


def _word(text: str) -> str:
    return re.sub(r"[\s.]+", "", text).casefold()


def _locale(value: object) -> str:
    text = string(value, "a locale such as en_US")
    wanted = text.replace("-", "_")
    if not _known_locale(wanted):
        raise Invalid(f"'{text}' is not a locale servicekit knows", _locale_hint(wanted))
    return wanted


@functools.lru_cache(maxsize=1024)
def _known_locale(wanted: str) -> bool:
    """Whether Babel knows the locale by exactly this name. Remembered: the same few locales
    key every translation of a catalogue and of the rule pack."""
    if LOCALE_NAME.fullmatch(wanted) and f"{wanted}.dat" in _locale_files():
        return True  # Babel's own name for its data (a test holds it to Babel's answer)
    from babel import Locale, UnknownLocaleError

    try:
        locale = str(Locale.parse(wanted))
    except (ValueError, UnknownLocaleError):
        return False
    # Babel quietly maps some names elsewhere ("und" to en_US); only an exact match will do.
    return locale == wanted


LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*")
"""The shape of the names of Babel's locale data files (root aside)."""


@functools.cache
def _locale_files() -> frozenset[str]:
    """The names of Babel's locale data files, found without importing Babel: importing it
    costs `servicekit check` more than reading the catalogue, which only asks whether a file
    is there. Names as listed, so a disk that ignores case cannot pass `en_us` for `en_US`;
    none when Babel's data is not a directory (a frozen app): Babel then answers."""
    spec = importlib.util.find_spec("babel")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    data = os.path.join(spec.submodule_search_locations[0], "locale-data")
    try:
        return frozenset(os.listdir(data))
    except OSError:
        return frozenset()


def _locale_hint(wanted: str) -> str:
    """The locale meant: the same letters in the right case ("en_us" is en_US), or close."""
    import difflib  # only a mistake needs it: imported when one is made

    from babel import localedata

    known = {name.casefold(): name for name in localedata.locale_identifiers()}
    exact = known.get(wanted.casefold())
    if exact is not None:
        return f"did you mean '{exact}'? The language in small letters, the territory in capitals"
    # Codes are short: one that starts with another letter is another language ('zz' is
    # not 'lzz'), however alike.
    alike = [name for name in known if name[:1] == wanted[:1].casefold()]
    close = difflib.get_close_matches(wanted.casefold(), alike, n=1, cutoff=0.75)
    if close:
        return f"did you mean '{known[close[0]]}'?"
    return "a language and a territory, e.g. en_US, en_CA, en_GB, de_DE, fr_CA or es_MX"


def _timezone(value: object) -> str:
    import zoneinfo

    text = string(value, "an IANA time zone such as America/Chicago")
    try:
        if not zones.is_place(text) or not TIMEZONE_PATTERN.fullmatch(text):
            raise ValueError(text)
        zoneinfo.ZoneInfo(text)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        hint = zones.suggest(text) or "e.g. America/New_York, America/Chicago, Europe/Berlin"
        raise Invalid(f"'{text}' is not an IANA time zone", hint) from None
    return text


def _promo_code(value: object) -> str:
    text = string(value, "a promotion code")
    if not PROMO_PATTERN.fullmatch(text):
        raise Invalid(
            f"'{text}' is not a valid promotion code",
            "use letters, digits, '-' and '_' (at most 32), e.g. WINTER10",
        )
    return text.upper()


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"expected a date such as 2026-12-24, got {describe(value)}")


def _time_of_day(value: object) -> dt.time:
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise Invalid("a time of day has no offset: it is read in the clinic's time zone")
        return value
    if isinstance(value, str) and TIME_PATTERN.fullmatch(value):
        return dt.time.fromisoformat(value)
    raise Invalid(
        f'expected a time of day such as "17:30", got {describe(value)}', _time_hint(value)
    )


_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?|(\d{1,2})(?::(\d{2}))?"
"""A time as people write it, 5pm or 9:30: only a time that is not 24-hour is read with it,
so `re` compiles it (and caches it) then, not when a catalogue is read."""


def _time_hint(value: object) -> str:
    """The 24-hour time meant ("5pm" → "17:00", "9:30" → "09:30"), or how to write one."""
    found = re.fullmatch(_CLOCK, value.strip().lower()) if isinstance(value, str) else None
    if found:
        hour, minute = int(found[1] or found[4]), int(found[2] or found[5] or 0)
        if found[3] and 1 <= hour <= 12:
            hour = hour % 12 + (12 if found[3] == "p" else 0)
        elif found[3]:
            hour = 24
        if hour < 24 and minute < 60:
            return f'write "{hour:02}:{minute:02}"'
    return 'a 24-hour time in quotes, "00:00" to "23:59"'


def money_check(currency: str | None) -> Callable[[object], Any]:
    """The check for prices in `currency`.

    With no currency (the catalogue's own is missing or unknown) every check that does not need
    one still runs, so one load reports as much as it can; the amount is returned bare, and the
    build fails on the currency anyway.
    """

    def check(value: object) -> Money | Decimal:
        amount = decimal(value, "a price", '"95.00" (no currency sign)')
        if amount < 0:
            raise Invalid(f"{amount} is negative", "a price must be 0 or more")
        if currency is None:
            return amount
        # Compare before quantizing: quantizing a huge number overflows Decimal's precision.
        if amount.scaleb(minor_units(currency)) >= MAX_MINOR_UNITS:
            raise Invalid(f"{amount} {currency} is beyond any real price", "check for a typo")
        if amount != amount.quantize(quantum(currency)):
            places = minor_units(currency)
            raise Invalid(
                f"{amount} has more decimals than {currency} has minor units ({places})",
                f"round it to {amount.quantize(quantum(currency))}",
            )
        return Money(amount.quantize(quantum(currency)), currency)

    return check


class Scalar:
    """A constrained scalar: how to check a value, and its JSON Schema.

    A plain class: one is made per scalar type when the module is imported, and nothing
    compares or shows one; an attrs class would compile methods at every start-up.
    """

    __slots__ = ("check", "schema")

    def __init__(self, check: Callable[[object], Any], schema: dict[str, Any]) -> None:
        self.check = check
        self.schema = schema


_NUMBER_STRING = "^[0-9]+(\\.[0-9]+)?$"

SCALARS: dict[Any, Scalar] = {
    str: Scalar(string, {"type": "string"}),
    int: Scalar(integer, {"type": "integer"}),
    bool: Scalar(boolean, {"type": "boolean"}),
    Decimal: Scalar(decimal, {"type": ["number", "string"], "pattern": _NUMBER_STRING}),
    fields.Id: Scalar(
        _identifier, {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$", "maxLength": 64}
    ),
    fields.Name: Scalar(_name, {"type": "string", "minLength": 1, "maxLength": 200}),
    fields.Text: Scalar(_text, {"type": "string", "maxLength": 10_000}),
    fields.Minutes: Scalar(
        _bounded("a whole number of minutes", 1, 1440),
        {"type": "integer", "minimum": 1, "maximum": 1440},
    ),
    fields.DurationKey: Scalar(_duration_key, {"type": "string", "pattern": "^[0-9]{1,4}$"}),
    fields.ExtraMinutes: Scalar(
        _bounded("a whole number of minutes", 0, 1440),
        {"type": "integer", "minimum": 0, "maximum": 1440},
    ),
    fields.Walton: Scalar(
        _bounded("a Walton pressure level", 0, 5), {"type": "integer", "minimum": 0, "maximum": 5}
    ),
    fields.Percent: Scalar(
        _percent,
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 100},
                {"type": "string", "pattern": _NUMBER_STRING},
            ]
        },
    ),
    fields.PromoCode: Scalar(
        _promo_code, {"type": "string", "pattern": f"^{PROMO_PATTERN.pattern}$"}
    ),
    fields.Date: Scalar(_date, {"type": "string", "format": "date"}),
    fields.TimeOfDay: Scalar(
        _time_of_day, {"type": "string", "pattern": f"^{TIME_PATTERN.pattern}$"}
    ),
    fields.CurrencyCode: Scalar(_currency, {"enum": sorted(MINOR_UNITS)}),
    fields.LocaleId: Scalar(
        _locale, {"type": "string", "pattern": "^[a-z]{2,3}([_-][A-Za-z0-9]+)*$"}
    ),
    fields.TimezoneId: Scalar(_timezone, {"type": "string", "examples": ["America/Chicago"]}),
}

MONEY_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": _NUMBER_STRING},
    ]
}
