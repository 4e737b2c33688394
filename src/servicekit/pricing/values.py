"""What rule types return, checked: the pricing contract's amounts are never taken on trust.

A value that is not `Money` of the catalogue's currency, in whole minor units, finite, and
not negative where the stage forbids it, is a `RuleValueError` naming the rule and its plugin
(exit status 1 on the command line): never a negative total, never a traceback. So is an
exception a plugin's rule type raises; one in a built-in rule type is a bug, and shows as one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from servicekit.errors import RuleValueError, ServicekitError
from servicekit.model.money import Money, minor_units

if TYPE_CHECKING:
    from servicekit.pricing.compiled import CompiledRule

BUILTIN = "builtin-"
HINT = (
    "a rule type returns Money in the catalogue's currency, rounded to its minor units "
    '(context.money(amount) does both); see docs/pricing.md, "Writing a rule type"'
)


def call(rule: CompiledRule, method: str, *arguments: Any) -> Any:
    """Call the stage's method of a rule; a plugin's exception names the rule and plugin."""
    try:
        return rule.act(*arguments)
    except ServicekitError:
        raise
    except Exception as error:
        raise failed(rule, method, error) from error


def failed(rule: CompiledRule, method: str, error: Exception) -> Exception:
    """What to raise for an exception from a rule's method: a plugin's, a `RuleValueError`
    naming it; a built-in's, itself (a bug in servicekit shows as one)."""
    if rule.plugin.startswith(BUILTIN):
        return error
    return RuleValueError(
        f"{rule.named()} failed in {method}(): {type(error).__name__}: {error}",
        hint=f"report it to the plugin's authors, or run with -p no:{rule.plugin}",
        plugin=rule.plugin,
    )


def amount(
    rule: CompiledRule,
    method: str,
    value: Any,
    currency: str,
    quantum: Decimal,
    sign: Literal["positive", "any"] = "positive",
) -> Decimal:
    """The amount of a `Money` a rule returned, once it is checked."""
    if isinstance(value, Money) and _good(value.amount, value.currency, currency, quantum, sign):
        return value.amount
    shown, why = _wrong(value, method, currency, quantum)
    raise RuleValueError(
        f"{rule.named()} returned {shown} from {method}(): {why}", hint=HINT, plugin=rule.plugin
    )


def text(rule: CompiledRule, method: str, value: Any) -> str:
    """Words a rule returned, checked to be text."""
    if isinstance(value, str):
        return value
    raise RuleValueError(
        f"{rule.named()} returned {type(value).__name__} {value!r} from {method}(); it must "
        "return text",
        plugin=rule.plugin,
    )


def _good(found: Any, given: str, currency: str, quantum: Decimal, sign: str) -> bool:
    return (
        given == currency
        and type(found) is Decimal
        and found.is_finite()
        and _whole(found, quantum)
        and (sign == "any" or found >= 0)
    )


def _whole(found: Decimal, quantum: Decimal) -> bool:
    """Whether an amount is a whole number of minor units (and small enough to round)."""
    try:
        return found.quantize(quantum) == found
    except ArithmeticError:
        return False


def _wrong(value: Any, method: str, currency: str, quantum: Decimal) -> tuple[str, str]:
    """What a rule returned, and what is wrong with it, in words."""
    if not isinstance(value, Money):
        return f"{type(value).__name__} {value!r}", "it must return Money"
    found = value.amount
    if value.currency != currency:
        return f"{found} {value.currency}", f"the catalogue's currency is {currency}"
    if not isinstance(found, Decimal) or not found.is_finite():
        return repr(found), "it is not a finite amount"
    if not _whole(found, quantum):
        return f"{found} {currency}", f"{currency} has {minor_units(currency)} decimals"
    return f"{found} {currency}", f"a {NOUNS.get(method, method)} cannot be negative"


NOUNS = {"price_for": "price", "purchase": "price"}
