"""A quote as readers of one locale read it: what `servicekit quote` prints, and what a quote's
JSON gives under `text` when it is asked for in a locale.

`Quote.said("de_DE")` words the quote's records again for German readers: the same lines,
audit entries, deposit, fees and warnings (the same ids, amounts, rules and outcomes) with
their labels, details, reasons and messages in German, money, dates and times as de_DE writes
them, and the catalogue's names in its German translations. The quote itself, and its JSON's
English, are untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.i18n import N_, translations
from servicekit.model.quote import once

if TYPE_CHECKING:
    from servicekit.model.money import Money
    from servicekit.model.quote import (
        AuditEntry,
        Charge,
        Explanation,
        Line,
        Quote,
        QuoteItem,
        QuoteWarning,
        Tip,
    )

OUTCOMES: Mapping[str, str] = MappingProxyType(
    {
        "applied": N_("applied"),
        "condition": N_("condition false"),
        "not-targeted": N_("does not apply"),
        "lost": N_("lost"),
        "not-combinable": N_("not combinable"),
        "limit": N_("limit reached"),
        "no-effect": N_("no effect"),
        "outside-margin": N_("outside its margin"),
        "exempt": N_("exempt"),
        "superseded": N_("superseded"),
        "unknown-promo": N_("unknown code"),
    }
)
"""What came of a rule, as the audit trail's text says it: the outcome's id in English words,
and in the reader's language."""

STAGES: Mapping[str, str] = MappingProxyType(
    {
        "plan": N_("plan"),
        "base": N_("base"),
        "surcharge": N_("surcharge"),
        "line-discount": N_("line-discount"),
        "bundle": N_("bundle"),
        "order-discount": N_("order-discount"),
        "price-ending": N_("price-ending"),
        "tax": N_("tax"),
        "deposit": N_("deposit"),
        "fee": N_("fee"),
        "gratuity": N_("gratuity"),
        "promo": N_("promo"),
    }
)
"""The stage a rule acts in: its id in English, a word in other languages."""


@attrs.frozen(slots=False, eq=False)
class QuoteText:
    """A quote's records in the words of readers of `locale`; everything else is the
    quote's (`quote`). Worded the first time each is read."""

    quote: Quote
    locale: str
    _reading: Explanation = attrs.field(repr=False, alias="reading")

    @once
    def items(self) -> tuple[QuoteItem, ...]:
        return self._reading.quote_items()

    @once
    def lines(self) -> tuple[Line, ...]:
        return self._reading.quote_lines()

    @once
    def audit(self) -> tuple[AuditEntry, ...]:
        return self._reading.quote_audit()

    @once
    def deposit(self) -> Charge | None:
        return self._reading.quote_deposit()

    @once
    def fees(self) -> tuple[Charge, ...]:
        return self._reading.quote_fees()

    @once
    def warnings(self) -> tuple[QuoteWarning, ...]:
        return self._reading.quote_warnings()

    @property
    def gratuity(self) -> tuple[Tip, ...]:
        return self.quote.gratuity

    def gettext(self, message: str, /, **values: Any) -> str:
        """One of servicekit's messages in the reader's language, filled."""
        text = translations(self.locale).gettext(message)
        return text % values if values else text

    def money(self, amount: Money) -> str:
        """An amount as the reader's locale writes it: "$95.00", "95,00 €"."""
        from servicekit.formatting import format_money

        return format_money(amount, self.locale)

    def percent(self, value: Decimal) -> str:
        """A percentage as the reader's locale writes it: "18%", "18 %"."""
        from babel.numbers import format_percent

        return format_percent(value / 100, locale=self.locale, decimal_quantization=False)

    def outcome(self, entry: AuditEntry) -> str:
        """What came of an audit entry's rule, in words: "condition false"."""
        return self.gettext(OUTCOMES.get(entry.outcome, entry.outcome))

    def stage(self, entry: AuditEntry) -> str:
        """The stage of an audit entry's rule, in words."""
        return self.gettext(STAGES.get(entry.stage, entry.stage))

    def line(self, entry: AuditEntry) -> str | None:
        """The line an audit entry is about, by its label ("Swedish Massage, 60 min"; its id
        where no line has it), or None when it is about no one line."""
        if entry.line is None:
            return None
        if entry.item is not None and self.quote.is_visit:
            lines = next((item.lines for item in self.items if item.index == entry.item), ())
        else:
            lines = self.lines
        return next((line.label for line in lines if line.id == entry.line), entry.line)

    def when(self, charge: Charge) -> str:
        """When a deposit or a fee is due: "due when booking"."""
        if charge.kind == "deposit":
            return self.gettext("due when booking")
        if charge.kind == "no-show":
            return self.gettext("if the client does not come")
        return self.gettext(
            "if cancelled with less than %(hours)s h notice", hours=charge.notice_hours
        )

    def start(self) -> str:
        """When the visit starts, as the reader's locale writes a day and a time: "Fri, Dec
        4, 2026, 6:30 PM", "Fr., 4. Dez. 2026, 18:30"."""
        from babel import Locale
        from babel.dates import format_skeleton

        from servicekit.formatting import format_time

        at = self.quote.visit.at
        day = format_skeleton("yMMMEd", at, locale=self.locale)
        pattern = Locale.parse(self.locale).datetime_formats["medium"]
        return str(pattern).format(format_time(at.timetz(), self.locale), day)

    def into(self, data: dict[str, Any]) -> dict[str, Any]:
        """`data` (the quote's JSON) with what the reader reads beside each record's English,
        under `text`, and `locale`: the JSON a quote asked for in a locale gives."""
        quote, money = self.quote, self.money
        data["locale"] = self.locale
        data["text"] = {"total": money(quote.total)}
        if "amount_due" in data:
            data["text"]["amount_due"] = money(quote.amount_due)
        if quote.is_visit:
            for item_json, item in zip(data["items"], self.items, strict=True):
                for line_json, line in zip(item_json["lines"], item.lines, strict=True):
                    line_json["text"] = self._line(line)
        for line_json, line in zip(data["lines"], self.lines, strict=True):
            line_json["text"] = self._line(line)
        for entry_json, entry in zip(data["audit"], self.audit, strict=True):
            entry_json["text"] = {
                "outcome": self.outcome(entry),
                "stage": self.stage(entry),
                "reason": entry.reason,
                "line": self.line(entry),
                "amount": None if entry.amount is None else money(entry.amount),
            }
        charges = [self.deposit] if self.deposit is not None else []
        charged = [data["deposit"]] if data["deposit"] is not None else []
        for charge_json, charge in zip(
            [*charged, *data["fees"]], [*charges, *self.fees], strict=True
        ):
            charge_json["text"] = {
                "label": charge.label,
                "detail": charge.detail,
                "amount": money(charge.amount),
                "when": self.when(charge),
            }
        for tip_json, tip in zip(data["gratuity"], self.gratuity, strict=True):
            tip_json["text"] = {"percent": self.percent(tip.percent), "amount": money(tip.amount)}
        for warning_json, warning in zip(data.get("warnings", ()), self.warnings, strict=True):
            warning_json["text"] = {"message": warning.message, "hint": warning.hint}
        return data

    def _line(self, line: Line) -> dict[str, Any]:
        said: dict[str, Any] = {
            "label": line.label,
            "detail": line.detail,
            "amount": self.money(line.amount),
        }
        if line.included is not None:
            said["included"] = self.money(line.included)
        return said
