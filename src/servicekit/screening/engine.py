"""Screening: a client's intake against a booking, to a verdict and every finding.

Decision support for licensed therapists, and it fails closed: a question the intake leaves
unanswered asks the client, a check that fails makes the screening incomplete, and no service is
a way around the specialty service built for the client. The most restrictive finding decides:
`block` (for the session or the service) over `ask` (the client's answers first) over
`clearance` (unless a valid clearance is on file) over `modify` and `local` (bookable with
constraints) over `caution`. Dates (weeks of pregnancy, days since surgery, clearance expiry)
are taken at the appointment.

What does not depend on the intake is worked out when the catalogue is built
(`compiled.CatalogueIndex`); what depends on it is worked out once per screening for each
kind of service (`ServiceGroup`), so a screening costs the same whatever the menu's size.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from servicekit.errors import BookingError, Problem, did_you_mean
from servicekit.model.catalogue import AddOn, Catalogue, Service
from servicekit.model.contributions import Modality
from servicekit.model.screening import (
    BOOKABLE,
    SEVERITIES,
    VERDICTS,
    Bookable,
    Check,
    Constraints,
    Finding,
    Population,
    Screening,
    Situation,
    Verdict,
)
from servicekit.pricing.booking import check_addons, service_named, strings
from servicekit.screening.compiled import (
    CatalogueIndex,
    CompiledRule,
    CompiledScreening,
    ServiceGroup,
)
from servicekit.screening.guard import CheckFailed, watched
from servicekit.screening.intake import Intake, load_intake
from servicekit.screening.vocabulary import vocabulary

SERVICEKIT = "servicekit"
"""The origin of findings the engine itself makes (unanswered questions, limits, credentials,
specialty services). A clearance never lifts them: a physician's note does not answer the
intake's questions."""

OILS = frozenset({"essential-oil", "nut-oil"})
"""Add-on properties an allergy question must be answered for."""

SUGGESTED = 3
"""How many services a finding names to book instead; the list of services says the rest."""

