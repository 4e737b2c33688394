"""`surcharge`: an amount or a percentage added, e.g. at peak times."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from typing import TYPE_CHECKING, Literal

import attrs

from servicekit.builtin.rules.amounts import explain, one_of, share
from servicekit.builtin.rules.phrases import clauses, for_each, unit
from servicekit.i18n import _
from servicekit.model.catalogue import doc
from servicekit.model.fields import Percent
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    PricingContext,
    SurchargeRule,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    from servicekit.pricing.stage_records import LineInfo


@attrs.frozen(kw_only=True)
class Surcharge(SurchargeRule):
    percent: Percent | None = doc("The surcharge in percent of the line.", default=None)
    amount: Money | None = doc("The surcharge as an amount per line.", default=None)
    unit: Literal["item", "guest", "visit"] | None = unit(
        '"item" (default: each line), "guest" (each guest\'s share of a line: an amount '
        'for each guest of a couples service) or "visit" (once, on the subtotal of the '
        "lines it targets: a booking fee)."
    )

    stage = "surcharge"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        one_of(self, "percent", "amount", "a surcharge")

    def surcharge(self, amount: Money, line: "LineInfo | None", context: PricingContext) -> Money:
        return share(self.percent, self.amount, amount, context)

    def summary(self, targets: str, words: Words) -> str:
        each = _("once a visit") if self.unit == "visit" else for_each(self.unit)
        if self.unit == "item":
            each = ""  # a surcharge is on each line unless it says otherwise
        if self.percent is not None:
            added = words.percent(self.percent)
        else:
            assert self.amount is not None
            added = words.money(self.amount)
        return clauses(_("%(amount)s added to %(targets)s", amount=added, targets=targets), each)

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return explain(self.percent, self.amount, base, amount, words)
