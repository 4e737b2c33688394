"""`percent-off`: a percentage off matching lines or the subtotal."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from typing import TYPE_CHECKING

import attrs

from servicekit.builtin.rules.amounts import HUNDRED, explain
from servicekit.builtin.rules.discount import Discount
from servicekit.builtin.rules.phrases import clauses
from servicekit.i18n import _
from servicekit.model.catalogue import doc
from servicekit.model.fields import Percent
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    from servicekit.pricing.stage_records import LineInfo, SquareDiscount


@attrs.frozen(kw_only=True)
class PercentOff(Discount):
    percent: Percent = doc("The discount in percent.")
    max_amount: Money | None = doc("The most it takes off one line, or the order.", default=None)

    percentage = True

    def discount(self, amount: Money, line: "LineInfo | None", context: PricingContext) -> Money:
        off = amount.amount * self.percent / HUNDRED
        return context.money(min(off, self.max_amount.amount) if self.max_amount else off)

    def summary(self, targets: str, words: Words) -> str:
        at_most = self.max_amount and _("at most %(amount)s", amount=words.money(self.max_amount))
        return clauses(
            _(
                "%(percent)s off %(targets)s",
                percent=words.percent(self.percent),
                targets=self.scoped(targets),
            ),
            at_most or "",
            self.stacking(words),
        )

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return explain(self.percent, None, base, amount, words)

    def square_discount(self) -> "SquareDiscount":
        from servicekit.pricing.stage_records import SquareDiscount  # an export's, not check's

        return SquareDiscount(percentage=self.percent, maximum=self.max_amount)
