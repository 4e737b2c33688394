"""Square's taxes and discounts as catalogue taxes and pricing rules.

A percent or amount `DISCOUNT` becomes a `percent-off` or `amount-off` rule: with its
`PRICING_RULE`, it applies to what the product set matches (categories, services, or the
lengths of at least some minutes), in its time periods, dates and above its minimum order; a
discount staff apply by hand becomes one that needs a promotion code. Its `when` is what the
conditions read back from those terms (`SquareTerms`), each condition its own keys. What does
not carry over is a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from servicekit.model.money import Money
from servicekit.pricing.conditions import SquareTerms, method

if TYPE_CHECKING:
    from servicekit.importing.square import _Importer

SQUARE_DAYS = {
    "MO": "mon",
    "TU": "tue",
    "WE": "wed",
    "TH": "thu",
    "FR": "fri",
    "SA": "sat",
    "SU": "sun",
}
DAY = 24 * 60


def taxes(importer: _Importer, services: Mapping[str, Any]) -> dict[str, Any]:
    """Enabled taxes, each applying to the services whose items carry it."""
    found = {}
    carried = {  # catalogue service id -> the Square tax ids on its item
        importer.ids[f"service:{item['id']}"]: set(item_data(item).get("tax_ids") or [])
        for item in importer.of_type("ITEM")
        if f"service:{item['id']}" in importer.ids
    }
    for tax in importer.of_type("TAX"):
        importer.current = tax["id"]
        data = tax.get("tax_data") or {}
        if data.get("enabled") is False:
            continue
        title = data.get("name") or "Tax"
        taxed = [ident for ident in services if tax["id"] in carried.get(ident, ())]
        if not taxed:
            # What servicekit's export makes of a tax on add-ons alone: Square charges an
            # add-on only its service's taxes, so the tax is on no item.
            applies = ["addons"]
            importer.note(
                f"tax '{title}' is on no service in Square: imported as a tax on add-ons; "
                "check what it applies to"
            )
        elif len(taxed) == len(services):
            applies = ["services", "addons"]
        else:
            applies = [f"service:{ident}" for ident in taxed]
            importer.note(
                f"tax '{title}' applies to some services: their add-ons are not taxed in the "
                "catalogue; add addon:ID targets where they should be"
            )
        entry = {
            "name": title,
            "rate": importer.decimal(data.get("percentage") or "0"),
            "applies_to": applies,
        }
        if data.get("inclusion_type") == "INCLUSIVE":
            entry["inclusive"] = True
        if data.get("calculation_phase") == "TAX_TOTAL_PHASE":
            importer.note(
                f"tax '{title}' is charged in Square on the total after the other taxes; a "
                "catalogue charges every tax on the subtotal, so quotes differ from Square's by "
                "the tax on tax (`servicekit square` keeps the phase in Square)"
            )
        found[importer.ident("tax", tax, title)] = entry
    return found


def rules(importer: _Importer) -> Iterator[dict[str, Any]]:
    automatic = {
        (o.get("pricing_rule_data") or {}).get("discount_id"): o
        for o in importer.of_type("PRICING_RULE")
    }
    codes: set[str] = set()
    for discount in importer.of_type("DISCOUNT"):
        importer.current = discount["id"]
        rule = _discount(importer, discount, automatic.get(discount["id"]), codes)
        if rule is not None:
            yield rule


def _discount(
    importer: _Importer,
    discount: dict[str, Any],
    pricing: dict[str, Any] | None,
    codes: set[str],
) -> dict[str, Any] | None:
    data = discount.get("discount_data") or {}
    title = data.get("name") or "Discount"
    kind = data.get("discount_type")
    rule: dict[str, Any] = {"id": importer.ident("rule", discount, title), "name": title}
    if kind == "FIXED_PERCENTAGE" and data.get("percentage"):
        rule.update(type="percent-off", percent=importer.decimal(data["percentage"]))
        if data.get("maximum_amount_money"):
            rule["max_amount"] = importer.price(data["maximum_amount_money"])
    elif kind == "FIXED_AMOUNT" and data.get("amount_money"):
        rule.update(type="amount-off", amount=importer.price(data["amount_money"]))
    else:
        importer.note(f"discount '{title}' has no fixed percentage or amount; not imported")
        return None
    if pricing is None:
        code = _code(title, codes)
        rule["when"] = _when(importer, SquareTerms(promo=code))
        importer.note(
            f"discount '{title}' is applied by hand in Square; imported as the promotion code "
            f"{code}"
        )
        return rule
    targets, minimum = _targets(importer, pricing, title)
    rule["applies_to"] = targets
    terms = _terms(importer, pricing, title)
    terms.min_duration = minimum
    when = _when(importer, terms)
    if when:
        rule["when"] = when
    return rule


def _when(importer: _Importer, terms: SquareTerms) -> dict[str, Any]:
    """The `when` Square's terms stand for: each condition reads back its own keys."""
    when: dict[str, Any] = {}
    for condition in importer.conditions:
        when.update(method(condition, "from_square")(terms))
    importer.holidays.update(terms.holiday_dates if "holiday" in when else ())
    return when


