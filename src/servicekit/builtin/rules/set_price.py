"""`set-price`: a price list, for members, a location or a therapist level."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from servicekit.builtin.rules.phrases import length_said
from servicekit.errors import Invalid
from servicekit.i18n import _
from servicekit.model.catalogue import doc
from servicekit.model.fields import DurationKey
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    BasePriceRule,
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    from servicekit.pricing.stage_records import LineInfo


@attrs.frozen(kw_only=True)
class SetPrice(BasePriceRule):
    price: Money | None = doc("The price of every matching variation or add-on.", default=None)
    prices: Mapping[DurationKey, Money] = doc(
        'Prices by duration in minutes, e.g. { 60 = "85.00", 90 = "120.00" }.', factory=dict
    )

    stage = "base"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        if self.price is None and not self.prices:
            raise Invalid("a set-price rule needs `price` or `prices`")

    @property  # the protocol's class attribute, worked out from the keys given
    def acts_on(self) -> tuple[Literal["service", "addon"], ...]:  # type: ignore[override]
        """Prices by length are sessions' prices; only `price` prices add-ons."""
        return ("service",) if self.price is None else ("service", "addon")

    def named_lengths(self) -> Mapping[str, Iterable[int]]:
        return {"prices": tuple(self.prices)}

    def price_for(self, line: "LineInfo", context: PricingContext) -> Money | None:
        price = self.prices.get(line.duration) if line.duration is not None else None
        return self.price if price is None else price  # a listed 0.00 is a price, not "none"

    def summary(self, targets: str, words: Words) -> str:
        prices = [
            _("%(price)s for %(length)s", price=words.money(price), length=length_said(minutes))
            for minutes, price in self.prices.items()
        ]
        if self.price is not None:
            own = words.money(self.price)
            prices.append(_("%(price)s otherwise", price=own) if prices else own)
        return _("%(targets)s at %(prices)s", targets=targets, prices=", ".join(prices))
