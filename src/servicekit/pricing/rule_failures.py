"""Why a compiled rule does not apply for a reason of its own, not a condition's: it targets
none of a booking's lines, or the client is not a member (a plan's member discount).

Made once for each rule when the rules are compiled (`servicekit.pricing.compiled`) and, as
every `Failure`, worded when read. Apart from `servicekit.pricing.reasons`, which a quote
reads: building a catalogue needs these alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicekit.i18n import _
from servicekit.pricing.conditions import Failure

if TYPE_CHECKING:
    from servicekit.pricing.stages import Words


def not_targeted(selectors: tuple[str, ...], words: Words) -> Failure:
    """Why a rule does not apply to a booking none of whose lines it targets."""
    return Failure.worded(
        "not-targeted",
        lambda words: _("it applies to %(targets)s only", targets=words.targets(selectors)),
        words,
    )


def not_a_member(tag: str, words: Words) -> Failure:
    """Why members' discount does not apply."""
    return Failure.worded(
        "condition",
        lambda words: _("the client is not a member (not tagged %(tag)s)", tag=tag),
        words,
    )
