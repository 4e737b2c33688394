"""What a run of the pricing engine records as it prices a visit: small slotted records,
worded only when the quote is read (`servicekit.pricing.wording`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicekit.model.money import Money
    from servicekit.model.quote import LineKind, Outcome
    from servicekit.pricing.compiled import CompiledRule, CompiledTax
    from servicekit.pricing.layouts import LineLayout


class Note:
    """One rule (or tax) considered for one line, one item, one guest or the whole visit,
    and what came of it: an entry of the audit trail, not yet worded."""

    __slots__ = ("amount", "guest", "item", "line", "outcome", "raw", "reason", "subject")

    def __init__(
        self,
        subject: CompiledRule | CompiledTax | None,
        outcome: Outcome,
        reason: Any,
        line: Line | None = None,
        amount: Decimal | None = None,
        raw: Decimal | None = None,
        item: int | None = None,
        guest: str | None = None,
    ) -> None:
        self.subject, self.outcome, self.reason = subject, outcome, reason
        self.line, self.amount, self.raw = line, amount, raw
        """The rounded effect (negative for discounts) and the exact one."""
        self.item, self.guest = item, guest
        """The item (as engine index) or guest it was considered for, apart from the rest."""


class Template:
    """A reason worded when read: `text` with `args` filled in, amounts as money."""

    __slots__ = ("args", "text")

    def __init__(self, text: str, *args: Any) -> None:
        self.text, self.args = text, args


class Explained:
    """A rule's amount, worded by the rule type's `explain`: "10% of $160.00", and how many
    guests, items or applications it was taken for when more than one."""

    __slots__ = ("amount", "base", "count", "rule")

    def __init__(
        self,
        rule: CompiledRule,
        base: Decimal,
        amount: Decimal,
        count: tuple[str, tuple[tuple[Decimal, Decimal], ...]] | None = None,
    ) -> None:
        self.rule, self.base, self.amount, self.count = rule, base, amount, count
        """When it was taken on several shares: of what ("guests", "items"), and each share's
        base and amount."""


class Bundled:
    """A bundle applied: each application's items (their places in the visit), the amount
    it was taken of and what it took off."""

    __slots__ = ("applications", "rule")

    def __init__(
        self,
        rule: CompiledRule,
        applications: tuple[tuple[tuple[str, ...], Decimal, Decimal], ...],
    ) -> None:
        self.rule, self.applications = rule, applications


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
    of `of`, and how to explain it."""

    __slots__ = ("amount", "kind", "of", "reason", "rule")

    def __init__(
        self,
        kind: LineKind,
        rule: CompiledRule,
        amount: Decimal,
        of: Decimal,
        reason: Any = None,
    ) -> None:
        self.kind, self.rule, self.amount, self.of = kind, rule, amount, of
        self.reason = reason
        """How it came about, when the rule's `explain` of (of, amount) does not say it."""


class OrderDiscount:
    """An adjustment of the visit's, shared out over lines: an order discount, a bundle or a
    surcharge once a visit. Its amount, the subtotal it was taken of, its shares."""

    __slots__ = ("amount", "base", "kind", "reason", "rule", "shares")

    def __init__(
        self,
        rule: CompiledRule,
        amount: Decimal,
        base: Decimal,
        shares: list[tuple[Line, Decimal]],
        kind: LineKind = "discount",
        reason: Any = None,
    ) -> None:
        self.rule, self.amount, self.base, self.shares = rule, amount, base, shares
        self.kind, self.reason = kind, reason


class Line:
    """A line while it is priced: its own price, what adjusts it, and its running net."""

    __slots__ = (
        "adjustments",
        "base",
        "covered",
        "detail",
        "fee",
        "guests",
        "item",
        "key",
        "kind",
        "label",
        "layout",
        "listed",
        "local",
        "net",
        "price_rule",
        "rule",
        "surcharged",
        "value",
    )

    def __init__(
        self,
        layout: LineLayout,
        kind: LineKind,
        label: str,
        price: Decimal,
        item: int = 0,
        key: str | None = None,
    ) -> None:
        self.layout, self.local, self.kind, self.label = layout, layout.key, kind, label
        self.key = layout.key if key is None else key
        """Its id in the quote: "service", or in a visit of several items "2/service"."""
        self.item, self.guests = item, layout.guests
        self.base = self.net = price
        self.rule: str | None = None
        self.detail: Any = None
        self.covered = False
        self.value: Decimal | None = None
        """A session paid with a plan: its list price."""
        self.price_rule: CompiledRule | None = None
        """The base-price rule that set its price, if one did."""
        self.listed: Decimal | None = None
        """Its list price, when a price for some clients (a member's, a promotion's) took its
        place: what the service is worth, for tips."""
        self.surcharged = Decimal(0)
        """What surcharges on the line itself added to it."""
        self.fee = Decimal(0)
        """Its share of surcharges once a visit (a booking fee): charged, and taxed as the
        line is, but apart from its net, so no discount takes it off and no tip is on it."""
        self.adjustments: list[Adjustment] = []

    def set_base(self, amount: Decimal) -> None:
        self.net += amount - self.base
        self.base = amount


class Beside:
    """What is worked out beside the total when first read: deposit, fees and tips."""

    __slots__ = ("deposit", "fees", "notes", "tips")

    def __init__(self) -> None:
        self.deposit: tuple[CompiledRule, Decimal, Decimal, tuple[Any, ...], Any] | None = None
        """The rule asking for it, the amount, what it is a share of, the plan sessions it
        forfeits, and how it came about (a reason to word)."""
        self.fees: list[
            tuple[str, tuple[CompiledRule, Decimal, Decimal, tuple[Any, ...], Any] | None]
        ] = []
        self.tips: tuple[CompiledRule, Decimal] | None = None
        self.notes: dict[str, list[Note]] = {}
