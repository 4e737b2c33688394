"""`gratuity`: suggested tips, shown but never added to the total."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from typing import TYPE_CHECKING, Literal

import attrs

from servicekit.errors import Invalid
from servicekit.i18n import _
from servicekit.model.catalogue import doc
from servicekit.model.fields import Percent
from servicekit.pricing.stages import (
    GratuityRule,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    pass


@attrs.frozen(kw_only=True)
class Gratuity(GratuityRule):
    percents: tuple[Percent, ...] = doc("The suggested tips in percent, e.g. [15, 18, 20].")
    basis: Literal["pre-tax", "post-tax"] = doc(
        "Suggest tips on the amount before tax, or on the total.", default="pre-tax"
    )
    on: Literal["list", "paid"] = doc(
        'Tips on what the services are worth ("list": before discounts, a session paid '
        'with a plan at its list price) or on what the client pays ("paid").',
        default="list",
    )

    stage = "gratuity"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        if not self.percents:
            raise Invalid("give at least one suggestion in `percents`")

    def summary(self, targets: str, words: Words) -> str:
        suggested = words.either([words.percent(value) for value in self.percents])
        before = self.basis == "pre-tax"
        if self.on == "paid":
            if before:
                return _("suggested tips of %(tips)s of the total before tax", tips=suggested)
            return _("suggested tips of %(tips)s of the total with tax", tips=suggested)
        if before:
            return _(
                "suggested tips of %(tips)s of the services' value before tax", tips=suggested
            )
        return _("suggested tips of %(tips)s of the services' value with tax", tips=suggested)
