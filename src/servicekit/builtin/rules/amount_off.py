"""`amount-off`: a fixed amount off matching lines or the subtotal."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from typing import TYPE_CHECKING

import attrs

from servicekit.builtin.rules.amounts import explain
from servicekit.builtin.rules.discount import Discount
from servicekit.builtin.rules.phrases import clauses
from servicekit.i18n import _
from servicekit.model.catalogue import doc
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    from servicekit.pricing.stage_records import LineInfo, SquareDiscount


@attrs.frozen(kw_only=True)
class AmountOff(Discount):
    amount: Money = doc("The amount taken off.")

    percentage = False

    def discount(self, amount: Money, line: "LineInfo | None", context: PricingContext) -> Money:
        return self.amount

    def summary(self, targets: str, words: Words) -> str:
        return clauses(
            _(
                "%(amount)s off %(targets)s",
                amount=words.money(self.amount),
                targets=self.scoped(targets),
            ),
            self.stacking(words),
        )

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return explain(None, self.amount, base, amount, words)

    def square_discount(self) -> "SquareDiscount":
        from servicekit.pricing.stage_records import SquareDiscount  # an export's, not check's

        return SquareDiscount(amount=self.amount)
