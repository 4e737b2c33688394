"""The built-in conditions of a rule's `when`, each one object from the file to Square.

Their keys are the fields of `servicekit.model.catalogue.When`, the file format, which
documents each one; `builtin-rules` contributes them through `servicekit_conditions`, as a
plugin contributes its own. `CONDITIONS` is in the order quoting checks them: a rule that fails
several conditions is reported failing the first.

Each words itself as a plugin's condition does: `describe` and its failures' reasons with
`servicekit.i18n`'s `_` and the `words` it is given, so they are said in English for JSON and
exports and in their language for readers of a menu or a quote's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.errors import KeyPath
from servicekit.i18n import _, ngettext, then
from servicekit.model.catalogue import When
from servicekit.pricing.conditions import (
    Check,
    Condition,
    Failure,
    Site,
    Written,
    distinct,
    references,
)
from servicekit.pricing.stages import PricingContext, Words
from servicekit.pricing.words import either

if TYPE_CHECKING:
    from servicekit.pricing.square_terms import SquareTerms

Problems = Iterator[tuple[KeyPath, str, str]]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FIELDS = {field.name: field for field in attrs.fields(When)}
"""`When`'s fields (the model holds its annotations as objects: nothing to resolve)."""


class BuiltIn(Condition):
    """A condition read from `When`'s fields: its type and documentation are the format's.

    Each is a plain class with one instance in `CONDITIONS`: it holds no data, so an attrs
    class would only add start-up time.
    """

    key: str

    @property
    def value_type(self) -> Any:
        return FIELDS[self.key].type

    @property
    def doc(self) -> str:
        return str(FIELDS[self.key].metadata["doc"])

    def value(self, rule: Written) -> Any:
        found = getattr(rule.when, self.key)
        return None if found == () else found

    judged: str
    """What of a booking its check reads (`Condition.depends_on`)."""

    def depends_on(self, value: Any, rule: Written) -> str:
        return self.judged


class Promo(BuiltIn):
    """`promo`: the client gave this code (with `max_uses`, worded and exported with it)."""

    key = "promo"
    judged = "visit"

    def compile(self, value: str, rule: Written, words: Words) -> Check:
        failure = Failure.worded(
            "condition", lambda words: _("promo code %(code)s not given", code=value), words
        )
        return lambda context: None if value in context.promos else failure

    def describe(self, value: str, rule: Written, words: Words) -> str:
        uses = rule.when.max_uses
        if uses:
            return ngettext(
                "with the code %(code)s, %(count)s use in all",
                "with the code %(code)s, %(count)s uses in all",
                uses,
                code=value,
            )
        return _("with the code %(code)s", code=value)

    def to_square(self, value: str, rule: Written, square: SquareTerms) -> None:
        square.manual.append(f"it needs the code {value}{self._uses(rule)}")

    def from_square(self, square: SquareTerms) -> dict[str, Any]:
        return {"promo": square.promo} if square.promo else {}

    @staticmethod
    def _uses(rule: Written) -> str:
        return f", {rule.when.max_uses} uses in all" if rule.when.max_uses else ""


class Dates(BuiltIn):
    """`valid_from` and `valid_until`: the day of the booking is in the range."""

    key = "valid_from"
    judged = "item"

    def keys(self) -> tuple[str, ...]:
        return ("valid_from", "valid_until")

    def value(self, rule: Written) -> Any:
        when = rule.when
        return (when.valid_from, when.valid_until) if when.valid_from or when.valid_until else None

    def problems(self, value: Any, rule: Written, site: Site) -> Problems:
        start, end = value
        if start and end and start > end:
            yield ("valid_until",), "is before valid_from", "give the first day, then the last"

    def compile(self, value: Any, rule: Written, words: Words) -> Check:
        start, end = value
        code = rule.when.promo

        def early(words: Words) -> str:
            if code is not None:
                return _(
                    "promo code %(code)s is valid from %(date)s", code=code, date=words.date(start)
                )
            return _("it starts on %(date)s", date=words.date(start))

        def late(words: Words) -> str:
            if code is not None:
                return _(
                    "promo code %(code)s expired on %(date)s", code=code, date=words.date(end)
                )
            return _("it ended on %(date)s", date=words.date(end))

        too_early = Failure.worded("condition", early, words) if start else None
        too_late = Failure.worded("condition", late, words) if end else None

        def in_range(context: PricingContext) -> Failure | None:
            day = context.date
            if start is not None and day < start:
                return too_early
            if end is not None and day > end:
                return too_late
            return None

        return in_range

    def describe(self, value: Any, rule: Written, words: Words) -> str:
        start, end = value
        if start and end:
            return _("%(start)s to %(end)s", start=words.date(start), end=words.date(end))
        if start:
            return _("from %(date)s", date=words.date(start))
        return _("until %(date)s", date=words.date(end))

    def to_square(self, value: Any, rule: Written, square: SquareTerms) -> None:
        square.valid_from, square.valid_until = value

    def from_square(self, square: SquareTerms) -> dict[str, Any]:
        dates = {"valid_from": square.valid_from, "valid_until": square.valid_until}
        return {key: day for key, day in dates.items() if day is not None}


