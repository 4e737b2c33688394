"""Screening: a client's intake against a booking, to a verdict and every finding.

Decision support for licensed therapists, and it fails closed: a question the intake leaves
unanswered asks for clearance, and a check that raises makes the screening incomplete. The most
restrictive finding decides: `block` (for the session or the service) over `clearance` (unless a
valid clearance is on file) over `modify` and `local` (bookable with constraints) over `caution`.
Dates (weeks of pregnancy, days since surgery, clearance expiry) are taken at the appointment.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from servicekit.errors import BookingError, IntakeError, Problem, did_you_mean
from servicekit.model.catalogue import AddOn, Catalogue, Service
from servicekit.model.contributions import Modality
from servicekit.model.screening import (
    SEVERITIES,
    Bookable,
    Constraints,
    Finding,
    Screening,
    Situation,
    Verdict,
)
from servicekit.pricing.booking import check_addons, service_named, strings
from servicekit.screening.compiled import CompiledRule, CompiledScreening
from servicekit.screening.intake import Intake, load_intake

SERVICEKIT = "servicekit"
"""The origin of findings the engine itself makes (unanswered questions, limits, credentials)."""

CLEARANCE_WORDS = ("all", "massage")


def screen(
    catalogue: Catalogue,
    intake: Intake | Mapping[str, Any] | str,
    service: str,
    *,
    addons: Iterable[str] = (),
    at: dt.date | dt.datetime | str | None = None,
    credentials: Iterable[str] | None = None,
) -> Screening:
    """Screen `intake` against booking `service` with `addons` on the day of `at`.

    `credentials` are the therapist's; without them, the ones needed are listed, not checked.
    """
    intake = load_intake(intake)
    chosen = service_named(catalogue, service)
    addons = strings(addons, "addons")
    check_addons(catalogue, chosen, addons)
    held = None if credentials is None else frozenset(strings(credentials, "credentials"))
    facts = _Facts(intake, _day(at, catalogue.clinic.timezone))
    _check_clearances(catalogue, intake)
    compiled: CompiledScreening = catalogue._screening
    words = facts.conditions | facts.medications | facts.allergies
    fired = [
        (rule, why)
        for rule in compiled.candidates(words)
        if (why := facts.fires(rule)) is not None
    ]
    assessor = _Assessor(catalogue, compiled, facts, fired, held)
    booked = tuple(catalogue.addons[ident] for ident in addons)
    findings, incomplete = assessor.assess(chosen, booked)
    constraints = _merged(findings)
    required = assessor.credentials(chosen, findings)
    return Screening(
        service=chosen.id,
        addons=addons,
        day=facts.day,
        verdict=_verdict(findings, incomplete),
        findings=findings,
        constraints=constraints,
        credentials_required=required,
        credentials_missing=None if held is None else tuple(c for c in required if c not in held),
        incomplete=incomplete,
        others=lambda: assessor.bookable(),
    )


def _day(at: dt.date | dt.datetime | str | None, timezone: str) -> dt.date:
    zone = zoneinfo.ZoneInfo(timezone)
    if at is None:
        return dt.datetime.now(zone).date()
    if isinstance(at, str):
        try:
            at = dt.datetime.fromisoformat(at) if "T" in at else dt.date.fromisoformat(at)
        except ValueError:
            raise BookingError(f"'{at}' is not a date", hint="e.g. 2026-12-04") from None
    if isinstance(at, dt.datetime):
        return (at if at.tzinfo is None else at.astimezone(zone)).date()
    if isinstance(at, dt.date):
        return at
    raise BookingError(f"the appointment date must be a date, not {type(at).__name__}")


def _check_clearances(catalogue: Catalogue, intake: Intake) -> None:
    """A clearance's scope must name something: all, a service, modality, add-on or condition."""
    from servicekit.screening.vocabulary import vocabulary

    known = {
        *CLEARANCE_WORDS,
        *catalogue.services,
        *catalogue.modalities,
        *catalogue.addons,
        *vocabulary().conditions,
        *(rule.rule.id for rule in catalogue._screening.rules),
    }
    problems = [
        Problem(
            ("clearances", index, "scope"),
            f"'{clearance.scope}' is not something a clearance can cover",
            did_you_mean(clearance.scope, known),
        )
        for index, clearance in enumerate(intake.clearances)
        if clearance.scope not in known
    ]
    if problems:
        raise IntakeError(problems, source="<intake>")


