"""The catalogue: what a clinic offers, at what price, and who may perform it.

These frozen classes are both the shape of the TOML file (the loading edge structures the file
into them with cattrs) and the objects pricing, screening, exports and menus work on. Each
field's `doc` is what `servicekit schema catalogue` and docs/catalogue-format.md say about it.
"""

# Annotations are objects here, not strings (no `from __future__ import annotations`): the
# loading edge reads each table by its fields' types, and a string is compiled to resolve it
# in every process that reads a catalogue. Names only a type checker imports are quoted.

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicekit.errors import Invalid
from servicekit.model.fields import (
    CurrencyCode,
    Date,
    ExtraMinutes,
    Id,
    LocaleId,
    Minutes,
    Name,
    Percent,
    PromoCode,
    Text,
    TimeOfDay,
    TimezoneId,
    Weekday,
)
from servicekit.model.money import Money, Rounding
from servicekit.model.shown import Shown

if TYPE_CHECKING:
    from servicekit.errors import Problem
    from servicekit.model.contributions import AddOnType, Exporter, Modality, RuleType
    from servicekit.model.engines import Engines, Pricer
    from servicekit.model.export import Export
    from servicekit.model.quote import Quote
    from servicekit.model.recommendation import Recommendations
    from servicekit.model.screening import Screening
    from servicekit.model.visit import VisitItem
    from servicekit.model.vocabulary import Vocabulary


def doc(text: str, **kwargs: Any) -> Any:
    """An attrs field documented for the schema and the format reference."""
    return attrs.field(metadata={"doc": text}, **kwargs)


EMPTY: Mapping[str, Any] = MappingProxyType({})


def frozen(value: Any) -> Any:
    """A read-only copy of TOML data: tables as read-only mappings, arrays as tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    return value


def frozen_mapping(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only copy; every empty one is the same object (quotes make many)."""
    return MappingProxyType(dict(value)) if value else EMPTY


@attrs.frozen(repr=False)
class Translation(Shown):
    """An entry's text in another locale: what readers of that locale see instead."""

    name: Name | None = doc("Its name in this locale.", default=None)
    description: Text | None = doc("Its description in this locale.", default=None)


@attrs.frozen(repr=False)
class ClinicTranslation(Shown):
    """The clinic's name and address in another locale, where they differ."""

    name: Name | None = doc("The clinic's name in this locale.", default=None)
    address: Text | None = doc("The postal address as written in this locale.", default=None)


TRANSLATIONS_DOC = (
    "Its text in other locales, by locale (de_DE, or de for every German locale): "
    '{ de_DE = { name = "Klassische Massage", description = "..." } }. A menu in a locale '
    "without one shows the text above."
)


def translations(text: str = TRANSLATIONS_DOC) -> Any:
    """The `translations` field of an entry with text for readers."""
    return doc(text, factory=dict, converter=frozen_mapping)


@attrs.frozen(repr=False)
class Clinic(Shown):
    """Who the catalogue belongs to and how its money and time are read."""

    name: Name = doc("The clinic's name, as clients see it.")
    currency: CurrencyCode = doc("ISO 4217 code of every price in the catalogue, e.g. USD.")
    locale: LocaleId = doc("Locale for formatting prices and dates for people, e.g. en_US.")
    timezone: TimezoneId = doc("IANA time zone that times and days are read in.")
    rounding: Rounding = doc(
        "How amounts are rounded to the currency's minor units.", default="half-up"
    )
    address: Text | None = doc("Postal address, printed on menus.", default=None)
    phone: Name | None = doc("Phone number, printed on menus.", default=None)
    email: Name | None = doc("Email address, printed on menus.", default=None)
    website: Name | None = doc("Website, printed on menus.", default=None)
    holidays: tuple[Date, ...] = doc(
        "Dates the clinic treats as holidays (rules can apply on or off them).", default=()
    )
    locales: tuple[LocaleId, ...] = doc(
        'Other locales its menu is offered in, e.g. ["en_US"]: `servicekit check` warns of '
        "text without a translation in them, and `servicekit menu --locale` renders them.",
        default=(),
    )
    translations: Mapping[LocaleId, ClinicTranslation] = translations(
        'Its name and address in other locales, by locale: { en_US = { name = "..." } }.'
    )


