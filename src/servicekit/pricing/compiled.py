"""Rules compiled once per catalogue, and what can price each line a visit can have, so a
quote only evaluates what can change it, never interprets.

Conditions become checks (functions of a `PricingContext`) with their reasons worded here;
targets become sets; rules are sorted into stages by priority and id, so the result never
depends on the order rules appear in the file. Then, when the catalogue is built, each
service's lengths and each add-on get the rules that can price them, and their list prices;
a visit's layout (`servicekit.pricing.layouts`: its items' service lengths and add-ons) puts
those together, with the taxes that charge them, the first time it is quoted. A rule that
can price none of a visit's lines costs that visit nothing: the audit trail says why it did
not apply, when it is read.
"""

from __future__ import annotations

import threading
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.errors import PluginError
from servicekit.model.catalogue import AddOn, Catalogue, Clinic, GiftCards, Rule, Service, Tax
from servicekit.model.money import ROUNDING_MODES, Money, minor_units, quantum
from servicekit.plugins.guard import guarded
from servicekit.pricing import contract, values
from servicekit.pricing.conditions import (
    BUILT_IN_CONDITIONS,
    DEPENDS,
    Check,
    Condition,
    Failure,
    method,
    stated,
    wording_at_once,
)
from servicekit.pricing.rule_failures import not_a_member, not_targeted
from servicekit.pricing.stages import LINE_STAGES, PROTOCOLS, STAGES, PricingContext
from servicekit.pricing.words import ClinicWords

if TYPE_CHECKING:
    from servicekit.model.quote import Quote
    from servicekit.model.visit import Visit

    # A quote's records: the methods that lay a quote out import them, so building a
    # catalogue (`servicekit check`) builds none of their classes.
    from servicekit.pricing.layouts import ItemLayout, Layout, LineLayout
    from servicekit.pricing.outcomes import Shape
    from servicekit.pricing.stage_records import LineInfo


# The quote engine's run time (visits, engine, outcomes, wording, the quote records) is
# imported by the first quote, not by building a catalogue: `servicekit check` never quotes.
# Each stand-in below replaces itself with the function it names on its first call, so a
# quote pays nothing for it afterwards (an import statement in `quote` would, every time).


def booked(*args: Any) -> tuple[Visit, Shape] | None:  # noqa: F811 (replaced by the import)
    global booked
    from servicekit.pricing.visits import booked

    return booked(*args)


def listed(*args: Any) -> Visit | None:  # noqa: F811 (as above)
    global listed
    from servicekit.pricing.visits import listed

    return listed(*args)


def make_visit(*args: Any, **kwargs: Any) -> tuple[Visit, bool]:  # noqa: F811 (as above)
    global make_visit
    from servicekit.pricing.visits import make_visit

    return make_visit(*args, **kwargs)


def price(*args: Any) -> Quote:  # noqa: F811 (as above)
    global price
    from servicekit.pricing.outcomes import price

    return price(*args)


FEE_KINDS = ("late-cancellation", "no-show")
SECTIONS = tuple(
    section
    for stage in STAGES
    if stage != "tax"  # taxes are the catalogue's, not rules
    for section in ([f"fee:{kind}" for kind in FEE_KINDS] if stage == "fee" else [stage])
)
"""The groups of rules a quote considers, in the order its audit trail lists them: the stages,
with fees by their kind (members' discounts go with the line discounts)."""
MAX_LAYOUTS = 4096
"""Visit layouts remembered per catalogue; beyond them each is put together per quote."""
SELECTOR_KINDS = ("service", "category", "addon", "modality")
SLOT_KINDS = ("service", "category", "modality")
"""What a bundle's slot may name: a service, a category or a modality ("services": any)."""


# The compiled records have no repr: nothing shows them, and attrs compiles every method it
# generates in each process that builds a catalogue.


