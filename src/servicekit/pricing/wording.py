"""Wording a priced visit: the quote's items and lines, audit trail, deposit, fees and tips.

The engine leaves a trace of small records (`Note`s, by section); this turns them into the
quote's records the first time the quote is read. Rules that could price none of the visit's
lines were not looked at by the engine: here each one's conditions are checked, in its place
in the audit trail, to say why it did not apply. Amounts in words are formatted for the
clinic's locale; a rule type's own wording comes from its `explain` and `detail` methods
(`servicekit.pricing.stages`), checked to be text.

A day of quotes says the same things over and over: the same rules failing the same
conditions, the same prices ending the same way. So every record made here (and every
rule's wording) is remembered by what it is made of, per catalogue and up to a bound, and a
quote that needs the same one is handed the same frozen record.

A booking of one service is worded as it always was: every line in `lines`, line ids such as
"service" and "addon:hot-stones". A visit lists its items, each with its own lines (ids
within the item), and its own lines, whose allocations name item lines as "<item>/<line id>".

Every word goes through `self.words`: the catalogue's (`ClinicWords`), English, for the
records JSON gives. A quote's reading in another language (`servicekit.pricing.reading`) is
this explanation with a reader's words, their names for rules, lines and taxes, and caches of
its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from servicekit.errors import did_you_mean
from servicekit.i18n import speaking, then
from servicekit.model.money import Money, minor_units
from servicekit.model.quote import (
    AuditEntry,
    Booking,
    Charge,
    Forfeit,
    Line,
    Quote,
    QuoteItem,
    QuoteWarning,
    Tip,
    item_json,
    kept_json,
)
from servicekit.model.visit import isoformat
from servicekit.pricing import contract, values
from servicekit.pricing.conditions import Failure
from servicekit.pricing.engine import SECTIONS, SECTIONS_BESIDE, Failures
from servicekit.pricing.reasons import NOT_REDEEMED
from servicekit.pricing.seen import conditions_said, judged_by_pairs
from servicekit.pricing.trace import (
    Adjustment,
    Beside,
    Bought,
    Bundled,
    Explained,
    Note,
    OrderDiscount,
    Taxed,
    Template,
)
from servicekit.pricing.trace import Line as WorkLine

if TYPE_CHECKING:
    from servicekit.model.catalogue import GiftCards
    from servicekit.model.quote import Quote
    from servicekit.model.quote_text import QuoteText
    from servicekit.model.visit import Visit
    from servicekit.pricing.compiled import CompiledRule, CompiledTax
    from servicekit.pricing.engine import Run
    from servicekit.pricing.seen import Seen
    from servicekit.pricing.words import ClinicWords

HUNDRED = Decimal(100)
ZERO = Decimal(0)
MAX_REMEMBERED = 16384
"""Records remembered per catalogue; beyond them, each quote makes its own."""


Made = TypeVar("Made")


class Explanation:
    """What a quote needs to explain itself, worded on first use (safely across threads)."""

    __slots__ = ("_beside", "_said", "asked", "run", "seen", "visit")

    locale: str | None = None
    """The locale its quote's reader asked for (`AskedIn`); None: English alone."""

    def __init__(self, run: Run, seen: Seen, visit: Visit) -> None:
        self.run = run
        """The run that priced it: its own, or one it shares with quotes priced alike."""
        self.seen, self.asked = seen, visit
        """What its rules see, and its visit: its own, whatever run it shares."""
        self.visit = run.as_visit
        """Worded as a visit (its items apart), or as a booking of one service."""
        self._said: tuple[tuple[Any, ...], tuple[Failure | None, ...]] | None = None
        self._beside: tuple[Beside, Failures] | None = None

    @property
    def words(self) -> ClinicWords:
        """What it words amounts, lists, names and its own messages with: the catalogue's."""
        words: ClinicWords = self.run.pricing.words
        return words

    @property
    def currency(self) -> str:
        return self.run.currency

    @property
    def remembered(self) -> dict[Any, Any]:
        return self.run.pricing.remembered

    def money(self, amount: Decimal) -> Money:
        return Money.trusted(amount, self.run.currency)

    def shared(self, key: Hashable, make: Callable[[], Made]) -> Made:
        """What every quote of this run words alike (its lines, an audit trail, their JSON):
        made by the first to ask, then handed to the others."""
        worded = self.run.worded
        found = worded.get(key)
        if found is None:
            found = worded[key] = make()
        return found

    def remember(self, key: Hashable, make: Callable[..., Made], *arguments: Any) -> Made:
        """The record made of `key`: remembered, or made now by `make(*arguments)`."""
        remembered = self.remembered
        found = remembered.get(key)
        if found is None:
            found = make(*arguments)
            if len(remembered) < MAX_REMEMBERED:
                remembered[key] = found
        return found

    @property
    def as_visit(self) -> bool:
        return self.visit

    def quote_booking(self) -> Booking | None:
        """The booking of one service the visit was asked as (None when asked as a visit)."""
        if self.visit:
            return None
        visit = self.asked
        item = visit.items[0] if visit.items else None
        service, duration = (
            (item.service, item.duration) if item else (visit.buy_for or (None, None))
        )
        return Booking(
            service=service,
            duration=duration,
            addons=tuple(ident for ident, _ in item.addons) if item else (),
            at=visit.at,
            tags=visit.tags,
            promos=visit.promos,
            location=visit.location,
            therapist_level=visit.therapist_level,
            redeem=item.redeem if item else None,
            buy=visit.buy if visit.gift is None else f"gift:{visit.gift.amount:f}",
            promo_uses=visit.promo_uses,
        )

    def said(self) -> tuple[tuple[Any, ...], tuple[Failure | None, ...]]:
        """What tells this quote's wording apart from other quotes of its run, as its rules
        see the checks its run left unjudged (`Run.unjudged`), judged once: what decides its
        deposit, fees and tips (what the checks of their rules say, and the gift
        certificates it is paid with), and what the checks of each rule that can price none
        of its lines say."""
        said = self._said
        if said is None:
            unjudged = self.run.unjudged()
            verdicts, beside = conditions_said(unjudged.plan, self.seen), unjudged.beside
            decides: tuple[Any, ...] = verdicts[:beside]
            if self.asked.pay_with:
                decides = (*decides, self.tender())
            said = self._said = (decides, verdicts[beside:])
        return said

    def tender(self) -> Decimal:
        """What the gift certificates given pay."""
        return sum([given.amount.amount for given in self.asked.pay_with], ZERO)

    def beside(self) -> Beside:
        return self.beside_and_failures()[0]

    def beside_and_failures(self) -> tuple[Beside, Failures]:
        """Deposit, fees and tips, and why the rules of them that did not apply did not, as
        this quote's rules see them."""
        if self._beside is None:
            with self.run.lock:
                if self._beside is None:
                    self._beside = self.run.beside(self.seen, self.said()[0], self.tender())
        return self._beside

    def place(self, engine: int | None) -> int | None:
        """The item's place in the visit as listed, for an engine index."""
        return None if engine is None or not self.visit else self.run.order[engine]

    # -- reasons and details in words ------------------------------------------------------

    def word(self, reason: Any) -> str:
        if isinstance(reason, str):
            return reason
        return self.remember(reason_key(reason), self._word, reason)

    def _word(self, reason: Any) -> str:
        if isinstance(reason, Template):
            return self.words.gettext(reason.text).format(*map(self.argument, reason.args))
        if isinstance(reason, Explained):
            return self.counted(reason.rule, reason.base, reason.amount, reason.count)
        if isinstance(reason, Taxed):
            return self.taxed(reason)
        if isinstance(reason, Bundled):
            return self.bundled(reason)
        raise TypeError(f"no wording for {reason!r}")

    def argument(self, value: Any) -> Any:
        """What fills a reason's `{}`: an amount as money, a rule or a line by its name, a
        phrase (`servicekit.pricing.reasons`) in words; ids and numbers as they are."""
        if isinstance(value, Decimal):
            return self.words.amount(value)
        if isinstance(value, str | int):
            return value
        if isinstance(value, Explained):
            return self.word(value)
        if hasattr(value, "said"):
            return speaking(self.words.locale, value.said, self.words)
        return self.label(value)

    def label(self, named: Any) -> str:
        """What a quote calls a rule or a line: its label."""
        label: str = named.label
        return label

    def tax_name(self, tax: CompiledTax) -> str:
        return tax.name

    def line_label(self, work: WorkLine) -> str:
        return work.label

    def gift_name(self, cards: GiftCards) -> str:
        return cards.name

    def explained(self, rule: CompiledRule, base: Decimal, amount: Decimal) -> str:
        """How an amount came about, in the rule type's words: "10% of $160.00"."""
        words = self.words
        text = speaking(words.locale, rule.explain, self.money(base), self.money(amount), words)
        return values.text(rule, "explain", text)

    def counted(
        self,
        rule: CompiledRule,
        base: Decimal,
        amount: Decimal,
        count: tuple[str, tuple[tuple[Decimal, Decimal], ...]] | None,
    ) -> str:
        """An amount taken once for each of several guests or items: "$10.00 × 2 guests"
        when each share is said the same, else the whole with how many shares it was."""
        if count is None:
            return self.explained(rule, base, amount)
        noun, parts = count
        said = {self.explained(rule, each_base, each) for each_base, each in parts}
        words, shares = self.words, len(parts)
        if len(said) == 1:
            each = said.pop()
            if noun == "guests":
                return words.ngettext(
                    "%(amount)s × %(count)s guest",
                    "%(amount)s × %(count)s guests",
                    shares,
                    amount=each,
                )
            return words.ngettext(
                "%(amount)s × %(count)s item", "%(amount)s × %(count)s items", shares, amount=each
            )
        whole = self.explained(rule, base, amount)
        if noun == "guests":
            return words.ngettext(
                "%(amount)s (%(count)s guest)",
                "%(amount)s (%(count)s guests)",
                shares,
                amount=whole,
            )
        return words.ngettext(
            "%(amount)s (%(count)s item)", "%(amount)s (%(count)s items)", shares, amount=whole
        )

    def bundled(self, bundled: Bundled) -> str:
        """Which items a bundle took, and what: "items 1 and 2: 10% of $95.00"."""
        said, words = [], self.words
        for items, base, amount in bundled.applications:
            which = words.either([str(int(item) + 1) for item in items], "and")
            explained = self.explained(bundled.rule, base, amount)
            said.append(
                words.gettext("items %(items)s: %(amount)s", items=which, amount=explained)
            )
        return then(said, words.gettext)

    def detail(self, detail: Any) -> str | None:
        """A line's detail: how its price came about, or what a plan bought holds."""
        if detail is None:
            return None
        return self.bought(detail) if isinstance(detail, Bought) else self.word(detail)

    def bought(self, detail: Bought) -> str | None:
        words = self.words
        said = contract.bound(detail.plan.params, "detail")
        text = speaking(words.locale, said, detail.unit, words)
        return None if text is None else values.text(detail.plan, "detail", text)

    def taxed(self, taxed: Taxed) -> str:
        words = self.words
        rate, base = words.percent(taxed.tax.rate), words.amount(taxed.base)
        if taxed.tax.inclusive:
            return words.gettext("%(rate)s included in %(amount)s", rate=rate, amount=base)
        return words.gettext("%(rate)s of %(amount)s", rate=rate, amount=base)

    # -- the quote's records ---------------------------------------------------------------

    def quote_items(self) -> tuple[QuoteItem, ...]:
        run, asked = self.run, self.asked
        items: dict[int, QuoteItem] = {}
        for engine, (records, subtotal) in enumerate(self.shared("items", self._items)):
            place = run.order[engine]
            items[place] = QuoteItem(place, asked.items[place], records, subtotal)
        return tuple(items[place] for place in sorted(items))

    def _items(self) -> list[tuple[tuple[Line, ...], Money]]:
        """Each item's line records (in the order items are priced), and their sum."""
        found = []
        for lines in self.run.item_lines if self.run.visit.items else ():
            records = tuple(self.item_lines(lines))
            subtotal = sum([line.amount.amount for line in records], ZERO)
            found.append((records, self.money(subtotal)))
        return found

    def item_lines(self, lines: list[WorkLine]) -> list[Line]:
        """An item's lines: each priced line followed by what adjusts it."""
        remember, visit = self.remember, self.visit
        found = []
        for work in lines:
            detail = reason_key(work.detail)
            value = work.value if visit else None
            key: tuple[Hashable, ...] = (
                "line",
                work.local,
                work.label,
                work.base,
                work.rule,
                detail,
                work.layout.quantity,
                value,
            )
            found.append(remember(key, self._line, work, value))
            for change in work.adjustments:
                key = (
                    "adjustment",
                    change.kind,
                    change.rule,
                    work.local,
                    change.amount,
                    change.of,
                    reason_key(change.reason),
                )
                found.append(remember(key, self._adjustment, work, change))
        return found

    def quote_lines(self) -> tuple[Line, ...]:
        before, taxes = self.shared("lines", self._lines)
        if self.run.gift is None:
            return (*before, *taxes)
        return (*before, self.gift_line(self.run.gift), *taxes)

    def _lines(self) -> tuple[tuple[Line, ...], tuple[Line, ...]]:
        """The lines not under an item (all of them, for a booking of one service), those
        before a gift certificate bought and the taxes after it."""
        run, remember = self.run, self.remember
        lines = [] if self.visit else self.item_lines(run.lines)
        for order in run.orders:
            lines.append(self._shared(order))
        taxes = []
        for taxed in run.taxed:
            key = ("tax", taxed.tax, taxed.amount, taxed.base, *taxed.shares.items())
            taxes.append(remember(key, self._tax_line, taxed))
        return tuple(lines), tuple(taxes)

    def _shared(self, order: OrderDiscount) -> Line:
        """An order discount, a bundle or a surcharge once a visit, with its shares."""
        rule, money = order.rule, self.money
        reason = order.reason or Explained(rule, order.base, order.amount)
        return Line(
            f"{order.kind}:{rule.id}",
            order.kind,
            self.label(rule),
            money(order.amount),
            rule.id,
            None,
            self.word(reason),
            allocations={
                line.key: money(share if order.amount > 0 else -share)
                for line, share in order.shares
            },
        )

    def gift_line(self, amount: Decimal) -> Line:
        """A gift certificate bought: never taxed, never discounted."""
        cards, words = self.run.pricing.gift_cards, self.words
        assert cards is not None, "a gift certificate is bought where they are sold"
        money = self.money(amount)
        detail = words.money(money)
        bonus = cards.bonus(money, self.asked.at.date())
        if bonus is not None:
            extra = words.money(bonus.get)
            detail = words.gettext("%(amount)s + %(bonus)s bonus", amount=detail, bonus=extra)
            if bonus.valid_days:
                detail = words.ngettext(
                    "%(amount)s (the bonus valid %(count)s day)",
                    "%(amount)s (the bonus valid %(count)s days)",
                    bonus.valid_days,
                    amount=detail,
                )
        if cards.valid_days:
            detail = words.ngettext(
                "%(amount)s, valid %(count)s day",
                "%(amount)s, valid %(count)s days",
                cards.valid_days,
                amount=detail,
            )
        return Line("gift-card", "gift-card", self.gift_name(cards), money, None, None, detail)

    def _line(self, work: WorkLine, value: Decimal | None) -> Line:
        detail = self.detail(work.detail)
        return Line(
            work.local if self.visit else work.key,
            work.kind,
            self.line_label(work),
            self.money(work.base),
            work.rule,
            None,
            detail,
            quantity=work.layout.quantity,
            value=self.money(value) if value is not None else None,
        )

    def _adjustment(self, work: WorkLine, change: Adjustment) -> Line:
        rule = change.rule
        local = work.local if self.visit else work.key
        detail = (
            self.word(change.reason)
            if change.reason is not None
            else self.explained(rule, change.of, change.amount)
        )
        return Line(
            f"{change.kind}:{rule.id}@{local}",
            change.kind,
            self.label(rule),
            self.money(change.amount),
            rule.id,
            local,
            detail,
        )

    def _tax_line(self, taxed: Taxed) -> Line:
        tax, money = taxed.tax, self.money
        return Line(
            f"tax:{tax.id}",
            "tax",
            self.tax_name(tax),
            money(Decimal(0) if tax.inclusive else taxed.amount),
            tax.id,
            None,
            self.word(taxed),
            allocations={key: money(value) for key, value in taxed.shares.items()},
            included=money(taxed.amount) if tax.inclusive else None,
        )

    def quote_audit(self) -> tuple[AuditEntry, ...]:
        decides, said = self.said()
        trail = self.shared(("audit", decides), self._audit)
        entries = list(trail.entries)
        for at, index in trail.slots:
            entries.insert(at, self.elsewhere(index, said))
        return tuple(entries)

    def elsewhere(self, index: int, said: tuple[Failure | None, ...]) -> AuditEntry:
        """The entry of a rule that can price none of the quote's lines (`index` in
        `Unjudged.elsewhere`), by what its conditions `said`: why it does not apply."""
        rule = self.run.unjudged().elsewhere[index]
        failure = said[index] or rule.elsewhere
        # `failed`, looked up here first: most of a day's quotes find the entry made.
        return self.remembered.get((rule, failure, None, None)) or self.failed(rule, failure)

    def _audit(self) -> Trail:
        run = self.run
        beside, beside_failures = self.beside_and_failures()
        trail = Trail()
        entries = trail.entries
        if run.visit.buy is not None:
            for section in ("buy", "tax"):
                entries += map(self.entry, run.notes.get(section, ()))
            return trail
        redeemed = {item.redeem for item in run.visit.items if item.redeem}
        plan_notes = run.notes.get("plan", ())
        for rule in run.pricing.sections["plan"]:
            if rule.id in redeemed:
                entries += [self.entry(note) for note in plan_notes if note.subject is rule]
            else:
                entries.append(self.failed(rule, NOT_REDEEMED))
        for section in SECTIONS:
            self.considered(section, trail, run.failures)
            entries += map(self.entry, run.notes.get(section, ()))
        entries += map(self.entry, run.notes.get("tax", ()))
        for section in SECTIONS_BESIDE:
            self.considered(section, trail, beside_failures)
            entries += map(self.entry, beside.notes.get(section, ()))
        entries += map(self.entry, beside.notes.get("promo", ()))
        return trail

    def considered(self, section: str, trail: Trail, all_failures: Failures) -> None:
        """Why each rule of a section did not apply for its conditions or its targets: those
        that could price the visit were checked by the engine; the others, each quote says
        (`Trail.slots`)."""
        run, remembered = self.run, self.remembered
        entries, slots, places = trail.entries, trail.slots, run.unjudged().places
        could = run.layout.considered[section]
        failures = all_failures.get(section, {})
        for rule in run.pricing.sections[section]:
            if rule not in could:
                slots.append((len(entries) + len(slots), places[rule]))
                continue
            failed = failures.get(rule)
            if failed is None:
                continue
            if len(failed) > 1 or (self.visit and len(run.item_lines) > 1):
                if self.everywhere(rule, section, failed):
                    entries.append(self.failed(rule, failed[0][2]))
                else:
                    entries += [
                        self.failed(rule, failure, self.place(item), guest)
                        for item, guest, failure in failed
                    ]
                continue
            failure = failed[0][2]
            # `failed`, looked up here first: most of a day's quotes find the entry made.
            entries.append(
                remembered.get((rule, failure, None, None)) or self.failed(rule, failure)
            )

    def everywhere(
        self, rule: CompiledRule, section: str, failed: list[tuple[Any, Any, Failure]]
    ) -> bool:
        """Whether a rule failed for the same reason wherever it could apply."""
        if judged_by_pairs(section, rule.unit):  # the engine noted it once if so
            return len(failed) == 1 and failed[0][0] is None and failed[0][1] is None
        first = failed[0][2]
        if any(failure is not first for _, _, failure in failed):
            return False
        targets = dict(self.run.layout.candidates[section]).get(rule, ())
        return len(failed) >= len(targets)

    def failed(
        self,
        rule: CompiledRule,
        failure: Failure,
        item: int | None = None,
        guest: str | None = None,
    ) -> AuditEntry:
        """The entry of a rule that did not apply (for the visit, or an item or guest)."""
        key = (rule, failure, item, guest)
        return self.remember(key, self._failed, rule, failure, item, guest)

    def _failed(
        self, rule: CompiledRule, failure: Failure, item: int | None, guest: str | None
    ) -> AuditEntry:
        reason = self.for_guest(guest, self.failure_reason(failure))
        return AuditEntry(rule.id, rule.type, rule.stage, failure.outcome, reason, item=item)

    def failure_reason(self, failure: Failure) -> str:
        return failure.reason

    def for_guest(self, guest: str | None, reason: str) -> str:
        """A reason said of one guest: "for ann: ..."."""
        if guest is None:
            return reason
        return self.words.gettext("for %(guest)s: %(reason)s", guest=guest, reason=reason)

    def entry(self, note: Note) -> AuditEntry:
        line = note.line
        where = (line.local if self.visit else line.key) if line is not None else None
        item = self.place(line.item if line is not None else note.item)
        key = (
            "entry",
            note.subject,
            note.outcome,
            reason_key(note.reason),
            where,
            note.amount,
            note.raw,
            item,
            note.guest,
        )
        return self.remember(key, self._entry, note, where, item)

    def _entry(self, note: Note, where: str | None, item: int | None) -> AuditEntry:
        subject, amount = note.subject, note.amount
        reason = self.for_guest(note.guest, self.noted(note))
        return AuditEntry(
            rule=subject.id if subject is not None else None,
            type=subject.type if subject is not None else None,
            stage=subject.stage if subject is not None else "promo",
            outcome=note.outcome,
            reason=reason,
            line=where,
            amount=self.money(amount) if amount is not None else None,
            unrounded=note.raw,
            item=item,
        )

    def noted(self, note: Note) -> str:
        """Why a rule did or did not apply, as noted, in words."""
        return self.word(note.reason)

    def charge(self, kind: str, found: tuple[Any, ...] | None) -> Charge | None:
        if found is None:
            return None
        rule, amount, basis, forfeits, reason = found
        return self.remember(
            ("charge", kind, rule, amount, basis, forfeits, reason_key(reason), self.visit),
            self._charge,
            kind,
            rule,
            amount,
            forfeits,
            reason,
        )

    def _charge(
        self,
        kind: Any,
        rule: CompiledRule,
        amount: Decimal,
        forfeits: Any,
        reason: Any,
    ) -> Charge:
        notice = rule.params.notice_hours if kind == "late-cancellation" else None
        said = [self.word(reason)] if amount else []
        if forfeits:
            words, plans = self.words, self.run.pricing.plans
            named = words.either([self.label(plans[plan]) for _, plan in forfeits], "and")
            said.append(
                words.ngettext(
                    "the session paid with %(plans)s forfeited",
                    "the sessions paid with %(plans)s forfeited",
                    len(forfeits),
                    plans=named,
                )
            )
        return Charge(
            kind,
            self.money(amount),
            rule.id,
            self.label(rule),
            "; ".join(said),
            notice,
            tuple(Forfeit(item if self.visit else 0, plan) for item, plan in forfeits),
        )

    def quote_deposit(self) -> Charge | None:
        return self.charge("deposit", self.beside().deposit)

    def quote_fees(self) -> tuple[Charge, ...]:
        charges = (self.charge(kind, found) for kind, found in self.beside().fees)
        return tuple(charge for charge in charges if charge is not None)

    def quote_gratuity(self) -> tuple[Tip, ...]:
        found = self.beside().tips
        if found is None:
            return ()
        rule, basis = found
        kind = rule.params.basis
        return tuple(
            self.remember(("tip", kind, percent, basis), self._tip, kind, percent, basis)
            for percent in rule.params.percents
        )

    def _tip(self, kind: Any, percent: Decimal, basis: Decimal) -> Tip:
        return Tip(percent, self.money(self.run.round(basis * percent / HUNDRED)), kind)

    def quote_warnings(self) -> tuple[QuoteWarning, ...]:
        """What was asked that changed nothing and is probably a typo."""
        pricing, visit = self.run.pricing, self.asked
        found: list[QuoteWarning] = []
        asked = dict.fromkeys(sorted(visit.tags))  # a set: the same order every run
        for tags in visit.guests.values():
            if tags:
                asked.update(dict.fromkeys(sorted(tags)))
        for tag in asked:
            if tag not in pricing.known_tags:
                found += self.remember(("unknown-tag", tag), self._unknown_tag, tag)
        for code in visit.promos:
            if code not in pricing.promo_codes:
                found += self.remember(("unknown-promo", code), self._unknown_promo, code)
        if visit.plans:
            found += self._unknown_holders(visit)
        return tuple(found)

    def _unknown_holders(self, visit: Visit) -> list[QuoteWarning]:
        """A warning for each plan held by someone who is not a guest of the visit."""
        words = self.words
        found = []
        booked = {guest for item in visit.items for guest in item.guests}
        for ident, held in visit.plans.items():
            holder = held.holder
            if holder is not None and holder not in booked:
                found.append(
                    QuoteWarning(
                        "unknown-guest",
                        holder,
                        words.gettext(
                            "%(plan)s is held by '%(guest)s', who is not a guest of this visit",
                            plan=ident,
                            guest=holder,
                        ),
                        self.hint(holder, booked, words.gettext("no item names a guest")),
                    )
                )
        return found

    def _unknown_tag(self, tag: str) -> tuple[QuoteWarning, ...]:
        """The warning for a client tag no rule or tax reads (none for a members' tag)."""
        pricing, words = self.run.pricing, self.words
        members = {rule.member_tag for rule in pricing.plans.values() if rule.member_tag}
        if tag in members:
            return ()
        said = words.gettext(
            "client tag '%(tag)s' is one no rule or tax reads: it changes nothing", tag=tag
        )
        known = pricing.known_tags | members
        hint = self.hint(tag, known, words.gettext("no rule reads client tags"))
        return (QuoteWarning("unknown-tag", tag, said, hint),)

    def _unknown_promo(self, code: str) -> tuple[QuoteWarning, ...]:
        """The warning for a promotion code the catalogue does not have."""
        pricing, words = self.run.pricing, self.words
        said = words.gettext("promotion code %(code)s is unknown: it takes nothing off", code=code)
        hint = self.hint(
            code, pricing.promo_codes, words.gettext("the catalogue has no promotion codes")
        )
        return (QuoteWarning("unknown-promo", code, said, hint),)

    def hint(self, value: str, known: Any, none: str) -> str:
        """The closest of the `known` values to `value`, or `none` when nothing is known."""
        return did_you_mean(value, known, gettext=self.words.gettext) if known else none

    def quote_text(self, quote: Quote, locale: str) -> QuoteText:
        """The quote as readers of `locale` read it, worded when first read."""
        from servicekit.model.quote_text import QuoteText
        from servicekit.pricing.reading import Reading

        return QuoteText(quote, locale, Reading(self, locale))

    def asked_in(self, locale: str) -> Explanation:
        """This explanation for a quote a reader of `locale` asked for: a quote without one
        never pays for it."""
        from servicekit.pricing.reading import AskedIn

        return AskedIn(self, locale)

    # -- the JSON ----------------------------------------------------------------------------

    def quote_json(self, quote: Quote) -> dict[str, Any]:
        """What `servicekit quote --format json` prints: copies of what quotes that share its
        run and say the same show alike (`Shown`, made once), around its own booking."""
        decides, said = self.said()
        key = ("json", decides)
        shown = self.run.worded.get(key) or self.shared(key, self._shown)
        data: dict[str, Any] = {"currency": shown.currency, "minor_units": shown.minor_units}
        if self.visit:
            data["visit"] = quote.visit.to_dict()
            items = self.asked.items
            data["items"] = [
                item_json(place, items[place], _copies(lines, allocated), subtotal)
                for place, lines, allocated, subtotal in shown.items
            ]
        else:
            data["booking"] = self.booking_json()
        data["lines"] = lines = _copies(shown.lines, shown.allocated)
        gift = self.run.gift
        if gift is not None:
            lines.insert(len(lines) - shown.taxes, self.gift_line(gift).to_dict())
        data["tax"], data["total"] = shown.tax, shown.total
        visit = self.asked
        paid = visit.pay_with
        if paid:
            data["tender"] = [tender.to_dict() for tender in paid]
            data["amount_due"] = quote.amount_due.minor
        elif self.visit:  # paid with nothing: all of the total is due
            data["tender"], data["amount_due"] = [], shown.total
        deposit = shown.deposit
        data["deposit"] = deposit.copy() if deposit is not None else None
        data["fees"] = fees = list(map(dict.copy, shown.fees))
        for at in shown.forfeiting:
            fee = fees[at]
            fee["forfeits"] = list(map(dict.copy, fee["forfeits"]))
        data["gratuity"] = list(map(dict.copy, shown.gratuity))
        data["audit"] = audit = list(map(dict.copy, shown.audit))
        if shown.elsewhere:
            remembered = self.run.pricing.remembered
            for index, rule, after in shown.elsewhere:  # `elsewhere`, inlined
                failure = said[index] or rule.elsewhere
                entry = remembered.get((rule, failure, None, None)) or self.failed(rule, failure)
                audit.append((entry._json or kept_json(entry)).copy())  # made: no call
                audit += map(dict.copy, after)
        if self.visit or visit.tags or visit.promos or visit.guests or visit.plans:
            warnings = quote.warnings
            if self.visit or warnings:
                data["warnings"] = [warning.to_dict() for warning in warnings] if warnings else []
        return data

    def _shown(self) -> Shown:
        before, taxes = self.shared("lines", self._lines)
        deposit = self.quote_deposit()
        return Shown(
            self.currency,
            self._items_json() if self.visit else [],
            [kept_json(line) for line in (*before, *taxes)],
            len(taxes),
            self.shared("tax-and-total", self._tax),
            kept_json(deposit) if deposit is not None else None,
            [kept_json(fee) for fee in self.quote_fees()],
            [kept_json(tip) for tip in self.quote_gratuity()],
            self.shared(("audit", self.said()[0]), self._audit),
            self.run.unjudged().elsewhere,
        )

    def _items_json(self) -> list[tuple[int, list[dict[str, Any]], tuple[int, ...], int]]:
        """Each item's place, its lines' JSON (and which have allocations), its subtotal."""
        order, found = self.run.order, []
        for engine, (records, subtotal) in enumerate(self.shared("items", self._items)):
            lines = [kept_json(line) for line in records]
            found.append((order[engine], lines, _allocated(lines), subtotal.minor))
        return sorted(found)

    def _tax(self) -> tuple[int, int]:
        """The tax added, and the total, in minor units."""
        run = self.run
        return self.money(run.added_tax).minor, self.money(run.total).minor

    def booking_json(self) -> dict[str, Any]:
        """The booking of one service, as asked: `Booking.to_dict()`, made without one (and
        without copying what is empty: most bookings give no tags, codes or uses)."""
        visit = self.asked
        items, tags, promos, uses = visit.items, visit.tags, visit.promos, visit.promo_uses
        service: str | None
        duration: int | None
        if items:
            item = items[0]
            service, duration, redeem = item.service, item.duration, item.redeem
            addons = [ident for ident, _ in item.addons] if item.addons else []
        else:
            (service, duration), addons, redeem = visit.buy_for or (None, None), [], None
        return {
            "service": service,
            "duration": duration,
            "addons": addons,
            "at": isoformat(visit.at),
            "tags": sorted(tags) if tags else [],
            "promos": list(promos) if promos else [],
            "location": visit.location,
            "therapist_level": visit.therapist_level,
            "redeem": redeem,
            "buy": visit.buy if visit.gift is None else f"gift:{visit.gift.amount:f}",
            "promo_uses": dict(uses) if uses else {},
        }


