"""Screening records: contraindication rules (data), checks (logic), and what they find.

Decision support for licensed therapists, not medical advice. Rules are data: the default pack
ships with servicekit, plugins add their own, and a catalogue's `[screening]` overrides them.
Checks are plugin code for what data cannot express; a check that fails makes the screening
incomplete, never clear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicekit import lazy
from servicekit.i18n import N_
from servicekit.model.catalogue import EMPTY, Translation, doc, frozen_mapping
from servicekit.model.fields import Id, LocaleId, Minutes, Name, Text, Walton
from servicekit.model.shown import Shown

if TYPE_CHECKING:
    from servicekit.model.catalogue import AddOn, Catalogue, Service
    from servicekit.model.contributions import Modality
    from servicekit.model.intake import Intake
    from servicekit.model.screening_result import (
        DISCLAIMER as DISCLAIMER,
    )
    from servicekit.model.screening_result import (
        Bookable as Bookable,
    )
    from servicekit.model.screening_result import (
        Screening as Screening,
    )
    from servicekit.model.screening_result import (
        Verdicts as Verdicts,
    )

Severity = Literal["block", "ask", "clearance", "local", "modify", "caution"]
Scope = Literal["session", "service", "addon", "region"]
Position = Literal["prone", "supine", "flat-supine", "side-lying", "seated"]
Verdict = Literal["clear", "modify", "clearance", "ask", "block", "incomplete"]

SEVERITIES: tuple[Severity, ...] = ("caution", "modify", "local", "clearance", "ask", "block")
"""From least to most restrictive. `ask` is a question for the client (an answer the intake
leaves out, or one it cannot use); `clearance` is an approval a physician must give. Neither is
bookable until resolved; the client's answers come first, as they may change everything."""

SCOPES: tuple[Scope, ...] = ("session", "service", "addon", "region")

VERDICTS: tuple[Verdict, ...] = ("clear", "modify", "clearance", "ask", "block", "incomplete")
"""From least to most restrictive; a failed check is worse than any answer."""

BOOKABLE: frozenset[Verdict] = frozenset({"clear", "modify"})
"""The verdicts a booking may go ahead with; any other waits, or is refused."""

# What screening an intake finds lives in `screening_result`, which only screening imports:
# this module gives it on first use (PEP 562), as it gave it before.
_EXPORTS = dict.fromkeys(
    ("Bookable", "DISCLAIMER", "Screening", "Verdicts"), "servicekit.model.screening_result"
)


def __getattr__(name: str) -> Any:
    return lazy.attribute(globals(), _EXPORTS, name)


@attrs.frozen(repr=False)
class WeekRange(Shown):
    """Weeks of pregnancy at the appointment, both ends included."""

    min: int = doc("From this week.", default=0)
    max: int = doc("Up to and including this week.", default=45)


@attrs.frozen(repr=False)
class Trigger(Shown):
    """What in an intake sets a rule off. Every key given must hold (`match = "all"`, the
    default) or at least one (`match = "any"`); within a list, any value will do."""

    conditions: tuple[Id, ...] = doc("The client has one of these conditions.", default=())
    medications: tuple[Id, ...] = doc("The client takes one of these classes.", default=())
    allergies: tuple[Id, ...] = doc("The client has one of these allergies.", default=())
    pregnant: bool | None = doc("The client is (true) or is not (false) pregnant.", default=None)
    pregnancy_weeks: WeekRange | None = doc(
        "Weeks of pregnancy at the appointment, e.g. { min = 20 }.", default=None
    )
    high_risk_pregnancy: bool | None = doc("The pregnancy is high-risk.", default=None)
    surgery_within_days: int | None = doc(
        "Surgery this many days or fewer before the appointment.", default=None
    )
    injury_within_days: int | None = doc(
        "An injury this many days or fewer before the appointment.", default=None
    )
    under_physician_care: bool | None = doc("The client is under a doctor's care.", default=None)
    match: Literal["all", "any"] = doc("Whether every key must hold, or one.", default="all")


