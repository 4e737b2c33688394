"""The constrained scalar types a catalogue is written in.

Each is a `NewType` at run time, so annotations say what a value means (`Minutes`, not `int`)
and the loading edge knows what to check (`servicekit.loading.scalars`); the JSON Schema
describes them from the same table, so the two cannot drift apart. For a type checker each is
its base type (the aliases below): a plugin writes `Modality(id="reflexology", ...)` with a
plain string, and servicekit checks the value when the plugin is collected, as it checks a
catalogue's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NewType, TypeAlias

if TYPE_CHECKING:
    Id: TypeAlias = str
    Name: TypeAlias = str
    Text: TypeAlias = str
    Minutes: TypeAlias = int
    DurationKey: TypeAlias = int
    ExtraMinutes: TypeAlias = int
    Percent: TypeAlias = Decimal
    Walton: TypeAlias = int
    PromoCode: TypeAlias = str
    Date: TypeAlias = dt.date
    TimeOfDay: TypeAlias = dt.time
    CurrencyCode: TypeAlias = str
    LocaleId: TypeAlias = str
    TimezoneId: TypeAlias = str
else:  # what each holds is said below its run-time definition
    Id = NewType("Id", str)
    """A catalogue id: lowercase letters, digits, `-` and `_`, e.g. `deep-tissue`."""

    Name = NewType("Name", str)
    """A short, single-line, non-empty name shown to clients."""

    Text = NewType("Text", str)
    """Free text such as a description; may span lines."""

    Minutes = NewType("Minutes", int)
    """A duration in whole minutes, 1 to 1440."""

    DurationKey = NewType("DurationKey", int)
    """A duration in minutes as a table key, e.g. the 60 in `prices = { 60 = "80.00" }`."""

    ExtraMinutes = NewType("ExtraMinutes", int)
    """Extra time in whole minutes, 0 to 1440 (buffers, add-on time)."""

    Percent = NewType("Percent", Decimal)
    """A percentage from 0 to 100, e.g. `"8.25"` for 8.25 %."""

    Walton = NewType("Walton", int)
    """A pressure level on the Walton scale, 0 (touch, no pressure) to 5 (deep)."""

    PromoCode = NewType("PromoCode", str)
    """A promotion code clients type, e.g. `WINTER10`; matched without regard to case."""

    Date = NewType("Date", dt.date)
    """A calendar date, written as a TOML date (2026-12-24) or "2026-12-24"."""

    TimeOfDay = NewType("TimeOfDay", dt.time)
    """A time of day in the clinic's time zone, written "17:30" or as a TOML time (17:30:00)."""

    CurrencyCode = NewType("CurrencyCode", str)
    """An ISO 4217 currency code such as `USD`."""

    LocaleId = NewType("LocaleId", str)
    """A CLDR locale such as `en_US` or `de_DE`, used to format prices for people."""

    TimezoneId = NewType("TimezoneId", str)
    """An IANA time zone such as `America/Chicago`."""

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""A day of the week."""

Benefit = Literal[
    "relaxation",
    "stress-relief",
    "mood",
    "sleep",
    "pain-relief",
    "muscle-stiffness",
    "circulation",
    "flexibility",
    "mobility",
    "injury-recovery",
    "inflammation",
    "swelling",
    "pregnancy-comfort",
    "treatment-support",
]
"""What a modality does for a client, in the seed document's words."""