class MaxUses(BuiltIn):
    """`max_uses`: the promotion code has been redeemed fewer times than this."""

    key = "max_uses"
    judged = "visit"

    def problems(self, value: int, rule: Written, site: Site) -> Problems:
        if rule.when.promo is None:
            yield ("max_uses",), "limits a promotion code, but there is no `promo`", "add one"
        if value < 1:
            yield ("max_uses",), "must be 1 or more", "leave it out for no limit"

    def compile(self, value: int, rule: Written, words: Words) -> Check:
        code = rule.when.promo or ""  # checked: a cap needs a code
        failure = Failure.worded(
            "limit",
            lambda words: ngettext(
                "promo code %(code)s has been used its %(count)s time",
                "promo code %(code)s has been used its %(count)s times",
                value,
                code=code,
            ),
            words,
        )
        return lambda context: None if context.promo_uses.get(code, 0) < value else failure

    def describe(self, value: int, rule: Written, words: Words) -> None:
        return None  # said with the code

    def to_square(self, value: int, rule: Written, square: SquareTerms) -> None:
        return None  # the code is applied by hand, and staff count its uses


class ClientTags(BuiltIn):
    """`tags` and `not_tags`: the client has one of these tags, and none of those."""

    key = "tags"
    judged = "guest"

    def keys(self) -> tuple[str, ...]:
        return ("tags", "not_tags")

    def value(self, rule: Written) -> Any:
        when = rule.when
        return (when.tags, when.not_tags) if when.tags or when.not_tags else None

    def problems(self, value: Any, rule: Written, site: Site) -> Problems:
        yield from distinct("tags", value[0])
        yield from distinct("not_tags", value[1])

    def tags(self, value: Any, rule: Written) -> tuple[str, ...]:
        return (*value[0], *value[1])

    def compile(self, value: Any, rule: Written, words: Words) -> Check:
        wanted, excluded = frozenset(value[0]), frozenset(value[1])
        untagged = Failure.worded(
            "condition",
            lambda words: _("the client is not tagged %(tags)s", tags=words.either(value[0])),
            words,
        )
        tagged_with = {tag: _tagged(tag, words) for tag in excluded}

        def tagged(context: PricingContext) -> Failure | None:
            tags = context.tags
            if wanted and tags.isdisjoint(wanted):  # no set made, as `&` would
                return untagged
            if excluded and not tags.isdisjoint(excluded):
                return tagged_with[min(tags & excluded)]
            return None

        return tagged

    def describe(self, value: Any, rule: Written, words: Words) -> str:
        said = []
        if value[0]:
            said.append(_("for clients tagged %(tags)s", tags=words.either(value[0])))
        if value[1]:
            said.append(_("not for clients tagged %(tags)s", tags=words.either(value[1])))
        return then(said)

    def to_square(self, value: Any, rule: Written, square: SquareTerms) -> None:
        tags = either([*value[0], *value[1]], "and")
        square.manual.append(f"it depends on client tags ({tags})")


def _tagged(tag: str, words: Words) -> Failure:
    return Failure.worded(
        "condition", lambda words: _("the client is tagged %(tag)s", tag=tag), words
    )


class FirstVisit(BuiltIn):
    """`first_visit`: the booking is (or is not) the client's first visit."""

    key = "first_visit"
    judged = "guest"

    def tags(self, value: bool, rule: Written) -> tuple[str, ...]:
        return ("first-visit",)

    def compile(self, value: bool, rule: Written, words: Words) -> Check:
        failure = Failure.worded(
            "condition",
            lambda words: (
                _("not the client's first visit") if value else _("the client's first visit")
            ),
            words,
        )
        return lambda context: None if ("first-visit" in context.tags) == value else failure

    def describe(self, value: bool, rule: Written, words: Words) -> str:
        return _("on a client's first visit") if value else _("not on a first visit")

    def to_square(self, value: bool, rule: Written, square: SquareTerms) -> None:
        square.manual.append("it depends on the client's first visit")


