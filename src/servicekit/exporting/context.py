"""What an exporter sees: the catalogue as one location offers it, at the prices it lists.

Every format shares these decisions, so they are made once, here. A location export holds the
services offered there, the taxes charged there and the rules that can apply there. Prices are
list prices, what a client with no offer pays: a `set-price` rule without conditions, or whose
only condition is the location, is part of the list price, not a promotion; it is applied to
the exported prices (as prices by location where the export spans several) and left out of the
rules. A `price-ending` rule with no condition but the location ends the exported prices too,
and stays among the rules: quoting also ends prices after a discount, which a POS and a reader
of the menu should know. (Ending an ended price changes nothing, so nothing is ended twice.)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

import attrs

from servicekit.errors import KeyPath, Problem
from servicekit.exporting.list_prices import LinePrices, ListPrices
from servicekit.model.catalogue import AddOn, Catalogue, Location, Rule, Service, Tax
from servicekit.model.money import Money
from servicekit.pricing.compiled import Pricing, compiled


@attrs.define(slots=False, eq=False)
class ExportContext:
    """The catalogue to export, limited to `location` when one is given, and the warnings
    an exporter reports about what its format cannot hold."""

    catalogue: Catalogue
    location: Location | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict)
    warnings: list[Problem] = attrs.field(factory=list)

    def warn(self, path: KeyPath | None, message: str, hint: str | None = None) -> None:
        """Report something the format cannot express; it is shown to the user, named."""
        self.warnings.append(Problem(path, message, hint, severity="warning"))

    @property
    def currency(self) -> str:
        return self.catalogue.currency

    @cached_property
    def services(self) -> tuple[Service, ...]:
        """The services offered (at the location), in catalogue order."""
        return tuple(s for s in self.catalogue.services.values() if self._here(s.locations))

    @cached_property
    def services_by_category(self) -> dict[str, tuple[Service, ...]]:
        """The services offered (at the location), by category id."""
        found: dict[str, list[Service]] = {}
        for service in self.services:
            found.setdefault(service.category, []).append(service)
        return {category: tuple(services) for category, services in found.items()}

    def targeted(self, selectors: tuple[str, ...]) -> list[Service]:
        """The services offered that `applies_to` selectors name, in menu order."""
        if "services" in selectors:
            return list(self.services)
        names = {s.partition(":")[2] for s in selectors if s.startswith("service:")}
        categories = {s.partition(":")[2] for s in selectors if s.startswith("category:")}
        # By category and id rather than asking every service: rules of a large menu name
        # a few of them each.
        order = self._menu_order
        found = {order[s.id] for c in categories for s in self.services_by_category.get(c, ())}
        found |= {order[ident] for ident in names if ident in order}
        return [self.services[index] for index in sorted(found)]

    @cached_property
    def _menu_order(self) -> dict[str, int]:
        """Each service's place on the menu, by id."""
        return {service.id: index for index, service in enumerate(self.services)}

    @cached_property
    def credentials(self) -> frozenset[str]:
        """Every credential a service offered needs (its modality's and its own)."""
        kinds = {(s.modality, s.requires): s for s in self.services}.values()
        return frozenset(c for s in kinds for c in self.catalogue.credentials_for(s))

    @cached_property
    def addons(self) -> tuple[AddOn, ...]:
        """Every add-on, or at a location those offered with its services."""
        if self.location is None:
            return tuple(self.catalogue.addons.values())
        offered = {ident for service in self.services for ident in service.addons}
        return tuple(a for a in self.catalogue.addons.values() if a.id in offered)

    @cached_property
    def taxes(self) -> tuple[Tax, ...]:
        return tuple(t for t in self.catalogue.taxes.values() if self._here(t.locations))

    @cached_property
    def rules(self) -> tuple[tuple[int, Rule], ...]:
        """The rules that can apply here, each with its index in the catalogue's `[[rules]]`.

        Price-setting list prices are not among them: they are in `price()`, and where an
        export spans every location, prices that differ by location are in
        `location_prices()`.
        """
        return tuple(
            (index, rule)
            for index, rule in enumerate(self.catalogue.rules)
            if self._here(rule.when.locations) and not self.is_list_price(rule)
        )

    def is_list_price(self, rule: Rule) -> bool:
        """A price-setting rule with no condition, or only the location."""
        return self.list_prices.is_list_price(rule)

    def ends_list_prices(self, rule: Rule) -> bool:
        """A price-ending rule with no condition, or only the location: the exported prices
        are ended by it."""
        return self.list_prices.ends_list_prices(rule)

    def is_location_price(self, rule: Rule) -> bool:
        """A list-price rule whose only condition is the location: a price list there."""
        return self.list_prices.is_location_price(rule)

    @cached_property
    def list_prices(self) -> ListPrices:
        """Every line's list prices, worked out once for the export."""
        return ListPrices(self.catalogue, self.location)

    def lengths(self, service: Service) -> tuple[LinePrices, ...]:
        """The list prices of each of a service's lengths, in the order it lists them: the
        price (at the export's location) and, for an export of every location, the prices
        that differ at some locations. What exporters of large menus ask, once a service."""
        return self.list_prices.service(service)

    def addon_prices(self, addon: AddOn) -> LinePrices:
        """An add-on's list prices, as `lengths` gives a service's."""
        return self.list_prices.addon(addon)

    def price(self, service: Service, duration: int, location: str | None = None) -> Money:
        """A variation's list price (at `location`, or the export's own location)."""
        for variation, prices in zip(service.variations, self.lengths(service), strict=True):
            if variation.duration == duration:
                return prices.at(location)
        raise ValueError(f"'{service.id}' is not offered for {duration} min")

    def addon_price(self, addon: AddOn, location: str | None = None) -> Money:
        return self.addon_prices(addon).at(location)

    def location_prices(self, service: Service, duration: int) -> dict[str, Money]:
        """Prices that differ at some locations from the exported price, by location id."""
        for variation, prices in zip(service.variations, self.lengths(service), strict=True):
            if variation.duration == duration:
                return dict(prices.elsewhere)
        raise ValueError(f"'{service.id}' is not offered for {duration} min")

    def addon_location_prices(self, addon: AddOn) -> dict[str, Money]:
        """An add-on's prices that differ at some locations from its exported price."""
        return dict(self.addon_prices(addon).elsewhere)

    def _here(self, locations: tuple[str, ...]) -> bool:
        return self.location is None or not locations or self.location.id in locations

    @cached_property
    def pricing(self) -> Pricing:
        """The catalogue's rules as quoting compiled them."""
        return compiled(self.catalogue)

    def end(
        self,
        price: Money,
        service: Service | None = None,
        addon: AddOn | None = None,
        location: str | None = None,
    ) -> Money:
        """A price of a service or an add-on as the list-price endings end it (at `location`,
        or the export's own): for prices shown beside the list price, such as a member's."""
        return self.list_prices.end(price, service, addon, location)