RANK = {verdict: index for index, verdict in enumerate(VERDICTS)}
ORDER = {severity: index for index, severity in enumerate(reversed(SEVERITIES))}


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
    compiled: CompiledScreening = catalogue._screening
    index = compiled.index
    assert index is not None, "a catalogue's screening is indexed when it is built"
    intake = load_intake(intake, vocabulary=compiled.vocabulary)
    chosen = service_named(catalogue, service)
    addons = strings(addons, "addons")
    check_addons(catalogue, chosen, addons)
    held = None if credentials is None else _held(index, credentials)
    day = _day(at, catalogue.clinic.timezone)
    _check_dates(intake, day, compiled, index)
    facts = Facts(intake, day, compiled)
    screener = _Screener(catalogue, compiled, index, facts, held)
    booked = tuple(catalogue.addons[ident] for ident in addons)
    findings, incomplete = screener.assess(chosen, booked)
    constraints = _merged(findings)
    required = _credentials(index.group_of[chosen.id], findings)
    return Screening(
        service=chosen.id,
        addons=addons,
        day=day,
        verdict=_verdict(findings, incomplete, constraints),
        findings=findings,
        constraints=constraints,
        credentials_required=required,
        credentials_missing=None if held is None else tuple(c for c in required if c not in held),
        incomplete=incomplete,
        others=screener.bookable,
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
        try:
            return (at if at.tzinfo is None else at.astimezone(zone)).date()
        except OverflowError:
            raise BookingError(
                f"the appointment {at.isoformat()} is {timezone} time outside the years 1 to "
                "9999, which servicekit cannot represent",
                hint="check the date and its UTC offset",
            ) from None
    if isinstance(at, dt.date):
        return at
    raise BookingError(f"the appointment date must be a date, not {type(at).__name__}")


def _held(index: CatalogueIndex, credentials: Iterable[str]) -> frozenset[str]:
    """The therapist's credentials, each one the catalogue or a rule knows: a typo would
    otherwise read as a credential missing and block everything."""
    held = frozenset(strings(credentials, "credentials"))
    for credential in sorted(held - index.credentials):
        raise BookingError(
            f"unknown credential '{credential}'", hint=did_you_mean(credential, index.credentials)
        )
    return held


MAX_WEEKS = 45
"""The longest a pregnancy is taken to run; a due date further off is a mistake."""


def _check_dates(
    intake: Intake, day: dt.date, compiled: CompiledScreening, index: CatalogueIndex
) -> None:
    """What can be wrong with an intake only on a given day or for a given catalogue: a
    clearance naming nothing the catalogue has, a clearance that would run out past the last
    date servicekit can represent, a due date that is no pregnancy on the appointment day.
    Every problem at once, each at its line of the intake's file."""
    problems = []
    lasts = dt.timedelta(days=compiled.clearance_valid_days)
    for position, clearance in enumerate(intake.clearances):
        path = ("clearances", position)
        if clearance.scope not in index.scopes:
            problems.append(
                Problem(
                    (*path, "scope"),
                    f"'{clearance.scope}' is not something a clearance can cover",
                    did_you_mean(clearance.scope, index.scopes),
                )
            )
        if clearance.expires is None and clearance.date > dt.date.max - lasts:
            problems.append(
                Problem(
                    (*path, "date"),
                    f"{clearance.date.isoformat()} is too late: a clearance from then would run "
                    f"{compiled.clearance_valid_days} days, past {dt.date.max.isoformat()}, the "
                    "last date servicekit can represent",
                    "check the year, or give `expires`",
                )
            )
    pregnancy = intake.pregnancy
    weeks = pregnancy.weeks_at(day) if pregnancy else None
    if weeks is not None and not 0 <= weeks <= MAX_WEEKS:
        problems.append(
            Problem(
                ("pregnancy", "due_date"),
                f"puts the pregnancy at week {weeks} on {day.isoformat()}, the appointment",
                "check the due date: weeks run from 0 to 45",
            )
        )
    if problems:
        raise intake.error(problems)


class Facts:
    """What the intake says, as of the appointment day."""

    def __init__(self, intake: Intake, day: dt.date, compiled: CompiledScreening) -> None:
        client = intake.client
        self.intake, self.day = intake, day
        self.conditions = frozenset(client.conditions or ())
        self.medications = frozenset(client.medications or ())
        self.allergies = frozenset(client.allergies or ())
        pregnancy = intake.pregnancy
        self.pregnant = pregnancy is not None
        self.weeks = pregnancy.weeks_at(day) if pregnancy else None
        self.high_risk = pregnancy.high_risk if pregnancy else False
        """None when the intake does not say: screening then asks."""
        self.surgeries = _days_since(intake.surgeries, day)
        self.injuries = _days_since(intake.injuries, day)
        words = self.conditions | self.medications | self.allergies
        self.fired = [
            (rule, why) for rule in compiled.candidates(words) if (why := self.fires(rule))
        ]
        """The rules the intake sets off, with what in it does."""
        self.populations = [
            (population, found)
            for population in compiled.vocabulary.populations.values()
            if (found := self.member_of(population))
        ]
        """The populations the client is in, with what puts them there."""
        self.named = frozenset(clearance.scope for clearance in intake.clearances)
        """What the clearances on file name: a service one names is screened on its own."""

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
            # Unanswered is neither: the unanswered-pregnancy-risk finding asks.
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

    def member_of(self, population: Population) -> tuple[str, ...]:
        """What puts the client in `population`: being pregnant, or its conditions."""
        found = sorted(self.conditions.intersection(population.conditions))
        if population.pregnant and self.pregnant:
            found.insert(0, "pregnant")
        return tuple(found)

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


def _days_since(events: Iterable[Any], day: dt.date) -> list[tuple[int, Any]]:
    """Events up to `day`, each with the days since it."""
    return [((day - event.date).days, event) for event in events if event.date <= day]


def _recent(events: list[tuple[int, Any]], limit: int) -> list[Any]:
    return [event for days, event in events if days <= limit]


def _event(what: str, event: Any) -> str:
    where = f" ({event.region})" if event.region else ""
    return f"{what} on {event.date.isoformat()}{where}"


@attrs.frozen
class _Outcome:
    """A check's answer for one service: its findings or why it failed, and whether it looked
    at the service itself (if not, it holds for the service's whole group)."""

    check: Check
    plugin: str
    findings: tuple[Finding, ...]
    failure: str | None
    personal: bool


class _Screener:
    """Works out findings and verdicts for the services of one catalogue, for one intake."""

    def __init__(
        self,
        catalogue: Catalogue,
        compiled: CompiledScreening,
        index: CatalogueIndex,
        facts: Facts,
        held: frozenset[str] | None,
    ) -> None:
        self.catalogue, self.compiled, self.index = catalogue, compiled, index
        self.facts, self.held = facts, held
        self.checked: dict[int, tuple[str, list[_Outcome]]] = {}
        """Checks' outcomes for each group, with the service they were run for."""
        self.verdicts: dict[str, tuple[Verdict, tuple[str, ...]]] = {}
        """Verdicts (and why) of services without add-ons, by service id."""
        self.group_verdicts: dict[int, tuple[Verdict, tuple[str, ...]]] = {}
        """The same for a whole group, when it holds for all of it."""
        self.specialty: dict[str, tuple[Service, ServiceGroup, tuple[Finding, ...], Verdict]] = {}
        """For each population, its mildest specialty service and what it needs."""

    # -- one service ---------------------------------------------------------------------------

    def assess(
        self,
        service: Service,
        addons: tuple[AddOn, ...],
        *,
        held_to_specialty: bool = True,
        suggest: bool = True,
    ) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        """Every finding for `service` with `addons`, sorted, and the checks that failed.

        `held_to_specialty`: also what the specialty service for the client's populations
        needs. `suggest`: name services to book instead (only the booked service's findings
        do; the others are for verdicts)."""
        group = self.index.group_of[service.id]
        findings = [
            *self.from_rules(service, group, addons),
            *self.unanswered(service, group, addons),
            *self.areas_to_avoid(),
        ]
        checked, failed = self.run_checks(service, group, addons)
        findings += checked
        if held_to_specialty and self.facts.populations:
            findings += self.held_to_specialty(service, group, findings)
        findings += self.limits(service, group, findings, suggest)
        findings += self.missing_credentials(service, group, findings)
        if self.facts.intake.clearances:
            findings = [self.cleared(finding, service, group.modality) for finding in findings]
        if suggest:
            findings = [self.instead(finding, service) for finding in findings]
        findings.sort(key=_order)
        return tuple(findings), (*self.compiled.incomplete, *self.index.incomplete, *failed)

    def from_rules(
        self, service: Service, group: ServiceGroup, addons: tuple[AddOn, ...]
    ) -> Iterator[Finding]:
        own, ident = group.properties, group.modality.id
        itself: list[tuple[Finding, frozenset[str]]] = []
        for compiled, triggers in self.facts.fired:
            if compiled.concerns is not None and ident not in compiled.concerns:
                continue
            rule = compiled.rule
            removed = tuple(
                addon.id
                for addon in addons
                if self.properties(addon) & compiled.remove_addon_properties
            )
            taken = own & compiled.remove_addon_properties
            if taken:
                # The service itself is what the rule takes away: it cannot be left out.
                itself.append(
                    (self.itself(compiled, triggers, service, group, taken, "block"), taken)
                )
            if rule.scope == "addon":
                for addon in addons:
                    if self.matches(compiled, addon):
                        left_out = (addon.id,) if rule.severity == "block" else ()
                        yield self.finding(
                            compiled, triggers, addon.id, left_out + removed, addon=addon
                        )
                about = own & compiled.addon_properties
                if about and not taken:
                    itself.append(
                        (
                            self.itself(compiled, triggers, service, group, about, rule.severity),
                            about,
                        )
                    )
                continue
            subject = service.id if rule.scope == "service" else None
            yield self.finding(compiled, triggers, subject, removed)
        # A service blocked for being what a rule takes away needs no milder word on the same
        # thing from another rule (a block for suction, and "no cups on the abdomen").
        blocked = frozenset().union(*(props for f, props in itself if f.severity == "block"))
        for finding, props in itself:
            if finding.severity == "block" or not props <= blocked:
                yield finding

    def itself(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        service: Service,
        group: ServiceGroup,
        properties: frozenset[str],
        severity: str,
    ) -> Finding:
        """A finding for the service when its modality is what an add-on rule is about."""
        finding = self.finding(compiled, triggers, service.id, ())
        modality = group.modality
        if modality.properties is None:
            why = f"{modality.name} does not say its properties, so screening assumes the worst."
        else:
            why = f"{modality.name} is itself {', '.join(sorted(properties))} work."
        modification = finding.modification
        if severity == "block":
            modification = f"Do not book {service.name}: {_it_is(properties)}."
        return attrs.evolve(
            finding,
            severity=severity,
            scope="service",
            reason=f"{finding.reason} {why}",
            modification=modification,
        )

    def finding(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        subject: str | None,
        removed: tuple[str, ...],
        *,
        addon: AddOn | None = None,
    ) -> Finding:
        rule = compiled.rule
        regions = self.facts.regions(compiled)
        region_pressure = {}
        if rule.max_pressure is not None and rule.regions:
            region_pressure = dict.fromkeys(rule.regions, rule.max_pressure)
        severity, modification, reason = rule.severity, rule.modification, rule.reason
        if rule.severity == "local" and not regions:
            # A local rule with nowhere named cannot be followed: ask, rather than guess.
            severity, modification = "ask", ASK_WHERE
        if addon is not None:
            if rule.severity == "block" and modification is None:
                modification = f"Leave out {addon.name}."
            if self.catalogue.addon_properties(addon) is None:
                reason += (
                    f" {addon.name} has no type or properties, so screening assumes the worst."
                )
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
            severity=severity,
            scope=rule.scope,
            reason=reason,
            subject=subject,
            modification=modification,
            constraints=constraints if constraints else UNCONSTRAINED,
            credential=rule.credential,
            sources=rule.sources,
            triggers=triggers,
            origin="rule pack" if compiled.origin == "builtin-screening" else compiled.origin,
        )

    def properties(self, addon: AddOn) -> frozenset[str]:
        """An add-on's properties; one that states none is taken to have them all."""
        known = self.catalogue.addon_properties(addon)
        return EVERYTHING if known is None else known

    def matches(self, compiled: CompiledRule, addon: AddOn) -> bool:
        return bool(
            (addon.type and addon.type in compiled.addon_types)
            or self.properties(addon) & compiled.addon_properties
        )

    def unanswered(
        self, service: Service, group: ServiceGroup, addons: tuple[AddOn, ...]
    ) -> Iterator[Finding]:
        """A question the intake leaves unanswered is one for the client: screening fails
        closed, and a physician's note cannot answer it."""
        facts, client = self.facts, self.facts.intake.client
        for key, what in (("conditions", "health conditions"), ("medications", "medications")):
            if getattr(client, key) is None:
                yield _asked(
                    f"unanswered-{key}",
                    "session",
                    f"The intake does not say whether the client has {what}.",
                    f"Ask the client, and record the answer; `{key} = []` means none.",
                )
        if facts.pregnant and facts.high_risk is None:
            yield _asked(
                "unanswered-pregnancy-risk",
                "session",
                "The intake does not say whether the pregnancy is high-risk.",
                "Ask the client (or the prenatal provider), and record pregnancy.high_risk.",
            )
        if group.modality.specialty and client.under_physician_care is None:
            yield _asked(
                "unanswered-physician-care",
                "service",
                "Specialty work needs to know whether the client is under a doctor's care.",
                "Ask the client, and record under_physician_care.",
                subject=service.id,
            )
        if client.allergies is None:
            oily = [("addon", addon.id) for addon in addons if self.properties(addon) & OILS]
            if group.properties & OILS:
                oily.insert(0, ("service", service.id))
            for scope, subject in oily:
                yield _asked(
                    "unanswered-allergies",
                    scope,
                    "The intake does not say whether the client has allergies.",
                    "Ask the client, and record the answer; `allergies = []` means none.",
                    subject=subject,
                )

    def areas_to_avoid(self) -> Iterator[Finding]:
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
        self, service: Service, group: ServiceGroup, addons: tuple[AddOn, ...]
    ) -> tuple[list[Finding], list[str]]:
        """Plugins' checks. One that fails, or returns what is not findings, leaves the
        screening incomplete, named: nothing a check does can make it pass for clear.

        Without add-ons, what a check says without looking at the service itself holds for
        the service's whole group, and is worked out once."""
        checks = self.compiled.checks
        if not checks:
            return [], []
        if addons:
            outcomes = self.run(service, group.modality, addons, checks)
        elif id(group) not in self.checked:
            outcomes = self.run(service, group.modality, (), checks)
            self.checked[id(group)] = (service.id, outcomes)
        else:
            first, outcomes = self.checked[id(group)]
            if first != service.id and any(outcome.personal for outcome in outcomes):
                again = [(o.check, o.plugin) for o in outcomes if o.personal]
                fresh = iter(self.run(service, group.modality, (), again))
                outcomes = [next(fresh) if o.personal else o for o in outcomes]
        findings = [f for outcome in outcomes for f in outcome.findings]
        failed = [outcome.failure for outcome in outcomes if outcome.failure]
        return findings, failed

    def run(
        self,
        service: Service,
        modality: Modality,
        addons: tuple[AddOn, ...],
        checks: Iterable[tuple[Check, str]],
    ) -> list[_Outcome]:
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
        outcomes = []
        with watched() as watch:
            for check, plugin in checks:
                object.__setattr__(situation, "_read_service", False)
                try:
                    found = watch.run(check, plugin, situation)
                except CheckFailed as failure:
                    outcome = _Outcome(check, plugin, (), str(failure), False)
                else:
                    findings = tuple(attrs.evolve(f, origin=plugin) for f in found)
                    outcome = _Outcome(check, plugin, findings, None, situation._read_service)
                outcomes.append(outcome)
        return outcomes

    def held_to_specialty(
        self, service: Service, group: ServiceGroup, findings: list[Finding]
    ) -> Iterator[Finding]:
        """No service is a way around its specialty: for a client in a population the
        catalogue has specialty work for, any other service needs what the mildest specialty
        service needs (its questions, approvals and blocks, and its credentials), and its
        findings point to that service."""
        have = {finding.rule for finding in findings}
        for population, members in self.facts.populations:
            if population.id in group.serves or not self.index.specialty.get(population.id):
                continue
            specialty, its_group, needs, verdict = self.specialty_for(population)
            held_to = (
                f"({specialty.name} is the service for {population.name}: any other service "
                "for this client needs what it needs.)"
            )
            for finding in needs:
                if finding.rule in have or finding.rule == "credential":
                    continue
                if finding.severity in ("block", "ask", "clearance") and finding.scope in (
                    "session",
                    "service",
                ):
                    have.add(finding.rule)
                    yield attrs.evolve(
                        finding,
                        scope="service",
                        subject=service.id,
                        reason=f"{finding.reason} {held_to}",
                        cleared_by=None,
                    )
            credentials = [c for c in its_group.credentials if c not in group.credentials]
            for position, credential in enumerate(credentials or [None]):
                yield Finding(
                    rule=f"specialty-{population.id}",
                    severity="modify" if verdict == "modify" and position == 0 else "caution",
                    scope="service",
                    subject=service.id,
                    reason=(
                        f"This client is in {population.name}, and {specialty.name} "
                        f"({specialty.id}) is built for it."
                    ),
                    modification=_given_as(specialty, credentials, self.catalogue),
                    credential=credential,
                    triggers=members,
                    origin=SERVICEKIT,
                )

    def specialty_for(
        self, population: Population
    ) -> tuple[Service, ServiceGroup, tuple[Finding, ...], Verdict]:
        """The mildest specialty service for `population` by what it needs itself (not held
        to other populations' services: those hold the others alike), and its findings."""
        found = self.specialty.get(population.id)
        if found is None:
            best = None
            for group in self.index.specialty[population.id]:
                service = self.catalogue.services[group.services[0]]
                needs, failed = self.assess(service, (), held_to_specialty=False, suggest=False)
                verdict = _verdict(needs, tuple(failed), _merged(needs))
                if best is None or RANK[verdict] < RANK[best[3]]:
                    best = (service, group, needs, verdict)
            assert best is not None
            found = self.specialty[population.id] = best
        return found

    def limits(
        self, service: Service, group: ServiceGroup, findings: list[Finding], suggest: bool
    ) -> Iterator[Finding]:
        """A pressure limit below what the service's modality is done at blocks the service."""
        limit = _merged(findings).max_pressure
        modality = group.modality
        pressure = modality.pressure
        if limit is not None and pressure is not None and pressure.min > limit:
            setters = ", ".join(
                sorted({f.rule for f in findings if f.constraints.max_pressure == limit})
            )
            yield Finding(
                rule="pressure-limit",
                severity="block",
                scope="service",
                subject=service.id,
                reason=(
                    f"{modality.name} is done at Walton {pressure.min}-{pressure.max}; this "
                    f"client's limit is {limit} ({setters})."
                ),
                modification=self.lighter(limit, service) if suggest else OFFER_LIGHTER,
                origin=SERVICEKIT,
            )

    def lighter(self, limit: int, instead_of: Service) -> str:
        """Services within the limit to book instead: done at a known pressure no deeper."""

        def within(group: ServiceGroup) -> bool:
            pressure = group.modality.pressure
            return pressure is not None and pressure.min <= limit

        others = self.alternatives(instead_of, within)
        if not others:
            return "No lighter service in this catalogue is bookable for this client now."
        return f"Offer a lighter service instead: {', '.join(others)}."

    def instead(self, finding: Finding, service: Service) -> Finding:
        """A block of the booked service says what to book instead."""
        blocks = finding.severity == "block" and finding.subject == service.id
        if not blocks or finding.scope != "service":
            return finding
        if finding.rule in ("pressure-limit", "credential"):
            return finding  # they say what to do already
        others = self.alternatives(service, lambda group: True)
        offer = (
            f"Offer instead: {', '.join(others)}."
            if others
            else "No other service in this catalogue is bookable for this client now."
        )
        said = finding.modification or ""
        return attrs.evolve(finding, modification=f"{said} {offer}".strip())

    def alternatives(self, instead_of: Service, fits: Callable[[ServiceGroup], bool]) -> list[str]:
        """Up to `SUGGESTED` services that `fits` allows and that are bookable for this client
        after the whole screening: the specialty services built for the client first, then in
        catalogue order. Each group's verdict is worked out once, and only as far as needed."""
        specialty = [
            group
            for population, _ in self.facts.populations
            for group in self.index.specialty.get(population.id, ())
        ]
        chosen: list[str] = []
        for group in dict.fromkeys(specialty):
            if fits(group):
                chosen += [i for _, i in self.bookable_in(group, instead_of, SUGGESTED)]
        del chosen[SUGGESTED:]
        wanted = SUGGESTED - len(chosen)
        found: list[tuple[int, str]] = []
        for group in self.index.groups:
            if wanted and len(found) >= wanted and found[wanted - 1][0] < group.positions[0]:
                break  # no later group has a service that comes sooner
            if wanted and group not in specialty and fits(group):
                found = sorted([*found, *self.bookable_in(group, instead_of, wanted)])[:wanted]
        return chosen + [ident for _, ident in found]

    def bookable_in(
        self, group: ServiceGroup, instead_of: Service, most: int
    ) -> list[tuple[int, str]]:
        """Up to `most` services of `group` bookable for this client, with their positions."""
        found: list[tuple[int, str]] = []
        for position, ident in zip(group.positions, group.services, strict=True):
            if len(found) >= most:
                break
            if ident != instead_of.id:
                verdict, _ = self.verdict_of(self.catalogue.services[ident])
                if verdict not in BOOKABLE and self.shared(group, ident):
                    break  # the rest of the group shares it
                if verdict in BOOKABLE:
                    found.append((position, ident))
        return found

    def missing_credentials(
        self, service: Service, group: ServiceGroup, findings: list[Finding]
    ) -> Iterator[Finding]:
        if self.held is None:
            return
        for credential in _credentials(group, findings):
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
        servicekit's own findings.
        """
        if finding.severity != "clearance" or finding.origin == SERVICEKIT:
            return finding
        covered = {"all", finding.rule, *finding.triggers}
        if finding.scope == "addon" and finding.subject in self.catalogue.addons:
            addon = self.catalogue.addons[finding.subject]
            covered.update(filter(None, (addon.id, addon.type)))
        else:
            covered.update((service.id, modality.id))
        lasts = dt.timedelta(days=self.compiled.clearance_valid_days)
        day = self.facts.day
        for clearance in self.facts.intake.clearances:
            if clearance.scope not in covered or not clearance.date <= day:
                continue
            if day <= (clearance.expires or clearance.date + lasts):
                by = f"{clearance.provider}, {clearance.date.isoformat()}"
                return attrs.evolve(finding, cleared_by=by)
        return finding

    # -- every service ----------------------------------------------------------------------

    def verdict_of(self, service: Service) -> tuple[Verdict, tuple[str, ...]]:
        """The verdict of `service` without add-ons, and the findings that keep it from being
        bookable; worked out once for its whole group when nothing in it is personal."""
        group = self.index.group_of[service.id]
        known = self.verdicts.get(service.id)
        if known is None and service.id not in self.facts.named:
            known = self.group_verdicts.get(id(group))
        if known is not None:
            return known
        findings, failed = self.assess(service, (), suggest=False)
        verdict = _verdict(findings, failed, _merged(findings))
        reasons = tuple(
            dict.fromkeys(
                f"credential {f.credential}" if f.rule == "credential" else f.rule
                for f in findings
                if not f.lifted and f.severity in ("block", "ask", "clearance")
            )
        )
        known = self.verdicts[service.id] = (verdict, reasons)
        if self.shared(group, service.id):
            self.group_verdicts[id(group)] = known
        return known

    def shared(self, group: ServiceGroup, ident: str) -> bool:
        """Whether what holds for service `ident` holds for every service of its group: no
        clearance names it, and no check looked at the service itself."""
        if ident in self.facts.named:
            return False
        _, outcomes = self.checked.get(id(group), (None, []))
        return not any(outcome.personal for outcome in outcomes or ())

    def bookable(self) -> tuple[Bookable, ...]:
        """Every service, without add-ons: is it bookable for this client, and if not why."""
        return tuple(
            Bookable(service.id, *self.verdict_of(service))
            for service in self.catalogue.services.values()
        )


ASK_WHERE = "Ask the client where, record it under areas_to_avoid, and avoid that area."
OFFER_LIGHTER = "Offer a lighter service instead."
EVERYTHING = frozenset(vocabulary().properties)
"""The properties of an add-on that states none: all of them (fail closed)."""


def _it_is(properties: frozenset[str]) -> str:
    return f"it is itself {', '.join(sorted(properties))} work, which this client must not have"


def _given_as(specialty: Service, credentials: list[str | None], catalogue: Catalogue) -> str:
    named = [
        catalogue.credentials[c].name if c in catalogue.credentials else c
        for c in credentials
        if c
    ]
    training = f", by a therapist who holds {' and '.join(named)}" if named else ""
    return (
        f"Suggest {specialty.name} ({specialty.id}); if the client prefers this service, give "
        f"it as {specialty.name} is given{training}."
    )


def _asked(
    rule: str, scope: str, reason: str, modification: str, subject: str | None = None
) -> Finding:
    return Finding(
        rule=rule,
        severity="ask",
        scope=scope,
        subject=subject,
        reason=reason,
        modification=modification,
        origin=SERVICEKIT,
    )


def _order(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.lifted,
        ORDER[finding.severity],
        finding.scope,
        finding.rule,
        finding.subject or "",
    )


def _credentials(group: ServiceGroup, findings: Iterable[Finding]) -> tuple[str, ...]:
    required = dict.fromkeys(group.credentials)
    required.update(dict.fromkeys(f.credential for f in findings if f.credential))
    return tuple(required)


def _merged(findings: Iterable[Finding]) -> Constraints:
    """Every finding's constraints; a clearance lifts the wait for a doctor, not the limits."""
    merged = UNCONSTRAINED
    for finding in findings:
        if finding.constraints is not UNCONSTRAINED:  # most findings: nothing to merge
            merged = merged.merge(finding.constraints)
    return merged


UNCONSTRAINED = attrs.fields(Finding).constraints.default
"""The constraints of a finding that sets none: one shared instance."""


def _verdict(
    findings: Iterable[Finding], incomplete: tuple[str, ...] | list[str], constraints: Constraints
) -> Verdict:
    if incomplete:
        return "incomplete"
    worst = -1
    for finding in findings:
        if finding.lifted:
            continue
        severity = finding.severity
        if severity == "block" and finding.scope != "addon":
            return "block"
        if severity == "ask":
            worst = max(worst, 3)
        elif severity == "clearance":
            worst = max(worst, 2)
        elif severity in ("modify", "local", "block"):
            worst = max(worst, 1)
    if worst < 1 and constraints:
        worst = 1
    return VERDICTS[max(worst, 0)]
