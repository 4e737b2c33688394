"""The prenatal protocol a clinic chooses, in its catalogue's `[screening] policies`.

Declared on the checks that read them, so servicekit refuses a value they do not know and
fills in the default when the clinic says nothing.
"""

from __future__ import annotations

from servicekit import Policy

FIRST_TRIMESTER = Policy(
    name="first-trimester",
    choices=("caution", "clearance", "block"),
    default="caution",
    description=(
        "Weeks 0-13: the pack's caution, the prenatal provider's clearance, or no massage."
    ),
)
PACK_POSITIONING_WEEK = 20
"""servicekit's own pack positions every pregnant client from week 20 (row 31), so a clinic
can only start earlier."""
POSITIONING = Policy(
    name="prenatal-positioning-from-week",
    choices=tuple(str(week) for week in range(16, PACK_POSITIONING_WEEK + 1)),
    default=str(PACK_POSITIONING_WEEK),
    description=(
        "The week from which the client is side-lying or tilted, never flat: 16 to 20 (from "
        "week 20 the pack's own rule does it)."
    ),
)
OILS = Policy(
    name="prenatal-essential-oils",
    choices=("dilute", "exclude"),
    default="dilute",
    description="Essential oils in pregnancy: diluted, or none at all.",
)
