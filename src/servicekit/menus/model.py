"""A service menu as clients read it: what the templates render.

Everything here is already worded and formatted for the clinic's locale (prices through Babel:
"$95.00", "95,00 €", "¥9,500"), so a template only lays it out. A clinic's own template
(`servicekit menu --template FILE`) gets the same `menu` object; docs/menus.md lists its
fields.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
from babel import Locale

from servicekit.exporting.context import ExportContext
from servicekit.exporting.values import decimal_text
from servicekit.formatting import format_money
from servicekit.model.catalogue import AddOn, Catalogue, Rule, Service
from servicekit.model.money import Money
from servicekit.pricing.compiled import either
from servicekit.pricing.stages import LineInfo
from servicekit.pricing.summaries import describe_when, summarize
from servicekit.screening.wording import specialty_note

OFFER_STAGES = ("plan", "line-discount", "order-discount")
"""Rules shown as offers: packages, memberships and discounts."""
POLICY_STAGES = ("deposit", "fee", "gratuity")
SHOWN_ELSEWHERE = frozenset((*OFFER_STAGES, *POLICY_STAGES, "base"))
"""Rules shown as policies. Price-setting rules are shown as price lists with what they price;
every other rule (surcharges, price endings, plugins' own stages) is "good to know"."""


@attrs.frozen
class Length:
    """One length of a service with its price."""

    minutes: int
    label: str
    """"60 min", or the name the catalogue gives it."""
    price: str
    """Formatted for the locale, e.g. "$95.00"."""
    amount: Money
    online: bool
    """Whether clients can book it online."""


@attrs.frozen
class PriceList:
    """Prices of a service that hold for some clients, places or times: "Members: ..."."""

    label: str
    prices: str
    """e.g. "$80.00 (60 min), $115.00 (90 min)"."""
    when: str
    """The conditions in words, e.g. "for clients tagged member"; empty when none."""


@attrs.frozen
class MenuAddOn:
    id: str
    name: str
    price: str
    """Formatted for the locale; "included" when it costs nothing."""
    minutes: int
    description: str | None
    price_lists: tuple[PriceList, ...] = ()
    """Its prices for some clients, places or times: "Members: $20.00"."""


@attrs.frozen
class MenuService:
    id: str
    name: str
    description: str | None
    modality: str
    """The modality's name, e.g. Swedish massage."""
    lengths: tuple[Length, ...]
    addons: tuple[MenuAddOn, ...]
    price_lists: tuple[PriceList, ...]
    notes: tuple[str, ...]
    """Plain-language notes: specialty training, a doctor's approval."""


@attrs.frozen
class MenuCategory:
    id: str
    name: str
    description: str | None
    services: tuple[MenuService, ...]


@attrs.frozen
class Note:
    """An offer or a policy: its name and what it is, in words."""

    title: str
    text: str


@attrs.frozen
class Menu:
    """The whole menu: the clinic, its categories of services, add-ons, offers and policies."""

    clinic: Any
    """The catalogue's `Clinic`: name, address, phone, email, website."""
    location: Any
    """The `Location` the menu is for, or None."""
    locations: tuple[Any, ...]
    """Every `Location` of the clinic when the menu is for all of them; else empty."""
    language: str
    """BCP 47 language tag for the page, e.g. "en-US"."""
    categories: tuple[MenuCategory, ...]
    addons: tuple[MenuAddOn, ...]
    offers: tuple[Note, ...]
    good_to_know: tuple[Note, ...]
    """Surcharges, price endings and other rules that change a price: what to expect."""
    policies: tuple[Note, ...]
    taxes: tuple[str, ...]
    """How taxes apply, e.g. "Prices include MwSt. (19%)."."""


def build_menu(catalogue: Catalogue, location: str | None = None) -> Menu:
    """The menu of `catalogue` (at `location`: what it offers, at its prices)."""
    from servicekit.exporting import find_location

    context = ExportContext(catalogue, find_location(catalogue, location))
    return _Builder(context).menu()


class _Builder:
    def __init__(self, context: ExportContext) -> None:
        self.context = context
        self.catalogue = context.catalogue
        self.locale = self.catalogue.clinic.locale
        self.words = self.catalogue.pricing.words
        compiled = {rule.id: rule for rule in self.catalogue.pricing.by_stage["base"]}
        self.set_prices = [
            (rule, compiled[rule.id]) for _, rule in context.rules if rule.id in compiled
        ]
        self.addons = {addon.id: self.addon(addon) for addon in context.addons}
        self.common = self._common_credentials()

    def menu(self) -> Menu:
        context, clinic = self.context, self.catalogue.clinic
        categories = []
        for category in self.catalogue.categories.values():
            services = [s for s in context.services if s.category == category.id]
            if services:
                categories.append(
                    MenuCategory(
                        category.id,
                        category.name,
                        category.description,
                        tuple(self.service(service) for service in services),
                    )
                )
        rules = [rule for _, rule in context.rules]
        locale = Locale.parse(clinic.locale)
        return Menu(
            clinic=clinic,
            location=context.location,
            locations=() if context.location else tuple(self.catalogue.locations.values()),
            language="-".join(filter(None, (locale.language, locale.territory))),
            categories=tuple(categories),
            addons=tuple(self.addons.values()),
            offers=self.notes(r for r in rules if r.params.stage in OFFER_STAGES),
            good_to_know=self.notes(r for r in rules if r.params.stage not in SHOWN_ELSEWHERE),
            policies=self.notes(r for r in rules if r.params.stage in POLICY_STAGES),
            taxes=tuple(self.tax(tax) for tax in context.taxes),
        )

    def money(self, amount: Money) -> str:
        return format_money(amount, self.locale)

    def service(self, service: Service) -> MenuService:
        modality = self.catalogue.modality_of(service)
        lengths = tuple(
            Length(
                minutes=variation.duration,
                label=variation.label,
                price=self.money(price := self.context.price(service, variation.duration)),
                amount=price,
                online=variation.online,
            )
            for variation in service.variations
        )
        return MenuService(
            id=service.id,
            name=service.name,
            description=service.description,
            modality=modality.name,
            lengths=lengths,
            addons=tuple(self.addons[i] for i in service.addons if i in self.addons),
            price_lists=tuple(self.service_price_lists(service)),
            notes=tuple(self.service_notes(service)),
        )

    def addon(self, addon: AddOn) -> MenuAddOn:
        price = self.context.addon_price(addon)
        return MenuAddOn(
            id=addon.id,
            name=addon.name,
            price=self.money(price) if price else "included",
            minutes=addon.minutes,
            description=addon.description,
            price_lists=tuple(self.addon_price_lists(addon)),
        )

    def service_price_lists(self, service: Service) -> Iterable[PriceList]:
        """Member, level, time and location prices: price-setting rules that hold for some."""
        for rule, compiled in self.set_prices:
            if compiled.targets.line("service", service, None):
                prices = [
                    (f"{variation.duration} min", price)
                    for variation in service.variations
                    if (price := self._set_price(rule, service, None, variation))
                ]
                yield from self._price_list(rule, prices)
        for ident, location in self.catalogue.locations.items():
            differ = [
                (f"{v.duration} min", price)
                for v in service.variations
                if (price := self.context.location_prices(service, v.duration).get(ident))
            ]
            if differ:
                yield PriceList(f"At {location.name}", self._listed(differ), "")

    def addon_price_lists(self, addon: AddOn) -> Iterable[PriceList]:
        for rule, compiled in self.set_prices:
            if compiled.targets.line("addon", None, addon):
                price = self._set_price(rule, None, addon, addon)
                yield from self._price_list(rule, [(None, price)] if price else [])
        if self.context.location is None:
            base = self.context.addon_price(addon)
            for ident, location in self.catalogue.locations.items():
                here = self.context.addon_price(addon, ident)
                if here != base:
                    yield PriceList(f"At {location.name}", self.money(here), "")

    def _price_list(
        self, rule: Rule, prices: list[tuple[str | None, Money]]
    ) -> Iterable[PriceList]:
        if prices:
            when = "; ".join(describe_when(rule.when, self.words))
            yield PriceList(rule.label, self._listed(prices), when)

    def _listed(self, prices: list[tuple[str | None, Money]]) -> str:
        """ "$80.00 (60 min), $115.00 (90 min)", or one price by itself."""
        return ", ".join(
            f"{self.money(price)} ({label})" if label else self.money(price)
            for label, price in prices
        )

    def _set_price(
        self, rule: Rule, service: Service | None, addon: AddOn | None, priced: Any
    ) -> Money | None:
        """The price a set-price rule gives a length of a service or an add-on, ended as the
        list prices are (quoting ends it the same way)."""
        kind, ident = ("service", service.id) if service else ("addon", addon.id)
        duration = getattr(priced, "duration", None)
        raw = rule.params.price_for(LineInfo(kind, ident, duration, priced.price.amount))
        if raw is None:
            return None
        price = Money.trusted(Decimal(raw), self.context.currency)
        return self.context.end(price.round(self.catalogue.clinic.rounding), service, addon)

    def service_notes(self, service: Service) -> Iterable[str]:
        modality = self.catalogue.modality_of(service)
        if service.locations and self.context.location is None:
            names = [self.catalogue.locations[ident].name for ident in service.locations]
            yield f"Only at {either(names, 'and')}."
        own = [c for c in service.requires if c not in self.common]
        special = list(dict.fromkeys((*modality.requires, *own)))
        if special:
            names = [self._credential(c) for c in special]
            yield f"Given by a therapist who holds: {either(names, 'and')}."
        note = specialty_note(self.catalogue, service)  # screening's own words
        if note:
            yield note

    def _credential(self, ident: str) -> str:
        known = self.catalogue.credentials.get(ident)
        return known.name if known else ident

    def _common_credentials(self) -> frozenset[str]:
        """Credentials services ask for that most of them do (a licence): not worth a note on
        each. A modality's own credentials are its specialty training, always noted."""
        services = list(self.catalogue.services.values())
        if len(services) < 2:
            return frozenset()
        counts = Counter(c for service in services for c in service.requires)
        return frozenset(c for c, count in counts.items() if count * 2 > len(services))

    def notes(self, rules: Iterable[Rule]) -> tuple[Note, ...]:
        return tuple(Note(rule.label, _sentence(summarize(rule, self.words))) for rule in rules)

    def tax(self, tax: Any) -> str:
        rate = f"{decimal_text(tax.rate)}%"
        if tax.inclusive:
            return f"Prices include {tax.name}, {rate}."
        return f"{tax.name}: {rate}, added to {self.words.targets(tax.applies_to)}."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
