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

from collections.abc import Mapping
from typing import Literal

Method = Literal["cms", "midpoint"]
METHODS: tuple[Method, ...] = ("cms", "midpoint")
UNIT = 15
MIDPOINT = 8
"""More than half a unit: the fewest minutes that bill one."""


def total_units(minutes: int) -> int:
    """Units for a number of timed minutes: (minutes + 7) // 15, none under 8."""
    if minutes < MIDPOINT:
        return 0
    return (minutes + UNIT - MIDPOINT) // UNIT


def units(minutes: Mapping[str, int], method: Method = "cms") -> dict[str, int]:
    """Units per code for a day's timed minutes per code, by `method`."""
    for code, count in minutes.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValueError(f"{code}: minutes must be a whole number of 0 or more, not {count!r}")
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