@attrs.frozen(repr=False)
class Targets:
    """Which lines of a booking a rule or tax prices, from its `applies_to` selectors."""

    all_services: bool
    all_addons: bool
    services: frozenset[str]
    categories: frozenset[str]
    addons: frozenset[str]
    text: str
    """The targets in words, e.g. "Swedish Massage and all add-ons"."""
    modalities: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, selectors: tuple[str, ...], text: str = "") -> Targets:
        picked: dict[str, set[str]] = {kind: set() for kind in SELECTOR_KINDS}
        for selector in selectors:
            kind, _, ident = selector.partition(":")
            if ident:
                picked[kind].add(ident)
        return cls(
            all_services="services" in selectors,
            all_addons="addons" in selectors,
            services=frozenset(picked["service"]),
            categories=frozenset(picked["category"]),
            addons=frozenset(picked["addon"]),
            text=text or ", ".join(selectors),
            modalities=frozenset(picked["modality"]),
        )

    def service(self, service: Service) -> bool:
        """Whether a service is one of these (by id, category or modality, or all)."""
        return (
            self.all_services
            or service.id in self.services
            or service.category in self.categories
            or service.modality in self.modalities
        )

    def line(self, kind: str, service: Service | None, addon: AddOn | None) -> bool:
        """Whether a line of a booking is targeted: a service, an add-on, or a plan bought."""
        if addon is not None:
            return self.all_addons or addon.id in self.addons
        if service is not None:
            return self.service(service)  # a package bought for a service counts as it
        return self.all_services  # a membership bought counts as a service

    def specificity(self, service: Service | None, addon: AddOn | None) -> int:
        """How precisely this names the line: by id (3), by category (2) or by kind (1)."""
        if service is not None:
            if service.id in self.services:
                return 3
            return 2 if service.category in self.categories else 1
        return 3 if addon is not None and addon.id in self.addons else 1


class TaxTargets(Targets):
    """A tax's targets: as a rule's, but an add-on that is not taxable is never charged.

    It adds no field, so it is no attrs class of its own: it has `Targets`' fields and
    generated methods (attrs would compile them again for it)."""

    __slots__ = ()

    def line(self, kind: str, service: Service | None, addon: AddOn | None) -> bool:
        if addon is not None and not addon.taxable:
            return False
        return super().line(kind, service, addon)


class CompiledTax:
    """A tax ready to charge; in the audit trail it stands beside the rules.

    A plain class, made only by `of`: nothing compares, shows or evolves one (an attrs class
    compiles its methods in every process that builds a catalogue)."""

    __slots__ = (
        "exempt_tags", "factor", "id", "inclusive", "locations", "name", "rate", "targets",
    )  # fmt: skip

    type = "tax"
    stage = "tax"

    def __init__(self, tax: Tax, targets: Targets) -> None:
        self.id: str = tax.id
        self.name: str = tax.name
        self.rate: Decimal = tax.rate
        self.factor: Decimal = tax.rate / 100
        self.inclusive: bool = tax.inclusive
        self.locations = frozenset(tax.locations)
        self.exempt_tags = frozenset(tax.exempt_tags)
        self.targets = targets

    @classmethod
    def of(cls, tax: Tax, words: ClinicWords) -> CompiledTax:
        return cls(tax, TaxTargets.parse(tax.applies_to, words.targets(tax.applies_to)))


@attrs.frozen(eq=False, repr=False)
class CompiledRule:
    """A rule ready to evaluate: its checks, its targets, and its behaviour, read from its
    parameters once (the stage's method as `act`, and what the engine reads of them)."""

    id: str
    type: str
    stage: str
    section: str
    label: str
    params: Any
    priority: int
    targets: Targets
    checks: tuple[Check, ...]
    promo: str | None
    plugin: str
    """The plugin that contributed its type, named when it returns what it must not."""
    elsewhere: Failure
    """Why it does not apply to a booking none of whose lines it targets."""
    act: Any = None
    """The stage's method: price_for, surcharge, discount, end, deposit, fee or purchase."""
    explain: Any = None
    exclusive: bool = True
    percentage: bool = False
    limit: int | None = None
    combines_with: tuple[str, ...] = ()
    max_change: Money | None = None
    member_tag: str | None = None
    spares: CompiledRule | None = None
    """For a members' discount: the membership, whose included sessions it does not touch."""
    unit: str = "item"
    """What it is applied to once: "item", "guest" or "visit" (`servicekit.pricing.stages`)."""
    position: int = 0
    """Its place in its section's order."""
    reads_context: bool = True
    """Whether its stage method reads the context (so what it returns cannot be remembered)."""
    client_tags: frozenset[str] = frozenset()
    """The client tags its `when` asks for: a base price for members is a member price."""
    reads: frozenset[str] = frozenset()
    """What of a booking its conditions read (`Condition.depends_on`): where a rule applied
    to several items and guests at once must be checked (`servicekit.pricing.seen`)."""
    tags_read: frozenset[str] = frozenset()
    """Every client tag its conditions read, for warning of tags no rule knows."""
    slots: tuple[Targets, ...] = ()
    """A bundle's slots, each what one of its items must be."""
    plan_sessions: str = "forfeit"
    on: str = "list"

    def failure(self, context: PricingContext) -> Failure | None:
        for check in self.checks:
            failed = check(context)
            if failed is not None:
                return failed
        return None

    def spared(self, line: LineLayout, price_rule: CompiledRule | None, context: Any) -> bool:
        """Whether this is a members' discount, and `line` a session of a kind the membership
        includes that a member price (`price_rule`, a base price for clients with the member
        tag) prices: members pay that price for it, not the price less the discount."""
        plan = self.spares
        return (
            plan is not None
            and price_rule is not None
            and plan.member_tag in price_rule.client_tags
            and line.kind == "service"
            and plan.targets.line("service", line.service, None)
            and plan.params.covers(line.duration, context) is True
        )

    def named(self) -> str:
        return f"rule '{self.id}' (type '{self.type}' from plugin '{self.plugin}')"


