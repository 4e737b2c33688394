"""Wording a priced booking: the quote's lines, audit trail, deposit, fees and tips.

The engine leaves a trace of small records (`Note`s, by section); this turns them into the
quote's records the first time the quote is read. Rules that could price none of the
booking's lines were not looked at by the engine: here each one's conditions are checked, in
its place in the audit trail, to say why it did not apply. Amounts in words are formatted for
the clinic's locale; a rule type's own wording comes from its `explain` and `detail` methods
(`servicekit.pricing.stages`), checked to be text.

A day of quotes says the same things over and over: the same rules failing the same
conditions, the same prices ending the same way. So every record made here (and every
rule's wording) is remembered by what it is made of, per catalogue and up to a bound, and a
quote that needs the same one is handed the same frozen record.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from servicekit.model.money import Money
from servicekit.model.quote import AuditEntry, Charge, Line, Tip
from servicekit.pricing import contract, values
from servicekit.pricing.conditions import Failure
from servicekit.pricing.trace import Adjustment, Beside, Bought, Explained, Note, Taxed, Template
from servicekit.pricing.trace import Line as WorkLine

if TYPE_CHECKING:
    from servicekit.pricing.compiled import CompiledRule
    from servicekit.pricing.engine import Run

HUNDRED = Decimal(100)
MAX_REMEMBERED = 16384
"""Records remembered per catalogue; beyond them, each quote makes its own."""

SECTIONS_BESIDE = ("deposit", "fee:late-cancellation", "fee:no-show", "gratuity")
NOT_REDEEMED = Failure("not-targeted", "not bought or redeemed in this booking")

Made = TypeVar("Made")


class Explanation:
    """What a quote needs to explain itself, worded on first use (safely across threads)."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.words = run.pricing.words
        self.currency = run.currency
        self.remembered = run.pricing.remembered
        self._lock = threading.Lock()

    def money(self, amount: Decimal) -> Money:
        return Money.trusted(amount, self.currency)

    def remember(self, key: Hashable, make: Callable[..., Made], *arguments: Any) -> Made:
        """The record made of `key`: remembered, or made now by `make(*arguments)`."""
        found = self.remembered.get(key)
        if found is None:
            found = make(*arguments)
            if len(self.remembered) < MAX_REMEMBERED:
                self.remembered[key] = found
        return found

    def beside(self) -> Beside:
        with self._lock:
            return self.run.beside()

    # -- reasons and details in words ------------------------------------------------------

    def word(self, reason: Any) -> str:
        if isinstance(reason, str):
            return reason
        return self.remember(_key(reason), self._word, reason)

    def _word(self, reason: Any) -> str:
        if isinstance(reason, Template):
            amount = self.words.amount
            return reason.text.format(
                *(amount(arg) if isinstance(arg, Decimal) else arg for arg in reason.args)
            )
        if isinstance(reason, Explained):
            return self.explained(reason.rule, reason.base, reason.amount)
        if isinstance(reason, Taxed):
            return self.taxed(reason)
        raise TypeError(f"no wording for {reason!r}")

    def explained(self, rule: CompiledRule, base: Decimal, amount: Decimal) -> str:
        """How an amount came about, in the rule type's words: "10% of $160.00"."""
        text = rule.explain(self.money(base), self.money(amount), self.words)
        return values.text(rule, "explain", text)

    def detail(self, detail: Any) -> str | None:
        """A line's detail: how its price came about, or what a plan bought holds."""
        if detail is None:
            return None
        return self.bought(detail) if isinstance(detail, Bought) else self.word(detail)

    def bought(self, detail: Bought) -> str | None:
        text = contract.bound(detail.plan.params, "detail")(detail.unit, self.words)
        return None if text is None else values.text(detail.plan, "detail", text)

    def taxed(self, taxed: Taxed) -> str:
        tax, amount = taxed.tax, self.words.amount
        rate = f"{tax.rate.normalize():f}%"
        if tax.inclusive:
            return f"{rate} included in {amount(taxed.base)}"
        return f"{rate} of {amount(taxed.base)}"

    # -- the quote's records ---------------------------------------------------------------

    def quote_lines(self) -> tuple[Line, ...]:
        run, money, remember = self.run, self.money, self.remember
        lines = []
        for work in run.lines:
            detail = _key(work.detail)
            key: tuple[Hashable, ...] = (
                "line",
                work.key,
                work.label,
                work.base,
                work.rule,
                detail,
            )
            lines.append(remember(key, self._line, work))
            for change in work.adjustments:
                key = ("adjustment", change.kind, change.rule, work.key, change.amount, change.of)
                lines.append(remember(key, self._adjustment, work, change))
        for order in run.orders:
            rule = order.rule
            lines.append(
                Line(
                    f"discount:{rule.id}",
                    "discount",
                    rule.label,
                    money(order.amount),
                    rule.id,
                    None,
                    self.word(Explained(rule, order.base, order.amount)),
                    allocations={line.key: money(-share) for line, share in order.shares},
                )
            )
        for taxed in run.taxed:
            key = ("tax", taxed.tax, taxed.amount, taxed.base, *taxed.shares.items())
            lines.append(remember(key, self._tax_line, taxed))
        return tuple(lines)

    def _line(self, work: WorkLine) -> Line:
        detail = self.detail(work.detail)
        return Line(
            work.key, work.kind, work.label, self.money(work.base), work.rule, None, detail
        )

    def _adjustment(self, work: WorkLine, change: Adjustment) -> Line:
        rule = change.rule
        return Line(
            f"{change.kind}:{rule.id}@{work.key}",
            change.kind,
            rule.label,
            self.money(change.amount),
            rule.id,
            work.key,
            self.explained(rule, change.of, change.amount),
        )

    def _tax_line(self, taxed: Taxed) -> Line:
        tax, money = taxed.tax, self.money
        return Line(
            f"tax:{tax.id}",
            "tax",
            tax.name,
            money(Decimal(0) if tax.inclusive else taxed.amount),
            tax.id,
            None,
            self.word(taxed),
            allocations={key: money(value) for key, value in taxed.shares.items()},
            included=money(taxed.amount) if tax.inclusive else None,
        )

    def quote_audit(self) -> tuple[AuditEntry, ...]:
        run = self.run
        beside = self.beside()
        entries: list[AuditEntry] = []
        if run.booking.buy is not None:
            for section in ("buy", "tax"):
                entries += map(self.entry, run.notes.get(section, ()))
            return tuple(entries)
        for rule in run.pricing.sections["plan"]:
            if rule.id == run.booking.redeem:
                entries += map(self.entry, run.notes.get("plan", ()))
            else:
                entries.append(self.failed(rule, NOT_REDEEMED))
        for section in ("base", "surcharge", "line-discount", "order-discount", "price-ending"):
            self.considered(section, entries)
            entries += map(self.entry, run.notes.get(section, ()))
        entries += map(self.entry, run.notes.get("tax", ()))
        for section in SECTIONS_BESIDE:
            self.considered(section, entries)
            entries += map(self.entry, beside.notes.get(section, ()))
        entries += map(self.entry, beside.notes.get("promo", ()))
        return tuple(entries)

    def considered(self, section: str, entries: list[AuditEntry]) -> None:
        """Why each rule of a section did not apply for its conditions or its targets: those
        that could price the booking were checked by the engine, the others are now."""
        run, remembered = self.run, self.remembered
        could, failures, context = run.layout.considered[section], run.failures, run.context
        for rule in run.pricing.sections[section]:
            if rule in could:
                failure = failures.get(rule)
                if failure is None:
                    continue
            else:
                failure = rule.failure(context) or rule.elsewhere
            entry = remembered.get((rule, failure))
            entries.append(self.failed(rule, failure) if entry is None else entry)

    def failed(self, rule: CompiledRule, failure: Failure) -> AuditEntry:
        """The entry of a rule that did not apply for the whole booking, and why."""
        return self.remember((rule, failure), _failed, rule, failure)

    def entry(self, note: Note) -> AuditEntry:
        line = note.line
        where = line.key if line is not None else None
        key = (
            "entry",
            note.subject,
            note.outcome,
            _key(note.reason),
            where,
            note.amount,
            note.raw,
        )
        return self.remember(key, self._entry, note)

    def _entry(self, note: Note) -> AuditEntry:
        subject, line, amount = note.subject, note.line, note.amount
        return AuditEntry(
            rule=subject.id if subject is not None else None,
            type=subject.type if subject is not None else None,
            stage=subject.stage if subject is not None else "promo",
            outcome=note.outcome,
            reason=self.word(note.reason),
            line=line.key if line is not None else None,
            amount=self.money(amount) if amount is not None else None,
            unrounded=note.raw,
        )

    def charge(self, kind: str, found: tuple[CompiledRule, Decimal] | None) -> Charge | None:
        if found is None:
            return None
        rule, amount = found
        return self.remember(
            ("charge", kind, rule, amount, self.run.total), self._charge, kind, rule, amount
        )

    def _charge(self, kind: Any, rule: CompiledRule, amount: Decimal) -> Charge:
        total = self.run.total
        notice = rule.params.notice_hours if kind == "late-cancellation" else None
        detail = self.word(Explained(rule, total, amount))
        return Charge(kind, self.money(amount), rule.id, rule.label, detail, notice)

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


def _failed(rule: CompiledRule, failure: Failure) -> AuditEntry:
    return AuditEntry(rule.id, rule.type, rule.stage, failure.outcome, failure.reason)


def _key(reason: Any) -> Hashable:
    """What a reason or detail is made of, to remember its wording by."""
    if reason is None or isinstance(reason, str):
        return reason
    if isinstance(reason, Template):
        return ("template", reason.text, *reason.args)
    if isinstance(reason, Explained):
        return ("explained", reason.rule, reason.base, reason.amount)
    if isinstance(reason, Taxed):
        return ("taxed", reason.tax, reason.base)
    if isinstance(reason, Bought):
        return ("bought", reason.plan, reason.unit)
    raise TypeError(f"no wording for {reason!r}")
