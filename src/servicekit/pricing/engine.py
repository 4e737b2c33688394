"""The pricing pipeline: a booking through fixed stages to a quote that explains itself.

Stages run in a fixed order (docs/pricing.md): plan redemption, base price, surcharges, line
discounts, order discounts, price endings and taxes make the total; deposit, fees and gratuity
are worked out beside it. Each adjustment is rounded when it is computed; order discounts are
spread over lines by largest remainder; the total is the sum of the lines. No plugin hook is
called here: rules were compiled when the catalogue was built.

Working out the numbers is cheap; wording them is not. So a run records what happened as plain
tuples, and the quote's lines, audit trail, deposit, fees and tips are built from them the first
time they are read. A point-of-sale that only needs the total never pays for the explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from servicekit.errors import BookingError
from servicekit.model.catalogue import AddOn, Catalogue, Service
from servicekit.model.money import Money
from servicekit.pricing.allocation import largest_remainder
from servicekit.pricing.compiled import CompiledTax, Context, Pricing, PricingRule
from servicekit.pricing.quote import AuditEntry, Booking, Charge, Line, Outcome, Quote, Tip
from servicekit.pricing.stages import LineInfo

HUNDRED = Decimal(100)
ZERO = Decimal(0)

Reason = str | tuple[Any, ...]
"""A reason in words, or a template and its arguments, worded only when read."""


def price(catalogue: Catalogue, pricing: Pricing, booking: Booking) -> Quote:
    """Price a checked booking."""
    run = _Run(catalogue, pricing, booking)
    total = run.total()
    return Quote(booking=booking, total=Money.trusted(total, pricing.currency), explanation=run)


class _Line:
    """A line while it is priced: its own price, what adjusts it, and its running net.

    A plain slotted class: a quote makes a few of these, and attrs' generated code (equality,
    factories) is more than they need.
    """

    __slots__ = (
        "addon",
        "adjustments",
        "base",
        "covered",
        "detail",
        "duration",
        "id",
        "kind",
        "label",
        "net",
        "rule",
        "service",
    )  # fmt: skip

    def __init__(
        self,
        ident: str,
        kind: str,
        label: str,
        price: Decimal,
        *,
        service: Service | None = None,
        addon: AddOn | None = None,
        duration: int | None = None,
        rule: str | None = None,
    ) -> None:
        self.id, self.kind, self.label = ident, kind, label
        self.base = self.net = price
        self.service, self.addon, self.duration, self.rule = service, addon, duration, rule
        self.detail: Reason | None = None
        self.covered = False
        self.adjustments: list[tuple[str, PricingRule, Decimal, Decimal]] = []
        """(kind, rule, rounded amount, the amount it was taken of)."""

    def set_base(self, amount: Decimal) -> None:
        self.net += amount - self.base
        self.base = amount


class _Run:
    """One booking through the pipeline; afterwards, the explanation of its quote."""

    def __init__(self, catalogue: Catalogue, pricing: Pricing, booking: Booking) -> None:
        self.catalogue = catalogue
        self.pricing = pricing
        self.booking = booking
        self.quantum = pricing.quantum
        self.digits = -pricing.quantum.as_tuple().exponent
        self.rounding = pricing.rounding
        self.trace: list[tuple[Any, ...]] = []
        self.orders: list[tuple[PricingRule, Decimal, Decimal, list[tuple[_Line, Decimal]]]] = []
        self.taxed: list[tuple[CompiledTax, Decimal, Decimal, dict[str, Decimal]]] = []
        self.lines = self.purchase_lines() if booking.buy else self.booking_lines()
        key = booking.service if booking.buy is None else f"{booking.buy}:{booking.service}"
        self.layout = (key, *booking.addons)
        tags = booking.tags
        redeemed = pricing.plans.get(booking.redeem) if booking.redeem else None
        if redeemed is not None and redeemed.type == "membership":
            tags = tags | {redeemed.params.tag}  # a session paid by a membership is a member's
        self.context = Context(
            tags=tags,
            promos=frozenset(booking.promos),
            at=booking.at,
            holiday=booking.at.date() in pricing.holidays if pricing.holidays else False,
            location=booking.location,
            therapist_level=booking.therapist_level,
            duration=booking.duration,
            list_subtotal=sum([line.base for line in self.lines], ZERO),
            promo_uses=booking.promo_uses,
        )
        self.finished = False

    def round(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.quantum, rounding=self.rounding)

    def note(
        self,
        rule: Any,
        outcome: Outcome,
        reason: Reason,
        line: _Line | None = None,
        amount: Decimal | None = None,
        raw: Decimal | None = None,
    ) -> None:
        self.trace.append((rule, outcome, reason, line, amount, raw))

    def eligible(self, rules: tuple[PricingRule, ...]) -> list[tuple[PricingRule, list[_Line]]]:
        """The rules whose conditions hold, with the lines they target.

        Rules that fail a condition or target no line of this booking are noted, once.
        """
        found = []
        context, trace = self.context, self.trace
        for rule in rules:
            failure = None
            for check in rule.checks:
                failure = check(context)
                if failure is not None:
                    trace.append((rule, failure[0], failure[1], None, None, None))
                    break
            if failure is not None:
                continue
            lines = rule.targets.pick(self.layout, self.lines)
            if lines:
                found.append((rule, lines))
            else:
                self.note(rule, "not-targeted", ("it applies to {} only", rule.targets.text))
        return found

    # -- the lines being priced ------------------------------------------------------------

    def booking_lines(self) -> list[_Line]:
        service = self.catalogue.services[self.booking.service]
        variation = service.variation(self.booking.duration)
        price = variation.price.amount
        label = f"{service.name}, {variation.label}"
        lines = [
            _Line("service", "service", label, price, service=service, duration=variation.duration)
        ]
        addons = self.catalogue.addons
        for ident in self.booking.addons:
            addon = addons[ident]
            lines.append(
                _Line("addon:" + ident, "addon", addon.name, addon.price.amount, addon=addon)
            )
        return lines

    def purchase_lines(self) -> list[_Line]:
        plan = self.pricing.plans[self.booking.buy]
        params = plan.params
        service = self.catalogue.services.get(self.booking.service or "")
        unit = service.variation(self.booking.duration).price.amount if service else None
        kind = "membership" if plan.type == "membership" else "package"
        if kind == "membership":
            label = f"{plan.label}, monthly fee"
        elif service is not None:
            label = (
                f"{plan.label}: {params.sessions} × {service.name}, {self.booking.duration} min"
            )
        else:
            label = f"{plan.label}: {params.sessions} sessions"
        price = self.round(params.purchase(unit))
        return [
            _Line(
                f"{kind}:{plan.id}",
                kind,
                label,
                price,
                service=service,
                duration=self.booking.duration,
                rule=plan.id,
            )
        ]

    # -- the stages that make the total ----------------------------------------------------

    def total(self) -> Decimal:
        if self.booking.buy is not None:
            self.buy()
        else:
            self.redeem()
            self.base()
            self.surcharges()
            self.line_discounts()
            self.order_discounts()
            self.price_endings()
        self.taxes()
        total = sum([line.net for line in self.lines], ZERO)
        return total + sum([amount for tax, amount, _, _ in self.taxed if not tax.inclusive], ZERO)

    def buy(self) -> None:
        plan = self.pricing.plans[self.booking.buy]
        failure = plan.failure(self.context)
        if failure is not None:
            raise BookingError(f"'{plan.id}' cannot be bought for this booking: {failure[1]}")
        line = self.lines[0]
        self.note(plan, "applied", "bought", line, line.base)

    def redeem(self) -> None:
        for rule in self.pricing.by_stage["plan"]:
            if rule.id != self.booking.redeem:
                self.note(rule, "not-targeted", "not bought or redeemed in this booking")
                continue
            failure = rule.failure(self.context)
            if failure is not None:
                self.note(rule, *failure)
                continue
            line = self.lines[0]
            what = "package" if rule.type == "package" else "membership"
            self.note(rule, "applied", f"session paid with {what} {rule.id}", line, -line.base)
            line.detail = ("paid with {} (list price {})", rule.label, line.base)
            line.rule, line.covered = rule.id, True
            line.set_base(ZERO)

    def base(self) -> None:
        chosen: dict[str, tuple[PricingRule, Decimal]] = {}
        for rule, lines in self.eligible(self.pricing.by_stage["base"]):
            for line in lines:
                if line.covered:
                    self.note(rule, "superseded", f"the session is paid with {line.rule}", line)
                    continue
                new = rule.params.price_for(LineInfo(line.kind, line.id, line.duration, line.base))
                if new is None:
                    self.note(rule, "no-effect", f"it has no price for {line.label}", line)
                    continue
                current = chosen.get(line.id)
                if current is not None and not self.more_specific(rule, current[0], line):
                    self.note(rule, "superseded", f"{current[0].id} is more specific", line)
                    continue
                if current is not None:
                    self.note(current[0], "superseded", f"{rule.id} is more specific", line)
                chosen[line.id] = (rule, new)
        for line in self.lines:
            if line.id in chosen:
                rule, raw = chosen[line.id]
                new = self.round(raw)
                self.note(rule, "applied", rule.label, line, new - line.base, raw)
                line.detail = ("{} (list price {})", rule.label, line.base)
                line.rule = rule.id
                line.set_base(new)

    def more_specific(self, rule: PricingRule, than: PricingRule, line: _Line) -> bool:
        # Rules arrive sorted by priority, then id: on equal specificity the first one stays.
        mine = rule.targets.specificity(line.service, line.addon)
        return mine > than.targets.specificity(line.service, line.addon)

    def surcharges(self) -> None:
        # Every surcharge is a share of the line's own price, so none compounds on another.
        for rule, lines in self.eligible(self.pricing.by_stage["surcharge"]):
            for line in lines:
                self.adjust(rule, line, "surcharge", rule.params.surcharge(line.base), line.base)

    def adjust(self, rule: PricingRule, line: _Line, kind: str, raw: Decimal, of: Decimal) -> None:
        """Add a rounded adjustment (negative for discounts) to a line, and note it."""
        rounded = raw.quantize(self.quantum, rounding=self.rounding)
        if not rounded:
            self.note(rule, "no-effect", "it comes to nothing on this line", line, ZERO, raw)
            return
        line.adjustments.append((kind, rule, rounded, of))
        line.net += rounded
        self.trace.append((rule, "applied", (rule, of, rounded), line, rounded, raw))

    def line_discounts(self) -> None:
        eligible = self.eligible(self.pricing.by_stage["line-discount"] + self.member_discounts())
        if not eligible:
            return
        candidates: dict[str, list[PricingRule]] = {line.id: [] for line in self.lines}
        for rule, lines in eligible:
            for line in lines:
                candidates[line.id].append(rule)
        uses: dict[str, int] = {}
        for line in self.lines:
            found = candidates[line.id]
            if not found:
                continue
            if not line.net:
                for rule in found:
                    self.note(rule, "no-effect", "the line is already 0", line)
                continue
            for rule in [rule for rule in found if rule.params.limit is not None]:
                if uses.get(rule.id, 0) >= rule.params.limit:
                    limit = rule.params.limit
                    self.note(rule, "limit", f"it applies to at most {limit} line(s)", line)
                    found.remove(rule)
            if not found:
                continue
            chosen = found if len(found) == 1 else self.choose(found, line)
            for rule in chosen:
                uses[rule.id] = uses.get(rule.id, 0) + 1
                before = line.net
                saving = rule.params.discount(before)
                self.adjust(
                    rule, line, "discount", -(before if saving > before else saving), before
                )

    def member_discounts(self) -> tuple[PricingRule, ...]:
        # A session paid by a plan is free; members' discount is for everything else.
        if self.lines[0].covered:
            return self.pricing.member_discounts_on_extras
        return self.pricing.member_discounts

    def stack(self, option: list[PricingRule], line: _Line) -> Decimal:
        """What a set of discounts saves on a line: in order, never below zero."""
        amount = line.net
        for rule in option:
            amount -= self.round(min(rule.params.discount(amount), amount))
        return line.net - amount

    def choose(
        self,
        candidates: list[PricingRule],
        line: _Line | None,
        saving: Callable[[list[PricingRule]], Decimal] | None = None,
    ) -> list[PricingRule]:
        """The combination of discounts best for the client; the others noted with why.

        `saving` says what an option saves; by default, on `line`.
        """
        if saving is None:
            saving = partial(self.stack, line=line)
        options = [[rule] for rule in candidates if rule.params.exclusive]
        shared = [rule for rule in candidates if not rule.params.exclusive]
        if shared:
            options += [_ordered(clique) for clique in _cliques(shared, self.pricing.compatible)]
        # The largest saving wins; on a tie, higher priorities, then ids in alphabetical order.
        best, best_saving, best_key = None, ZERO, ()
        for option in options:
            saved = saving(option)
            key = tuple((-rule.priority, rule.id) for rule in option)
            if best is None or saved > best_saving or (saved == best_saving and key < best_key):
                best, best_saving, best_key = option, saved, key
        chosen = best
        names = ", ".join(rule.id for rule in chosen)
        for rule in candidates:
            if rule in chosen:
                continue
            if not rule.params.exclusive and not chosen[0].params.exclusive:
                compatible = self.pricing.compatible.get(rule.id, frozenset())
                clash = next((other.id for other in chosen if other.id not in compatible), None)
                if clash is not None:
                    self.note(rule, "not-combinable", f"it does not combine with {clash}", line)
                    continue
            self.note(rule, "lost", ("{} saves the client more ({})", names, best_saving), line)
        return chosen

    def order_discounts(self) -> None:
        eligible = self.eligible(self.pricing.by_stage["order-discount"])
        if not eligible:
            return
        targets = {rule.id: lines for rule, lines in eligible}
        rules = [rule for rule, _ in eligible]
        if len(rules) > 1:
            rules = self.choose(rules, None, partial(self.apply_order, targets=targets, dry=True))
        self.apply_order(rules, targets, dry=False)

    def apply_order(
        self, option: list[PricingRule], targets: dict[str, list[_Line]], *, dry: bool
    ) -> Decimal:
        """Apply order discounts in turn, each spread over its lines; return the saving."""
        nets = {line.id: line.net for line in self.lines}
        saved = ZERO
        for rule in option:
            lines = [line for line in targets[rule.id] if nets[line.id] > 0]
            base = sum([nets[line.id] for line in lines], ZERO)
            raw = min(rule.params.discount(base), base)
            shares = self.split(self.round(raw), [nets[line.id] for line in lines])
            for line, share in zip(lines, shares, strict=True):
                nets[line.id] -= share
            rounded = sum(shares, ZERO)
            saved += rounded
            if dry:
                continue
            if not rounded:
                self.note(
                    rule, "no-effect", "it comes to nothing on these lines", None, ZERO, -raw
                )
                continue
            for line, share in zip(lines, shares, strict=True):
                line.net -= share
            self.orders.append((rule, -rounded, base, list(zip(lines, shares, strict=True))))
            self.trace.append((rule, "applied", (rule, base, -rounded), None, -rounded, -raw))
        return saved

    def split(self, amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
        """`amount` over lines in proportion to `weights`, in whole minor units."""
        digits = self.digits
        shares = largest_remainder(
            int(amount.scaleb(digits)), [int(weight.scaleb(digits)) for weight in weights]
        )
        return [Decimal(share).scaleb(-digits) for share in shares]

    def price_endings(self) -> None:
        ended: set[str] = set()
        for rule, lines in self.eligible(self.pricing.by_stage["price-ending"]):
            for line in lines:
                if line.id in ended:
                    self.note(rule, "superseded", "another price ending applied first", line)
                    continue
                before = line.net
                after = rule.params.end(before) if before else before
                change, limit = after - before, rule.params.max_change
                if not change or after < 0:
                    self.note(rule, "no-effect", "the price already ends right", line)
                elif limit is not None and abs(change) > limit.amount:
                    template = "{} → {} is a change of more than {}"
                    self.note(
                        rule, "outside-margin", (template, before, after, limit.amount), line
                    )
                else:
                    ended.add(line.id)
                    line.adjustments.append(("price-ending", rule, change, before))
                    line.net = after
                    self.note(rule, "applied", ("{} → {}", before, after), line, change, change)

    def taxes(self) -> None:
        charged = []
        tags = self.context.tags
        for tax in self.pricing.taxes:
            if tax.locations and self.booking.location not in tax.locations:
                self.note(tax, "condition", f"not charged at {self.booking.location}")
            elif tags and tags & tax.exempt_tags:
                self.note(tax, "exempt", f"the client has the tag {min(tags & tax.exempt_tags)}")
            else:
                lines = tax.targets.pick(self.layout, self.lines)
                if lines:
                    charged.append((tax, lines))
                else:
                    self.note(tax, "not-targeted", "it applies to none of these lines")
        if charged:
            self.tax_shares(charged)

    def tax_shares(self, charged: list[tuple[CompiledTax, list[_Line]]]) -> None:
        """Each tax's amount on each line, rounded per line, and the amount it is taken on.

        Taxes included in a price are backed out of it together; added taxes are charged on
        what is left, the price before tax.
        """
        quantum, rounding = self.quantum, self.rounding
        included: dict[str, Decimal] = {}
        computed: dict[str, tuple[Decimal, Decimal, dict[str, Decimal]]] = {}
        inclusive = [(tax, lines) for tax, lines in charged if tax.inclusive]
        if inclusive:
            rates: dict[str, Decimal] = {}
            for tax, lines in inclusive:
                for line in lines:
                    rates[line.id] = rates.get(line.id, ZERO) + tax.rate
            for tax, lines in inclusive:
                shares = {}
                for line in lines:
                    net = line.net / (1 + rates[line.id] / HUNDRED)
                    shares[line.id] = share = (net * tax.factor).quantize(
                        quantum, rounding=rounding
                    )
                    included[line.id] = included.get(line.id, ZERO) + share
                base = sum([line.net for line in lines], ZERO)
                computed[tax.id] = (sum(shares.values(), ZERO), base, shares)
        for tax, lines in charged:
            if not tax.inclusive:
                shares, base, amount = {}, ZERO, ZERO
                for line in lines:
                    pre_tax = line.net - included.get(line.id, ZERO)
                    share = (pre_tax * tax.factor).quantize(quantum, rounding=rounding)
                    shares[line.id] = share
                    base += pre_tax
                    amount += share
                computed[tax.id] = (amount, base, shares)
            amount, base, shares = computed[tax.id]
            self.taxed.append((tax, amount, base, shares))
            self.trace.append((tax, "applied", (tax,), None, amount, None))

    # -- beside the total: worked out when first read --------------------------------------

    def finish(self) -> None:
        """The stages that do not change the total, run once, when first needed."""
        if self.finished or self.booking.buy is not None:
            self.finished = True
            return
        self.finished = True
        total = sum([line.net for line in self.lines], ZERO)
        total += sum([amount for tax, amount, _, _ in self.taxed if not tax.inclusive], ZERO)
        self.deposit_found = self.largest(self.pricing.by_stage["deposit"], total, "deposit")
        self.fees_found = [
            (kind, self.largest(self.pricing.fees[kind], total, "fee"))
            for kind in ("late-cancellation", "no-show")
        ]
        self.tips_found = self.tips(total)
        for code in self.booking.promos:
            if code not in self.pricing.promo_codes:
                self.note(None, "unknown-promo", f"promo code {code} is unknown")

    def largest(
        self, rules: tuple[PricingRule, ...], total: Decimal, method: str
    ) -> tuple[PricingRule, Decimal, Decimal] | None:
        """The matching rule asking for the most (never more than the total); others lose."""
        found = []
        for rule, _ in self.eligible(rules):
            raw = getattr(rule.params, method)(total)
            found.append((rule, min(self.round(raw), total), raw))
        if not found:
            return None
        winner = max(found, key=lambda item: item[1])  # the first of equals, by priority
        for rule, amount, raw in found:
            if rule is winner[0]:
                self.note(rule, "applied", (rule, total, amount), None, amount, raw)
            else:
                self.note(rule, "lost", f"{winner[0].id} asks for more", None, amount, raw)
        return winner[0], winner[1], total

    def tips(self, total: Decimal) -> tuple[PricingRule, Decimal] | None:
        eligible = [rule for rule, _ in self.eligible(self.pricing.by_stage["gratuity"])]
        if not eligible:
            return None
        chosen = eligible[0]
        for rule in eligible[1:]:
            self.note(rule, "superseded", f"{chosen.id} comes first")
        basis = total
        if chosen.params.basis == "pre-tax":
            basis -= sum([amount for tax, amount, _, _ in self.taxed if not tax.inclusive], ZERO)
        shown = ", ".join(f"{percent.normalize():f}%" for percent in chosen.params.percents)
        self.note(chosen, "applied", ("suggests {} of {}", shown, basis))
        return chosen, basis

    # -- the explanation -------------------------------------------------------------------

    def money(self, amount: Decimal) -> Money:
        return Money.trusted(amount, self.pricing.currency)

    def text(self, amount: Decimal) -> str:
        return f"{self.round(amount):f}"

    def word(self, reason: Reason) -> str:
        if isinstance(reason, str):
            return reason
        head, *args = reason
        if isinstance(head, PricingRule):
            return self.describe(head, *args)
        if isinstance(head, CompiledTax):
            return self.describe_tax(head)
        return head.format(*(self.text(a) if isinstance(a, Decimal) else a for a in args))

    def describe(self, rule: PricingRule, base: Decimal, amount: Decimal) -> str:
        """How an amount came about: "10% of 160.00", capped when a maximum applied."""
        percent = getattr(rule.params, "percent", None)
        if percent is None:
            return f"flat {self.text(abs(amount))}"
        text = f"{percent.normalize():f}% of {self.text(base)}"
        if abs(amount) < self.round(base * percent / HUNDRED):
            text += f", at most {self.text(abs(amount))}"
        return text

    def describe_tax(self, tax: CompiledTax) -> str:
        _, _amount, base, _ = next(item for item in self.taxed if item[0] is tax)
        rate = f"{tax.rate.normalize():f}%"
        if tax.inclusive:
            return f"{rate} included in {self.text(base)}"
        return f"{rate} of {self.text(base)}"

    def quote_lines(self) -> tuple[Line, ...]:
        lines = []
        for work in self.lines:
            detail = self.word(work.detail) if work.detail is not None else None
            lines.append(
                Line(
                    work.id, work.kind, work.label, self.money(work.base), work.rule, None, detail
                )
            )
            for kind, rule, amount, of in work.adjustments:
                if kind == "price-ending":
                    detail = f"{self.text(of)} → {self.text(of + amount)}"
                else:
                    detail = self.describe(rule, of, amount)
                lines.append(
                    Line(
                        f"{kind}:{rule.id}@{work.id}",
                        kind,
                        rule.label,
                        self.money(amount),
                        rule.id,
                        work.id,
                        detail,
                    )
                )
        for rule, amount, base, shares in self.orders:
            lines.append(
                Line(
                    f"discount:{rule.id}",
                    "discount",
                    rule.label,
                    self.money(amount),
                    rule.id,
                    None,
                    self.describe(rule, base, amount),
                    allocations={line.id: self.money(-share) for line, share in shares},
                )
            )
        for tax, amount, _, shares in self.taxed:
            lines.append(
                Line(
                    f"tax:{tax.id}",
                    "tax",
                    tax.name,
                    self.money(ZERO if tax.inclusive else amount),
                    tax.id,
                    None,
                    self.describe_tax(tax),
                    allocations={key: self.money(value) for key, value in shares.items()},
                    included=self.money(amount) if tax.inclusive else None,
                )
            )
        return tuple(lines)

    def quote_audit(self) -> tuple[AuditEntry, ...]:
        self.finish()
        return tuple(
            AuditEntry(
                rule=rule.id if rule is not None else None,
                type=rule.type if rule is not None else None,
                stage=rule.stage if rule is not None else "promo",
                outcome=outcome,
                reason=self.word(reason),
                line=line.id if line is not None else None,
                amount=self.money(amount) if amount is not None else None,
                unrounded=raw,
            )
            for rule, outcome, reason, line, amount, raw in self.trace
        )

    def quote_deposit(self) -> Charge | None:
        self.finish()
        found = getattr(self, "deposit_found", None)
        if found is None:
            return None
        rule, amount, total = found
        detail = self.describe(rule, total, amount)
        return Charge("deposit", self.money(amount), rule.id, rule.label, detail)

    def quote_fees(self) -> tuple[Charge, ...]:
        self.finish()
        fees = []
        for kind, found in getattr(self, "fees_found", ()):
            if found is not None:
                rule, amount, total = found
                notice = rule.params.notice_hours if kind == "late-cancellation" else None
                detail = self.describe(rule, total, amount)
                fees.append(Charge(kind, self.money(amount), rule.id, rule.label, detail, notice))
        return tuple(fees)

    def quote_gratuity(self) -> tuple[Tip, ...]:
        self.finish()
        found = getattr(self, "tips_found", None)
        if found is None:
            return ()
        rule, basis = found
        return tuple(
            Tip(percent, self.money(self.round(basis * percent / HUNDRED)), rule.params.basis)
            for percent in rule.params.percents
        )


def _ordered(option: list[PricingRule]) -> list[PricingRule]:
    """Percentages before fixed amounts; then by priority and id."""
    return sorted(option, key=lambda r: (not r.params.percentage, -r.priority, r.id))


def _cliques(rules: list[PricingRule], compatible: Any) -> list[list[PricingRule]]:
    """The largest sets of rules that may all stack together (Bron–Kerbosch)."""
    found: list[list[PricingRule]] = []

    def extend(clique: list[PricingRule], candidates: list[PricingRule], excluded: list) -> None:
        if not candidates and not excluded:
            found.append(clique)
            return
        for rule in list(candidates):
            partners = compatible.get(rule.id, frozenset())
            extend(
                [*clique, rule],
                [c for c in candidates if c.id in partners],
                [e for e in excluded if e.id in partners],
            )
            candidates.remove(rule)
            excluded.append(rule)

    extend([], list(rules), [])
    return found
