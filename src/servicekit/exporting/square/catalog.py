"""The catalogue as Square catalog objects: categories, taxes, add-on lists, services with
their lengths, and discounts.

Services are `ITEM`s of product type `APPOINTMENTS_SERVICE`, each length an `ITEM_VARIATION`
(duration in milliseconds, price in minor units). The add-ons a service offers are a
`MODIFIER_LIST`; services offering the same add-ons share one. Taxes attach to the items they
apply to. Every object has a key (`ids.key_of`); one the sync state knows keeps its permanent
id and last version, so uploading updates it, and any other gets a temporary `#` id.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from servicekit.exporting.context import ExportContext
from servicekit.exporting.list_prices import LinePrices
from servicekit.exporting.square.fields import MAX_NAME, SQUARE, money, name
from servicekit.exporting.square.ids import digest, key_of, make_temporary
from servicekit.exporting.square.rules import rule_objects
from servicekit.exporting.square.state import Known, SyncState
from servicekit.exporting.values import decimal_text
from servicekit.model.catalogue import AddOn, Service, Variation
from servicekit.model.money import Money
from servicekit.pricing.compiled import TaxTargets
from servicekit.pricing.words import either

MINUTE_MS = 60_000
LOCATION_HINT = 'set pos_ids = {{ square = "<location id>" }} in [locations.{}]'


class Catalog:
    """Builds the objects of one export, warning about what Square cannot hold."""

    def __init__(self, context: ExportContext, state: SyncState | None = None) -> None:
        self.context = context
        self.catalogue = context.catalogue
        self.known: Mapping[str, Known] = state.objects if state is not None else {}
        lineage = state.lineage if state is not None and state.lineage else None
        # A one-shot export of one location keeps its ids apart from any other export's.
        here = context.location
        namespace = here.id if here is not None and lineage is None else None
        self.temporary = make_temporary("", location=namespace, lineage=lineage)
        """What a temporary id puts before the key."""
        self.keys: dict[str, str] = {}
        """The key of every id this export names, permanent or temporary."""
        self.made: list[str] = []
        """The key of every object made, nested ones included."""
        self.parents: dict[str, str] = {}
        """The key of the item or add-on list each nested object is made in."""
        self.held: dict[str, bool] = {}
        """Whether Square holds each item and length as made, by key, worked out as they are
        made: a plan need not compare them again (`managed.same` does for the others)."""
        self.whole: set[str] = set()
        """The items Square holds as made, their lengths too: a plan passes them by."""
        self._ids: dict[str, str] = {}
        """The ids of the objects many others refer to (categories, taxes, add-on lists)."""
        self._everywhere: Mapping[str, Any] = {"present_at_all_locations": True}
        """The presence of most objects: a dict of the catalog's own (never changed), since
        unpacking a read-only proxy into each of 40,000 objects walks it the slow way."""
        self.currency = context.currency
        self._minor: dict[Decimal, int] = {}
        """Prices in minor units by amount: a large menu has a few hundred amounts."""
        self.exported_addons: dict[str, AddOn] = {addon.id: addon for addon in context.addons}
        self._offered: dict[str, tuple[str, ...]] = {}
        self._every_addon = len(self.exported_addons) == len(self.catalogue.addons)
        """Whether every add-on is exported: then a service offers all it names."""
        self.addon_lists = self._addon_lists()
        self.taxes = {tax.id: TaxTargets.parse(tax.applies_to) for tax in context.taxes}
        self._taxes_of: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
        self._taxed_services = {
            ident for targets in self.taxes.values() for ident in targets.services
        }
        self.mismatches: dict[tuple[str, bool], set[str]] = {}
        """Add-ons a tax treats unlike their service, by tax and whether it taxes the service."""
        self.unplaced: dict[str, list[str]] = {}
        """What is only for a location Square has no id for, by location."""
        self.unpriced: dict[str, int] = {}
        """Lengths whose price differs at a location Square has no id for, by location."""

    def ident(self, kind: str, *parts: str | int) -> str:
        return self.ident_of(key_of(kind, *parts))

    def ident_of(self, key: str) -> str:
        """The id of the object of `key`: Square's, or a temporary one."""
        known = self.known.get(key)
        ident = self.temporary + key if known is None else known.id
        self.keys[ident] = key
        return ident

    def shared(self, key: str) -> str:
        """The id of an object many others refer to, worked out once."""
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = self.ident_of(key)
        return found

    def head(self, kind: str, ident: str, where: Mapping[str, Any]) -> dict[str, Any]:
        """An object's type, id, last known version and presence; it is one the export
        makes."""
        key = self.keys[ident]
        head: dict[str, Any] = {"type": kind, "id": ident}
        known = self.known.get(key)
        if known is not None and known.version is not None:
            head["version"] = known.version
        head.update(where)
        self.made.append(key)
        return head

    def kept(self, ident: str) -> Mapping[str, Any]:
        """Fields staff set in Square that the catalogue does not hold (team members, images):
        an upload replaces whole objects, so they are sent back as Square last returned them."""
        known = self.known.get(self.keys[ident])
        return known.kept if known is not None else {}

    def objects(self) -> list[dict[str, Any]]:
        """Every top-level object, in a fixed order: what others refer to comes first."""
        context = self.context
        self._shared_account_note()
        objects = [*self.categories(), *self.tax_objects(), *self.modifier_lists()]
        objects += [self.item(service) for service in context.services]
        for index, rule in context.rules:
            objects += rule_objects(context, index, rule, self)
        self.notes()
        return objects

    def presence(
        self, locations: tuple[str, ...], path: tuple[str | int, ...], what: str
    ) -> Mapping[str, Any]:
        """Where an object is present: its locations' Square ids when it is for some and
        they are known; everywhere otherwise (noted, to warn once per location)."""
        if self.context.location is not None or not locations:
            # A location's own export goes to a Square account of its own: all of it is there.
            return self._everywhere
        known = self.catalogue.locations
        ids = [known[ident].pos_ids.get(SQUARE) for ident in locations]
        if all(ids):
            return {"present_at_all_locations": False, "present_at_location_ids": ids}
        for ident, square in zip(locations, ids, strict=True):
            if not square:
                self.unplaced.setdefault(ident, []).append(what)
        return self._everywhere

    def categories(self) -> Iterator[dict[str, Any]]:
        used = {service.category for service in self.context.services}
        where = self.presence((), (), "")
        for category in self.catalogue.categories.values():
            if category.id in used:
                ident = self.ident("category", category.id)
                yield {
                    **self.head("CATEGORY", ident, where),
                    "category_data": {"name": category.name},
                }

    def tax_objects(self) -> Iterator[dict[str, Any]]:
        for tax in self.context.taxes:
            path = ("taxes", tax.id)
            where = self.presence(tax.locations, path, f"tax '{tax.id}'")
            ident = self.ident("tax", tax.id)
            phase = self.kept(ident).get("calculation_phase", "TAX_SUBTOTAL_PHASE")
            yield {
                **self.head("TAX", ident, where),
                "tax_data": {
                    "name": tax.name,
                    "calculation_phase": phase,
                    "inclusion_type": "INCLUSIVE" if tax.inclusive else "ADDITIVE",
                    "percentage": decimal_text(tax.rate),
                    "applies_to_custom_amounts": False,
                    "enabled": True,
                },
            }
            if tax.exempt_tags:
                self.context.warn(
                    (*path, "exempt_tags"),
                    f"tax '{tax.id}': Square cannot exempt clients by tag "
                    f"({either(tax.exempt_tags, 'and')}); staff remove the tax by hand",
                )

    def offered(self, service: Service) -> tuple[str, ...]:
        """The exported add-ons a service offers."""
        if self._every_addon:
            return service.addons
        found = self._offered.get(service.id)
        if found is None:
            exported = self.exported_addons
            found = self._offered[service.id] = tuple(
                ident for ident in service.addons if ident in exported
            )
        return found

    def _addon_lists(self) -> dict[tuple[str, ...], str]:
        """A modifier list per distinct set of add-ons services offer, named by a digest."""
        lists = {}
        for service in self.context.services:
            offered = self.offered(service)
            if offered and offered not in lists:
                lists[offered] = digest(offered)
        return lists

    def modifier_lists(self) -> Iterator[dict[str, Any]]:
        addons = self.catalogue.addons
        where = self.presence((), (), "")
        for offered, key in self.addon_lists.items():
            names = [addons[ident].name for ident in offered]
            title = "Add-ons" if len(self.addon_lists) == 1 else _listed("Add-ons: ", names)
            list_id = self.ident("addons", key)
            yield {
                **self.head("MODIFIER_LIST", list_id, where),
                "modifier_list_data": {
                    "name": title,
                    "modifier_type": "LIST",
                    "min_selected_modifiers": 0,
                    "max_selected_modifiers": len(offered),
                    "modifiers": [
                        self.modifier(addons[ident], key, list_id, ordinal, where)
                        for ordinal, ident in enumerate(offered, 1)
                    ],
                },
            }

    def modifier(
        self, addon: AddOn, key: str, list_id: str, ordinal: int, where: Mapping[str, Any]
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": addon.name,
            "price_money": money(self.context.addon_prices(addon).listed),
            "ordinal": ordinal,
            "modifier_list_id": list_id,
        }
        overrides = self.overrides(self.context.addon_prices(addon).elsewhere, None)
        if overrides:
            data["location_overrides"] = overrides
        ident = self.ident("modifier", key, addon.id)
        self.parents[self.keys[ident]] = self.keys[list_id]
        return {**self.head("MODIFIER", ident, where), "modifier_data": data}

    def item(self, service: Service) -> dict[str, Any]:
        where = self.presence(
            service.locations, ("services", service.id), f"service '{service.id}'"
        )
        key = "item-" + service.id
        known = self.known.get(key)
        item_id = self.temporary + key if known is None else known.id
        self.keys[item_id] = key
        category = self.shared("category-" + service.category)
        variations = [
            self.variation(service, variation, prices, item_id, key, where)
            for variation, prices in zip(
                service.variations, self.context.lengths(service), strict=True
            )
        ]
        data: dict[str, Any] = {
            "name": service.name,
            "product_type": "APPOINTMENTS_SERVICE",
            "categories": [{"id": category}],
            "variations": variations,
        }
        if service.description:
            data["description_html"] = f"<p>{html.escape(service.description)}</p>"
        offered = self.offered(service)
        taxes = self.item_taxes(service, offered)
        data["is_taxable"] = bool(taxes)
        if taxes:
            data["tax_ids"] = [self.shared("tax-" + ident) for ident in taxes]
        if offered:
            addons = self.shared("addons-" + self.addon_lists[offered])
            data["modifier_list_info"] = [
                {
                    "modifier_list_id": addons,
                    "min_selected_modifiers": 0,
                    "max_selected_modifiers": len(offered),
                    "enabled": True,
                }
            ]
        self.made.append(key)
        if known is not None and known.kept:
            data = {**known.kept, **data}  # in that order, as Square returned them
        elif known is not None:
            keys = self.keys
            nested = [keys[variation["id"]] for variation in variations]
            held = self.held[key] = _holds(
                known.data, where, "item_data", {**data, "variations": nested}
            )
            if held and all(self.held.get(length) for length in nested):
                self.whole.add(key)
        return _made("ITEM", item_id, known, where, "item_data", data)

    @staticmethod
    def ids_in(obj: Mapping[str, Any]) -> Iterable[str] | None:
        """Every id an item holds, read where `item` puts them (its own, its category's, its
        lengths', its taxes' and its add-on list's), so packing need not look for them in its
        JSON; None for an object of another type."""
        if obj.get("type") != "ITEM":
            return None
        data = obj["item_data"]
        return (
            obj["id"],
            *(category["id"] for category in data["categories"]),
            *(variation["id"] for variation in data["variations"]),
            *data.get("tax_ids", ()),
            *(info["modifier_list_id"] for info in data.get("modifier_list_info", ())),
        )

    def variation(
        self,
        service: Service,
        variation: Variation,
        prices: LinePrices,
        item_id: str,
        item_key: str,
        where: Mapping[str, Any],
    ) -> dict[str, Any]:
        # Square orders an item's variations as they are listed: `ordinal` is read-only.
        key = f"variation-{service.id}-{variation.duration}"
        known = self.known.get(key)
        ident = self.temporary + key if known is None else known.id
        self.keys[ident] = key
        self.made.append(key)
        self.parents[key] = item_key
        minor = self._minor.get(prices.listed.amount)
        if minor is None:
            minor = self._minor[prices.listed.amount] = prices.listed.minor
        data: dict[str, Any] = {
            "item_id": item_id,
            "name": variation.label,
            "pricing_type": "FIXED_PRICING",
            "price_money": {"amount": minor, "currency": self.currency},
            "service_duration": variation.duration * MINUTE_MS,
            "available_for_booking": variation.online,
        }
        if prices.elsewhere:
            overrides = self.overrides(prices.elsewhere, "FIXED_PRICING")
            if overrides:
                data["location_overrides"] = overrides
        if known is not None and known.kept:
            data = {**known.kept, **data}  # in that order, as Square returned them
        elif known is not None:
            self.held[key] = _holds(known.data, where, "item_variation_data", data)
        return _made("ITEM_VARIATION", ident, known, where, "item_variation_data", data)

    def overrides(self, prices: Mapping[str, Money], pricing: str | None) -> list[dict[str, Any]]:
        """Prices that differ by location, for the locations Square knows (a variation's
        carry their pricing type, a modifier's do not)."""
        overrides = []
        for ident, price in prices.items():
            square = self.catalogue.locations[ident].pos_ids.get(SQUARE)
            if square:
                override = {"location_id": square, "price_money": money(price)}
                overrides.append({**override, "pricing_type": pricing} if pricing else override)
            else:
                self.unpriced[ident] = self.unpriced.get(ident, 0) + 1
        return overrides

    def item_taxes(self, service: Service, offered: tuple[str, ...]) -> list[str]:
        """The taxes Square should charge on the service. Square charges an item's taxes on
        its modifiers too, so a tax that treats the service and its add-ons differently is
        noted, to warn once per tax. Worked out once for the services of a category and
        modality offering the same add-ons, unless a tax names a service."""
        if service.id in self._taxed_services:
            return self._item_taxes(service, offered)
        key = (service.category, service.modality, offered)
        found = self._taxes_of.get(key)
        if found is None:
            found = self._taxes_of[key] = self._item_taxes(service, offered)
        return found

    def _item_taxes(self, service: Service, offered: tuple[str, ...]) -> list[str]:
        attached: list[str] = []
        addons = [self.exported_addons[ident] for ident in offered]
        for tax_id, targets in self.taxes.items():
            on_service = targets.line("service", service, None)
            differ = [a.id for a in addons if targets.line("addon", None, a) != on_service]
            if on_service:
                attached.append(tax_id)
            if differ:
                self.mismatches.setdefault((tax_id, on_service), set()).update(differ)
        return attached

    def notes(self) -> None:
        """Warnings about the export as a whole, each given once."""
        self._location_notes()
        for (tax_id, on_service), addons in sorted(self.mismatches.items()):
            names = either(sorted(addons), "and")
            if on_service:
                message = (
                    f"tax '{tax_id}' does not apply to the add-ons {names}, but Square charges "
                    "a service's taxes on its add-ons too: Square will charge it on them"
                )
                hint = "refund it at checkout, or make the tax apply to those add-ons too"
            else:
                message = (
                    f"tax '{tax_id}' applies to the add-ons {names} but not to the services "
                    "they are booked with, and Square charges an add-on only its service's "
                    "taxes: Square will not collect this tax on them"
                )
                hint = "add it at checkout by hand, or sell those add-ons as items of their own"
            self.context.warn(("taxes", tax_id), message, hint)
        timed = [a.id for a in self.context.addons if a.minutes]
        if timed:
            self.context.warn(
                ("addons",),
                f"add-ons {either(timed, 'and')} add minutes, and Square modifiers carry no "
                "time: book the longer length when they are chosen",
            )
        if any(v.buffer for s in self.context.services for v in s.variations):
            self.context.warn(
                ("services",),
                "Square's catalog holds no buffer after a session: set it as blocked time in "
                "Square Appointments",
            )
        needed = self.context.credentials
        if needed:
            self.context.warn(
                ("credentials",),
                f"services need credentials ({either(sorted(needed), 'and')}); Square does "
                "not know them: assign each service to team members who hold them",
            )

    def _shared_account_note(self) -> None:
        """A location's export is for a Square account of its own; in an account several
        locations share, it would give every service this location's prices and presence."""
        here = self.context.location
        if here is None:
            return
        others = [
            location.name
            for location in self.catalogue.locations.values()
            if location is not here and location.pos_ids.get(SQUARE)
        ]
        if others:
            self.context.warn(
                ("locations", here.id),
                f"this export is for a Square account of {here.name}'s own, but "
                f"{either(others, 'and')} also {'has' if len(others) == 1 else 'have'} a Square "
                "id: if they share one account, uploading it would move every service to "
                f"{here.name}'s prices",
                "for one account with several locations, export without --location: "
                "presence and prices by location come from pos_ids",
            )

    def _location_notes(self) -> None:
        for ident in sorted(self.unplaced.keys() | self.unpriced.keys()):
            said = []
            things = self.unplaced.get(ident, [])
            if things:
                more = f" and {len(things) - 3} more" if len(things) > 3 else ""
                verb = "is" if len(things) == 1 else "are"
                said.append(
                    f"{', '.join(things[:3])}{more} (only for it) {verb} exported for every "
                    "location"
                )
            prices = self.unpriced.get(ident, 0)
            if prices:
                said.append(f"its own prices for {prices} length(s) or add-on(s) are not exported")
            self.context.warn(
                ("locations", ident),
                f"{self.catalogue.locations[ident].name} has no Square id, so "
                + " and ".join(said),
                LOCATION_HINT.format(ident) + ", or export it alone with --location",
            )


