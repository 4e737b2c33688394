"""The pricing pipeline: a booking through fixed stages to a quote that explains itself.

Stages run in a fixed order (docs/pricing.md): plan redemption, base price, surcharges, line
discounts, order discounts, price endings and taxes make the total; deposit, fees and gratuity
are worked out beside it. Each adjustment is rounded when it is computed; order discounts are
spread over lines by largest remainder; the total is the sum of the lines. No plugin hook is
called here: rules were compiled when the catalogue was built.

Working out the numbers is cheap; wording them is not. A run records what happened as plain
tuples (its trace), and `servicekit.pricing.wording` turns them into the quote's lines, audit
trail, deposit, fees and tips the first time they are read. A point of sale that only needs the
total never pays for the explanation.
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
from servicekit.pricing.quote import Booking, Outcome, Quote
from servicekit.pricing.stages import LineInfo

HUNDRED = Decimal(100)
ZERO = Decimal(0)

Reason = str | tuple[Any, ...]
"""A reason in words, or a template and its arguments, worded only when read."""

Trace = list[tuple[Any, ...]]
"""(rule or tax, outcome, reason, line, rounded amount, unrounded amount)."""


def price(catalogue: Catalogue, pricing: Pricing, booking: Booking) -> Quote:
    """Price a checked booking."""
    from servicekit.pricing.wording import Explanation

    run = _Run(catalogue, pricing, booking)
    total = run.price()
    money = Money.trusted(total, pricing.currency)
    return Quote(booking=booking, total=money, explanation=Explanation(run))


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
    )

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
    """One booking through the pipeline: its lines, its trace, its total."""

    def __init__(self, catalogue: Catalogue, pricing: Pricing, booking: Booking) -> None:
        self.catalogue = catalogue
        self.pricing = pricing
        self.booking = booking
        self.quantum = pricing.quantum
        self.digits = -pricing.quantum.as_tuple().exponent
        self.rounding = pricing.rounding
        self.trace: Trace = []
        self.orders: list[tuple[PricingRule, Decimal, Decimal, list[tuple[_Line, Decimal]]]] = []
        self.taxed: list[tuple[CompiledTax, Decimal, Decimal, dict[str, Decimal]]] = []
        self.lines = self.purchase_lines() if booking.buy else self.booking_lines()
        self.layout = (booking.buy or "", booking.service or "", *booking.addons)
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
        self.total = ZERO

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
        *,
        trace: Trace | None = None,
    ) -> None:
        (self.trace if trace is None else trace).append((rule, outcome, reason, line, amount, raw))

    def eligible(
        self, rules: tuple[PricingRule, ...], trace: Trace | None = None
    ) -> list[tuple[PricingRule, list[_Line]]]:
        """The rules whose conditions hold, with the lines they target.

        Rules that fail a condition or target no line of this booking are noted, once.
        """
        found = []
        context, trace = self.context, self.trace if trace is None else trace
        for rule in rules:
            # PricingRule.failure, inlined: this loop runs for every rule of every quote.
            for check in rule.checks:
                failure = check(context)
                if failure is not None:
                    trace.append((rule, failure[0], failure[1], None, None, None))
                    break
            else:
                lines = rule.targets.pick(self.layout, self.lines)
                if lines:
                    found.append((rule, lines))
                else:
                    reason = ("it applies to {} only", rule.targets.text)
                    trace.append((rule, "not-targeted", reason, None, None, None))
        return found

    @property
    def added_tax(self) -> Decimal:
        """Tax added to the prices; taxes included in them add nothing."""
        return sum([amount for tax, amount, _, _ in self.taxed if not tax.inclusive], ZERO)

    @property
    def included_tax(self) -> Decimal:
        return sum([amount for tax, amount, _, _ in self.taxed if tax.inclusive], ZERO)

    # -- the lines being priced ------------------------------------------------------------

    def booking_lines(self) -> list[_Line]:
        service = self.catalogue.services[self.booking.service]
        variation = service.variation(self.booking.duration)
        label = f"{service.name}, {variation.label}"
        lines = [
            _Line(
                "service",
                "service",
                label,
                variation.price.amount,
                service=service,
                duration=variation.duration,
            )
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
        service = self.catalogue.services.get(self.booking.service or "")
        unit = service.variation(self.booking.duration).price.amount if service else None
        kind = "membership" if plan.type == "membership" else "package"
        label = plan.label
        if kind == "membership":
            label += ", monthly fee"
        elif service is not None:
            label += f": {service.name}, {self.booking.duration} min"
        line = _Line(
            f"{kind}:{plan.id}",
            kind,
            label,
            self.round(plan.params.purchase(unit)),
            service=service,
            duration=self.booking.duration,
            rule=plan.id,
        )
        line.detail = (plan, unit)
        return [line]

    # -- the stages that make the total ----------------------------------------------------

    def price(self) -> Decimal:
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
        self.total = sum([line.net for line in self.lines], ZERO) + self.added_tax
        return self.total

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
            self.note(rule, "applied", f"the session is paid with the {what}", line, -line.base)
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
                self.note(rule, "applied", rule.label, line, new - line.base, raw - line.base)
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
        rounded = self.round(raw)
        if not rounded:
            self.note(rule, "no-effect", "it comes to nothing on this line", line, ZERO, raw)
            return
        line.adjustments.append((kind, rule, rounded, of))
        line.net += rounded
        self.note(rule, "applied", (rule, of, rounded), line, rounded, raw)

    def line_discounts(self) -> None:
        eligible = self.eligible(
            self.pricing.by_stage["line-discount"] + self.pricing.member_discounts
        )
        if not eligible:
            return
        candidates: dict[str, list[PricingRule]] = {line.id: [] for line in self.lines}
        for rule, lines in eligible:
            for line in lines:
                if line.covered and rule.spares is not None:
                    continue  # a session the membership pays for is not also discounted
                if rule.spared(line):
                    reason = "the membership includes this session: its member price applies"
                    self.note(rule, "not-targeted", reason, line)
                    continue
                candidates[line.id].append(rule)
        uses: dict[str, int] = {}
        for line in self.lines:
            found = self.within_limits(candidates[line.id], uses, line)
            if not found:
                continue
            if not line.net:
                for rule in found:
                    self.note(rule, "no-effect", "the line is already 0", line)
                continue
            for rule in found if len(found) == 1 else self.choose(found, line):
                uses[rule.id] = uses.get(rule.id, 0) + 1
                before = line.net
                self.adjust(
                    rule, line, "discount", -min(rule.params.discount(before), before), before
                )

    def within_limits(
        self, rules: list[PricingRule], uses: dict[str, int], line: _Line
    ) -> list[PricingRule]:
        found = []
        for rule in rules:
            limit = getattr(rule.params, "limit", None)
            if limit is not None and uses.get(rule.id, 0) >= limit:
                self.note(rule, "limit", f"it discounts at most {limit} line(s) a booking", line)
            else:
                found.append(rule)
        return found

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
        saving = saving or partial(self.stack, line=line)
        options = [[rule] for rule in candidates if rule.params.exclusive]
        shared = [rule for rule in candidates if not rule.params.exclusive]
        if shared:
            options += [_ordered(clique) for clique in _cliques(shared, self.pricing.compatible)]
        # The largest saving wins; on a tie, higher priorities, then ids in alphabetical order.
        best, best_saving, best_key, savings = None, ZERO, (), {}
        for option in options:
            saved = saving(option)
            key = tuple((-rule.priority, rule.id) for rule in option)
            savings[key] = saved
            if best is None or saved > best_saving or (saved == best_saving and key < best_key):
                best, best_saving, best_key = option, saved, key
        names = " and ".join(rule.id for rule in best)
        verb = "save" if len(best) > 1 else "saves"
        for rule in candidates:
            if rule in best:
                continue
            own = max(
                (s for k, s in savings.items() if (-rule.priority, rule.id) in k), default=ZERO
            )
            reason: Reason = (
                "{} {} the client more ({} against {})",
                names,
                verb,
                best_saving,
                own,
            )
            if own == best_saving:
                reason = (f"{names} {verb} the client as much and comes first",)
            outcome: Outcome = "lost"
            if not rule.params.exclusive and not best[0].params.exclusive:
                compatible = self.pricing.compatible.get(rule.id, frozenset())
                if any(other.id not in compatible for other in best):
                    outcome = "not-combinable"
                    clash = next(other.id for other in best if other.id not in compatible)
                    reason = (f"it does not combine with {clash}, and " + reason[0], *reason[1:])
            self.note(rule, outcome, reason, line)
        return best

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
            self.note(rule, "applied", (rule, base, -rounded), None, -rounded, -raw)
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
                if not change:
                    self.note(rule, "no-effect", "the price already ends right", line)
                elif after < 0:
                    self.note(rule, "no-effect", "ending it would take it below zero", line)
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
                where = self.pricing.words.name("location", self.booking.location or "")
                self.note(tax, "condition", f"it is not charged at {where}")
            elif tags and tags & tax.exempt_tags:
                self.note(tax, "exempt", f"the client is tagged {min(tags & tax.exempt_tags)}")
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
                    shares[line.id] = share = self.round(net * tax.factor)
                    included[line.id] = included.get(line.id, ZERO) + share
                base = sum([line.net for line in lines], ZERO)
                computed[tax.id] = (sum(shares.values(), ZERO), base, shares)
        for tax, lines in charged:
            if not tax.inclusive:
                shares, base, amount = {}, ZERO, ZERO
                for line in lines:
                    pre_tax = line.net - included.get(line.id, ZERO)
                    shares[line.id] = share = self.round(pre_tax * tax.factor)
                    base += pre_tax
                    amount += share
                computed[tax.id] = (amount, base, shares)
            amount, base, shares = computed[tax.id]
            self.taxed.append((tax, amount, base, shares))
            self.note(tax, "applied", (tax,), None, amount)

    # -- beside the total: worked out when first read --------------------------------------

    def beside(self) -> tuple[Any, ...]:
        """Deposit, fees and tips, with their own trace: nothing here changes the run."""
        trace: Trace = []
        if self.booking.buy is not None:
            return None, (), None, trace
        deposit = self.largest(self.pricing.by_stage["deposit"], "deposit", trace)
        fees = tuple(
            (kind, self.largest(self.pricing.fees[kind], "fee", trace))
            for kind in ("late-cancellation", "no-show")
        )
        tips = self.tips(trace)
        for code in self.booking.promos:
            if code not in self.pricing.promo_codes:
                self.note(None, "unknown-promo", f"promo code {code} is unknown", trace=trace)
        return deposit, fees, tips, trace

    def largest(
        self, rules: tuple[PricingRule, ...], method: str, trace: Trace
    ) -> tuple[PricingRule, Decimal] | None:
        """The matching rule asking for the most (never more than the total); others lose."""
        found = []
        for rule, _ in self.eligible(rules, trace):
            raw = getattr(rule.params, method)(self.total)
            found.append((rule, min(self.round(raw), self.total), raw))
        if not found:
            return None
        winner, amount, _ = max(found, key=lambda item: item[1])  # the first of equals
        for rule, asked, raw in found:
            if rule is not winner:
                self.note(
                    rule, "lost", f"{winner.id} asks for more", None, asked, raw, trace=trace
                )
            elif not amount:
                self.note(rule, "no-effect", "the total is 0", None, ZERO, raw, trace=trace)
            else:
                self.note(
                    rule, "applied", (rule, self.total, amount), None, amount, raw, trace=trace
                )
        return (winner, amount) if amount else None

    def tips(self, trace: Trace) -> tuple[PricingRule, Decimal] | None:
        eligible = [rule for rule, _ in self.eligible(self.pricing.by_stage["gratuity"], trace)]
        if not eligible:
            return None
        chosen = eligible[0]
        for rule in eligible[1:]:
            self.note(rule, "superseded", f"{chosen.id} comes first", trace=trace)
        basis = self.total
        if chosen.params.basis == "pre-tax":
            basis -= self.added_tax + self.included_tax
        shown = ", ".join(f"{percent.normalize():f}%" for percent in chosen.params.percents)
        self.note(chosen, "applied", ("suggests {} of {}", shown, basis), trace=trace)
        return chosen, basis


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
