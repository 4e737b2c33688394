"""The pricing pipeline: a booking through fixed stages to a quote that explains itself.

Stages run in a fixed order (docs/pricing.md): plan redemption, base price, surcharges, line
discounts, order discounts, price endings and taxes make the total; deposit, fees and gratuity
are worked out beside it. Each adjustment is rounded when it is computed; order discounts are
spread over lines by largest remainder; the total is the sum of the lines. No plugin hook is
called here: rules were compiled when the catalogue was built, and each booking's layout says
which rules can price which of its lines.

Working out the numbers is cheap; wording them is not. A run records what happened as small
records (its trace: `Note`s), and `servicekit.pricing.wording` turns them into the quote's
lines, audit trail, deposit, fees and tips the first time they are read. Rules that can price
none of the booking's lines are not looked at until then. A point of sale that only needs the
total never pays for the explanation.

Every amount a rule type returns is checked (`servicekit.pricing.values`) before it is used.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from servicekit.errors import BookingError, ServicekitError
from servicekit.model.money import Money
from servicekit.model.quote import Booking, LineKind, Outcome, Quote
from servicekit.pricing import values
from servicekit.pricing.allocation import largest_remainder
from servicekit.pricing.booking import check_plan
from servicekit.pricing.stages import PricingContext
from servicekit.pricing.trace import (
    Adjustment,
    Beside,
    Bought,
    Explained,
    Line,
    Note,
    OrderDiscount,
    Taxed,
    Template,
)
from servicekit.pricing.wording import Explanation

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.pricing.compiled import (
        CompiledRule,
        CompiledTax,
        Layout,
        Pricing,
    )

HUNDRED = Decimal(100)
ZERO = Decimal(0)
Sign = Literal["positive", "any"]
"""Whether an amount a rule returns may be negative (a price ending's change may)."""


def price(catalogue: Catalogue, pricing: Pricing, booking: Booking) -> Quote:
    """Price a checked booking."""
    run = Run(catalogue, pricing, booking)
    total = run.price()
    return Quote(booking=booking, total=pricing.money(total), explanation=Explanation(run))


class Run:
    """One booking through the pipeline: its lines, its trace, its total."""

    def __init__(self, catalogue: Catalogue, pricing: Pricing, booking: Booking) -> None:
        self.catalogue, self.pricing, self.booking = catalogue, pricing, booking
        self.quantum, self.rounding = pricing.quantum, pricing.rounding
        self.currency = pricing.currency
        self.notes: dict[str, list[Note]] = {}
        """What each section's processing noted, after its rules' conditions."""
        self.failures: dict[CompiledRule, Any] = {}
        """Rules that could price the booking and whose conditions failed, and why."""
        self.orders: list[OrderDiscount] = []
        self.taxed: list[Taxed] = []
        self.total = ZERO
        self._beside: Beside | None = None
        tags = booking.tags
        redeemed = pricing.plans.get(booking.redeem) if booking.redeem else None
        if redeemed is not None and redeemed.member_tag is not None:
            tags = tags | {redeemed.member_tag}  # a session paid by a membership is a member's
        at = booking.at
        if booking.buy is None:
            assert booking.service is not None, "a booking is of a service, or buys a plan"
            assert booking.duration is not None, "a service's booking has its length"
            self.layout: Layout = pricing.layout(booking.service, booking.duration, booking.addons)
            subtotal = self.layout.list_subtotal
        else:
            subtotal = ZERO
        self.context = PricingContext(
            catalogue,
            booking,
            tags=tags,
            holiday=at.date() in pricing.holidays if pricing.holidays else False,
            list_subtotal=self.money(subtotal),
            quantum=self.quantum,
            rounding=self.rounding,
        )
        if booking.redeem is not None or booking.buy is not None:
            self.check_plans()
        if booking.buy is None:
            self.lines = [
                Line(line, line.kind, line.label, line.base) for line in self.layout.lines
            ]
        else:
            self.lines = self.purchase_lines()

    def check_plans(self) -> None:
        """The plan redeemed or bought pays for the booked service and length."""
        booking = self.booking
        for verb, plan in (("redeem", booking.redeem), ("buy", booking.buy)):
            if plan is not None and booking.service is not None and booking.duration is not None:
                service = self.catalogue.services[booking.service]
                plans = self.pricing.plans
                check_plan(plans[plan], service, booking.duration, verb, self.context)

    def round(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.quantum, self.rounding)

    def money(self, amount: Decimal) -> Money:
        return Money.trusted(amount, self.currency)

    def note(self, section: str, *note: Any, to: dict[str, list[Note]] | None = None) -> None:
        (self.notes if to is None else to).setdefault(section, []).append(Note(*note))

    def eligible(self, section: str) -> list[tuple[CompiledRule, list[Line]]]:
        """The rules of a section that can price the booking and whose conditions hold, with
        the lines they target; why the others' conditions failed is kept for the audit."""
        candidates = self.layout.candidates[section]
        if not candidates:
            return []
        found = []
        context, failures, lines = self.context, self.failures, self.lines
        for rule, indexes in candidates:
            # CompiledRule.failure, inlined: this loop runs for every rule that could apply.
            for check in rule.checks:
                failure = check(context)
                if failure is not None:
                    failures[rule] = failure
                    break
            else:
                found.append((rule, [lines[index] for index in indexes]))
        return found

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
        return self.amount(rule, method, value, sign)

    def amount(
        self, rule: CompiledRule, method: str, value: Any, sign: Sign = "positive"
    ) -> tuple[Decimal, Decimal]:
        """A checked amount a rule returned, and the exact amount it was rounded from.

        The common case, checked here without a call: Money of the catalogue's currency, a
        finite amount in whole minor units, not negative unless the stage allows it.
        """
        exact = self.context.exact(value)
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
        plan = self.pricing.plans[self.booking.buy or ""]
        service = self.catalogue.services.get(self.booking.service or "")
        duration = self.booking.duration
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
        amount, _ = self.ask(plan, "purchase", unit, self.context)
        self.layout = self.pricing.purchase_layout(plan, label, amount, service, duration)
        self.context.list_subtotal = self.money(amount)
        line = Line(self.layout.lines[0], kind, label, amount)
        line.rule = plan.id
        line.detail = Bought(plan, unit)
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
        plan = self.pricing.plans[self.booking.buy or ""]
        failure = plan.failure(self.context)
        if failure is not None:
            raise BookingError(f"'{plan.id}' cannot be bought for this booking: {failure.reason}")
        line = self.lines[0]
        self.note("buy", plan, "applied", "bought", line, line.base)

    def redeem(self) -> None:
        if self.booking.redeem is None:
            return
        rule = self.pricing.plans[self.booking.redeem]
        failure = rule.failure(self.context)
        if failure is not None:
            self.note("plan", rule, failure.outcome, failure.reason)
            return
        line = self.lines[0]
        reason = f"the session is paid with the {rule.params.kind}"
        self.note("plan", rule, "applied", reason, line, -line.base)
        line.detail = Template("paid with {} (list price {})", rule.label, line.base)
        line.rule, line.covered = rule.id, True
        line.set_base(ZERO)

    def base(self) -> None:
        chosen: dict[str, tuple[CompiledRule, Decimal, Decimal]] = {}
        context = self.context
        for rule, lines in self.eligible("base"):
            for line in lines:
                if line.covered:
                    self.note(
                        "base", rule, "superseded", f"the session is paid with {line.rule}", line
                    )
                    continue
                found = self.call(rule, "price_for", line.layout.info, context)
                if found is None:
                    self.note("base", rule, "no-effect", f"it has no price for {line.label}", line)
                    continue
                new, raw = self.amount(rule, "price_for", found)
                current = chosen.get(line.key)
                if current is not None and not self.more_specific(rule, current[0], line):
                    self.note(
                        "base", rule, "superseded", f"{current[0].id} is more specific", line
                    )
                    continue
                if current is not None:
                    self.note(
                        "base", current[0], "superseded", f"{rule.id} is more specific", line
                    )
                chosen[line.key] = (rule, new, raw)
        for line in self.lines:
            if line.key in chosen:
                rule, new, raw = chosen[line.key]
                self.note(
                    "base", rule, "applied", rule.label, line, new - line.base, raw - line.base
                )
                line.detail = Template("{} (list price {})", rule.label, line.base)
                line.rule = rule.id
                line.set_base(new)

    def more_specific(self, rule: CompiledRule, than: CompiledRule, line: Line) -> bool:
        # Rules arrive sorted by priority, then id: on equal specificity the first one stays.
        service, addon = line.layout.service, line.layout.addon
        return rule.targets.specificity(service, addon) > than.targets.specificity(service, addon)

    def surcharges(self) -> None:
        # Every surcharge is a share of the line's own price, so none compounds on another.
        context = self.context
        for rule, lines in self.eligible("surcharge"):
            for line in lines:
                money = Money.trusted(line.base, self.currency)
                rounded, raw = self.ask(rule, "surcharge", money, line.layout.info, context)
                self.adjust("surcharge", rule, line, "surcharge", rounded, raw, line.base)

    def adjust(
        self,
        section: str,
        rule: CompiledRule,
        line: Line,
        kind: LineKind,
        rounded: Decimal,
        raw: Decimal,
        of: Decimal,
    ) -> None:
        """Add a rounded adjustment (negative for discounts) to a line, and note it."""
        if not rounded:
            self.note(
                section, rule, "no-effect", "it comes to nothing on this line", line, ZERO, raw
            )
            return
        line.adjustments.append(Adjustment(kind, rule, rounded, of))
        line.net += rounded
        self.note(section, rule, "applied", Explained(rule, of, rounded), line, rounded, raw)

    def discount(
        self, rule: CompiledRule, amount: Decimal, line: Line | None
    ) -> tuple[Decimal, Decimal]:
        """What a discount takes off `amount` (never more than it), rounded and exact."""
        info = line.layout.info if line is not None else None
        money = Money.trusted(amount, self.currency)
        rounded, exact = self.ask(rule, "discount", money, info, self.context)
        return min(rounded, amount), min(exact, amount)

    def line_discounts(self) -> None:
        eligible = self.eligible("line-discount")
        if not eligible:
            return
        context = self.context
        candidates: dict[str, list[CompiledRule]] = {line.key: [] for line in self.lines}
        for rule, lines in eligible:
            for line in lines:
                if line.covered and rule.spares is not None:
                    continue  # a session the membership pays for is not also discounted
                if rule.spared(line.layout, context):
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
                rounded, raw = self.discount(rule, before, line)
                self.adjust("line-discount", rule, line, "discount", -rounded, -raw, before)

    def within_limits(
        self, rules: list[CompiledRule], uses: dict[str, int], line: Line
    ) -> list[CompiledRule]:
        found = []
        for rule in rules:
            limit = rule.limit
            if limit is not None and uses.get(rule.id, 0) >= limit:
                reason = f"it discounts at most {limit} line(s) a booking"
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
        names = " and ".join(rule.id for rule in best)
        verb = "save" if len(best) > 1 else "saves"
        for rule in candidates:
            if rule in best:
                continue
            own = max(
                (s for k, s in savings.items() if (-rule.priority, rule.id) in k), default=ZERO
            )
            lead = f"{names} {verb} the client"
            reason: Any = Template(lead + " more ({} against {})", best_saving, own)
            if own == best_saving:
                reason = f"{lead} as much and comes first"
            outcome: Outcome = "lost"
            if not rule.exclusive and not best[0].exclusive:
                compatible = self.pricing.compatible.get(rule.id, frozenset())
                clash = next((other.id for other in best if other.id not in compatible), None)
                if clash is not None:
                    outcome = "not-combinable"
                    if isinstance(reason, Template):
                        reason.text = f"it does not combine with {clash}, and {reason.text}"
                    else:
                        reason = f"it does not combine with {clash}, and {reason}"
            self.note(section, rule, outcome, reason, line)
        return best

    def order_discounts(self) -> None:
        eligible = self.eligible("order-discount")
        if not eligible:
            return
        targets = {rule.id: lines for rule, lines in eligible}
        rules = [rule for rule, _ in eligible]
        if len(rules) > 1:
            saving = partial(self.apply_order, targets=targets, dry=True)
            rules = self.choose("order-discount", rules, None, saving)
        self.apply_order(rules, targets, dry=False)

    def apply_order(
        self, option: list[CompiledRule], targets: dict[str, list[Line]], *, dry: bool
    ) -> Decimal:
        """Apply order discounts in turn, each spread over its lines; return the saving."""
        nets = {line.key: line.net for line in self.lines}
        saved = ZERO
        for rule in option:
            lines = [line for line in targets[rule.id] if nets[line.key] > 0]
            base = sum([nets[line.key] for line in lines], ZERO)
            rounded, raw = self.discount(rule, base, None)
            shares = self.split(rounded, [nets[line.key] for line in lines])
            for line, share in zip(lines, shares, strict=True):
                nets[line.key] -= share
            rounded = sum(shares, ZERO)
            saved += rounded
            if dry:
                continue
            if not rounded:
                reason = "it comes to nothing on these lines"
                self.note("order-discount", rule, "no-effect", reason, None, ZERO, -raw)
                continue
            for line, share in zip(lines, shares, strict=True):
                line.net -= share
            self.orders.append(
                OrderDiscount(rule, -rounded, base, list(zip(lines, shares, strict=True)))
            )
            explained = Explained(rule, base, -rounded)
            self.note("order-discount", rule, "applied", explained, None, -rounded, -raw)
        return saved

    def split(self, amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
        """`amount` over lines in proportion to `weights`, in whole minor units."""
        digits = self.pricing.digits
        shares = largest_remainder(
            int(amount.scaleb(digits)), [int(weight.scaleb(digits)) for weight in weights]
        )
        return [Decimal(share).scaleb(-digits) for share in shares]

    def price_endings(self) -> None:
        ended: set[str] = set()
        context = self.context
        for rule, lines in self.eligible("price-ending"):
            for line in lines:
                if line.key in ended:
                    reason = "another price ending applied first"
                    self.note("price-ending", rule, "superseded", reason, line)
                    continue
                before = line.net
                after = before
                if before:
                    money = Money.trusted(before, self.currency)
                    after = self.ask(rule, "end", money, line.layout.info, context, sign="any")[0]
                change, limit = after - before, rule.max_change
                if not change:
                    self.note(
                        "price-ending", rule, "no-effect", "the price already ends right", line
                    )
                elif after < 0:
                    reason = "ending it would take it below zero"
                    self.note("price-ending", rule, "no-effect", reason, line)
                elif limit is not None and abs(change) > limit.amount:
                    margin = Template(
                        "{} → {} is a change of more than {}", before, after, limit.amount
                    )
                    self.note("price-ending", rule, "outside-margin", margin, line)
                else:
                    ended.add(line.key)
                    line.adjustments.append(Adjustment("price-ending", rule, change, before))
                    line.net = after
                    explained = Explained(rule, before, change)
                    self.note("price-ending", rule, "applied", explained, line, change, change)

    def taxes(self) -> None:
        charged = []
        tags, location = self.context.tags, self.booking.location
        lines = self.lines
        for tax, indexes in self.layout.taxes:
            if tax.locations and location not in tax.locations:
                where = self.pricing.words.name("location", location or "")
                self.note("tax", tax, "condition", f"it is not charged at {where}")
            elif tags and tags & tax.exempt_tags:
                self.note(
                    "tax", tax, "exempt", f"the client is tagged {min(tags & tax.exempt_tags)}"
                )
            elif indexes:
                charged.append((tax, [lines[index] for index in indexes]))
            else:
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
        inclusive = [(tax, lines) for tax, lines in charged if tax.inclusive]
        if inclusive:
            rates: dict[str, Decimal] = {}
            for tax, lines in inclusive:
                for line in lines:
                    rates[line.key] = rates.get(line.key, ZERO) + tax.rate
            for tax, lines in inclusive:
                shares = {}
                for line in lines:
                    net = line.net / (1 + rates[line.key] / HUNDRED)
                    shares[line.key] = share = self.round(net * tax.factor)
                    included[line.key] = included.get(line.key, ZERO) + share
                base = sum([line.net for line in lines], ZERO)
                computed[tax.id] = (sum(shares.values(), ZERO), base, shares)
        for tax, lines in charged:
            if not tax.inclusive:
                shares, base, amount = {}, ZERO, ZERO
                for line in lines:
                    pre_tax = line.net - included.get(line.key, ZERO) if included else line.net
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

    # -- beside the total: worked out when first read --------------------------------------

    def beside(self) -> Beside:
        """Deposit, fees and tips, with their own notes: nothing here changes the total.
        Worked out once, under the explanation's lock."""
        if self._beside is not None:
            return self._beside
        beside = Beside()
        if self.booking.buy is None:
            beside.deposit = self.largest("deposit", beside)
            beside.fees = [
                (kind, self.largest(f"fee:{kind}", beside))
                for kind in ("late-cancellation", "no-show")
            ]
            beside.tips = self.tips(beside)
            for code in self.booking.promos:
                if code not in self.pricing.promo_codes:
                    reason = f"promo code {code} is unknown"
                    self.note("promo", None, "unknown-promo", reason, to=beside.notes)
        self._beside = beside
        return beside

    def largest(self, section: str, beside: Beside) -> tuple[CompiledRule, Decimal] | None:
        """The matching rule asking for the most (never more than the total); others lose."""
        found = []
        total, money, context = self.total, self.money(self.total), self.context
        method = "deposit" if section == "deposit" else "fee"
        for rule, _ in self.eligible(section):
            asked, raw = self.ask(rule, method, money, context)
            found.append((rule, min(asked, total), raw))
        if not found:
            return None
        winner, amount, _ = max(found, key=lambda item: item[1])  # the first of equals
        for rule, asked, raw in found:
            if rule is not winner:
                reason = f"{winner.id} asks for more"
                self.note(section, rule, "lost", reason, None, asked, raw, to=beside.notes)
            elif not amount:
                self.note(
                    section, rule, "no-effect", "the total is 0", None, ZERO, raw, to=beside.notes
                )
            else:
                explained = Explained(rule, total, amount)
                self.note(section, rule, "applied", explained, None, amount, raw, to=beside.notes)
        return (winner, amount) if amount else None

    def tips(self, beside: Beside) -> tuple[CompiledRule, Decimal] | None:
        eligible = [rule for rule, _ in self.eligible("gratuity")]
        if not eligible:
            return None
        chosen = eligible[0]
        for rule in eligible[1:]:
            reason = f"{chosen.id} comes first"
            self.note("gratuity", rule, "superseded", reason, to=beside.notes)
        basis = self.total
        if chosen.params.basis == "pre-tax":
            basis -= self.added_tax + self.included_tax
        shown = ", ".join(f"{percent.normalize():f}%" for percent in chosen.params.percents)
        suggested = Template("suggests {} of {}", shown, basis)
        self.note("gratuity", chosen, "applied", suggested, to=beside.notes)
        return chosen, basis


def _ordered(option: list[CompiledRule]) -> list[CompiledRule]:
    """Percentages before fixed amounts; then by priority and id."""
    return sorted(option, key=lambda r: (not r.percentage, -r.priority, r.id))


def _cliques(rules: list[CompiledRule], compatible: Any) -> list[list[CompiledRule]]:
    """The largest sets of rules that may all stack together (Bron–Kerbosch)."""
    found: list[list[CompiledRule]] = []

    def extend(
        clique: list[CompiledRule], candidates: list[CompiledRule], excluded: list[CompiledRule]
    ) -> None:
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