class _Facts:
    """What the intake says, as of the appointment day."""

    def __init__(self, intake: Intake, day: dt.date) -> None:
        client = intake.client
        self.intake, self.day = intake, day
        self.conditions = frozenset(client.conditions or ())
        self.medications = frozenset(client.medications or ())
        self.allergies = frozenset(client.allergies or ())
        pregnancy = intake.pregnancy
        self.pregnant = pregnancy is not None
        self.weeks = pregnancy.weeks_at(day) if pregnancy else None
        self.high_risk = pregnancy.high_risk if pregnancy else False
        self.surgeries = [
            ((day - event.date).days, event) for event in intake.surgeries if event.date <= day
        ]
        self.injuries = [
            ((day - event.date).days, event) for event in intake.injuries if event.date <= day
        ]

    def fires(self, compiled: CompiledRule) -> tuple[str, ...] | None:
        """What in the intake sets the rule off, or None when it does not apply."""
        when = compiled.rule.when
        parts: list[tuple[bool, tuple[str, ...]]] = []
        for wanted, have in (
            (compiled.conditions, self.conditions),
            (compiled.medications, self.medications),
            (compiled.allergies, self.allergies),
        ):
            if wanted:
                hit = sorted(wanted & have)
                parts.append((bool(hit), tuple(hit)))
        if when.pregnant is not None:
            parts.append((self.pregnant == when.pregnant, ("pregnant",)))
        if when.pregnancy_weeks is not None:
            weeks, span = self.weeks, when.pregnancy_weeks
            inside = weeks is not None and span.min <= weeks <= span.max
            parts.append((inside, (f"pregnant, week {weeks}",)))
        if when.high_risk_pregnancy is not None:
            parts.append(
                (bool(self.high_risk) == when.high_risk_pregnancy, ("high-risk pregnancy",))
            )
        for limit, events, what in (
            (when.surgery_within_days, self.surgeries, "surgery"),
            (when.injury_within_days, self.injuries, "injury"),
        ):
            if limit is not None:
                recent = [event for days, event in events if days <= limit]
                parts.append((bool(recent), tuple(_event(what, event) for event in recent)))
        if when.under_physician_care is not None:
            care = self.intake.client.under_physician_care
            parts.append((care == when.under_physician_care, ("under a doctor's care",)))
        holding = [why for holds, why in parts if holds]
        if not parts or (when.match == "all" and len(holding) < len(parts)) or not holding:
            return None
        return tuple(reason for why in holding for reason in why)

    def regions(self, compiled: CompiledRule) -> tuple[str, ...]:
        """The body regions a rule concerns: its own, the client's, and recent events'."""
        when, rule = compiled.rule.when, compiled.rule
        found = [*rule.regions, *self.intake.client.areas_to_avoid]
        for limit, events in (
            (when.surgery_within_days, self.surgeries),
            (when.injury_within_days, self.injuries),
        ):
            if limit is not None:
                found += [event.region for days, event in events if days <= limit and event.region]
        return tuple(dict.fromkeys(found))


def _event(what: str, event: Any) -> str:
    where = f" ({event.region})" if event.region else ""
    return f"{what} on {event.date.isoformat()}{where}"


