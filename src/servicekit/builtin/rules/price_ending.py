"""`price-ending`: prices rounded to a grid or to endings such as .95."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import attrs

from servicekit.builtin.rules.phrases import clauses
from servicekit.errors import Invalid
from servicekit.i18n import _
from servicekit.model.catalogue import doc
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    PriceEndingRule,
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    from servicekit.pricing.stage_records import LineInfo


@attrs.frozen(kw_only=True)
class PriceEnding(PriceEndingRule):
    grid: Money = doc('Round to multiples of this, e.g. "1.00" or "5.00".')
    ending: Money | None = doc(
        'The price ends this far above a multiple of the grid, e.g. "0.95" for .95 endings.',
        default=None,
    )
    direction: Literal["nearest", "up", "down"] = doc(
        "Which way to move the price.", default="nearest"
    )
    max_change: Money | None = doc(
        "Leave the price as it is when ending it would change it by more than this.",
        default=None,
    )

    stage = "price-ending"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        if not self.grid:
            raise Invalid("`grid` must be more than 0")
        if self.ending is not None and self.ending >= self.grid:
            raise Invalid("`ending` must be less than `grid`")

    def end(self, amount: Money, line: "LineInfo", context: PricingContext) -> Money:
        price = amount.amount
        grid, offset = self.grid.amount, self.ending.amount if self.ending else Decimal(0)
        below = ((price - offset) // grid) * grid + offset
        if below > price:
            below -= grid
        above = below if below == price else below + grid
        if self.direction == "down":
            ended = below
        elif self.direction == "up":
            ended = above
        else:
            ended = below if price - below < above - price else above
        return Money.trusted(ended, amount.currency)

    def summary(self, targets: str, words: Words) -> str:
        grid = words.money(self.grid)
        multiples = (
            _("multiples of %(grid)s", grid=grid)
            if self.ending is None
            else _(
                "multiples of %(grid)s plus %(ending)s",
                grid=grid,
                ending=words.money(self.ending),
            )
        )
        if self.direction == "up":
            text = _(
                "prices of %(targets)s rounded up to %(multiples)s",
                targets=targets,
                multiples=multiples,
            )
        elif self.direction == "down":
            text = _(
                "prices of %(targets)s rounded down to %(multiples)s",
                targets=targets,
                multiples=multiples,
            )
        else:
            text = _(
                "prices of %(targets)s rounded to %(multiples)s",
                targets=targets,
                multiples=multiples,
            )
        changing = self.max_change and _(
            "changing them by at most %(amount)s", amount=words.money(self.max_change)
        )
        return clauses(text, changing or "")