class Days(BuiltIn):
    """`days`: the booking starts on one of these weekdays."""

    key = "days"
    judged = "item"

    def problems(self, value: tuple[str, ...], rule: Written, site: Site) -> Problems:
        yield from distinct("days", value)

    def compile(self, value: tuple[str, ...], rule: Written, words: Words) -> Check:
        days = frozenset(WEEKDAYS.index(day) for day in value)
        # Worded once per weekday, here, rather than on every quote.
        failures: dict[int | None, Failure] = {
            index: _not_on(day, value, words) for index, day in enumerate(WEEKDAYS)
        }
        return lambda context: None if context.weekday in days else failures.get(context.weekday)

    def describe(self, value: tuple[str, ...], rule: Written, words: Words) -> str:
        return _("on %(days)s", days=words.days(value))

    def to_square(self, value: tuple[str, ...], rule: Written, square: SquareTerms) -> None:
        square.days = value

    def from_square(self, square: SquareTerms) -> dict[str, Any]:
        return {"days": list(square.days)} if square.days else {}


def _not_on(day: str, days: tuple[str, ...], words: Words) -> Failure:
    return Failure.worded(
        "condition",
        lambda words: _(
            "it is a %(day)s; it applies on %(days)s only",
            day=words.days((day,)),
            days=words.days(days),
        ),
        words,
    )


class TimeOfDay(BuiltIn):
    """`after` and `before`: the booking starts in the window (one past midnight wraps)."""

    key = "after"
    judged = "item"

    def keys(self) -> tuple[str, ...]:
        return ("after", "before")

    def value(self, rule: Written) -> Any:
        when = rule.when
        return (when.after, when.before) if when.after or when.before else None

    def problems(self, value: Any, rule: Written, site: Site) -> Problems:
        after, before = value
        if after is not None and after == before:
            yield ("before",), "equals `after`, so the window is empty", "give a later time"

    def compile(self, value: Any, rule: Written, words: Words) -> Check:
        after, before = value
        across_midnight = after is not None and before is not None and after > before

        outside: dict[tuple[int, int], Failure] = {}  # by the minute the booking starts

        def in_window(context: PricingContext) -> Failure | None:
            time = context.time
            assert time is not None, "a quote's context has the time of its booking"
            if across_midnight:
                inside = time >= after or time < before
            else:
                inside = (after is None or time >= after) and (before is None or time < before)
            if inside:
                return None
            minute = (time.hour, time.minute)
            failure = outside.get(minute)
            if failure is None:
                failure = outside[minute] = _outside(dt.time(*minute), after, before, words)
            return failure

        return in_window

    def describe(self, value: Any, rule: Written, words: Words) -> str:
        after, before = value
        if after and before:
            return _("from %(start)s to %(end)s", start=words.time(after), end=words.time(before))
        if after:
            return _("from %(time)s", time=words.time(after))
        return _("before %(time)s", time=words.time(before))

    def to_square(self, value: Any, rule: Written, square: SquareTerms) -> None:
        square.after, square.before = value

    def from_square(self, square: SquareTerms) -> dict[str, Any]:
        times = {"after": square.after, "before": square.before}
        return {key: time for key, time in times.items() if time is not None}


def _outside(
    starts: dt.time, after: dt.time | None, before: dt.time | None, words: Words
) -> Failure:
    """Why a booking starting at `starts` is outside the window."""

    def said(words: Words) -> str:
        time = words.time(starts)
        if after is not None and before is not None:
            return _(
                "it starts at %(time)s; it applies %(start)s–%(end)s only",
                time=time,
                start=words.time(after),
                end=words.time(before),
            )
        if after is not None:
            return _(
                "it starts at %(time)s; it applies from %(start)s only",
                time=time,
                start=words.time(after),
            )
        assert before is not None, "a window has a start or an end"
        return _(
            "it starts at %(time)s; it applies before %(end)s only",
            time=time,
            end=words.time(before),
        )

    return Failure.worded("condition", said, words)


class Holiday(BuiltIn):
    """`holiday`: the booking is (or is not) on one of the clinic's holidays."""

    key = "holiday"
    judged = "item"

    def problems(self, value: bool, rule: Written, site: Site) -> Problems:
        if site.clinic is not None and not site.clinic.holidays:
            yield (
                ("holiday",),
                "the clinic has no holidays",
                "list them in [clinic] holidays = [2026-12-25, ...]",
            )

    def compile(self, value: bool, rule: Written, words: Words) -> Check:
        failure = Failure.worded(
            "condition",
            lambda words: (
                _("the day is not one of the clinic's holidays")
                if value
                else _("the day is a holiday")
            ),
            words,
        )
        return lambda context: None if context.holiday == value else failure

    def describe(self, value: bool, rule: Written, words: Words) -> str:
        return _("on holidays") if value else _("except on holidays")

    def to_square(self, value: bool, rule: Written, square: SquareTerms) -> None:
        if value:
            square.holidays = True
        else:
            square.manual.append("Square cannot leave out holidays")

    def from_square(self, square: SquareTerms) -> dict[str, Any]:
        return {"holiday": True} if square.holiday_dates else {}


