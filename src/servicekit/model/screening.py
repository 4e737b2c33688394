"""Screening records: contraindication rules (data), checks (logic), and what they find.

Decision support for licensed therapists, not medical advice. Rules are data: the default pack
ships with servicekit, plugins add their own, and a catalogue's `[screening]` overrides them.
Checks are plugin code for what data cannot express; a check that fails makes the screening
incomplete, never clear.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicekit.model.catalogue import doc, frozen_mapping
from servicekit.model.fields import Id, Minutes, Name, Text, Walton

if TYPE_CHECKING:
    from servicekit.model.catalogue import AddOn, Catalogue, Service
    from servicekit.model.contributions import Modality
    from servicekit.screening.intake import Intake

Severity = Literal["block", "clearance", "local", "modify", "caution"]
Scope = Literal["session", "service", "addon", "region"]
Position = Literal["prone", "supine", "flat-supine", "side-lying", "seated"]
Verdict = Literal["clear", "modify", "clearance", "block", "incomplete"]

SEVERITIES: tuple[Severity, ...] = ("caution", "modify", "local", "clearance", "block")
"""From least to most restrictive."""

SCOPES: tuple[Scope, ...] = ("session", "service", "addon", "region")

VERDICTS: tuple[Verdict, ...] = ("clear", "modify", "clearance", "block", "incomplete")
"""From least to most restrictive; a failed check is worse than any answer."""


@attrs.frozen
class WeekRange:
    """Weeks of pregnancy at the appointment, both ends included."""

    min: int = doc("From this week.", default=0)
    max: int = doc("Up to and including this week.", default=45)


@attrs.frozen
class Trigger:
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


@attrs.frozen
class ScreeningRule:
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


@attrs.frozen
class Constraints:
    """What a booking may still do: the most restrictive of every finding's limits.

    `max_pressure` holds for the whole session; `region_pressure` caps pressure on some body
    regions only (light touch on the legs after a clot, say).
    """

    max_pressure: int | None = None
    region_pressure: Mapping[str, int] = attrs.field(factory=dict, converter=frozen_mapping)
    avoid_positions: tuple[str, ...] = ()
    max_duration: int | None = None
    remove_addons: tuple[str, ...] = ()
    avoid_regions: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any(attrs.astuple(self, recurse=False))

    def merge(self, other: Constraints) -> Constraints:
        regions = dict(self.region_pressure)
        for region, level in other.region_pressure.items():
            regions[region] = _least(regions.get(region), level)
        return Constraints(
            max_pressure=_least(self.max_pressure, other.max_pressure),
            region_pressure=dict(sorted(regions.items())),
            avoid_positions=_union(self.avoid_positions, other.avoid_positions),
            max_duration=_least(self.max_duration, other.max_duration),
            remove_addons=_union(self.remove_addons, other.remove_addons),
            avoid_regions=_union(self.avoid_regions, other.avoid_regions),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "max_pressure": self.max_pressure,
            "region_pressure": dict(self.region_pressure),
            "avoid_positions": list(self.avoid_positions),
            "max_duration": self.max_duration,
            "remove_addons": list(self.remove_addons),
            "avoid_regions": list(self.avoid_regions),
        }


def _least(first: int | None, second: int | None) -> int | None:
    return second if first is None else first if second is None else min(first, second)


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


@attrs.frozen
class Finding:
    """One thing screening found, for the booking or for part of it.

    `subject` is the service or add-on it concerns (None for the session or body regions);
    `triggers` are the intake answers that set it off; `cleared_by` names the clearance on file
    that lifts a `clearance` finding.
    """

    rule: str
    severity: Severity
    scope: Scope
    reason: str
    subject: str | None = None
    modification: str | None = None
    constraints: Constraints = Constraints()
    credential: str | None = None
    sources: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    cleared_by: str | None = None
    origin: str | None = None
    """Who found it: "rule pack", "catalogue", a plugin's name, or "servicekit"."""

    @property
    def lifted(self) -> bool:
        return self.cleared_by is not None

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