class Pricing:
    """Everything quoting needs from a catalogue, compiled when the catalogue is built; what
    `catalogue.quote()` delegates to."""

    def __init__(
        self,
        *,
        by_stage: Mapping[str, tuple[CompiledRule, ...]],
        member_discounts: tuple[CompiledRule, ...],
        sections: Mapping[str, tuple[CompiledRule, ...]],
        taxes: tuple[CompiledTax, ...],
        clinic: Clinic,
        words: ClinicWords,
        services: Mapping[str, Service],
        addons: Mapping[str, AddOn],
        index: _TargetIndex,
        conditions: tuple[Condition, ...],
        providers: Mapping[tuple[str, str], str],
        known_tags: frozenset[str],
        gift_cards: GiftCards | None = None,
    ) -> None:
        self.by_stage = by_stage
        self.plans = {rule.id: rule for rule in by_stage["plan"]}
        self.member_discounts = member_discounts
        """Members' discounts of memberships, as line discounts for clients with the tag."""
        self.sections = sections
        """The rules of each of `SECTIONS`, in the order they are considered."""
        self.taxes = taxes
        rules = [rule for stage in STAGES if stage != "tax" for rule in by_stage[stage]]
        self.compatible = _compatibility(rules)
        self.promo_codes = frozenset(rule.promo for rule in rules if rule.promo)
        self.known_tags = known_tags
        """Every client tag a rule, tax or plan reads: quotes warn of the others."""
        self.holidays = frozenset(clinic.holidays)
        self.timezone = zoneinfo.ZoneInfo(clinic.timezone)
        self.rounding = ROUNDING_MODES[clinic.rounding]
        self.quantum = quantum(clinic.currency)
        self.digits = minor_units(clinic.currency)
        self.currency = clinic.currency
        self.words = words
        self.services = services
        self.addons = addons
        self.gift_cards = gift_cards
        self.index = index
        self.conditions = conditions
        """The conditions a rule's `when` may state, in the order they are checked."""
        self.providers = providers
        self.remembers = all(not rule.reads_context for rule in rules)
        """Whether no rule's method reads the context, so a quote's outcome may be
        remembered for the next quote of its layout under the same conditions."""
        self.exempting = frozenset(tag for tax in taxes for tag in tax.exempt_tags)
        """The tags that exempt a client from a tax."""
        self.check_plans: dict[Any, Any] = {}
        """Where the conditions of the rules that can price a layout are checked, by layout,
        sections and plans redeemed (`servicekit.pricing.seen.checks_planned`)."""
        self.shapes: dict[Any, Any] = {}
        """Visits of one item's shapes, by their item and place (`servicekit.pricing.outcomes`)."""
        self.booked: dict[Any, Any] = {}
        """Bookings of one service checked, by what they asked (`servicekit.pricing.visits`)."""
        self.listed: dict[Any, Any] = {}
        """Visits of lists of items checked, by what they asked (`servicekit.pricing.visits`)."""
        self.visit_items: dict[Any, Any] = {}
        """Lists of items checked, by what they asked (`servicekit.pricing.visits`)."""
        self.tag_sets: dict[Any, frozenset[str]] = {}
        self.codes: dict[Any, tuple[str, ...]] = {}
        """Where each condition of a layout's rules is checked (`servicekit.pricing.outcomes`)."""
        self._lines: dict[tuple[Any, ...], LineLayout] = {}
        self._items: dict[tuple[Any, ...], ItemLayout] = {}
        self._layouts: dict[tuple[Any, ...], Layout] = {}
        self.lock = threading.Lock()
        """Held while a table of what quotes remembered grows."""
        self.remembered: dict[Any, Any] = {}
        """The records and wording of quotes, by what they are made of (see
        `servicekit.pricing.wording`)."""
        self.asked: set[int] = set()
        """The hashes of the keys of runs asked once (see `servicekit.pricing.outcomes`)."""
        self.outcomes: dict[Any, Any] = {}
        """The priced runs of quotes, by their layout and what their conditions said (see
        `servicekit.pricing.outcomes`)."""

    def provider(self, rule: Rule) -> str:
        """The plugin that contributed a rule's type."""
        return self.providers.get(("rule type", rule.type.name), "?")

    def quote(
        self,
        catalogue: Catalogue,
        service: str | None,
        duration: int | None,
        *,
        items: Any = None,
        addons: Any = (),
        at: Any = None,
        tags: Any = (),
        promos: Any = (),
        location: str | None = None,
        therapist_level: str | None = None,
        guests: Any = None,
        redeem: str | None = None,
        plans: Any = None,
        buy: str | None = None,
        pay_with: Any = (),
        promo_uses: Any = None,
    ) -> Quote:
        """Price a booking or visit of `catalogue` (see `Catalogue.quote`)."""
        if (
            items is None
            and buy is None
            and guests is None
            and plans is None
            and not pay_with
            and service.__class__ is str
        ):
            found = booked(self, service, duration, addons, at, tags, promos, location,
                           therapist_level, redeem, promo_uses)  # fmt: skip
            if found is not None:
                return price(catalogue, self, found[0], False, found[1])
        elif (
            items is not None
            and service is duration is redeem is buy is guests is plans is promo_uses is None
            and not addons
            and not pay_with
        ):
            visit = listed(self, items, at, tags, promos, location, therapist_level)
            if visit is not None:
                return price(catalogue, self, visit, True)
        visit, as_visit = make_visit(
            catalogue,
            self,
            service,
            duration,
            items=items,
            addons=addons,
            at=at,
            tags=tags,
            promos=promos,
            location=location,
            therapist_level=therapist_level,
            guests=guests,
            redeem=redeem,
            plans=plans,
            buy=buy,
            pay_with=pay_with,
            promo_uses=promo_uses,
        )
        return price(catalogue, self, visit, as_visit)

    def listed_price(
        self, catalogue: Catalogue, rule: CompiledRule, line: LineInfo, location: str | None
    ) -> Money | None:
        """The price a base-price rule lists for a line (a menu's, an export's), or None."""
        context = self.listing(catalogue, line, location)
        found = values.call(rule, "price_for", line, context)
        if found is None:
            return None
        return self.money(values.amount(rule, "price_for", found, self.currency, self.quantum))

    def listed_end(
        self,
        catalogue: Catalogue,
        rule: CompiledRule,
        price: Money,
        line: LineInfo,
        location: str | None,
    ) -> Money:
        """The price a price-ending rule ends a listed price at (below zero, it is left)."""
        context = self.listing(catalogue, line, location)
        found = values.call(rule, "end", price, line, context)
        return self.money(
            values.amount(rule, "end", found, self.currency, self.quantum, sign="any")
        )

    def listing(
        self, catalogue: Catalogue, line: LineInfo, location: str | None
    ) -> PricingContext:
        return PricingContext.listing(
            catalogue, line, location=location, quantum=self.quantum, rounding=self.rounding
        )

    def money(self, amount: Decimal) -> Money:
        """`amount`, computed from checked money, as Money of the catalogue's currency."""
        return Money.trusted(amount, self.currency)

    # -- layouts ---------------------------------------------------------------------------

    def layout(self, items: tuple[tuple[Any, ...], ...]) -> Layout:
        """The layout of a visit of items, each (service, minutes, guests, add-ons), where
        add-ons are (id, how many of the item's guests have it) pairs."""
        found = self._layouts.get(items)
        if found is None:
            from servicekit.pricing.layouts import Layout

            found = Layout.of(tuple(self.item_layout(*item) for item in items), SECTIONS)
            self._keep(self._layouts, items, found)
        return found

    def item_layout(
        self, service: str, duration: int, guests: int, addons: tuple[tuple[str, int], ...]
    ) -> ItemLayout:
        """The layout of one item: a service's length for `guests`, with its add-ons."""
        key = (service, duration, guests, addons)
        found = self._items.get(key)
        if found is None:
            chosen = self.services[service]
            count = guests if chosen.priced_per == "guest" else 1
            lines = (
                self.service_line(chosen, duration, count, guests),
                *(self.addon_line(self.addons[ident], quantity) for ident, quantity in addons),
            )
            found = self.put_together(lines, guests)
            self._keep(self._items, key, found)
        return found

    def service_line(self, service: Service, duration: int, count: int, guests: int) -> LineLayout:
        """The line of a service's length, priced for `count` guests, for `guests`."""
        key = ("service", service.id, duration, count, guests)
        found = self._lines.get(key)
        if found is None:
            variation = service.variation(duration)
            assert variation is not None, "a visit's lengths are checked against the catalogue"
            price = variation.price.amount * count
            label = f"{service.name}, {variation.label}"
            from servicekit.pricing.layouts import LineLayout
            from servicekit.pricing.stage_records import LineInfo

            found = LineLayout(
                key="service",
                kind="service",
                label=label,
                base=price,
                info=LineInfo(
                    "service", service.id, duration, Money.trusted(price, self.currency), guests
                ),
                service=service,
                addon=None,
                duration=duration,
                rules=self.index.for_service(service),
                quantity=count,
                guests=guests,
            )
            self._keep(self._lines, key, found)
        return found

    def addon_line(self, addon: AddOn, quantity: int) -> LineLayout:
        """The line of an add-on that `quantity` guests have."""
        key = ("addon", addon.id, quantity)
        found = self._lines.get(key)
        if found is None:
            price = addon.price.amount * quantity
            from servicekit.pricing.layouts import LineLayout
            from servicekit.pricing.stage_records import LineInfo

            found = LineLayout(
                key=f"addon:{addon.id}",
                kind="addon",
                label=addon.name,
                base=price,
                info=LineInfo(
                    "addon", addon.id, None, Money.trusted(price, self.currency), quantity
                ),
                service=None,
                addon=addon,
                duration=None,
                rules=self.index.for_addon(addon),
                quantity=quantity,
                guests=quantity,
            )
            self._keep(self._lines, key, found)
        return found

    def purchase_layout(
        self,
        plan: CompiledRule,
        label: str,
        price: Decimal,
        service: Service | None,
        duration: int | None,
    ) -> Layout:
        """The layout of buying a plan: one line, which only taxes price."""
        from servicekit.pricing.layouts import Layout, LineLayout
        from servicekit.pricing.stage_records import LineInfo

        kind = plan.params.kind
        line = LineLayout(
            key=f"{kind}:{plan.id}",
            kind=kind,
            label=label,
            base=price,
            info=LineInfo(
                "service",
                service.id if service else plan.id,
                duration,
                Money.trusted(price, self.currency),
            ),
            service=service,
            addon=None,
            duration=duration,
            rules={},
        )
        return Layout.of((self.put_together((line,), 1),), SECTIONS)

    def put_together(self, lines: tuple[LineLayout, ...], guests: int) -> ItemLayout:
        from servicekit.pricing.layouts import ItemLayout

        candidates = {}
        for section in SECTIONS:
            targeted: dict[CompiledRule, list[int]] = {}
            for index, line in enumerate(lines):
                for rule in line.rules.get(section, ()):
                    targeted.setdefault(rule, []).append(index)
            order = self.sections[section]
            candidates[section] = tuple(
                (rule, tuple(targeted[rule])) for rule in order if rule in targeted
            )
        taxes = tuple(
            (
                tax,
                tuple(
                    index
                    for index, line in enumerate(lines)
                    if tax.targets.line(line.kind, line.service, line.addon)
                ),
            )
            for tax in self.taxes
        )
        return ItemLayout(
            lines=lines,
            candidates=candidates,
            taxes=taxes,
            list_subtotal=sum([line.base for line in lines], Decimal(0)),
            guests=guests,
        )

    def _keep(self, table: dict[Any, Any], key: Any, value: Any) -> None:
        with self.lock:
            if len(table) < MAX_LAYOUTS:
                table[key] = value