class MinDuration(BuiltIn):
    """`min_duration`: the session is at least this long."""

    key = "min_duration"
    judged = "item"

    def compile(self, value: int, rule: Written, words: Words) -> Check:
        failure = Failure.worded(
            "condition",
            lambda words: _("the session is shorter than %(minutes)s min", minutes=value),
            words,
        )

        def long_enough(context: PricingContext) -> Failure | None:
            duration = context.duration
            return None if duration is not None and duration >= value else failure

        return long_enough

    def describe(self, value: int, rule: Written, words: Words) -> str:
        return _("for sessions of %(minutes)s minutes or more", minutes=value)

    def to_square(self, value: int, rule: Written, square: SquareTerms) -> None:
        square.min_duration = value

    def from_square(self, square: SquareTerms) -> dict[str, Any]:
        return {"min_duration": square.min_duration} if square.min_duration else {}


class Locations(BuiltIn):
    """`locations`: the booking is at one of these locations."""

    key = "locations"
    judged = "visit"

    def problems(self, value: tuple[str, ...], rule: Written, site: Site) -> Problems:
        yield from references("locations", value, site, "locations", "location")

    def compile(self, value: tuple[str, ...], rule: Written, words: Words) -> Check:
        locations = frozenset(value)
        failure = Failure.worded(
            "condition",
            lambda words: _(
                "the booking is not at %(places)s", places=_named(words, "location", value)
            ),
            words,
        )
        return lambda context: None if context.location in locations else failure

    def describe(self, value: tuple[str, ...], rule: Written, words: Words) -> str:
        return _("at %(places)s", places=_named(words, "location", value))

    def to_square(self, value: tuple[str, ...], rule: Written, square: SquareTerms) -> None:
        square.locations = value  # the discount's objects are present there alone


class Levels(BuiltIn):
    """`levels`: the therapist is of one of these levels."""

    key = "levels"
    judged = "visit"

    def problems(self, value: tuple[str, ...], rule: Written, site: Site) -> Problems:
        yield from references("levels", value, site, "levels", "therapist level")

    def compile(self, value: tuple[str, ...], rule: Written, words: Words) -> Check:
        levels = frozenset(value)
        failure = Failure.worded(
            "condition",
            lambda words: _(
                "the therapist is not a %(levels)s", levels=_named(words, "level", value)
            ),
            words,
        )
        return lambda context: None if context.therapist_level in levels else failure

    def describe(self, value: tuple[str, ...], rule: Written, words: Words) -> str:
        return _("with a %(levels)s", levels=_named(words, "level", value))

    def to_square(self, value: tuple[str, ...], rule: Written, square: SquareTerms) -> None:
        square.manual.append("it depends on the therapist's level")


class MinSubtotal(BuiltIn):
    """`min_subtotal`: the booking's list price, before any rule, is at least this."""

    key = "min_subtotal"
    judged = "subtotal"

    def compile(self, value: Any, rule: Written, words: Words) -> Check:
        minimum = value.amount
        failure = Failure.worded(
            "condition",
            lambda words: _(
                "the booking's list price is below %(amount)s", amount=words.money(value)
            ),
            words,
        )
        return lambda context: None if context.list_subtotal.amount >= minimum else failure

    def describe(self, value: Any, rule: Written, words: Words) -> str:
        return _("when the subtotal is at least %(amount)s", amount=words.money(value))

    def to_square(self, value: Any, rule: Written, square: SquareTerms) -> None:
        square.minimum = value

    def from_square(self, square: SquareTerms) -> dict[str, Any]:
        minimum = square.minimum
        return {"min_subtotal": format(minimum.amount, "f")} if minimum is not None else {}


def _named(words: Words, kind: str, idents: tuple[str, ...]) -> str:
    """Locations or levels by name, as alternatives."""
    return words.either([words.name(kind, ident) for ident in idents])


CONDITIONS: tuple[Condition, ...] = (
    Promo(),
    Dates(),
    MaxUses(),
    ClientTags(),
    FirstVisit(),
    Days(),
    TimeOfDay(),
    Holiday(),
    MinDuration(),
    Locations(),
    Levels(),
    MinSubtotal(),
)
"""The built-in conditions, in the order quoting checks them."""
