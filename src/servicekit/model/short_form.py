"""The command line's short form of a visit's item, read into the fields of a `VisitItem`
(`SERVICE[:MIN][+ADDON[*N]]...[@GUEST[,GUEST]...][/PLAN]`), and the words for its mistakes.

Each mistake is a `BookingError` at the key of the item the part stands for (`service`,
`duration`, `addons`, `guest`, `redeem`): the command line, `POST /quote` and the Python API
name the same place, the item's, whichever way the item was written.
"""

from __future__ import annotations

import re
from typing import Any

from servicekit.errors import BookingError

SHORT_FORM = "SERVICE[:MIN][+ADDON[*N]]...[@GUEST[,GUEST]...][/PLAN]"
"""An item on the command line: `swedish:60`, `deep-tissue:90+hot-stones`,
`couples:60+hot-stones*2@ann,ben`, `swedish:60@ann/wellness-membership`."""
SHORT_EXAMPLE = "e.g. deep-tissue:90+hot-stones@ann"
_PART = re.compile(r"([+@/])")
_DIGITS = re.compile(r"[0-9]{1,6}")
"""A number of minutes or guests as written: ASCII digits, few enough to be one."""
_SHOWN = 64
"""At most this much of what was written is repeated in a message."""


def parse_item(text: str) -> dict[str, Any]:
    """The fields of the item `text` writes in the short form, or a `BookingError` at the
    field its mistake is in."""
    if not isinstance(text, str) or not text.strip():
        raise BookingError("an item is a service, written " + SHORT_FORM, hint=SHORT_EXAMPLE)
    head, *rest = _PART.split(text.strip())
    service, colon, minutes = head.partition(":")
    if not service:
        raise BookingError(
            f"no service before '{(colon or rest[0])}': an item starts with its service's id",
            hint=SHORT_EXAMPLE,
            path=("service",),
        )
    fields: dict[str, Any] = {"service": service, "duration": None}
    if colon:
        fields["duration"] = _minutes(minutes, service)
    addons: list[str] = []
    guests: list[str] = []
    redeem = None
    for marker, part in zip(rest[::2], rest[1::2], strict=True):
        if not part:
            raise BookingError(
                f"nothing after '{marker}'",
                hint=_AFTER[marker],
                path=(_FIELDS[marker],),
            )
        if marker == "+":
            addons.append(part)
        elif marker == "@":
            guests += _guests(part)
        elif redeem is None:
            redeem = part
        else:
            raise BookingError(
                f"two plans to pay with, '{shown(redeem)}' and '{shown(part)}'",
                hint="a session is paid with one plan: give one",
                path=("redeem",),
            )
    fields["addons"] = addons_written(addons)
    fields["guest"] = guests[0] if len(guests) == 1 else (tuple(guests) or None)
    fields["redeem"] = redeem
    return fields


_FIELDS = {"+": "addons", "@": "guest", "/": "redeem"}
_AFTER = {
    "+": "name an add-on after '+', e.g. +hot-stones, or leave out the '+'",
    "@": "name the guest after '@', e.g. @ann, or leave out the '@'",
    "/": "name the package or membership after '/', e.g. /five-pack, or leave out the '/'",
}


def shown(text: str) -> str:
    """What was written, as a message repeats it: whole, or its start when it is long."""
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _minutes(minutes: str, service: str) -> int:
    if not minutes:
        raise BookingError(
            "':' is not followed by a length",
            hint=f"write the minutes after it, e.g. {shown(service)}:60, or leave out ':' "
            "for a service's only length",
            path=("duration",),
        )
    return minutes_written(minutes, f"{shown(service)}:60")


def minutes_written(minutes: str, example: str) -> int:
    """A length in minutes as written on the command line: whole, in ASCII digits."""
    if not _DIGITS.fullmatch(minutes):
        raise BookingError(
            f"the length '{shown(minutes)}' is not a whole number of minutes",
            hint=f"e.g. {example}",
            path=("duration",),
        )
    return int(minutes)


def _guests(part: str) -> list[str]:
    names = [name.strip() for name in part.split(",")]
    for name in names:
        if not name:
            raise BookingError(
                f"an empty guest name in '@{shown(part)}'",
                hint="name each guest once, separated by commas and nothing after the last: "
                "@ann,ben",
                path=("guest",),
            )
        if name.startswith("-"):
            raise BookingError(
                f"guest '{shown(name)}' looks like an option, not a name",
                hint="give options after a space, e.g. swedish:60@ann --tag member@ann",
                path=("guest",),
            )
    return names


def addon_written(text: str) -> tuple[str, int]:
    """An add-on as the command line writes it, `ADDON` or `ADDON*N`: its id and how many of
    the item's guests have it."""
    ident, star, count = text.partition("*")
    if not star:
        return text, 1
    if not ident:
        raise BookingError(
            f"'{shown(text)}' names no add-on before '*'",
            hint="write the add-on's id, then how many guests have it: hot-stones*2",
            path=("addons",),
        )
    if not _DIGITS.fullmatch(count) or int(count) < 1:
        raise BookingError(
            f"the quantity '{shown(count)}' in '{shown(text)}' is not a whole number from 1",
            hint=f"write how many of the item's guests have it, e.g. {shown(ident)}*2",
            path=("addons", ident),
        )
    return ident, int(count)


def addons_written(parts: list[str]) -> tuple[str, ...] | dict[str, int]:
    """Add-ons as the command line lists them: their ids (in order, as given, so a repeat is
    said as for any list), or how many guests have each when a quantity is given."""
    if not any("*" in part for part in parts):
        return tuple(parts)
    counts: dict[str, int] = {}
    for ident, count in map(addon_written, parts):
        if ident in counts:
            raise addon_twice(ident, None).within("addons", ident)
        counts[ident] = count
    return counts


def addon_twice(addon: str, guests: int | None) -> BookingError:
    """An add-on listed twice for one item (`guests`: how many the item is for, None when
    not known yet): said the same whichever way the item was written."""
    if guests == 1:
        hint = "a guest has each add-on once"
    else:
        hint = (
            f"list it once with how many of the item's guests have it: {addon}*2 on the "
            f'command line, {{"{addon}": 2}} in JSON, {{ {addon} = 2 }} in TOML'
        )
    return BookingError(f"add-on '{shown(addon)}' is listed twice", hint=hint)
