"""The base every built-in discount shares: where it acts and what it stacks with."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from typing import TYPE_CHECKING, Literal

import attrs

from servicekit.builtin.rules.phrases import clauses, for_each, unit
from servicekit.errors import Invalid
from servicekit.i18n import _, ngettext
from servicekit.model.catalogue import doc
from servicekit.model.fields import Id
from servicekit.pricing.stages import (
    DiscountRule,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    pass


# A base, never made: each discount rule type below generates its own repr and equality.
@attrs.frozen(kw_only=True, repr=False, eq=False)
class Discount(DiscountRule):
    """What every discount has: where it acts and what it stacks with."""

    scope: Literal["line", "order"] = doc(
        "Discount each matching line, or the subtotal of the matching lines.", default="line"
    )
    exclusive: bool = doc(
        "true: never stacks with another discount (the best one for the client wins).",
        default=True,
    )
    combines_with: tuple[Id, ...] = doc(
        "Ids of non-exclusive rules it stacks with; both rules must name each other.",
        default=(),
    )
    limit: int | None = doc(
        "Applies to at most this many lines of a booking (line scope).", default=None
    )
    unit: Literal["item", "guest", "visit"] | None = unit(
        'Line scope: "item" (default: each line) or "guest" (each guest\'s share of a line, '
        "so an amount is taken off for each guest of a couples service). Order scope: "
        '"visit" (default: the subtotal of the visit\'s lines), "guest" (each guest\'s '
        'subtotal) or "item" (each item\'s).'
    )

    reads_context = False

    @property
    def stage(self) -> Literal["line-discount", "order-discount"]:
        return "order-discount" if self.scope == "order" else "line-discount"

    def scoped(self, targets: str) -> str:
        """What it is taken off, in words."""
        if self.scope == "order":
            if self.unit == "guest":
                return _("each guest's subtotal of %(targets)s", targets=targets)
            if self.unit == "item":
                return _("each item's subtotal of %(targets)s", targets=targets)
            return _("the subtotal of %(targets)s", targets=targets)
        at_most = self.limit and ngettext(
            "on at most %(count)s line", "on at most %(count)s lines", self.limit
        )
        return clauses(
            targets, for_each(self.unit if self.unit == "guest" else None), at_most or ""
        )

    def stacking(self, words: Words) -> str:
        """What it stacks with, in words (empty when it stacks with nothing)."""
        if self.combines_with:
            return _("combines with %(rules)s", rules=words.either(self.combines_with, "and"))
        return "" if self.exclusive else _("combines with other discounts that allow it")

    def __attrs_post_init__(self) -> None:
        if self.exclusive and self.combines_with:
            raise Invalid(
                "an exclusive discount combines with nothing",
                "set `exclusive = false` to let it stack with the rules in `combines_with`",
            )
        if self.limit is not None and self.limit < 1:
            raise Invalid("`limit` must be 1 or more")
        if self.limit is not None and self.scope == "order":
            raise Invalid("`limit` counts discounted lines; an order discount has none")
        if self.scope == "line" and self.unit == "visit":
            raise Invalid(
                'a line discount is taken off each line: its unit is "item" or "guest"',
                hint='for an amount off the visit as a whole, write scope = "order"',
            )