def compiled(catalogue: Catalogue) -> Pricing:
    """The catalogue's rules as quoting compiled them: for exporters and menus that show
    what the rules do."""
    pricing = catalogue.pricing
    if not isinstance(pricing, Pricing):
        raise TypeError(f"this catalogue was not priced by servicekit.pricing: {pricing!r}")
    return pricing


def compile_pricing(
    *,
    clinic: Clinic,
    services: Mapping[str, Service],
    addons: Mapping[str, AddOn],
    names: Mapping[str, str],
    taxes: Iterable[Tax],
    rules: Iterable[Rule],
    conditions: Iterable[Condition],
    providers: Mapping[tuple[str, str], str],
    gift_cards: GiftCards | None = None,
) -> Pricing:
    """Compile a catalogue's rules, taxes and lines for quoting."""
    currency = clinic.currency
    words = ClinicWords(
        currency, clinic.locale, quantum(currency), ROUNDING_MODES[clinic.rounding], names
    )
    conditions = tuple(conditions)
    compiled_rules = sorted(
        (_compile_rule(rule, words, conditions, providers) for rule in rules),
        key=lambda rule: (STAGES.index(rule.stage), -rule.priority, rule.id),
    )
    by_stage = {stage: tuple(r for r in compiled_rules if r.stage == stage) for stage in STAGES}
    member_discounts = tuple(_member_discounts(by_stage["plan"], words))
    compiled_taxes = tuple(CompiledTax.of(tax, words) for tax in taxes)
    sections = {
        section: tuple(
            attrs.evolve(rule, position=position)
            for position, rule in enumerate(
                rule
                for rule in (*by_stage[section.partition(":")[0]], *member_discounts)
                if rule.section == section
            )
        )
        for section in SECTIONS
    }
    # The rules of each section with their places, and the stages' lists of the same ones.
    placed = {rule.id + "@" + rule.section: rule for found in sections.values() for rule in found}
    by_stage = {
        stage: tuple(placed.get(f"{rule.id}@{rule.section}", rule) for rule in found)
        for stage, found in by_stage.items()
    }
    member_discounts = tuple(placed[f"{rule.id}@{rule.section}"] for rule in member_discounts)
    known_tags = frozenset(
        tag for found in sections.values() for rule in found for tag in rule.tags_read
    ) | frozenset(tag for tax in compiled_taxes for tag in tax.exempt_tags)
    return Pricing(
        by_stage=by_stage,
        member_discounts=member_discounts,
        sections=sections,
        taxes=compiled_taxes,
        clinic=clinic,
        words=words,
        services=services,
        addons=addons,
        index=_TargetIndex(sections),
        conditions=conditions,
        providers=providers,
        known_tags=known_tags,
        gift_cards=gift_cards,
    )


