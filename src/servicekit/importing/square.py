"""Square's catalog as a servicekit catalogue, so a clinic already on Square starts from its
current menu.

Bookable services (`APPOINTMENTS_SERVICE` items) become services, their variations lengths and
prices, modifier lists add-ons, categories and taxes theirs, percent and amount discounts rules,
prices by location set-price rules. Ids come from servicekit's own temporary ids where the
catalog has them (an export round-trips), from names otherwise. What servicekit cannot take
over (an object, a type, a field) is a note naming it, never dropped silently; a value that is
not what Square writes is an error naming its file and JSON path. The import also says which
Square object each catalogue entry came from (`Imported.hints`), so a sync adopts them.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from servicekit.errors import ImportingError, KeyPath
from servicekit.exporting.square.ids import Temporary, key_of
from servicekit.exporting.square.shapes import Located
from servicekit.importing import square_offers as offers
from servicekit.importing.square_offers import item_data
from servicekit.importing.square_reading import read_catalog, unread
from servicekit.model.money import Money

FALLBACK_MODALITY = "massage"
OWN_KINDS = {"service": "item", "category": "category", "tax": "tax", "rule": "discount"}
"""Which kind of servicekit's temporary ids carries a catalogue id of each kind."""
GENERIC_WORDS = frozenset({"massage", "therapy", "treatment"})
"""Words a modality's name shares with most services: they do not identify it."""
_SLUG = re.compile(r"[^a-z0-9]+")
_TAGS = re.compile(r"<[^>]+>")
MISTAKES = (TypeError, ValueError, AttributeError, KeyError, ArithmeticError, IndexError)
"""What a value Square would never write makes the import trip over; reported, located."""


@attrs.frozen
class Imported:
    """The catalogue document read from Square, and notes on what did not carry over."""

    document: dict[str, Any]
    notes: tuple[str, ...]
    hints: Mapping[str, str] = attrs.field(factory=dict)
    """The Square id each catalogue entry came from, by sync key (`item-swedish`)."""
    origin: Mapping[KeyPath, str] = attrs.field(factory=dict)
    """Where in the Square catalog each catalogue entry came from: `FILE: $.json.path`."""

    def located(self, path: KeyPath | None) -> str | None:
        """Where in Square's JSON the catalogue entry at `path` (or its nearest parent) came
        from."""
        while path:
            if path in self.origin:
                return self.origin[path]
            path = path[:-1]
        return None


def read_square(*paths: str | os.PathLike[str]) -> list[Located]:
    """The catalog objects of Square JSON documents (every page), checked, each with its file
    and JSON path."""
    return read_catalog(paths)


