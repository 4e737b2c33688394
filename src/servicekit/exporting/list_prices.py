"""List prices: what a client with no offer pays for each line, everywhere and at each
location, worked out once per export.

A line's list price is its price in the catalogue, set by the most specific list-price rule
that has a price for it (a `set-price` rule with no condition but the location; ties go to the
first in priority order), then ended by the first list-price `price-ending` rule that changes
it within its margin: as quoting works it out. Only the rules that target a line and hold at a
location take part there, so the work is grouped by what targets a line: the lines that no
list-price rule targets (most of a large menu) keep the catalogue's prices without asking
any rule; the others share, group by group, which rules hold at which location, and a line
asks each rule once, not once a location. A rule whose method does not read the context
(`reads_context = False`, the pricing contract's promise that its answer depends on the line
alone) is asked once a line; one that reads it, once a line and location.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from servicekit.model.catalogue import AddOn, Catalogue, Location, Rule, Service, When
from servicekit.model.money import Money
from servicekit.pricing import values
from servicekit.pricing.compiled import CompiledRule, Pricing, compiled
from servicekit.pricing.stages import LineInfo, PricingContext

NO_CONDITIONS = When()
NONE_ELSEWHERE: Mapping[str, Money] = MappingProxyType({})
"""A line priced the same at every location."""


class LinePrices:
    """The list prices of one line (a service's length or an add-on): `listed` at the
    export's location (everywhere, when it spans them all), and `elsewhere` where it differs
    at a location of a catalogue exported whole."""

    __slots__ = ("_priced", "elsewhere", "listed")

    def __init__(
        self, listed: Money, elsewhere: Mapping[str, Money], priced: _Line | None = None
    ) -> None:
        self.listed = listed
        self.elsewhere = elsewhere
        self._priced = priced

    def at(self, location: str | None) -> Money:
        """The list price at `location` (None: the export's own, or everywhere)."""
        if self._priced is None:
            return self.listed
        return self._priced.at(location)

    @property
    def uniform(self) -> bool:
        """Whether the line has the one price `listed` at every location."""
        return self._priced is None or self._priced.group.uniform


class ListPrices:
    """The list prices of a catalogue's lines, for an export of `location` (None: of every
    location)."""

    def __init__(self, catalogue: Catalogue, location: Location | None) -> None:
        self.catalogue = catalogue
        self.pricing: Pricing = compiled(catalogue)
        self.here = location.id if location is not None else None
        self.spanning = location is None
        self.rules = _list_price_rules(catalogue, self.pricing)
        """Price-setting and price-ending rules with no condition but the location, in the
        order quoting considers them, with their locations (empty: everywhere), by id."""
        self.asking = _Asking(self.catalogue, self.pricing, self.here)
        self._order = list(self.rules.values())
        self._named = _named(self._order)
        self._groups: dict[tuple[int, ...], _Group] = {}
        self._by_kind: dict[tuple[str, str], _Group | None] = {}
        """The group of the services no rule names by id, by category and modality."""
        self._services: dict[str, tuple[LinePrices, ...]] = {}
        self._addons: dict[str, LinePrices] = {}

    # what an export asks

    def service(self, service: Service) -> tuple[LinePrices, ...]:
        """The list prices of each of a service's lengths, in the order it lists them."""
        found = self._services.get(service.id)
        if found is None:
            group = self._group("service", service, None)
            if group is None:
                found = tuple(LinePrices(v.price, NONE_ELSEWHERE) for v in service.variations)
            else:
                only = service.locations
                found = tuple(
                    self._priced(
                        _Line(group, LineInfo("service", service.id, v.duration, v.price),
                              service, None),
                        only,
                    )
                    for v in service.variations
                )  # fmt: skip
            self._services[service.id] = found
        return found

    def addon(self, addon: AddOn) -> LinePrices:
        """An add-on's list prices."""
        found = self._addons.get(addon.id)
        if found is None:
            group = self._group("addon", None, addon)
            if group is None:
                found = LinePrices(addon.price, NONE_ELSEWHERE)
            else:
                line = LineInfo("addon", addon.id, None, addon.price)
                found = self._priced(_Line(group, line, None, addon), ())
            self._addons[addon.id] = found
        return found

    def end(
        self, price: Money, service: Service | None, addon: AddOn | None, location: str | None
    ) -> Money:
        """A price of a line as the list-price endings at `location` (None: the export's
        own) end it."""
        group = self._group("service" if service is not None else "addon", service, addon)
        if group is None:
            return price
        if service is not None:
            line = LineInfo("service", service.id, None, price)
        else:
            assert addon is not None, "a line is a service or an add-on"
            line = LineInfo("addon", addon.id, None, price)
        return _Line(group, line, service, addon).ended(
            group.rules_at(location or self.here)[0], price, location or self.here
        )

    def is_list_price(self, rule: Rule) -> bool:
        return rule.id in self.rules and rule.params.stage == "base"

    def ends_list_prices(self, rule: Rule) -> bool:
        return rule.id in self.rules and rule.params.stage == "price-ending"

    def is_location_price(self, rule: Rule) -> bool:
        return rule.id in self.rules and bool(rule.when.locations)

    # how

    def _priced(self, line: _Line, only: tuple[str, ...]) -> LinePrices:
        """A line's prices: at the export's location, and where they differ (at the locations
        of `only`, or any) when the export spans every location."""
        listed = line.at(None)
        if not self.spanning or not line.group.own:
            return LinePrices(listed, NONE_ELSEWHERE, line)
        elsewhere = {}
        for ident in line.group.own:
            if only and ident not in only:
                continue
            price = line.at(ident)
            if price != listed:
                elsewhere[ident] = price
        return LinePrices(listed, elsewhere or NONE_ELSEWHERE, line)

    def _group(self, kind: str, service: Service | None, addon: AddOn | None) -> _Group | None:
        """What targets a line, shared by every line the same rules target; None when no
        list-price rule does."""
        if service is None or ("service", service.id) in self._named:
            return self._targeting(kind, service, addon)
        # No rule names the service itself: its category and modality say what targets it.
        shared = (service.category, service.modality)
        if shared not in self._by_kind:
            self._by_kind[shared] = self._targeting(kind, service, addon)
        return self._by_kind[shared]

    def _targeting(self, kind: str, service: Service | None, addon: AddOn | None) -> _Group | None:
        """The group of the list-price rules that target a line, found by what they name."""
        named = self._named
        if service is not None:
            found = [
                *named.get(("service", "*"), ()),
                *named.get(("service", service.id), ()),
                *named.get(("category", service.category), ()),
                *named.get(("modality", service.modality), ()),
            ]
        else:
            assert addon is not None, "a line is a service or an add-on"
            found = [*named.get(("addon", "*"), ()), *named.get(("addon", addon.id), ())]
        if not found:
            return None
        order = self._order
        targeting = tuple(
            position
            for position in sorted(set(found))
            if order[position][0].targets.line(kind, service, addon)
        )
        if not targeting:
            return None
        group = self._groups.get(targeting)
        if group is None:
            group = self._groups[targeting] = _Group(
                self.asking, [order[position] for position in targeting]
            )
        return group


class _Asking:
    """What asking a rule for a line's list price takes; the export's location, `here`.

    It asks as `Pricing.listed_price` and `Pricing.listed_end` do, checking what a rule
    returns the same way. A rule that reads the context gets one for the line at the
    location; one that does not (`reads_context = False`) is given the context of whichever
    line was asked first there, made once: it promises to read no more of it than
    `context.money`, the same for every line.
    """

    __slots__ = ("_shared", "catalogue", "here", "pricing")

    def __init__(self, catalogue: Catalogue, pricing: Pricing, here: str | None) -> None:
        self.catalogue, self.pricing, self.here = catalogue, pricing, here
        self._shared: dict[str | None, PricingContext] = {}

    def context(self, rule: CompiledRule, line: LineInfo, where: str | None) -> PricingContext:
        if rule.reads_context:
            return self.pricing.listing(self.catalogue, line, where)
        found = self._shared.get(where)
        if found is None:
            found = self._shared[where] = self.pricing.listing(self.catalogue, line, where)
        return found

    def price(self, rule: CompiledRule, line: LineInfo, context: PricingContext) -> Money | None:
        """The price a base-price rule lists for a line, or None."""
        found = values.call(rule, "price_for", line, context)
        if found is None:
            return None
        pricing = self.pricing
        return pricing.money(
            values.amount(rule, "price_for", found, pricing.currency, pricing.quantum)
        )

    def end(
        self, rule: CompiledRule, price: Money, line: LineInfo, context: PricingContext
    ) -> Money:
        """The price a price-ending rule ends a listed price at."""
        found = values.call(rule, "end", price, line, context)
        pricing = self.pricing
        return pricing.money(
            values.amount(rule, "end", found, pricing.currency, pricing.quantum, sign="any")
        )


class _Group:
    """The list-price rules that target some lines, and which of them hold where."""

    __slots__ = ("_at", "asking", "candidates", "own", "uniform")

    def __init__(self, asking: _Asking, candidates: list[tuple[CompiledRule, frozenset[str]]]):
        self.asking = asking
        self.candidates = candidates
        self._at: dict[str | None, tuple[tuple[CompiledRule, ...], bool]] = {}
        here = self.rules_at(asking.here)[0]
        self.own = tuple(
            ident
            for ident in asking.catalogue.locations
            if any(places for _, places in candidates) and self.rules_at(ident)[0] != here
        )
        """The locations where other rules hold than at the export's location (everywhere):
        the only places a line's price can differ."""
        self.uniform = not any(places or rule.reads_context for rule, places in candidates)
        """Whether the same rules hold everywhere, none of them reading the location."""

    def rules_at(self, where: str | None) -> tuple[tuple[CompiledRule, ...], bool]:
        """The rules that hold at `where` (None: those for every location), and whether one
        of them reads the context."""
        found = self._at.get(where)
        if found is None:
            rules = tuple(
                rule for rule, places in self.candidates if not places or where in places
            )
            found = self._at[where] = (rules, any(rule.reads_context for rule in rules))
        return found


class _Line:
    """One line's list prices at the locations asked for, each rule asked once."""

    __slots__ = ("addon", "asked", "asking", "contexts", "group", "info", "service", "worked")

    def __init__(
        self,
        group: _Group,
        info: LineInfo,
        service: Service | None,
        addon: AddOn | None,
    ) -> None:
        self.asking, self.group, self.info = group.asking, group, info
        self.service, self.addon = service, addon
        self.asked: dict[tuple[CompiledRule, str | None], Money | None] = {}
        """What each rule answered, by rule and the location it was asked at (None for a
        rule that does not read the context: its answer is the same everywhere)."""
        self.worked: dict[tuple[tuple[CompiledRule, ...], str | None], Money] = {}
        """The price under each set of rules (and location, where a rule reads it)."""
        self.contexts: dict[str | None, PricingContext] = {}

    def at(self, location: str | None) -> Money:
        where = location or self.asking.here
        rules, reading = self.group.rules_at(where)
        if not rules:
            return self.info.list_price
        key = (rules, where if reading else None)
        found = self.worked.get(key)
        if found is None:
            found = self.worked[key] = self._worked_out(rules, where)
        return found

    def _worked_out(self, rules: tuple[CompiledRule, ...], where: str | None) -> Money:
        """The price set by the most specific rule with a price (ties go to the first),
        then ended. A rule that could not win (no more specific than the one found) is not
        asked."""
        service, addon = self.service, self.addon
        chosen: Money | None = None
        best = 0
        for rule in rules:
            if rule.stage != "base":
                continue
            specificity = rule.targets.specificity(service, addon)
            if chosen is not None and specificity <= best:
                continue
            new = self._ask(rule, where)
            if new is not None:
                chosen, best = new, specificity
        return self.ended(rules, self.info.list_price if chosen is None else chosen, where)

    def _ask(self, rule: CompiledRule, where: str | None) -> Money | None:
        key = (rule, where if rule.reads_context else None)
        if key in self.asked:
            return self.asked[key]
        found = self.asked[key] = self.asking.price(rule, self.info, self._context(rule, where))
        return found

    def _context(self, rule: CompiledRule, where: str | None) -> PricingContext:
        if not rule.reads_context:
            return self.asking.context(rule, self.info, where)
        found = self.contexts.get(where)
        if found is None:
            found = self.contexts[where] = self.asking.context(rule, self.info, where)
        return found

    def ended(self, rules: Iterable[CompiledRule], price: Money, where: str | None) -> Money:
        """The price as the first price-ending rule leaves it, as quoting decides: that rule
        alone decides, ending the price, or leaving it when it already ends right, would go
        below zero or beyond the rule's margin."""
        if not price.amount:
            return price
        for rule in rules:
            if rule.stage != "price-ending":
                continue
            after = self.asking.end(rule, price, self.info, self._context(rule, where))
            change, limit = after.amount - price.amount, rule.max_change
            if change and after.amount >= 0 and (limit is None or abs(change) <= limit.amount):
                return after
            return price
        return price


def _list_price_rules(
    catalogue: Catalogue, pricing: Pricing
) -> dict[str, tuple[CompiledRule, frozenset[str]]]:
    by_stage = pricing.by_stage
    by_id: dict[str, Rule] = {rule.id: rule for rule in catalogue.rules}
    return {
        rule.id: (rule, frozenset(by_id[rule.id].when.locations))
        for rule in (*by_stage["base"], *by_stage["price-ending"])
        if _unconditional(by_id[rule.id])
    }


def _unconditional(rule: Rule) -> bool:
    """A rule with no condition but the location."""
    return not rule.plugin_when and attrs.evolve(rule.when, locations=()) == NO_CONDITIONS


def _named(rules: list[tuple[CompiledRule, frozenset[str]]]) -> dict[tuple[str, str], list[int]]:
    """The positions of the rules that name each service, category, modality or add-on, and
    ("service", "*") / ("addon", "*") for those that name them all."""
    named: dict[tuple[str, str], list[int]] = {}
    for position, (rule, _) in enumerate(rules):
        targets = rule.targets
        pairs = [("service", ident) for ident in targets.services]
        pairs += [("category", ident) for ident in targets.categories]
        pairs += [("modality", ident) for ident in targets.modalities]
        pairs += [("addon", ident) for ident in targets.addons]
        pairs += [("service", "*")] * targets.all_services
        pairs += [("addon", "*")] * targets.all_addons
        for pair in pairs:
            named.setdefault(pair, []).append(position)
    return named
