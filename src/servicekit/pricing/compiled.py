"""Rules compiled once per catalogue, so a quote only evaluates, never interprets.

Conditions become small functions over a per-quote `Context`, each with its reason already
worded; targets become sets; rules are sorted into stages by priority and id, so the result
never depends on the order rules appear in the file.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from servicekit.model.catalogue import AddOn, Catalogue, Rule, Service, Tax, When
from servicekit.model.money import ROUNDING_MODES, quantum
from servicekit.pricing.quote import Outcome
from servicekit.pricing.stages import STAGES

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Context:
    """The facts about one booking that rule conditions look at."""

    __slots__ = (
        "at",
        "date",
        "duration",
        "holiday",
        "list_subtotal",
        "location",
        "promo_uses",
        "promos",
        "tags",
        "therapist_level",
        "time",
        "weekday",
    )  # fmt: skip

    def __init__(
        self,
        tags: frozenset[str],
        promos: frozenset[str],
        at: dt.datetime,
        holiday: bool,
        location: str | None,
        therapist_level: str | None,
        duration: int | None,
        list_subtotal: Decimal,
        promo_uses: Mapping[str, int],
    ) -> None:
        self.tags, self.promos, self.holiday = tags, promos, holiday
        self.weekday, self.time, self.date = at.weekday(), at.time(), at.date()
        self.location, self.therapist_level, self.duration = location, therapist_level, duration
        self.list_subtotal, self.promo_uses = list_subtotal, promo_uses


Failure = tuple[Outcome, str]
Check = Callable[[Context], Failure | None]


DAY_NAMES = {
    "mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
    "fri": "Friday", "sat": "Saturday", "sun": "Sunday",
}  # fmt: skip


def either(names: Iterable[str], joiner: str = "or") -> str:
    """`a`, `a or b`, `a, b or c`."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {joiner} {names[-1]}"


@attrs.frozen
class Words:
    """How conditions and targets are put to a clinic manager: names, not ids."""

    money: Callable[[Decimal], str]
    names: Mapping[str, str]
    """Display names by "location:ID", "level:ID", "service:ID", "addon:ID", "category:ID"."""

    def name(self, kind: str, ident: str) -> str:
        return self.names.get(f"{kind}:{ident}", ident)

    def targets(self, selectors: tuple[str, ...], joined_by: str = "and") -> str:
        named = []
        for selector in selectors:
            kind, _, ident = selector.partition(":")
            if not ident:
                named.append("all services" if selector == "services" else "all add-ons")
            elif kind == "category":
                named.append(f"the {self.name(kind, ident)} category")
            else:
                named.append(self.name(kind, ident))
        return either(named, joined_by)


def compile_when(when: When, words: Words) -> tuple[Check, ...]:
    """The checks for a rule's `when`, each with its reason worded once, here.

    Each check closes over variables of its own: a closure reads its variables when it runs,
    so one shared name reassigned by a later condition would give every check the last value.
    """
    checks: list[Check] = []
    if when.promo is not None:
        checks.extend(_promo_checks(when))
    elif when.valid_from or when.valid_until:
        checks.append(
            _date_range(when.valid_from, when.valid_until, "it starts on {}", "it ended on {}")
        )
    if when.tags:
        tags = frozenset(when.tags)
        untagged = ("condition", f"the client is not tagged {either(when.tags)}")
        checks.append(lambda ctx: None if ctx.tags & tags else untagged)
    if when.not_tags:
        excluded = frozenset(when.not_tags)

        def not_tags(ctx: Context) -> Failure | None:
            found = sorted(ctx.tags & excluded)
            return ("condition", f"the client is tagged {found[0]}") if found else None

        checks.append(not_tags)
    if when.first_visit is not None:
        first = when.first_visit
        not_first = (
            "condition",
            "not the client's first visit" if first else "the client's first visit",
        )
        checks.append(lambda ctx: None if ("first-visit" in ctx.tags) == first else not_first)
    if when.days:
        checks.append(_on_days(when.days))
    if when.after is not None or when.before is not None:
        checks.append(_time_window(when.after, when.before))
    if when.holiday is not None:
        holiday = when.holiday
        not_holiday = (
            "condition",
            "the day is not one of the clinic's holidays" if holiday else "the day is a holiday",
        )
        checks.append(lambda ctx: None if ctx.holiday == holiday else not_holiday)
    if when.min_duration is not None:
        checks.append(_long_enough(when.min_duration))
    if when.locations:
        locations = frozenset(when.locations)
        names = either(words.name("location", ident) for ident in when.locations)
        elsewhere = ("condition", f"the booking is not at {names}")
        checks.append(lambda ctx: None if ctx.location in locations else elsewhere)
    if when.levels:
        levels = frozenset(when.levels)
        names = either(words.name("level", ident) for ident in when.levels)
        other_level = ("condition", f"the therapist is not a {names}")
        checks.append(lambda ctx: None if ctx.therapist_level in levels else other_level)
    if when.min_subtotal is not None:
        minimum_amount = when.min_subtotal.amount
        below = ("condition", f"the booking's list price is below {words.money(minimum_amount)}")
        checks.append(lambda ctx: None if ctx.list_subtotal >= minimum_amount else below)
    return tuple(checks)


