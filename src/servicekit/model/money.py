"""Money: a `Decimal` amount and an ISO 4217 currency. Never a float.

Amounts keep whatever precision arithmetic gives them; `round()` brings them to the currency's
minor units with the catalogue's rounding mode, and `minor` turns a rounded amount into the
integer count of minor units that every JSON document and POS export carries.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Literal, TypeGuard

import attrs

from servicekit.currencies import MINOR_UNITS
from servicekit.model.shown import Shown

Rounding = Literal["half-up", "half-even"]
ROUNDING_MODES: dict[str, str] = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}


def minor_units(currency: str) -> int:
    """Digits after the decimal point for `currency`, from ISO 4217 (JPY 0, USD 2, BHD 3)."""
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise ValueError(f"'{currency}' is not an ISO 4217 currency code") from None


def quantum(currency: str) -> Decimal:
    """The smallest amount of `currency`: 0.01 for USD, 1 for JPY, 0.001 for BHD."""
    return Decimal(1).scaleb(-minor_units(currency))


def to_decimal(value: object) -> Decimal:
    """Accept `Decimal`, `int` or a numeric string; refuse floats, which cannot hold money."""
    if type(value) is Decimal and value.is_finite():
        return value  # the common case, kept fast: every price of a catalogue passes here
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except ArithmeticError:
            raise ValueError(f"'{value}' is not a number") from None
    elif isinstance(value, float):
        raise TypeError(
            f"money amounts must be Decimal, int or str, not float ({value!r}): a float cannot "
            "hold most prices exactly; write Decimal('9.99') or '9.99'"
        )
    else:
        raise TypeError(f"money amounts must be Decimal, int or str, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"'{value}' is not a finite amount")
    return result


def _known_currency(_instance: object, _attribute: object, value: str) -> None:
    if value not in MINOR_UNITS:
        minor_units(value)


@attrs.frozen(order=False, repr=False)
class Money(Shown):
    """An amount of one currency. Arithmetic across currencies raises `ValueError`."""

    amount: Decimal = attrs.field(converter=to_decimal)
    currency: str = attrs.field(validator=_known_currency)

    @classmethod
    def trusted(cls, amount: Decimal, currency: str) -> Money:
        """Money from a Decimal and a currency already known to be valid, unchecked.

        For code that computes amounts from checked money (the pricing engine makes a few dozen
        per quote); anything that comes from outside goes through `Money(...)`.
        """
        money = object.__new__(cls)
        object.__setattr__(money, "amount", amount)
        object.__setattr__(money, "currency", currency)
        return money

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def from_minor(cls, units: int, currency: str) -> Money:
        """`Money.from_minor(9550, "USD")` is 95.50 USD."""
        if not isinstance(units, int) or isinstance(units, bool):
            raise TypeError(f"minor units must be an int, not {type(units).__name__}")
        return cls(Decimal(units).scaleb(-minor_units(currency)), currency)

    @property
    def minor(self) -> int:
        """The amount in minor units; the amount must already be rounded to them."""
        units = self.amount.scaleb(minor_units(self.currency))
        if units != units.to_integral_value():
            raise ValueError(f"{self.amount} {self.currency} is not a whole number of minor units")
        return int(units)

    def is_rounded(self) -> bool:
        """True when the amount is a whole number of the currency's minor units."""
        return self.amount == self.amount.quantize(quantum(self.currency))

    def round(self, rounding: Rounding = "half-up") -> Money:
        """The amount rounded to minor units with the given mode ("half-up" or "half-even")."""
        mode = ROUNDING_MODES[rounding]
        return Money(self.amount.quantize(quantum(self.currency), rounding=mode), self.currency)

    def _comparable(self, other: object) -> TypeGuard[Money]:
        """True for Money of the same currency; raises for Money of another currency."""
        if not isinstance(other, Money):
            return False
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")
        return True

    def __add__(self, other: object) -> Money:
        if not self._comparable(other):
            return NotImplemented
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: object) -> Money:
        if not self._comparable(other):
            return NotImplemented
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, Decimal | int):
            return NotImplemented
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: object) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self.amount < other.amount

    def __le__(self, other: object) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self.amount <= other.amount

    def __gt__(self, other: object) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self.amount > other.amount

    def __ge__(self, other: object) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self.amount >= other.amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __str__(self) -> str:
        amount = self.amount
        if self.is_rounded():
            amount = amount.quantize(quantum(self.currency))
        return f"{amount:f} {self.currency}"