@attrs.frozen(repr=False)
class RuleText(Shown):
    """A rule's words in another language; a key left out is shown as written."""

    name: Name | None = doc("Its name in this locale.", default=None)
    reason: Text | None = doc("Its reason in this locale.", default=None)
    modification: Text | None = doc("Its modification in this locale.", default=None)


TRANSLATED = (
    "Its words in other languages, by locale (de, or de_AT for Austria alone): "
    '{ de = { name = "...", reason = "...", modification = "..." } }. `servicekit screen '
    "--locale` shows them; JSON keeps the text above."
)


@attrs.frozen(repr=False)
class ScreeningRule(Shown):
    """A contraindication rule: when an intake sets it off, what it means for a booking."""

    id: Id
    name: Name = doc("What the rule is about, e.g. Osteoporosis.")
    when: Trigger = doc("What in the intake sets it off.")
    severity: Severity = doc("block, clearance, local, modify or caution.")
    scope: Scope = doc("What it affects: the session, a service, an add-on or body regions.")
    reason: Text = doc("Why, in words a therapist shows a client.")
    sources: tuple[Name, ...] = doc("Keys of the sources it comes from.")
    modification: Text | None = doc("How to adapt the session.", default=None)
    tier: Literal["A", "B", "C"] | None = doc("The evidence tier of its sources.", default=None)
    row: int | None = doc("The researched row it comes from.", default=None)
    modalities: tuple[Id, ...] = doc("Ids of modalities it concerns.", default=())
    modality_properties: tuple[Id, ...] = doc(
        "It concerns modalities with one of these properties, e.g. lymphatic-drainage.",
        default=(),
    )
    deep_work: bool = doc(
        "It concerns deep work: modalities whose pressure reaches Walton 4 or more.",
        default=False,
    )
    specialty: bool = doc(
        "It concerns specialty work that needs a doctor's approval under their care.",
        default=False,
    )
    addon_properties: tuple[Id, ...] = doc(
        "Properties of the add-ons it concerns (scope addon), e.g. heat; a service whose "
        "modality has one is concerned too.",
        default=(),
    )
    addon_types: tuple[Id, ...] = doc("Add-on types it concerns (scope addon).", default=())
    max_pressure: Walton | None = doc("The deepest pressure allowed, Walton 0-5.", default=None)
    avoid_positions: tuple[Position, ...] = doc("Positions to avoid.", default=())
    max_duration: Minutes | None = doc("The longest session allowed.", default=None)
    remove_addon_properties: tuple[Id, ...] = doc(
        "Add-ons with these properties are left out; a service whose modality has one is blocked.",
        default=(),
    )
    regions: tuple[Id, ...] = doc(
        "Body regions to avoid, besides those the intake names.", default=()
    )
    credential: Id | None = doc("A credential the therapist then needs.", default=None)
    translations: Mapping[LocaleId, RuleText] = doc(
        TRANSLATED, factory=dict, converter=frozen_mapping
    )

    def text(self, locale: str) -> RuleText:
        """Its name, reason and modification for readers of `locale`: each field's
        translation, or the field as written."""
        found = _translated(self.translations, locale)
        return RuleText(
            name=_first(found, "name") or self.name,
            reason=_first(found, "reason") or self.reason,
            modification=_first(found, "modification") or self.modification,
        )


def _translated(translations: Mapping[Any, Any], locale: str) -> list[Any]:
    """The translations for readers of `locale`, best first (written in English)."""
    if not translations:
        return []
    from servicekit.i18n.catalogue_text import translation_keys

    return [translations[key] for key in translation_keys(translations, locale, "en")]


def _first(found: list[Any], field: str) -> Any:
    return next((said for t in found if (said := getattr(t, field)) is not None), None)


def _read_only(value: Mapping[str, int]) -> Mapping[str, int]:
    """A read-only copy of `value`, or `value` when it is read-only already."""
    return value if isinstance(value, MappingProxyType) else frozen_mapping(value)


