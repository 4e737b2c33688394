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
from typing import Any, NamedTuple

import attrs

from servicekit.errors import BookingError, Invalid, Problem, did_you_mean
from servicekit.i18n import N_
from servicekit.model.catalogue import AddOn, Catalogue, Service
from servicekit.model.contributions import Modality
from servicekit.model.intake import Intake
from servicekit.model.screening import (
    BOOKABLE,
    SEVERITIES,
    VERDICTS,
    Bookable,
    Check,
    Constraints,
    Finding,
    Population,
    Scope,
    Screening,
    Severity,
    Situation,
    Verdict,
)
from servicekit.pricing.booking import check_addons, service_named, strings
from servicekit.screening.compiled import (
    OILS,
    UNCONSTRAINED,
    CatalogueIndex,
    CompiledRule,
    CompiledScreening,
    ServiceGroup,
    SpecialtyWords,
    credential_named,
    given_as,
)
from servicekit.screening.guard import CheckFailed, watched
from servicekit.screening.intake import intake_error, load_intake
from servicekit.screening.wording import (
    PROPERTIES,
    Joined,
    Listed,
    Message,
    Name,
    Say,
    modification_of,
    reason_of,
    worded,
)

SERVICEKIT = "servicekit"
"""The origin of findings the engine itself makes (unanswered questions, limits, credentials,
specialty services). A clearance never lifts them: a physician's note does not answer the
intake's questions."""

SUGGESTED = 3
"""How many services a finding names to book instead; the list of services says the rest."""

RANK = {verdict: index for index, verdict in enumerate(VERDICTS)}
WEIGHT = {"caution": 0, "modify": 1, "local": 1, "clearance": 2, "ask": 3, "block": 4}
"""What each severity makes of the verdict (VERDICTS' positions); a block of the session or
the service blocks it."""
BLOCKS = WEIGHT["block"]
ORDER = {severity: index for index, severity in enumerate(reversed(SEVERITIES))}


def screen(
    catalogue: Catalogue,
    intake: Intake | Mapping[str, Any] | str,
    service: str,
    *,
    addons: Iterable[str] = (),
    at: dt.date | dt.datetime | str | None = None,
    credentials: Iterable[str] | None = None,
    locale: str | None = None,
) -> Screening:
    """Screen `intake` against booking `service` with `addons` on the day of `at`.

    `credentials` are the therapist's; without them, the ones needed are listed, not checked.
    `locale`: its readers' (e.g. "de_DE"): `to_dict()` then adds what they read (`text`).
    """
    if locale is not None:
        locale = reader_locale(locale)
    compiled = catalogue._screening
    assert compiled is not None, "a catalogue's screening is compiled when it is built"
    index = compiled.index
    assert index is not None, "and indexed with its services"
    intake = load_intake(intake, vocabulary=compiled.vocabulary)
    chosen = service_named(catalogue, service)
    addons = strings(addons, "addons")
    check_addons(catalogue, chosen, addons)
    held = None if credentials is None else _held(index, credentials)
    day = _day(at, catalogue.clinic.timezone)
    if intake.clearances or intake.pregnancy:
        _check_dates(intake, day, compiled, index)
    facts = Facts(intake, day, compiled)
    screener = _Screener(catalogue, compiled, index, facts, held)
    booked = tuple(catalogue.addons[ident] for ident in addons)
    with watched():  # one watch for all of this screening's checks
        findings, incomplete, constraints = screener.assess(chosen, booked)
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
        locale=locale,
    )


