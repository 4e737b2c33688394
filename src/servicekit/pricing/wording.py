"""Wording a priced booking: the quote's lines, audit trail, deposit, fees and tips.

The engine leaves a trace of plain tuples; this turns it into records the first time the quote
is read. Amounts in words are formatted for the clinic's locale, like the lines themselves.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from servicekit.formatting import format_money
from servicekit.model.money import Money
from servicekit.pricing.compiled import CompiledTax, PricingRule
from servicekit.pricing.quote import AuditEntry, Charge, Line, Tip

if TYPE_CHECKING:
    from servicekit.pricing.engine import Reason, _Run

HUNDRED = Decimal(100)


class Explanation:
    """What a quote needs to explain itself, worded on first use (safely across threads)."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.currency = run.pricing.currency
        self.locale = run.catalogue.clinic.locale
        self._lock = threading.Lock()
        self._beside: tuple[Any, ...] | None = None

    def money(self, amount: Decimal) -> Money:
        return Money.trusted(amount, self.currency)

    def text(self, amount: Decimal) -> str:
        return format_money(self.money(self.run.round(amount)), self.locale)

    def beside(self) -> tuple[Any, ...]:
        with self._lock:
            if self._beside is None:
                self._beside = self.run.beside()
            return self._beside

    def word(self, reason: Reason) -> str:
        if isinstance(reason, str):
            return reason
        head, *args = reason
        if isinstance(head, PricingRule) and head.stage == "plan":
            unit = args[0]
            return head.params.describe(self.text(unit) if unit is not None else None)
        if isinstance(head, PricingRule):
            return self.describe(head, *args)
        if isinstance(head, CompiledTax):
            return self.describe_tax(head)
        return head.format(*(self.argument(arg) for arg in args))

    def argument(self, value: Any) -> Any:
        return self.text(value) if isinstance(value, Decimal) else value

    def describe(self, rule: PricingRule, base: Decimal, amount: Decimal) -> str:
        """How an amount came about: "10% of $160.00", noting a maximum that applied."""
        percent = getattr(rule.params, "percent", None)
        if percent is not None:
            text = f"{percent.normalize():f}% of {self.text(base)}"
            if abs(amount) < self.run.round(base * percent / HUNDRED):
                text += f", at most {self.text(abs(amount))}"
            return text
        nominal = getattr(rule.params, "amount", None)
        if nominal is not None and abs(amount) < nominal.amount:
            return f"{self.text(nominal.amount)}, at most {self.text(abs(amount))}"
        return self.text(abs(amount))

    def describe_tax(self, tax: CompiledTax) -> str:
        _, _, base, _ = next(item for item in self.run.taxed if item[0] is tax)
        rate = f"{tax.rate.normalize():f}%"
        if tax.inclusive:
            return f"{rate} included in {self.text(base)}"
        return f"{rate} of {self.text(base)}"

    def quote_lines(self) -> tuple[Line, ...]:
        lines = []
        for work in self.run.lines:
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
        for rule, amount, base, shares in self.run.orders:
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
        for tax, amount, _, shares in self.run.taxed:
            lines.append(
                Line(
                    f"tax:{tax.id}",
                    "tax",
                    tax.name,
                    self.money(Decimal(0) if tax.inclusive else amount),
                    tax.id,
                    None,
                    self.describe_tax(tax),
                    allocations={key: self.money(value) for key, value in shares.items()},
                    included=self.money(amount) if tax.inclusive else None,
                )
            )
        return tuple(lines)

    def quote_audit(self) -> tuple[AuditEntry, ...]:
        trace = [*self.run.trace, *self.beside()[3]]
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
            for rule, outcome, reason, line, amount, raw in trace
        )

    def charge(self, kind: str, found: tuple[PricingRule, Decimal] | None) -> Charge | None:
        if found is None:
            return None
        rule, amount = found
        notice = rule.params.notice_hours if kind == "late-cancellation" else None
        detail = self.describe(rule, self.run.total, amount)
        return Charge(kind, self.money(amount), rule.id, rule.label, detail, notice)

    def quote_deposit(self) -> Charge | None:
        return self.charge("deposit", self.beside()[0])

    def quote_fees(self) -> tuple[Charge, ...]:
        charges = (self.charge(kind, found) for kind, found in self.beside()[1])
        return tuple(charge for charge in charges if charge is not None)

    def quote_gratuity(self) -> tuple[Tip, ...]:
        found = self.beside()[2]
        if found is None:
            return ()
        rule, basis = found
        return tuple(
            Tip(percent, self.money(self.run.round(basis * percent / HUNDRED)), rule.params.basis)
            for percent in rule.params.percents
        )
