"""A rule's amount, a percentage of what it applies to or a fixed amount: checked, worked out
and worded as the built-in rule types share it."""

from decimal import Decimal

from servicekit.errors import Invalid
from servicekit.i18n import _
from servicekit.model.money import Money
from servicekit.pricing.stages import PricingContext, Words

HUNDRED = Decimal(100)


def one_of(params: object, first: str, second: str, what: str) -> None:
    """Refuse parameters that give both of two keys, or neither."""
    if (getattr(params, first) is None) == (getattr(params, second) is None):
        raise Invalid(f"{what} needs exactly one of `{first}` and `{second}`")


def share(
    percent: Decimal | None, amount: Money | None, base: Money, context: PricingContext
) -> Money:
    """A percentage of `base`, or the fixed amount."""
    if percent is not None:
        return context.money(base.amount * percent / HUNDRED)
    assert amount is not None, "one of the two is given (checked when read)"
    return amount


def explain(
    percent: Decimal | None, nominal: Money | None, base: Money, amount: Money, words: Words
) -> str:
    """ "10% of $160.00", or "$50.00": noting "at most" when less was taken than asked."""
    taken = Money.trusted(abs(amount.amount), amount.currency)
    if percent is not None:
        of = {"percent": words.percent(percent), "base": words.money(base)}
        if taken.amount < words.round(base.amount * percent / HUNDRED).amount:
            return _(
                "%(percent)s of %(base)s, at most %(amount)s", **of, amount=words.money(taken)
            )
        return _("%(percent)s of %(base)s", **of)
    if nominal is not None and taken.amount < nominal.amount:
        return _(
            "%(asked)s, at most %(amount)s", asked=words.money(nominal), amount=words.money(taken)
        )
    return words.money(taken)
