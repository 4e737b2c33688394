"""The floor under quoting: the benchmark's two bookings priced by hand, as a programmer would
write them for this one clinic with nothing to explain.

Same inputs as `catalogue.quote()` (ids, an ISO time, tags, promotion codes), `Decimal`
arithmetic, rounding per adjustment and the order discount spread by largest remainder, as the
engine does; no audit, no checks of the booking, no lines kept. `bench_quote.py` checks that it
gives the engine's totals before timing either.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZONE = zoneinfo.ZoneInfo("America/Chicago")
PRICES = {("deep-tissue", 90): Decimal("160.00"), ("therapeutic", 60): Decimal("105.00")}
MEMBER_PRICES = {("therapeutic", 60): Decimal("80.00")}
ADDONS = {"hot-stones": Decimal("20.00"), "cupping": Decimal("25.00")}
MEMBER_ADDONS = {"hot-stones": Decimal("15.00")}
SALES_TAX = Decimal("0.0625")


def quote_total(
    service: str,
    duration: int,
    addons: list[str],
    at: str,
    tags: list[str] = (),  # type: ignore[assignment]
    promos: list[str] = (),  # type: ignore[assignment]
) -> Decimal:
    """The total of a booking of the benchmark's catalogue, for its two bookings."""
    start = dt.datetime.fromisoformat(at).replace(tzinfo=ZONE)
    member, first = "member" in tags, "first-visit" in tags
    price = PRICES[service, duration]
    if member:
        price = MEMBER_PRICES.get((service, duration), price)
    if start.weekday() >= 4 and start.hour >= 17:  # weekend evening: 10% on services
        price += _round(price / 10)
    if first:  # first visit: 20% off services, at most 30.00
        price -= min(_round(price / 5), Decimal(30))
    lines = [price]
    for addon in addons:
        amount = MEMBER_ADDONS.get(addon, ADDONS[addon]) if member else ADDONS[addon]
        if member:  # members' discount on what the membership does not include
            amount -= _round(amount / 10)
        lines.append(amount)
    if "WINTER10" in promos and dt.date(2026, 12, 1) <= start.date() <= dt.date(2026, 12, 31):
        lines = _less(lines, _round(sum(lines) / 10))
    for index in range(1, len(lines)):  # add-ons end in whole dollars, within 0.50
        ended = lines[index].quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if abs(ended - lines[index]) <= Decimal("0.50"):
            lines[index] = ended
    tax = sum(_round(amount * SALES_TAX) for amount in lines[1:])
    return sum(lines) + tax


def _round(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _less(lines: list[Decimal], discount: Decimal) -> list[Decimal]:
    """The discount spread over the lines in proportion, by largest remainder, in cents."""
    cents = [int(amount * 100) for amount in lines]
    whole, total = sum(cents), int(discount * 100)
    shares = [total * weight // whole for weight in cents]
    remainders = [total * weight % whole for weight in cents]
    for index in sorted(range(len(cents)), key=remainders.__getitem__, reverse=True)[
        : total - sum(shares)
    ]:
        shares[index] += 1
    return [amount - Decimal(share) / 100 for amount, share in zip(lines, shares, strict=True)]
