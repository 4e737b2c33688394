"""`package`: a number of sessions bought together for a price."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from typing import TYPE_CHECKING

import attrs

from servicekit.builtin.rules.amounts import HUNDRED, one_of
from servicekit.builtin.rules.phrases import clauses
from servicekit.builtin.rules.plan import Plan
from servicekit.errors import Invalid
from servicekit.i18n import _, ngettext, then
from servicekit.model.catalogue import doc
from servicekit.model.fields import Percent
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    pass


@attrs.frozen(kw_only=True)
class Package(Plan):
    sessions: int = doc("How many sessions the package holds.")
    price: Money | None = doc("The price of the whole package.", default=None)
    percent: Percent | None = doc(
        "Or: the package costs this percentage less than its sessions at list price.",
        default=None,
    )
    valid_days: int | None = doc("Sessions expire this many days after purchase.", default=None)

    def __attrs_post_init__(self) -> None:
        one_of(self, "price", "percent", "a package")
        if self.sessions < 1:
            raise Invalid("a package holds at least one session")
        if self.valid_days is not None and self.valid_days < 1:
            raise Invalid("`valid_days` must be 1 or more")

    kind = "package"

    def purchase(self, unit_price: Money | None, context: PricingContext) -> Money:
        if self.price is not None:
            return self.price
        assert unit_price is not None, "a package priced by its sessions is bought for one"
        assert self.percent is not None, "a package has a price or a percent"
        return context.money(
            unit_price.amount * self.sessions * (HUNDRED - self.percent) / HUNDRED
        )

    def detail(self, unit_price: Money | None, words: Words) -> str:
        """What a client buys, e.g. "5 × $105.00 less 15%, valid 365 days"."""
        if self.price is None and unit_price is not None and self.percent is not None:
            text = _(
                "%(count)s × %(price)s less %(percent)s",
                count=self.sessions,
                price=words.money(unit_price),
                percent=words.percent(self.percent),
            )
        else:
            text = ngettext("%(count)s session", "%(count)s sessions", self.sessions)
        return clauses(text, self.valid(self.valid_days))

    @staticmethod
    def valid(days: int | None) -> str:
        """How long it is valid, in words (empty for ever)."""
        return ngettext("valid %(count)s day", "valid %(count)s days", days) if days else ""

    @property
    def needs_unit_price(self) -> bool:
        return self.price is None

    def summary(self, targets: str, words: Words) -> str:
        sessions = self.of_lengths(
            ngettext(
                "%(count)s session of %(targets)s",
                "%(count)s sessions of %(targets)s",
                self.sessions,
                targets=targets,
            ),
            words,
        )
        if self.price is not None:
            text = _(
                "%(sessions)s for %(price)s", sessions=sessions, price=words.money(self.price)
            )
        else:
            assert self.percent is not None
            text = _(
                "%(sessions)s at %(percent)s off",
                sessions=sessions,
                percent=words.percent(self.percent),
            )
        text = clauses(text, self.valid(self.valid_days), _("shareable") if self.shareable else "")
        return then((text, self.upgrades_said(words)))