@attrs.frozen(repr=False)
class Location(Shown):
    """A place where the clinic works (one clinic may have several)."""

    id: Id
    name: Name = doc("The location's name, e.g. Downtown.")
    address: Text | None = doc("Postal address.", default=None)
    phone: Name | None = doc("Phone number.", default=None)
    pos_ids: Mapping[Id, Name] = doc(
        "The location's id in point-of-sale systems, by system, e.g. "
        '{ square = "L8YBQ3AXVKA3K" }: exports use it to limit objects to locations.',
        factory=dict,
        converter=frozen_mapping,
    )


@attrs.frozen(repr=False)
class Credential(Shown):
    """A qualification a therapist holds, e.g. a licence or a specialty certificate."""

    id: Id
    name: Name = doc("What the credential is called, e.g. Certified Lymphedema Therapist.")
    description: Text | None = doc("Who issues it and what it certifies.", default=None)
    translations: Mapping[LocaleId, Translation] = translations()


@attrs.frozen(repr=False)
class Level(Shown):
    """A therapist level that can be priced differently, e.g. senior or master therapist."""

    id: Id
    name: Name = doc("What clients see, e.g. Senior therapist.")
    order: int = doc("Position when levels are listed; lower comes first.", default=0)
    description: Text | None = doc("What sets this level apart.", default=None)


@attrs.frozen(repr=False)
class Category(Shown):
    """A heading of the service menu."""

    id: Id
    name: Name = doc("The heading clients see, e.g. Therapeutic massage.")
    order: int = doc("Position on the menu; lower comes first, ties by id.", default=0)
    description: Text | None = doc("A line under the heading.", default=None)
    translations: Mapping[LocaleId, Translation] = translations()


@attrs.frozen(repr=False)
class Variation(Shown):
    """One bookable length of a service, with its price."""

    duration: Minutes = doc("Hands-on time in minutes.")
    price: Money = doc('Price in the clinic currency, written "95.00" or 95.00.')
    buffer: ExtraMinutes = doc(
        "Minutes blocked after the session for notes, cleaning and turnover.", default=0
    )
    online: bool = doc("Whether clients may book this length online.", default=True)
    name: Name | None = doc('A name for this length; default "60 min".', default=None)

    @property
    def label(self) -> str:
        return self.name or f"{self.duration} min"


@attrs.frozen(repr=False)
class Service(Shown):
    """A service on the menu: a modality, offered in one or more lengths."""

    id: Id
    name: Name = doc("The service's name on the menu.")
    category: Id = doc("Id of the category it is listed under.")
    modality: Id = doc("Id of its modality, from a plugin or from [modalities].")
    variations: tuple[Variation, ...] = doc("The lengths it is offered in, each with a price.")
    description: Text | None = doc("What the client gets, in plain words.", default=None)
    addons: tuple[Id, ...] = doc("Ids of the add-ons that may be booked with it.", default=())
    requires: tuple[Id, ...] = doc(
        "Credential ids a therapist needs to perform it, besides what its modality requires.",
        default=(),
    )
    locations: tuple[Id, ...] = doc(
        "Location ids where it is offered; empty means every location.", default=()
    )
    guests: int = doc(
        "How many guests one booking of it is for, side by side: 2 for a couples massage.",
        default=1,
    )
    priced_per: Literal["booking", "guest"] = doc(
        'For a service for several guests: its prices are for the booking ("booking") or '
        'for each guest ("guest").',
        default="booking",
    )
    translations: Mapping[LocaleId, Translation] = translations()

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.guests <= 20:
            raise Invalid("`guests` is from 1 to 20", hint="2 for a couples massage")
        if self.priced_per == "guest" and self.guests == 1:
            raise Invalid(
                '`priced_per = "guest"` is for a service for several guests',
                hint="give `guests`, e.g. guests = 2, or leave priced_per out",
            )

    def variation(self, duration: int) -> Variation | None:
        """The variation of this length, or None."""
        for variation in self.variations:
            if variation.duration == duration:
                return variation
        return None


