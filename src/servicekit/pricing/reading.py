"""A priced visit worded for readers of one locale: what `Quote.said(locale)` reads.

A `Reading` is a quote's `Explanation` (`servicekit.pricing.wording`) with a reader's words
(`servicekit.pricing.words.ReaderWords`): servicekit's messages in their language; money,
times, dates and lists as their locale writes them; the catalogue's names of services,
add-ons, categories, rules and taxes in its translations for them. It words the same notes
of the same run, so its records are the quote's, said for its reader; rule types and
conditions word themselves with the reader's locale active, as they do for the English.

What it makes, it keeps to itself: the quote's English records, their JSON and what quotes
priced alike share are untouched, and a quote never read in a locale costs nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.i18n import speaking
from servicekit.model.catalogue import GiftCards
from servicekit.pricing.compiled import CompiledRule
from servicekit.pricing.layouts import LineLayout
from servicekit.pricing.trace import Template
from servicekit.pricing.wording import Explanation, Made, reason_key

if TYPE_CHECKING:
    from servicekit.model.quote import Quote
    from servicekit.pricing.compiled import CompiledTax
    from servicekit.pricing.conditions import Failure
    from servicekit.pricing.engine import Failures
    from servicekit.pricing.trace import Beside, Note
    from servicekit.pricing.trace import Line as WorkLine
    from servicekit.pricing.words import ReaderWords

GIFT_CERTIFICATE = attrs.fields(GiftCards).name.default
"""What gift certificates are called where the catalogue does not name them."""


class AskedIn(Explanation):
    """The explanation of a quote asked for by a reader of `locale`: the same records, its
    JSON with what the reader reads beside the English (`QuoteText.into`)."""

    __slots__ = ("locale",)

    def __init__(self, explanation: Explanation, locale: str) -> None:
        super().__init__(explanation.run, explanation.seen, explanation.asked)
        self.locale = locale

    def quote_json(self, quote: Quote) -> dict[str, Any]:
        return quote.said().into(super().quote_json(quote))


class Reading(Explanation):
    """A quote's explanation, worded for readers of `locale`."""

    __slots__ = ("_made", "_own", "_words", "explanation", "locale")

    def __init__(self, explanation: Explanation, locale: str) -> None:
        super().__init__(explanation.run, explanation.seen, explanation.asked)
        self.explanation, self.locale = explanation, locale
        self._words = explanation.words.reading(locale, explanation.run.catalogue)
        self._made: dict[Any, Any] = {}
        self._own: dict[Hashable, Any] = {}

    @property
    def words(self) -> ReaderWords:
        return self._words

    @property
    def remembered(self) -> dict[Any, Any]:
        return self._made

    def shared(self, key: Hashable, make: Callable[[], Made]) -> Made:
        found = self._own.get(key)
        if found is None:
            found = self._own[key] = make()
        return found

    def beside_and_failures(self) -> tuple[Beside, Failures]:
        return self.explanation.beside_and_failures()

    def said(self) -> tuple[Any, ...]:
        return self.explanation.said()

    # -- in the reader's words -------------------------------------------------------------

    def word(self, reason: Any) -> str:
        if isinstance(reason, str):
            return self.words.gettext(reason)  # the engine's reasons noted as text
        return self.remember(reason_key(reason), self._word, reason)

    def _word(self, reason: Any) -> str:
        if isinstance(reason, Template) and hasattr(reason, "said"):
            return str(reason.said(self.words))  # a reason its readers count apart
        return super()._word(reason)

    def noted(self, note: Note) -> str:
        subject = note.subject
        if isinstance(subject, CompiledRule) and note.reason == subject.label:
            return self.label(subject)  # a base price applied: the rule's name
        return self.word(note.reason)

    def failure_reason(self, failure: Failure) -> str:
        if failure.said is None:
            return self.words.gettext(failure.reason)
        return speaking(self.words.locale, failure.reason_for, self.words)

    def label(self, named: Any) -> str:
        words = self.words
        if isinstance(named, LineLayout):
            return self.layout_label(named)
        if isinstance(named, CompiledRule) and named.spares is not None:
            plan = self.label(named.spares)
            return words.gettext("%(plan)s: member discount", plan=plan)
        if isinstance(named, CompiledRule):
            return words.names.get(f"rule:{named.id}", named.label)
        return super().label(named)

    def tax_name(self, tax: CompiledTax) -> str:
        return self.words.names.get(f"tax:{tax.id}", tax.name)

    def gift_name(self, cards: GiftCards) -> str:
        if cards.name == GIFT_CERTIFICATE:
            return self.words.gettext(GIFT_CERTIFICATE)
        return cards.name

    def line_label(self, work: WorkLine) -> str:
        return self.layout_label(work.layout)

    def layout_label(self, layout: LineLayout) -> str:
        """A line's label: "Klassische Massage, 60 Min.", an add-on's name, a plan bought."""
        words, service, duration = self.words, layout.service, layout.duration
        if layout.kind == "addon" and layout.addon is not None:
            return words.name("addon", layout.addon.id)
        if layout.kind == "service" and service is not None and duration is not None:
            variation = service.variation(duration)
            minutes = words.gettext("%(minutes)s min", minutes=duration)
            length = variation.name if variation is not None and variation.name else minutes
            return f"{words.name('service', service.id)}, {length}"
        if layout.kind in ("package", "membership"):
            plan = self.label(self.run.pricing.plans[layout.key.partition(":")[2]])
            if layout.kind == "membership":
                return words.gettext("%(plan)s, monthly fee", plan=plan)
            if service is not None:
                return words.gettext(
                    "%(plan)s: %(service)s, %(length)s",
                    plan=plan,
                    service=words.name("service", service.id),
                    length=words.gettext("%(minutes)s min", minutes=duration),
                )
            return plan
        return layout.label
