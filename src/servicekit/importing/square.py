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

from servicekit.errors import ImportingError
from servicekit.exporting.square.ids import Temporary
from servicekit.files import read_json
from servicekit.importing import square_offers as offers
from servicekit.importing.square_offers import item_data
from servicekit.model.money import Money

FALLBACK_MODALITY = "massage"
OWN_KINDS = {"service": "item", "category": "category", "tax": "tax", "rule": "discount"}
"""Which kind of servicekit's temporary ids carries a catalogue id of each kind."""
GENERIC_WORDS = frozenset({"massage", "therapy", "treatment"})
"""Words a modality's name shares with most services: they do not identify it."""
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
    if source.suffix.lower() == ".toml":
        raise ImportingError(
            f"{source}: is TOML; `servicekit import square` reads the JSON Square gives",
            hint="export it from Square (ListCatalog) or with `servicekit export --format square`",
        )
    data = read_json(source)
    objects = list(_objects(data))
    if not objects or not all(isinstance(o, dict) and "type" in o and "id" in o for o in objects):
        raise ImportingError(
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
    source: str = "<square>",
    conditions: Iterable[Any] = (),
) -> Imported:
    """A catalogue document (what `servicekit.build` takes) from Square catalog objects.

    `modalities` and `addon_types` are the plugins' (by id): a service whose name names one
    gets it; the others get a `massage` modality the clinic should replace. `conditions` are
    the plugins' too: each reads its part of a discount's `when` back from Square. An object
    that is not what Square writes raises `ImportingError` naming it (and `source`, the file).
    """
    importer = _Importer(list(objects), modalities, addon_types, source)
    importer.conditions = tuple(conditions)
    try:
        return importer.document(name, locale, timezone)
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        raise ImportingError(
            f"{source}: Square object '{importer.current}' is not what Square writes: "
            f"{type(error).__name__}: {error}",
            hint="give the JSON exactly as Square returned it",
        ) from None