@attrs.frozen(repr=False)
class Constraints(Shown):
    """What a booking may still do: the most restrictive of every finding's limits.

    `max_pressure` holds for the whole session; `region_pressure` caps pressure on some body
    regions only (light touch on the legs after a clot, say).
    """

    max_pressure: int | None = None
    region_pressure: Mapping[str, int] = attrs.field(factory=dict, converter=_read_only)
    avoid_positions: tuple[str, ...] = ()
    max_duration: int | None = None
    remove_addons: tuple[str, ...] = ()
    avoid_regions: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(
            self.max_pressure is not None
            or self.region_pressure
            or self.avoid_positions
            or self.max_duration is not None
            or self.remove_addons
            or self.avoid_regions
        )

    def merge(self, other: Constraints) -> Constraints:
        return Constraints.combined((self, other))

    @classmethod
    def combined(cls, many: Iterable[Constraints]) -> Constraints:
        """The most restrictive of all: the least pressure and duration, every position,
        add-on and region to avoid (in the order first given)."""
        pressure: int | None = None
        duration: int | None = None
        regions: dict[str, int] = {}
        positions: list[str] = []
        addons: list[str] = []
        avoid: list[str] = []
        for one in many:  # most set one thing or two: look only at those
            if one.max_pressure is not None and (pressure is None or one.max_pressure < pressure):
                pressure = one.max_pressure
            if one.max_duration is not None and (duration is None or one.max_duration < duration):
                duration = one.max_duration
            if one.region_pressure:
                for region, level in one.region_pressure.items():
                    if level < regions.get(region, level + 1):
                        regions[region] = level
            positions += one.avoid_positions
            addons += one.remove_addons
            avoid += one.avoid_regions
        return cls(
            pressure,
            MappingProxyType(dict(sorted(regions.items()))) if regions else EMPTY,
            tuple(dict.fromkeys(positions)) if positions else (),
            duration,
            tuple(dict.fromkeys(addons)) if addons else (),
            tuple(dict.fromkeys(avoid)) if avoid else (),
        )

    def to_dict(self) -> dict[str, Any]:
        if self is NO_CONSTRAINTS:  # most findings set no limit
            return {
                "max_pressure": None,
                "region_pressure": {},
                "avoid_positions": [],
                "max_duration": None,
                "remove_addons": [],
                "avoid_regions": [],
            }
        return {
            "max_pressure": self.max_pressure,
            "region_pressure": dict(self.region_pressure),
            "avoid_positions": list(self.avoid_positions),
            "max_duration": self.max_duration,
            "remove_addons": list(self.remove_addons),
            "avoid_regions": list(self.avoid_regions),
        }


NO_CONSTRAINTS = Constraints()
"""The constraints of a finding that sets none: one shared instance (`Finding`'s default), so
that screening tells them apart by identity."""


def _texts(value: Mapping[str, FindingText]) -> Mapping[str, FindingText]:
    """A dict copied read-only; any other mapping (the engine's words, said when read) kept."""
    return frozen_mapping(value) if isinstance(value, dict) else value


@attrs.frozen(repr=False)
class FindingText(Shown):
    """A finding's words in another language: its reason, and what to do."""

    reason: str
    modification: str | None = None


# Not slotted: `but` makes a finding by giving it its __dict__ whole, for screening makes many.
@attrs.frozen(slots=False, repr=False)
class Finding(Shown):
    """One thing screening found, for the booking or for part of it.

    `subject` is the service or add-on it concerns (None for the session or body regions);
    `triggers` are the intake answers that set it off; `cleared_by` names the clearance on file
    that lifts a `clearance` finding. `reason` and `modification` are English (what JSON
    gives); `translations` says them in other languages, by locale (`{"de": FindingText(...)}`,
    as a plugin's check may give them), and `said(locale)` picks the reader's.
    """

    rule: str
    severity: Severity
    scope: Scope
    reason: str
    subject: str | None = None
    modification: str | None = None
    constraints: Constraints = NO_CONSTRAINTS
    credential: str | None = None
    sources: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    cleared_by: str | None = None
    origin: str | None = None
    """Who found it: "rule pack", "catalogue", a plugin's name, or "servicekit"."""
    translations: Mapping[str, FindingText] = attrs.field(
        factory=dict, converter=_texts, eq=False, repr=False
    )

    @property
    def lifted(self) -> bool:
        return self.cleared_by is not None

    def but(self, **changes: Any) -> Finding:
        """This finding with `changes`, each of the type its field holds (`translations`
        read-only already): what `attrs.evolve` makes, in a third of the time, for screening
        restates findings for every kind of service."""
        if type(self) is not Finding:  # a plugin's own kind of finding
            return attrs.evolve(self, **changes)
        finding = object.__new__(Finding)
        object.__setattr__(finding, "__dict__", self.__dict__ | changes)
        return finding

    def said(self, locale: str | None = None) -> FindingText:
        """Its reason and modification for readers of `locale` (default: the active one of
        `servicekit.i18n`): its translation, or the English where there is none."""
        if locale is None:
            from servicekit.i18n import active_locale

            locale = active_locale()
        found = _translated(self.translations, locale)
        return FindingText(
            reason=_first(found, "reason") or self.reason,
            modification=_first(found, "modification") or self.modification,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "scope": self.scope,
            "subject": self.subject,
            "reason": self.reason,
            "modification": self.modification,
            "constraints": self.constraints.to_dict(),
            "credential": self.credential,
            "sources": list(self.sources),
            "triggers": list(self.triggers),
            "cleared_by": self.cleared_by,
            "origin": self.origin,
        }


