"""Timed units: how many 15-minute units a day's one-on-one minutes bill.

Two rules, chosen per payer:

- `cms`, the CMS 8-minute rule (Medicare Claims Processing Manual, ch. 5 §20.2): the total
  timed minutes of the day set the units (8-22 -> 1, 23-37 -> 2, 38-52 -> 3, 53-67 -> 4, and on
  by 15; under 8 -> 0). Each code first gets its whole 15-minute units; the units left go to
  the codes with the most minutes left over.
- `midpoint`, CPT's per-code rule (some commercial payers): each code on its own bills a unit
  for every 15 minutes, and one more for a remainder of 8 minutes or more.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

Method = Literal["cms", "midpoint"]
METHODS: tuple[Method, ...] = ("cms", "midpoint")
UNIT = 15
MIDPOINT = 8
"""More than half a unit: the fewest minutes that bill one."""
DAY = 24 * 60
"""A day's minutes: more timed minutes than this, for a code or in all, is a typo."""
MINUTES = re.compile(r"[0-9]+")
"""Minutes as written on the command line. ASCII digits only: str.isdigit() also takes '²',
which int() refuses."""


def read_minutes(text: str) -> int | None:
    """Minutes written as ASCII digits, or None when `text` is not that. A count of more than
    a day's minutes is read as DAY + 1: the caller refuses it in the user's own words, and
    int() would refuse more than 4,300 digits with an error of its own."""
    if not MINUTES.fullmatch(text):
        return None
    digits = text.lstrip("0")
    return int(digits or "0") if len(digits) <= len(str(DAY)) else DAY + 1


def quoted(text: str) -> str:
    """An argument, quoted for a message: a typo of a thousand digits is named, not printed."""
    return f"'{text}'" if len(text) <= 40 else f"'{text[:20]}...' ({len(text)} characters)"


def total_units(minutes: int) -> int:
    """Units for a number of timed minutes: (minutes + 7) // 15, none under 8."""
    if minutes < MIDPOINT:
        return 0
    return (minutes + UNIT - MIDPOINT) // UNIT


def units(minutes: Mapping[str, int], method: Method = "cms") -> dict[str, int]:
    """Units per code for a day's timed minutes per code, by `method`. ValueError for minutes
    that are not a whole number of 0 or more, or more than a day's (1440), for a code or in
    all."""
    for code, count in minutes.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValueError(f"{code}: minutes must be a whole number of 0 or more, not {count!r}")
        if count > DAY:
            raise ValueError(f"{code}: {count} timed minutes, more than a day has ({DAY})")
    if sum(minutes.values()) > DAY:
        raise ValueError(
            f"{sum(minutes.values())} timed minutes in all, more than a day has ({DAY})"
        )
    if method == "midpoint":
        return {code: total_units(count) for code, count in minutes.items()}
    if method != "cms":
        raise ValueError(f"unknown method {method!r}; the methods are {', '.join(METHODS)}")
    billed = {code: count // UNIT for code, count in minutes.items()}
    left = total_units(sum(minutes.values())) - sum(billed.values())
    # Most minutes left over first; on a tie, the code with more minutes in all, then the
    # order given.
    order = sorted(
        minutes,
        key=lambda code: (-(minutes[code] % UNIT), -minutes[code], list(minutes).index(code)),
    )
    for code in order[: max(left, 0)]:
        billed[code] += 1
    return billed