@attrs.frozen(repr=False)
class AddOn(Shown):
    """Something added to a session for a price: hot stones, aromatherapy, cupping."""

    id: Id
    name: Name = doc("The add-on's name on the menu.")
    price: Money = doc("Price in the clinic currency.")
    minutes: ExtraMinutes = doc("Minutes it adds to the session.", default=0)
    taxable: bool = doc("Whether taxes that cover add-ons apply to it.", default=True)
    description: Text | None = doc("What the client gets.", default=None)
    type: Id | None = doc(
        "Id of the add-on type a plugin contributes (its screening properties follow it); "
        "default: the add-on's own id when such a type exists.",
        default=None,
    )
    properties: tuple[Id, ...] | None = doc(
        "What screening must know of it besides its type's properties: heat, essential-oil, "
        "nut-oil, suction, cannabinoid, ... (`servicekit conditions` lists them); [] for none. "
        "An add-on with neither a type nor properties is screened as having every one.",
        default=None,
    )
    translations: Mapping[LocaleId, Translation] = translations()


@attrs.frozen(repr=False)
class Tax(Shown):
    """A tax charged on services and add-ons."""

    id: Id
    name: Name = doc("The tax as printed on a receipt, e.g. Sales tax.")
    rate: Percent = doc('Rate in percent, e.g. "8.25".')
    inclusive: bool = doc("True when prices already include the tax.", default=False)
    applies_to: tuple[str, ...] = doc(
        'What it is charged on: "services", "addons", "service:ID", "addon:ID", "category:ID".',
        default=("services", "addons"),
    )
    exempt_tags: tuple[Id, ...] = doc(
        "Client tags that exempt a booking, e.g. physician-referral.", default=()
    )
    locations: tuple[Id, ...] = doc(
        "Location ids where it is charged; empty means every location.", default=()
    )
    translations: Mapping[LocaleId, Translation] = translations(
        'Its name in other locales, by locale: { en = { name = "VAT" } }.'
    )


@attrs.frozen(repr=False)
class GiftBonus(Shown):
    """A promotion on gift certificates: buying one of at least `buy` adds `get` to it."""

    buy: Money = doc("Buying a certificate of at least this amount ...")
    get: Money = doc("... adds this much promotional value to it.")
    valid_from: Date | None = doc("The promotion runs from this date on.", default=None)
    valid_until: Date | None = doc(
        "The promotion runs up to and including this date.", default=None
    )
    valid_days: int | None = doc(
        "The promotional value expires this many days after purchase (it was not paid for, "
        "so it may expire where the value paid may not); leave it out for never.",
        default=None,
    )

    def __attrs_post_init__(self) -> None:
        if not self.buy or not self.get:
            raise Invalid("a bonus needs `buy` and `get` above 0")
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise Invalid("`valid_until` is before `valid_from`")
        if self.valid_days is not None and self.valid_days < 1:
            raise Invalid("`valid_days` must be 1 or more")


@attrs.frozen(repr=False)
class GiftCards(Shown):
    """The gift certificates the clinic sells: fixed amounts, a range of amounts the buyer
    chooses from, or both. Never taxed and never discounted when bought; a tender after tax
    when used."""

    name: Name = doc("What clients see on a quote or receipt.", default="Gift certificate")
    amounts: tuple[Money, ...] = doc(
        'The fixed amounts sold, e.g. ["50.00", "100.00", "150.00"].', default=()
    )
    min: Money | None = doc("The least amount a buyer may choose (with `max`).", default=None)
    max: Money | None = doc("The most a buyer may choose (with `min`).", default=None)
    valid_days: int | None = doc(
        "The value paid expires this many days after purchase. Leave it out where the law "
        "forbids expiry: in the US not within five years (1826 days), and several states "
        "forbid any; `servicekit check` warns of less than five years in a USD catalogue.",
        default=None,
    )
    bonuses: tuple[GiftBonus, ...] = doc(
        'Promotions: [{ buy = "100.00", get = "20.00" }]; a certificate gets the largest '
        "bonus it qualifies for.",
        default=(),
    )

    def __attrs_post_init__(self) -> None:
        if not self.amounts and self.min is None and self.max is None:
            raise Invalid("gift certificates need `amounts`, or `min` and `max`")
        if (self.min is None) != (self.max is None):
            raise Invalid("a range of amounts needs both `min` and `max`")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise Invalid("`min` is more than `max`")
        if any(not amount for amount in self.amounts) or (self.min is not None and not self.min):
            raise Invalid("a gift certificate is for more than 0")
        if len(set(self.amounts)) < len(self.amounts):
            raise Invalid("`amounts` lists an amount twice")
        if self.valid_days is not None and self.valid_days < 1:
            raise Invalid("`valid_days` must be 1 or more")

    def sells(self, amount: Money) -> bool:
        """Whether a certificate of this amount is sold."""
        if amount in self.amounts:
            return True
        return self.min is not None and self.max is not None and self.min <= amount <= self.max

    def bonus(self, amount: Money, day: dt.date) -> GiftBonus | None:
        """The largest promotion a certificate of `amount` bought on `day` gets."""
        running = [
            bonus
            for bonus in self.bonuses
            if bonus.buy <= amount
            and (bonus.valid_from is None or bonus.valid_from <= day)
            and (bonus.valid_until is None or day <= bonus.valid_until)
        ]
        return max(running, key=lambda bonus: bonus.get.amount, default=None)