class Situation:
    """What a screening check sees: the client, the booking, and the clinic's policies.

    Read-only. servicekit notes what of the booking a check looks at: one that reads neither
    `service`, `modality`, `work` nor `addons` answers the same for every booking of this
    client; one that reads `work` (what the work is) but not `modality` or `service`, the same
    for every service whose work is the same; its answer is then worked out once for all of
    them (a menu of 100,000 services screens as fast as one of 100). Ask `work` rather than
    `modality` when what the work is will do: properties decide, not ids.
    """

    __slots__ = (
        "_addons",
        "_catalogue",
        "_day",
        "_intake",
        "_modality",
        "_policies",
        "_pregnancy_weeks",
        "_reads",
        "_service",
        "_work",
    )
    # Read-only: each attribute is a property without a setter (made with plain assignments,
    # as screening makes one for every kind of work it runs checks for).

    SERVICE, MODALITY, ADDONS, WORK = 1, 2, 4, 8
    """What a check read of the booking, as bits of `reads`."""

    def __init__(
        self,
        *,
        intake: Intake,
        catalogue: Catalogue,
        service: Service,
        modality: Modality,
        addons: tuple[AddOn, ...],
        day: dt.date,
        pregnancy_weeks: int | None,
        policies: Mapping[str, str],
        work: frozenset[str],
    ) -> None:
        self._intake = intake
        self._catalogue = catalogue
        self._service = service
        self._modality = modality
        self._addons = tuple(addons)
        self._work = work
        self._day = day
        self._pregnancy_weeks = pregnancy_weeks
        self._policies = (
            policies if isinstance(policies, MappingProxyType) else frozen_mapping(policies)
        )
        self._reads = 0

    @property
    def intake(self) -> Intake:
        """The client's intake."""
        return self._intake

    @property
    def catalogue(self) -> Catalogue:
        """The clinic's catalogue."""
        return self._catalogue

    @property
    def day(self) -> dt.date:
        """The appointment's day."""
        return self._day

    @property
    def pregnancy_weeks(self) -> int | None:
        """Weeks of pregnancy at the appointment, when the client is pregnant and it is known."""
        return self._pregnancy_weeks

    @property
    def policies(self) -> Mapping[str, str]:
        """The clinic's choice for every policy the loaded checks declare, defaults filled in."""
        return self._policies

    @property
    def service(self) -> Service:
        """The booked service (or the one screened for the list of what is bookable)."""
        self._reads |= 1  # Situation.SERVICE
        return self._service

    @property
    def modality(self) -> Modality:
        """The service's modality: what the work is."""
        self._reads |= 2  # Situation.MODALITY
        return self._modality

    @property
    def work(self) -> frozenset[str]:
        """What the work is, in the vocabulary's words (`lymphatic-drainage`, `prenatal`, ...):
        the modality's properties, or all of them when it does not say (fail closed)."""
        self._reads |= 8  # Situation.WORK
        return self._work

    @property
    def addons(self) -> tuple[AddOn, ...]:
        """The add-ons booked with it (none for the list of what is bookable)."""
        self._reads |= 4  # Situation.ADDONS
        return self._addons

    def read(self) -> int:
        """What of the booking checks read since the last call, as bits; and start again."""
        reads = self._reads
        self._reads = 0
        return reads

    def addon_properties(self, addon: AddOn) -> frozenset[str]:
        """What an add-on does, in the vocabulary's words. One whose catalogue entry states no
        type or properties is taken to do everything, as servicekit's own rules take it:
        screening fails closed."""
        known = self._catalogue.addon_properties(addon)
        if known is not None:
            return known
        return frozenset(self._catalogue.vocabulary.properties)

    def __repr__(self) -> str:
        return (
            f"Situation(service={self._service.id!r}, modality={self._modality.id!r}, "
            f"addons={[addon.id for addon in self._addons]!r}, day={self._day.isoformat()})"
        )


