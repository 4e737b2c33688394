"""Checking what a caller asks to price against the catalogue, with the valid choices on error."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from servicekit.errors import BookingError, RuleValueError, did_you_mean
from servicekit.loading.scalars import ID_PATTERN, PROMO_PATTERN
from servicekit.model.catalogue import EMPTY, Catalogue, Service
from servicekit.model.quote import Booking

if TYPE_CHECKING:
    from servicekit.pricing.compiled import CompiledRule, Pricing
    from servicekit.pricing.stages import PricingContext


def make_booking(
    catalogue: Catalogue,
    pricing: Pricing,
    service: str | None,
    duration: int | None = None,
    *,
    addons: Iterable[str] = (),
    at: dt.datetime | str | None = None,
    tags: Iterable[str] = (),
    promos: Iterable[str] = (),
    location: str | None = None,
    therapist_level: str | None = None,
    redeem: str | None = None,
    buy: str | None = None,
    promo_uses: Mapping[str, int] | None = None,
) -> Booking:
    """A `Booking` for `catalogue`, or a `BookingError` saying what to change."""
    for value in (service, location, therapist_level, redeem, buy):
        if value is not None and value.__class__ is not str:
            _not_an_id(
                service=service,
                location=location,
                therapist_level=therapist_level,
                redeem=redeem,
                buy=buy,
            )
    plans = pricing.plans
    chosen = service_named(catalogue, service) if service is not None else None
    if chosen is None and buy is None:
        raise BookingError("say which service to price", hint=_choices(catalogue.services))
    addons = strings(addons, "addons")
    promos = _checked(strings(promos, "promos"), PROMO_PATTERN, "promotion code", "WINTER10")
    if chosen is not None:
        duration = _duration(chosen, duration)
        check_addons(catalogue, chosen, addons)
    elif addons or duration is not None:
        raise BookingError("add-ons and a duration need a service")
    if buy is not None:
        _buy(plans, buy, chosen, duration, addons, promos, redeem)
    location = _location(catalogue, chosen, location)
    if therapist_level is not None and therapist_level not in catalogue.levels:
        raise BookingError(
            f"unknown therapist level '{therapist_level}'", hint=_choices(catalogue.levels)
        )
    if redeem is not None:
        _plan(plans, redeem, "redeem")
        if chosen is None:
            raise BookingError(f"to redeem '{redeem}', say which service it is for")
    return Booking(
        service=service,
        duration=duration,
        addons=addons,
        at=_moment(at, pricing.timezone),
        tags=frozenset(_checked(strings(tags, "tags"), ID_PATTERN, "tag", "member")),
        promos=tuple(code.upper() for code in promos),
        location=location,
        therapist_level=therapist_level,
        redeem=redeem,
        buy=buy,
        promo_uses=_uses(promo_uses) if promo_uses else NO_USES,
    )


NO_USES: Mapping[str, int] = EMPTY


def _not_an_id(**values: object) -> None:
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            raise BookingError(f"{name} is an id (a string), not {type(value).__name__}")


def _choices(table: Iterable[str]) -> str:
    names = sorted(table)
    return "choose one of: " + ", ".join(names) if names else "there are none in this catalogue"


def strings(values: Iterable[str], what: str) -> tuple[str, ...]:
    """A tuple of strings from a list of them; one bare string is a mistake, not a list."""
    if not values:
        return ()
    if isinstance(values, str):
        raise BookingError(
            f"{what} must be a list of strings, not one string", hint=f"[{values!r}]"
        )
    values = tuple(values)
    for value in values:
        if not isinstance(value, str):
            raise BookingError(f"{what} must be strings, not {type(value).__name__}")
    return values


def _checked(values: tuple[str, ...], pattern: Any, what: str, example: str) -> tuple[str, ...]:
    for value in values:
        if not pattern.fullmatch(value):
            raise BookingError(f"'{value}' is not a valid {what}", hint=f"e.g. {example}")
    return values


def service_named(catalogue: Catalogue, ident: str) -> Service:
    """The catalogue's service `ident`, or a `BookingError` suggesting the closest."""
    if not isinstance(ident, str):
        raise BookingError(f"a service is named by its id, not by {type(ident).__name__}")
    try:
        return catalogue.services[ident]
    except KeyError:
        raise BookingError(
            f"unknown service '{ident}'", hint=did_you_mean(ident, catalogue.services)
        ) from None


def _duration(service: Service, duration: int | None) -> int:
    if duration is None:
        if len(service.variations) == 1:
            return service.variations[0].duration
        raise BookingError(
            f"'{service.id}' comes in several lengths; say which", hint=_durations(service)
        )
    if isinstance(duration, bool) or not isinstance(duration, int):
        raise BookingError(
            f"a duration is a whole number of minutes, not {type(duration).__name__} {duration!r}"
        )
    if service.variation(duration) is None:
        raise BookingError(
            f"'{service.id}' is not offered for {duration} min", hint=_durations(service)
        )
    return duration


def _durations(service: Service) -> str:
    return "durations: " + ", ".join(str(v.duration) for v in service.variations)


def check_addons(catalogue: Catalogue, service: Service, addons: tuple[str, ...]) -> None:
    """Every add-on exists, is offered with `service`, and is listed once."""
    for addon in addons:
        if addon not in catalogue.addons:
            raise BookingError(
                f"unknown add-on '{addon}'", hint=did_you_mean(addon, catalogue.addons)
            )
        if addon not in service.addons:
            raise BookingError(
                f"add-on '{addon}' is not offered with '{service.id}'",
                hint=f"add-ons offered with it: {', '.join(service.addons) or 'none'}",
            )
    if len(set(addons)) < len(addons):
        raise BookingError("an add-on is listed twice")


