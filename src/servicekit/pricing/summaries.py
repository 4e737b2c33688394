"""A pricing rule in one sentence, for exports and menus: what it does, to what, and when.

"20% off all services, at most $30.00; on a client's first visit". A rule type words its own
effect with a `summary(targets, money)` method on its parameter class (the built-ins all do);
one without is summed up by its type's `summary`. The conditions are worded here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from servicekit.model.catalogue import Rule, When
from servicekit.model.money import Money
from servicekit.pricing.compiled import DAY_NAMES, Words, either

MoneyText = Callable[[Money], str]
"""How a summary writes money for people, e.g. "$30.00"; a rule type's `summary` gets one."""


def summarize(rule: Rule, words: Words) -> str:
    """What the rule does, to what and when, in the catalogue's words."""
    money = _money(words)
    params = rule.params
    targets = words.targets(rule.applies_to, getattr(params, "targets_joined_by", "and"))
    own = getattr(params, "summary", None)
    effect = own(targets, money) if callable(own) else rule.type.summary.rstrip(".")
    conditions = describe_when(rule.when, words)
    return "; ".join([effect, *conditions])


def describe_when(when: When, words: Words) -> list[str]:
    """Each condition of a rule's `when`, in words."""
    money = _money(words)
    said = []
    if when.tags:
        said.append(f"for clients tagged {either(when.tags)}")
    if when.not_tags:
        said.append(f"not for clients tagged {either(when.not_tags)}")
    if when.first_visit is not None:
        said.append("on a client's first visit" if when.first_visit else "not on a first visit")
    if when.promo:
        uses = f", {when.max_uses} uses in all" if when.max_uses else ""
        said.append(f"with the code {when.promo}{uses}")
    if when.days:
        said.append("on " + either([DAY_NAMES[day] for day in when.days]))
    if when.after and when.before:
        said.append(f"from {_time(when.after)} to {_time(when.before)}")
    elif when.after:
        said.append(f"from {_time(when.after)}")
    elif when.before:
        said.append(f"before {_time(when.before)}")
    if when.valid_from and when.valid_until:
        said.append(f"{when.valid_from.isoformat()} to {when.valid_until.isoformat()}")
    elif when.valid_from:
        said.append(f"from {when.valid_from.isoformat()}")
    elif when.valid_until:
        said.append(f"until {when.valid_until.isoformat()}")
    if when.holiday is not None:
        said.append("on holidays" if when.holiday else "except on holidays")
    if when.min_duration:
        said.append(f"for sessions of {when.min_duration} minutes or more")
    if when.locations:
        said.append("at " + either([words.name("location", i) for i in when.locations]))
    if when.levels:
        said.append("with a " + either([words.name("level", i) for i in when.levels]))
    if when.min_subtotal is not None:
        said.append(f"when the subtotal is at least {money(when.min_subtotal)}")
    return said


def _time(value: Any) -> str:
    return value.strftime("%H:%M")


def _money(words: Words) -> MoneyText:
    return lambda money: words.money(money.amount)