@attrs.frozen(repr=False)
class When(Shown):
    """Conditions under which a rule applies; all that are given must hold.

    Times and days are read in the clinic's time zone (the booking's location's, if it has one).
    """

    tags: tuple[Id, ...] = doc(
        "The client has at least one of these tags, e.g. member.", default=()
    )
    not_tags: tuple[Id, ...] = doc("The client has none of these tags.", default=())
    first_visit: bool | None = doc(
        "true: only on a client's first visit (the booking has the first-visit tag); "
        "false: never on it.",
        default=None,
    )
    promo: PromoCode | None = doc("The client gave this promotion code.", default=None)
    max_uses: int | None = doc(
        "The promotion code may be redeemed this many times in all.", default=None
    )
    days: tuple[Weekday, ...] = doc("On these days of the week.", default=())
    after: TimeOfDay | None = doc('Starting at or after this time, e.g. "17:00".', default=None)
    before: TimeOfDay | None = doc('Starting before this time, e.g. "21:00".', default=None)
    valid_from: Date | None = doc("From this date on.", default=None)
    valid_until: Date | None = doc("Up to and including this date.", default=None)
    holiday: bool | None = doc(
        "true: only on the clinic's holidays; false: never on them.", default=None
    )
    min_duration: Minutes | None = doc("The session is at least this many minutes.", default=None)
    locations: tuple[Id, ...] = doc("At one of these locations.", default=())
    levels: tuple[Id, ...] = doc("With a therapist of one of these levels.", default=())
    min_subtotal: Money | None = doc(
        "The booking's subtotal before discounts is at least this.", default=None
    )


RULE_TARGETS_DOC = (
    'What the rule prices: "services", "addons", "service:ID", "addon:ID", "category:ID".'
)


@attrs.frozen(repr=False)
class RuleSpec(Shown):
    """A `[[rules]]` entry as written: its type's own keys not yet checked."""

    id: Id = doc("The rule's id, shown in quotes and audit trails.")
    type: Id = doc("The rule type, contributed by a plugin.")
    name: Name | None = doc("What clients see on a quote, e.g. Member price.", default=None)
    description: Text | None = doc("What the rule is for.", default=None)
    applies_to: tuple[str, ...] = doc(RULE_TARGETS_DOC, default=("services", "addons"))
    when: When = doc("Conditions under which it applies.", factory=When)
    priority: int = doc(
        "Among rules of equal standing, higher priority is considered first.", default=0
    )
    translations: Mapping[LocaleId, Translation] = translations(
        "Its name and description in other locales, by locale: "
        '{ de_DE = { name = "Mitgliederpreis" } }.'
    )
    params: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)


@attrs.frozen(repr=False)
class Rule(Shown):
    """A pricing rule: an instance of a rule type contributed by a plugin.

    `type` is the `RuleType` record (its `name`, `params` class and `summary`), not its name;
    `params` is an instance of the type's parameter class holding the rule's own keys, and
    also its behaviour (docs/pricing.md, "Writing a rule type"). `when` holds the built-in
    conditions as written; `plugin_when` the values of the conditions plugins contribute
    (`servicekit_conditions`), by their `when` key.
    """

    id: Id
    type: "RuleType"
    params: Any
    name: Name | None = None
    description: Text | None = None
    applies_to: tuple[str, ...] = ("services", "addons")
    when: When = attrs.field(factory=When)
    priority: int = 0
    translations: Mapping[str, Translation] = attrs.field(factory=dict, converter=frozen_mapping)
    plugin_when: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)

    @property
    def label(self) -> str:
        return self.name or self.id


