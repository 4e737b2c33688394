"""`cancellation-fee`: a late-cancellation or no-show fee."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from typing import TYPE_CHECKING, Literal

import attrs

from servicekit.builtin.rules.amounts import explain, one_of, share
from servicekit.builtin.rules.phrases import clauses, for_each, unit
from servicekit.errors import Invalid
from servicekit.i18n import _, ngettext, then
from servicekit.model.catalogue import doc
from servicekit.model.fields import Percent
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    FeeRule,
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    pass


@attrs.frozen(kw_only=True)
class CancellationFee(FeeRule):
    kind: Literal["late-cancellation", "no-show"] = doc(
        "A fee for cancelling late, or for not coming at all.", default="late-cancellation"
    )
    notice_hours: int = doc(
        "Cancelling with less notice than this is late (late-cancellation only).", default=24
    )
    percent: Percent | None = doc("The fee in percent of the total.", default=None)
    amount: Money | None = doc("The fee as an amount.", default=None)
    plan_sessions: Literal["forfeit", "fee", "waive"] = doc(
        'A session paid with a package or membership: "forfeit" (it is used up, and the fee '
        'is taken on what else the client pays), "fee" (charged like a paid session: a '
        'percentage of its list price, a fixed amount whatever was paid that day) or "waive" '
        "(left alone, and the fee is taken on what else the client pays).",
        default="forfeit",
    )
    unit: Literal["visit", "guest", "item"] | None = unit(
        '"visit" (default: one fee), "guest" (one for each guest) or "item" (one for each item).'
    )

    stage = "fee"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        one_of(self, "percent", "amount", "a cancellation fee")
        if self.notice_hours < 0:
            raise Invalid("`notice_hours` cannot be negative")

    def fee(self, total: Money, context: PricingContext) -> Money:
        return share(self.percent, self.amount, total, context)

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return explain(self.percent, self.amount, base, amount, words)

    def summary(self, targets: str, words: Words) -> str:
        if self.percent:
            fee = _("%(percent)s of the total", percent=words.percent(self.percent))
        else:
            assert self.amount is not None
            fee = words.money(self.amount)
        fee = " ".join(filter(None, (fee, for_each(self.unit))))
        if self.kind == "no-show":
            text = _("not coming costs %(fee)s", fee=fee)
        else:
            text = ngettext(
                "cancelling with less than %(count)s hour's notice costs %(fee)s",
                "cancelling with less than %(count)s hours' notice costs %(fee)s",
                self.notice_hours,
                fee=fee,
            )
        if self.plan_sessions == "fee":
            return clauses(text, _("sessions paid with a plan too"))
        if self.plan_sessions == "waive":
            return then((text, _("sessions paid with a plan are not charged")))
        return text