class _Assessor:
    """Works out the findings for one service (and add-ons) from the rules that fired."""

    def __init__(
        self,
        catalogue: Catalogue,
        compiled: CompiledScreening,
        facts: _Facts,
        fired: list[tuple[CompiledRule, tuple[str, ...]]],
        held: frozenset[str] | None,
    ) -> None:
        self.catalogue, self.compiled, self.facts = catalogue, compiled, facts
        self.fired, self.held = fired, held

    def assess(
        self, service: Service, addons: tuple[AddOn, ...]
    ) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        modality = self.catalogue.modality_of(service)
        findings = [
            *self.from_rules(service, modality, addons),
            *self.unanswered(modality, addons),
        ]
        checked, incomplete = self.run_checks(service, modality, addons)
        findings += checked
        findings += self.limits(service, modality, findings)
        findings += self.missing_credentials(service, findings)
        findings = [self.cleared(finding, service, modality) for finding in findings]
        order = {severity: index for index, severity in enumerate(reversed(SEVERITIES))}
        findings.sort(
            key=lambda f: (f.lifted, order[f.severity], f.scope, f.rule, f.subject or "")
        )
        return tuple(findings), incomplete

    def from_rules(
        self, service: Service, modality: Modality, addons: tuple[AddOn, ...]
    ) -> Iterable[Finding]:
        for compiled, triggers in self.fired:
            rule = compiled.rule
            if not _concerns(compiled, modality):
                continue
            removed = tuple(
                addon.id
                for addon in addons
                if self.properties(addon) & compiled.remove_addon_properties
            )
            if rule.scope == "addon":
                for addon in addons:
                    if self.matches(compiled, addon):
                        left_out = (addon.id,) if rule.severity == "block" else ()
                        yield self.finding(compiled, triggers, addon.id, left_out + removed)
                continue
            subject = service.id if rule.scope == "service" else None
            yield self.finding(compiled, triggers, subject, removed)

    def finding(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        subject: str | None,
        removed: tuple[str, ...],
    ) -> Finding:
        rule = compiled.rule
        regions = self.facts.regions(compiled)
        region_pressure = {}
        if rule.max_pressure is not None and rule.regions:
            region_pressure = dict.fromkeys(rule.regions, rule.max_pressure)
        constraints = Constraints(
            max_pressure=rule.max_pressure if not rule.regions else None,
            region_pressure=region_pressure,
            avoid_positions=rule.avoid_positions,
            max_duration=rule.max_duration,
            remove_addons=tuple(dict.fromkeys(removed)),
            avoid_regions=regions if rule.severity == "local" else (),
        )
        return Finding(
            rule=rule.id,
            severity=rule.severity,
            scope=rule.scope,
            reason=rule.reason,
            subject=subject,
            modification=rule.modification,
            constraints=constraints,
            credential=rule.credential,
            sources=rule.sources,
            triggers=triggers,
            origin="rule pack" if compiled.origin == "builtin-screening" else compiled.origin,
        )

    def properties(self, addon: AddOn) -> frozenset[str]:
        kind = self.catalogue.addon_type_of(addon)
        return kind.properties if kind is not None else frozenset()

    def matches(self, compiled: CompiledRule, addon: AddOn) -> bool:
        return bool(
            (addon.type and addon.type in compiled.addon_types)
            or self.properties(addon) & compiled.addon_properties
        )

    def unanswered(self, modality: Modality, addons: tuple[AddOn, ...]) -> Iterable[Finding]:
        """An unanswered gating question counts as `clearance`: screening fails closed."""
        client = self.facts.intake.client
        for key, what in (("conditions", "health conditions"), ("medications", "medications")):
            if getattr(client, key) is None:
                yield Finding(
                    rule=f"unanswered-{key}",
                    severity="clearance",
                    scope="session",
                    reason=f"The intake does not say whether the client has {what}.",
                    modification=f"Ask, and record the answer; `{key} = []` means none.",
                    origin=SERVICEKIT,
                )
        if modality.specialty and client.under_physician_care is None:
            yield Finding(
                rule="unanswered-physician-care",
                severity="clearance",
                scope="service",
                reason="Specialty work needs to know whether the client is under a doctor's care.",
                modification="Ask, and record under_physician_care.",
                origin=SERVICEKIT,
            )
        if client.allergies is None:
            for addon in addons:
                if self.properties(addon) & {"essential-oil", "nut-oil"}:
                    yield Finding(
                        rule="unanswered-allergies",
                        severity="clearance",
                        scope="addon",
                        subject=addon.id,
                        reason="The intake does not say whether the client has allergies.",
                        modification="Ask, and record the answer; `allergies = []` means none.",
                        origin=SERVICEKIT,
                    )

    def run_checks(
        self, service: Service, modality: Modality, addons: tuple[AddOn, ...]
    ) -> tuple[list[Finding], tuple[str, ...]]:
        """Plugins' checks; one that fails leaves the screening incomplete, named."""
        if not self.compiled.checks:
            return [], ()
        situation = Situation(
            intake=self.facts.intake,
            catalogue=self.catalogue,
            service=service,
            modality=modality,
            addons=addons,
            day=self.facts.day,
            pregnancy_weeks=self.facts.weeks,
            policies=self.compiled.policies,
        )
        findings, failed = [], []
        for check, plugin in self.compiled.checks:
            try:
                result = check.run(situation)
                if result is None or isinstance(result, Finding):
                    result = [] if result is None else [result]
                for finding in list(result):
                    if not isinstance(finding, Finding):
                        raise TypeError(f"it returned {type(finding).__name__}, not Finding")
                    findings.append(attrs.evolve(finding, origin=plugin))
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
                failed.append(f"check '{check.id}' from plugin '{plugin}' failed: {error}")
        return findings, tuple(failed)

    def limits(
        self, service: Service, modality: Modality, findings: list[Finding]
    ) -> Iterable[Finding]:
        """A pressure limit below what the service's modality is done at blocks the service."""
        limit = _merged(findings).max_pressure
        pressure = modality.pressure
        if limit is not None and pressure is not None and pressure.min > limit:
            setters = ", ".join(
                sorted({f.rule for f in findings if f.constraints.max_pressure == limit})
            )
            others = ", ".join(self.within(limit)) or "none in this catalogue"
            yield Finding(
                rule="pressure-limit",
                severity="block",
                scope="service",
                subject=service.id,
                reason=(
                    f"{modality.name} is done at Walton {pressure.min}-{pressure.max}; this "
                    f"client's limit is {limit} ({setters})."
                ),
                modification=f"Offer a lighter service instead: {others}.",
                origin=SERVICEKIT,
            )

    def within(self, limit: int) -> list[str]:
        return [
            service.id
            for service in self.catalogue.services.values()
            if (pressure := self.catalogue.modality_of(service).pressure) is None
            or pressure.min <= limit
        ]

    def credentials(self, service: Service, findings: Iterable[Finding]) -> tuple[str, ...]:
        required = dict.fromkeys(self.catalogue.credentials_for(service))
        required.update(dict.fromkeys(f.credential for f in findings if f.credential))
        return tuple(required)

    def missing_credentials(self, service: Service, findings: list[Finding]) -> Iterable[Finding]:
        if self.held is None:
            return
        for credential in self.credentials(service, findings):
            if credential not in self.held:
                known = self.catalogue.credentials.get(credential)
                name = known.name if known else credential
                yield Finding(
                    rule="credential",
                    severity="block",
                    scope="service",
                    subject=service.id,
                    reason=f"The therapist does not hold {name}, which this booking needs.",
                    modification="Book with a therapist who holds it.",
                    credential=credential,
                    origin=SERVICEKIT,
                )

    def cleared(self, finding: Finding, service: Service, modality: Modality) -> Finding:
        """A `clearance` finding with a valid clearance on file for its scope is lifted."""
        if finding.severity != "clearance":
            return finding
        covered = {
            *CLEARANCE_WORDS,
            service.id,
            modality.id,
            finding.rule,
            *finding.triggers,
            *([finding.subject] if finding.subject else []),
        }
        for clearance in self.facts.intake.clearances:
            expires = clearance.expires or clearance.date + dt.timedelta(
                days=self.compiled.clearance_valid_days
            )
            if clearance.scope in covered and clearance.date <= self.facts.day <= expires:
                by = f"{clearance.provider}, {clearance.date.isoformat()}"
                return attrs.evolve(finding, cleared_by=by)
        return finding

    def bookable(self) -> tuple[Bookable, ...]:
        """Every service, without add-ons: is it bookable for this client, and if not why."""
        result = []
        for service in self.catalogue.services.values():
            findings, incomplete = self.assess(service, ())
            verdict = _verdict(findings, incomplete)
            reasons = tuple(
                f.rule for f in findings if not f.lifted and f.severity in ("block", "clearance")
            )
            result.append(Bookable(service.id, verdict, reasons))
        return tuple(result)


def _concerns(compiled: CompiledRule, modality: Modality) -> bool:
    """Whether a rule concerns services of this modality."""
    rule = compiled.rule
    if not (rule.modalities or rule.deep_work or rule.specialty):
        return True
    deep = rule.deep_work and modality.pressure is not None and modality.pressure.min >= 3
    return modality.id in compiled.modalities or deep or (rule.specialty and modality.specialty)


def _merged(findings: Iterable[Finding]) -> Constraints:
    merged = Constraints()
    for finding in findings:
        if not finding.lifted or finding.severity != "clearance":
            merged = merged.merge(finding.constraints)
    return merged


def _verdict(findings: Iterable[Finding], incomplete: tuple[str, ...]) -> Verdict:
    if incomplete:
        return "incomplete"
    active = [finding for finding in findings if not finding.lifted]
    if any(f.severity == "block" and f.scope != "addon" for f in active):
        return "block"
    if any(f.severity == "clearance" for f in active):
        return "clearance"
    if any(f.severity in ("modify", "local", "block") for f in active):
        return "modify"
    return "clear"