def reader_locale(locale: object) -> str:
    """A locale screening's words can be read in ("de-DE" is de_DE), or a `BookingError`
    saying why not."""
    from servicekit.loading.scalars import SCALARS
    from servicekit.model.fields import LocaleId

    if not isinstance(locale, str):
        raise BookingError(f"a locale is text such as de_DE, not {type(locale).__name__}")
    try:
        return str(SCALARS[LocaleId].check(locale.replace("-", "_")))
    except Invalid as error:
        raise BookingError(error.message, hint=error.hint) from None


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
        raise intake_error(intake, problems)


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
        care = client.under_physician_care
        facts = {
            "@pregnant" if self.pregnant else "@not-pregnant",
            *(("@surgery",) if self.surgeries else ()),
            *(("@injury",) if self.injuries else ()),
            *(() if care is None else ("@care" if care else "@no-care",)),
        }
        words = self.conditions | self.medications | self.allergies | facts
        self.fired: list[tuple[CompiledRule, tuple[str, ...]]] = []
        """The rules the intake sets off, with what in it does."""
        lists = {
            "conditions": self.conditions,
            "medications": self.medications,
            "allergies": self.allergies,
        }
        self.answers: dict[tuple[str, int], tuple[str, ...]] = {}
        """What makes each key of a trigger hold, by key and what it asks (`holds`): many
        rules ask the same (every pregnancy rule asks `pregnant`)."""
        self.particular: list[tuple[CompiledRule, tuple[str, ...]]] = []
        """The fired rules that may say something of one service and not another."""
        positions: list[int] = []
        about: set[str] = set()
        for rule in compiled.candidates(words):
            if rule.lists_only and len(rule.parts) == 1:  # most rules: one list, any word
                key, wanted = rule.parts[0]
                hit = wanted & lists[key]  # type: ignore[operator]
                why = tuple(sorted(hit)) if hit else None
            else:
                why = self.listed(rule) if rule.lists_only else self.fires(rule)
            if why:
                self.fired.append((rule, why))
                if rule.particular:
                    self.particular.append((rule, why))
                    positions.append(rule.position)
                    about.update(rule.remove_addon_properties, rule.addon_properties)
        self.positions = frozenset(positions)
        """Where those rules are in the pack."""
        self.about = frozenset(about)
        """What of the work those rules take away or are about."""
        self.populations = [
            (population, self.member_of(population))
            for population in compiled.vocabulary.populations.values()
            if (population.pregnant and self.pregnant)
            or not self.conditions.isdisjoint(population.conditions)
        ]
        """The populations the client is in, with what puts them there."""
        self.population_ids = frozenset(population.id for population, _ in self.populations)
        self.named = frozenset(clearance.scope for clearance in intake.clearances)
        """What the clearances on file name: a service one names is screened on its own."""
        lasts = dt.timedelta(days=compiled.clearance_valid_days)
        self.cleared = [
            (clearance.scope, f"{clearance.provider}, {clearance.date.isoformat()}")
            for clearance in intake.clearances
            if clearance.date <= day <= (clearance.expires or clearance.date + lasts)
        ]
        """The clearances valid on the day, in the intake's order: what each names, and who
        gave it when."""

    def fires(self, compiled: CompiledRule) -> tuple[str, ...] | None:
        """What in the intake sets the rule off, or None when it does not apply."""
        every = compiled.rule.when.match == "all"
        if compiled.lists_only:
            return self.listed(compiled)
        found: list[str] = []
        answers = self.answers
        for key, wanted in compiled.parts:
            why = answers.get((key, id(wanted)))
            if why is None:  # the rules' values are kept by the catalogue: ids stay theirs
                why = answers[key, id(wanted)] = self.holds(key, wanted)
            if why:
                found += why
            elif every:
                return None
        return tuple(found) if found else None

    def holds(self, key: str, wanted: Any) -> tuple[str, ...]:
        """What in the intake makes one key of a trigger hold; nothing when it does not."""
        if key in ("conditions", "medications", "allergies"):
            return tuple(sorted(wanted & getattr(self, key)))
        if key == "pregnant":
            return ("pregnant",) if self.pregnant == wanted else ()
        if key == "pregnancy_weeks":
            weeks = self.weeks
            inside = weeks is not None and wanted.min <= weeks <= wanted.max
            return (f"pregnant, week {weeks}",) if inside else ()
        if key == "high_risk_pregnancy":
            # Unanswered is neither: the unanswered-pregnancy-risk finding asks.
            return ("high-risk pregnancy",) if self.high_risk == wanted else ()
        if key in ("surgery_within_days", "injury_within_days"):
            what, events = (
                ("surgery", self.surgeries) if key[0] == "s" else ("injury", self.injuries)
            )
            return tuple(_event(what, event) for event in _recent(events, wanted))
        care = self.intake.client.under_physician_care
        return ("under a doctor's care",) if care is not None and care == wanted else ()

    def listed(self, compiled: CompiledRule) -> tuple[str, ...] | None:
        """`fires` for a rule only the intake's lists can set off: the same answer, sooner."""
        found: list[str] = []
        every = compiled.rule.when.match == "all"
        for key, wanted in compiled.parts:  # its lists, and nothing else
            hit = wanted & getattr(self, key)
            if hit:
                found += sorted(hit)
            elif every:
                return None
        return tuple(found) if found else None

    def member_of(self, population: Population) -> tuple[str, ...]:
        """What puts the client in `population`: being pregnant, or its conditions."""
        found: list[str] = sorted(self.conditions.intersection(population.conditions))
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


_Outcome = tuple[Check, tuple[Finding, ...], str | None, int]
"""A check's answer for one booking: the check, its findings or why it failed, and what of the
booking it read (`Situation.read`)."""


def _agreeing(booking: tuple[Any, ...], reads: int) -> tuple[Any, ...]:
    """What of a booking (service, modality, add-ons, work) a check that read `reads` answered
    for: any booking that agrees on it gets the same answer."""
    return (
        booking[0] if reads & Situation.SERVICE else None,
        booking[1] if reads & Situation.MODALITY else None,
        booking[2] if reads & Situation.ADDONS else None,
        booking[3] if reads & Situation.WORK else None,
    )


class Assessment(NamedTuple):
    """What screening finds for one service: its findings, sorted; why it could not finish;
    and the constraints of every finding."""

    findings: tuple[Finding, ...]
    incomplete: tuple[str, ...]
    constraints: Constraints


