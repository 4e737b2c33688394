"""`bundle`: an offer on several items of one visit, e.g. 10% off the cheaper."""

# Annotations are objects, not strings: the rule's keys are read by its parameter class's
# field types (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import attrs

from servicekit.builtin.rules.amounts import explain, one_of, share
from servicekit.builtin.rules.phrases import clauses
from servicekit.errors import Invalid
from servicekit.i18n import _, ngettext
from servicekit.model.catalogue import doc
from servicekit.model.fields import Id, Percent
from servicekit.model.money import Money
from servicekit.pricing.stages import (
    BundleRule,
    PricingContext,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    from servicekit.pricing.stage_records import ItemInfo


@attrs.frozen(kw_only=True)
class Bundle(BundleRule):
    items: tuple[str, ...] = doc(
        'What each item of the bundle is, one entry per item: "services" (any), '
        '"service:ID", "category:ID" or "modality:ID", e.g. ["category:massage", '
        '"category:facial"]; each is filled by a different item of the visit.'
    )
    percent: Percent | None = doc("Percent off: of the cheapest item, or of all.", default=None)
    amount: Money | None = doc("An amount off: the cheapest item, or all together.", default=None)
    on: Literal["cheapest", "all"] = doc(
        'What it is taken off: "cheapest" (the cheapest of the items) or "all" (the items '
        "together).",
        default="cheapest",
    )
    guests: Literal["any", "different", "same"] = doc(
        'Whose items they are: "any", "different" (each a different guest\'s: "the third '
        'guest free") or "same" (one guest\'s).',
        default="any",
    )
    exclusive: bool = doc(
        "true: never stacks with another bundle (the best one for the client wins).",
        default=True,
    )
    combines_with: tuple[Id, ...] = doc(
        "Ids of non-exclusive bundles it stacks with; both rules must name each other.",
        default=(),
    )
    limit: int | None = doc(
        "How many times it applies in one visit, each to different items.", default=1
    )

    stage = "bundle"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        one_of(self, "percent", "amount", "a bundle")
        if len(self.items) < 2:
            raise Invalid(
                "a bundle is of two items or more", hint='e.g. items = ["services", "services"]'
            )
        for item in self.items:
            kind, _colon, ident = item.partition(":")
            if item != "services" and (
                kind not in ("service", "category", "modality") or not ident
            ):
                raise Invalid(
                    f"'{item}' is not what a bundle's item is",
                    hint='"services", "service:ID", "category:ID" or "modality:ID"',
                )
        if self.limit is not None and self.limit < 1:
            raise Invalid("`limit` must be 1 or more")
        if self.exclusive and self.combines_with:
            raise Invalid(
                "an exclusive bundle combines with nothing",
                "set `exclusive = false` to let it stack with the rules in `combines_with`",
            )

    @property
    def slots(self) -> tuple[str, ...]:
        return self.items

    @property
    def percentage(self) -> bool:
        return self.percent is not None

    def discount(
        self, amounts: tuple[Money, ...], items: "tuple[ItemInfo, ...]", context: PricingContext
    ) -> tuple[Money, ...]:
        zero = Money.trusted(Decimal(0), context.list_subtotal.currency)
        if self.on == "cheapest":
            cheapest = min(range(len(amounts)), key=lambda index: amounts[index].amount)
            off = share(self.percent, self.amount, amounts[cheapest], context)
            return tuple(off if index == cheapest else zero for index in range(len(amounts)))
        if self.percent is not None:
            return tuple(share(self.percent, None, amount, context) for amount in amounts)
        assert self.amount is not None
        whole = sum((amount.amount for amount in amounts), Decimal(0))
        if not whole:
            return tuple(zero for _ in amounts)
        # The amount shared out in proportion; the last takes what rounding left.
        shares = [context.money(self.amount.amount * a.amount / whole) for a in amounts[:-1]]
        last = self.amount.amount - sum((share.amount for share in shares), Decimal(0))
        return (*shares, Money.trusted(max(last, Decimal(0)), self.amount.currency))

    def summary(self, targets: str, words: Words) -> str:
        off = words.percent(self.percent) if self.percent is not None else None
        if off is None:
            assert self.amount is not None
            off = words.money(self.amount)
        what = words.either([_slot(item, words) for item in self.items], "and")
        if self.on == "cheapest":
            text = _("%(off)s off the cheapest of %(items)s in one visit", off=off, items=what)
        else:
            text = _("%(off)s off %(items)s in one visit", off=off, items=what)
        if self.limit is None:
            often = _("as often as the visit makes it")
        elif self.limit != 1:
            often = ngettext("up to %(count)s time", "up to %(count)s times", self.limit)
        else:
            often = ""
        guests = {"different": _("each for a different guest"), "same": _("for one guest")}
        combines = self.combines_with and _(
            "combines with %(rules)s", rules=words.either(self.combines_with, "and")
        )
        return clauses(text, often, guests.get(self.guests, ""), combines or "")

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return explain(self.percent, self.amount, base, amount, words)


def _slot(item: str, words: Words) -> str:
    """A bundle's item in words: "a massage" (a category's name), "Swedish Massage"."""
    kind, _colon, ident = item.partition(":")
    if item == "services":
        return _("any service")
    if kind == "service":
        return words.name("service", ident)
    if kind == "category":
        name = words.name("category", ident)
        # English puts a category in the middle of a phrase lower-cased; German never does.
        return _("a %(category)s", category=name.lower() if _english(words) else name)
    return _("a %(modality)s service", modality=ident.replace("-", " "))


def _english(words: Words) -> bool:
    return words.locale.partition("_")[0] == "en"