def _on_days(names: tuple[str, ...]) -> Check:
    days = frozenset(WEEKDAYS.index(day) for day in names)
    listed = either(DAY_NAMES[day] for day in names)
    # Worded once per weekday, here, rather than on every quote.
    reasons = {
        index: ("condition", f"it is a {DAY_NAMES[day]}; it applies on {listed} only")
        for index, day in enumerate(WEEKDAYS)
    }

    def on_days(ctx: Context) -> Failure | None:
        return None if ctx.weekday in days else reasons[ctx.weekday]

    return on_days


def _long_enough(minimum: int) -> Check:
    def long_enough(ctx: Context) -> Failure | None:
        if ctx.duration is not None and ctx.duration >= minimum:
            return None
        return ("condition", f"the session is shorter than {minimum} min")

    return long_enough


def _promo_checks(when: When) -> list[Check]:
    code = when.promo
    checks: list[Check] = [
        lambda ctx: None if code in ctx.promos else ("condition", f"promo code {code} not given")
    ]
    if when.valid_from or when.valid_until:
        checks.append(
            _date_range(
                when.valid_from,
                when.valid_until,
                f"promo code {code} is valid from {{}}",
                f"promo code {code} expired on {{}}",
            )
        )
    if when.max_uses is not None:
        limit = when.max_uses
        reason = f"promo code {code} has been used its {limit} times"
        checks.append(
            lambda ctx: None if ctx.promo_uses.get(code, 0) < limit else ("limit", reason)
        )
    return checks


def _date_range(start: dt.date | None, end: dt.date | None, early: str, late: str) -> Check:
    def in_range(ctx: Context) -> Failure | None:
        day = ctx.date
        if start is not None and day < start:
            return ("condition", early.format(start.isoformat()))
        if end is not None and day > end:
            return ("condition", late.format(end.isoformat()))
        return None

    return in_range


def _time_window(after: dt.time | None, before: dt.time | None) -> Check:
    across_midnight = after is not None and before is not None and after > before
    if after is not None and before is not None:
        window = f"{after:%H:%M}–{before:%H:%M}"
    else:
        window = f"from {after:%H:%M}" if after is not None else f"before {before:%H:%M}"

    def in_window(ctx: Context) -> Failure | None:
        time = ctx.time
        if across_midnight:
            inside = time >= after or time < before
        else:
            inside = (after is None or time >= after) and (before is None or time < before)
        if inside:
            return None
        return (
            "condition",
            f"it starts at {time.hour:02}:{time.minute:02}; it applies {window} only",
        )

    return in_window


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
    _memo: dict[tuple[str, ...], tuple[int, ...]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )
    """Which lines of a booking's layout are targeted, remembered per layout of line keys."""

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
        if kind == "service" or service is not None:
            # A package bought for a service counts as that service.
            return (
                self.all_services
                or service.id in self.services
                or service.category in self.categories
            )
        return self.all_services  # a membership bought counts as a service

    def pick(self, layout: tuple[str, ...], lines: list[Any]) -> list[Any]:
        """The targeted lines of a booking; `layout` is their keys ("swedish", ...).

        Targeting depends only on which services and add-ons are booked, so it is worked out
        once per layout and remembered (for up to 1,024 layouts per rule).
        """
        indexes = self._memo.get(layout)
        if indexes is None:
            indexes = tuple(
                index
                for index, line in enumerate(lines)
                if self.line(line.kind, line.service, line.addon)
            )
            if len(self._memo) < 1024:
                self._memo[layout] = indexes
        return [lines[index] for index in indexes]

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


@attrs.frozen
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
    def of(cls, tax: Tax, words: Words) -> CompiledTax:
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