def _choices(value: Any) -> tuple[Any, ...]:
    # tuple("strict") would quietly make the choices "s", "t", "r", ...
    if isinstance(value, str):
        raise ValueError(f"a policy's choices are a list of text, not one string: {value!r}")
    return tuple(value)


@attrs.frozen(repr=False)
class Policy(Shown):
    """A choice a clinic makes in its catalogue's `[screening] policies` for a check to read:
    `first-trimester = "clearance"`. Declared by the check, so servicekit refuses a value the
    check does not know (the error lists `choices`) and fills in `default` when the clinic
    says nothing; a policy no loaded check declares is a warning (a typo, or a plugin that is
    not installed)."""

    name: Id
    choices: tuple[str, ...] = attrs.field(converter=_choices)
    default: str
    description: str = ""

    def __attrs_post_init__(self) -> None:
        about = f"policy {self.name!r}"
        if not self.choices:
            raise ValueError(f"{about} has no choices")
        if not all(isinstance(choice, str) and choice.strip() for choice in self.choices):
            raise ValueError(f"{about}: every choice must be non-empty text: {self.choices!r}")
        if len(set(self.choices)) != len(self.choices):
            raise ValueError(f"{about} lists a choice twice: {self.choices!r}")
        if self.default not in self.choices:
            raise ValueError(f"{about}: the default is not one of its choices")


def _policies(value: Iterable[Policy]) -> tuple[Policy, ...]:
    # A function, not `tuple`: attrs reads a converter's signature, and a builtin's is parsed
    # from text by the tokenizer, whose patterns cost `check` 14 M instructions to compile.
    return tuple(value)


def _work(value: Iterable[str] | None) -> frozenset[str] | None:
    # frozenset("prenatal") would quietly make the properties "p", "r", "e", ...
    if isinstance(value, str):
        raise ValueError(f"a check's work is a list of properties, not one string: {value!r}")
    return None if value is None else frozenset(value)


@attrs.frozen(repr=False)
class Check(Shown):
    """Screening logic a plugin contributes: `run(situation)` returns findings.

    A check that raises makes the screening incomplete, naming it; it never means "all clear".
    `policies` are the clinic's choices it reads from `situation.policies`. `work`, when
    given, says what work the check is about (properties, e.g. `("prenatal",)`): it is then
    run only for services whose work has one of them (and for any whose modality does not say
    what it is: screening fails closed), which servicekit works out when the catalogue is
    built.
    """

    id: Id
    description: Text
    run: Callable[[Situation], Iterable[Finding] | Finding | None]
    policies: tuple[Policy, ...] = attrs.field(default=(), converter=_policies)
    work: frozenset[str] | None = attrs.field(default=None, converter=_work)


VERDICT_HEADINGS: Mapping[Verdict, str] = MappingProxyType(
    {
        "clear": N_("CLEAR: bookable"),
        "modify": N_("MODIFY: bookable with the constraints below"),
        "clearance": N_("CLEARANCE: not bookable until a physician approves (below)"),
        "ask": N_("ASK: not bookable until the client answers the questions below"),
        "block": N_("BLOCK: do not book"),
        "incomplete": N_("INCOMPLETE: screening cannot say, because"),
    }
)
"""Each verdict as `servicekit screen` prints it, in English: `_(VERDICT_HEADINGS[verdict])`
says it in the active language."""