class _TargetIndex:
    """The rules of each section by what their targets name."""

    def __init__(self, sections: Mapping[str, tuple[CompiledRule, ...]]) -> None:
        self.sections = sections
        self.position = {
            rule: position for rules in sections.values() for position, rule in enumerate(rules)
        }
        self.by_category: dict[str, dict[str, tuple[CompiledRule, ...]]] = {}
        self.all_services: dict[str, list[CompiledRule]] = {}
        self.all_addons: dict[str, list[CompiledRule]] = {}
        self.named: dict[tuple[str, str], dict[str, list[CompiledRule]]] = {}
        for section, rules in sections.items():
            for rule in rules:
                targets = rule.targets
                if targets.all_services:
                    self.all_services.setdefault(section, []).append(rule)
                if targets.all_addons:
                    self.all_addons.setdefault(section, []).append(rule)
                for kind, idents in (
                    ("service", targets.services),
                    ("category", targets.categories),
                    ("modality", targets.modalities),
                    ("addon", targets.addons),
                ):
                    for ident in idents:
                        self.named.setdefault((kind, ident), {}).setdefault(section, []).append(
                            rule
                        )

    def for_service(self, service: Service) -> dict[str, tuple[CompiledRule, ...]]:
        own = self.named.get(("service", service.id))
        modality = self.named.get(("modality", service.modality))
        if own is None and modality is None:
            # Most services: what targets them is what targets their category.
            found = self.by_category.get(service.category)
            if found is None:
                category = self.named.get(("category", service.category), {})
                found = self.by_category[service.category] = self._merged(
                    self.all_services, category
                )
            return found
        return self._merged(
            self.all_services,
            own or {},
            modality or {},
            self.named.get(("category", service.category), {}),
        )

    def for_addon(self, addon: AddOn) -> dict[str, tuple[CompiledRule, ...]]:
        return self._merged(self.all_addons, self.named.get(("addon", addon.id), {}))

    def _merged(
        self, *found: Mapping[str, list[CompiledRule]]
    ) -> dict[str, tuple[CompiledRule, ...]]:
        merged = {}
        for section in self.sections:
            rules = {rule for by_section in found for rule in by_section.get(section, ())}
            if rules:
                merged[section] = tuple(sorted(rules, key=self.position.__getitem__))
        return merged


