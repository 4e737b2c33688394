"""A pricing rule in one sentence, for exports and menus: what it does, to what, and when.

"20% off all services, at most $30.00; on a client's first visit". A rule type words its own
effect with the `summary` method of its parameters (docs/pricing.md, "Writing a rule type");
one that does not is summed up by its type's `summary`. Each condition words itself.

Said in the language of the words given (`servicekit.pricing.words`): the catalogue's, English,
for exports; a reader's for a menu ("20 % Rabatt auf alle Behandlungen, höchstens 30,00 $;
beim ersten Besuch"). Their locale is active while rule types and conditions word themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicekit.errors import RuleValueError
from servicekit.i18n import speaking, then
from servicekit.model.catalogue import Rule
from servicekit.pricing import contract
from servicekit.pricing.conditions import method, stated

if TYPE_CHECKING:
    from servicekit.pricing.compiled import Pricing
    from servicekit.pricing.words import ClinicWords


def summarize(rule: Rule, pricing: Pricing, words: ClinicWords | None = None) -> str:
    """What the rule does, to what and when, in the catalogue's words (or `words`', e.g. a
    menu's in its readers' locale)."""
    words = words or pricing.words
    return speaking(words.locale, _summary, rule, pricing, words)


def _summary(rule: Rule, pricing: Pricing, words: ClinicWords) -> str:
    params = rule.params
    targets = words.targets(rule.applies_to, contract.value(params, "targets_joined_by"))
    own = contract.bound(params, "summary")(targets, words)
    if own is not None and not isinstance(own, str):
        plugin = pricing.provider(rule)
        raise RuleValueError(
            f"rule '{rule.id}' (type '{rule.type.name}' from plugin '{plugin}') returned "
            f"{type(own).__name__} {own!r} from summary(); it must return text or None",
            plugin=plugin,
        )
    effect = own if own is not None else rule.type.summary.rstrip(".")
    return then([effect, *_described(rule, pricing, words)])


def describe_when(rule: Rule, pricing: Pricing, words: ClinicWords | None = None) -> list[str]:
    """Each condition of a rule's `when`, in words, in the order they are checked."""
    words = words or pricing.words
    return speaking(words.locale, _described, rule, pricing, words)


def _described(rule: Rule, pricing: Pricing, words: ClinicWords) -> list[str]:
    said = []
    for condition, value in stated(pricing.conditions, rule):
        text = method(condition, "describe")(value, rule, words)
        if text:
            said.append(text)
    return said
