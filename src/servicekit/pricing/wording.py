"""Wording a priced booking: the quote's lines, audit trail, deposit, fees and tips.

The engine leaves a trace of small records (`Note`s, by section); this turns them into the
quote's records the first time the quote is read. Rules that could price none of the
booking's lines were not looked at by the engine: here each one's conditions are checked, in
its place in the audit trail, to say why it did not apply. Amounts in words are formatted for
the clinic's locale; a rule type's own wording comes from its `explain` and `detail` methods
(`servicekit.pricing.stages`), checked to be text.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from servicekit.model.money import Money
from servicekit.model.quote import AuditEntry, Charge, Line, Tip
from servicekit.pricing import contract, values
from servicekit.pricing.trace import Beside, Bought, Explained, Note, Taxed, Template

if TYPE_CHECKING:
    from servicekit.pricing.compiled import CompiledRule, CompiledTax
    from servicekit.pricing.engine import Run

HUNDRED = Decimal(100)

SECTIONS_BESIDE = ("deposit", "fee:late-cancellation", "fee:no-show", "gratuity")
NOT_REDEEMED = "not bought or redeemed in this booking"


class Explanation:
    """What a quote needs to explain itself, worded on first use (safely across threads)."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.words = run.pricing.words
        self.currency = run.currency
        self._lock = threading.Lock()

    def money(self, amount: Decimal) -> Money:
        return Money.trusted(amount, self.currency)

    def beside(self) -> Beside:
        with self._lock:
            return self.run.beside()

    def word(self, reason: Any) -> str:
        if isinstance(reason, str):
            return reason
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

    def bought(self, detail: Bought) -> str | None:
        unit = detail.unit
        text = contract.bound(detail.plan.params, "detail")(unit, self.words)
        return None if text is None else values.text(detail.plan, "detail", text)

    def taxed(self, taxed: Taxed) -> str:
        tax, amount = taxed.tax, self.words.amount
        rate = f"{tax.rate.normalize():f}%"
        if tax.inclusive:
            return f"{rate} included in {amount(taxed.base)}"
        return f"{rate} of {amount(taxed.base)}"

    def quote_lines(self) -> tuple[Line, ...]:
        run, money = self.run, self.money
        lines = []
        for work in run.lines:
            detail = work.detail
            if isinstance(detail, Bought):
                worded = self.bought(detail)
            else:
                worded = self.word(detail) if detail is not None else None
            lines.append(
                Line(work.key, work.kind, work.label, money(work.base), work.rule, None, worded)
            )  # type: ignore[arg-type]
            for change in work.adjustments:
                rule = change.rule
                lines.append(
                    Line(
                        f"{change.kind}:{rule.id}@{work.key}",
                        change.kind,  # type: ignore[arg-type]
                        rule.label,
                        money(change.amount),
                        rule.id,
                        work.key,
                        self.explained(rule, change.of, change.amount),
                    )
                )
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
                    self.explained(rule, order.base, order.amount),
                    allocations={line.key: money(-share) for line, share in order.shares},
                )
            )
        for taxed in run.taxed:
            tax = taxed.tax
            lines.append(
                Line(
                    f"tax:{tax.id}",
                    "tax",
                    tax.name,
                    money(Decimal(0) if tax.inclusive else taxed.amount),
                    tax.id,
                    None,
                    self.taxed(taxed),
                    allocations={key: money(value) for key, value in taxed.shares.items()},
                    included=money(taxed.amount) if tax.inclusive else None,
                )
            )
        return tuple(lines)

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
                entries.append(self.fixed(rule, "not-targeted", NOT_REDEEMED))
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
        run = self.run
        could, failures, context = run.layout.considered[section], run.failures, run.context
        for rule in run.pricing.sections[section]:
            if rule in could:
                failure = failures.get(rule)
                if failure is not None:
                    entries.append(self.fixed(rule, failure.outcome, failure.reason))
                continue
            failure = rule.failure(context)
            if failure is None:
                entries.append(self.fixed(rule, "not-targeted", rule.elsewhere))
            else:
                entries.append(self.fixed(rule, failure.outcome, failure.reason))

    def fixed(self, rule: CompiledRule, outcome: Any, reason: str) -> AuditEntry:
        """An entry with no line or amount; the same entry for every quote that has it."""
        key = (rule, outcome, reason)
        remembered = self.run.pricing.entries
        entry = remembered.get(key)
        if entry is None:
            entry = AuditEntry(rule.id, rule.type, rule.stage, outcome, reason)
            if len(remembered) < 65536:
                remembered[key] = entry
        return entry

    def entry(self, note: Note) -> AuditEntry:
        subject: CompiledRule | CompiledTax | None = note.subject
        line, amount = note.line, note.amount
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
        notice = rule.params.notice_hours if kind == "late-cancellation" else None
        detail = self.explained(rule, self.run.total, amount)
        return Charge(kind, self.money(amount), rule.id, rule.label, detail, notice)  # type: ignore[arg-type]

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
        round_ = self.run.round
        return tuple(
            Tip(percent, self.money(round_(basis * percent / HUNDRED)), rule.params.basis)
            for percent in rule.params.percents
        )