@attrs.frozen
class Situation:
    """What a screening check sees: the client, the booking, and the clinic's policies."""

    intake: Intake
    catalogue: Catalogue
    service: Service
    modality: Modality
    addons: tuple[AddOn, ...]
    day: dt.date
    pregnancy_weeks: int | None
    """Weeks of pregnancy at the appointment, when the client is pregnant and it is known."""
    policies: Mapping[str, str] = attrs.field(converter=frozen_mapping)
    """The clinic's choice for every policy the loaded checks declare, defaults filled in."""

    def addon_properties(self, addon: AddOn) -> frozenset[str]:
        """What an add-on does, in the vocabulary's words. One whose catalogue entry states no
        type or properties is taken to do everything, as servicekit's own rules take it:
        screening fails closed."""
        known = self.catalogue.addon_properties(addon)
        if known is not None:
            return known
        from servicekit.screening.vocabulary import vocabulary

        return frozenset(vocabulary().properties)


def _choices(value: Any) -> tuple[Any, ...]:
    # tuple("strict") would quietly make the choices "s", "t", "r", ...
    if isinstance(value, str):
        raise ValueError(f"a policy's choices are a list of text, not one string: {value!r}")
    return tuple(value)


@attrs.frozen
class Policy:
    """A choice a clinic makes in its catalogue's `[screening] policies` for a check to read:
    `first-trimester = "clearance"`. Declared by the check, so servicekit refuses a value the
    check does not know (the error lists `choices`) and fills in `default` when the clinic
    says nothing; a policy no loaded check declares is a warning (a typo, or a plugin that is
    not installed)."""

    name: Id
    choices: tuple[str, ...] = attrs.field(converter=_choices)
    default: str
    description: Text = ""

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


@attrs.frozen
class Check:
    """Screening logic a plugin contributes: `run(situation)` returns findings.

    A check that raises makes the screening incomplete, naming it; it never means "all clear".
    `policies` are the clinic's choices it reads from `situation.policies`.
    """

    id: Id
    description: Text
    run: Callable[[Situation], Iterable[Finding] | Finding | None]
    policies: tuple[Policy, ...] = attrs.field(default=(), converter=tuple)


@attrs.frozen
class Bookable:
    """What screening says of one service of the catalogue for this client."""

    service: str
    verdict: Verdict
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"service": self.service, "verdict": self.verdict, "reasons": list(self.reasons)}


@attrs.frozen(slots=False, eq=False)
class Screening:
    """A client's intake screened against a booking: the verdict, and every finding.

    `verdict` is the most restrictive outcome: `clear`, `modify` (bookable with the
    constraints), `clearance` (pending a physician's clearance), `block`, or `incomplete`
    (a check failed or is missing, so nothing can be said). `bookable` says the same of every
    service.
    """

    service: str
    addons: tuple[str, ...]
    day: dt.date
    verdict: Verdict
    findings: tuple[Finding, ...]
    constraints: Constraints
    credentials_required: tuple[str, ...]
    credentials_missing: tuple[str, ...] | None
    """None when the therapist's credentials were not given."""
    incomplete: tuple[str, ...] = ()
    """The checks that failed, each with its plugin and error."""
    _others: Callable[[], tuple[Bookable, ...]] = attrs.field(
        default=tuple, repr=False, alias="others"
    )

    @functools.cached_property
    def bookable(self) -> tuple[Bookable, ...]:
        """Every service of the catalogue, without add-ons, with its verdict for this client."""
        return self._others()

    def to_dict(self) -> dict[str, Any]:
        return {
            "disclaimer": DISCLAIMER,
            "service": self.service,
            "addons": list(self.addons),
            "date": self.day.isoformat(),
            "verdict": self.verdict,
            "findings": [finding.to_dict() for finding in self.findings],
            "constraints": self.constraints.to_dict(),
            "credentials_required": list(self.credentials_required),
            "credentials_missing": (
                None if self.credentials_missing is None else list(self.credentials_missing)
            ),
            "incomplete": list(self.incomplete),
            "bookable": [item.to_dict() for item in self.bookable],
        }


DISCLAIMER = (
    "Decision support for licensed therapists, not medical advice. The therapist decides; "
    "when in doubt, refer."
)


@attrs.frozen
class ScreeningSettings:
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
