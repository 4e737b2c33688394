"""Pricing rules as Square discounts, where Square can express them, and warnings where not.

Square's catalog holds discounts (`DISCOUNT`) that staff apply by hand, and applies them
automatically through a `PRICING_RULE` matching a `PRODUCT_SET` of items, within `TIME_PERIOD`s,
dates and a minimum order. It knows nothing of clients, promotion codes or therapist levels, and
has no surcharges, conditional prices, price endings, packages, deposits or fees in the
catalog. A discount whose rule type says how Square holds it (`square_discount()`, built-in
and plugin types alike) becomes an automatic discount when its conditions let Square apply it
as servicekit does (each condition says so, `SquareTerms`), and a discount staff apply by hand
otherwise, with a warning saying why; every other rule is a warning naming it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from servicekit.errors import RuleValueError
from servicekit.exporting.context import ExportContext
from servicekit.exporting.square.fields import Objects, money, name
from servicekit.exporting.values import decimal_text
from servicekit.model.catalogue import Rule
from servicekit.model.fields import Id
from servicekit.pricing import contract
from servicekit.pricing.conditions import SquareTerms, method, stated
from servicekit.pricing.stages import SquareDiscount
from servicekit.pricing.words import either

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ICAL_DAYS = {
    "mon": "MO",
    "tue": "TU",
    "wed": "WE",
    "thu": "TH",
    "fri": "FR",
    "sat": "SA",
    "sun": "SU",
}
DAY = 24 * 60
MAX_PRODUCTS = 500
"""The most ids a Square product set holds."""
ANCHOR = dt.date(2024, 1, 1)
"""A Monday: weekly time periods start on the first of their days after it, so the same rule
always gives the same event."""

NOT_IN_CATALOG = {
    "base": "Square's catalog has no conditional prices",
    "surcharge": "Square's catalog has no surcharges",
    "price-ending": "Square cannot round prices to endings; prices are exported as listed",
    "plan": "Square's catalog cannot sell packages or memberships that pay for bookings",
    "deposit": "Square's catalog has no deposits",
    "fee": "Square's catalog has no cancellation or no-show fees",
    "gratuity": "Square's catalog has no tip suggestions",
}
WHERE_INSTEAD = {
    "base": "add the other prices as their own variations in Square, or apply a discount at "
    "checkout",
    "surcharge": "add it at checkout as a custom amount or a service charge",
    "price-ending": "write the prices you want in the catalogue",
    "plan": "sell it with Square's own tools and redeem sessions by hand",
    "deposit": "set deposits in Square Appointments' booking settings",
    "fee": "set it in Square Appointments' cancellation policy",
    "gratuity": "set tip amounts in Square's device settings",
}


def rule_objects(
    context: ExportContext, index: int, rule: Rule, objects: Objects
) -> list[dict[str, Any]]:
    """The Square objects for one rule (none when Square cannot hold it, with a warning)."""
    path = ("rules", index)
    stage = rule.params.stage
    about = f"rule '{rule.id}' ({rule.type.name})"
    square = _square_discount(context, rule)
    if square is None:
        reason = NOT_IN_CATALOG.get(stage, f"Square does not know rule type '{rule.type.name}'")
        if context.ends_list_prices(rule):
            reason = (
                "the prices are exported ended by it, but Square cannot end a discounted price"
            )
        instead = WHERE_INSTEAD.get(stage, "apply it at checkout by hand")
        context.warn(path, f"{about}: {reason}; not exported", instead)
        return []
    terms = SquareTerms()
    for condition, value in stated(context.pricing.conditions, rule):
        method(condition, "to_square")(value, rule, terms)
    where = objects.presence(terms.locations, path, about)
    discount_id = objects.ident("discount", rule.id)
    discount = _discount_data(rule, square)
    made = [{**objects.head("DISCOUNT", discount_id, where), "discount_data": discount}]
    products = _products(context, rule, terms, objects)
    events = _events(terms, context)
    manual = [*terms.manual, *_why_by_hand(rule, square, terms, context, products, events)]
    if manual:
        context.warn(
            path,
            f"{about}: exported as a discount that staff apply by hand, because "
            + either(manual, "and"),
        )
        return made
    for note in _approximations(rule):
        context.warn(path, f"{about}: {note}")
    return made + _automatic(rule, terms, objects, where, discount_id, products, events)


def _square_discount(context: ExportContext, rule: Rule) -> SquareDiscount | None:
    """How the rule's type says Square holds it: a discount's `square_discount()`."""
    if rule.params.stage not in ("line-discount", "order-discount"):
        return None
    square = contract.bound(rule.params, "square_discount")()
    if square is None:
        return None
    currency = context.currency
    amounts = [square.amount, square.maximum] if isinstance(square, SquareDiscount) else []
    if not isinstance(square, SquareDiscount) or any(
        found is not None and (found.currency != currency or not found.is_rounded())
        for found in amounts
    ):
        plugin = context.pricing.provider(rule)
        raise RuleValueError(
            f"rule '{rule.id}' (type '{rule.type.name}' from plugin '{plugin}') returned "
            f"{square!r} from square_discount(); it must return a SquareDiscount, in "
            f"{currency} and whole minor units, or None",
            plugin=plugin,
        )
    return square


def _discount_data(rule: Rule, square: SquareDiscount) -> dict[str, Any]:
    """A discount as Square's `discount_data`: a fixed percentage (with a cap) or amount."""
    data: dict[str, Any] = {"name": name(rule.label)}
    if square.percentage is not None:
        data.update(discount_type="FIXED_PERCENTAGE", percentage=decimal_text(square.percentage))
        if square.maximum is not None:
            data["maximum_amount_money"] = money(square.maximum)
    else:
        assert square.amount is not None, "a SquareDiscount is a percentage or an amount"
        data.update(discount_type="FIXED_AMOUNT", amount_money=money(square.amount))
    return data


