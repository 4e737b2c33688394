"""The `unit` key several built-in rule types have, and the pieces their wording shares."""

from typing import Any

from servicekit.i18n import _
from servicekit.model.catalogue import doc

UNIT_DOC = (
    'What it applies to once: "item" (each line of each item, the default for lines), '
    '"guest" (each guest\'s share) or "visit" (the visit as a whole).'
)


def unit(text: str = UNIT_DOC) -> Any:
    """The `unit` key of a rule type whose default is its stage's."""
    return doc(text, default=None)


def clauses(*said: str) -> str:
    """A phrase and what qualifies it, the empty ones left out: "20% off X, at most $30.00"."""
    return ", ".join(filter(None, said))


def for_each(unit: str | None) -> str:
    """Whom an amount is for, when not the visit: "for each guest"."""
    if unit == "guest":
        return _("for each guest")
    return _("for each item") if unit == "item" else ""


def length_said(minutes: int) -> str:
    """A length in words: "60 min"."""
    return _("%(minutes)s min", minutes=minutes)