class _Importer:
    def __init__(
        self,
        objects: list[dict[str, Any]],
        modalities: Mapping[str, Any],
        addon_types: Mapping[str, Any],
        source: str,
    ) -> None:
        self.objects = [o for o in objects if not o.get("is_deleted")]
        self.by_id = {o["id"]: o for o in self.objects}
        self.modalities, self.addon_types, self.source = modalities, addon_types, source
        self.current = "?"
        """The Square object being read, for an error about it."""
        self.variation_items = {
            variation["id"]: (item["id"], _data(variation).get("service_duration", 0) // 60_000)
            for item in self.of_type("ITEM")
            for variation in item_data(item).get("variations") or []
            if isinstance(variation, dict)
            and isinstance(_data(variation).get("service_duration"), int)
        }
        """Each variation's item and minutes, to read product sets of lengths."""
        self.services: dict[str, dict[str, Any]] = {}
        self.holidays: set[dt.date] = set()
        self.notes: list[str] = []
        self.ids: dict[str, str] = {}
        self.taken: dict[str, set[str]] = {}
        self.currency: str | None = None
        self.category_table: dict[str, tuple[str, dict[str, Any]]] = {}
        """Catalogue id and entry by Square category id ("" for items without one)."""
        self.addons: dict[str, dict[str, Any]] = {}
        self.locations: dict[str, dict[str, Any]] = {}
        self.location_rules: list[dict[str, Any]] = []
        self.conditions: tuple[Any, ...] = ()
        """The conditions a discount's `when` is read back with (servicekit.pricing.conditions)."""

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [obj for obj in self.objects if obj["type"] == kind]

    def note(self, text: str) -> None:
        self.notes.append(text)

    def document(self, name: str, locale: str, timezone: str) -> Imported:
        services = self.services
        for item in self.of_type("ITEM"):
            self.current = item["id"]
            service = self.service(item)
            if service is not None:
                services[self.ident("service", item)] = service
        if not services:
            raise ImportingError(
                f"{self.source}: the Square catalog holds no bookable services",
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
        credentials = self.credentials(services)
        if credentials:
            document["credentials"] = credentials
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
        taxes = offers.taxes(self, services)
        if taxes:
            document["taxes"] = taxes
        rules = [*self.location_rules, *offers.rules(self)]
        if rules:
            document["rules"] = rules
        if self.holidays:
            document["clinic"]["holidays"] = sorted(self.holidays)
        return Imported(document, tuple(self.notes))

    def credentials(self, services: dict[str, Any]) -> dict[str, Any]:
        """The credentials the services' modalities require (a prenatal certificate for
        prenatal massage): a catalogue must declare them, and Square does not hold them."""
        needed = sorted(
            {
                credential
                for service in services.values()
                if service["modality"] in self.modalities
                for credential in self.modalities[service["modality"]].requires
            }
        )
        if needed:
            self.note(
                f"credential{'s' * (len(needed) > 1)} {', '.join(needed)} declared, as the "
                "services' modalities require them: give each its full name"
            )
        return {ident: {"name": ident.replace("-", " ").capitalize()} for ident in needed}

    # ids

    def ident(self, kind: str, obj: dict[str, Any], name: str | None = None) -> str:
        """The catalogue id for a Square object: servicekit's own where its temporary id
        says it, from its name otherwise; unique within its kind."""
        key = f"{kind}:{obj['id']}"
        if key in self.ids:
            return self.ids[key]
        parsed = Temporary.parse(obj["id"])
        own = parsed.rest if parsed and parsed.kind == OWN_KINDS.get(kind) else None
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
        self.overrides(ident, data.get("variations") or [], {v["duration"] for v in variations})
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

    def price(self, money: Any) -> str:
        """Square's Money (integer minor units and a currency) as a catalogue price."""
        amount = money.get("amount") if isinstance(money, dict) else None
        currency = money.get("currency") if isinstance(money, dict) else None
        if (
            not isinstance(amount, int)
            or isinstance(amount, bool)
            or not isinstance(currency, str)
        ):
            raise ValueError(
                f"a price must be {{amount: whole minor units, currency}}, not {money!r}"
            )
        if self.currency is None:
            self.currency = currency
        elif currency != self.currency:
            raise ImportingError(
                f"{self.source}: the Square catalog mixes currencies ({self.currency} and "
                f"{currency})",
                hint="a servicekit catalogue has one currency; import each one separately",
            )
        return format(Money.from_minor(amount, currency).amount, "f")

    def decimal(self, text: Any) -> str:
        """A percentage as Square writes it ("8.25"), checked."""
        if not isinstance(text, str) or not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
            raise ValueError(f"a percentage must be a decimal string, not {text!r}")
        return text

    def date(self, text: Any) -> dt.date:
        if not isinstance(text, str):
            raise ValueError(f"a date must be a string, not {text!r}")
        return dt.date.fromisoformat(text)

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
            if not isinstance(info, dict) or info.get("enabled") is False:
                continue
            modifier_list = self.by_id.get(info.get("modifier_list_id"))
            if modifier_list is None:
                self.note(
                    f"service '{data.get('name')}': its add-on list "
                    f"{info.get('modifier_list_id')} is not in the file; not imported"
                )
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
        parsed = Temporary.parse(modifier["id"])
        own = parsed.rest.partition("-")[2] if parsed and parsed.kind == "modifier" else None
        ident = self.ident("addon", {"id": modifier["id"]}, own or title)
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
        self.notes.append(
            f"location '{ident}' stands for Square's location {square}: give it its name "
            "and address"
        )
        return ident

    def overrides(
        self, service: str, variations: list[dict[str, Any]], imported: set[int]
    ) -> None:
        """Square's prices by location, for the lengths imported, as set-price rules."""
        prices: dict[str, dict[str, str]] = {}
        for variation in variations:
            data = _data(variation)
            duration = data.get("service_duration")
            if not isinstance(duration, int) or duration // 60_000 not in imported:
                continue
            for override in data.get("location_overrides") or []:
                money = override.get("price_money") if isinstance(override, dict) else None
                if isinstance(money, dict):
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


def _data(obj: Any) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise TypeError(f"a catalog object is a JSON object, not {type(obj).__name__}")
    for key, value in obj.items():
        if key.endswith("_data") and isinstance(value, dict):
            return value
    return {}


def _slug(text: str) -> str:
    slug = _SLUG.sub("-", text.lower()).strip("-")[:64].strip("-")
    return slug or "imported"


def _text(markup: str | None) -> str | None:
    if not markup:
        return None
    text = html.unescape(_TAGS.sub(" ", markup))
    return " ".join(text.split()) or None