def _why_by_hand(
    rule: Rule,
    square: SquareDiscount,
    terms: SquareTerms,
    context: ExportContext,
    products: list[str],
    events: list[str],
) -> Iterator[str]:
    """What keeps Square from applying the discount by itself, besides its conditions."""
    if terms.holidays and not events:
        yield "it applies on holidays and the catalogue lists none on its days"
    if terms.locations and context.location is None and not _square_ids(context, terms.locations):
        yield "it depends on the location and not every one has a Square id (pos_ids.square)"
    if all(target.startswith("addon") for target in rule.applies_to):
        yield "Square applies discounts automatically to items, and add-ons are modifiers"
    if rule.params.stage == "order-discount" and square.percentage is None:
        yield "Square's automatic discounts take an amount off each item, not off the subtotal"
    if rule.params.stage == "order-discount" and square.maximum is not None:
        yield "its cap is on the whole booking, and Square caps each item"
    if not products:
        yield "none of the services it applies to is in this export"
    elif len(products) > MAX_PRODUCTS:
        yield (
            f"it matches {len(products):,} services or lengths, more than a Square product set "
            f"holds ({MAX_PRODUCTS})"
        )


def _approximations(rule: Rule) -> Iterator[str]:
    """Where Square's automatic discount will differ from servicekit's quote."""
    params = rule.params
    if not params.exclusive:
        yield (
            "Square applies at most one automatic discount to an item, the best for the "
            "client; servicekit stacks this one with others"
        )
    limit = contract.value(params, "limit")
    if limit is not None:
        yield f"Square cannot limit it to {limit} lines of a booking"
    if any(target.startswith("addon") for target in rule.applies_to):
        yield "Square applies it to the services; it discounts their add-ons (modifiers) its way"


