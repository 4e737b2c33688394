"""Rules compiled once per catalogue, and what can price each line a booking can have, so a
quote only evaluates what can change it, never interprets.

Conditions become checks (functions of the booking's `PricingContext`) with their reasons
worded here; targets become sets; rules are sorted into stages by priority and id, so the
result never depends on the order rules appear in the file. Then, when the catalogue is built,
each service's lengths and each add-on get the rules that can price them, and their list
prices; a booking's layout (its service, length and add-ons) puts those together, with the
taxes that charge them, the first time it is quoted. A rule that can price none of a
booking's lines costs that booking nothing: the audit trail says why it did not apply, when
it is read.
"""

from __future__ import annotations

import threading
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.errors import PluginError
from servicekit.model.catalogue import AddOn, Catalogue, Clinic, Rule, Service, Tax
from servicekit.model.money import ROUNDING_MODES, Money, minor_units, quantum
from servicekit.pricing import contract, values
from servicekit.pricing.booking import make_booking
from servicekit.pricing.conditions import Check, Condition, Failure, stated
from servicekit.pricing.engine import price
from servicekit.pricing.stages import PROTOCOLS, STAGES, LineInfo, PricingContext
from servicekit.pricing.words import ClinicWords

if TYPE_CHECKING:
    from servicekit.model.quote import LineKind, Quote

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
"""Booking layouts remembered per catalogue; beyond them each is put together per quote."""


@attrs.frozen
class Targets:
    """Which lines of a booking a rule or tax prices, from its `applies_to` selectors."""

    all_services: bool
    all_addons: bool
    services: frozenset[str]
    categories: frozenset[str]
    addons: frozenset[str]
    text: str
    """The targets in words, e.g. "Swedish Massage and all add-ons"."""

    @classmethod
    def parse(cls, selectors: tuple[str, ...], text: str = "") -> Targets:
        picked: dict[str, set[str]] = {"service": set(), "category": set(), "addon": set()}
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
        )

    def line(self, kind: str, service: Service | None, addon: AddOn | None) -> bool:
        """Whether a line of a booking is targeted: a service, an add-on, or a plan bought."""
        if addon is not None:
            return self.all_addons or addon.id in self.addons
        if service is not None:
            # A package bought for a service counts as that service.
            return (
                self.all_services
                or service.id in self.services
                or service.category in self.categories
            )
        return self.all_services  # a membership bought counts as a service

    def specificity(self, service: Service | None, addon: AddOn | None) -> int:
        """How precisely this names the line: by id (3), by category (2) or by kind (1)."""
        if service is not None:
            if service.id in self.services:
                return 3
            return 2 if service.category in self.categories else 1
        return 3 if addon is not None and addon.id in self.addons else 1


@attrs.frozen
class TaxTargets(Targets):
    """A tax's targets: as a rule's, but an add-on that is not taxable is never charged."""

    def line(self, kind: str, service: Service | None, addon: AddOn | None) -> bool:
        if addon is not None and not addon.taxable:
            return False
        return super().line(kind, service, addon)


@attrs.frozen(eq=False)
class CompiledTax:
    """A tax ready to charge; in the audit trail it stands beside the rules."""

    id: str
    name: str
    rate: Decimal
    factor: Decimal
    inclusive: bool
    locations: frozenset[str]
    exempt_tags: frozenset[str]
    targets: Targets
    type: str = "tax"
    stage: str = "tax"

    @classmethod
    def of(cls, tax: Tax, words: ClinicWords) -> CompiledTax:
        return cls(
            id=tax.id,
            name=tax.name,
            rate=tax.rate,
            factor=tax.rate / 100,
            inclusive=tax.inclusive,
            locations=frozenset(tax.locations),
            exempt_tags=frozenset(tax.exempt_tags),
            targets=TaxTargets.parse(tax.applies_to, words.targets(tax.applies_to)),
        )


@attrs.frozen(eq=False)
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

    def failure(self, context: PricingContext) -> Failure | None:
        for check in self.checks:
            failed = check(context)
            if failed is not None:
                return failed
        return None

    def spared(self, line: LineLayout, context: PricingContext) -> bool:
        """Whether this is a members' discount and `line` a session the membership includes."""
        plan = self.spares
        return (
            plan is not None
            and line.kind == "service"
            and plan.targets.line("service", line.service, None)
            and plan.params.covers(line.duration, context) is True
        )

    def named(self) -> str:
        return f"rule '{self.id}' (type '{self.type}' from plugin '{self.plugin}')"


@attrs.frozen(eq=False)
class LineLayout:
    """A line a booking can have, known when the catalogue is built: a service's length or an
    add-on, its list price, and the rules that can price it."""

    key: str
    """Its id in a quote: "service", or "addon:<id>"."""
    kind: LineKind
    label: str
    base: Decimal
    info: LineInfo
    service: Service | None
    addon: AddOn | None
    duration: int | None
    rules: Mapping[str, tuple[CompiledRule, ...]]
    """By section, the rules whose targets include it, in the order they are considered."""


