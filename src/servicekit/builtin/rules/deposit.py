"""`deposit`: a deposit due when booking, an amount or a percentage."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from typing import TYPE_CHECKING, Literal

import attrs

from servicekit.builtin.rules.amounts import explain, one_of, share
from servicekit.builtin.rules.phrases import for_each, unit
from servicekit.i18n import _
from servicekit.model.catalogue import doc
from servicekit.model.fields import Percent
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    DepositRule,
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    pass


@attrs.frozen(kw_only=True)
class Deposit(DepositRule):
    percent: Percent | None = doc(
        "The deposit in percent of what it applies to, with its tax.", default=None
    )
    amount: Money | None = doc("The deposit as an amount.", default=None)
    unit: Literal["visit", "guest", "item"] | None = unit(
        '"visit" (default: one deposit), "guest" (one for each guest) or "item" (one for '
        "each item)."
    )

    stage = "deposit"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        one_of(self, "percent", "amount", "a deposit")

    def deposit(self, total: Money, context: PricingContext) -> Money:
        return share(self.percent, self.amount, total, context)

    def summary(self, targets: str, words: Words) -> str:
        if self.percent is None:
            assert self.amount is not None
            text = _("a deposit of %(amount)s", amount=words.money(self.amount))
        elif targets == words.targets(("services", "addons")):
            text = _("a deposit of %(percent)s of the total", percent=words.percent(self.percent))
        else:
            text = _(
                "a deposit of %(percent)s of %(targets)s",
                percent=words.percent(self.percent),
                targets=targets,
            )
        return " ".join(filter(None, (text, for_each(self.unit))))

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return explain(self.percent, self.amount, base, amount, words)
