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
import operator
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
    NO_CONSTRAINTS,
    SEVERITIES,
    VERDICTS,
    Constraints,
    Finding,
    Population,
    Scope,
    Severity,
    Situation,
    Verdict,
)
from servicekit.model.screening_result import Screening, Verdicts
from servicekit.pricing.booking import check_addons, service_named, strings
from servicekit.screening.compiled import (
    OILS,
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
ADVICE = WEIGHT["modify"]
"""What a finding that only says how to do the work weighs (caution, modify, local)."""
ORDER = {severity: index for index, severity in enumerate(reversed(SEVERITIES))}
BLOCKS_SERVICE = (False, ORDER["block"], "service")
"""Where a block of the service not lifted comes in `_order`, before its rule."""


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
    booked = tuple([catalogue.addons[ident] for ident in addons])
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
        self.surgeries = _days_since(intake.surgeries, day) if intake.surgeries else []
        self.injuries = _days_since(intake.injuries, day) if intake.injuries else []
        care = client.under_physician_care
        facts = {
            "@pregnant" if self.pregnant else "@not-pregnant",
            *(("@surgery",) if self.surgeries else ()),
            *(("@injury",) if self.injuries else ()),
            *(() if care is None else ("@care" if care else "@no-care",)),
        }
        words = self.conditions | self.medications | self.allergies | facts
        self.answers: dict[tuple[str, int], tuple[str, ...]] = {}
        """What makes each key of a trigger hold, by key and what it asks (`holds`): many
        rules ask the same (every pregnancy rule asks `pregnant`)."""
        self.fired: list[tuple[CompiledRule, tuple[str, ...]]] = []
        """The rules the intake sets off, with what in it does."""
        self.particular: list[tuple[CompiledRule, tuple[str, ...]]] = []
        """The fired rules that may say something of one service and not another."""
        self.set_off(compiled.candidates(words))
        self.positions = frozenset([rule.position for rule, _ in self.particular])
        """Where those rules are in the pack."""
        self.populations = (
            [
                (population, self.member_of(population))
                for population in compiled.vocabulary.populations.values()
                if (population.pregnant and self.pregnant)
                or not self.conditions.isdisjoint(population.conditions)
            ]
            if self.conditions or self.pregnant
            else []
        )
        """The populations the client is in, with what puts them there."""
        self.population_ids = frozenset(population.id for population, _ in self.populations)
        self.named: frozenset[str] = frozenset()
        """What the clearances on file name: a service one names is screened on its own."""
        self.cleared: list[tuple[str, str]] = []
        """The clearances valid on the day, in the intake's order: what each names, and who
        gave it when."""
        if intake.clearances:
            self.named = frozenset(clearance.scope for clearance in intake.clearances)
            lasts = dt.timedelta(days=compiled.clearance_valid_days)
            self.cleared = [
                (clearance.scope, f"{clearance.provider}, {clearance.date.isoformat()}")
                for clearance in intake.clearances
                if clearance.date <= day <= (clearance.expires or clearance.date + lasts)
            ]

    def set_off(self, candidates: Iterable[CompiledRule]) -> None:
        """Adds the `candidates` the intake sets off to `fired` (and `particular`), each with
        what in it does."""
        fired, particular, answers = self.fired, self.particular, self.answers
        lists = (self.conditions, self.medications, self.allergies)  # as `compiled.LISTS`
        for rule in candidates:
            single = rule.single
            if single is not None:  # most rules: any word of one list
                hit = single[1] & lists[single[0]]
                found = sorted(hit) if hit else None
            else:
                every, found = rule.rule.when.match == "all", []
                for key, wanted in rule.parts:
                    why = answers.get((key, id(wanted)))
                    if why is None:  # the rules' values are the catalogue's: ids stay theirs
                        why = answers[key, id(wanted)] = self.holds(key, wanted)
                    if why:
                        found += why
                    elif every:
                        found = None
                        break
            if found:
                fired.append((rule, tuple(found)))
                if rule.particular:
                    particular.append(fired[-1])

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
            return tuple([_event(what, event) for event in _recent(events, wanted)])
        care = self.intake.client.under_physician_care
        return ("under a doctor's care",) if care is not None and care == wanted else ()

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


NO_CHECKS: tuple[list[Finding], list[str]] = ([], [])
"""What no checks find: nothing, and no failure (never changed)."""

_Answer = tuple[tuple[Finding, ...], str | None, int]
"""A check's answer for one booking: its findings or why it failed, and what of the booking
it read (`Situation.read`)."""


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
    """Its questions, approvals and blocks, which every other service needs too, said of no
    service and pointing to it."""
    every: frozenset[str]
    """The rules of those needs that every service has of its own: another service needs
    them only when a clearance names it (and may lift its own)."""


class _Checks:
    """Plugins' checks for one screening. One that fails, or returns what is not findings,
    leaves the screening incomplete, named: nothing a check does can make it pass for clear.

    A check's answer holds for every booking that agrees on what it read of this one
    (`Situation.read`): one that looked at neither the service nor its modality nor the
    add-ons is run once per screening, one that looked at the work once per kind of work.
    The answers of them all are kept by what they read together: most services then take
    them with one look-up."""

    def __init__(self, catalogue: Catalogue, compiled: CompiledScreening, facts: Facts) -> None:
        self.catalogue, self.facts = catalogue, facts
        self.checks, self.policies = compiled.checks, compiled.policies
        self.gathered: dict[tuple[Any, ...], tuple[list[Finding], list[str]]] = {}
        """The findings and failures of all the checks a booking calls for, by what they
        read of it together: nothing (by the checks' positions), the work or the modality,
        with the add-ons booked."""
        self.universal: dict[int, _Answer] = {}
        """The answers of checks that read nothing of the booking, by position."""
        self.answers: dict[tuple[int, int, tuple[Any, ...]], _Answer] = {}
        """The others' answers: by check (its position), what of the booking it read, and
        what that was (`_agreeing`)."""
        self.reads: dict[int, list[int]] = {}
        """What of a booking each of them has read, by its position: the keys of `answers`."""
        self.personal: set[str] = set()
        """Services a check looked at itself: what holds for them may not hold for others."""

    def answer(
        self, service: Service, group: ServiceGroup, addons: tuple[AddOn, ...]
    ) -> tuple[list[Finding], list[str]]:
        """The findings of the checks a booking of `service` with `addons` calls for, and
        those that failed."""
        gathered = self.gathered
        found = gathered.get(group.checks)
        if found is not None or not self.checks:
            return found or NO_CHECKS
        ids = tuple([addon.id for addon in addons]) if addons else ()
        found = gathered.get((group.properties, ids)) or gathered.get((group.key, ids))
        if found is not None:
            return found
        booking = (service.id, group.modality.id, ids, group.properties)
        if not (self.universal or self.answers):  # the first checks: nothing is known yet
            answers = self.run(service, group, addons, group.checks, booking)
        else:
            universal, seen = self.universal, self.reads
            known = [
                universal.get(p) or (self.known(p, booking) if p in seen else None)
                for p in group.checks
            ]
            todo = [p for p, answer in zip(group.checks, known, strict=True) if not answer]
            fresh = iter(self.run(service, group, addons, todo, booking) if todo else ())
            answers = [answer or next(fresh) for answer in known]
        findings: list[Finding] = []
        failed: list[str] = []
        reads = 0
        for made, failure, read in answers:
            findings += made
            if failure:
                failed.append(failure)
            reads |= read
        found = (findings, failed)
        if not reads:  # the same for any booking its checks are run for
            gathered[group.checks] = found
        elif not reads & Situation.SERVICE:
            gathered[group.key if reads & Situation.MODALITY else group.properties, ids] = found
        return found

    def known(self, position: int, booking: tuple[Any, ...]) -> _Answer | None:
        """The answer a check that read something of a booking gave one that agrees with
        this one on it, if any."""
        for reads in self.reads.get(position, ()):
            found = self.answers.get((position, reads, _agreeing(booking, reads)))
            if found is not None:
                return found
        return None

    def run(
        self,
        service: Service,
        group: ServiceGroup,
        addons: tuple[AddOn, ...],
        positions: Iterable[int],
        booking: tuple[Any, ...],
    ) -> list[_Answer]:
        """The answers of the checks at `positions` for a booking, each kept for the
        bookings that agree with it on what the check read."""
        facts = self.facts
        situation = Situation(
            intake=facts.intake,
            catalogue=self.catalogue,
            service=service,
            modality=group.modality,
            addons=addons,
            day=facts.day,
            pregnancy_weeks=facts.weeks,
            policies=self.policies,
            work=group.properties,
        )
        answers = []
        with watched() as watch:
            for position in positions:
                check, plugin = self.checks[position]
                try:
                    found = watch.run(check, plugin, situation)
                except CheckFailed as failure:
                    answer: _Answer = ((), str(failure), situation.read())
                else:  # most checks find nothing for most services
                    made = tuple([f.but(origin=plugin) for f in found]) if found else ()
                    answer = (made, None, situation.read())
                reads = answer[2]
                if not reads:  # it read nothing of the booking: it holds for any
                    self.universal[position] = answer
                else:
                    if reads & Situation.SERVICE:
                        self.personal.add(service.id)
                    seen = self.reads.setdefault(position, [])
                    if reads not in seen:
                        seen.append(reads)
                    self.answers[position, reads, _agreeing(booking, reads)] = answer
                answers.append(answer)
        return answers


class _Screener:
    """Works out findings and verdicts for the services of one catalogue, for one intake.

    What every booking has is worked out once (`base`; with the booked add-ons, `common`);
    what a service has beyond it (`own`) once for its group, unless a check looked at the
    service itself or a clearance names it. A verdict is what the findings every service has
    make of it (`standing`, worked out once) joined with what its own findings and the
    specialty services' needs make of it; services alike in all of that share it (`alike`)."""

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
        self.failures = (*compiled.incomplete, *index.incomplete)
        """Why no screening of this catalogue can be complete, whatever the booking."""
        self.work_named = any(
            name in catalogue.services or name in catalogue.modalities for name in facts.named
        )
        """Whether a clearance on file names a service or a modality: lifting then depends
        on the service."""
        self.checks = _Checks(catalogue, compiled, facts)
        self.made: dict[tuple[Any, ...], Finding] = {}
        """The findings rules made, by rule, subject and add-ons left out."""
        self.lifted: dict[tuple[int, str | None], tuple[Finding, Finding]] = {}
        """Findings as a clearance on file leaves them, by finding (and service, when a
        clearance names one)."""
        self.standings: dict[str | None, tuple[list[Finding], Standing, Any]] = {}
        """`base` as the clearances on file leave it, what it makes of a verdict and the
        verdict it gives a service with nothing more (by service, when a clearance names
        one)."""
        self.verdicts: dict[str, tuple[Verdict, tuple[str, ...]]] = {}
        """Verdicts (and why) of services without add-ons, by service id."""
        self.group_verdicts: dict[ServiceGroup, tuple[Verdict, tuple[str, ...]]] = {}
        """The same for a whole group, when it holds for all of it."""
        self.alike: dict[tuple[Any, ...], tuple[Standing, tuple[Verdict, tuple[str, ...]]]] = {}
        """What the findings of services without add-ons make of their verdicts (and the
        verdicts), by all that decides it but their pressure (`weighed`)."""
        self.alike_limited: dict[tuple[Any, ...], tuple[Verdict, tuple[str, ...]]] = {}
        """The same verdicts for services done at more pressure than the client's limit."""
        self.specialty: dict[str, SpecialtySaid] = {}
        """The mildest specialty service for each population, what it needs of every other
        service and the words that say so (`specialty_said`)."""
        self.holding: dict[tuple[Any, ...], tuple[list[Finding], list[Finding]]] = {}
        """What the specialty services need of other services, by population, subject and
        the credentials the other service lacks (`held_to`)."""
        self.inherited: set[int] = set()
        """The ids of those needs (kept alive by `specialty` and `holding`): only what covers
        the specialty's rule itself lifts them (`lift`)."""
        client = facts.intake.client
        self.care_unknown = client.under_physician_care is None
        self.allergies_unknown = client.allergies is None
        """Questions the intake leaves unanswered that matter for some work only."""
        self.base = self.everywhere()
        """The findings every service without add-ons has, and their constraints."""

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
        common, constraints = self.common(addons) if addons else self.base
        checked, failed = self.checks.answer(service, group, addons)
        own = self.own(service, group, addons, common, checked, held_to_specialty, suggest)
        constraints = _constrained(constraints, own)
        limited = _limited(group, constraints.max_pressure)
        if limited or self.held is not None:
            every = [*common, *own]
            if limited:
                own.append(self.limits(service, group, every, constraints, suggest))
            own += self.missing_credentials(service, group, every)
        if self.facts.cleared:
            modality = group.modality
            if addons:
                common = [self.cleared(finding, service, modality) for finding in common]
            else:
                common = self.standing(service, group)[0]
            own = [self.cleared(finding, service, modality) for finding in own]
        findings = [*common, *own]
        if suggest:  # the booked service's findings, shown: the others are for verdicts
            findings = self.offered(findings, service)
            findings.sort(key=_order)
        failures = (*self.failures, *failed) if failed else self.failures
        return Assessment(tuple(findings), failures, constraints)

    def own(
        self,
        service: Service,
        group: ServiceGroup,
        addons: tuple[AddOn, ...],
        common: list[Finding],
        checked: list[Finding],
        held_to_specialty: bool,
        suggest: bool,
    ) -> list[Finding]:
        """What `service` with `addons` has beyond the `common` findings, but for its pressure
        limit and credentials (none lifted yet): the rules about its work, what its checks
        found (`checked`), and what its specialty needs. Without `suggest`, what is said of
        the service itself names no subject: it is for a verdict, the same for every service."""
        facts = self.facts
        subject = service.id if suggest else None
        findings: list[Finding] = []
        if not group.rules.isdisjoint(facts.positions) or self.asks(group):
            findings += self.particular(service, group, addons, subject)
        findings += checked
        if held_to_specialty and facts.populations:
            beyond = [*common[len(self.base[0]) :], *findings]  # the needs leave `base` out
            findings += self.held_to_specialty(service, group, beyond, subject)
        return findings

    def everywhere(self) -> tuple[list[Finding], Constraints]:
        """The findings every service without add-ons has, and their constraints: rules about
        any work, the intake's questions about the session, its areas to avoid."""
        findings = [
            self.finding(compiled, triggers, None, ())
            for compiled, triggers in self.facts.fired
            if compiled.everywhere
        ]
        findings += self.unanswered()
        findings += self.areas_to_avoid()
        return findings, _merged(findings)

    def common(self, addons: tuple[AddOn, ...]) -> tuple[list[Finding], Constraints]:
        """The findings every service booked with `addons` has, and their constraints: `base`,
        with the booked add-ons left out where a rule takes them away, and the rules and
        questions about them."""
        base, constraints = self.base
        findings, more, leaving = list(base), list[Finding](), list[Finding]()
        for compiled, triggers in self.facts.fired:
            if compiled.concerns is not None or compiled.rule.scope == "service":
                continue
            if compiled.rule.scope == "addon":
                more += self.made_by(compiled, triggers, None, addons)
                continue
            removed = self.removed(compiled, addons) if compiled.remove_addon_properties else ()
            if removed:  # the same finding, leaving the booked add-ons out, in its place
                plain = self.finding(compiled, triggers, None, ())
                place = next(i for i, f in enumerate(findings) if f is plain)
                findings[place] = self.finding(compiled, triggers, None, removed)
                leaving.append(findings[place])
                more.append(findings[place])  # for the constraints, in the order they came
        more += self.oily(addons)
        constrained = _constrained(constraints, more)
        left_out = {addon for finding in leaving for addon in finding.constraints.remove_addons}
        placed = {id(finding) for finding in leaving}  # shown in `findings` already
        shown = [f for f in more if id(f) not in placed and not _moot(f, left_out)]
        return [*findings, *shown], constrained

    def standing(
        self, service: Service, group: ServiceGroup
    ) -> tuple[list[Finding], Standing, tuple[Verdict, tuple[str, ...]]]:
        """`base` as the clearances on file leave it for `service` (of `group`), what it
        makes of a verdict, and the verdict (and why) of a service with nothing more: worked
        out once, unless a clearance names a service or a modality."""
        key = service.id if self.work_named else None
        found = self.standings.get(key)
        if found is None:
            base = self.base[0]
            if self.facts.cleared:
                base = [self.cleared(finding, service, group.modality) for finding in base]
            standing = _standing(base)
            found = self.standings[key] = (base, standing, standing.verdict())
        return found

    def asks(self, group: ServiceGroup) -> bool:
        """Whether the intake leaves a question unanswered that matters for this work only."""
        return (group.specialty and self.care_unknown) or (
            group.allergies_matter and self.allergies_unknown
        )

    def particular(
        self,
        service: Service,
        group: ServiceGroup,
        addons: tuple[AddOn, ...],
        subject: str | None,
    ) -> list[Finding]:
        """The findings that depend on the service: rules about some work or about the service
        itself (said of `subject`), the work being what a rule takes away, specialty work's
        own questions."""
        own, rules = group.properties, group.rules
        found: list[Finding] = []
        itself: list[tuple[Finding, frozenset[str]]] = []
        for compiled, triggers in self.facts.particular:
            if compiled.position not in rules:
                continue
            scope = compiled.rule.scope
            if scope == "service":
                removed = self.removed(compiled, addons) if addons else ()
                found.append(self.finding(compiled, triggers, subject, removed))
            elif compiled.concerns is not None:
                found += self.made_by(compiled, triggers, None, addons)
            taken = own & compiled.remove_addon_properties
            if taken:
                # The service itself is what the rule takes away: it cannot be left out.
                made = self.itself(compiled, triggers, service, group, taken, "block")
                itself.append((made, taken))
            about = own & compiled.addon_properties if scope == "addon" else None
            if about and not taken:
                made = self.itself(
                    compiled, triggers, service, group, about, compiled.rule.severity
                )
                itself.append((made, about))
        # A service blocked for being what a rule takes away needs no milder word on the same
        # thing from another rule (a block for suction, and "no cups on the abdomen").
        if itself:
            blocked = frozenset().union(*(props for f, props in itself if f.severity == "block"))
            found += (f for f, props in itself if f.severity == "block" or not props <= blocked)
        if self.asks(group):
            found += self.questions_about(subject, group)
        return found

    def made_by(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        subject: str | None,
        addons: tuple[AddOn, ...],
    ) -> list[Finding]:
        """The findings of a rule about the session, body regions or add-ons."""
        rule = compiled.rule
        if rule.scope == "addon":
            found = []
            for addon in addons:
                if self.matches(compiled, addon):
                    itself = (addon.id,) if rule.severity == "block" else ()
                    left_out = itself + self.removed(compiled, addons)
                    found.append(self.finding(compiled, triggers, addon.id, left_out, addon=addon))
            return found
        if rule.scope != "service":
            return [self.finding(compiled, triggers, subject, self.removed(compiled, addons))]
        return []

    def removed(self, compiled: CompiledRule, addons: tuple[AddOn, ...]) -> tuple[str, ...]:
        """The booked add-ons a rule leaves out."""
        taken = compiled.remove_addon_properties
        if not addons or not taken:
            return ()
        properties = self.index.addon_properties
        return tuple([addon.id for addon in addons if not properties[addon.id].isdisjoint(taken)])

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
        key = (compiled, service.id, severity)
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
        made = self.made[key] = finding.but(
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
        key = (compiled, subject, removed)
        made = self.made.get(key)
        if made is None:
            if not removed and addon is None and compiled.rule.severity != "local":
                made = compiled.finding.but(subject=subject, triggers=triggers)  # most
            else:
                made = self.make(compiled, triggers, subject, removed, addon)
            self.made[key] = made
        return made

    def make(
        self,
        compiled: CompiledRule,
        triggers: tuple[str, ...],
        subject: str | None,
        removed: tuple[str, ...],
        addon: AddOn | None,
    ) -> Finding:
        """A rule's finding with the regions a local rule keeps away from, the add-ons it
        leaves out, and what it says of an add-on: its `CompiledRule.finding` (as the rule
        says it whoever the client) restated."""
        rule, finding = compiled.rule, compiled.finding
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
                Constraints(
                    constraints.max_pressure,
                    constraints.region_pressure,
                    constraints.avoid_positions,
                    constraints.max_duration,
                    tuple(dict.fromkeys(removed)),
                    regions,
                )
                or NO_CONSTRAINTS
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
        said = (
            worded(reason, modification)
            if reason is not words.reason or modification is not words.modification
            else {}
        )
        return finding.but(
            severity=severity, constraints=constraints, subject=subject, triggers=triggers, **said
        )

    def matches(self, compiled: CompiledRule, addon: AddOn) -> bool:
        """Whether an add-on rule concerns `addon`: by its type, or what it does."""
        if addon.type and addon.type in compiled.addon_types:
            return True
        return not self.index.addon_properties[addon.id].isdisjoint(compiled.addon_properties)

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
                if self.index.addon_properties[addon.id] & OILS:
                    yield _unknown_allergies("addon", addon.id)

    def questions_about(self, subject: str | None, group: ServiceGroup) -> list[Finding]:
        """What the intake leaves unanswered that matters for this work only."""
        found = []
        if group.specialty and self.care_unknown:
            found.append(_said_of(UNANSWERED_CARE, subject))
        if group.allergies_matter and self.allergies_unknown:
            found.append(_said_of(UNANSWERED_ALLERGIES, subject))
        return found

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

    def held_to_specialty(
        self, service: Service, group: ServiceGroup, findings: list[Finding], subject: str | None
    ) -> list[Finding]:
        """No service is a way around its specialty: for a client in a population the
        catalogue has specialty work for, any other service needs what the mildest specialty
        service needs (its questions, approvals and blocks, and its credentials), and its
        findings point to that service, said of `subject`. What the service has already (the
        rules of `findings`, and those every service has) it does not need twice, unless a
        clearance names it: one for deep tissue lifts deep tissue's own first-trimester
        approval, never what prenatal massage needs of it."""
        found: list[Finding] = []
        have = {finding.rule for finding in findings}
        added: set[str] = set()
        named = service.id in self.facts.named or group.modality.id in self.facts.named
        for population, members in self.facts.populations:
            if population.id in group.serves or not self.index.specialty.get(population.id):
                continue
            needs, own = self.held_to(population, members, subject, group.credentials)
            # A service a clearance names may have its own copy of a need lifted: it needs
            # the specialty's too (lifted only as the specialty's is), whatever it has.
            every = () if named else self.specialty[population.id].every
            for finding in needs:
                if (named or finding.rule not in have) and finding.rule not in every:
                    if finding.rule in added:
                        continue
                    added.add(finding.rule)
                    found.append(finding)
            found += own
        return found

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
        missing = tuple([c for c in said.group.credentials if c not in credentials])
        key = (population.id, subject, missing)
        found = self.holding.get(key)
        if found is not None:
            return found
        needs = (
            said.needs
            if subject is None
            else [finding.but(subject=subject) for finding in said.needs]
        )
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
        self.inherited.update(map(id, needs))
        found = self.holding[key] = (needs, own)
        return found

    def specialty_said(self, population: Population) -> SpecialtySaid:
        """The mildest specialty service for `population` by what it needs itself (not held
        to other populations' services: those hold the others alike), what it needs of every
        other service, and the words that say so."""
        found = self.specialty.get(population.id)
        if found is not None:
            return found
        best = None
        for group in self.index.specialty[population.id]:
            service = self.catalogue.services[group.services[0]]
            assessed = self.assess(service, (), held_to_specialty=False, suggest=False)
            verdict = _verdict(*assessed)
            if best is None or RANK[verdict] < RANK[best[3]]:
                best = (service, group, assessed.findings, verdict)
        assert best is not None, "only populations with specialty work are held to it"
        specialty, its_group, findings, verdict = best
        words = self.index.specialty_words[population.id, specialty.id]
        every = {finding.rule for finding in self.base[0]}
        found = self.specialty[population.id] = SpecialtySaid(
            service=specialty,
            group=its_group,
            verdict=verdict,
            words=words,
            needs=[
                finding.but(
                    subject=None,
                    scope="service",
                    cleared_by=None,
                    **worded(Joined(reason_of(finding), words.held_to), modification_of(finding)),
                )
                for finding in findings
                if finding.rule != "credential"
                and finding.severity in HOLDING
                and finding.scope in ("session", "service")
            ],
            every=frozenset(every),
        )
        return found

    def limits(
        self,
        service: Service,
        group: ServiceGroup,
        findings: list[Finding],
        constraints: Constraints,
        suggest: bool,
    ) -> Finding:
        """The block of a service whose modality is done at more pressure than the client's
        limit (`_limited`), naming the rules that set it."""
        limit, modality = constraints.max_pressure, group.modality
        pressure = modality.pressure
        assert limit is not None, "the client has a limit (`_limited`)"
        assert pressure is not None, "and the modality's pressure is known"
        setters = {f.rule for f in findings if f.constraints.max_pressure == limit}
        reason = Message(
            N_(
                "%(modality)s is done at Walton %(min)s-%(max)s; this client's limit is "
                "%(limit)s (%(rules)s)."
            ),
            modality=Name(modality, self.catalogue.clinic.locale),
            min=pressure.min,
            max=pressure.max,
            limit=limit,
            rules=", ".join(sorted(setters)),
        )
        return Finding(
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

    def offered(self, findings: list[Finding], service: Service) -> list[Finding]:
        """`findings` of the booked service, where a block of it says what to book instead
        (a pressure limit and a credential say what to do already)."""
        return [
            self.instead(finding, service)
            if finding.severity == "block"
            and finding.subject == service.id
            and finding.scope == "service"
            and finding.rule not in ("pressure-limit", "credential")
            else finding
            for finding in findings
        ]

    def instead(self, finding: Finding, service: Service) -> Finding:
        """A block of the booked service, saying what to book instead."""
        others = self.alternatives(service, lambda group: True)
        offer = (
            Message(N_("Offer instead: %(services)s."), services=Listed(others))
            if others
            else NO_OTHER
        )
        said = modification_of(finding)
        modification = offer if said is None or not said.english else Joined(said, offer)
        return finding.but(**worded(reason_of(finding), modification))

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
                if verdict not in BOOKABLE and self.shared(ident):
                    break  # the rest of the group shares it
                if verdict in BOOKABLE:
                    found.append((position, ident))
        return found

    def missing_credentials(
        self, service: Service, group: ServiceGroup, findings: list[Finding]
    ) -> Iterator[Finding]:
        """A block of the service for each credential it needs that the therapist lacks."""
        for credential in self.lacking(group, findings):
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

    def lacking(self, group: ServiceGroup, findings: list[Finding]) -> list[str]:
        """The credentials a booking with these findings needs that the therapist does not
        hold (none when their credentials were not given)."""
        if self.held is None:
            return []
        return [c for c in _credentials(group, findings) if c not in self.held]

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
        addon = self.catalogue.addons.get(finding.subject or "")
        work = (
            (addon.id, addon.type)
            if finding.scope == "addon" and addon is not None
            else (service.id, modality.id)
        )
        # What a specialty service needs of another service is cleared by a note that covers
        # what it is about, never by one for the other service or its modality: else a note
        # for deep tissue would make deep tissue milder than prenatal massage.
        named = () if id(finding) in self.inherited else work
        for scope, by in self.facts.cleared:
            if scope in ("all", finding.rule) or scope in finding.triggers or scope in named:
                return finding.but(cleared_by=by)
        return finding

    # -- every service ----------------------------------------------------------------------

    def verdict_of(self, service: Service) -> tuple[Verdict, tuple[str, ...]]:
        """The verdict of `service` without add-ons, and the findings that keep it from being
        bookable; worked out once for its whole group when nothing in it is personal."""
        ident = service.id
        known = self.verdicts.get(ident)
        if known is not None:
            return known
        group = self.index.group_of[ident]
        named = ident in self.facts.named
        known = None if named else self.group_verdicts.get(group)
        if known is None:
            known = self.verdicts[ident] = self.weighed(service, group)
            if self.shared(ident):
                self.group_verdicts[group] = known
        return known

    def weighed(self, service: Service, group: ServiceGroup) -> tuple[Verdict, tuple[str, ...]]:
        """What the findings of `service` without add-ons make of its verdict, and why it is
        not bookable. Services alike in all that decides it but their pressure share what
        their findings make of it (`alike`): what they have of their own (rules about their
        work, checks' answers, questions), the client's populations their work serves, their
        credentials when they matter, and the service itself when a clearance names one."""
        facts = self.facts
        checked, failed = self.checks.answer(service, group, ())
        own = checked
        if self.asks(group) or not group.rules.isdisjoint(facts.positions):
            own = [*self.particular(service, group, (), None), *checked]
        populations = facts.population_ids
        key = (
            service.id if self.work_named else None,
            tuple(map(id, own)) if own else (),  # each kept by the screening (`made`, `_Checks`)
            group.serves & populations if populations else None,
            group.credentials if self.held is not None else None,
        )
        found = self.alike.get(key)
        if found is None:
            found = self.alike[key] = self.holding_up(service, group, own)
        standing, verdict = found
        if standing.limit is not None and _limited(group, standing.limit):
            verdict = self.alike_limited.get(key) or self.alike_limited.setdefault(
                key, standing.joined(PRESSURE_LIMIT).verdict()
            )
        return ("incomplete", verdict[1]) if failed or self.failures else verdict

    def holding_up(
        self, service: Service, group: ServiceGroup, own: list[Finding]
    ) -> tuple[Standing, tuple[Verdict, tuple[str, ...]]]:
        """What the findings of `service` without add-ons but its pressure limit make of its
        verdict, and the verdict with why it is not bookable: what every service has
        (`standing`, weighed once), its `own` findings and what the specialty services need
        of it beyond them, and blocks for the credentials the therapist lacks (which need no
        words)."""
        facts = self.facts
        _, every, plain = self.standing(service, group)
        if facts.populations:
            own = [*own, *self.held_to_specialty(service, group, own, None)]
        if own and facts.cleared:
            own = [self.cleared(finding, service, group.modality) for finding in own]
        standing = every.joined(_standing(own)) if own else every
        if self.held is not None:
            asked = dict.fromkeys((*group.credentials, *standing.credentials))
            lacking = [credential for credential in asked if credential not in self.held]
            if lacking:
                standing = standing.joined(_lacking(lacking))
        return standing, plain if standing is every else standing.verdict()

    def shared(self, ident: str) -> bool:
        """Whether what holds for service `ident` holds for every service of its group: no
        clearance names it, and no check looked at the service itself."""
        return ident not in self.facts.named and ident not in self.checks.personal

    def bookable(self) -> Verdicts:
        """Every service, without add-ons: is it bookable for this client, and if not why
        (`Screening.bookable` makes a `Bookable` of each when asked)."""
        group_of, of_group, named = self.index.group_of, self.group_verdicts, self.facts.named
        found = []
        with watched():
            for ident, service in self.catalogue.services.items():
                verdict = of_group.get(group_of[ident])  # most services: their group's
                if verdict is None or ident in named:
                    verdict = self.verdict_of(service)
                found.append((ident, verdict))
        return found


class Standing(NamedTuple):
    """What findings make of a verdict: the weight of the most restrictive not lifted (a
    block of an add-on counts as a modify: the booking goes ahead without it); those that
    keep a booking from going ahead, each with its place in `_order` and the reason a list
    of services gives (`_reason`); the least pressure limit; whether they set any limit (a
    verdict is then at least `modify`); and the credentials they ask for, each once."""

    weight: int
    holding: list[tuple[tuple[Any, ...], str]]
    limit: int | None
    constrained: bool
    credentials: tuple[str, ...]

    def joined(self, other: Standing) -> Standing:
        """What these findings and `other`'s make of a verdict together."""
        limit, more = self.limit, other.limit
        return _made(
            Standing,
            (
                max(self.weight, other.weight),
                [*self.holding, *other.holding] if other.holding else self.holding,
                more if limit is None else limit if more is None else min(limit, more),
                self.constrained or other.constrained,
                (
                    tuple(dict.fromkeys((*self.credentials, *other.credentials)))
                    if other.credentials
                    else self.credentials
                ),
            ),
        )

    def verdict(self) -> tuple[Verdict, tuple[str, ...]]:
        """The verdict they make, and why it is not bookable: the reasons of what holds it
        up, in `_order`, each once."""
        reasons = dict.fromkeys(map(_second, sorted(self.holding, key=_first)))
        return VERDICTS[self.weight or int(self.constrained)], tuple(reasons)


def _moot(finding: Finding, left_out: set[str]) -> bool:
    """Whether a finding only says how to give an add-on that another finding leaves out
    (pregnancy takes suction off the legs: no "no cups on the abdomen" beside it). A finding
    that weighs more than a modification, asks for a credential, or limits anything beyond
    its add-on stays (fail closed): every constraint keeps a finding that explains it."""
    return (
        finding.scope == "addon"
        and finding.subject in left_out
        and WEIGHT[finding.severity] <= ADVICE
        and not finding.credential
        and not attrs.evolve(finding.constraints, remove_addons=())
    )


def _standing(findings: Iterable[Finding]) -> Standing:
    worst, holding, limit, constrained = 0, [], None, False
    credentials: dict[str, None] = {}
    for finding in findings:
        if finding.credential:
            credentials[finding.credential] = None
        constraints = finding.constraints
        if constraints is not NO_CONSTRAINTS:
            most = constraints.max_pressure
            if most is not None and (limit is None or most < limit):
                limit = most
            constrained = constrained or bool(constraints)
        if finding.cleared_by is None:
            weight = WEIGHT[finding.severity]
            if weight > 1:
                rule = finding.rule
                # `_order(finding)`, without the call: it is not lifted
                order = (
                    False,
                    ORDER[finding.severity],
                    finding.scope,
                    rule,
                    finding.subject or "",
                )
                holding.append((order, rule if rule != "credential" else _reason(finding)))
                if weight == BLOCKS and finding.scope == "addon":
                    weight = 1  # the add-on is left out: bookable without it
            if weight > worst:
                worst = weight
    return _made(Standing, (worst, holding, limit, constrained, tuple(credentials)))


def _lacking(credentials: list[str]) -> Standing:
    """What blocks of a service for credentials the therapist lacks make of its verdict."""
    holding = [((*BLOCKS_SERVICE, "credential", ""), f"credential {c}") for c in credentials]
    return Standing(BLOCKS, holding, None, False, ())


def _reason(finding: Finding) -> str:
    """Why a service is not bookable, as `Bookable.reasons` says it: the rule, or the
    credential lacking."""
    return f"credential {finding.credential}" if finding.rule == "credential" else finding.rule


_first, _second = operator.itemgetter(0), operator.itemgetter(1)
_made = tuple.__new__
"""`_made(Standing, (...))` is `Standing(...)`, without the call into Python that makes it
(verdicts join many)."""


PRESSURE_LIMIT = Standing(
    BLOCKS, [((*BLOCKS_SERVICE, "pressure-limit", ""), "pressure-limit")], None, False, ()
)
"""What the block of a service done at more pressure than the client's limit makes of its
verdict."""


def _limited(group: ServiceGroup, limit: int | None) -> bool:
    """Whether the client's pressure `limit` is below what the group's modality is done at."""
    pressure = group.modality.pressure
    return limit is not None and pressure is not None and pressure.min > limit


def _constrained(constraints: Constraints, findings: Iterable[Finding]) -> Constraints:
    """`constraints`, made the most restrictive of them and every finding's."""
    more = [f.constraints for f in findings if f.constraints is not NO_CONSTRAINTS]
    return Constraints.combined([constraints, *more]) if more else constraints


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


UNANSWERED_CARE = _asked("unanswered-physician-care", "service", CARE)
UNANSWERED_ALLERGIES = _asked("unanswered-allergies", "service", ALLERGIES)
"""The questions an intake leaves for the client about specialty work or work with oils,
said of no service (for verdicts: `_said_of` says them of one)."""


def _said_of(finding: Finding, subject: str | None) -> Finding:
    """`finding` said of `subject`, or as it is when there is none."""
    return finding if subject is None else finding.but(subject=subject)


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
    required.update(dict.fromkeys([f.credential for f in findings if f.credential]))
    return tuple(required)


def _merged(findings: Iterable[Finding]) -> Constraints:
    """Every finding's constraints; a clearance lifts the wait for a doctor, not the limits."""
    found = [f.constraints for f in findings if f.constraints is not NO_CONSTRAINTS]
    if not found:
        return NO_CONSTRAINTS
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
