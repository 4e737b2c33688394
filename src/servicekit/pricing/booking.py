"""Checking the values a caller asks to price against the catalogue, with the valid choices
on error: services, lengths, add-ons, places, times, tags, codes and plans.
`servicekit.pricing.visits` puts them together into a checked visit."""

from __future__ import annotations

import datetime as dt
import functools
import json
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from servicekit.errors import BookingError, KeyPath, RuleValueError, did_you_mean
from servicekit.loading.scalars import ID_PATTERN, PROMO_PATTERN, describe
from servicekit.model.catalogue import EMPTY, Catalogue, Service
from servicekit.model.short_form import addon_twice
from servicekit.model.visit import steady

if TYPE_CHECKING:
    from servicekit.pricing.compiled import CompiledRule
    from servicekit.pricing.stages import PricingContext


NO_USES: Mapping[str, int] = EMPTY


def not_an_id(**values: object) -> None:
    """Each value is an id (a string) or None."""
    for name, value in values.items():
        if value is not None and value.__class__ is not str:
            raise BookingError(
                f"{name} is an id (a string), not {describe(value)}",
                hint="give one id, in quotes",
                path=(name,),
            )


def choices(table: Iterable[str]) -> str:
    """The valid choices, in a hint."""
    names = sorted(table)
    return "choose one of: " + ", ".join(names) if names else "there are none in this catalogue"


def strings(values: Iterable[str], what: str, path: KeyPath | None = None) -> tuple[str, ...]:
    """A tuple of strings from a list of them; one bare string is a mistake, not a list.
    `what` names the list in messages, `path` says where it is (default: the key `what`)."""
    if not values:
        return ()
    path = (what,) if path is None else path
    if isinstance(values, str):
        raise BookingError(
            f"{what} must be a list of strings, not one string",
            hint="e.g. " + json.dumps([values[:40]], ensure_ascii=False),
            path=path,
        )
    if isinstance(values, Mapping) or not isinstance(values, Iterable):
        raise BookingError(
            f"{what} must be a list of strings, not {describe(values)}",
            hint='e.g. ["member"]',
            path=path,
        )
    values = tuple(values)
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise BookingError(
                f"{what} must be strings, not {describe(value)}",
                hint="write each in quotes",
                path=(*path, index),
            )
    return values


def _checked(
    values: tuple[str, ...], pattern: Any, what: str, example: str, path: KeyPath
) -> tuple[str, ...]:
    for index, value in enumerate(values):
        if not pattern.fullmatch(value):
            raise BookingError(
                f"'{value[:MAX_SHOWN]}' is not a valid {what}",
                hint=f"e.g. {example}",
                path=(*path, index),
            )
    return values


MAX_SHOWN = 64
"""At most this much of a value is repeated in a message: enough to recognise it."""


def promotion_codes(promos: Iterable[str]) -> tuple[str, ...]:
    """Promotion codes as given, each checked."""
    path = ("promos",)
    return _checked(strings(promos, "promos"), PROMO_PATTERN, "promotion code", "WINTER10", path)


def tags_of(tags: Iterable[str], what: str = "tags", path: KeyPath = ("tags",)) -> frozenset[str]:
    """Client tags, each checked."""
    return frozenset(_checked(strings(tags, what, path), ID_PATTERN, "tag", "member", path))


def service_named(catalogue: Catalogue, ident: str) -> Service:
    """The catalogue's service `ident`, or a `BookingError` suggesting the closest."""
    if not isinstance(ident, str):
        raise BookingError(
            f"a service is named by its id, not by {describe(ident)}",
            hint='e.g. "swedish"',
            path=("service",),
        )
    try:
        return catalogue.services[ident]
    except KeyError:
        raise BookingError(
            f"unknown service '{ident[:MAX_SHOWN]}'",
            hint=did_you_mean(ident, catalogue.services),
            path=("service",),
            choices=catalogue.services,
            unknown="service",
        ) from None


def durations(service: Service, duration: int | None) -> int:
    """The length asked for, one the service is offered in (its only one when None)."""
    lengths = [variation.duration for variation in service.variations]
    if duration is None:
        if len(service.variations) == 1:
            return service.variations[0].duration
        raise BookingError(
            f"'{service.id}' comes in several lengths; say which",
            hint=_lengths(service),
            path=("duration",),
            choices=lengths,
        )
    if isinstance(duration, bool) or not isinstance(duration, int):
        raise BookingError(
            f"a duration is a whole number of minutes, not {describe(duration)}",
            hint=_lengths(service),
            path=("duration",),
            choices=lengths,
        )
    if service.variation(duration) is None:
        raise BookingError(
            f"'{service.id}' is not offered for {duration} min",
            hint=_lengths(service),
            path=("duration",),
            choices=lengths,
        )
    return duration


def _lengths(service: Service) -> str:
    return "durations: " + ", ".join(str(v.duration) for v in service.variations)


def check_addons(catalogue: Catalogue, service: Service, addons: tuple[str, ...]) -> None:
    """Every add-on exists, is offered with `service`, and is listed once."""
    for index, addon in enumerate(addons):
        check_addon(catalogue, service, addon, ("addons", index))
        if addon in addons[:index]:
            raise addon_twice(addon, 1).within("addons", index)


