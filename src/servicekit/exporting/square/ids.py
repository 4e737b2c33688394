"""Square ids: the keys servicekit gives the Square objects a catalogue makes, and the temporary
`#` ids that create them.

Every Square object an export makes has a stable key, named after what it stands for:
`item-swedish`, `variation-swedish-60`, `category-relaxation`, `tax-sales`, `discount-winter10`.
A `#` id always creates an object: a one-shot export names each object `#<key>` (in one
location's export `#<location>/<key>`); a plan made from a sync state names the objects it
creates `#<lineage>~<key>`, so the answer Square gives can be told apart from the answer to an
upload planned from any other state (another Square account's, say).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import attrs

KINDS = ("item", "variation", "category", "tax", "addons", "modifier", "discount",
         "product-set", "time-period", "pricing-rule")  # fmt: skip
"""What a key names, its first word."""
LINEAGE = re.compile(r"[A-Z0-9]{8}")
"""A state's lineage: eight capitals or digits, which no catalogue id holds (ids are lower
case), so a temporary id's parts never run together."""


def key_of(kind: str, *parts: str | int) -> str:
    """The stable key of a Square object, e.g. `variation-swedish-60`."""
    return "-".join([kind, *map(str, parts)])


def temporary(
    kind: str, *parts: str | int, location: str | None = None, lineage: str | None = None
) -> str:
    """A deterministic temporary id, e.g. `#variation-swedish-60`; in a location's export
    `#the-beaches/variation-swedish-60`, and in a plan `#K3F9A21B~variation-swedish-60`."""
    return make_temporary(key_of(kind, *parts), location=location, lineage=lineage)


def make_temporary(key: str, *, location: str | None = None, lineage: str | None = None) -> str:
    prefix = f"{lineage}~" if lineage else ""
    namespace = f"{location}/" if location else ""
    return "#" + prefix + namespace + key


@attrs.frozen
class Temporary:
    """A temporary id read back: the lineage of the state whose plan made it (None for a
    one-shot export), its location (None for an export of every location), its kind and the
    rest, e.g. (None, None, "variation", "swedish-60")."""

    lineage: str | None
    location: str | None
    kind: str
    rest: str

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.rest}"

    @classmethod
    def parse(cls, ident: str) -> Temporary | None:
        """The parts of a temporary id servicekit made, or None for any other id."""
        if not isinstance(ident, str) or not ident.startswith("#"):
            return None
        lineage, _, scoped = ident[1:].rpartition("~")
        if lineage and not LINEAGE.fullmatch(lineage):
            return None
        location, _, local = scoped.rpartition("/")
        for kind in sorted(KINDS, key=len, reverse=True):
            if local.startswith(f"{kind}-") and len(local) > len(kind) + 1:
                return cls(lineage or None, location or None, kind, local[len(kind) + 1 :])
        return None


def digest(values: Iterable[str], length: int = 10) -> str:
    """A short stable name for a set of ids (an add-on list shared by several services)."""
    text = "\n".join(values).encode("utf-8")
    return hashlib.sha256(text).hexdigest()[:length]
