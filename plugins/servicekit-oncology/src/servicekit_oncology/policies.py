"""The oncology protocol a clinic chooses, in its catalogue's `[screening] policies`.

Declared on the checks that read them, so servicekit refuses a value they do not know and
fills in the default when the clinic says nothing.
"""

from __future__ import annotations

from servicekit import Policy

MAX_WALTON = Policy(
    name="oncology-max-walton",
    choices=("1", "2", "3"),
    default="2",
    description="The pressure cap in active treatment until the oncologist advises (Walton).",
)
CREDENTIAL = Policy(
    name="oncology-credential",
    choices=("active-treatment", "any-history"),
    default="active-treatment",
    description="Who is booked with oncology-trained staff: in treatment, or any history.",
)