def _targets(
    importer: _Importer, pricing: dict[str, Any], title: str
) -> tuple[list[str], int | None]:
    """What the pricing rule's product set matches, and the least length when it names
    lengths (the export writes a minimum length as the lengths that reach it)."""
    data = pricing.get("pricing_rule_data") or {}
    if data.get("exclude_products_id"):
        importer.note(f"discount '{title}': the products it leaves out are not imported")
    product_set = importer.by_id.get(data.get("match_products_id")) or {}
    products = product_set.get("product_set_data") or {}
    if products.get("all_products") or not products:
        return ["services"], None
    found: list[str] = []
    lengths: dict[str, set[int]] = {}
    for ident in products.get("product_ids_any") or products.get("product_ids_all") or []:
        target = importer.by_id.get(ident)
        if target is None and ident in importer.variation_items:
            item, minutes = importer.variation_items[ident]
            if f"service:{item}" in importer.ids:
                lengths.setdefault(importer.ids[f"service:{item}"], set()).add(minutes)
            continue
        if target is None:
            continue
        key = f"{'category' if target['type'] == 'CATEGORY' else 'service'}:{target['id']}"
        if key in importer.ids:
            found.append(f"{key.partition(':')[0]}:{importer.ids[key]}")
    minimum = _least_length(importer, lengths, title)
    found += [f"service:{ident}" for ident in lengths]
    return list(dict.fromkeys(found)) or ["services"], minimum


def _least_length(importer: _Importer, lengths: dict[str, set[int]], title: str) -> int | None:
    """The minimum length the named lengths stand for, when they are every length from it."""
    if not lengths:
        return None
    minimum = min(min(found) for found in lengths.values())
    for service, found in lengths.items():
        offered = {v["duration"] for v in importer.services[service]["variations"]}
        if found != {minutes for minutes in offered if minutes >= minimum}:
            importer.note(
                f"discount '{title}' applies to some lengths only: imported for whole services "
                f"from {minimum} minutes; check its `applies_to` and `min_duration`"
            )
            break
    return minimum


def _terms(importer: _Importer, pricing: dict[str, Any], title: str) -> SquareTerms:
    """What a `PRICING_RULE` says: its dates, minimum order and time periods."""
    data = pricing.get("pricing_rule_data") or {}
    terms = SquareTerms()
    if data.get("valid_from_date"):
        terms.valid_from = importer.date(data["valid_from_date"])
    if data.get("valid_until_date"):
        terms.valid_until = importer.date(data["valid_until_date"])
    if data.get("minimum_order_subtotal_money"):
        minimum = importer.price(data["minimum_order_subtotal_money"])
        terms.minimum = Money(minimum, importer.currency or "")
    periods = [importer.by_id.get(ident) for ident in data.get("time_period_ids") or []]
    events = [
        _event(((p or {}).get("time_period_data") or {}).get("event") or "") for p in periods
    ]
    if events and not _timing(events, terms):
        importer.note(f"discount '{title}': its time periods are not imported; add `when` by hand")
    if data.get("customer_group_ids_any"):
        importer.note(f"discount '{title}': customer groups are not imported")
    return terms


def _event(text: str) -> dict[str, Any] | None:
    """An RFC 5545 event as servicekit can hold it: a weekly window (days, start and end
    minutes) or one whole day; None for anything else (intervals, counts, end dates)."""
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    start = re.fullmatch(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})\d{2}", fields.get("DTSTART", ""))
    length = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?", fields.get("DURATION", ""))
    if not start or not length:
        return None
    rule = dict(p.split("=", 1) for p in fields.get("RRULE", "").split(";") if "=" in p)
    begin = int(start.group(4)) * 60 + int(start.group(5))
    days_, hours, minutes = (int(group or 0) for group in length.groups())
    end = begin + days_ * DAY + hours * 60 + minutes
    if not rule:
        if begin == 0 and end == DAY:
            return {"date": dt.date(*(int(start.group(i)) for i in (1, 2, 3)))}
        return None
    if rule.get("FREQ") != "WEEKLY" or set(rule) - {"FREQ", "BYDAY"} or end > 2 * DAY:
        return None
    days = tuple(SQUARE_DAYS[d] for d in rule.get("BYDAY", "").split(",") if d in SQUARE_DAYS)
    return {"days": days, "window": (begin, end)}


def _timing(events: list[dict[str, Any] | None], terms: SquareTerms) -> bool:
    """Read the events into `terms`: whole days as holidays, or one weekly window (split in
    two at midnight, as the export writes a window past midnight). False when servicekit
    cannot hold them."""
    if any(event is None for event in events):
        return False
    if all("date" in event for event in events):  # type: ignore[operator]
        terms.holidays = True
        terms.holiday_dates = tuple(sorted({event["date"] for event in events}))  # type: ignore[index]
        return True
    if any("date" in event for event in events) or len({e["days"] for e in events}) != 1:  # type: ignore[operator,index]
        return False
    windows = sorted(event["window"] for event in events)  # type: ignore[index]
    if len(windows) == 2 and windows[0][0] == 0 and windows[1][1] == DAY:
        after, before = windows[1][0], windows[0][1]
    elif len(windows) == 1 and windows[0][1] <= DAY:
        after, before = windows[0]
    else:
        return False
    days = events[0]["days"]  # type: ignore[index]
    if days and len(days) < 7:
        terms.days = tuple(days)
    if after:
        terms.after = dt.time(after // 60, after % 60)
    if before % DAY:
        terms.before = dt.time(before // 60, before % 60)
    return True


def _code(title: str, taken: set[str]) -> str:
    """A promotion code from a discount's name, unique among the import's codes."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", title.upper()).strip("-")[:28] or "DISCOUNT"
    code, number = base, 2
    while code in taken:
        code = f"{base}-{number}"
        number += 1
    taken.add(code)
    return code


def item_data(item: dict[str, Any]) -> dict[str, Any]:
    data = item.get("item_data")
    return data if isinstance(data, dict) else {}