@attrs.frozen(eq=False, repr=False)
class Catalogue(Shown):
    """A validated, built catalogue. Immutable; build a new one to change it.

    Two catalogues are equal only when they are the same object: compare what they hold.

    `modalities` holds every modality the catalogue may use (contributed by plugins or defined
    in the catalogue); `providers` says who contributed each (a plugin name or "catalogue").
    """

    clinic: Clinic
    services: Mapping[str, Service] = attrs.field(converter=frozen_mapping)
    addons: Mapping[str, AddOn] = attrs.field(converter=frozen_mapping)
    categories: Mapping[str, Category] = attrs.field(converter=frozen_mapping)
    credentials: Mapping[str, Credential] = attrs.field(converter=frozen_mapping)
    locations: Mapping[str, Location] = attrs.field(converter=frozen_mapping)
    levels: Mapping[str, Level] = attrs.field(converter=frozen_mapping)
    modalities: "Mapping[str, Modality]" = attrs.field(converter=frozen_mapping)
    addon_types: "Mapping[str, AddOnType]" = attrs.field(converter=frozen_mapping)
    taxes: Mapping[str, Tax] = attrs.field(converter=frozen_mapping)
    rules: tuple[Rule, ...]
    providers: Mapping[tuple[str, str], str] = attrs.field(converter=frozen_mapping)
    exporters: "Mapping[str, Exporter]" = attrs.field(converter=frozen_mapping, factory=dict)
    """The export formats plugins contribute, by name."""
    plugin_settings: Mapping[str, Mapping[str, Any]] = attrs.field(
        converter=lambda value: frozen_mapping({k: frozen(v) for k, v in value.items()}),
        factory=dict,
    )
    """The `[plugins.<name>]` tables, read-only, by plugin name: each plugin reads and checks
    its own (in `servicekit_validate_catalogue`)."""
    policies: Mapping[str, str] = attrs.field(converter=frozen_mapping, factory=dict)
    """The `[screening] policies` plugins' checks read, for a plugin to check its own."""
    _engines: "Engines" = attrs.field(kw_only=True, eq=False, repr=False, alias="engines")
    """What building compiled for pricing, screening and exporting, which `quote()`,
    `screen()`, `recommend()` and `export()` delegate to."""
    _screening: Any = attrs.field(kw_only=True, eq=False, repr=False, alias="screening")
    """The contraindication rules and checks, merged and compiled when it was built (the
    screening engine's `CompiledScreening`)."""
    source: str | None = None
    warnings: "tuple[Problem, ...]" = ()
    gift_cards: GiftCards | None = None
    """The gift certificates it sells (`[gift_cards]`), if any."""

    @property
    def currency(self) -> str:
        return self.clinic.currency

    @property
    def vocabulary(self) -> "Vocabulary":
        """The words this catalogue's intakes may use: servicekit's and its plugins'."""
        words: Vocabulary = self._screening.vocabulary
        return words

    @property
    def pricing(self) -> "Pricer":
        """The rules as quoting compiled them (`servicekit.pricing.compiled.Pricing`, which
        `servicekit.pricing.compiled.compiled()` gives typed): for exporters and menus that
        show what the rules do."""
        return self._engines.pricing

    def quote(
        self,
        service: str | None = None,
        duration: int | None = None,
        *,
        items: "Iterable[VisitItem | Mapping[str, Any] | str] | None" = None,
        addons: Iterable[str] | Mapping[str, int] = (),
        at: dt.datetime | str | None = None,
        tags: Iterable[str] = (),
        promos: Iterable[str] = (),
        location: str | None = None,
        therapist_level: str | None = None,
        guests: Mapping[str, Mapping[str, Any]] | None = None,
        redeem: str | None = None,
        plans: Mapping[str, Mapping[str, Any]] | None = None,
        buy: str | None = None,
        pay_with: Iterable[str] = (),
        promo_uses: Mapping[str, int] | None = None,
        locale: str | None = None,
    ) -> "Quote":
        """Price a booking of one service (and duration) with add-ons, a visit of several
        items, or buying a plan or a gift certificate.

        `items` makes it a visit: each a `servicekit.VisitItem`, a dict of its fields
        (`{"service", "duration", "addons", "guest", "redeem", "start"}`) or the command
        line's short form (`"deep-tissue:90+hot-stones@ann"`); they follow each other in
        time from `at`, each guest's after their last. `at` is the start (a naive time is the
        clinic's local time; default now); `tags` describe the clients (member, first-visit,
        ...) and `guests` each guest's own (`{"ann": {"tags": ["member"]}}`); `redeem` pays
        the one service with a package or membership (in a visit, each item's `redeem`);
        `plans` says what the clients hold of them (`{"five-pack": {"holder": "ann",
        "sessions_left": 3, "bought": "2026-01-10"}}`). `buy` quotes buying a plan, or a gift
        certificate (`"gift:100.00"`); `pay_with` gives gift certificates as tender
        (`["gift:50.00"]`), taken off the amount due after tax. `promo_uses` says how often
        each capped promotion code has been redeemed. `locale` is its reader's (e.g. de_DE):
        `to_dict()` then also says its lines, audit trail, deposit, fees and warnings in their
        language and money (`text`), beside the English; `Quote.said()` is that reading.
        Raises `BookingError`, naming the value and the valid choices, when it does not fit
        the catalogue.
        """
        if locale is not None:
            from servicekit.errors import BookingError
            from servicekit.i18n import reader_locale

            locale = reader_locale(locale, BookingError)
        quote = self._engines.pricing.quote(
            self,
            service,
            duration,
            items=items,
            addons=addons,
            at=at,
            tags=tags,
            promos=promos,
            location=location,
            therapist_level=therapist_level,
            guests=guests,
            redeem=redeem,
            plans=plans,
            buy=buy,
            pay_with=pay_with,
            promo_uses=promo_uses,
        )
        return quote if locale is None else quote.asked_in(locale)

    def screen(
        self,
        intake: Any,
        service: str,
        *,
        addons: Iterable[str] = (),
        at: dt.date | dt.datetime | str | None = None,
        credentials: Iterable[str] | None = None,
        locale: str | None = None,
    ) -> "Screening":
        """Screen a client's intake against booking `service` (with `addons`).

        `intake` is an `Intake`, a dict in the intake format, or the path of a TOML or JSON
        intake. `at` is the appointment (a date or date and time; default today): weeks of
        pregnancy, days since surgery and clearance expiry are taken then. `credentials` are
        the therapist's; without them the credentials needed are listed, not checked.
        `locale` is its reader's (e.g. de_DE): `to_dict()` then also says the verdict, the
        findings and what to do in their language (`text`), beside the English.
        Decision support for licensed therapists, not medical advice.
        """
        return self._engines.screening.screen(
            self, intake, service, addons=addons, at=at, credentials=credentials, locale=locale
        )

    def recommend(
        self,
        goals: Iterable[str],
        *,
        intake: Any = None,
        at: dt.date | dt.datetime | str | None = None,
    ) -> "Recommendations":
        """Services ranked by how well they serve the client's goals (relaxation,
        pain-relief, ...); with an intake, only those screening lets this client book (and,
        apart, those waiting on a physician's clearance)."""
        return self._engines.screening.recommend(self, goals, intake=intake, at=at)

    def export(
        self, format: str = "json", *, location: str | None = None, **options: Any
    ) -> "Export":
        """The catalogue in an export format ("json", "square", "csv" or a plugin's), with
        warnings naming what the format cannot express. `location` limits it to what one
        location offers, at its prices. `servicekit.export` gives the bytes alone."""
        return self._engines.exporting.export(self, format, location=location, options=options)

    def modality_of(self, service: Service) -> "Modality":
        return self.modalities[service.modality]

    def addon_type_of(self, addon: AddOn) -> "AddOnType | None":
        return self.addon_types.get(addon.type) if addon.type else None

    def addon_properties(self, addon: AddOn) -> frozenset[str] | None:
        """What screening knows the add-on does: its type's properties and its own; None
        when it has neither a type nor properties, so nothing is known."""
        kind = self.addon_type_of(addon)
        if kind is None and addon.properties is None:
            return None
        own = kind.properties if kind is not None and kind.properties is not None else frozenset()
        return own | frozenset(addon.properties or ())

    def credentials_for(self, service: Service) -> tuple[str, ...]:
        """Every credential a therapist needs for `service`: its own and its modality's."""
        required = dict.fromkeys(self.modality_of(service).requires)
        required.update(dict.fromkeys(service.requires))
        return tuple(required)