@attrs.frozen(repr=False)
class ScreeningSettings(Shown):
    """A catalogue's `[screening]` table: how the clinic adapts the rule pack."""

    clearance_valid_days: int = doc(
        "How long a clearance without an expiry date lasts, in days.", default=365
    )
    disabled: tuple[Id, ...] = doc(
        "Ids of rules from the pack or plugins not to apply.", default=()
    )
    policies: Mapping[Id, Name] = doc(
        'Policies plugins\' checks read, e.g. { first-trimester = "clearance" }.', factory=dict
    )
    rules: tuple[ScreeningRule, ...] = doc(
        "Rules of the clinic's own, in [[screening.rules]]; one with the id of a pack rule "
        "replaces it.",
        default=(),
    )


WordKind = Literal["condition", "medication", "allergy", "region", "property"]

LISTS: Mapping[str, str] = MappingProxyType(
    {"condition": "conditions", "medication": "medications", "allergy": "allergies"}
)
"""The kinds of word plugins may add, and the intake's list (`client.<list>`) that holds them."""


def _words(value: Iterable[str] | str) -> tuple[str, ...]:
    # tuple("warfarin") would quietly make the words "w", "a", "r", ...
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(repr=False)
class Term(Shown):
    """A word an intake may use: a condition, a medication class, an allergy, a body region or
    a property of the work. Plugins contribute conditions, medication classes and allergies
    with `servicekit_vocabulary()`; `synonyms` are other words clients write for it (an intake
    that uses one records the id), and `sources` say where the term and its synonyms come from
    (keys of servicekit's sources table, or your own citations)."""

    kind: WordKind
    id: Id
    name: Name
    icd10: str | None = None
    synonyms: tuple[str, ...] = attrs.field(default=(), converter=_words)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_words)
    translations: Mapping[str, Translation] = attrs.field(
        factory=dict, converter=frozen_mapping, eq=False
    )
    """Its name in other languages, by locale: `{"de": Translation(name="...")}`."""

    def named(self, locale: str) -> str:
        """Its name for readers of `locale`: its translation, or as written."""
        return _first(_translated(self.translations, locale), "name") or self.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "icd10": self.icd10,
            "synonyms": list(self.synonyms),
            "sources": list(self.sources),
        }


@attrs.frozen(repr=False)
class Synonym(Shown):
    """Another word clients write for a term a plugin or servicekit already has:
    `Synonym("medication", "eliquis", means="anticoagulant", sources=("label",))`. A word that
    means one term is recorded as its id; one that means several (`means=("a", "b")`) is
    refused with a hint naming each, for the client to say which."""

    kind: Literal["condition", "medication", "allergy"]
    word: str
    means: tuple[Id, ...] = attrs.field(converter=_words)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_words)


@attrs.frozen(repr=False)
class Population(Shown):
    """Clients a kind of specialty work is built for: pregnant clients and prenatal massage,
    say. A client is in it when pregnant (`pregnant=True`) or with any of `conditions`; the
    work built for it is a modality with one of `properties`, or one of `modalities`.

    For a client in a population, every other service of a catalogue that offers that work is
    held to what the specialty service needs (approvals, questions, its credential): no
    service is a way around its specialty."""

    id: Id
    name: Name
    """What the clients have, in a few words: "pregnancy", "cancer, in or after treatment"."""
    conditions: tuple[Id, ...] = attrs.field(default=(), converter=_words)
    pregnant: bool = False
    properties: tuple[Id, ...] = attrs.field(default=(), converter=_words)
    modalities: tuple[Id, ...] = attrs.field(default=(), converter=_words)
    translations: Mapping[str, Translation] = attrs.field(
        factory=dict, converter=frozen_mapping, eq=False
    )
    """Its name in other languages, by locale, as for a `Term`."""

    def named(self, locale: str) -> str:
        """Its name for readers of `locale`: its translation, or as written."""
        return _first(_translated(self.translations, locale), "name") or self.name
