"""A service menu as clients read it: what the templates render.

Everything here is already worded and formatted for the reader's locale, the clinic's own or
one of its `locales` (prices through Babel: "$95.00", "95,00 €", "¥9,500"; the catalogue's
text from its translations; servicekit's words from its message catalogues), so a template
only lays it out. A clinic's own template (`servicekit menu --template FILE`) gets the same
`menu` object; docs/menus.md lists its fields.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from babel import Locale
from babel.numbers import format_percent

from servicekit.errors import ServicekitError
from servicekit.exporting.context import ExportContext
from servicekit.formatting import format_money
from servicekit.i18n import _, join, translating
from servicekit.i18n.catalogue_text import localized
from servicekit.model.catalogue import AddOn, Catalogue, Rule, Service, Variation
from servicekit.model.money import Money
from servicekit.pricing.compiled import CompiledRule, compiled
from servicekit.pricing.stages import LineInfo
from servicekit.pricing.summaries import describe_when, summarize
from servicekit.screening.wording import specialty_notes

OFFER_STAGES = ("plan", "line-discount", "order-discount", "bundle")
"""Rules shown as offers: packages, memberships, discounts and bundles."""
POLICY_STAGES = ("deposit", "fee", "gratuity")
SHOWN_ELSEWHERE = frozenset((*OFFER_STAGES, *POLICY_STAGES, "base"))
"""Rules shown as policies. Price-setting rules are shown as price lists with what they price;
every other rule (surcharges, price endings, plugins' own stages) is "good to know"."""


class MenuError(ServicekitError):
    """A menu that cannot be made as asked: an unknown locale, format or template."""


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
    """Plain-language notes: where it is offered, specialty training, a doctor's approval."""
    only_at: str | None = None
    """Where it is offered when some locations do not offer it ("Only at King West."), in
    the reader's words; None when every location does, and on one location's menu."""

    def length(self, minutes: int) -> Length | None:
        """Its length of `minutes`, or None: for a price list with a column per length."""
        return next((length for length in self.lengths if length.minutes == minutes), None)


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
    """The catalogue's `Clinic`: name, address, phone, email, website (its name and address
    in the menu's locale)."""
    location: Any
    """The `Location` the menu is for, or None."""
    locations: tuple[Any, ...]
    """Every `Location` of the clinic when the menu is for all of them; else empty."""
    locale: str
    """The locale the menu is written in, e.g. "en_US"."""
    language: str
    """BCP 47 language tag for the page, e.g. "en-US"."""
    categories: tuple[MenuCategory, ...]
    addons: tuple[MenuAddOn, ...]
    offers: tuple[Note, ...]
    good_to_know: tuple[Note, ...]
    """Surcharges, price endings and other rules that change a price: what to expect."""
    policies: tuple[Note, ...]
    taxes: tuple[str, ...]
    """How taxes apply, e.g. "Prices include MwSt., 19 %."."""
    lengths: tuple[tuple[int, str], ...] = ()
    """Every length the menu offers, shortest first: (minutes, "60 min")."""


def build_menu(
    catalogue: Catalogue, location: str | None = None, *, locale: str | None = None
) -> Menu:
    """The menu of `catalogue` (at `location`: what it offers, at its prices), in `locale`
    (default: the clinic's own; one of its `locales` shows their translations)."""
    from servicekit.exporting import find_location

    context = ExportContext(catalogue, find_location(catalogue, location))
    locale = check_locale(locale) if locale else catalogue.clinic.locale
    with translating(locale):
        return _Builder(context, locale).menu()


def check_locale(locale: str) -> str:
    """A locale a menu can be written in ("de-DE" is de_DE), or a `MenuError` saying why not."""
    from servicekit.errors import Invalid
    from servicekit.loading.scalars import SCALARS
    from servicekit.model.fields import LocaleId

    try:
        return str(SCALARS[LocaleId].check(locale.replace("-", "_")))
    except Invalid as error:
        raise MenuError(error.message, hint=error.hint) from None


class _Builder:
    def __init__(self, context: ExportContext, locale: str) -> None:
        self.context = context
        self.catalogue = context.catalogue
        self.locale = locale
        self.own = self.catalogue.clinic.locale
        self.pricing = compiled(self.catalogue)
        self.words = self.pricing.words.reading(locale, self.catalogue)
        """How rule summaries name things and write money, for the menu's readers."""
        base = {rule.id: rule for rule in self.pricing.by_stage["base"]}
        self.set_prices = [(rule, base[rule.id]) for _, rule in context.rules if rule.id in base]
        self.addons = {addon.id: self.addon(addon) for addon in context.addons}
        self.common = self._common_credentials()

    def text(self, entry: Any, field: str = "name") -> Any:
        """An entry's text for the menu's readers: its translation, or as written."""
        return localized(entry, field, self.locale, self.own)

    def menu(self) -> Menu:
        context, clinic = self.context, self.catalogue.clinic
        categories = []
        for category in self.catalogue.categories.values():
            services = [s for s in context.services if s.category == category.id]
            if services:
                categories.append(
                    MenuCategory(
                        category.id,
                        self.text(category),
                        self.text(category, "description"),
                        tuple(self.service(service) for service in services),
                    )
                )
        rules = [rule for _, rule in context.rules]
        locale = Locale.parse(self.locale)
        return Menu(
            clinic=attrs.evolve(
                clinic, name=self.text(clinic), address=self.text(clinic, "address")
            ),
            location=context.location,
            locations=() if context.location else tuple(self.catalogue.locations.values()),
            locale=self.locale,
            language="-".join(filter(None, (locale.language, locale.territory))),
            categories=tuple(categories),
            addons=tuple(self.addons.values()),
            offers=self.notes(r for r in rules if r.params.stage in OFFER_STAGES),
            good_to_know=self.notes(r for r in rules if r.params.stage not in SHOWN_ELSEWHERE),
            policies=self.notes(r for r in rules if r.params.stage in POLICY_STAGES),
            taxes=tuple(self.tax(tax) for tax in context.taxes),
            lengths=tuple(
                (minutes, _("%(minutes)s min", minutes=minutes))
                for minutes in sorted(
                    {v.duration for service in context.services for v in service.variations}
                )
            ),
        )

    def money(self, amount: Money) -> str:
        return format_money(amount, self.locale)

    def service(self, service: Service) -> MenuService:
        modality = self.catalogue.modality_of(service)
        lengths = tuple(
            Length(
                minutes=variation.duration,
                label=self.for_guests(self.length(variation), service),
                price=self.money(price := self.context.price(service, variation.duration)),
                amount=price,
                online=variation.online,
            )
            for variation in service.variations
        )
        return MenuService(
            id=service.id,
            name=self.text(service),
            description=self.text(service, "description"),
            modality=modality.name,
            lengths=lengths,
            addons=tuple(self.addons[i] for i in service.addons if i in self.addons),
            price_lists=tuple(self.service_price_lists(service)),
            notes=tuple(self.service_notes(service)),
            only_at=self.only_at(service),
        )

    @staticmethod
    def length(variation: Variation) -> str:
        return variation.name or _("%(minutes)s min", minutes=variation.duration)

    @staticmethod
    def for_guests(length: str, service: Service) -> str:
        """A length of a service for several guests, saying whom its price is for."""
        if service.guests == 1:
            return length
        if service.priced_per == "guest":
            return _("%(length)s, per guest", length=length)
        return _("%(length)s, for %(guests)s", length=length, guests=service.guests)

    def addon(self, addon: AddOn) -> MenuAddOn:
        price = self.context.addon_price(addon)
        return MenuAddOn(
            id=addon.id,
            name=self.text(addon),
            price=self.money(price) if price else _("included"),
            minutes=addon.minutes,
            description=self.text(addon, "description"),
            price_lists=tuple(self.addon_price_lists(addon)),
        )

    def service_price_lists(self, service: Service) -> Iterable[PriceList]:
        """Member, level, time and location prices: price-setting rules that hold for some."""
        for rule, base in self.set_prices:
            if base.targets.line("service", service, None):
                prices = [
                    (self.length(variation), price)
                    for variation in service.variations
                    if (price := self._set_price(base, service, None, variation))
                ]
                yield from self._price_list(rule, prices)
        for ident, location in self.catalogue.locations.items():
            differ = [
                (self.length(v), price)
                for v in service.variations
                if (price := self.context.location_prices(service, v.duration).get(ident))
            ]
            if differ:
                yield PriceList(_("At %(place)s", place=location.name), self._listed(differ), "")

    def addon_price_lists(self, addon: AddOn) -> Iterable[PriceList]:
        for rule, base in self.set_prices:
            if base.targets.line("addon", None, addon):
                price = self._set_price(base, None, addon, addon)
                yield from self._price_list(rule, [(None, price)] if price else [])
        if self.context.location is None:
            listed = self.context.addon_price(addon)
            for ident, location in self.catalogue.locations.items():
                here = self.context.addon_price(addon, ident)
                if here != listed:
                    yield PriceList(_("At %(place)s", place=location.name), self.money(here), "")

    def _price_list(
        self, rule: Rule, prices: Sequence[tuple[str | None, Money]]
    ) -> Iterable[PriceList]:
        if prices:
            when = "; ".join(describe_when(rule, self.pricing, self.words))
            yield PriceList(self.label(rule), self._listed(prices), when)

    def _listed(self, prices: Sequence[tuple[str | None, Money]]) -> str:
        """ "$80.00 (60 min), $115.00 (90 min)", or one price by itself."""
        return ", ".join(
            _("%(price)s (%(length)s)", price=self.money(price), length=label)
            if label
            else self.money(price)
            for label, price in prices
        )

    def _set_price(
        self, rule: CompiledRule, service: Service | None, addon: AddOn | None, priced: Any
    ) -> Money | None:
        """The price a set-price rule gives a length of a service or an add-on, ended as the
        list prices are (quoting ends it the same way)."""
        if service is not None:
            line = LineInfo("service", service.id, priced.duration, priced.price)
        else:
            line = LineInfo("addon", addon.id, None, priced.price)  # type: ignore[union-attr]
        where = self.context.location.id if self.context.location else None
        price = self.pricing.listed_price(self.catalogue, rule, line, where)
        return None if price is None else self.context.end(price, service, addon)

    def only_at(self, service: Service) -> str | None:
        if not service.locations or self.context.location is not None:
            return None
        places = [self.catalogue.locations[ident].name for ident in service.locations]
        return _("Only at %(places)s.", places=join(places))

    def service_notes(self, service: Service) -> Iterable[str]:
        modality = self.catalogue.modality_of(service)
        where = self.only_at(service)
        if where:
            yield where
        own = [c for c in service.requires if c not in self.common]
        special = list(dict.fromkeys((*modality.requires, *own)))
        if special:
            names = [self._credential(c) for c in special]
            yield _("Given by a therapist who holds: %(credentials)s.", credentials=join(names))
        # As screening has it: its own words, for the specialty work built for some clients.
        yield from specialty_notes(self.catalogue, service, self.text(service))

    def _credential(self, ident: str) -> str:
        known = self.catalogue.credentials.get(ident)
        return self.text(known) if known else ident

    def _common_credentials(self) -> frozenset[str]:
        """Credentials services ask for that most of them do (a licence): not worth a note on
        each. A modality's own credentials are its specialty training, always noted."""
        services = list(self.catalogue.services.values())
        if len(services) < 2:
            return frozenset()
        counts = Counter(c for service in services for c in service.requires)
        return frozenset(c for c, count in counts.items() if count * 2 > len(services))

    def label(self, rule: Rule) -> str:
        return self.text(rule) if rule.name else rule.id

    def notes(self, rules: Iterable[Rule]) -> tuple[Note, ...]:
        return tuple(
            Note(self.label(rule), _sentence(summarize(rule, self.pricing, self.words)))
            for rule in rules
        )

    def tax(self, tax: Any) -> str:
        rate = format_percent(tax.rate / 100, locale=self.locale, decimal_quantization=False)
        if tax.inclusive:
            return _("Prices include %(tax)s, %(rate)s.", tax=self.text(tax), rate=rate)
        return _(
            "%(tax)s: %(rate)s, added to %(targets)s.",
            tax=self.text(tax),
            rate=rate,
            targets=self.words.targets(tax.applies_to),
        )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
