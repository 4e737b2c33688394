"""The pricing pipeline: a visit through fixed stages to a quote that explains itself.

Stages run in a fixed order (docs/pricing.md): plan redemption, base price, surcharges, line
discounts, bundles, order discounts, price endings and taxes make the total; deposit, fees and
gratuity are worked out beside it, and gift certificates given as tender are taken off the
amount due after it. Each adjustment is rounded when it is computed; what the visit's rules
take off or add as a whole (order discounts, bundles, surcharges once a visit) is spread over
lines by largest remainder; the total is the sum of the lines. No plugin hook is called here:
rules were compiled when the catalogue was built, and each visit's layout says which rules can
price which of its lines.

A visit's items are priced in one order whatever order they are listed in (by start, guests,
service, length, add-ons and plan), so a visit written differently costs the same to the cent.
Rules of the lines' stages are checked against each item's own context (its start, its
guests' tags); rules of the visit's stages against the visit's, or each guest's or item's part
of it, by their `unit` (`servicekit.pricing.seen`). Bundles are matched to the items that
save the client most by `servicekit.pricing.bundles`.

Working out the numbers is cheap; wording them is not. A run records what happened as small
records (its trace: `Note`s), and `servicekit.pricing.wording` turns them into the quote's
lines, audit trail, deposit, fees and tips the first time they are read. Rules that can price
none of the visit's lines are not looked at until then. A point of sale that only needs the
total never pays for the explanation. And a run whose rules all promise not to read the
context (`reads_context`) is remembered by what decided it, its layout and what each of its
rules' conditions said: the next quote of that layout under the same conditions is handed the
same run (`servicekit.pricing.outcomes`).

Every amount a rule type returns is checked (`servicekit.pricing.values`) before it is used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from servicekit.errors import BookingError, ServicekitError
from servicekit.model.money import Money
from servicekit.model.quote import LineKind, Outcome
from servicekit.model.visit import Item, Visit
from servicekit.pricing import contract, reasons, values
from servicekit.pricing.allocation import largest_remainder
from servicekit.pricing.booking import check_plan
from servicekit.pricing.bundles import Matcher, slots_wanted
from servicekit.pricing.conditions import Failure
from servicekit.pricing.layouts import Layout
from servicekit.pricing.seen import (
    Group,
    Plan,
    Seen,
    Slot,
    checks_planned,
    first_failure,
    keep_plan,
    slot_of,
)
from servicekit.pricing.stages import PricingContext
from servicekit.pricing.trace import (
    Adjustment,
    Beside,
    Bought,
    Bundled,
    Explained,
    Line,
    Note,
    OrderDiscount,
    Taxed,
    Template,
)

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.pricing.compiled import CompiledRule, CompiledTax, Pricing

HUNDRED = Decimal(100)
ZERO = Decimal(0)
Sign = Literal["positive", "any"]
"""Whether an amount a rule returns may be negative (a price ending's change may)."""
Count = tuple[str, tuple[tuple[Decimal, Decimal], ...]]
"""What a rule taken on several shares was taken on: "guests" or "items", and each share's
base and amount."""
SECTIONS = ("base", "surcharge", "line-discount", "order-discount", "bundle", "price-ending")
"""The sections whose rules change the total, besides the plans that pay and the taxes."""
SECTIONS_BESIDE = ("deposit", "fee:late-cancellation", "fee:no-show", "gratuity")
"""The sections whose rules are worked out beside the total, when a quote is worded."""
CHARGES = frozenset(("surcharge", *SECTIONS_BESIDE))
"""Sections whose rules, judged for each guest of each item they are applied to, apply to all
of it when any of them meets their conditions: a fee, a surcharge, a deposit, the tips. A
discount or a bundle applies only to the lines (or a guest's share of them) of the items and
guests that meet them, so nobody's price depends on who else is booked."""


Failures = dict[str, dict["CompiledRule", list[tuple[int | None, str | None, Failure]]]]
"""By section and rule, where a rule's conditions failed (item, guest) and why."""


class Unjudged:
    """What a quote of a run judges only when it is worded: the checks of the rules of
    deposits, fees and tips that can apply to it (where the engine checks them), then those
    of the rules that can price none of its lines, in the visit's context (the audit trail
    says why each does not apply). What they say, with the gift certificates given, is all
    that tells apart the wording of quotes that share a run."""

    __slots__ = ("beside", "elsewhere", "places", "plan")

    def __init__(
        self, beside: tuple[tuple[tuple[Any, ...], Slot], ...], elsewhere: tuple[Any, ...]
    ) -> None:
        self.plan = Plan((*beside, *((rule.checks, None) for rule in elsewhere)))
        """What `seen.conditions_said` judges: one verdict for each."""
        self.beside = len(beside)
        """How many of them are of deposits, fees and tips; the rest are one a rule."""
        self.elsewhere: tuple[CompiledRule, ...] = elsewhere
        """The rules that can price none of the run's lines, in the audit trail's order."""
        self.places = {rule: index for index, rule in enumerate(elsewhere)}


class Run:
    """One visit through the pipeline: its lines, its trace, its total."""

    def __init__(
        self,
        catalogue: Catalogue,
        pricing: Pricing,
        visit: Visit,
        as_visit: bool,
        layout: Layout | None,
        order: tuple[int, ...],
        seen: Seen,
        infos: Any = None,
    ) -> None:
        self.catalogue, self.pricing, self.visit = catalogue, pricing, visit
        self.as_visit = as_visit
        """Asked as a visit (`items`), or as a booking of one service: worded accordingly."""
        self.infos = infos
        """The items as rules see them (`ItemInfo`), made when first asked for."""
        self.quantum, self.rounding = pricing.quantum, pricing.rounding
        self.currency = pricing.currency
        self.order = order
        """The items in the order they are priced: each engine index's place in the visit."""
        self.seen = seen
        self.contexts, self.context = seen.items, seen.visit
        self.notes: dict[str, list[Note]] = {}
        """What each section's processing noted, after its rules' conditions."""
        self.failures: Failures = {}
        """Rules that could price the visit and whose conditions failed: where, and why."""
        self.worded: dict[Any, Any] = {}
        """What quotes of this run word alike (`servicekit.pricing.wording`)."""
        self.lock = threading.Lock()
        self.besides: dict[tuple[Any, ...], tuple[Beside, Failures]] = {}
        """What is worked out beside the total, by what a quote's unjudged checks said
        (quotes sharing this run may differ in that)."""
        self._unjudged: Unjudged | None = None
        self.orders: list[OrderDiscount] = []
        self.owed: dict[int, Decimal] = {}
        """What order discounts take off for each item beyond the shares of them it was given,
        by engine index: the bundle's limit (`short`)."""
        self.taxed: list[Taxed] = []
        self.rates: dict[str, tuple[Decimal, Decimal]] = {}
        """Each taxed line's tax rates: included in its price, and added to it."""
        self.gift: Decimal | None = None
        self.total = ZERO
        if visit.buy is not None:
            self.lines = self.purchase_lines()
            self.item_lines = [self.lines]
        else:
            assert layout is not None, "a visit of items has a layout"
            self.layout = layout
            keyed = len(layout.items) > 1 or as_visit
            self.item_lines = [
                [
                    Line(
                        line,
                        line.kind,
                        line.label,
                        line.base,
                        engine,
                        f"{order[engine]}/{line.key}" if keyed else None,
                    )
                    for line in item.lines
                ]
                for engine, item in enumerate(layout.items)
            ]
            self.lines = [line for lines in self.item_lines for line in lines]

    # -- small helpers ---------------------------------------------------------------------

    def round(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.quantum, self.rounding)

    def money(self, amount: Decimal) -> Money:
        return Money.trusted(amount, self.currency)

    def note(
        self, section: str, *note: Any, to: dict[str, list[Note]] | None = None, **at: Any
    ) -> None:
        (self.notes if to is None else to).setdefault(section, []).append(Note(*note, **at))

    def fail(
        self,
        section: str,
        rule: CompiledRule,
        failure: Failure,
        item: int | None = None,
        guest: str | None = None,
        into: Failures | None = None,
    ) -> None:
        failures = self.failures if into is None else into
        failures.setdefault(section, {}).setdefault(rule, []).append((item, guest, failure))

    # -- which rules apply, where ------------------------------------------------------------

    def eligible(self, section: str) -> list[tuple[CompiledRule, list[Line]]]:
        """The rules of a line stage that can price the visit and whose conditions hold, with
        the lines they target (of each item whose context they hold in); why the others'
        conditions failed is kept for the audit."""
        candidates = self.layout.candidates[section]
        if not candidates:
            return []
        found = []
        item_lines, contexts = self.item_lines, self.contexts
        for rule, targets in candidates:
            lines: list[Line] = []
            if rule.unit == "visit":
                whole: list[tuple[Line, int | None]] = [
                    (item_lines[item][index], None)
                    for item, indexes in targets
                    for index in indexes
                ]
                for group in self.judged(section, rule, [Group(self.context, whole)], self.seen):
                    lines += [line for line, place in group.lines if place is None]
            else:
                for item, indexes in targets:
                    # CompiledRule.failure, inlined: this runs for every rule that could apply.
                    context = contexts[item]
                    for check in rule.checks:
                        failure = check(context)
                        if failure is not None:
                            self.fail(section, rule, failure, item)
                            break
                    else:
                        own = item_lines[item]
                        lines += [own[index] for index in indexes]
            if lines:
                found.append((rule, lines))
        return found

    def groups(
        self, section: str, seen: Seen | None = None, failures: Failures | None = None
    ) -> list[tuple[CompiledRule, list[Group]]]:
        """The rules of a visit stage that can price the visit, each with the groups (the
        visit, or each guest's or item's part, by its unit) its conditions hold for, as
        `seen` (by default this run's quote) sees them."""
        found = []
        seen = seen or self.seen
        for rule, targets in self.layout.candidates[section]:
            groups = self.judged(section, rule, self.parts(rule, targets, seen), seen, failures)
            if groups:
                found.append((rule, groups))
        return found

    def judged(
        self,
        section: str,
        rule: CompiledRule,
        groups: list[Group],
        seen: Seen,
        failures: Failures | None = None,
    ) -> list[Group]:
        """The groups a rule applies to, as far as its conditions hold in them, judged for
        each guest of each item in each (`Seen.pair`): a charge's whole group when any of
        them meets them, a discount's lines of those who do (`CHARGES`). Why it failed is
        noted: once when it failed everywhere for one reason, else for each item and guest."""
        whose = seen.guests_of()
        if len(seen.items) == 1 and len(whose[0]) == 1:
            # One item for one guest, the most quoted: the one context is every pair's.
            failure = first_failure(rule.checks, seen.items[0])
            if failure is None:
                return groups
            for group in groups:
                self.fail(section, rule, failure, group.item, group.guest, failures)
            return []
        charge, unit, reads, checks = section in CHARGES, rule.unit, rule.reads, rule.checks
        named = len({guest for guests in whose for guest in guests}) > 1
        found: list[Group] = []
        failed: list[tuple[Group, int, int, Failure]] = []
        for group in groups:
            said: dict[tuple[int, int], Failure | None] = {}
            where: dict[Slot, Failure | None] = {}
            for line, place in group.lines:
                for at in range(line.guests) if place is None else (place,):
                    pair = (line.item, at)
                    if pair in said:
                        continue
                    slot = slot_of(reads, unit, line.item, at, len(whose[line.item]))
                    if slot not in where:
                        where[slot] = first_failure(checks, seen.context(slot))
                    said[pair] = where[slot]
            missed = [(pair, failure) for pair, failure in said.items() if failure is not None]
            if not missed or (charge and len(missed) < len(said)):
                found.append(group)
                continue
            failed += [(group, item, at, failure) for (item, at), failure in missed]
            if len(missed) < len(said):
                found.append(Group(group.context, _met(group, said), group.item, group.guest))
        reasons = {id(failure) for *_, failure in failed}
        if failed and not found and len(reasons) == 1:
            self.fail(section, rule, failed[0][3], into=failures)  # everywhere, for one reason
            return found
        for _, item, at, failure in failed:
            guest = whose[item][at] if named else None
            self.fail(section, rule, failure, None if unit == "guest" else item, guest, failures)
        return found

    def parts(self, rule: CompiledRule, targets: Any, seen: Seen) -> list[Group]:
        item_lines = self.item_lines
        if rule.unit == "visit":
            lines: list[tuple[Line, int | None]] = [
                (item_lines[item][index], None) for item, indexes in targets for index in indexes
            ]
            return [Group(seen.visit, lines)]
        if rule.unit == "item":
            return [
                Group(
                    seen.items[item],
                    [(item_lines[item][index], None) for index in indexes],
                    item=item,
                )
                for item, indexes in targets
            ]
        by_guest: dict[str, list[tuple[Line, int | None]]] = {}
        whose = seen.guests_of()  # the quote's guests, whichever visit this run was made for
        for item, indexes in targets:
            guests = whose[item]
            for index in indexes:
                line = item_lines[item][index]
                shared = line.guests > 1
                for place, guest in enumerate(guests[: line.guests]):
                    by_guest.setdefault(guest, []).append((line, place if shared else None))
        return [Group(seen.guest(guest), lines, guest=guest) for guest, lines in by_guest.items()]

    def share(
        self, line: Line, place: int | None, nets: dict[str, Decimal] | None = None
    ) -> Decimal:
        """A guest's share of a line's net (the whole net for `place` None)."""
        net = line.net if nets is None else nets[line.key]
        if place is None:
            return net
        return self.split(net, [Decimal(1)] * line.guests)[place]

    # -- calling rule types: every amount they return is checked -------------------------

    def call(self, rule: CompiledRule, method: str, *arguments: Any) -> Any:
        try:
            return rule.act(*arguments)
        except ServicekitError:
            raise
        except Exception as error:
            raise values.failed(rule, method, error) from error

    def ask(
        self, rule: CompiledRule, method: str, *arguments: Any, sign: Sign = "positive"
    ) -> tuple[Decimal, Decimal]:
        """Call a rule's stage method for an amount: the amount checked, and the exact amount
        it was rounded from."""
        try:
            value = rule.act(*arguments)
        except ServicekitError:
            raise
        except Exception as error:
            raise values.failed(rule, method, error) from error
        return self.amount(rule, method, value, arguments[-1], sign)

    def amount(
        self,
        rule: CompiledRule,
        method: str,
        value: Any,
        context: PricingContext,
        sign: Sign = "positive",
    ) -> tuple[Decimal, Decimal]:
        """A checked amount a rule returned, and the exact amount it was rounded from.

        The common case, checked here without a call: Money of the catalogue's currency, a
        finite amount in whole minor units, not negative unless the stage allows it.
        """
        exact = context.exact(value)
        if exact is not None:  # made by context.money: the currency's, in whole minor units
            found = value.amount
            if found.is_finite() and (sign == "any" or found >= 0):
                return found, exact
        elif value.__class__ is Money and value.currency == self.currency:
            found = value.amount
            try:
                good = (
                    found.__class__ is Decimal
                    and found.is_finite()
                    and found.quantize(self.quantum) == found
                    and (sign == "any" or found >= 0)
                )
            except ArithmeticError:
                good = False
            if good:
                return found, found
        values.amount(rule, method, value, self.currency, self.quantum, sign)  # raises
        raise AssertionError("values.amount accepts what the fast path accepts")

    # -- the lines being priced ------------------------------------------------------------

    def purchase_lines(self) -> list[Line]:
        plan = self.pricing.plans[self.visit.buy or ""]
        service_id, duration = self.visit.buy_for or (None, None)
        service = self.catalogue.services.get(service_id or "")
        unit = None
        if service is not None and duration is not None:
            variation = service.variation(duration)
            unit = variation.price if variation is not None else None
        kind = plan.params.kind
        label = plan.label
        if kind == "membership":
            label += ", monthly fee"
        elif service is not None:
            label += f": {service.name}, {duration} min"
        if service is not None and duration is not None:
            check_plan(plan, service, duration, "buy", self.context)
        amount, _ = self.ask(plan, "purchase", unit, self.context)
        self.layout = self.pricing.purchase_layout(plan, label, amount, service, duration)
        self.context.list_subtotal = self.money(amount)
        line = Line(self.layout.items[0].lines[0], kind, label, amount)
        line.rule = plan.id
        line.detail = Bought(plan, unit)
        return [line]

    # -- the stages that make the total ----------------------------------------------------

    def price(self) -> Decimal:
        if self.visit.buy is not None:
            self.buy()
        else:
            self.redeem()
            self.base()
            self.surcharges()
            self.line_discounts()
            self.order_discounts()
            self.bundles()
            self.price_endings()
        self.taxes()
        total = sum([line.net + line.fee for line in self.lines], ZERO) + self.added_tax
        if self.visit.gift is not None:
            self.gift = self.visit.gift.amount
            total += self.gift
        self.total = total
        return total

    def buy(self) -> None:
        plan = self.pricing.plans[self.visit.buy or ""]
        failure = plan.failure(self.context)
        if failure is not None:
            raise BookingError(f"'{plan.id}' cannot be bought for this booking: {failure.reason}")
        line = self.lines[0]
        self.note("buy", plan, "applied", "bought", line, line.base)

    def redeem(self) -> None:
        items = [self.visit.items[place] for place in self.order]
        for engine, item in enumerate(items):
            if item.redeem is None:
                continue
            rule = self.pricing.plans[item.redeem]
            context = self.contexts[engine]
            line = self.item_lines[engine][0]
            service = self.catalogue.services[item.service]
            upgrade = self.upgrade(rule, service, item, line, context)
            failure = rule.failure(context)
            if failure is not None:
                self.note("plan", rule, failure.outcome, failure.reason, item=engine)
                continue
            value = line.base
            paid = ZERO if upgrade is None else upgrade
            reason = f"the session is paid with the {rule.params.kind}"
            if upgrade is not None:
                reason += ", with an upgrade"
            self.note("plan", rule, "applied", reason, line, paid - value)
            if upgrade is None:
                line.detail = Template(reasons.PAID_WITH, rule, value)
            else:
                line.detail = Template(reasons.PAID_WITH_UPGRADE, rule, value, upgrade)
            line.rule, line.covered, line.value = rule.id, True, value
            line.set_base(paid)

    def upgrade(
        self,
        rule: CompiledRule,
        service: Any,
        item: Item,
        line: Line,
        context: PricingContext,
    ) -> Decimal | None:
        """None when the plan pays for the session; the upgrade's price when it pays for a
        shorter one and can be upgraded; a `BookingError` otherwise."""
        try:
            check_plan(rule, service, item.duration, "redeem", context)
            return None
        except BookingError as refused:
            if not rule.targets.line("service", service, None):
                raise
            found = contract.bound(rule.params, "upgrade_price")(line.layout.info, context)
            if found is None:
                raise refused from None
            return self.amount(rule, "upgrade_price", found, context)[0]

    def base(self) -> None:
        chosen: dict[str, tuple[CompiledRule, Decimal, Decimal]] = {}
        lines_context = self.contexts
        for rule, lines in self.eligible("base"):
            for line in lines:
                if line.covered:
                    paid = Template(reasons.PAID_WITH_PLAN, line.rule)
                    self.note("base", rule, "superseded", paid, line)
                    continue
                context = lines_context[line.item]
                found = self.call(rule, "price_for", line.layout.info, context)
                if found is None:
                    no_price = Template(reasons.NO_PRICE_FOR, line.layout)
                    self.note("base", rule, "no-effect", no_price, line)
                    continue
                new, raw = self.amount(rule, "price_for", found, context)
                current = chosen.get(line.key)
                if current is not None and not self.more_specific(rule, current[0], line):
                    specific = Template(reasons.MORE_SPECIFIC, current[0].id)
                    self.note("base", rule, "superseded", specific, line)
                    continue
                if current is not None:
                    specific = Template(reasons.MORE_SPECIFIC, rule.id)
                    self.note("base", current[0], "superseded", specific, line)
                chosen[line.key] = (rule, new, raw)
        for line in self.lines:
            if line.key in chosen:
                rule, new, raw = chosen[line.key]
                self.note(
                    "base", rule, "applied", rule.label, line, new - line.base, raw - line.base
                )
                line.detail = Template(reasons.LIST_PRICE, rule, line.base)
                line.rule, line.price_rule = rule.id, rule
                if rule.tags_read or rule.promo is not None:
                    line.listed = line.base  # a price for some clients: worth its list price
                line.set_base(new)

    def more_specific(self, rule: CompiledRule, than: CompiledRule, line: Line) -> bool:
        # Rules arrive sorted by priority, then id: on equal specificity the first one stays.
        service, addon = line.layout.service, line.layout.addon
        return rule.targets.specificity(service, addon) > than.targets.specificity(service, addon)

    def surcharges(self) -> None:
        # Every surcharge is a share of the line's own price, so none compounds on another.
        for rule, lines in self.eligible("surcharge"):
            if rule.unit == "visit":
                self.visit_surcharge(rule, lines)
                continue
            for line in lines:
                rounded, raw, count = self.per_unit(rule, "surcharge", line, line.base)
                self.adjust("surcharge", rule, line, "surcharge", rounded, raw, line.base, count)
                line.surcharged += rounded

    def per_unit(
        self, rule: CompiledRule, method: str, line: Line, amount: Decimal
    ) -> tuple[Decimal, Decimal, Count | None]:
        """What a rule's method gives for a line of `amount`: once, or, applied per guest,
        once for each guest's share, added up (with how many shares it was, to say so)."""
        context = self.contexts[line.item]
        info = line.layout.info
        if rule.unit != "guest" or line.guests == 1:
            money = Money.trusted(amount, self.currency)
            rounded, raw = self.ask(rule, method, money, info, context)
            return rounded, raw, None
        rounded = raw = ZERO
        parts = []
        for share in self.split(amount, [Decimal(1)] * line.guests):
            one, exact = self.ask(rule, method, Money.trusted(share, self.currency), info, context)
            rounded, raw = rounded + one, raw + exact
            parts.append((share, one))
        return rounded, raw, ("guests", tuple(parts))

    def visit_surcharge(self, rule: CompiledRule, lines: list[Line]) -> None:
        """A surcharge once a visit (a booking fee): on the subtotal of its lines, shared out
        over them to be taxed as they are, but kept apart from their nets (`Line.fee`): it is
        the visit's, so no discount takes it off and no tip is on it."""
        lines = [line for line in lines if line.net > 0] or lines[:1]
        base = sum([line.net for line in lines], ZERO)
        rounded, raw = self.ask(rule, "surcharge", self.money(base), None, self.context)
        if not rounded:
            reason = "it comes to nothing on these lines"
            self.note("surcharge", rule, "no-effect", reason, None, ZERO, raw)
            return
        shares = self.split(
            rounded, [line.net for line in lines] if base else [Decimal(1)] * len(lines)
        )
        for line, share in zip(lines, shares, strict=True):
            line.fee += share
        self.orders.append(
            OrderDiscount(rule, rounded, base, list(zip(lines, shares, strict=True)), "surcharge")
        )
        explained = Explained(rule, base, rounded)
        self.note("surcharge", rule, "applied", explained, None, rounded, raw)

    def adjust(
        self,
        section: str,
        rule: CompiledRule,
        line: Line,
        kind: LineKind,
        rounded: Decimal,
        raw: Decimal,
        of: Decimal,
        count: Count | None = None,
    ) -> None:
        """Add a rounded adjustment (negative for discounts) to a line, and note it."""
        if not rounded:
            self.note(
                section, rule, "no-effect", "it comes to nothing on this line", line, ZERO, raw
            )
            return
        explained = Explained(rule, of, rounded, count)
        line.adjustments.append(Adjustment(kind, rule, rounded, of, explained if count else None))
        line.net += rounded
        self.note(section, rule, "applied", explained, line, rounded, raw)

    def discount(
        self,
        rule: CompiledRule,
        amount: Decimal,
        line: Line | None,
        context: PricingContext | None = None,
    ) -> tuple[Decimal, Decimal]:
        """What a discount takes off `amount` (never more than it), rounded and exact."""
        if line is not None:
            return self.line_discount(rule, amount, line)[:2]
        money = Money.trusted(amount, self.currency)
        rounded, exact = self.ask(rule, "discount", money, None, context or self.context)
        return min(rounded, amount), min(exact, amount)

    def line_discount(
        self, rule: CompiledRule, amount: Decimal, line: Line
    ) -> tuple[Decimal, Decimal, Count | None]:
        """What a line discount takes off a line's `amount` (never more than it); once, or
        for each guest's share of it."""
        rounded, exact, count = self.per_unit(rule, "discount", line, amount)
        if count is not None:
            parts = tuple((base, min(off, base)) for base, off in count[1])
            count = (count[0], parts)
        return min(rounded, amount), min(exact, amount), count

    def line_discounts(self) -> None:
        eligible = self.eligible("line-discount")
        if not eligible:
            return
        contexts = self.contexts
        candidates: dict[str, list[CompiledRule]] = {line.key: [] for line in self.lines}
        for rule, lines in eligible:
            for line in lines:
                if line.covered and rule.spares is not None:
                    continue  # a session the membership pays for is not also discounted
                if rule.spared(line.layout, line.price_rule, contexts[line.item]):
                    reason = "the membership includes this session: its member price applies"
                    self.note("line-discount", rule, "not-targeted", reason, line)
                    continue
                candidates[line.key].append(rule)
        uses: dict[str, int] = {}
        for line in self.lines:
            found = self.within_limits(candidates[line.key], uses, line)
            if not found:
                continue
            if not line.net:
                for rule in found:
                    self.note("line-discount", rule, "no-effect", "the line is already 0", line)
                continue
            for rule in found if len(found) == 1 else self.choose("line-discount", found, line):
                uses[rule.id] = uses.get(rule.id, 0) + 1
                before = line.net
                rounded, raw, count = self.line_discount(rule, before, line)
                self.adjust("line-discount", rule, line, "discount", -rounded, -raw, before, count)

    def within_limits(
        self, rules: list[CompiledRule], uses: dict[str, int], line: Line
    ) -> list[CompiledRule]:
        found = []
        for rule in rules:
            limit = rule.limit
            if limit is not None and uses.get(rule.id, 0) >= limit:
                reason = reasons.AtMostLines(limit)
                self.note("line-discount", rule, "limit", reason, line)
            else:
                found.append(rule)
        return found

    def stack(self, option: list[CompiledRule], line: Line) -> Decimal:
        """What a set of discounts saves on a line: in order, never below zero."""
        amount = line.net
        for rule in option:
            amount -= self.discount(rule, amount, line)[0]
        return line.net - amount

    def choose(
        self,
        section: str,
        candidates: list[CompiledRule],
        line: Line | None,
        saving: Callable[[list[CompiledRule]], Decimal] | None = None,
    ) -> list[CompiledRule]:
        """The combination of discounts best for the client; the others noted with why.

        `saving` says what an option saves; by default, on `line`.
        """
        if saving is None:
            assert line is not None
            saving = partial(self.stack, line=line)
        options = [[rule] for rule in candidates if rule.exclusive]
        shared = [rule for rule in candidates if not rule.exclusive]
        if shared:
            options += [_ordered(clique) for clique in _cliques(shared, self.pricing.compatible)]
        # The largest saving wins; on a tie, higher priorities, then ids in alphabetical order.
        best: list[CompiledRule] = []
        best_saving = ZERO
        best_key: tuple[tuple[int, str], ...] = ()
        savings: dict[tuple[tuple[int, str], ...], Decimal] = {}
        for option in options:
            saved = saving(option)
            key = tuple((-rule.priority, rule.id) for rule in option)
            savings[key] = saved
            if not best or saved > best_saving or (saved == best_saving and key < best_key):
                best, best_saving, best_key = option, saved, key
        names = [rule.id for rule in best]
        for rule in candidates:
            if rule in best:
                continue
            own = max(
                (s for k, s in savings.items() if (-rule.priority, rule.id) in k), default=ZERO
            )
            clash = None
            if not rule.exclusive and not best[0].exclusive:
                compatible = self.pricing.compatible.get(rule.id, frozenset())
                clash = next((other.id for other in best if other.id not in compatible), None)
            outcome: Outcome = "lost" if clash is None else "not-combinable"
            self.note(
                section, rule, outcome, reasons.outdone(names, best_saving, own, clash), line
            )
        return best

    # -- bundles: offers on several items together -----------------------------------------

    def bundles(self) -> None:
        """Offers on several items together, after every other discount: each is taken off
        what its items still cost, never more than its cheapest item still costs, so no other
        discount makes a bundle worth more than an item it needs."""
        eligible = self.groups("bundle")
        if not eligible:
            return
        items: dict[str, frozenset[int]] = {}
        rules = []
        nets = {line.key: line.net for line in self.lines}
        for rule, (group,) in eligible:
            # An item fills a slot when all its guests meet the bundle's conditions.
            items[rule.id] = frozenset(line.item for line, _ in group.lines) - {
                line.item for line, place in group.lines if place is not None
            }
            if self.matches(rule, nets, 1, items[rule.id]):
                rules.append(rule)
            elif rule not in self.failures.get("bundle", {}):  # else its conditions say why
                reason = Template(reasons.NEEDS_IN_ONE_VISIT, slots_wanted(rule, self))
                self.note("bundle", rule, "not-targeted", reason)
        if not rules:
            return
        if len(rules) > 1:
            saving = partial(self.apply_bundles, items=items, dry=True)
            rules = self.choose("bundle", rules, None, saving)
        self.apply_bundles(rules, items, dry=False)

    def apply_bundles(
        self, option: list[CompiledRule], items: dict[str, frozenset[int]], *, dry: bool
    ) -> Decimal:
        """Apply bundles in turn, each to the items that save the client most; the saving."""
        nets = {line.key: line.net for line in self.lines}
        saved = ZERO
        for rule in option:
            times = rule.limit or len(self.item_lines)
            applications = self.matches(rule, nets, times, items[rule.id])
            shares: list[tuple[Line, Decimal]] = []
            done = []
            total = raw_total = base_total = ZERO
            for application in applications:
                for line, share in application.shares:
                    nets[line.key] -= share
                    shares.append((line, share))
                total += application.amount
                raw_total += application.raw
                base_total += application.base
                done.append(
                    (
                        tuple(str(self.order[item]) for item in application.items),
                        application.base,
                        -application.amount,
                    )
                )
            saved += total
            if dry:
                continue
            if not total:
                reason = "it comes to nothing on these items"
                self.note("bundle", rule, "no-effect", reason, None, ZERO, -raw_total)
                continue
            for line, share in shares:
                line.net -= share
            merged: dict[str, tuple[Line, Decimal]] = {}
            for line, share in shares:
                before = merged.get(line.key, (line, ZERO))[1]
                merged[line.key] = (line, before + share)
            bundled = Bundled(rule, tuple(done))
            self.orders.append(
                OrderDiscount(rule, -total, base_total, list(merged.values()), "discount", bundled)
            )
            self.note("bundle", rule, "applied", bundled, None, -total, -raw_total)
        return saved

    def matches(
        self, rule: CompiledRule, nets: dict[str, Decimal], times: int, items: frozenset[int]
    ) -> list[Any]:
        """The bundle's best applications of `items`, at most `times`, each to different
        items."""
        return Matcher(self, rule, nets, items).best(times)

    # -- order discounts -------------------------------------------------------------------

    def order_discounts(self) -> None:
        eligible = self.groups("order-discount")
        if not eligible:
            return
        targets = {rule.id: groups for rule, groups in eligible}
        rules = [rule for rule, _ in eligible]
        if len(rules) > 1:
            saving = partial(self.apply_order, targets=targets, dry=True)
            rules = self.choose("order-discount", rules, None, saving)
        self.apply_order(rules, targets, dry=False)

    def apply_order(
        self, option: list[CompiledRule], targets: dict[str, list[Group]], *, dry: bool
    ) -> Decimal:
        """Apply order discounts in turn, each spread over its lines; return the saving."""
        nets = {line.key: line.net for line in self.lines}
        saved = ZERO
        for rule in option:
            given: dict[str, tuple[Line, Decimal]] = {}
            rounded_all = raw_all = base_all = ZERO
            groups = targets[rule.id]
            parts_all = []
            for group in groups:
                parts = [
                    (line, self.share(line, place, nets))
                    for line, place in group.lines
                    if nets[line.key] > 0
                ]
                parts = [(line, amount) for line, amount in parts if amount > 0]
                base = sum([amount for _, amount in parts], ZERO)
                rounded, raw = self.discount(rule, base, None, group.context)
                shares = self.split(rounded, [amount for _, amount in parts])
                for (line, _), share in zip(parts, shares, strict=True):
                    nets[line.key] -= share
                    before = given.get(line.key, (line, ZERO))[1]
                    given[line.key] = (line, before + share)
                if not dry and self.layout.candidates["bundle"]:
                    self.owe(rule, rounded, parts, shares, group.context)
                rounded_all += sum(shares, ZERO)
                raw_all += raw
                base_all += base
                parts_all.append((base, -sum(shares, ZERO)))
            saved += rounded_all
            if dry:
                continue
            if not rounded_all:
                reason = "it comes to nothing on these lines"
                self.note("order-discount", rule, "no-effect", reason, None, ZERO, -raw_all)
                continue
            for line, share in given.values():
                line.net -= share
            count = _count(rule, parts_all)
            explained = Explained(rule, base_all, -rounded_all, count)
            self.orders.append(
                OrderDiscount(
                    rule,
                    -rounded_all,
                    base_all,
                    list(given.values()),
                    "discount",
                    explained if count else None,
                )
            )
            self.note("order-discount", rule, "applied", explained, None, -rounded_all, -raw_all)
        return saved

    def owe(
        self,
        rule: CompiledRule,
        amount: Decimal,
        parts: list[tuple[Line, Decimal]],
        shares: list[Decimal],
        context: PricingContext,
    ) -> None:
        """Note, for each item, what an order discount takes off for it (the discount with
        the item less the discount without it) beyond the share of it the item was given."""
        base = sum([weight for _, weight in parts], ZERO)
        items: dict[int, tuple[Decimal, Decimal]] = {}
        for (line, weight), share in zip(parts, shares, strict=True):
            weighed, given = items.get(line.item, (ZERO, ZERO))
            items[line.item] = (weighed + weight, given + share)
        owed = self.owed
        for item, (weight, given) in items.items():
            rest = base - weight
            without = self.discount(rule, rest, None, context)[0] if rest else ZERO
            owed[item] = owed.get(item, ZERO) + amount - without - given

    def short(self, item: int) -> Decimal:
        """What an item's shares of order discounts fell short of what they took off for it.

        A bundle never takes more than its cheapest item still costs, so that adding an item
        never makes a visit cost less; but an order discount spread over a bigger visit can
        give the other items one more minor unit of its rounding than they had alone (14.9%
        of $392.85 is $58.53; of $472.80, $70.45, of which the three massages get $58.54). A
        bundle therefore takes at most what the item still costs, less that."""
        return max(ZERO, self.owed.get(item, ZERO))

    def split(self, amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
        """`amount` over lines in proportion to `weights`, in whole minor units."""
        digits = self.pricing.digits
        shares = largest_remainder(
            int(amount.scaleb(digits)), [int(weight.scaleb(digits)) for weight in weights]
        )
        return [Decimal(share).scaleb(-digits) for share in shares]

    def price_endings(self) -> None:
        """The first price ending whose conditions hold for a line decides its price: it ends
        it, or leaves it (already ending right, or outside its margin); later ones never act
        on it. Were they to take over where the first leaves a price alone, a discount could
        raise a total: $95.00 is left whole by "whole dollars" and ended $94.95 by "end in
        .95", while $94.91 after 0.1% off is ended $95.00 by "whole dollars"."""
        decided: set[str] = set()
        contexts = self.contexts
        for rule, lines in self.eligible("price-ending"):
            for line in lines:
                if line.key in decided:
                    reason = "an earlier price ending decides this price"
                    self.note("price-ending", rule, "superseded", reason, line)
                    continue
                decided.add(line.key)
                before = line.net
                after = before
                if before:
                    money = Money.trusted(before, self.currency)
                    context = contexts[line.item]
                    after = self.ask(rule, "end", money, line.layout.info, context, sign="any")[0]
                change, limit = after - before, rule.max_change
                if not change:
                    reason = "the price already ends right" if before else "the line is already 0"
                    self.note("price-ending", rule, "no-effect", reason, line)
                elif after < 0:
                    reason = "ending it would take it below zero"
                    self.note("price-ending", rule, "no-effect", reason, line)
                elif limit is not None and abs(change) > limit.amount:
                    margin = Template(reasons.CHANGE_TOO_LARGE, before, after, limit.amount)
                    self.note("price-ending", rule, "outside-margin", margin, line)
                else:
                    # A price ended lower is a discount line: no other line is below zero.
                    kind: LineKind = "discount" if change < 0 else "price-ending"
                    line.adjustments.append(Adjustment(kind, rule, change, before))
                    line.net = after
                    explained = Explained(rule, before, change)
                    self.note("price-ending", rule, "applied", explained, line, change, change)

    def taxes(self) -> None:
        charged = []
        location = self.visit.location
        item_lines, contexts = self.item_lines, self.contexts
        one = len(item_lines) == 1
        for tax, targets in self.layout.taxes:
            if tax.locations and location not in tax.locations:
                where = reasons.Named("location", location or "")
                self.note("tax", tax, "condition", Template(reasons.NOT_CHARGED_AT, where))
                continue
            lines, exempt = [], []
            for item, indexes in targets:
                tags = contexts[item].tags if self.visit.buy is None else self.context.tags
                hit = tags & tax.exempt_tags if tags else None
                if hit:
                    exempt.append((item, min(hit)))
                else:
                    lines += [item_lines[item][index] for index in indexes]
            for item, tag in exempt:
                reason = Template(reasons.TAGGED, tag)
                self.note("tax", tax, "exempt", reason, item=None if one else item)
            if lines:
                charged.append((tax, lines))
            elif not exempt:
                self.note("tax", tax, "not-targeted", "it applies to none of these lines")
        if charged:
            self.tax_shares(charged)

    def tax_shares(self, charged: list[tuple[CompiledTax, list[Line]]]) -> None:
        """Each tax's amount on each line, rounded per line, and the amount it is taken on.

        Taxes included in a price are backed out of it together; added taxes are charged on
        what is left, the price before tax.
        """
        included: dict[str, Decimal] = {}
        computed: dict[str, tuple[Decimal, Decimal, dict[str, Decimal]]] = {}
        quantum, rounding = self.quantum, self.rounding
        for tax, lines in charged:
            for line in lines:
                inside, added = self.rates.get(line.key, (ZERO, ZERO))
                if tax.inclusive:
                    inside += tax.rate
                else:
                    added += tax.rate
                self.rates[line.key] = (inside, added)
        inclusive = [(tax, lines) for tax, lines in charged if tax.inclusive]
        if inclusive:
            rates: dict[str, Decimal] = {}
            for tax, lines in inclusive:
                for line in lines:
                    rates[line.key] = rates.get(line.key, ZERO) + tax.rate
            for tax, lines in inclusive:
                shares = {}
                for line in lines:
                    net = (line.net + line.fee) / (1 + rates[line.key] / HUNDRED)
                    shares[line.key] = share = self.round(net * tax.factor)
                    included[line.key] = included.get(line.key, ZERO) + share
                base = sum([line.net + line.fee for line in lines], ZERO)
                computed[tax.id] = (sum(shares.values(), ZERO), base, shares)
        for tax, lines in charged:
            if not tax.inclusive:
                shares, base, amount = {}, ZERO, ZERO
                for line in lines:
                    pre_tax = line.net + line.fee
                    if included:
                        pre_tax -= included.get(line.key, ZERO)
                    shares[line.key] = share = (pre_tax * tax.factor).quantize(quantum, rounding)
                    base += pre_tax
                    amount += share
                computed[tax.id] = (amount, base, shares)
            amount, base, shares = computed[tax.id]
            taxed = Taxed(tax, amount, base, shares)
            self.taxed.append(taxed)
            self.note("tax", tax, "applied", taxed, None, amount)

    @property
    def added_tax(self) -> Decimal:
        """Tax added to the prices; taxes included in them add nothing."""
        return sum([taxed.amount for taxed in self.taxed if not taxed.tax.inclusive], ZERO)

    @property
    def included_tax(self) -> Decimal:
        return sum([taxed.amount for taxed in self.taxed if taxed.tax.inclusive], ZERO)

    def tax_on(self, line: Line, *, inclusive: bool) -> Decimal:
        """The tax added to (or included in) one line."""
        return sum(
            [
                taxed.shares.get(line.key, ZERO)
                for taxed in self.taxed
                if taxed.tax.inclusive is inclusive
            ],
            ZERO,
        )

    # -- beside the total: worked out when first read --------------------------------------

    def unjudged(self) -> Unjudged:
        """What a quote of this run judges only when it is worded (`Unjudged`): the same for
        every visit of its layout, so worked out once a layout, with its check plans."""
        found = self._unjudged
        if found is None:
            if self.visit.buy is not None:
                found = Unjudged((), ())
            else:
                pricing, layout = self.pricing, self.layout
                key = (layout, "unjudged")
                found = pricing.check_plans.get(key)
                if found is None:
                    found = self._unjudged_of(layout)
                    keep_plan(pricing, key, found)
            self._unjudged = found
        return found

    def _unjudged_of(self, layout: Layout) -> Unjudged:
        pricing = self.pricing
        asking = bool(self.item_lines and self.item_lines[0])
        planned = checks_planned(pricing, layout, SECTIONS_BESIDE, ()) if asking else None
        considered = layout.considered
        return Unjudged(
            # A rule with no checks always holds: it says None, unjudged.
            tuple(checked for checked in planned.checks if checked[0]) if planned else (),
            tuple(
                rule
                for section in (*SECTIONS, *SECTIONS_BESIDE)
                for rule in pricing.sections[section]
                if rule not in considered[section]
            ),
        )

    def beside(
        self, seen: Seen, said: tuple[Any, ...], tender: Decimal = ZERO
    ) -> tuple[Beside, Failures]:
        """Deposit, fees and tips for a quote of this run whose unjudged checks say `said`
        (`unjudged`, `seen` seeing them), with `tender` (gift certificates given) paid, with
        their own notes: nothing here changes the total. Worked out once for each way they
        can say it (the caller holds the run's lock)."""
        known = self.besides.get(said)
        if known is not None:
            return known
        asking = self.visit.buy is None and bool(self.item_lines and self.item_lines[0])
        failures: Failures = {}
        eligible = {}
        if asking:
            eligible = {
                section: self.groups(section, seen, failures) for section in SECTIONS_BESIDE
            }
        beside = Beside()
        if eligible:
            due = self.total - tender if tender else None
            beside.deposit = self.largest("deposit", beside, eligible["deposit"], due)
            beside.fees = [
                (kind, self.largest(f"fee:{kind}", beside, eligible[f"fee:{kind}"]))
                for kind in ("late-cancellation", "no-show")
            ]
            beside.tips = self.tips(beside, eligible["gratuity"])
        if self.visit.buy is None:
            for code in self.visit.promos:
                if code not in self.pricing.promo_codes:
                    reason = Template(reasons.UNKNOWN_CODE, code)
                    self.note("promo", None, "unknown-promo", reason, to=beside.notes)
        self.besides[said] = (beside, failures)
        return beside, failures

    def charged(self, line: Line, place: int | None) -> Decimal:
        """What a client pays for (a guest's share of) a line: its net, its share of a booking
        fee, and the tax added."""
        amount = line.net + line.fee + self.tax_on(line, inclusive=False)
        if place is None:
            return amount
        return self.split(amount, [Decimal(1)] * line.guests)[place]

    def largest(
        self,
        section: str,
        beside: Beside,
        eligible: list[tuple[CompiledRule, list[Group]]],
        due: Decimal | None = None,
    ) -> tuple[Any, ...] | None:
        """The matching rule asking for the most (never more than it is a share of, nor than
        is `due` after gift certificates), with what it asks, of what, the sessions it
        forfeits and how it came about; the others lose."""
        found = []
        counts: dict[str, Count | None] = {}
        fee = section.startswith("fee:")
        method = "fee" if fee else "deposit"
        for rule, groups in eligible:
            asked = raw = basis = ZERO
            forfeited: list[tuple[int, str]] = []
            parts = []
            for group in groups:
                share = ZERO
                for line, place in group.lines:
                    share += self.charged(line, place)
                    if fee and line.covered:
                        if rule.plan_sessions == "fee":
                            value = line.value or ZERO
                            share += value if place is None else value / line.guests
                        elif rule.plan_sessions == "forfeit":
                            forfeited.append((self.order[line.item], line.rule or ""))
                share = self.round(share)
                rounded, exact = self.ask(rule, method, self.money(share), group.context)
                asked += min(rounded, share)
                raw += exact
                basis += share
                parts.append((share, min(rounded, share)))
            counts[rule.id] = _count(rule, parts)
            found.append((rule, asked, raw, basis, tuple(dict.fromkeys(forfeited))))
        if not found:
            return None
        winner = max(found, key=lambda entry: (entry[1], bool(entry[4])))  # the first of equals
        rule_won, amount, _, basis, forfeits = winner
        capped = due is not None and amount > due
        explained: Any = Explained(rule_won, basis, amount, counts.get(rule_won.id))
        if capped:  # gift certificates pay the rest
            amount = max(due or ZERO, ZERO)
            explained = Template(reasons.AT_MOST_DUE, explained, amount)
        for rule, asked, raw, _, _ in found:
            if rule is not rule_won:
                reason = Template(reasons.ASKS_MORE, rule_won.id)
                self.note(section, rule, "lost", reason, None, asked, raw, to=beside.notes)
            elif capped and not amount:
                paid = "gift certificates pay all that is due"
                self.note(section, rule, "no-effect", paid, None, ZERO, raw, to=beside.notes)
            elif not amount and not forfeits:
                self.note(
                    section, rule, "no-effect", "the total is 0", None, ZERO, raw, to=beside.notes
                )
            else:
                self.note(section, rule, "applied", explained, None, amount, raw, to=beside.notes)
        return (rule_won, amount, basis, forfeits, explained) if amount or forfeits else None

    def tips(
        self, beside: Beside, eligible: list[tuple[CompiledRule, list[Group]]]
    ) -> tuple[CompiledRule, Decimal] | None:
        if not eligible:
            return None
        chosen, groups = eligible[0]
        for rule, _ in eligible[1:]:
            reason = Template(reasons.COMES_FIRST, chosen.id)
            self.note("gratuity", rule, "superseded", reason, to=beside.notes)
        pre_tax = chosen.params.basis == "pre-tax"
        paid = worth = ZERO
        for line, _ in groups[0].lines:
            included = self.tax_on(line, inclusive=True)
            added = self.tax_on(line, inclusive=False)
            if line.fee:  # tips are on services, not on a booking fee or its tax
                part = line.net / (line.net + line.fee)
                included, added = included * part, added * part
            paid += line.net - included if pre_tax else line.net + added
            # What the service is worth: its price before discounts (a session paid with a
            # plan, or priced for members or a promotion: its list price), less the tax
            # included in it, or with the tax added.
            listed = line.base if line.listed is None else line.listed
            value = (line.value if line.covered else listed) or ZERO
            value += line.surcharged
            rate = self.rates.get(line.key, (ZERO, ZERO))
            before = value / (1 + rate[0] / HUNDRED)
            worth += before if pre_tax else value + before * rate[1] / HUNDRED
        basis = self.round(paid) if chosen.on == "paid" else self.round(worth)
        shown = reasons.Percents(tuple(chosen.params.percents))
        told = reasons.SUGGESTS if basis == paid else reasons.SUGGESTS_WORTH
        suggested = Template(told, shown, basis)
        self.note("gratuity", chosen, "applied", suggested, to=beside.notes)
        return chosen, basis


def _count(rule: CompiledRule, parts: list[tuple[Decimal, Decimal]]) -> Count | None:
    """The shares a rule applied per guest or item was taken on, when more than one."""
    if len(parts) < 2:
        return None
    return "guests" if rule.unit == "guest" else "items", tuple(parts)


def _met(
    group: Group, said: dict[tuple[int, int], Failure | None]
) -> list[tuple[Line, int | None]]:
    """A group's lines as far as they are of items and guests that meet a rule's conditions:
    a line all of whose guests do, whole; else the shares of those who do."""
    lines: list[tuple[Line, int | None]] = []
    for line, place in group.lines:
        if place is not None:
            if said[(line.item, place)] is None:
                lines.append((line, place))
            continue
        met = [at for at in range(line.guests) if said[(line.item, at)] is None]
        if len(met) == line.guests:
            lines.append((line, None))
        else:
            lines += [(line, at) for at in met]
    return lines


def _ordered(option: list[CompiledRule]) -> list[CompiledRule]:
    """Percentages before fixed amounts; then by priority and id."""
    return sorted(option, key=lambda r: (not r.percentage, -r.priority, r.id))


def _cliques(rules: list[CompiledRule], compatible: Any) -> list[list[CompiledRule]]:
    """The largest sets of rules that may all stack together (Bron–Kerbosch)."""
    found: list[list[CompiledRule]] = []
    _extend([], list(rules), [], compatible, found)
    return found


def _extend(
    clique: list[CompiledRule],
    candidates: list[CompiledRule],
    excluded: list[CompiledRule],
    compatible: Any,
    found: list[list[CompiledRule]],
) -> None:
    """Add to `found` every largest clique that extends `clique`. A module function, not a
    closure: a closure that calls itself is a reference cycle, left for the collector."""
    if not candidates and not excluded:
        found.append(clique)
        return
    for rule in list(candidates):
        partners = compatible.get(rule.id, frozenset())
        _extend(
            [*clique, rule],
            [c for c in candidates if c.id in partners],
            [e for e in excluded if e.id in partners],
            compatible,
            found,
        )
        candidates.remove(rule)
        excluded.append(rule)