class Trail:
    """An audit trail as the quotes of a run whose deposits, fees and tips come out alike
    share it: every entry but those of the rules that can price none of their lines, which
    each quote words by what their conditions say of it (`Explanation.elsewhere`)."""

    __slots__ = ("entries", "slots")

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []
        self.slots: list[tuple[int, int]] = []
        """Where in the trail each of the others goes, and its index in
        `Unjudged.elsewhere`, in order."""


class Shown:
    """What the JSON of every quote of a run whose deposits, fees and tips come out alike
    shows alike, made once as its records keep it: the lines (the taxes last), the tax and
    the total in minor units, the deposit, fees and tips, and the audit trail but the entries
    of rules that can price none of the lines (each quote says why they do not apply). Each
    quote's JSON holds copies of them (and of the allocations and forfeited sessions in
    them), so no quote's data is another's."""

    __slots__ = (
        "allocated",
        "audit",
        "currency",
        "deposit",
        "elsewhere",
        "fees",
        "forfeiting",
        "gratuity",
        "items",
        "lines",
        "minor_units",
        "tax",
        "taxes",
        "total",
    )

    def __init__(
        self,
        currency: str,
        items: list[tuple[int, list[dict[str, Any]], tuple[int, ...], int]],
        lines: list[dict[str, Any]],
        taxes: int,
        tax_and_total: tuple[int, int],
        deposit: dict[str, Any] | None,
        fees: list[dict[str, Any]],
        gratuity: list[dict[str, Any]],
        audit: Trail,
        elsewhere: tuple[CompiledRule, ...],
    ) -> None:
        self.currency, self.minor_units = currency, minor_units(currency)
        self.items = items
        """A visit's items, in their places: each place, its lines' JSON (and which of them
        have allocations), and its subtotal in minor units."""
        self.lines, self.taxes = lines, taxes
        """The lines' JSON, and how many at their end are taxes (a gift certificate bought
        goes before them)."""
        self.allocated = _allocated(lines)
        self.tax, self.total = tax_and_total
        self.deposit, self.fees, self.gratuity = deposit, fees, gratuity
        entries, slots = audit.entries, audit.slots
        first = slots[0][0] if slots else len(entries)
        self.audit = [kept_json(entry) for entry in entries[:first]]
        """The audit trail's JSON up to the first entry of a rule that can price none of the
        lines (`Explanation.elsewhere`)."""
        self.elsewhere: list[tuple[int, CompiledRule, list[dict[str, Any]]]] = []
        """Each of those rules: its index in `Unjudged.elsewhere`, the rule, and the JSON of
        the entries after it up to the next."""
        for number, (at, index) in enumerate(slots):
            start = at - number
            end = slots[number + 1][0] - number - 1 if number + 1 < len(slots) else len(entries)
            after = [kept_json(entry) for entry in entries[start:end]]
            self.elsewhere.append((index, elsewhere[index], after))
        self.forfeiting = tuple(at for at, fee in enumerate(fees) if "forfeits" in fee)


