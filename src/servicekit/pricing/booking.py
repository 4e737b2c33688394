"""Checking what a caller asks to price against the catalogue, with the valid choices on error."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from servicekit.errors import BookingError, did_you_mean
from servicekit.loading.scalars import ID_PATTERN, PROMO_PATTERN
from servicekit.model.catalogue import Catalogue, Service
from servicekit.pricing.quote import Booking


def make_booking(
    catalogue: Catalogue,
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
    plans = catalogue._pricing.plans
    chosen = _service(catalogue, service) if service is not None else None
    if chosen is None and buy is None:
        raise BookingError("say which service to price", hint=_choices(catalogue.services))
    if buy is not None:
        plan = _plan(plans, buy, "buy")
        if plan.params.needs_unit_price and chosen is None:
            raise BookingError(
                f"'{buy}' is priced from its sessions: say which service (and duration) it is for"
            )
    addons = _strings(addons, "addons")
    if chosen is not None:
        duration = _duration(chosen, duration)
        _addons(catalogue, chosen, addons)
    elif addons or duration is not None:
        raise BookingError("add-ons and a duration need a service")
    location = _location(catalogue, chosen, location)
    if therapist_level is not None and therapist_level not in catalogue.levels:
        raise BookingError(
            f"unknown therapist level '{therapist_level}'", hint=_choices(catalogue.levels)
        )
    if redeem is not None:
        _redeem(catalogue, chosen, duration, redeem)
    return Booking(
        service=service,
        duration=duration,
        addons=addons,
        at=_moment(at, catalogue._pricing.timezone),
        tags=frozenset(_checked(_strings(tags, "tags"), ID_PATTERN, "tag", "member")),
        promos=tuple(
            code.upper()
            for code in _checked(
                _strings(promos, "promos"), PROMO_PATTERN, "promotion code", "WINTER10"
            )
        ),
        location=location,
        therapist_level=therapist_level,
        redeem=redeem,
        buy=buy,
        promo_uses=_uses(promo_uses) if promo_uses else NO_USES,
    )


NO_USES: Mapping[str, int] = MappingProxyType({})


def _choices(table: Iterable[str]) -> str:
    names = sorted(table)
    return "choose one of: " + ", ".join(names) if names else "there are none in this catalogue"


def _strings(values: Iterable[str], what: str) -> tuple[str, ...]:
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


def _service(catalogue: Catalogue, ident: str) -> Service:
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


def _addons(catalogue: Catalogue, service: Service, addons: tuple[str, ...]) -> None:
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
    if location is None:
        # With one location there is nothing to choose; with several, prices may depend on it.
        return next(iter(catalogue.locations)) if len(catalogue.locations) == 1 else None
    if location not in catalogue.locations:
        raise BookingError(f"unknown location '{location}'", hint=_choices(catalogue.locations))
    if service is not None and service.locations and location not in service.locations:
        raise BookingError(
            f"'{service.id}' is not offered at {location}",
            hint="offered at: " + ", ".join(service.locations),
        )
    return location


def _plan(plans: Mapping[str, Any], ident: str, verb: str) -> Any:
    if ident not in plans:
        raise BookingError(
            f"there is no package or membership '{ident}' to {verb}", hint=_choices(plans)
        )
    return plans[ident]


def _redeem(
    catalogue: Catalogue, service: Service | None, duration: int | None, ident: str
) -> None:
    rule = _plan(catalogue._pricing.plans, ident, "redeem")
    if service is None:
        raise BookingError("redeeming a package or membership needs the service it pays for")
    if not rule.targets.service(service) or not rule.params.covers(duration):
        lengths = rule.params.durations
        of = f" of {', '.join(map(str, lengths))} min" if lengths else ""
        raise BookingError(
            f"'{ident}' does not pay for {service.id}, {duration} min",
            hint=f"it pays for {rule.targets.text}{of}",
        )


def _moment(at: dt.datetime | str | None, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    if at is None:
        return dt.datetime.now(zone).replace(second=0, microsecond=0)
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
    # A time without an offset is the clinic's local time.
    return at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)


def _uses(uses: Mapping[str, int]) -> dict[str, int]:
    checked = {}
    for code, count in uses.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise BookingError(f"uses of promo code {code} must be a whole number, 0 or more")
        checked[str(code).upper()] = count
    return checked