def _made(
    kind: str,
    ident: str,
    known: Known | None,
    where: Mapping[str, Any],
    field: str,
    data: dict[str, Any],
) -> dict[str, Any]:
    """An object: its type, id, last known version, presence and data (as `head` gives)."""
    if known is None or known.version is None:
        return {"type": kind, "id": ident, **where, field: data}
    return {"type": kind, "id": ident, "version": known.version, **where, field: data}


def _holds(held: Mapping[str, Any], where: Mapping[str, Any], field: str, data: Any) -> bool:
    """Whether `held` is `{**where, field: data}`: the managed form of an object made with
    that presence and data (which holds no kept or empty field)."""
    if len(held) != len(where) + 1 or held.get(field) != data:
        return False
    for place, value in where.items():  # noqa: SIM110 (a loop is quicker than all() here)
        if held.get(place, _MISSING) != value:
            return False
    return True


_MISSING = object()


def _listed(prefix: str, names: Sequence[str], limit: int = MAX_NAME) -> str:
    """`Add-ons: A, B and 3 more`, as many names as fit in a Square name."""
    for shown in range(len(names), 0, -1):
        rest = len(names) - shown
        text = prefix + ", ".join(names[:shown]) + (f" and {rest} more" if rest else "")
        if len(text) <= limit:
            return text
    return name(prefix + f"{len(names)} add-ons", limit)
