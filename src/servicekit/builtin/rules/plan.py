"""The base packages and memberships share: which sessions they pay for."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import attrs

from servicekit.builtin.rules.phrases import length_said
from servicekit.i18n import _
from servicekit.model.catalogue import doc
from servicekit.model.fields import DurationKey, Minutes
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    PlanRule,
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    from servicekit.pricing.stage_records import LineInfo


# A base, never made: each plan rule type below generates its own repr and equality.
@attrs.frozen(kw_only=True, repr=False, eq=False)
class Plan(PlanRule):
    """What packages and memberships share: which sessions they pay for."""

    durations: tuple[Minutes, ...] = doc(
        "Session lengths it pays for; empty means any length of the services it applies to.",
        default=(),
    )
    shareable: bool = doc(
        "Whether several guests may pay sessions with it; otherwise only its holder.",
        default=False,
    )
    upgrade: Literal["none", "difference"] = doc(
        '"difference": a holder may book a longer length than it pays for and pay the '
        "difference in list price; `upgrades` sets prices by length instead.",
        default="none",
    )
    upgrades: Mapping[DurationKey, Money] = doc(
        'What upgrading a session to a longer length costs, by length: { 90 = "30.00" }.',
        factory=dict,
    )

    stage = "plan"
    targets_joined_by = "or"
    """A session is one of the services it names: "5 sessions of Swedish or Deep Tissue"."""
    reads_context = False

    def covers(self, duration: int, context: PricingContext) -> bool:
        return not self.durations or duration in self.durations

    def named_lengths(self) -> Mapping[str, Iterable[int]]:
        return {"durations": self.durations, "upgrades": tuple(self.upgrades)}

    def upgrade_price(self, line: "LineInfo", context: PricingContext) -> Money | None:
        """The upgrade's price: set for the length, or the difference from the longest
        length it pays for, of the same service."""
        if line.duration is None:
            return None
        price = self.upgrades.get(line.duration)
        if price is not None or self.upgrade != "difference":
            return price
        service = context.catalogue.services.get(line.id)
        paid = [
            variation
            for variation in (service.variations if service is not None else ())
            if variation.duration < line.duration and self.covers(variation.duration, context)
        ]
        if not paid:
            return None
        longest = max(paid, key=lambda variation: variation.duration)
        difference = max(line.list_price.amount - longest.price.amount, Decimal(0))
        return Money.trusted(difference, line.list_price.currency)

    def upgrades_said(self, words: Words) -> str:
        """How sessions may be upgraded, in words (empty when they may not)."""
        said = [
            _("%(length)s for %(price)s", length=length_said(minutes), price=words.money(price))
            for minutes, price in self.upgrades.items()
        ]
        if self.upgrade == "difference":
            said.append(_("a longer session for the difference"))
        return _("upgrades: %(upgrades)s", upgrades=words.either(said, "and")) if said else ""

    def of_lengths(self, sessions: str, words: Words) -> str:
        """`sessions` of the lengths it pays for: "5 sessions of Swedish (60 min)"."""
        if not self.durations:
            return sessions
        lengths = words.either([length_said(minutes) for minutes in self.durations])
        return _("%(sessions)s (%(lengths)s)", sessions=sessions, lengths=lengths)