def from_square(
    objects: Iterable[Located | dict[str, Any]],
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
    the plugins' too: each reads its part of a discount's `when` back from Square. A value
    Square would not write raises `ImportingError` naming its file and JSON path.
    """
    located = [
        item if isinstance(item, Located) else Located(item, f"{source}: $[{index}]")
        for index, item in enumerate(objects)
    ]
    importer = _Importer(located, modalities, addon_types, source)
    importer.conditions = tuple(conditions)
    try:
        return importer.document(name, locale, timezone)
    except MISTAKES as error:
        raise ImportingError(
            f"{importer.where()}: not what Square writes: {error}",
            hint="give the JSON exactly as Square returned it",
        ) from None


class _Importer:
    def __init__(
        self,
        located: list[Located],
        modalities: Mapping[str, Any],
        addon_types: Mapping[str, Any],
        source: str,
    ) -> None:
        live = [item for item in located if not item.obj.get("is_deleted")]
        self.located = live
        self.objects = [item.obj for item in live]
        self.by_id = {o["id"]: o for o in self.objects}
        self.paths = {item.obj["id"]: item.path for item in live}
        self.modalities, self.addon_types, self.source = modalities, addon_types, source
        self.current = "?"
        """The Square object being read, for an error about it."""
        self.hints: dict[str, str] = {}
        self.origin: dict[KeyPath, str] = {}
        self.variation_items = {}
        for item in self.of_type("ITEM"):
            for index, variation in enumerate(item_data(item).get("variations") or []):
                self.paths[variation["id"]] = (
                    f"{self.paths[item['id']]}.item_data.variations[{index}]"
                )
                duration = _data(variation).get("service_duration")
                if isinstance(duration, int):
                    self.variation_items[variation["id"]] = (item["id"], duration // 60_000)
        for modifiers in self.of_type("MODIFIER_LIST"):
            path = self.paths[modifiers["id"]]
            for index, modifier in enumerate(_data(modifiers).get("modifiers") or []):
                self.paths[modifier["id"]] = f"{path}.modifier_list_data.modifiers[{index}]"
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

    def where(self, field: str = "") -> str:
        """The JSON path of the object being read (and one of its data's fields)."""
        path = self.paths.get(self.current, f"{self.source}: $")
        return f"{path}.{field}" if field else path

    def document(self, name: str, locale: str, timezone: str) -> Imported:
        services = self.services
        for item in self.of_type("ITEM"):
            self.current = item["id"]
            service = self.service(item)
            if service is not None:
                ident = self.ident("service", item)
                services[ident] = service
                self.hints[key_of("item", ident)] = item["id"]
                self.origin[("services", ident)] = self.where()
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
        self._remember(document)
        self.notes += unread(self.located, lambda obj: _data(obj).get("name") or obj["id"])
        return Imported(document, tuple(self.notes), self.hints, self.origin)

    def _remember(self, document: dict[str, Any]) -> None:
        """Which Square object each category, tax and rule came from."""
        for kind, table in (("category", "categories"), ("tax", "taxes")):
            for square, ident in self.ids.items():
                found, _, square_id = square.partition(":")
                if found == kind and ident in document.get(table, {}):
                    self.hints[key_of(kind, ident)] = square_id
                    self.origin[(table, ident)] = self.paths.get(square_id, self.where())
        sources = {
            ident: square.partition(":")[2]
            for square, ident in self.ids.items()
            if square.startswith("rule:")
        }
        for index, rule in enumerate(document.get("rules", [])):
            source = sources.get(rule["id"])
            if source is not None:
                self.origin[("rules", index)] = self.paths.get(source) or self.source
                if source in self.by_id and self.by_id[source]["type"] == "DISCOUNT":
                    self.hints[key_of("discount", rule["id"])] = source

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
        data = item_data(item)
        title = data.get("name") or item["id"]
        if data.get("product_type") != "APPOINTMENTS_SERVICE":
            self.notes.append(f"item '{title}' is not a bookable service; not imported")
            return None
        if data.get("is_archived"):
            self.notes.append(f"service '{title}' is archived in Square; not imported")
            return None
        ident = self.ident("service", item)
        variations = list(self.variations(ident, title, data.get("variations") or []))
        if not variations:
            self.notes.append(f"service '{title}' has no length with a fixed price; not imported")
            return None
        self.overrides(ident, data.get("variations") or [], {v["duration"] for v in variations})
        service: dict[str, Any] = {
            "name": title,
            "category": self.category_of(title, data),
            "modality": self.modality_for(title),
        }
        description = _text(data.get("description_html")) or data.get("description")
        if description:
            service["description"] = description
        service["variations"] = variations
        addons = self.addons_of(title, data)
        if addons:
            service["addons"] = addons
        locations = self.locations_of(item)
        if locations:
            service["locations"] = locations
        return service

    def variations(
        self, service: str, title: str, variations: list[dict[str, Any]]
    ) -> Iterator[dict[str, Any]]:
        seen: set[int] = set()
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
            where = self.paths[variation["id"]]
            entry: dict[str, Any] = {
                "duration": minutes,
                "price": self.price(price, f"{where}.item_variation_data.price_money"),
            }
            if data.get("available_for_booking") is False:
                entry["online"] = False
            if label != f"{minutes} min":
                entry["name"] = label
            self.hints[key_of("variation", service, minutes)] = variation["id"]
            self.origin[("services", service, "variations", len(seen))] = where
            seen.add(minutes)
            yield entry

    def price(self, money: Any, where: str | None = None) -> str:
        """Square's Money (integer minor units and a currency) as a catalogue price; `where`
        is its JSON path, for an error."""
        where = where or self.where()
        amount = money.get("amount") if isinstance(money, dict) else None
        currency = money.get("currency") if isinstance(money, dict) else None
        if (
            not isinstance(amount, int)
            or isinstance(amount, bool)
            or not isinstance(currency, str)
        ):
            raise ImportingError(
                f"{where}: a price is {{amount: whole minor units, currency}}, not "
                f"{_shown(money)}",
                hint="give the JSON exactly as Square returned it",
            )
        try:
            value = Money.from_minor(amount, currency)
        except ValueError as error:
            raise ImportingError(f"{where}.currency: {error}") from None
        if self.currency is None:
            self.currency = currency
        elif currency != self.currency:
            raise ImportingError(
                f"{where}: the Square catalog mixes currencies ({self.currency} and {currency})",
                hint="a servicekit catalogue has one currency; import each one separately",
            )
        return format(value.amount, "f")

    def decimal(self, text: Any) -> str:
        """A percentage as Square writes it ("8.25"), checked."""
        if not isinstance(text, str) or not re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,9})?", text):
            raise ImportingError(
                f'{self.where()}: a percentage is a decimal string such as "8.25", not '
                f"{_shown(text)}",
                hint="give the JSON exactly as Square returned it",
            )
        return text

    def date(self, text: Any) -> dt.date:
        if isinstance(text, str):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise ImportingError(
            f"{self.where()}: a date is written YYYY-MM-DD, not {_shown(text)}",
            hint="give the JSON exactly as Square returned it",
        )

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

    def category_of(self, title: str, data: dict[str, Any]) -> str:
        listed = [c.get("id") for c in data.get("categories") or []]
        candidates = [i for i in [*listed, data.get("category_id")] if i in self.by_id]
        candidates = list(dict.fromkeys(candidates))
        category = self.by_id[candidates[0]] if candidates else None
        if len(candidates) > 1:
            others = [_data(self.by_id[i]).get("name") or i for i in candidates[1:]]
            self.note(
                f"service '{title}' is in {len(candidates)} categories in Square; a service is "
                f"listed under one: imported under the first, not under {', '.join(others)}"
            )
        key = category["id"] if category else ""
        if key not in self.category_table:
            entry: dict[str, Any]
            if category is None:
                ident, entry = "services", {"name": "Services"}
            else:
                name = _data(category).get("name") or "Services"
                ident, entry = self.ident("category", category, name), {"name": name}
            entry["order"] = len(self.category_table) + 1
            self.category_table[key] = (ident, entry)
        return self.category_table[key][0]

    # add-ons

    def addons_of(self, title: str, data: dict[str, Any]) -> list[str]:
        found = []
        for info in data.get("modifier_list_info") or []:
            modifier_list = self.by_id.get(info.get("modifier_list_id"))
            if modifier_list is None:
                self.note(
                    f"service '{title}': its add-on list {info.get('modifier_list_id')} is not "
                    "in the file; not imported"
                )
                continue
            own = _data(modifier_list)
            name = own.get("name") or modifier_list["id"]
            if info.get("enabled") is False:
                self.note(f"service '{title}': add-on list '{name}' is turned off; not imported")
                continue
            if own.get("modifier_type") == "TEXT":
                self.note(f"service '{title}': '{name}' asks the client for text; not imported")
                continue
            modifiers = own.get("modifiers") or []
            self._choice_note(title, name, info, own, modifiers)
            for modifier in modifiers:
                self.current = modifier["id"]
                ident = self.addon(modifier)
                if ident and ident not in found:
                    found.append(ident)
        return found

    def _choice_note(
        self,
        title: str,
        name: str,
        info: Mapping[str, Any],
        own: Mapping[str, Any],
        modifiers: list[dict[str, Any]],
    ) -> None:
        """Square's choices a catalogue cannot require or limit: a note, never dropped."""
        least = _first_int(info.get("min_selected_modifiers"), own.get("min_selected_modifiers"))
        most = _first_int(info.get("max_selected_modifiers"), own.get("max_selected_modifiers"))
        if own.get("selection_type") == "SINGLE" and most in (None, -1):
            most = 1
        choices = ", ".join(str(_data(m).get("name") or m["id"]) for m in modifiers)
        if least is not None and least >= 1:
            self.note(
                f"service '{title}': '{name}' is a required choice in Square (at least {least} "
                f"of {choices}); a catalogue's add-ons are optional: imported as add-ons the "
                "client may leave out, so ask for the choice at booking"
            )
        elif most is not None and 0 < most < len(modifiers):
            self.note(
                f"service '{title}': in Square a client chooses at most {most} of '{name}' "
                f"({choices}); a catalogue's add-ons can all be booked together"
            )

    def addon(self, modifier: dict[str, Any]) -> str | None:
        data = _data(modifier)
        title = data.get("name") or modifier["id"]
        money = data.get("price_money") or {"amount": 0, "currency": self.currency or "USD"}
        price = self.price(money, self.where("modifier_data.price_money"))
        for ident, known in self.addons.items():
            if known["name"] == title and known["price"] == price:
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
        self.origin[("addons", ident)] = self.where()
        self.addon_overrides(ident, title, data.get("location_overrides") or [])
        return ident

    def addon_overrides(self, addon: str, title: str, overrides: list[dict[str, Any]]) -> None:
        """An add-on's prices by location, as a set-price rule for each location."""
        for index, override in enumerate(overrides):
            money = override.get("price_money")
            if money is None or override.get("location_id") is None:
                continue
            where = self.where(f"modifier_data.location_overrides[{index}].price_money")
            location = self.location(override["location_id"])
            price = {"price": self.price(money, where)}
            self.location_rule(f"addon:{addon}", location, title, price)

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
            where = self.paths[variation["id"]]
            for index, override in enumerate(data.get("location_overrides") or []):
                money = override.get("price_money")
                if money is not None and override.get("location_id") is not None:
                    location = self.location(override["location_id"])
                    path = f"{where}.item_variation_data.location_overrides[{index}].price_money"
                    prices.setdefault(location, {})[str(duration // 60_000)] = self.price(
                        money, path
                    )
        for location, by_length in prices.items():
            self.location_rule(f"service:{service}", location, "Price", {"prices": by_length})

    def location_rule(self, target: str, location: str, what: str, prices: dict[str, Any]) -> None:
        """Square's prices at a location, as a set-price rule for it."""
        ident = target.partition(":")[2]
        self.location_rules.append(
            {
                "id": self.ident("rule", {"id": f"{ident}@{location}"}, f"{ident}-at-{location}"),
                "type": "set-price",
                "name": f"{what} at {self.locations[location]['name']}",
                "applies_to": [target],
                "when": {"locations": [location]},
                **prices,
            }
        )


def _first_int(*values: Any) -> int | None:
    return next((value for value in values if isinstance(value, int)), None)


def _shown(value: Any) -> str:
    from servicekit.exporting.square.shapes import shown

    return shown(value)


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