class SpecialtySaid(NamedTuple):
    """The specialty service for a population, what it needs of every other service, and the
    words that say so."""

    service: Service
    group: ServiceGroup
    verdict: Verdict
    words: SpecialtyWords
    """What is said of it, worked out when the catalogue is built."""
    needs: list[Finding]
    """Its questions, approvals and blocks, which every other service needs too."""
    said: list[dict[str, Any]]
    """What each of them then says."""


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
        self.answers: dict[tuple[int, int, tuple[Any, ...]], _Outcome] = {}
        """Checks' answers: by check (its position), what of the booking it read, and what
        that was (`_agreeing`)."""
        self.reads: dict[int, list[int]] = {}
        self.universal: dict[int, _Outcome] = {}
        """The answers of checks that read nothing of the booking, by position."""
        """What of a booking each check has read, by its position: the keys of `answers`."""
        self.checked: dict[tuple[Any, ...], tuple[list[Finding], list[str]]] = {}
        """The findings and failures of all the checks, by the work and add-ons booked (and
        the modality, when a check read it), when none read the service."""
        self.personal: set[str] = set()
        """Services a check looked at itself: what holds for them may not hold for others."""
        self.work_named = any(
            name in catalogue.services or name in catalogue.modalities for name in facts.named
        )
        """Whether a clearance on file names a service or a modality: lifting then depends
        on the service."""
        self.verdicts: dict[str, tuple[Verdict, tuple[str, ...]]] = {}
        """Verdicts (and why) of services without add-ons, by service id."""
        self.group_verdicts: dict[int, tuple[Verdict, tuple[str, ...]]] = {}
        self.kind_verdicts: dict[tuple[Any, ...], tuple[Verdict, tuple[str, ...]]] = {}
        """The same for every service of a kind (`kind`), whatever its modality."""
        """The same for a whole group, when it holds for all of it."""
        self.specialty: dict[str, tuple[Service, ServiceGroup, tuple[Finding, ...], Verdict]] = {}
        """For each population, its mildest specialty service and what it needs."""
        self.failures = (*compiled.incomplete, *index.incomplete)
        """Why no screening of this catalogue can be complete, whatever the booking."""
        self.holding: dict[tuple[Any, ...], tuple[list[Finding], list[Finding]]] = {}
        """What the specialty services need of other services, by population, subject and
        the credentials the other service lacks (`held_to`)."""
        self.restated: dict[tuple[str, str | None], list[Finding]] = {}
        """The specialty services' needs said of another service, by population and subject."""
        self.specialty_words: dict[str, SpecialtySaid] = {}
        self.unheld: dict[str, Assessment] = {}
        """Specialty services assessed for what they need, when that is their whole
        assessment: they serve every population the client is in."""
        """The specialty services' needs and words, by population (`specialty_said`)."""
        self.made: dict[tuple[Any, ...], Finding] = {}
        """The findings rules made, by rule, subject and add-ons left out."""
        self.shared_findings: dict[tuple[str, ...], tuple[list[Finding], Constraints]] = {}
        """The findings every service has, by the add-ons booked (`common`)."""
        self.lifted: dict[tuple[int, str | None], tuple[Finding, Finding]] = {}
        self.shared_lifted: dict[tuple[Any, ...], list[Finding]] = {}
        """`common` findings as lifted, by add-ons (and service, when that matters)."""
        """Findings as a clearance on file leaves them, by finding and service."""

    # -- one service ---------------------------------------------------------------------------

    def assess(
        self,
        service: Service,
        addons: tuple[AddOn, ...],
        *,
        held_to_specialty: bool = True,
        suggest: bool = True,
    ) -> Assessment:
        """Every finding for `service` with `addons`, sorted; the checks that failed; and the
        constraints of them all.

        `held_to_specialty`: also what the specialty service for the client's populations
        needs. `suggest`: name services to book instead (only the booked service's findings
        do; the others are for verdicts)."""
        group = self.index.group_of[service.id]
        common, common_constraints = self.common(addons)
        findings = list(common)
        if not group.rules.isdisjoint(self.facts.positions) or self.asks(group):
            findings += self.particular(service, group, addons)
        checked, failed = self.run_checks(service, group, addons)
        findings += checked
        if held_to_specialty and self.facts.populations:
            findings += self.held_to_specialty(service, group, findings, suggest)
        more = [
            f.constraints for f in findings[len(common) :] if f.constraints is not UNCONSTRAINED
        ]
        constraints = (
            Constraints.combined([common_constraints, *more]) if more else common_constraints
        )
        limit, pressure = constraints.max_pressure, group.modality.pressure
        if limit is not None and pressure is not None and pressure.min > limit:
            findings += self.limits(service, group, findings, constraints, suggest)
        if self.held is not None:
            findings += self.missing_credentials(service, group, findings)
        if self.facts.intake.clearances:
            lifted = self.common_lifted(addons, service, group.modality)
            rest = findings[len(common) :]
            findings = [*lifted, *(self.cleared(f, service, group.modality) for f in rest)]
        if suggest:  # the booked service's findings, shown: the others are for verdicts
            findings = [self.instead(finding, service) for finding in findings]
            findings.sort(key=_order)
        failures = (*self.failures, *failed) if failed else self.failures
        return Assessment(tuple(findings), failures, constraints)

    def common_lifted(
        self, addons: tuple[AddOn, ...], service: Service, modality: Modality
    ) -> list[Finding]:
        """`common` as the clearances on file leave it for `service`: worked out once, unless a
        clearance names a service or a modality."""
        ids = tuple(addon.id for addon in addons) if addons else ()
        key = (ids, service.id if self.work_named else None)
        found = self.shared_lifted.get(key)
        if found is None:
            common, _ = self.common(addons)
            found = self.shared_lifted[key] = [self.cleared(f, service, modality) for f in common]
        return found

    def asks(self, group: ServiceGroup) -> bool:
        """Whether the intake leaves a question unanswered that matters for this work only."""
        client = self.facts.intake.client
        return (group.modality.specialty and client.under_physician_care is None) or (
            group.oily and client.allergies is None
        )

    def common(self, addons: tuple[AddOn, ...]) -> tuple[list[Finding], Constraints]:
        """The findings every service booked with `addons` has, and their constraints: rules
        about any work, the intake's questions about the session, its areas to avoid. Worked
        out once per screening, and with add-ons from what holds without them."""
        key = tuple(addon.id for addon in addons) if addons else ()
        found = self.shared_findings.get(key)
        if found is not None:
            return found
        if not addons:
            findings = [
                self.finding(compiled, triggers, None, ())
                for compiled, triggers in self.facts.fired
                if compiled.everywhere
            ]
            findings += self.unanswered()
            findings += self.areas_to_avoid()
            found = self.shared_findings[key] = (findings, _merged(findings))
            return found
        base, constraints = self.common(())
        findings, more = list(base), list[Finding]()
        for compiled, triggers in self.facts.fired:
            if compiled.concerns is not None or compiled.rule.scope == "service":
                continue
            if compiled.rule.scope == "addon":
                more += self.made_by(compiled, triggers, None, addons)
                continue
            removed = self.removed(compiled, addons)
            if removed:  # the same finding, leaving the booked add-ons out
                plain = self.finding(compiled, triggers, None, ())
                place = next(i for i, f in enumerate(findings) if f is plain)
                findings[place] = self.finding(compiled, triggers, None, removed)
                more.append(findings[place])
        more += self.oily(addons)
        findings += more
        limits = [f.constraints for f in more if f.constraints is not UNCONSTRAINED]
        if limits:
            constraints = Constraints.combined([constraints, *limits])
        found = self.shared_findings[key] = (findings, constraints)
        return found

    def particular(
        self, service: Service, group: ServiceGroup, addons: tuple[AddOn, ...]
    ) -> Iterator[Finding]:
        """The findings that depend on the service: rules about some work or about the service
        itself, the work being what a rule takes away, specialty work's own questions."""
        own, rules = group.properties, group.rules
        itself: list[tuple[Finding, frozenset[str]]] = []
        for compiled, triggers in self.facts.particular:
            concerns = compiled.concerns
            if compiled.position not in rules:
                continue
            if concerns is not None:
                yield from self.made_by(compiled, triggers, None, addons)
            if compiled.rule.scope == "service":
                yield self.finding(compiled, triggers, service.id, self.removed(compiled, addons))
            taken = own & compiled.remove_addon_properties
            if taken:
                # The service itself is what the rule takes away: it cannot be left out.
                made = self.itself(compiled, triggers, service, group, taken, "block")
                itself.append((made, taken))
            about = own & compiled.addon_properties if compiled.rule.scope == "addon" else None
            if about and not taken:
                made = self.itself(
                    compiled, triggers, service, group, about, compiled.rule.severity
                )
                itself.append((made, about))
        # A service blocked for being what a rule takes away needs no milder word on the same
        # thing from another rule (a block for suction, and "no cups on the abdomen").
        if itself:
            blocked = frozenset().union(*(props for f, props in itself if f.severity == "block"))
            for finding, props in itself:
                if finding.severity == "block" or not props <= blocked:
                    yield finding
        if self.asks(group):
            yield from self.questions_about(service, group)

    def made_by(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        subject: str | None,
        addons: tuple[AddOn, ...],
    ) -> Iterator[Finding]:
        """The findings of a rule about the session, body regions or add-ons."""
        rule = compiled.rule
        removed = self.removed(compiled, addons)
        if rule.scope == "addon":
            for addon in addons:
                if self.matches(compiled, addon):
                    left_out = (addon.id,) if rule.severity == "block" else ()
                    yield self.finding(
                        compiled, triggers, addon.id, left_out + removed, addon=addon
                    )
        elif rule.scope != "service":
            yield self.finding(compiled, triggers, subject, removed)

    def removed(self, compiled: CompiledRule, addons: tuple[AddOn, ...]) -> tuple[str, ...]:
        """The booked add-ons a rule leaves out."""
        if not addons or not compiled.remove_addon_properties:
            return ()
        taken = compiled.remove_addon_properties
        return tuple(addon.id for addon in addons if self.properties(addon) & taken)

    def itself(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        service: Service,
        group: ServiceGroup,
        properties: frozenset[str],
        severity: Severity,
    ) -> Finding:
        """A finding for the service when its modality is what an add-on rule is about; made
        once per screening."""
        key = (id(compiled), service.id, severity)
        made = self.made.get(key)
        if made is not None:
            return made
        finding = self.make(compiled, triggers, service.id, (), None)
        modality, own = group.modality, self.catalogue.clinic.locale
        name = Name(modality, own)
        if modality.properties is None:
            why = Message(
                N_("%(modality)s does not say its properties, so screening assumes the worst."),
                modality=name,
            )
        else:
            why = Message(
                N_("%(modality)s is itself %(properties)s work."),
                modality=name,
                properties=_properties_named(properties),
            )
        modification = modification_of(finding)
        if severity == "block":
            modification = Message(
                N_(
                    "Do not book %(service)s: it is itself %(properties)s work, which this "
                    "client must not have."
                ),
                service=Name(service, own),
                properties=_properties_named(properties),
            )
        made = self.made[key] = attrs.evolve(
            finding,
            severity=severity,
            scope="service",
            **worded(Joined(reason_of(finding), why), modification),
        )
        return made

    def finding(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        subject: str | None,
        removed: tuple[str, ...],
        *,
        addon: AddOn | None = None,
    ) -> Finding:
        """The finding a rule that fired makes; made once per screening, as every service
        assessed without add-ons has the same session findings."""
        key = (id(compiled), subject, removed)
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = self.make(compiled, triggers, subject, removed, addon)
        return made

    def make(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        subject: str | None,
        removed: tuple[str, ...],
        addon: AddOn | None,
    ) -> Finding:
        rule = compiled.rule
        severity: Severity = rule.severity
        words = compiled.words
        reason: Say = words.reason
        modification: Say | None = words.modification
        constraints = compiled.limits
        if severity == "local" or removed:
            regions = self.facts.regions(compiled) if severity == "local" else ()
            if severity == "local" and not regions:
                # A local rule with nowhere named cannot be followed: ask, rather than guess.
                severity, modification = "ask", ASK_WHERE
            constraints = (
                attrs.evolve(
                    constraints,
                    remove_addons=tuple(dict.fromkeys(removed)),
                    avoid_regions=regions,
                )
                or UNCONSTRAINED
            )
        if addon is not None:
            own = self.catalogue.clinic.locale
            if rule.severity == "block" and modification is None:
                modification = Message(N_("Leave out %(addon)s."), addon=Name(addon, own))
            if addon.id in self.index.unstated:
                unstated = Message(
                    N_("%(addon)s has no type or properties, so screening assumes the worst."),
                    addon=Name(addon, own),
                )
                reason = Joined(reason, unstated)
        said: dict[str, Any] = (
            {"reason": rule.reason, "modification": rule.modification, "translations": words}
            if reason is words.reason and modification is words.modification
            else worded(reason, modification)
        )
        return Finding(
            rule=rule.id,
            severity=severity,
            scope=rule.scope,
            subject=subject,
            constraints=constraints,
            credential=rule.credential,
            sources=rule.sources,
            triggers=triggers,
            **said,
            origin="rule pack" if compiled.origin == "builtin-screening" else compiled.origin,
        )

    def properties(self, addon: AddOn) -> frozenset[str]:
        """An add-on's properties; one that states none is taken to have them all."""
        return self.index.addon_properties[addon.id]

    def matches(self, compiled: CompiledRule, addon: AddOn) -> bool:
        return bool(
            (addon.type and addon.type in compiled.addon_types)
            or self.properties(addon) & compiled.addon_properties
        )

    def unanswered(self) -> Iterator[Finding]:
        """A question the intake leaves unanswered is one for the client: screening fails
        closed, and a physician's note cannot answer it."""
        facts, client = self.facts, self.facts.intake.client
        if client.conditions is None:
            yield UNANSWERED_CONDITIONS
        if client.medications is None:
            yield UNANSWERED_MEDICATIONS
        if facts.pregnant and facts.high_risk is None:
            yield UNANSWERED_PREGNANCY_RISK

    def oily(self, addons: tuple[AddOn, ...]) -> Iterator[Finding]:
        """An oil add-on needs the allergy question answered."""
        if self.facts.intake.client.allergies is None:
            for addon in addons:
                if self.properties(addon) & OILS:
                    yield _unknown_allergies("addon", addon.id)

    def questions_about(self, service: Service, group: ServiceGroup) -> Iterator[Finding]:
        """What the intake leaves unanswered that matters for this work only."""
        client = self.facts.intake.client
        if group.modality.specialty and client.under_physician_care is None:
            yield _asked("unanswered-physician-care", "service", CARE, subject=service.id)
        if client.allergies is None and group.oily:
            yield _unknown_allergies("service", service.id)

    def areas_to_avoid(self) -> Iterator[Finding]:
        """Areas the client asked to be left alone are a constraint whatever else fires."""
        areas = self.facts.intake.client.areas_to_avoid
        if areas:
            yield Finding(
                rule="areas-to-avoid",
                severity="local",
                scope="region",
                constraints=Constraints(avoid_regions=areas),
                origin=SERVICEKIT,
                **AREAS_TO_AVOID,
            )

    def run_checks(
        self, service: Service, group: ServiceGroup, addons: tuple[AddOn, ...]
    ) -> tuple[list[Finding], list[str]]:
        """Plugins' checks. One that fails, or returns what is not findings, leaves the
        screening incomplete, named: nothing a check does can make it pass for clear.

        A check's answer holds for every booking that agrees on what it read of this one
        (`Situation.read`): one that looked at neither the service nor its modality nor the
        add-ons is run once per screening, one that looked at the work once per kind of work.
        The answers of them all are kept by what they read together: most services then take
        them with one look-up."""
        checks = self.compiled.checks
        if not checks:
            return [], []
        ids = tuple(addon.id for addon in addons) if addons else ()
        work, both = (group.properties, ids), (group.key, ids)
        checked = self.checked
        found = checked.get(group.checks) or checked.get(work) or checked.get(both)
        if found is not None:
            return found
        booking = (service.id, group.modality.id, ids, group.properties)
        if not self.answers:  # the first checks of this screening: nothing is known yet
            return self.gathered(
                self.run(service, group.modality, addons, group.checks, booking), group, ids
            )
        known = [self.known(position, booking) for position in group.checks]
        todo = [p for p, answer in zip(group.checks, known, strict=True) if answer is None]
        if todo:
            fresh = iter(self.run(service, group.modality, addons, todo, booking))
            known = [answer or next(fresh) for answer in known]
        return self.gathered(known, group, ids)  # type: ignore[arg-type]

    def gathered(
        self, outcomes: list[_Outcome], group: ServiceGroup, ids: tuple[str, ...]
    ) -> tuple[list[Finding], list[str]]:
        """The findings and failures of the checks' answers for a booking of `group` with
        add-ons `ids`, kept by what the checks read of it together."""
        findings: list[Finding] = []
        failed: list[str] = []
        reads = 0
        for _, made, failure, read in outcomes:
            findings += made
            if failure:
                failed.append(failure)
            reads |= read
        if not reads:  # the same for any booking its checks are run for
            self.checked[group.checks] = (findings, failed)
        elif not reads & Situation.SERVICE:
            key = (group.key if reads & Situation.MODALITY else group.properties, ids)
            self.checked[key] = (findings, failed)
        return findings, failed

    def known(self, position: int, booking: tuple[Any, ...]) -> _Outcome | None:
        """A check's answer for a booking, when it holds from an earlier run."""
        anywhere = self.universal.get(position)
        if anywhere is not None:
            return anywhere
        for reads in self.reads.get(position, ()):
            found = self.answers.get((position, reads, _agreeing(booking, reads)))
            if found is not None:
                return found
        return None

    def run(
        self,
        service: Service,
        modality: Modality,
        addons: tuple[AddOn, ...],
        positions: Iterable[int],
        booking: tuple[Any, ...],
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
            work=self.index.group_of[service.id].properties,
        )
        outcomes = []
        checks, answers = self.compiled.checks, self.answers
        with watched() as watch:
            for position in positions:
                check, plugin = checks[position]
                try:
                    found = watch.run(check, plugin, situation)
                except CheckFailed as failure:
                    made: tuple[Finding, ...] = ()
                    why: str | None = str(failure)
                else:  # most checks find nothing for most services
                    made = tuple(attrs.evolve(f, origin=plugin) for f in found) if found else ()
                    why = None
                reads = situation.read()
                outcome: _Outcome = (check, made, why, reads)
                if reads & Situation.SERVICE:
                    self.personal.add(booking[0])
                seen = self.reads.setdefault(position, [])
                if reads not in seen:
                    seen.append(reads)
                answers[position, reads, _agreeing(booking, reads)] = outcome
                if not reads:  # it read nothing of the booking: it holds for any
                    self.universal[position] = outcome
                outcomes.append(outcome)
        return outcomes

    def held_to_specialty(
        self, service: Service, group: ServiceGroup, findings: list[Finding], suggest: bool
    ) -> Iterator[Finding]:
        """No service is a way around its specialty: for a client in a population the
        catalogue has specialty work for, any other service needs what the mildest specialty
        service needs (its questions, approvals and blocks, and its credentials), and its
        findings point to that service."""
        have = {finding.rule for finding in findings}
        for population, members in self.facts.populations:
            if population.id in group.serves or not self.index.specialty.get(population.id):
                continue
            # A verdict's findings are not shown: every service shares them (no subject).
            subject = service.id if suggest else None
            needs, own = self.held_to(population, members, subject, group.credentials)
            for finding in needs:
                if finding.rule not in have:
                    have.add(finding.rule)
                    yield finding
            yield from own

    def held_to(
        self,
        population: Population,
        members: tuple[str, ...],
        subject: str | None,
        credentials: tuple[str, ...],
    ) -> tuple[list[Finding], list[Finding]]:
        """What the specialty service for `population` needs, said of `subject` (a service
        with `credentials`): its questions, approvals and blocks; and the finding that points
        to it, one for each credential it needs that the service does not. Made once per
        screening for each subject and each set of credentials lacking."""
        said = self.specialty_said(population)
        missing = tuple(c for c in said.group.credentials if c not in credentials)
        key = (population.id, subject, missing)
        found = self.holding.get(key)
        if found is not None:
            return found
        holding = self.restated.get((population.id, subject))
        if holding is None:
            holding = self.restated[population.id, subject] = [
                _restated(finding, subject, **words)
                for finding, words in zip(said.needs, said.said, strict=True)
            ]
        given = said.words.given_as.get(missing) or given_as(
            self.catalogue, said.service, Name(said.service, self.catalogue.clinic.locale), missing
        )
        words = worded(said.words.pointer, given)
        own = [
            Finding(
                rule=f"specialty-{population.id}",
                severity="modify" if said.verdict == "modify" and position == 0 else "caution",
                scope="service",
                subject=subject,
                credential=credential,
                triggers=members,
                origin=SERVICEKIT,
                **words,
            )
            for position, credential in enumerate(missing or [None])
        ]
        found = self.holding[key] = (holding, own)
        return found

    def specialty_said(self, population: Population) -> SpecialtySaid:
        """The specialty service for `population`, what it needs of every other service, and
        the words that say so: the same whatever service they are said of."""
        found = self.specialty_words.get(population.id)
        if found is not None:
            return found
        specialty, its_group, needs, verdict = self.specialty_for(population)
        words = self.index.specialty_words[population.id, specialty.id]
        holding = [
            finding
            for finding in needs
            if finding.rule != "credential"
            and finding.severity in HOLDING
            and finding.scope in ("session", "service")
        ]
        found = self.specialty_words[population.id] = SpecialtySaid(
            service=specialty,
            group=its_group,
            verdict=verdict,
            words=words,
            needs=holding,
            said=[
                worded(Joined(reason_of(finding), words.held_to), modification_of(finding))
                for finding in holding
            ],
        )
        return found

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
                assessed = self.assess(service, (), held_to_specialty=False, suggest=False)
                needs, failed, constraints = assessed
                verdict = _verdict(needs, failed, constraints)
                if all(other.id in group.serves for other, _ in self.facts.populations):
                    # Held to no other specialty: what its verdict says too.
                    self.unheld[service.id] = assessed
                if best is None or RANK[verdict] < RANK[best[3]]:
                    best = (service, group, needs, verdict)
            assert best is not None
            found = self.specialty[population.id] = best
        return found

    def limits(
        self,
        service: Service,
        group: ServiceGroup,
        findings: list[Finding],
        constraints: Constraints,
        suggest: bool,
    ) -> Iterator[Finding]:
        """A pressure limit below what the service's modality is done at blocks the service."""
        limit = constraints.max_pressure
        modality = group.modality
        pressure = modality.pressure
        if limit is not None and pressure is not None and pressure.min > limit:
            setters = ", ".join(
                sorted({f.rule for f in findings if f.constraints.max_pressure == limit})
            )
            reason = Message(
                N_(
                    "%(modality)s is done at Walton %(min)s-%(max)s; this client's limit is "
                    "%(limit)s (%(rules)s)."
                ),
                modality=Name(modality, self.catalogue.clinic.locale),
                min=pressure.min,
                max=pressure.max,
                limit=limit,
                rules=setters,
            )
            yield Finding(
                rule="pressure-limit",
                severity="block",
                scope="service",
                subject=service.id,
                origin=SERVICEKIT,
                **worded(reason, self.lighter(limit, service) if suggest else OFFER_LIGHTER),
            )

    def lighter(self, limit: int, instead_of: Service) -> Message:
        """Services within the limit to book instead: done at a known pressure no deeper."""

        def within(group: ServiceGroup) -> bool:
            pressure = group.modality.pressure
            return pressure is not None and pressure.min <= limit

        others = self.alternatives(instead_of, within)
        if not others:
            return NO_LIGHTER
        offer = N_("Offer a lighter service instead: %(services)s.")
        return Message(offer, services=Listed(others))

    def instead(self, finding: Finding, service: Service) -> Finding:
        """A block of the booked service says what to book instead."""
        blocks = finding.severity == "block" and finding.subject == service.id
        if not blocks or finding.scope != "service":
            return finding
        if finding.rule in ("pressure-limit", "credential"):
            return finding  # they say what to do already
        others = self.alternatives(service, lambda group: True)
        offer = (
            Message(N_("Offer instead: %(services)s."), services=Listed(others))
            if others
            else NO_OTHER
        )
        said = modification_of(finding)
        modification = offer if said is None or not said.english else Joined(said, offer)
        return attrs.evolve(finding, **worded(reason_of(finding), modification))

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
                reason = Message(
                    N_("The therapist does not hold %(credential)s, which this booking needs."),
                    credential=credential_named(self.catalogue, credential),
                )
                yield Finding(
                    rule="credential",
                    severity="block",
                    scope="service",
                    subject=service.id,
                    credential=credential,
                    origin=SERVICEKIT,
                    **worded(reason, BOOK_WITH_ONE_WHO_HOLDS_IT),
                )

    def cleared(self, finding: Finding, service: Service, modality: Modality) -> Finding:
        """A `clearance` finding with a valid clearance on file for its scope is lifted.

        A clearance for a service does not cover an add-on booked with it, and none covers
        servicekit's own findings.
        """
        if finding.severity != "clearance" or finding.origin == SERVICEKIT:
            return finding
        key = (id(finding), service.id if self.work_named else None)
        known = self.lifted.get(key)
        if known is None or known[0] is not finding:  # kept, so its id is not reused
            known = self.lifted[key] = (finding, self.lift(finding, service, modality))
        return known[1]

    def lift(self, finding: Finding, service: Service, modality: Modality) -> Finding:
        if finding.severity != "clearance" or finding.origin == SERVICEKIT:
            return finding
        addon = self.catalogue.addons.get(finding.subject or "")
        work = (
            (addon.id, addon.type)
            if finding.scope == "addon" and addon is not None
            else (service.id, modality.id)
        )
        for scope, by in self.facts.cleared:
            if scope in ("all", finding.rule) or scope in finding.triggers or scope in work:
                return _restated(finding, finding.subject, scope=finding.scope, cleared_by=by)
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
        kind = self.kind(service, group)
        known = self.kind_verdicts.get(kind) if kind is not None else None
        if known is not None:
            self.verdicts[service.id] = self.group_verdicts[id(group)] = known
            return known
        assessed = self.unheld.get(service.id) or self.assess(service, (), suggest=False)
        findings, failed, constraints = assessed
        verdict = _verdict(findings, failed, constraints)
        holding = [f for f in findings if f.severity in HOLDING and f.cleared_by is None]
        reasons: tuple[str, ...] = ()
        if holding:
            holding.sort(key=_order)
            reasons = tuple(
                dict.fromkeys(
                    f"credential {f.credential}" if f.rule == "credential" else f.rule
                    for f in holding
                )
            )
        known = self.verdicts[service.id] = (verdict, reasons)
        if self.shared(group, service.id):
            self.group_verdicts[id(group)] = known
        if kind is not None:
            self.kind_verdicts[kind] = known
        return known

    def kind(self, service: Service, group: ServiceGroup) -> tuple[Any, ...] | None:
        """Everything the verdict of `service` without add-ons depends on, so that services
        of other modalities that agree on it share it: the fired rules that concern its work
        and what of its work they are about, the questions its work asks, what the checks
        answered for it, the populations it serves, its credentials (when they matter) and
        its pressure. None when its verdict is its own: a clearance names a service or a
        modality, or a check looked at the service itself."""
        if self.work_named or service.id in self.personal:
            return None
        checked = self.run_checks(service, group, ())
        if service.id in self.personal:
            return None
        facts, client = self.facts, self.facts.intake.client
        pressure = group.modality.pressure
        return (
            group.rules & facts.positions,
            group.properties & facts.about,
            group.modality.specialty and client.under_physician_care is None,
            group.oily and client.allergies is None,
            id(checked),  # kept in `checked` for the whole screening
            group.serves & facts.population_ids,
            group.credentials if self.held is not None or facts.populations else None,
            None if pressure is None else pressure.min,
        )

    def shared(self, group: ServiceGroup, ident: str) -> bool:
        """Whether what holds for service `ident` holds for every service of its group: no
        clearance names it, and no check looked at the service itself."""
        return ident not in self.facts.named and ident not in self.personal

    def bookable(self) -> tuple[Bookable, ...]:
        """Every service, without add-ons: is it bookable for this client, and if not why."""
        with watched():
            return tuple(
                Bookable(service.id, *self.verdict_of(service))
                for service in self.catalogue.services.values()
            )