@attrs.frozen
class PricingRule:
    """A rule ready to evaluate."""

    id: str
    type: str
    stage: str
    label: str
    params: Any
    priority: int
    targets: Targets
    checks: tuple[Check, ...]
    promo: str | None
    spares: PricingRule | None = None
    """For a members' discount: the membership, whose included sessions it does not touch."""

    def failure(self, ctx: Context) -> Failure | None:
        for check in self.checks:
            failed = check(ctx)
            if failed is not None:
                return failed
        return None

    def spared(self, line: Any) -> bool:
        """Whether this is a members' discount and `line` a session the membership includes."""
        plan = self.spares
        return (
            plan is not None
            and line.kind == "service"
            and plan.targets.line("service", line.service, None)
            and plan.params.covers(line.duration)
        )


@attrs.frozen
class Pricing:
    """Everything quoting needs from a catalogue, compiled when the catalogue is built."""

    by_stage: Mapping[str, tuple[PricingRule, ...]]
    plans: Mapping[str, PricingRule]
    member_discounts: tuple[PricingRule, ...]
    """Members' discounts of memberships, as line discounts for clients with the tag."""
    taxes: tuple[CompiledTax, ...]
    fees: Mapping[str, tuple[PricingRule, ...]]
    """Cancellation-fee rules by kind of fee."""
    compatible: Mapping[str, frozenset[str]]
    promo_codes: frozenset[str]
    holidays: frozenset[dt.date]
    timezone: zoneinfo.ZoneInfo
    rounding: str
    quantum: Decimal
    currency: str
    words: Words


def compile_pricing(catalogue: Catalogue, money: Callable[[Decimal], str]) -> Pricing:
    words = Words(money=money, names=_names(catalogue))
    rules = sorted(
        (_compile_rule(rule, words) for rule in catalogue.rules),
        key=lambda rule: (STAGES.index(rule.stage), -rule.priority, rule.id),
    )
    by_stage = {stage: tuple(r for r in rules if r.stage == stage) for stage in STAGES}
    return Pricing(
        by_stage=by_stage,
        plans={rule.id: rule for rule in by_stage["plan"]},
        member_discounts=tuple(_member_discounts(by_stage["plan"], words)),
        taxes=tuple(CompiledTax.of(tax, words) for tax in catalogue.taxes.values()),
        fees={
            kind: tuple(rule for rule in by_stage["fee"] if rule.params.kind == kind)
            for kind in ("late-cancellation", "no-show")
        },
        compatible=_compatibility(rules),
        promo_codes=frozenset(rule.promo for rule in rules if rule.promo),
        holidays=frozenset(catalogue.clinic.holidays),
        timezone=zoneinfo.ZoneInfo(catalogue.clinic.timezone),
        rounding=ROUNDING_MODES[catalogue.clinic.rounding],
        quantum=quantum(catalogue.currency),
        currency=catalogue.currency,
        words=words,
    )


def _names(catalogue: Catalogue) -> dict[str, str]:
    names = {}
    for kind, table in (
        ("service", catalogue.services),
        ("addon", catalogue.addons),
        ("category", catalogue.categories),
        ("location", catalogue.locations),
        ("level", catalogue.levels),
    ):
        names.update({f"{kind}:{ident}": entry.name for ident, entry in table.items()})
    return names


def _compile_rule(rule: Rule, words: Words) -> PricingRule:
    return PricingRule(
        id=rule.id,
        type=rule.type.name,
        stage=rule.params.stage,
        label=rule.label,
        params=rule.params,
        priority=rule.priority,
        targets=Targets.parse(rule.applies_to, words.targets(rule.applies_to)),
        checks=compile_when(rule.when, words),
        promo=rule.when.promo,
    )


def _member_discounts(plans: tuple[PricingRule, ...], words: Words) -> Iterator[PricingRule]:
    everything = ("services", "addons")
    for plan in plans:
        discount = getattr(plan.params, "member_discount", lambda: None)()
        if discount is None:
            continue
        yield attrs.evolve(
            plan,
            stage="line-discount",
            label=f"{plan.label}: member discount",
            params=discount,
            targets=Targets.parse(everything, words.targets(everything)),
            checks=(_has_tag(plan.params.tag),),
            spares=plan,
        )


def _has_tag(tag: str) -> Check:
    reason = f"the client is not a member (not tagged {tag})"
    return lambda ctx: None if tag in ctx.tags else ("condition", reason)


def _compatibility(rules: list[PricingRule]) -> dict[str, frozenset[str]]:
    """For each non-exclusive discount, the rules it may stack with: both name each other."""
    discounts = {
        rule.id: rule
        for rule in rules
        if rule.stage in ("line-discount", "order-discount") and not rule.params.exclusive
    }
    return {
        ident: frozenset(
            other
            for other in rule.params.combines_with
            if other in discounts and ident in discounts[other].params.combines_with
        )
        for ident, rule in discounts.items()
    }
