"""Square's catalog as a servicekit catalogue, so a clinic already on Square starts from its
current menu.

Reads a `BatchUpsertCatalogObjects` body (or the array of them an export writes), a
`ListCatalog` / `SearchCatalogObjects` response, or a bare list of catalog objects. Bookable
services (`APPOINTMENTS_SERVICE` items) become services, their variations lengths and prices,
modifier lists add-ons, categories and taxes theirs, percent and amount discounts rules. Ids
come from servicekit's own temporary ids where the body has them (an export round-trips), from
names otherwise. What servicekit cannot take over is a note, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from servicekit.errors import ExportError
from servicekit.exporting.files import read_json
from servicekit.model.money import Money

FALLBACK_MODALITY = "massage"
GENERIC_WORDS = frozenset({"massage", "therapy", "treatment"})
"""Words a modality's name shares with most services: they do not identify it."""
SQUARE_DAYS = {
    "MO": "mon",
    "TU": "tue",
    "WE": "wed",
    "TH": "thu",
    "FR": "fri",
    "SA": "sat",
    "SU": "sun",
}
_SLUG = re.compile(r"[^a-z0-9]+")
_TAGS = re.compile(r"<[^>]+>")


@attrs.frozen
class Imported:
    """The catalogue document read from Square, and notes on what did not carry over."""

    document: dict[str, Any]
    notes: tuple[str, ...]


def read_square(path: str | Path) -> list[dict[str, Any]]:
    """The catalog objects of a Square JSON document, nested ones included in their parents."""
    source = Path(path)
    data = read_json(source)
    objects = list(_objects(data))
    if not objects or not all(isinstance(o, dict) and "type" in o and "id" in o for o in objects):
        raise ExportError(
            f"{source}: not a Square catalog",
            hint="give a BatchUpsertCatalogObjects body (with `batches`), a ListCatalog "
            "response (with `objects`), or a list of catalog objects",
        )
    return objects


def _objects(data: Any) -> Iterator[Any]:
    if isinstance(data, list):
        for entry in data:
            if isinstance(entry, dict) and "batches" in entry:
                yield from _objects(entry)
            else:
                yield entry
    elif isinstance(data, dict) and isinstance(data.get("batches"), list):
        for batch in data["batches"]:
            yield from (batch or {}).get("objects") or [] if isinstance(batch, dict) else []
    elif isinstance(data, dict) and isinstance(data.get("objects"), list):
        yield from data["objects"]


def from_square(
    objects: Iterable[dict[str, Any]],
    *,
    name: str,
    locale: str,
    timezone: str,
    modalities: Mapping[str, Any],
    addon_types: Mapping[str, Any],
) -> Imported:
    """A catalogue document (what `servicekit.build` takes) from Square catalog objects.

    `modalities` and `addon_types` are the plugins' (by id): a service whose name names one
    gets it; the others get a `massage` modality the clinic should replace.
    """
    return _Importer(list(objects), modalities, addon_types).document(name, locale, timezone)