HOLDING = frozenset({"block", "ask", "clearance"})
"""The severities that keep a service from being bookable (a block on an add-on aside)."""
ASK_WHERE = Message(
    N_("Ask the client where, record it under areas_to_avoid, and avoid that area.")
)
OFFER_LIGHTER = Message(N_("Offer a lighter service instead."))
NO_LIGHTER = Message(N_("No lighter service in this catalogue is bookable for this client now."))
NO_OTHER = Message(N_("No other service in this catalogue is bookable for this client now."))
BOOK_WITH_ONE_WHO_HOLDS_IT = Message(N_("Book with a therapist who holds it."))
AREAS_TO_AVOID = worded(
    Message(N_("The intake names areas not to work on.")), Message(N_("Work around them."))
)


def _restated(
    finding: Finding,
    subject: str | None,
    *,
    scope: Scope = "service",
    cleared_by: str | None = None,
    **words: Any,
) -> Finding:
    """`finding` said of `subject` in `scope`, lifted by `cleared_by` or not, in other
    `words` (its `reason`, `modification` and `translations`) or its own: what `attrs.evolve`
    would make, in half the time (screening makes it for every kind of service)."""
    return Finding(
        rule=finding.rule,
        severity=finding.severity,
        scope=scope,
        reason=words.get("reason", finding.reason),
        subject=subject,
        modification=words.get("modification", finding.modification),
        constraints=finding.constraints,
        credential=finding.credential,
        sources=finding.sources,
        triggers=finding.triggers,
        cleared_by=cleared_by,
        origin=finding.origin,
        translations=words.get("translations", finding.translations),
    )