def _compile_rule(
    rule: Rule,
    words: ClinicWords,
    conditions: tuple[Condition, ...],
    providers: Mapping[tuple[str, str], str],
) -> CompiledRule:
    params = rule.params
    plugin = providers.get(("rule type", rule.type.name), "?")
    stage = params.stage
    about = f"rule '{rule.id}': rule type '{rule.type.name}' from plugin '{plugin}'"
    protocol = contract.protocol_of(type(params))
    if not isinstance(stage, str) or PROTOCOLS.get(stage) is not protocol:
        raise PluginError(
            f"{about} says its stage is {stage!r}, which is not its protocol's",
            hint="see the protocols in servicekit.pricing.stages",
            plugin=plugin,
        )
    targets = Targets.parse(rule.applies_to, words.targets(rule.applies_to))
    written = list(stated(conditions, rule))
    checks = tuple(
        _compiled(condition, value, rule, words, providers) for condition, value in written
    )
    tags_read = frozenset(
        tag
        for condition, value in written
        for tag in method(condition, "tags")(value, rule)
        if isinstance(tag, str)
    ) | _tags_read(params, about, plugin)
    reads = frozenset(
        found if found in DEPENDS else "anything"
        for found in (method(condition, "depends_on")(value, rule) for condition, value in written)
    )
    return CompiledRule(
        id=rule.id,
        type=rule.type.name,
        stage=stage,
        section=f"fee:{params.kind}" if stage == "fee" else stage,
        label=rule.label,
        params=params,
        priority=rule.priority,
        targets=targets,
        checks=checks,
        promo=rule.when.promo,
        plugin=plugin,
        elsewhere=not_targeted(rule.applies_to, words),
        client_tags=frozenset(rule.when.tags),
        tags_read=tags_read,
        reads=reads,
        **_behaviour(params, stage, about, plugin),
    )