@attrs.frozen(eq=False)
class Layout:
    """A booking's lines (a service's length and its add-ons, or a plan bought), and what can
    price them: for each section, the rules that target at least one line, with those lines."""

    lines: tuple[LineLayout, ...]
    candidates: Mapping[str, tuple[tuple[CompiledRule, tuple[int, ...]], ...]]
    considered: Mapping[str, frozenset[CompiledRule]]
    taxes: tuple[tuple[CompiledTax, tuple[int, ...]], ...]
    list_subtotal: Decimal


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
        lines: Mapping[tuple[str, int | None], LineLayout],
        addon_lines: Mapping[str, LineLayout],
        conditions: tuple[Condition, ...],
        providers: Mapping[tuple[str, str], str],
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
        self.holidays = frozenset(clinic.holidays)
        self.timezone = zoneinfo.ZoneInfo(clinic.timezone)
        self.rounding = ROUNDING_MODES[clinic.rounding]
        self.quantum = quantum(clinic.currency)
        self.digits = minor_units(clinic.currency)
        self.currency = clinic.currency
        self.words = words
        self.lines = lines
        """The line of each service's length, by (service, minutes)."""
        self.addon_lines = addon_lines
        self.conditions = conditions
        """The conditions a rule's `when` may state, in the order they are checked."""
        self.providers = providers
        self._layouts: dict[tuple[Any, ...], Layout] = {}
        self._lock = threading.Lock()
        self.remembered: dict[Any, Any] = {}
        """The records and wording of quotes, by what they are made of (see
        `servicekit.pricing.wording`)."""

    def provider(self, rule: Rule) -> str:
        """The plugin that contributed a rule's type."""
        return self.providers.get(("rule type", rule.type.name), "?")

    def quote(
        self,
        catalogue: Catalogue,
        service: str | None,
        duration: int | None,
        **booking: Any,
    ) -> Quote:
        """Price a booking of `catalogue` (see `Catalogue.quote`)."""
        return price(catalogue, self, make_booking(catalogue, self, service, duration, **booking))

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

    def layout(self, service: str, duration: int, addons: tuple[str, ...]) -> Layout:
        """The layout of a booking of a service's length with these add-ons."""
        key = (service, duration, *addons)
        found = self._layouts.get(key)
        if found is None:
            lines = (self.lines[service, duration], *(self.addon_lines[a] for a in addons))
            found = self.put_together(lines)
            with self._lock:
                if len(self._layouts) < MAX_LAYOUTS:
                    self._layouts[key] = found
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
        return self.put_together((line,))

    def put_together(self, lines: tuple[LineLayout, ...]) -> Layout:
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
        return Layout(
            lines=lines,
            candidates=candidates,
            considered={
                section: frozenset(rule for rule, _ in found)
                for section, found in candidates.items()
            },
            taxes=taxes,
            list_subtotal=sum([line.base for line in lines], Decimal(0)),
        )


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
            rule
            for rule in (*by_stage[section.partition(":")[0]], *member_discounts)
            if rule.section == section
        )
        for section in SECTIONS
    }
    lines, addon_lines = _line_layouts(services, addons, sections)
    return Pricing(
        by_stage=by_stage,
        member_discounts=member_discounts,
        sections=sections,
        taxes=compiled_taxes,
        clinic=clinic,
        words=words,
        lines=lines,
        addon_lines=addon_lines,
        conditions=conditions,
        providers=providers,
    )