def _properties_named(properties: frozenset[str]) -> Listed:
    """Properties of the work, by id in English and in a word or two in other languages."""
    named = [Message(PROPERTIES[i]) if i in PROPERTIES else i for i in sorted(properties)]
    return Listed(named)


def _asked(rule: str, scope: Scope, said: dict[str, Any], subject: str | None = None) -> Finding:
    return Finding(
        rule=rule, severity="ask", scope=scope, subject=subject, origin=SERVICEKIT, **said
    )


def _record(key: str) -> Message:
    return Message(
        N_("Ask the client, and record the answer; `%(key)s = []` means none."), key=key
    )


ALLERGIES = worded(
    Message(N_("The intake does not say whether the client has allergies.")), _record("allergies")
)
CARE = worded(
    Message(N_("Specialty work needs to know whether the client is under a doctor's care.")),
    Message(N_("Ask the client, and record under_physician_care.")),
)


def _unknown_allergies(scope: Scope, subject: str) -> Finding:
    return _asked("unanswered-allergies", scope, ALLERGIES, subject=subject)


UNANSWERED_CONDITIONS = _asked(
    "unanswered-conditions",
    "session",
    worded(
        Message(N_("The intake does not say whether the client has health conditions.")),
        _record("conditions"),
    ),
)
UNANSWERED_MEDICATIONS = _asked(
    "unanswered-medications",
    "session",
    worded(
        Message(N_("The intake does not say whether the client has medications.")),
        _record("medications"),
    ),
)
UNANSWERED_PREGNANCY_RISK = _asked(
    "unanswered-pregnancy-risk",
    "session",
    worded(
        Message(N_("The intake does not say whether the pregnancy is high-risk.")),
        Message(N_("Ask the client (or the prenatal provider), and record pregnancy.high_risk.")),
    ),
)
"""The questions an intake leaves for the client about the session: the same findings for
every screening."""


def _order(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.cleared_by is not None,
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
    found = [f.constraints for f in findings if f.constraints is not UNCONSTRAINED]
    if not found:
        return UNCONSTRAINED
    return found[0] if len(found) == 1 else Constraints.combined(found)


def _verdict(
    findings: Iterable[Finding], incomplete: tuple[str, ...] | list[str], constraints: Constraints
) -> Verdict:
    if incomplete:
        return "incomplete"
    worst = 0
    for finding in findings:
        rank = WEIGHT[finding.severity]
        if rank > worst and finding.cleared_by is None:
            if rank == BLOCKS:
                if finding.scope != "addon":
                    return "block"
                rank = 1  # an add-on left out: bookable without it
            worst = max(worst, rank)
    if worst < 1 and constraints:
        worst = 1
    return VERDICTS[worst]