def check_addon(
    catalogue: Catalogue, service: Service, addon: str, path: KeyPath = ("addons",)
) -> None:
    """The add-on exists and is offered with `service`; `path` says where it was named."""
    if addon not in catalogue.addons:
        raise BookingError(
            f"unknown add-on '{addon[:MAX_SHOWN]}'",
            hint=did_you_mean(addon, catalogue.addons),
            path=path,
            choices=catalogue.addons,
            unknown="add-on",
        )
    if addon not in service.addons:
        raise BookingError(
            f"add-on '{addon}' is not offered with '{service.id}'",
            hint=f"add-ons offered with it: {', '.join(service.addons) or 'none'}",
            path=path,
            choices=service.addons,
        )


def location_of(
    catalogue: Catalogue, services: Iterable[Service], location: str | None
) -> str | None:
    """Where the services are booked: `location`, which offers them all (or the clinic's one
    location when None)."""
    locations = catalogue.locations
    path = ("location",)
    if location is None:
        if len(locations) > 1:
            raise BookingError(
                "this clinic has several locations; say which",
                hint=choices(locations),
                path=path,
                choices=locations,
            )
        return next(iter(locations), None)
    if location not in locations:
        raise BookingError(
            f"unknown location '{location[:MAX_SHOWN]}'",
            hint=choices(locations),
            path=path,
            choices=locations,
            unknown="location",
        )
    for service in services:
        if service.locations and location not in service.locations:
            raise BookingError(
                f"'{service.id}' is not offered at {location}",
                hint="offered at: " + ", ".join(service.locations),
                path=path,
                choices=service.locations,
            )
    return location


def check_plan(
    plan: CompiledRule, service: Service, duration: int, verb: str, context: PricingContext
) -> None:
    """The plan pays for this service and duration (and has sessions to pay with)."""
    if plan.params.sessions < 1:
        raise BookingError(
            f"'{plan.id}' includes no sessions to {verb}", hint="pay for the session"
        )
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


def moment(at: dt.datetime | str | None, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A start in the clinic's zone: now, a written time, or a datetime (with an offset,
    converted; without, the clinic's local time)."""
    if at.__class__ is str:
        return written_moment(at, zone)
    if at is None:
        return dt.datetime.now(zone).replace(second=0, microsecond=0)
    return _checked_moment(at, zone)


_parsed, _combined = dt.datetime.fromisoformat, dt.datetime.combine
"""Bound once: `dt.datetime.combine(...)` binds the class method anew at every call."""


@functools.lru_cache(maxsize=4096)
def written_moment(at: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """`moment` of a written time; a day's quotes name the same few slots."""
    try:
        naive = _parsed(at)
    except ValueError:
        raise BookingError(
            f"'{at[:MAX_SHOWN]}' is not a date and time",
            hint="write it like 2026-12-04T18:30",
            path=("at",),
        ) from None
    if naive.tzinfo is None and EARLIEST <= naive <= LATEST and _steady(zone, naive.date()):
        # The most written: a local time on a day the clocks keep their offset, put in the
        # zone by the cheapest of datetime's calls (`replace(tzinfo=)` parses keywords).
        return _combined(naive, naive.time(), zone)
    return _checked_moment(naive, zone, at)


def _checked_moment(
    at: dt.datetime | str, zone: zoneinfo.ZoneInfo, written: str | None = None
) -> dt.datetime:
    """`at` in the clinic's zone, or a `BookingError` saying why it cannot be; `written` is
    how it was written, if it was."""
    if isinstance(at, str):
        return written_moment(at, zone)
    if not isinstance(at, dt.datetime):
        raise BookingError(
            f"the appointment time must be a date and time, not {describe(at)}",
            hint="e.g. 2026-12-04T18:30",
            path=("at",),
        )
    try:
        return _local(at, zone)
    except (OverflowError, ValueError):
        # Within a day of year 1 or 9999 the time in the clinic's zone, or the hours around
        # it that conditions and clearances look at, fall outside what datetime holds.
        raise BookingError(
            f"{at if written is None else written} is outside the dates servicekit can price",
            hint=f"give a date and time from {EARLIEST.date()} to {LATEST.date()}",
            path=("at",),
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
    local = dt.datetime.combine(at, at.time(), zone)
    if _steady(zone, at.date()):
        return local
    offset, later = local.utcoffset(), local.replace(fold=1).utcoffset()
    if offset is not None and later is not None and offset < later:
        raise BookingError(
            f"{at.isoformat(timespec='minutes')} does not exist in {zone.key}: "
            "the clocks go forward then",
            hint="pick another time",
            path=("at",),
        )
    return local


_steady = functools.lru_cache(maxsize=4096)(steady)


def uses_of(uses: Mapping[str, int]) -> dict[str, int]:
    """How often each capped promotion code was used, by code in capitals."""
    checked = {}
    path = ("promo_uses",)
    if not isinstance(uses, Mapping):
        raise BookingError(
            "promo_uses maps promotion codes to how often each was used",
            hint='e.g. {"WINTER10": 37}',
            path=path,
        )
    for code, count in uses.items():
        if not isinstance(code, str):
            raise BookingError(
                f"promo_uses is keyed by promotion code, not {describe(code)}",
                hint='e.g. {"WINTER10": 37}',
                path=path,
            )
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise BookingError(
                f"uses of promo code {code[:MAX_SHOWN]} must be a whole number, 0 or more, "
                f"not {counted(count)}",
                hint=f'e.g. {{"{code[:MAX_SHOWN]}": 37}}',
                path=(*path, code),
            )
        checked[code.upper()] = count
    return checked


def counted(count: object) -> str:
    """A count that is not one, as said after "not": -1 itself, else what it is."""
    return (
        str(count) if isinstance(count, int) and not isinstance(count, bool) else describe(count)
    )
