"""`membership`: a monthly fee with included sessions and a discount."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from typing import TYPE_CHECKING

import attrs

from servicekit.builtin.rules.phrases import clauses
from servicekit.builtin.rules.plan import Plan
from servicekit.errors import Invalid
from servicekit.i18n import _, ngettext, then
from servicekit.model.catalogue import doc
from servicekit.model.fields import Id, Percent
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    from servicekit.builtin.rules.percent_off import PercentOff


@attrs.frozen(kw_only=True)
class Membership(Plan):
    fee: Money = doc("The monthly fee.")
    sessions: int = doc("Sessions included each month.", default=1)
    discount: Percent | None = doc(
        "Members' discount in percent on what the membership does not include: add-ons and "
        "other services.",
        default=None,
    )
    tag: Id = doc("The client tag that marks a member.", default="member")
    rollover: int = doc(
        "Unused sessions carried into the next month, at most this many (0: none carry).",
        default=0,
    )

    kind = "membership"
    needs_unit_price = False

    def __attrs_post_init__(self) -> None:
        if self.sessions < 0:
            raise Invalid("`sessions` cannot be negative")
        if self.rollover < 0:
            raise Invalid("`rollover` cannot be negative")

    def purchase(self, unit_price: Money | None, context: PricingContext) -> Money:
        return self.fee

    def detail(self, unit_price: Money | None, words: Words) -> str:
        """What a member gets, e.g. "1 session a month included, 10% off everything else"."""
        return clauses(
            ngettext(
                "%(count)s session a month included",
                "%(count)s sessions a month included",
                self.sessions,
            ),
            self.members_off(words),
        )

    def members_off(self, words: Words) -> str:
        """Members' discount in words (empty without one)."""
        if self.discount is None:
            return ""
        return _("%(percent)s off everything else", percent=words.percent(self.discount))

    def summary(self, targets: str, words: Words) -> str:
        # "1 of all services included" read as if every service were: say sessions, and of what.
        sessions = self.of_lengths(
            ngettext("%(count)s session", "%(count)s sessions", self.sessions), words
        )
        if targets == words.targets(("services",)):
            included = _("including %(sessions)s a month of any service", sessions=sessions)
        else:
            included = _(
                "including %(sessions)s a month of %(targets)s", sessions=sessions, targets=targets
            )
        text = clauses(
            _("%(fee)s a month", fee=words.money(self.fee)), included, self.members_off(words)
        )
        carried = self.rollover and ngettext(
            "up to %(count)s unused carried over",
            "up to %(count)s unused carried over",
            self.rollover,
        )
        return then((text, carried or "", self.upgrades_said(words)))

    def member_tag(self) -> str:
        return self.tag

    def member_discount(self) -> "PercentOff | None":
        """Members' discount on what their membership does not include."""
        # Imported when a members' discount is made: a catalogue with none, and no percent-off
        # rule, never builds the class.
        from servicekit.builtin.rules.percent_off import PercentOff

        return PercentOff(percent=self.discount) if self.discount is not None else None