def _location(catalogue: Catalogue, service: Service | None, location: str | None) -> str | None:
    locations = catalogue.locations
    if location is None:
        if len(locations) > 1:
            raise BookingError(
                "this clinic has several locations; say which", hint=_choices(locations)
            )
        return next(iter(locations), None)
    if location not in locations:
        raise BookingError(f"unknown location '{location}'", hint=_choices(locations))
    if service is not None and service.locations and location not in service.locations:
        raise BookingError(
            f"'{service.id}' is not offered at {location}",
            hint="offered at: " + ", ".join(service.locations),
        )
    return location


def _plan(plans: Mapping[str, CompiledRule], ident: str, verb: str) -> CompiledRule:
    if ident not in plans:
        raise BookingError(
            f"there is no package or membership '{ident}' to {verb}", hint=_choices(plans)
        )
    return plans[ident]


def _buy(
    plans: Mapping[str, CompiledRule],
    ident: str,
    service: Service | None,
    duration: int | None,
    addons: tuple[str, ...],
    promos: tuple[str, ...],
    redeem: str | None,
) -> None:
    plan = _plan(plans, ident, "buy")
    if addons or promos or redeem:
        raise BookingError(
            "a package or membership bought is priced on its own",
            hint="leave out add-ons, promotion codes and --redeem",
        )
    if service is None and plan.params.needs_unit_price:
        raise BookingError(
            f"'{ident}' is priced from its sessions: say which service and duration"
        )


def check_plan(
    plan: CompiledRule, service: Service, duration: int, verb: str, context: PricingContext
) -> None:
    """The plan pays for this service and duration (and has sessions to pay with)."""
    if plan.params.sessions < 1:
        raise BookingError(f"'{plan.id}' includes no sessions to {verb}")
    covers = plan.params.covers(duration, context)
    if type(covers) is not bool:
        raise RuleValueError(
            f"{plan.named()} returned {type(covers).__name__} {covers!r} from covers(); it "
            "must return True or False",
            plugin=plan.plugin,
        )
    if not plan.targets.line("service", service, None) or not covers:
        lengths = plan.params.durations
        of = f", {', '.join(map(str, lengths))} min" if lengths else ""
        raise BookingError(
            f"'{plan.id}' does not pay for {service.id}, {duration} min",
            hint=f"it pays for {plan.targets.text}{of}",
        )


def _moment(at: dt.datetime | str | None, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    if at is None:
        return dt.datetime.now(zone).replace(second=0, microsecond=0)
    if isinstance(at, str):
        return _written_moment(at, zone)
    return _checked_moment(at, zone)


@functools.lru_cache(maxsize=4096)
def _written_moment(at: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A written time in the clinic's zone; a day's quotes name the same few slots."""
    return _checked_moment(at, zone)


def _checked_moment(at: dt.datetime | str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    written = at
    if isinstance(at, str):
        try:
            at = dt.datetime.fromisoformat(at)
        except ValueError:
            raise BookingError(
                f"'{at}' is not a date and time", hint="write it like 2026-12-04T18:30"
            ) from None
    if not isinstance(at, dt.datetime):
        raise BookingError(
            f"the appointment time must be a date and time, not {type(at).__name__}",
            hint="e.g. 2026-12-04T18:30",
        )
    try:
        return _local(at, zone)
    except (OverflowError, ValueError):
        # Within a day of year 1 or 9999 the time in the clinic's zone, or the hours around
        # it that conditions and clearances look at, fall outside what datetime holds.
        raise BookingError(
            f"at: {written} is outside the dates servicekit can price",
            hint=f"give a date and time from {EARLIEST.date()} to {LATEST.date()}",
        ) from None


EARLIEST, LATEST = dt.datetime(1, 1, 3), dt.datetime(9999, 12, 29, 23, 59)
"""The appointments servicekit prices: a day's margin inside what `datetime` holds, so the
time in any zone, and the days around it that rules look at, can be worked out."""


def _local(at: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """`at` in the clinic's zone: a time with an offset converted, a naive one taken as local."""
    naive = at if at.tzinfo is None else at.replace(tzinfo=None)
    if not EARLIEST <= naive <= LATEST:
        raise OverflowError("too close to the ends of the calendar")
    if at.tzinfo is not None:
        return at.astimezone(zone)
    # A time without an offset is the clinic's local time; one the clocks skip does not exist
    # (in the gap, PEP 495's two folds disagree, the earlier offset first).
    local = at.replace(tzinfo=zone)
    if _steady(zone, at.date()):
        return local
    offset, later = local.utcoffset(), local.replace(fold=1).utcoffset()
    if offset is not None and later is not None and offset < later:
        raise BookingError(
            f"{at.isoformat(timespec='minutes')} does not exist in {zone.key}: "
            "the clocks go forward then",
            hint="pick another time",
        )
    return local


@functools.lru_cache(maxsize=4096)
def _steady(zone: zoneinfo.ZoneInfo, day: dt.date) -> bool:
    """Whether the clocks keep one offset all day, so no local time of it is skipped."""
    start = dt.datetime.combine(day, dt.time(), zone)
    offset = start.utcoffset()
    return all((start + dt.timedelta(hours=hour)).utcoffset() == offset for hour in range(25))


def _uses(uses: Mapping[str, int]) -> dict[str, int]:
    checked = {}
    if not isinstance(uses, Mapping):
        raise BookingError("promo_uses maps promotion codes to how often each was used")
    for code, count in uses.items():
        if not isinstance(code, str):
            raise BookingError(f"promo_uses is keyed by promotion code, not {code!r}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise BookingError(f"uses of promo code {code} must be a whole number, 0 or more")
        checked[code.upper()] = count
    return checked
