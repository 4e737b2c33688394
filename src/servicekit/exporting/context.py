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
from servicekit.model.catalogue import AddOn, Catalogue, Location, Rule, Service, Tax, When
from servicekit.model.money import Money
from servicekit.pricing.compiled import CompiledRule, Pricing, compiled
from servicekit.pricing.stages import LineInfo


@attrs.define(slots=False, eq=False)
class ExportContext:
    """The catalogue to export, limited to `location` when one is given, and the warnings
    an exporter reports about what its format cannot hold."""

    catalogue: Catalogue
    location: Location | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict)
    warnings: list[Problem] = attrs.field(factory=list)
    _targeting: dict[tuple[str, str], list[tuple[CompiledRule, frozenset[str]]]] = attrs.field(
        factory=dict, init=False, repr=False
    )
    """The list-price rules that target each service or add-on, worked out on first use."""
    _at: dict[tuple[str, str, str | None], list[Any]] = attrs.field(
        factory=dict, init=False, repr=False
    )
    """The same, at each location, worked out on first use (and, under "*own*", the
    locations where they differ from everywhere)."""
    _prices: dict[tuple[str, int, str | None], Money] = attrs.field(
        factory=dict, init=False, repr=False
    )
    """Each variation's list price, by location, worked out once."""

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
        return rule.id in self._list_price_rules and rule.params.stage == "base"

    def ends_list_prices(self, rule: Rule) -> bool:
        """A price-ending rule with no condition, or only the location: the exported prices
        are ended by it."""
        return rule.id in self._list_price_rules and rule.params.stage == "price-ending"

    def is_location_price(self, rule: Rule) -> bool:
        """A list-price rule whose only condition is the location: a price list there."""
        return rule.id in self._list_price_rules and bool(rule.when.locations)

    def price(self, service: Service, duration: int, location: str | None = None) -> Money:
        """A variation's list price (at `location`, or the export's own location)."""
        key = (service.id, duration, location)
        found = self._prices.get(key)
        if found is None:
            variation = service.variation(duration)
            if variation is None:
                raise ValueError(f"'{service.id}' is not offered for {duration} min")
            found = self._priced("service", service, None, duration, variation.price, location)
            self._prices[key] = found
        return found

    def addon_price(self, addon: AddOn, location: str | None = None) -> Money:
        return self._priced("addon", None, addon, None, addon.price, location)

    def location_prices(self, service: Service, duration: int) -> dict[str, Money]:
        """Prices that differ at some locations from the exported price, by location id."""
        if self.location is not None:
            return {}
        if not any(locations for _, locations in self._candidates("service", service, None)):
            return {}
        prices = {}
        for ident in self._own_rules("service", service, None):
            if service.locations and ident not in service.locations:
                continue
            here = self.price(service, duration, ident)
            if here != self.price(service, duration):
                prices[ident] = here
        return prices

    def _own_rules(self, kind: str, service: Service | None, addon: AddOn | None) -> list[str]:
        """The locations where other list-price rules apply to a line than everywhere: the
        only places its price can differ."""
        key = (kind, _line_id(service, addon), "*own*")
        found = self._at.get(key)
        if found is None:
            everywhere = self._list_price_rules_at(kind, service, addon, None)
            found = [
                ident
                for ident in self.catalogue.locations
                if self._list_price_rules_at(kind, service, addon, ident) != everywhere
            ]
            self._at[key] = found
        return found

    def addon_location_prices(self, addon: AddOn) -> dict[str, Money]:
        """An add-on's prices that differ at some locations from its exported price."""
        if self.location is not None:
            return {}
        if not any(locations for _, locations in self._candidates("addon", None, addon)):
            return {}
        base = self.addon_price(addon)
        prices = {}
        for ident in self._own_rules("addon", None, addon):
            here = self.addon_price(addon, ident)
            if here != base:
                prices[ident] = here
        return prices

    def _here(self, locations: tuple[str, ...]) -> bool:
        return self.location is None or not locations or self.location.id in locations

    @cached_property
    def pricing(self) -> Pricing:
        """The catalogue's rules as quoting compiled them."""
        return compiled(self.catalogue)

    @cached_property
    def _list_price_rules(self) -> dict[str, tuple[CompiledRule, frozenset[str]]]:
        """Price-setting and price-ending rules with no condition but the location, in the
        order quoting considers them, each with its locations (empty: everywhere)."""
        by_stage = self.pricing.by_stage
        by_id: dict[str, Rule] = {rule.id: rule for rule in self.catalogue.rules}
        return {
            rule.id: (rule, frozenset(by_id[rule.id].when.locations))
            for rule in (*by_stage["base"], *by_stage["price-ending"])
            if attrs.evolve(by_id[rule.id].when, locations=()) == NO_CONDITIONS
            and not by_id[rule.id].plugin_when
        }

    def _candidates(
        self, kind: str, service: Service | None, addon: AddOn | None
    ) -> list[tuple[CompiledRule, frozenset[str]]]:
        """The list-price rules that target a service or add-on, worked out once for each."""
        key = (kind, _line_id(service, addon))
        found = self._targeting.get(key)
        if found is None:
            rules = self._list_price_order
            # Only the rules that can name this line are asked, so a large menu does not ask
            # every rule about every service.
            named = self._named.get(("service", "*") if service else ("addon", "*"), [])
            named = [*named, *self._named.get(key, [])]
            if service is not None:
                named += self._named.get(("category", service.category), [])
            found = [
                rules[position]
                for position in sorted(set(named))
                if rules[position][0].targets.line(kind, service, addon)
            ]
            self._targeting[key] = found
        return found

    @cached_property
    def _list_price_order(self) -> list[tuple[CompiledRule, frozenset[str]]]:
        return list(self._list_price_rules.values())

    @cached_property
    def _named(self) -> dict[tuple[str, str], list[int]]:
        """The positions of the list-price rules that name each service, category or add-on,
        and ("service", "*") / ("addon", "*") for those that name them all."""
        named: dict[tuple[str, str], list[int]] = {}
        for position, (rule, _) in enumerate(self._list_price_order):
            targets = rule.targets
            pairs = [("service", ident) for ident in targets.services]
            pairs += [("category", ident) for ident in targets.categories]
            pairs += [("addon", ident) for ident in targets.addons]
            pairs += [("service", "*")] * targets.all_services + [("addon", "*")] * (
                targets.all_addons
            )
            for pair in pairs:
                named.setdefault(pair, []).append(position)
        return named

    def _priced(
        self,
        kind: str,
        service: Service | None,
        addon: AddOn | None,
        duration: int | None,
        price: Money,
        location: str | None,
    ) -> Money:
        """The price after list-price rules, as quoting works it out: the price set by the
        most specific `set-price` rule (ties go to the first in priority order), then ended
        by the first `price-ending` rule that changes it within its margin."""
        here = self._list_price_rules_at(kind, service, addon, location)
        if not here:
            return price
        line = _line(kind, service, addon, duration, price)
        where = location or (self.location.id if self.location else None)
        chosen: tuple[CompiledRule, Money] | None = None
        for rule in here:
            if rule.stage != "base":
                continue
            new = self.pricing.listed_price(self.catalogue, rule, line, where)
            if new is None:
                continue
            specificity = rule.targets.specificity(service, addon)
            if chosen is None or specificity > chosen[0].targets.specificity(service, addon):
                chosen = (rule, new)
        if chosen is not None:
            price = chosen[1]
        return self._end(here, price, line, where)

    def end(
        self,
        price: Money,
        service: Service | None = None,
        addon: AddOn | None = None,
        location: str | None = None,
    ) -> Money:
        """A price of a service or an add-on as the list-price endings end it (at `location`,
        or the export's own): for prices shown beside the list price, such as a member's."""
        kind = "service" if service is not None else "addon"
        where = location or (self.location.id if self.location else None)
        line = _line(kind, service, addon, None, price)
        return self._end(
            self._list_price_rules_at(kind, service, addon, location), price, line, where
        )

    def _list_price_rules_at(
        self, kind: str, service: Service | None, addon: AddOn | None, location: str | None
    ) -> list[CompiledRule]:
        """The list-price rules for a service or add-on at `location` (or the export's own)."""
        where = location or (self.location.id if self.location else None)
        key = (kind, _line_id(service, addon), where)
        found = self._at.get(key)
        if found is None:
            candidates = self._candidates(kind, service, addon)
            found = [rule for rule, places in candidates if not places or where in places]
            self._at[key] = found
        return found

    def _end(
        self, rules: list[CompiledRule], price: Money, line: LineInfo, location: str | None
    ) -> Money:
        """The price ended by the first price-ending rule that changes it within its margin
        (as the quoting engine decides: not when there is no change, it would go below zero,
        or beyond the rule's margin)."""
        if not price.amount:
            return price
        for rule in rules:
            if rule.stage != "price-ending":
                continue
            after = self.pricing.listed_end(self.catalogue, rule, price, line, location)
            change, limit = after.amount - price.amount, rule.max_change
            if change and after.amount >= 0 and (limit is None or abs(change) <= limit.amount):
                return after
        return price


def _line(
    kind: str, service: Service | None, addon: AddOn | None, duration: int | None, price: Money
) -> LineInfo:
    if service is not None:
        return LineInfo("service", service.id, duration, price)
    return LineInfo("addon", _line_id(None, addon), None, price)


def _line_id(service: Service | None, addon: AddOn | None) -> str:
    if service is not None:
        return service.id
    if addon is None:
        raise TypeError("a line is a service or an add-on")
    return addon.id


NO_CONDITIONS = When()
