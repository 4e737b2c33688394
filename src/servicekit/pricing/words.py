"""How pricing puts things to people: money, percentages, lists and the catalogue's names.

`ClinicWords` is the `Words` rule types and conditions get (`servicekit.pricing.stages`):
money formatted for the clinic's locale through Babel, remembered per amount, since a day of
quotes says the same few amounts over and over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from servicekit.formatting import format_money
from servicekit.model.money import Money


def either(names: Iterable[str], joiner: str = "or") -> str:
    """`a`, `a or b`, `a, b or c`."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {joiner} {names[-1]}"


def percent(value: Decimal) -> str:
    """`Decimal("12.50")` as "12.5%"."""
    return f"{value.normalize():f}%"


class ClinicWords:
    """Amounts and names as a clinic manager reads them: names, not ids."""

    def __init__(
        self,
        currency: str,
        locale: str,
        quantum: Decimal,
        rounding: str,
        names: Mapping[str, str],
    ) -> None:
        self.currency, self.locale = currency, locale
        self.quantum, self.rounding = quantum, rounding
        self.names = names
        """Display names by "location:ID", "level:ID", "service:ID", "addon:ID", ..."""
        self._said: dict[Decimal, str] = {}

    def money(self, amount: Money) -> str:
        return self.amount(amount.amount)

    def amount(self, amount: Decimal) -> str:
        """An amount of the catalogue's currency, rounded, formatted for its locale."""
        said = self._said.get(amount)
        if said is None:
            rounded = Money.trusted(amount.quantize(self.quantum, self.rounding), self.currency)
            said = format_money(rounded, self.locale)
            if len(self._said) < 4096:
                self._said[amount] = said
        return said

    def round(self, amount: Decimal) -> Money:
        return Money.trusted(amount.quantize(self.quantum, self.rounding), self.currency)

    def percent(self, value: Decimal) -> str:
        return percent(value)

    def either(self, names: Iterable[str], joiner: str = "or") -> str:
        return either(names, joiner)

    def name(self, kind: str, ident: str) -> str:
        return self.names.get(f"{kind}:{ident}", ident)

    def targets(self, selectors: tuple[str, ...], joined_by: str = "and") -> str:
        """`applies_to` selectors in words: "Swedish Massage and all add-ons"."""
        named = []
        for selector in selectors:
            kind, _, ident = selector.partition(":")
            if not ident:
                named.append("all services" if selector == "services" else "all add-ons")
            elif kind == "category":
                named.append(f"the {self.name(kind, ident)} category")
            else:
                named.append(self.name(kind, ident))
        return either(named, joined_by)