class _Importer:
    def __init__(
        self,
        objects: list[dict[str, Any]],
        modalities: Mapping[str, Any],
        addon_types: Mapping[str, Any],
    ) -> None:
        self.objects = [o for o in objects if not o.get("is_deleted")]
        self.by_id = {o["id"]: o for o in self.objects}
        self.modalities, self.addon_types = modalities, addon_types
        self.notes: list[str] = []
        self.ids: dict[str, str] = {}
        self.taken: dict[str, set[str]] = {}
        self.currency: str | None = None
        self.category_table: dict[str, tuple[str, dict[str, Any]]] = {}
        """Catalogue id and entry by Square category id ("" for items without one)."""
        self.addons: dict[str, dict[str, Any]] = {}
        self.locations: dict[str, dict[str, Any]] = {}
        self.location_rules: list[dict[str, Any]] = []

    def document(self, name: str, locale: str, timezone: str) -> Imported:
        items = [o for o in self.objects if o["type"] == "ITEM"]
        services = {}
        for item in items:
            service = self.service(item)
            if service is not None:
                services[self.ident("service", item)] = service
        if not services:
            raise ExportError(
                "the Square catalog holds no bookable services",
                hint="servicekit imports items of product type APPOINTMENTS_SERVICE",
            )
        document: dict[str, Any] = {
            "format": 1,
            "clinic": {
                "name": name,
                "currency": self.currency,
                "locale": locale,
                "timezone": timezone,
            },
        }
        if self.locations:
            document["locations"] = self.locations
        document["categories"] = self.categories
        if any(s["modality"] == FALLBACK_MODALITY for s in services.values()):
            document["modalities"] = {
                FALLBACK_MODALITY: {
                    "name": "Massage",
                    "description": "Imported from Square: choose the modality of each service.",
                }
            }
        document["services"] = services
        if self.addons:
            document["addons"] = self.addons
        taxes = self.taxes(items, services)
        if taxes:
            document["taxes"] = taxes
        rules = [*self.location_rules, *self.rules()]
        if rules:
            document["rules"] = rules
        return Imported(document, tuple(self.notes))

    # ids

    def ident(self, kind: str, obj: dict[str, Any], name: str | None = None) -> str:
        """The catalogue id for a Square object: servicekit's own where its temporary id
        says it, from its name otherwise; unique within its kind."""
        key = f"{kind}:{obj['id']}"
        if key in self.ids:
            return self.ids[key]
        prefix = {"service": "#item-", "category": "#category-", "tax": "#tax-",
                  "rule": "#discount-"}.get(kind)  # fmt: skip
        own = obj["id"][len(prefix) :] if prefix and obj["id"].startswith(prefix) else None
        base = own or _slug(name or _data(obj).get("name") or kind)
        taken = self.taken.setdefault(kind, set())
        ident, number = base, 2
        while ident in taken:
            ident = f"{base[:60]}-{number}"
            number += 1
        taken.add(ident)
        self.ids[key] = ident
        return ident

    # services

    def service(self, item: dict[str, Any]) -> dict[str, Any] | None:
        data = item.get("item_data") or {}
        title = data.get("name") or item["id"]
        if data.get("product_type") != "APPOINTMENTS_SERVICE":
            self.notes.append(f"item '{title}' is not a bookable service; not imported")
            return None
        variations = list(self.variations(title, data.get("variations") or []))
        if not variations:
            self.notes.append(f"service '{title}' has no length with a fixed price; not imported")
            return None
        ident = self.ident("service", item)
        service: dict[str, Any] = {
            "name": title,
            "category": self.category_of(data),
            "modality": self.modality_for(title),
        }
        description = _text(data.get("description_html")) or data.get("description")
        if description:
            service["description"] = description
        service["variations"] = variations
        addons = self.addons_of(data)
        if addons:
            service["addons"] = addons
        locations = self.locations_of(item)
        if locations:
            service["locations"] = locations
        self.overrides(ident, data.get("variations") or [])
        return service

    def variations(self, title: str, variations: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        seen = set()
        for variation in sorted(variations, key=lambda v: _data(v).get("ordinal") or 0):
            data = _data(variation)
            label = data.get("name") or "?"
            duration = data.get("service_duration")
            price = data.get("price_money")
            if not isinstance(duration, int) or duration <= 0 or duration % 60_000:
                self.notes.append(f"'{title}, {label}' has no duration in whole minutes; skipped")
                continue
            if data.get("pricing_type") == "VARIABLE_PRICING" or not isinstance(price, dict):
                self.notes.append(f"'{title}, {label}' has no fixed price; skipped")
                continue
            minutes = duration // 60_000
            if minutes in seen:
                self.notes.append(f"'{title}' has two {minutes}-minute lengths; kept the first")
                continue
            seen.add(minutes)
            entry: dict[str, Any] = {"duration": minutes, "price": self.price(price)}
            if data.get("available_for_booking") is False:
                entry["online"] = False
            if label != f"{minutes} min":
                entry["name"] = label
            yield entry

    def price(self, money: dict[str, Any]) -> str:
        currency = money.get("currency")
        if self.currency is None:
            self.currency = currency
        elif currency != self.currency:
            raise ExportError(
                f"the Square catalog mixes currencies ({self.currency} and {currency})",
                hint="a servicekit catalogue has one currency; import each one separately",
            )
        amount = Money.from_minor(int(money.get("amount", 0)), currency)
        return format(amount.amount, "f")

    def modality_for(self, title: str) -> str:
        """The plugin modality the service's name names (the longest), else the fallback."""
        words = set(_slug(title).split("-"))

        def named(ident: str, modality: Any) -> bool:
            significant = set(_slug(modality.name).split("-")) - GENERIC_WORDS
            return set(ident.split("-")) <= words or (bool(significant) and significant <= words)

        found = [ident for ident, modality in self.modalities.items() if named(ident, modality)]
        if not found:
            self.notes.append(
                f"service '{title}': no modality matches its name; set its modality "
                f"(it is '{FALLBACK_MODALITY}' for now)"
            )
            return FALLBACK_MODALITY
        return max(found, key=len)

    # categories

    @property
    def categories(self) -> dict[str, Any]:
        return dict(self.category_table.values())

    def category_of(self, data: dict[str, Any]) -> str:
        listed = [c.get("id") for c in data.get("categories") or [] if isinstance(c, dict)]
        candidates = [*listed, data.get("category_id")]
        category = next((self.by_id[i] for i in candidates if i in self.by_id), None)
        key = category["id"] if category else ""
        if key not in self.category_table:
            if category is None:
                ident, entry = "services", {"name": "Services"}
            else:
                name = (category.get("category_data") or {}).get("name") or "Services"
                ident, entry = self.ident("category", category, name), {"name": name}
            entry["order"] = len(self.category_table) + 1
            self.category_table[key] = (ident, entry)
        return self.category_table[key][0]

    # add-ons

    def addons_of(self, data: dict[str, Any]) -> list[str]:
        found = []
        for info in data.get("modifier_list_info") or []:
            if info.get("enabled") is False:
                continue
            modifier_list = self.by_id.get(info.get("modifier_list_id"))
            if modifier_list is None:
                continue
            for modifier in (modifier_list.get("modifier_list_data") or {}).get("modifiers") or []:
                ident = self.addon(modifier)
                if ident and ident not in found:
                    found.append(ident)
        return found

    def addon(self, modifier: dict[str, Any]) -> str | None:
        data = _data(modifier)
        title = data.get("name") or modifier["id"]
        price = self.price(data.get("price_money") or {"amount": 0, "currency": self.currency})
        for ident, entry in self.addons.items():
            if entry["name"] == title and entry["price"] == price:
                return ident  # the same add-on in another list
        own = re.fullmatch(r"#modifier-[0-9a-f]+-(.+)", modifier["id"])
        ident = self.ident("addon", {"id": modifier["id"]}, own.group(1) if own else title)
        entry: dict[str, Any] = {"name": title, "price": price}
        kind = self.addon_type_for(title)
        if kind:
            entry["type"] = kind
        else:
            self.notes.append(
                f"add-on '{title}': say what it is (a `type`, or `properties`) so screening "
                "can reason about it"
            )
        self.addons[ident] = entry
        return ident

    def addon_type_for(self, title: str) -> str | None:
        words = set(_slug(title).split("-"))
        for ident in self.addon_types:
            if set(ident.split("-")) <= words or ident.rstrip("s") in words:
                return ident
        return None

    # locations

    def locations_of(self, obj: dict[str, Any]) -> list[str]:
        if obj.get("present_at_all_locations", True) is not False:
            return []
        return [self.location(square) for square in obj.get("present_at_location_ids") or []]

    def location(self, square: str) -> str:
        for ident, entry in self.locations.items():
            if entry["pos_ids"]["square"] == square:
                return ident
        ident = _slug(f"square-{square}")[:64]
        self.locations[ident] = {
            "name": f"Square location {square}",
            "pos_ids": {"square": square},
        }
        return ident

    def overrides(self, service: str, variations: list[dict[str, Any]]) -> None:
        """Square's prices by location as set-price rules for the location."""
        prices: dict[str, dict[str, str]] = {}
        for variation in variations:
            data = _data(variation)
            duration = data.get("service_duration")
            for override in data.get("location_overrides") or []:
                money = override.get("price_money")
                if (
                    isinstance(money, dict)
                    and isinstance(duration, int)
                    and duration % 60_000 == 0
                ):
                    location = self.location(override.get("location_id") or "?")
                    prices.setdefault(location, {})[str(duration // 60_000)] = self.price(money)
        for location, by_length in prices.items():
            self.location_rules.append(
                {
                    "id": self.ident(
                        "rule", {"id": f"{service}@{location}"}, f"{service}-at-{location}"
                    ),
                    "type": "set-price",
                    "name": f"Price at {self.locations[location]['name']}",
                    "applies_to": [f"service:{service}"],
                    "when": {"locations": [location]},
                    "prices": by_length,
                }
            )

    # taxes

    def taxes(self, items: list[dict[str, Any]], services: Mapping[str, Any]) -> dict[str, Any]:
        taxes = {}
        imported = {
            self.ids[f"service:{item['id']}"]: item
            for item in items
            if f"service:{item['id']}" in self.ids
        }
        for tax in (o for o in self.objects if o["type"] == "TAX"):
            data = tax.get("tax_data") or {}
            if data.get("enabled") is False:
                continue
            taxed = [
                ident
                for ident, item in imported.items()
                if ident in services
                and tax["id"] in ((item.get("item_data") or {}).get("tax_ids") or [])
            ]
            if not taxed:
                continue
            title = data.get("name") or "Tax"
            applies = (
                ["services", "addons"]
                if len(taxed) == len(services)
                else [f"service:{i}" for i in taxed]
            )
            if len(taxed) != len(services):
                self.notes.append(
                    f"tax '{title}' applies to some services: their add-ons are not taxed in the "
                    "catalogue; add addon:ID targets where they should be"
                )
            entry = {"name": title, "rate": data.get("percentage") or "0", "applies_to": applies}
            if data.get("inclusion_type") == "INCLUSIVE":
                entry["inclusive"] = True
            taxes[self.ident("tax", tax, title)] = entry
        return taxes

    # rules

    def rules(self) -> Iterator[dict[str, Any]]:
        automatic = {
            (o.get("pricing_rule_data") or {}).get("discount_id"): o
            for o in self.objects
            if o["type"] == "PRICING_RULE"
        }
        for discount in (o for o in self.objects if o["type"] == "DISCOUNT"):
            rule = self.discount(discount, automatic.get(discount["id"]))
            if rule is not None:
                yield rule

    def discount(
        self, discount: dict[str, Any], pricing: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        data = discount.get("discount_data") or {}
        title = data.get("name") or "Discount"
        kind = data.get("discount_type")
        rule: dict[str, Any] = {"id": self.ident("rule", discount, title), "name": title}
        if kind == "FIXED_PERCENTAGE" and data.get("percentage"):
            rule.update(type="percent-off", percent=data["percentage"])
            if data.get("maximum_amount_money"):
                rule["max_amount"] = self.price(data["maximum_amount_money"])
        elif kind == "FIXED_AMOUNT" and data.get("amount_money"):
            rule.update(type="amount-off", amount=self.price(data["amount_money"]))
        else:
            self.notes.append(
                f"discount '{title}' has no fixed percentage or amount; not imported"
            )
            return None
        if pricing is None:
            code = _code(title)
            rule["when"] = {"promo": code}
            self.notes.append(
                f"discount '{title}' is applied by hand in Square; imported as the promotion "
                f"code {code}"
            )
            return rule
        rule["applies_to"] = self.targets(pricing)
        when = self.when(pricing, title)
        if when:
            rule["when"] = when
        return rule

    def targets(self, pricing: dict[str, Any]) -> list[str]:
        product_set = self.by_id.get(
            (pricing.get("pricing_rule_data") or {}).get("match_products_id")
        )
        data = (product_set or {}).get("product_set_data") or {}
        if data.get("all_products") or not data:
            return ["services"]
        found = []
        for ident in data.get("product_ids_any") or data.get("product_ids_all") or []:
            target = self.by_id.get(ident) or self.parent_of(ident)
            if target is None:
                continue
            key = f"{'category' if target['type'] == 'CATEGORY' else 'service'}:{target['id']}"
            if key in self.ids:
                found.append(f"{key.split(':')[0]}:{self.ids[key]}")
        return list(dict.fromkeys(found)) or ["services"]

    def parent_of(self, variation_id: str) -> dict[str, Any] | None:
        for item in (o for o in self.objects if o["type"] == "ITEM"):
            for variation in (item.get("item_data") or {}).get("variations") or []:
                if variation.get("id") == variation_id:
                    return item
        return None

    def when(self, pricing: dict[str, Any], title: str) -> dict[str, Any]:
        data = pricing.get("pricing_rule_data") or {}
        when: dict[str, Any] = {}
        for key, ours in (("valid_from_date", "valid_from"), ("valid_until_date", "valid_until")):
            if data.get(key):
                when[ours] = dt.date.fromisoformat(data[key])
        if data.get("minimum_order_subtotal_money"):
            when["min_subtotal"] = self.price(data["minimum_order_subtotal_money"])
        periods = [self.by_id.get(i) for i in data.get("time_period_ids") or []]
        events = [
            _event(((p or {}).get("time_period_data") or {}).get("event") or "") for p in periods
        ]
        if len(events) == 1 and events[0] is not None:
            when.update(events[0])
        elif events:
            self.notes.append(
                f"discount '{title}': its time periods are not imported; add `when` by hand"
            )
        if data.get("customer_group_ids_any"):
            self.notes.append(f"discount '{title}': customer groups are not imported")
        return when


def _event(text: str) -> dict[str, Any] | None:
    """Days and hours from an RFC 5545 event with a weekly rule, or None."""
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    start, duration = fields.get("DTSTART", ""), fields.get("DURATION", "")
    rule = dict(part.split("=", 1) for part in fields.get("RRULE", "").split(";") if "=" in part)
    match = re.fullmatch(r"\d{8}T(\d{2})(\d{2})\d{2}", start)
    length = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?", duration)
    if not match or not length or rule.get("FREQ") != "WEEKLY":
        return None
    begin = int(match.group(1)) * 60 + int(match.group(2))
    end = begin + int(length.group(1) or 0) * 60 + int(length.group(2) or 0)
    when: dict[str, Any] = {}
    days = [SQUARE_DAYS[d] for d in rule.get("BYDAY", "").split(",") if d in SQUARE_DAYS]
    if days and len(days) < 7:
        when["days"] = days
    if begin:
        when["after"] = dt.time(begin // 60, begin % 60)
    if end % (24 * 60):
        when["before"] = dt.time((end // 60) % 24, end % 60)
    return when


def _data(obj: dict[str, Any]) -> dict[str, Any]:
    for key, value in obj.items():
        if key.endswith("_data") and isinstance(value, dict):
            return value
    return {}


def _slug(text: str) -> str:
    slug = _SLUG.sub("-", text.lower()).strip("-")[:64].strip("-")
    return slug or "imported"


def _code(title: str) -> str:
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", title.upper()).strip("-")[:32]
    return code or "DISCOUNT"


def _text(markup: str | None) -> str | None:
    if not markup:
        return None
    text = html.unescape(_TAGS.sub(" ", markup))
    return " ".join(text.split()) or None
