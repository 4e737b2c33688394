"""What a run of the pricing engine records as it prices a booking: small slotted records,
worded only when the quote is read (`servicekit.pricing.wording`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicekit.model.money import Money
    from servicekit.model.quote import LineKind, Outcome
    from servicekit.pricing.compiled import CompiledRule, CompiledTax, LineLayout


class Note:
    """One rule (or tax) considered for one line or the whole booking, and what came of it:
    an entry of the audit trail, not yet worded."""

    __slots__ = ("amount", "line", "outcome", "raw", "reason", "subject")

    def __init__(
        self,
        subject: CompiledRule | CompiledTax | None,
        outcome: Outcome,
        reason: Any,
        line: Line | None = None,
        amount: Decimal | None = None,
        raw: Decimal | None = None,
    ) -> None:
        self.subject, self.outcome, self.reason = subject, outcome, reason
        self.line, self.amount, self.raw = line, amount, raw
        """The rounded effect (negative for discounts) and the exact one."""


class Template:
    """A reason worded when read: `text` with `args` filled in, amounts as money."""

    __slots__ = ("args", "text")

    def __init__(self, text: str, *args: Any) -> None:
        self.text, self.args = text, args


class Explained:
    """A rule's amount, worded by the rule type's `explain`: "10% of $160.00"."""

    __slots__ = ("amount", "base", "rule")

    def __init__(self, rule: CompiledRule, base: Decimal, amount: Decimal) -> None:
        self.rule, self.base, self.amount = rule, base, amount


class Bought:
    """What a plan bought holds, worded by its `detail`: "5 × $105.00 less 15%"."""

    __slots__ = ("plan", "unit")

    def __init__(self, plan: CompiledRule, unit: Money | None) -> None:
        self.plan, self.unit = plan, unit


class Taxed:
    """A tax charged: its rate, the amount it is taken on, and its share of each line."""

    __slots__ = ("amount", "base", "shares", "tax")

    def __init__(
        self, tax: CompiledTax, amount: Decimal, base: Decimal, shares: dict[str, Decimal]
    ) -> None:
        self.tax, self.amount, self.base, self.shares = tax, amount, base, shares


class Adjustment:
    """What a rule did to a line: a surcharge, discount or price ending of `amount`, taken
    of `of`."""

    __slots__ = ("amount", "kind", "of", "rule")

    def __init__(self, kind: LineKind, rule: CompiledRule, amount: Decimal, of: Decimal) -> None:
        self.kind, self.rule, self.amount, self.of = kind, rule, amount, of


class OrderDiscount:
    """An order discount applied: its amount, the subtotal it was taken of, and its shares."""

    __slots__ = ("amount", "base", "rule", "shares")

    def __init__(
        self,
        rule: CompiledRule,
        amount: Decimal,
        base: Decimal,
        shares: list[tuple[Line, Decimal]],
    ) -> None:
        self.rule, self.amount, self.base, self.shares = rule, amount, base, shares


class Line:
    """A line while it is priced: its own price, what adjusts it, and its running net."""

    __slots__ = (
        "adjustments",
        "base",
        "covered",
        "detail",
        "key",
        "kind",
        "label",
        "layout",
        "net",
        "rule",
    )

    def __init__(self, layout: LineLayout, kind: LineKind, label: str, price: Decimal) -> None:
        self.layout, self.key, self.kind, self.label = layout, layout.key, kind, label
        self.base = self.net = price
        self.rule: str | None = None
        self.detail: Any = None
        self.covered = False
        self.adjustments: list[Adjustment] = []

    def set_base(self, amount: Decimal) -> None:
        self.net += amount - self.base
        self.base = amount


class Beside:
    """What is worked out beside the total when first read: deposit, fees and tips."""

    __slots__ = ("deposit", "fees", "notes", "tips")

    def __init__(self) -> None:
        self.deposit: tuple[CompiledRule, Decimal] | None = None
        self.fees: list[tuple[str, tuple[CompiledRule, Decimal] | None]] = []
        self.tips: tuple[CompiledRule, Decimal] | None = None
        self.notes: dict[str, list[Note]] = {}
