"""Screening: a client's intake against a booking, to a verdict and every finding.

Decision support for licensed therapists, and it fails closed: a question the intake leaves
unanswered asks for clearance, and a check that raises makes the screening incomplete. The most
restrictive finding decides: `block` (for the session or the service) over `clearance` (unless a
valid clearance is on file) over `modify` and `local` (bookable with constraints) over `caution`.
Dates (weeks of pregnancy, days since surgery, clearance expiry) are taken at the appointment.
"""

from __future__ import annotations

import datetime as dt
import types
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from servicekit.errors import BookingError, IntakeError, Problem, did_you_mean
from servicekit.model.catalogue import AddOn, Catalogue, Service
from servicekit.model.contributions import Modality
from servicekit.model.screening import (
    SCOPES,
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
from servicekit.screening.vocabulary import vocabulary

SERVICEKIT = "servicekit"
"""The origin of findings the engine itself makes (unanswered questions, limits, credentials).
A clearance never lifts them: a physician's note does not answer the intake's questions."""

OILS = frozenset({"essential-oil", "nut-oil"})
"""Add-on properties an allergy question must be answered for."""


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
    compiled: CompiledScreening = catalogue._screening
    held = None if credentials is None else _held(catalogue, compiled, credentials)
    facts = _Facts(intake, _day(at, catalogue.clinic.timezone))
    _check_clearances(catalogue, intake)
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
        verdict=_verdict(findings, incomplete, constraints),
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
            at = dt.date.fromisoformat(at) if len(at) == 10 else dt.datetime.fromisoformat(at)
        except ValueError:
            hint = "e.g. 2026-12-04, or 2026-12-04T10:00"
            raise BookingError(f"'{at}' is not a date", hint=hint) from None
    if isinstance(at, dt.datetime):
        return (at if at.tzinfo is None else at.astimezone(zone)).date()
    if isinstance(at, dt.date):
        return at
    raise BookingError(f"the appointment date must be a date, not {type(at).__name__}")


def _held(
    catalogue: Catalogue, compiled: CompiledScreening, credentials: Iterable[str]
) -> frozenset[str]:
    """The therapist's credentials, each one the catalogue or a rule knows: a typo would
    otherwise read as a credential missing and block everything."""
    held = frozenset(strings(credentials, "credentials"))
    known = {
        *catalogue.credentials,
        *(credential for m in catalogue.modalities.values() for credential in m.requires),
        *(rule.rule.credential for rule in compiled.rules if rule.rule.credential),
    }
    for credential in sorted(held - known):
        raise BookingError(
            f"unknown credential '{credential}'", hint=did_you_mean(credential, known)
        )
    return held


def _check_clearances(catalogue: Catalogue, intake: Intake) -> None:
    """A clearance's scope must name something: all, a service, modality, add-on (or its
    type), condition, rule or check."""
    compiled: CompiledScreening = catalogue._screening
    known = {
        "all",
        *catalogue.services,
        *catalogue.modalities,
        *catalogue.addons,
        *catalogue.addon_types,
        *vocabulary().conditions,
        *(rule.rule.id for rule in compiled.rules),
        *(check.id for check, _ in compiled.checks),
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
        if self.weeks is not None and not 0 <= self.weeks <= MAX_WEEKS:
            _bad_due_date(self.weeks, day)
        self.high_risk = pregnancy.high_risk if pregnancy else False
        """None when the intake does not say: screening then asks for clearance."""
        self.surgeries = _days_since(intake.surgeries, day)
        self.injuries = _days_since(intake.injuries, day)

    def fires(self, compiled: CompiledRule) -> tuple[str, ...] | None:
        """What in the intake sets the rule off, or None when it does not apply."""
        when = compiled.rule.when
        if compiled.lists_only:
            return self.listed(compiled, when.match == "all")
        parts: list[tuple[bool, tuple[str, ...]]] = []
        for wanted, have in (
            (compiled.conditions, self.conditions),
            (compiled.medications, self.medications),
            (compiled.allergies, self.allergies),
        ):
            if wanted:
                hit = tuple(sorted(wanted & have))
                parts.append((bool(hit), hit))
        if when.pregnant is not None:
            parts.append((self.pregnant == when.pregnant, ("pregnant",)))
        if when.pregnancy_weeks is not None:
            weeks, span = self.weeks, when.pregnancy_weeks
            inside = weeks is not None and span.min <= weeks <= span.max
            parts.append((inside, (f"pregnant, week {weeks}",)))
        if when.high_risk_pregnancy is not None:
            # Unanswered is neither: the unanswered-pregnancy-risk finding asks for clearance.
            holds = self.high_risk is not None and self.high_risk == when.high_risk_pregnancy
            parts.append((holds, ("high-risk pregnancy",)))
        for limit, events, what in (
            (when.surgery_within_days, self.surgeries, "surgery"),
            (when.injury_within_days, self.injuries, "injury"),
        ):
            if limit is not None:
                recent = tuple(_event(what, event) for event in _recent(events, limit))
                parts.append((bool(recent), recent))
        if when.under_physician_care is not None:
            care = self.intake.client.under_physician_care
            parts.append((care == when.under_physician_care, ("under a doctor's care",)))
        holding = [why for holds, why in parts if holds]
        if not holding or (when.match == "all" and len(holding) < len(parts)):
            return None
        return tuple(reason for why in holding for reason in why)

    def listed(self, compiled: CompiledRule, every: bool) -> tuple[str, ...] | None:
        """`fires` for a rule only the intake's lists can set off: the same answer, sooner."""
        found: list[str] = []
        for wanted, have in (
            (compiled.conditions, self.conditions),
            (compiled.medications, self.medications),
            (compiled.allergies, self.allergies),
        ):
            if wanted:
                hit = wanted & have
                if hit:
                    found += sorted(hit)
                elif every:
                    return None
        return tuple(found) if found else None

    def regions(self, compiled: CompiledRule) -> tuple[str, ...]:
        """The body regions a rule concerns: its own, the client's, and recent events'."""
        when, rule = compiled.rule.when, compiled.rule
        found = [*rule.regions, *self.intake.client.areas_to_avoid]
        for limit, events in (
            (when.surgery_within_days, self.surgeries),
            (when.injury_within_days, self.injuries),
        ):
            if limit is not None:
                found += [event.region for event in _recent(events, limit) if event.region]
        return tuple(dict.fromkeys(found))


MAX_WEEKS = 45
"""The longest a pregnancy is taken to run; a due date further off is a mistake."""


def _bad_due_date(weeks: int, day: dt.date) -> None:
    problem = Problem(
        ("pregnancy", "due_date"),
        f"puts the pregnancy at week {weeks} on {day.isoformat()}, the appointment",
        "check the due date: weeks run from 0 to 45",
    )
    raise IntakeError([problem], source="<intake>")


def _days_since(events: Iterable[Any], day: dt.date) -> list[tuple[int, Any]]:
    """Events up to `day`, each with the days since it."""
    return [((day - event.date).days, event) for event in events if event.date <= day]


def _recent(events: list[tuple[int, Any]], limit: int) -> list[Any]:
    return [event for days, event in events if days <= limit]


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
        self.everything = frozenset(vocabulary().properties)
        self.within: dict[int, list[str]] = {}
        """Lighter services bookable for this client, by pressure limit."""
        self.checked: dict[str, tuple[tuple[Finding, ...], tuple[str, ...]]] = {}
        """Plugins' checks' findings for each service booked alone, worked out once."""

    def assess(
        self, service: Service, addons: tuple[AddOn, ...]
    ) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        modality = self.catalogue.modality_of(service)
        findings = [
            *self.from_rules(service, modality, addons),
            *self.unanswered(service, modality, addons),
            *self.areas_to_avoid(),
        ]
        checked, incomplete = self.run_checks(service, modality, addons)
        incomplete = (*self.compiled.incomplete, *incomplete)
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
        own = self.modality_properties(modality)
        for compiled, triggers in self.fired:
            rule = compiled.rule
            if not _concerns(compiled, modality, own):
                continue
            removed = tuple(
                addon.id
                for addon in addons
                if self.properties(addon) & compiled.remove_addon_properties
            )
            taken_away = bool(own & compiled.remove_addon_properties)
            if taken_away:
                # The service itself is what the rule takes away: it cannot be left out.
                yield self.itself(compiled, triggers, service, modality, own, "block")
            if rule.scope == "addon":
                for addon in addons:
                    if self.matches(compiled, addon):
                        left_out = (addon.id,) if rule.severity == "block" else ()
                        unknown = self.unknown_addon(addon)
                        yield self.finding(
                            compiled, triggers, addon.id, left_out + removed, unknown
                        )
                if own & compiled.addon_properties and not taken_away:
                    yield self.itself(compiled, triggers, service, modality, own, rule.severity)
                continue
            subject = service.id if rule.scope == "service" else None
            yield self.finding(compiled, triggers, subject, removed)

    def itself(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        service: Service,
        modality: Modality,
        own: frozenset[str],
        severity: str,
    ) -> Finding:
        """A finding for the service when its modality is what an add-on rule is about."""
        finding = self.finding(compiled, triggers, service.id, ())
        if modality.properties is None:
            why = f"{modality.name} does not say its properties, so screening assumes the worst."
        else:
            named = ", ".join(
                sorted(own & (compiled.addon_properties | compiled.remove_addon_properties))
            )
            why = f"{modality.name} is itself {named} work."
        return attrs.evolve(
            finding, severity=severity, scope="service", reason=f"{finding.reason} {why}"
        )

    def finding(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        subject: str | None,
        removed: tuple[str, ...],
        note: str = "",
    ) -> Finding:
        rule = compiled.rule
        regions = self.facts.regions(compiled)
        region_pressure = {}
        if rule.max_pressure is not None and rule.regions:
            region_pressure = dict.fromkeys(rule.regions, rule.max_pressure)
        modification = rule.modification
        if rule.severity == "local" and not regions:
            # A local rule with nowhere named cannot be followed: ask, rather than guess.
            modification = "Ask where, record it under areas_to_avoid, and avoid that area."
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
            reason=f"{rule.reason} {note}" if note else rule.reason,
            subject=subject,
            modification=modification,
            constraints=constraints,
            credential=rule.credential,
            sources=rule.sources,
            triggers=triggers,
            origin="rule pack" if compiled.origin == "builtin-screening" else compiled.origin,
        )

    def properties(self, addon: AddOn) -> frozenset[str]:
        """An add-on's properties; one that states none is taken to have them all."""
        known = self.catalogue.addon_properties(addon)
        return self.everything if known is None else known

    def modality_properties(self, modality: Modality) -> frozenset[str]:
        if modality.properties is None:
            return self.everything
        return frozenset(modality.properties)

    def unknown_addon(self, addon: AddOn) -> str:
        if self.catalogue.addon_properties(addon) is not None:
            return ""
        return f"{addon.name} has no type or properties, so screening assumes the worst."

    def matches(self, compiled: CompiledRule, addon: AddOn) -> bool:
        return bool(
            (addon.type and addon.type in compiled.addon_types)
            or self.properties(addon) & compiled.addon_properties
        )

    def unanswered(
        self, service: Service, modality: Modality, addons: tuple[AddOn, ...]
    ) -> Iterable[Finding]:
        """An unanswered gating question counts as `clearance`: screening fails closed."""
        facts, client = self.facts, self.facts.intake.client
        for key, what in (("conditions", "health conditions"), ("medications", "medications")):
            if getattr(client, key) is None:
                yield _unanswered(
                    f"unanswered-{key}",
                    "session",
                    f"The intake does not say whether the client has {what}.",
                    f"Ask, and record the answer; `{key} = []` means none.",
                )
        if facts.pregnant and facts.high_risk is None:
            yield _unanswered(
                "unanswered-pregnancy-risk",
                "session",
                "The intake does not say whether the pregnancy is high-risk.",
                "Ask the client or the prenatal provider, and record pregnancy.high_risk.",
            )
        if modality.specialty and client.under_physician_care is None:
            yield _unanswered(
                "unanswered-physician-care",
                "service",
                "Specialty work needs to know whether the client is under a doctor's care.",
                "Ask, and record under_physician_care.",
                subject=service.id,
            )
        if client.allergies is None:
            oily = [("addon", addon.id) for addon in addons if self.properties(addon) & OILS]
            if self.modality_properties(modality) & OILS:
                oily.insert(0, ("service", service.id))
            for scope, subject in oily:
                yield _unanswered(
                    "unanswered-allergies",
                    scope,
                    "The intake does not say whether the client has allergies.",
                    "Ask, and record the answer; `allergies = []` means none.",
                    subject=subject,
                )

    def areas_to_avoid(self) -> Iterable[Finding]:
        """Areas the client asked to be left alone are a constraint whatever else fires."""
        areas = self.facts.intake.client.areas_to_avoid
        if areas:
            yield Finding(
                rule="areas-to-avoid",
                severity="local",
                scope="region",
                reason="The intake names areas not to work on.",
                modification="Work around them.",
                constraints=Constraints(avoid_regions=areas),
                origin=SERVICEKIT,
            )

    def run_checks(
        self, service: Service, modality: Modality, addons: tuple[AddOn, ...]
    ) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        """Plugins' checks; one that fails, or returns what is not findings, leaves the
        screening incomplete, named. Nothing a check does can make it pass for clear."""
        if not self.compiled.checks:
            return (), ()
        if not addons and service.id in self.checked:  # a service alone: the same every time
            return self.checked[service.id]
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
                found = _findings(check.run(situation))
            except (Exception, SystemExit) as exc:
                error = f"{type(exc).__name__}: {exc}"
                failed.append(f"check '{check.id}' from plugin '{plugin}' failed: {error}")
            else:
                if found:  # most checks find nothing for most services
                    findings += [attrs.evolve(f, origin=plugin) for f in found]
        result = (tuple(findings), tuple(failed))
        if not addons:
            self.checked[service.id] = result
        return result

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
            others = ", ".join(self.lighter(limit, service))
            yield Finding(
                rule="pressure-limit",
                severity="block",
                scope="service",
                subject=service.id,
                reason=(
                    f"{modality.name} is done at Walton {pressure.min}-{pressure.max}; this "
                    f"client's limit is {limit} ({setters})."
                ),
                modification=(
                    f"Offer a lighter service instead: {others}."
                    if others
                    else "No lighter service in this catalogue is bookable for this client."
                ),
                origin=SERVICEKIT,
            )

    def lighter(self, limit: int, instead_of: Service) -> list[str]:
        """Services done within the limit that screening does not block for this client."""
        if limit not in self.within:  # worked out once per limit, not once per service
            found = []
            for service in self.catalogue.services.values():
                pressure = self.catalogue.modality_of(service).pressure
                if pressure is not None and pressure.min > limit:
                    continue
                if not self.blocked(service):
                    found.append(service.id)
            self.within[limit] = found
        return [ident for ident in self.within[limit] if ident != instead_of.id]

    def blocked(self, service: Service) -> bool:
        """Whether a rule or a check blocks the service for this client, or its therapist
        lacks a credential it needs: enough to leave it out of suggestions, cheaper than
        assessing it."""
        modality = self.catalogue.modality_of(service)
        own = self.modality_properties(modality)
        needed = set(self.catalogue.credentials_for(service))
        for compiled, _ in self.fired:
            rule = compiled.rule
            if not _concerns(compiled, modality, own):
                continue
            if own & compiled.remove_addon_properties:
                return True
            if rule.severity == "block" and (
                rule.scope != "addon" or own & compiled.addon_properties
            ):
                return True
            if rule.credential:
                needed.add(rule.credential)
        if self.held is not None and not needed <= self.held:
            return True
        # Plugins' checks too (a prenatal massage for a client who is not pregnant): one that
        # fails leaves the service out, as screening fails closed.
        checked, failed = self.run_checks(service, modality, ())
        return bool(failed) or any(f.severity == "block" and f.scope != "addon" for f in checked)

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
        """A `clearance` finding with a valid clearance on file for its scope is lifted.

        A clearance for a service does not cover an add-on booked with it, and none covers
        servicekit's own findings (questions the intake leaves unanswered).
        """
        if finding.severity != "clearance" or finding.origin == SERVICEKIT:
            return finding
        covered = {"all", finding.rule, *finding.triggers}
        if finding.scope == "addon" and finding.subject in self.catalogue.addons:
            addon = self.catalogue.addons[finding.subject]
            covered.update(filter(None, (addon.id, addon.type)))
        else:
            covered.update((service.id, modality.id))
        for clearance in self.facts.intake.clearances:
            expires = clearance.expires or clearance.date + dt.timedelta(
                days=self.compiled.clearance_valid_days
            )
            if clearance.scope in covered and clearance.date <= self.facts.day <= expires:
                by = f"{clearance.provider}, {clearance.date.isoformat()}"
                return attrs.evolve(finding, cleared_by=by)
        return finding

    def bookable(self) -> tuple[Bookable, ...]:
        """Every service, without add-ons: is it bookable for this client, and if not why.

        Plugin checks run again for each service, as they may depend on it.
        """
        result = []
        for service in self.catalogue.services.values():
            findings, incomplete = self.assess(service, ())
            verdict = _verdict(findings, incomplete, _merged(findings))
            reasons = tuple(
                dict.fromkeys(
                    f"credential {f.credential}" if f.rule == "credential" else f.rule
                    for f in findings
                    if not f.lifted and f.severity in ("block", "clearance")
                )
            )
            result.append(Bookable(service.id, verdict, reasons))
        return tuple(result)


def _unanswered(
    rule: str, scope: str, reason: str, modification: str, subject: str | None = None
) -> Finding:
    return Finding(
        rule=rule,
        severity="clearance",
        scope=scope,
        subject=subject,
        reason=reason,
        modification=modification,
        origin=SERVICEKIT,
    )


PLAIN_ITERABLES = (types.GeneratorType, list, tuple)


def _findings(result: object) -> list[Finding]:
    """A check's result as findings, or an error saying what is wrong with it."""
    if result is None:
        return []
    if isinstance(result, Finding):
        result = [result]
    elif type(result) in PLAIN_ITERABLES:
        pass  # the usual case, a generator: checked without the ABCs' slower isinstance
    elif isinstance(result, str | bytes | Mapping) or not isinstance(result, Iterable):
        raise TypeError(f"it returned {type(result).__name__}; return Finding records")
    findings = list(result)
    for finding in findings:
        problem = _finding_problem(finding)
        if problem:
            raise TypeError(problem)
    return findings


def _finding_problem(finding: object) -> str | None:
    """Why a check's finding cannot be used, or None."""
    if not isinstance(finding, Finding):
        return f"it returned {type(finding).__name__}, not Finding"
    if finding.severity not in SEVERITIES:
        return f"severity {finding.severity!r} is not one of {', '.join(SEVERITIES)}"
    if finding.scope not in SCOPES:
        return f"scope {finding.scope!r} is not one of {', '.join(SCOPES)}"
    if not isinstance(finding.constraints, Constraints):
        return f"constraints must be Constraints, not {type(finding.constraints).__name__}"
    for name in ("reason", "rule"):
        if not isinstance(getattr(finding, name), str) or not getattr(finding, name):
            return f"its {name} must be a non-empty string"
    for name in ("triggers", "sources"):
        values = getattr(finding, name)
        if not isinstance(values, tuple) or not all(isinstance(v, str) for v in values):
            return f"its {name} must be a tuple of strings"
    if finding.cleared_by is not None:
        return "a check cannot clear its own finding; clearances come from the intake"
    return None


def _concerns(compiled: CompiledRule, modality: Modality, own: frozenset[str]) -> bool:
    """Whether a rule concerns services of this modality (`own` are its properties)."""
    rule = compiled.rule
    if not (rule.modalities or rule.modality_properties or rule.deep_work or rule.specialty):
        return True
    pressure = modality.pressure
    return (
        modality.id in compiled.modalities
        or bool(own & compiled.modality_properties)
        or (rule.deep_work and (pressure is None or pressure.max >= DEEP))
        or (rule.specialty and modality.specialty)
    )


DEEP = 4
"""Walton level from which work is deep: a modality reaching it concerns deep-work rules."""


def _merged(findings: Iterable[Finding]) -> Constraints:
    """Every finding's constraints; a clearance lifts the wait for a doctor, not the limits."""
    merged = Constraints()
    for finding in findings:
        if finding.constraints is not UNCONSTRAINED:  # most findings: nothing to merge
            merged = merged.merge(finding.constraints)
    return merged


UNCONSTRAINED = attrs.fields(Finding).constraints.default
"""The constraints of a finding that sets none: one shared instance."""


def _verdict(
    findings: Iterable[Finding], incomplete: tuple[str, ...], constraints: Constraints
) -> Verdict:
    if incomplete:
        return "incomplete"
    active = [finding for finding in findings if not finding.lifted]
    if any(f.severity == "block" and f.scope != "addon" for f in active):
        return "block"
    if any(f.severity == "clearance" for f in active):
        return "clearance"
    if constraints or any(f.severity in ("modify", "local", "block") for f in active):
        return "modify"
    return "clear"