def _automatic(
    rule: Rule,
    terms: SquareTerms,
    objects: Objects,
    where: Mapping[str, Any],
    discount_id: str,
    products: list[str],
    events: list[str],
) -> list[dict[str, Any]]:
    """The product set, time periods and pricing rule that apply the discount by themselves."""
    product_set = {
        **objects.head("PRODUCT_SET", objects.ident("product-set", rule.id), where),
        "product_set_data": {
            "name": name(f"{rule.label} ({rule.id})"),
            "product_ids_any": products,
        },
    }
    periods = [
        {
            **objects.head("TIME_PERIOD", objects.ident("time-period", rule.id, number), where),
            "time_period_data": {"event": event},
        }
        for number, event in enumerate(events, 1)
    ]
    data: dict[str, Any] = {
        "name": name(rule.label),
        "discount_id": discount_id,
        "match_products_id": product_set["id"],
    }
    if periods:
        data["time_period_ids"] = [period["id"] for period in periods]
    if terms.valid_from:
        data["valid_from_date"] = terms.valid_from.isoformat()
    if terms.valid_until:
        data["valid_until_date"] = terms.valid_until.isoformat()
    if terms.minimum is not None:
        data["minimum_order_subtotal_money"] = money(terms.minimum)
    pricing_rule = {
        **objects.head("PRICING_RULE", objects.ident("pricing-rule", rule.id), where),
        "pricing_rule_data": data,
    }
    return [product_set, *periods, pricing_rule]


def _products(
    context: ExportContext, rule: Rule, terms: SquareTerms, objects: Objects
) -> list[str]:
    """The Square ids a rule's targets match: categories, items, or with a minimum length the
    lengths that reach it (a whole service when all of them do)."""
    minimum = terms.min_duration
    if minimum:
        found = []
        for service in context.targeted(rule.applies_to):
            long_enough = [v.duration for v in service.variations if v.duration >= minimum]
            if len(long_enough) == len(service.variations):
                found.append(objects.ident("item", service.id))
            else:
                found += [objects.ident("variation", service.id, d) for d in long_enough]
        return found
    offered = context.services_by_category
    found = []
    for target in rule.applies_to:
        kind, _, ident = target.partition(":")
        if target == "services":
            found += [objects.ident("category", category) for category in sorted(offered)]
        elif kind == "category" and ident in offered:
            found.append(objects.ident("category", ident))
        elif kind == "service" and any(s.id == ident for s in context.targeted((target,))):
            found.append(objects.ident("item", ident))
    return list(dict.fromkeys(found))


def _events(terms: SquareTerms, context: ExportContext) -> list[str]:
    """RFC 5545 events for the days and hours a rule holds, read as quoting reads them: on
    the day a session starts, from `after` to `before` (a window past midnight is the end and
    the start of that same day). Square reads the times as the location's local time."""
    windows = _windows(terms.after, terms.before)
    if terms.holidays:
        return [
            _event(f"{day:%Y%m%d}T{_clock(start)}", _length(end - start), None)
            for day in sorted(context.catalogue.clinic.holidays)
            if not terms.days or DAY_NAMES[day.weekday()] in terms.days
            for start, end in windows
        ]
    if not (terms.days or terms.after or terms.before):
        return []
    days = terms.days or DAY_NAMES
    first = _first_on(days, terms.valid_from or ANCHOR)
    rule = "FREQ=WEEKLY;BYDAY=" + ",".join(ICAL_DAYS[day] for day in days)
    return [
        _event(f"{first:%Y%m%d}T{_clock(start)}", _length(end - start), rule)
        for start, end in windows
    ]


def _windows(after: dt.time | None, before: dt.time | None) -> list[tuple[int, int]]:
    """The minutes of a day a rule holds, as (start, end) pairs."""
    start = _minutes(after) if after else 0
    end = _minutes(before) if before else DAY
    if start < end:
        return [(start, end)]
    return [window for window in ((0, end), (start, DAY)) if window[0] < window[1]]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}{minutes % 60:02d}00"


def _length(minutes: int) -> str:
    if minutes == DAY:
        return "P1D"
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


def _event(start: str, duration: str, rule: str | None) -> str:
    lines = ["BEGIN:VEVENT", f"DTSTART:{start}", f"DURATION:{duration}"]
    if rule:
        lines.append(f"RRULE:{rule}")
    return "\n".join([*lines, "END:VEVENT"])


def _first_on(days: tuple[str, ...], start: dt.date) -> dt.date:
    wanted = {DAY_NAMES.index(day) for day in days}
    day = start
    while day.weekday() not in wanted:
        day += dt.timedelta(days=1)
    return day


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _square_ids(context: ExportContext, locations: tuple[str, ...]) -> bool:
    square = Id("square")
    return all(context.catalogue.locations[ident].pos_ids.get(square) for ident in locations)