def _compiled(
    condition: Condition,
    value: Any,
    rule: Rule,
    words: ClinicWords,
    providers: Mapping[tuple[str, str], str],
) -> Check:
    """A condition of `rule` compiled. A plugin's is compiled guarded and its failures worded
    at once, so a mistake in either is the plugin's, named and located, when the catalogue is
    built (`servicekit check`), never a quote's traceback later."""
    plugin = providers.get(("condition", condition.key), BUILT_IN_CONDITIONS)
    if plugin == BUILT_IN_CONDITIONS:
        return condition.compile(value, rule, words)
    doing = f"compiling `when.{condition.key}` of rule '{rule.id}'"
    with guarded(plugin, doing), wording_at_once():
        return condition.compile(value, rule, words)


ACTS = {
    "plan": "purchase",
    "base": "price_for",
    "surcharge": "surcharge",
    "line-discount": "discount",
    "bundle": "discount",
    "order-discount": "discount",
    "price-ending": "end",
    "deposit": "deposit",
    "fee": "fee",
}
"""The method of each stage the engine calls with amounts."""


UNITS = {
    "surcharge": ("item", "guest", "visit"),
    "line-discount": ("item", "guest"),
    "bundle": ("visit",),
    "order-discount": ("visit", "guest", "item"),
    "deposit": ("visit", "guest", "item"),
    "fee": ("visit", "guest", "item"),
}
"""What a rule of each stage may be applied to once, its default first."""
ADJUSTING = ("surcharge", "line-discount", "bundle", "order-discount", "price-ending")


Checks = list[tuple[str, Any, bool]]
"""What a rule's parameters say, each as (name, value, whether the contract allows it)."""


def _tags_read(params: Any, about: str, plugin: str) -> frozenset[str]:
    """The client tags a rule type's own method reads (`RuleParams.tags_read`), checked."""
    # A plugin's code: whatever it raises, exits included, is the plugin's error.
    with guarded(plugin, f"in tags_read() of {about}"):
        found = contract.bound(params, "tags_read")()
        tags = () if isinstance(found, str) else tuple(found)
    if isinstance(found, str) or not all(isinstance(tag, str) for tag in tags):
        raise PluginError(
            f"{about} returned {found!r} from tags_read(); it returns the tags it reads, "
            "as strings",
            hint="e.g. return self.tiers.keys()",
            plugin=plugin,
        )
    return frozenset(tags)


def _behaviour(params: Any, stage: str, about: str, plugin: str) -> dict[str, Any]:
    """What the engine reads of a rule's parameters, read once and checked."""
    found: dict[str, Any] = {}
    if stage in ACTS:
        found["act"] = getattr(params, ACTS[stage])
    if stage in (*ADJUSTING, "deposit", "fee"):
        found["explain"] = contract.bound(params, "explain")
    reads = contract.value(params, "reads_context")
    found["reads_context"] = reads
    checks: Checks = [("reads_context", reads, isinstance(reads, bool))]
    units = UNITS.get(stage)
    if units is not None:
        unit = contract.value(params, "unit")
        found["unit"] = units[0] if unit is None else unit
        checks.append(("unit", unit, unit is None or unit in units))
    else:
        found["unit"] = "item" if stage in LINE_STAGES else "visit"
    for read in STAGE_READS.get(stage, ()):
        checks += read(params, found)
    for name, value, good in checks:
        if not good:
            raise PluginError(
                f"{about} has {name} = {value!r}, which the pricing contract does not allow",
                hint="see the protocols in servicekit.pricing.stages",
                plugin=plugin,
            )
    return found


def _stacking(params: Any, found: dict[str, Any]) -> Checks:
    """How a discount or bundle stacks with others."""
    limit = contract.value(params, "limit")
    combines = params.combines_with
    found.update(
        exclusive=params.exclusive,
        percentage=params.percentage,
        limit=limit,
        combines_with=tuple(combines) if isinstance(combines, tuple | list) else combines,
    )
    named = isinstance(combines, tuple | list) and all(isinstance(i, str) for i in combines)
    return [
        ("exclusive", params.exclusive, isinstance(params.exclusive, bool)),
        ("percentage", params.percentage, isinstance(params.percentage, bool)),
        ("limit", limit, limit is None or (type(limit) is int and limit >= 1)),
        ("combines_with", combines, named),
    ]