def _line_layouts(
    services: Mapping[str, Service],
    addons: Mapping[str, AddOn],
    sections: Mapping[str, tuple[CompiledRule, ...]],
) -> tuple[dict[tuple[str, int | None], LineLayout], dict[str, LineLayout]]:
    """Every service's lengths and every add-on as lines, each with the rules that can price
    it. Rules are indexed by what they name, so this takes time in proportion to the services
    and the rules, not their product."""
    index = _TargetIndex(sections)
    lines: dict[tuple[str, int | None], LineLayout] = {}
    for service in services.values():
        rules = index.for_service(service)
        for variation in service.variations:
            lines[service.id, variation.duration] = LineLayout(
                key="service",
                kind="service",
                label=f"{service.name}, {variation.label}",
                base=variation.price.amount,
                info=LineInfo("service", service.id, variation.duration, variation.price),
                service=service,
                addon=None,
                duration=variation.duration,
                rules=rules,
            )
    addon_lines: dict[str, LineLayout] = {
        addon.id: LineLayout(
            key=f"addon:{addon.id}",
            kind="addon",
            label=addon.name,
            base=addon.price.amount,
            info=LineInfo("addon", addon.id, None, addon.price),
            service=None,
            addon=addon,
            duration=None,
            rules=index.for_addon(addon),
        )
        for addon in addons.values()
    }
    return lines, addon_lines


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
                    ("addon", targets.addons),
                ):
                    for ident in idents:
                        self.named.setdefault((kind, ident), {}).setdefault(section, []).append(
                            rule
                        )

    def for_service(self, service: Service) -> dict[str, tuple[CompiledRule, ...]]:
        own = self.named.get(("service", service.id))
        if own is None:  # most services: what targets them is what targets their category
            found = self.by_category.get(service.category)
            if found is None:
                category = self.named.get(("category", service.category), {})
                found = self.by_category[service.category] = self._merged(
                    self.all_services, category
                )
            return found
        return self._merged(
            self.all_services, own, self.named.get(("category", service.category), {})
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
    checks = tuple(
        condition.compile(value, rule, words) for condition, value in stated(conditions, rule)
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
        elsewhere=Failure("not-targeted", f"it applies to {targets.text} only"),
        **_behaviour(params, stage, about, plugin),
    )


ACTS = {
    "plan": "purchase",
    "base": "price_for",
    "surcharge": "surcharge",
    "line-discount": "discount",
    "order-discount": "discount",
    "price-ending": "end",
    "deposit": "deposit",
    "fee": "fee",
}
"""The method of each stage the engine calls with amounts."""


def _behaviour(params: Any, stage: str, about: str, plugin: str) -> dict[str, Any]:
    """What the engine reads of a rule's parameters, read once and checked."""
    found: dict[str, Any] = {}
    if stage in ACTS:
        found["act"] = getattr(params, ACTS[stage])
    if stage in ("surcharge", "line-discount", "order-discount", "price-ending", "deposit", "fee"):
        found["explain"] = contract.bound(params, "explain")
    checks: list[tuple[str, Any, bool]] = []
    if stage in ("line-discount", "order-discount"):
        limit = contract.value(params, "limit")
        combines = params.combines_with
        found.update(
            exclusive=params.exclusive,
            percentage=params.percentage,
            limit=limit,
            combines_with=tuple(combines) if isinstance(combines, tuple | list) else combines,
        )
        checks += [
            ("exclusive", params.exclusive, isinstance(params.exclusive, bool)),
            ("percentage", params.percentage, isinstance(params.percentage, bool)),
            ("limit", limit, limit is None or (type(limit) is int and limit >= 1)),
            (
                "combines_with",
                combines,
                isinstance(combines, tuple | list) and all(isinstance(i, str) for i in combines),
            ),
        ]
    elif stage == "price-ending":
        found["max_change"] = params.max_change
        checks.append(
            (
                "max_change",
                params.max_change,
                params.max_change is None or isinstance(params.max_change, Money),
            )
        )
    elif stage == "plan":
        tag = contract.bound(params, "member_tag")()
        found["member_tag"] = tag
        checks += [
            ("member_tag", tag, tag is None or isinstance(tag, str)),
            ("kind", params.kind, params.kind in ("package", "membership")),
            ("sessions", params.sessions, type(params.sessions) is int),
            (
                "needs_unit_price",
                params.needs_unit_price,
                isinstance(params.needs_unit_price, bool),
            ),
        ]
    elif stage == "fee":
        checks.append(("kind", params.kind, params.kind in ("late-cancellation", "no-show")))
    elif stage == "gratuity":
        checks += [
            ("basis", params.basis, params.basis in ("pre-tax", "post-tax")),
            (
                "percents",
                params.percents,
                isinstance(params.percents, tuple)
                and all(type(p) is Decimal and p.is_finite() and p >= 0 for p in params.percents),
            ),
        ]
    for name, value, good in checks:
        if not good:
            raise PluginError(
                f"{about} has {name} = {value!r}, which the pricing contract does not allow",
                hint="see the protocols in servicekit.pricing.stages",
                plugin=plugin,
            )
    return found


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
            checks=(_has_tag(tag),),
            elsewhere=Failure("not-targeted", f"it applies to {targets.text} only"),
            spares=plan,
            **_behaviour(discount, "line-discount", f"rule '{plan.id}'", plan.plugin),
        )


def _has_tag(tag: str) -> Check:
    failure = Failure("condition", f"the client is not a member (not tagged {tag})")
    return lambda context: None if tag in context.tags else failure


def _compatibility(rules: list[CompiledRule]) -> dict[str, frozenset[str]]:
    """For each non-exclusive discount, the rules it may stack with: both name each other."""
    discounts = {
        rule.id: rule
        for rule in rules
        if rule.stage in ("line-discount", "order-discount") and not rule.exclusive
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
