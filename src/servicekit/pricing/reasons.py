"""Why a rule did or did not apply, as the engine notes it: messages worded when read.

The engine notes a reason as a `Template` (`servicekit.pricing.trace`): one of the messages
below with what fills its `{}`s, in order: amounts (`Decimal`), ids, rules and lines (said by
their names) and the phrases below, which word themselves. `servicekit.pricing.wording` words
it in English for the JSON, as it always was; a quote's reading (`servicekit.pricing.reading`)
in its reader's language, with their money, names and lists. A translation may put the `{}`s
in another order by numbering them: "{1} … {0}".

A reason without anything to fill in is noted as its text, and read by its text: the messages
of `AS_WRITTEN`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.i18n import N_
from servicekit.pricing.conditions import Failure
from servicekit.pricing.trace import Template

if TYPE_CHECKING:
    from servicekit.pricing.stages import Words
    from servicekit.pricing.words import ClinicWords

AS_WRITTEN = (
    N_("bought"),
    N_("the session is paid with the package"),
    N_("the session is paid with the package, with an upgrade"),
    N_("the session is paid with the membership"),
    N_("the session is paid with the membership, with an upgrade"),
    N_("the membership includes this session: its member price applies"),
    N_("the line is already 0"),
    N_("it comes to nothing on these lines"),
    N_("it comes to nothing on this line"),
    N_("it comes to nothing on these items"),
    N_("an earlier price ending decides this price"),
    N_("the price already ends right"),
    N_("ending it would take it below zero"),
    N_("it applies to none of these lines"),
    N_("the total is 0"),
    N_("gift certificates pay all that is due"),
)
"""The reasons the engine notes as text: each is read in a reader's language by its text."""

PAID_WITH = N_("paid with {} (list price {})")
PAID_WITH_UPGRADE = N_("paid with {} (list price {}), upgrade {}")
LIST_PRICE = N_("{} (list price {})")
PAID_WITH_PLAN = N_("the session is paid with {}")
NO_PRICE_FOR = N_("it has no price for {}")
MORE_SPECIFIC = N_("{} is more specific")
NEEDS_IN_ONE_VISIT = N_("it needs {} in one visit")
CHANGE_TOO_LARGE = N_("{} → {} is a change of more than {}")
NOT_CHARGED_AT = N_("it is not charged at {}")
TAGGED = N_("the client is tagged {}")
UNKNOWN_CODE = N_("promo code {} is unknown")
ASKS_MORE = N_("{} asks for more")
COMES_FIRST = N_("{} comes first")
SUGGESTS = N_("suggests {} of {}")
SUGGESTS_WORTH = N_("suggests {} of {}, what the services are worth")
AT_MOST_DUE = N_("{}, at most the {} due after gift certificates")

OUTDONE = {
    # (how many won, whether they save as much, whether the rule clashes with one of them)
    (1, False, False): N_("{} saves the client more ({} against {})"),
    (2, False, False): N_("{} save the client more ({} against {})"),
    (1, True, False): N_("{} saves the client as much and comes first"),
    (2, True, False): N_("{} save the client as much and comes first"),
    (1, False, True): N_(
        "it does not combine with {}, and {} saves the client more ({} against {})"
    ),
    (2, False, True): N_(
        "it does not combine with {}, and {} save the client more ({} against {})"
    ),
    (1, True, True): N_(
        "it does not combine with {}, and {} saves the client as much and comes first"
    ),
    (2, True, True): N_(
        "it does not combine with {}, and {} save the client as much and comes first"
    ),
}


def outdone(won: Iterable[str], saving: Decimal, own: Decimal, clash: str | None) -> Template:
    """Why a discount lost to the rules `won` (their ids), which save `saving` where it
    saves `own`, and does not combine with `clash` (when it does not)."""
    winners = Ids(tuple(won))
    message = OUTDONE[(min(len(winners.ids), 2), own == saving, clash is not None)]
    said: tuple[Any, ...] = (winners,) if own == saving else (winners, saving, own)
    return Template(message, *((clash, *said) if clash is not None else said))


@attrs.frozen
class Ids:
    """Rules by id, together: "loyalty and referral"."""

    ids: tuple[str, ...]

    def said(self, words: Words) -> str:
        return words.either(self.ids, "and")


@attrs.frozen
class Named:
    """What the catalogue calls a location, level, service, add-on or category."""

    kind: str
    ident: str

    def said(self, words: Words) -> str:
        return words.name(self.kind, self.ident)


@attrs.frozen
class Percents:
    """Percentages listed: "18%, 20%, 25%"."""

    values: tuple[Decimal, ...]

    def said(self, words: Words) -> str:
        return ", ".join(words.percent(value) for value in self.values)


class AtMostLines(Template):
    """Why a discount with a `limit` left a line alone: "it discounts at most 2 line(s) a
    booking" in JSON, as it always was, and for readers in the form their language counts."""

    __slots__ = ()

    def __init__(self, limit: int) -> None:
        super().__init__("it discounts at most {} line(s) a booking", limit)

    def said(self, words: ClinicWords) -> str:
        return words.ngettext(
            "it discounts at most %(count)s line a booking",
            "it discounts at most %(count)s lines a booking",
            self.args[0],
        )


NOT_REDEEMED = Failure("not-targeted", N_("not bought or redeemed in this booking"))
"""Why a plan does not apply to a visit that neither buys it nor pays with it."""