def _bundle(params: Any, found: dict[str, Any]) -> Checks:
    """A bundle's slots, and whose items may fill them."""
    slots, guests = params.slots, contract.value(params, "guests")
    good = isinstance(slots, tuple | list) and all(
        isinstance(slot, str) and (slot == "services" or slot.partition(":")[0] in SLOT_KINDS)
        for slot in slots
    )
    if good:
        found["slots"] = tuple(Targets.parse((slot,)) for slot in slots)
    return [
        ("slots", slots, good and len(slots) >= 2),
        ("guests", guests, guests in ("any", "different", "same")),
    ]


def _price_ending(params: Any, found: dict[str, Any]) -> Checks:
    change = found["max_change"] = params.max_change
    return [("max_change", change, change is None or isinstance(change, Money))]


def _plan(params: Any, found: dict[str, Any]) -> Checks:
    """A package's or membership's kind, sessions and the tag its members get."""
    tag = found["member_tag"] = contract.bound(params, "member_tag")()
    unit_price = params.needs_unit_price
    return [
        ("member_tag", tag, tag is None or isinstance(tag, str)),
        ("kind", params.kind, params.kind in ("package", "membership")),
        ("sessions", params.sessions, type(params.sessions) is int),
        ("needs_unit_price", unit_price, isinstance(unit_price, bool)),
    ]


def _fee(params: Any, found: dict[str, Any]) -> Checks:
    """A fee's kind, and what it does to a session paid with a plan."""
    sessions = found["plan_sessions"] = contract.value(params, "plan_sessions")
    return [
        ("kind", params.kind, params.kind in ("late-cancellation", "no-show")),
        ("plan_sessions", sessions, sessions in ("forfeit", "fee", "waive")),
    ]


def _gratuity(params: Any, found: dict[str, Any]) -> Checks:
    """What tips are suggested on."""
    on = found["on"] = contract.value(params, "on")
    percents = params.percents
    good = isinstance(percents, tuple) and all(
        type(p) is Decimal and p.is_finite() and p >= 0 for p in percents
    )
    return [
        ("on", on, on in ("list", "paid")),
        ("basis", params.basis, params.basis in ("pre-tax", "post-tax")),
        ("percents", percents, good),
    ]


STAGE_READS: dict[str, tuple[Callable[[Any, dict[str, Any]], Checks], ...]] = {
    "line-discount": (_stacking,),
    "order-discount": (_stacking,),
    "bundle": (_stacking, _bundle),
    "price-ending": (_price_ending,),
    "plan": (_plan,),
    "fee": (_fee,),
    "gratuity": (_gratuity,),
}
"""What the engine reads of the parameters of a stage's rules, besides what every rule has."""


def _member_discounts(
    plans: tuple[CompiledRule, ...], words: ClinicWords
) -> Iterator[CompiledRule]:
    everything = ("services", "addons")
    for plan in plans:
        discount = contract.bound(plan.params, "member_discount")()
        if discount is None:
            continue
        tag = plan.member_tag
        if tag is None:
            raise PluginError(
                f"{plan.named()} offers a member discount but no member tag",
                hint="a plan with member_discount() needs member_tag()",
                plugin=plan.plugin,
            )
        targets = Targets.parse(everything, words.targets(everything))
        yield attrs.evolve(
            plan,
            stage="line-discount",
            section="line-discount",
            label=f"{plan.label}: member discount",
            params=discount,
            targets=targets,
            checks=(_has_tag(tag, words),),
            elsewhere=not_targeted(everything, words),
            spares=plan,
            client_tags=frozenset(),
            tags_read=frozenset({tag}),
            reads=frozenset({"guest"}),
            **_behaviour(discount, "line-discount", f"rule '{plan.id}'", plan.plugin),
        )


def _has_tag(tag: str, words: ClinicWords) -> Check:
    failure = not_a_member(tag, words)
    return lambda context: None if tag in context.tags else failure


def _compatibility(rules: list[CompiledRule]) -> dict[str, frozenset[str]]:
    """For each non-exclusive discount, the rules it may stack with: both name each other."""
    discounts = {
        rule.id: rule
        for rule in rules
        if rule.stage in ("line-discount", "bundle", "order-discount") and not rule.exclusive
    }
    return {
        ident: frozenset(
            other
            for other in rule.combines_with
            if other in discounts and ident in discounts[other].combines_with
        )
        for ident, rule in discounts.items()
    }


def names_of(tables: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Display names by "kind:id", from the catalogue's tables by kind."""
    return {
        f"{kind}:{ident}": entry.name
        for kind, table in tables.items()
        for ident, entry in table.items()
    }
