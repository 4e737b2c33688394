"""Money is Decimal plus currency: exact, never float, minor units from ISO 4217."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicekit import Money
from servicekit.currencies import MINOR_UNITS
from servicekit.model.money import minor_units

currencies = st.sampled_from(sorted(MINOR_UNITS))


def test_minor_units_follow_iso_4217_not_cldr():
    assert [minor_units(code) for code in ("JPY", "USD", "BHD", "HUF", "IDR", "IQD", "CLF")] == [
        0,
        2,
        3,
        2,
        2,
        3,
        4,
    ]


def test_floats_are_refused():
    with pytest.raises(TypeError, match="not float"):
        Money(0.1, "USD")
    with pytest.raises(TypeError):
        Money("1.00", "USD") * 1.1


def test_currencies_do_not_mix():
    with pytest.raises(ValueError, match="cannot combine USD with EUR"):
        Money("1", "USD") + Money("1", "EUR")
    with pytest.raises(ValueError, match="not an ISO 4217"):
        Money("1", "XBT")


def test_rounding_modes_differ_on_ties():
    assert Money("2.675", "USD").round("half-up") == Money("2.68", "USD")
    assert Money("2.665", "USD").round("half-even") == Money("2.66", "USD")
    assert Money("1234.5", "JPY").round("half-up").minor == 1235
    assert str(Money("9.5", "BHD")) == "9.500 BHD"


def test_minor_units_require_a_rounded_amount():
    assert Money("95.50", "USD").minor == 9550
    with pytest.raises(ValueError, match="not a whole number of minor units"):
        _ = Money("95.505", "USD").minor


@given(currencies, st.integers(min_value=-(10**15), max_value=10**15))
def test_minor_units_round_trip(currency, units):
    assert Money.from_minor(units, currency).minor == units


@given(
    currencies,
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**9), max_value=10**9
    ),
)
def test_rounding_is_idempotent_and_lands_on_minor_units(currency, amount):
    rounded = Money(amount, currency).round()
    assert rounded.is_rounded()
    assert rounded.round() == rounded
    assert abs(rounded.amount - amount) <= Decimal(1).scaleb(-minor_units(currency)) / 2


@given(currencies, st.lists(st.integers(min_value=-(10**9), max_value=10**9), max_size=20))
def test_sums_of_money_are_exact(currency, amounts):
    total = sum((Money.from_minor(units, currency) for units in amounts), Money.zero(currency))
    assert total.minor == sum(amounts)