def _allocated(lines: list[dict[str, Any]]) -> tuple[int, ...]:
    """Where in lines' JSON the lines with allocations are."""
    return tuple(at for at, line in enumerate(lines) if "allocations" in line)


def _copies(lines: list[dict[str, Any]], allocated: tuple[int, ...]) -> list[dict[str, Any]]:
    """Copies of lines' JSON (with their own allocations: `allocated` says where)."""
    copied = list(map(dict.copy, lines))
    for at in allocated:
        line = copied[at]
        line["allocations"] = line["allocations"].copy()
    return copied


def _argument_key(argument: Any) -> Hashable:
    """What a reason's argument is made of: a reason in it by its own key."""
    return reason_key(argument) if isinstance(argument, Explained) else argument


def reason_key(reason: Any) -> Hashable:
    """What a reason or detail is made of, to remember its wording by."""
    if reason is None or isinstance(reason, str):
        return reason
    if isinstance(reason, Template):
        return ("template", reason.text, *map(_argument_key, reason.args))
    if isinstance(reason, Explained):
        return ("explained", reason.rule, reason.base, reason.amount, reason.count)
    if isinstance(reason, Taxed):
        return ("taxed", reason.tax, reason.base)
    if isinstance(reason, Bought):
        return ("bought", reason.plan, reason.unit)
    if isinstance(reason, Bundled):
        return ("bundled", reason.rule, reason.applications)
    raise TypeError(f"no wording for {reason!r}")
