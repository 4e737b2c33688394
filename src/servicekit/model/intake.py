"""A client's intake, format 1, as screening reads it: what the client answered, pregnancy,
surgeries, injuries and clearances on file. An intake is health information: servicekit reads
it and never writes it anywhere.

A question left out is unanswered, not "no": `conditions = []` says the client has none, while
no `conditions` key at all leaves screening unable to tell, and it asks the client. Reading one
from a file or a dict (`servicekit.load_intake`) is screening's (`servicekit.screening.intake`).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import ClassVar, Literal

import attrs

from servicekit.errors import Invalid
from servicekit.model.catalogue import doc
from servicekit.model.fields import Date, Id, Name, Text
from servicekit.model.vocabulary import Vocabulary

FORMAT = 1


@attrs.frozen
class Client:
    """What the client answered. A key left out is a question not answered."""

    conditions: tuple[Id, ...] | None = doc(
        "Health conditions, from the vocabulary (`servicekit conditions`); [] for none.",
        default=None,
    )
    medications: tuple[Id, ...] | None = doc(
        "Medication classes taken; [] for none.", default=None
    )
    allergies: tuple[Id, ...] | None = doc("Allergies; [] for none.", default=None)
    under_physician_care: bool | None = doc(
        "Whether the client is under a doctor's care for a condition.", default=None
    )
    areas_to_avoid: tuple[Id, ...] = doc("Body regions not to work on.", default=())


@attrs.frozen
class Pregnancy:
    """The client is pregnant: give the due date, or the weeks at the appointment."""

    due_date: Date | None = doc("The expected due date.", default=None)
    weeks: int | None = doc("Completed weeks of pregnancy at the appointment.", default=None)
    high_risk: bool | None = doc("Whether the prenatal provider calls it high-risk.", default=None)

    def __attrs_post_init__(self) -> None:
        if (self.due_date is None) == (self.weeks is None):
            raise Invalid("give exactly one of `due_date` and `weeks`")
        if self.weeks is not None and not 0 <= self.weeks <= 45:
            raise Invalid(f"{self.weeks} weeks is not a pregnancy", "weeks run from 0 to 45")

    def weeks_at(self, day: dt.date) -> int:
        """Completed weeks of pregnancy on `day`: the due date is the end of week 40."""
        if self.weeks is not None:
            return self.weeks
        due: dt.date = self.due_date  # type: ignore[assignment]  # set when weeks is not
        days_to_go = (due - day).days
        weeks_to_go = math.ceil(days_to_go / 7)  # a part week still to go is not completed
        return 40 - weeks_to_go


@attrs.frozen
class Event:
    """A surgery or an injury: when, and where on the body."""

    date: Date = doc("When it happened.")
    region: Id | None = doc("The body region, from the vocabulary.", default=None)
    description: Text | None = doc("What it was.", default=None)


@attrs.frozen
class Clearance:
    """A physician's clearance on file."""

    provider: Name = doc("Who gave it, e.g. Dr. Amy Lee, MD.")
    date: Date = doc("When it was given.")
    scope: Id = doc(
        'What it clears: "all" (any massage), or the id of a service, modality, add-on, '
        "condition or screening rule. It lifts the wait for a clearance, not the limits a "
        "rule sets."
    )
    expires: Date | None = doc(
        "When it runs out; without one it lasts the catalogue's clearance_valid_days.",
        default=None,
    )


@attrs.frozen
class Origin:
    """Where an intake was read from, kept to locate problems found when it is screened."""

    source: str
    text: str | None
    json: bool
    checked: Vocabulary
    """The vocabulary its words were read with."""


@attrs.frozen(slots=False)
class Intake:
    """A client's intake for screening.

    `source` is the file it was read from ("<intake>" for a dict, None for an `Intake` made in
    Python): a problem found later, when it is screened, names that file and the line.
    """

    client: Client = doc("What the client answered.")
    format: Literal[1] = doc("The intake format version; `format = 1`.", default=FORMAT)
    pregnancy: Pregnancy | None = doc("Present when the client is pregnant.", default=None)
    surgeries: tuple[Event, ...] = doc("Surgeries, each with a date.", default=())
    injuries: tuple[Event, ...] = doc("Injuries, each with a date.", default=())
    clearances: tuple[Clearance, ...] = doc("Physician clearances on file.", default=())

    _origin: ClassVar[Origin | None] = None
    """Set on the instance when it is read (not a field: no intake file can set it)."""

    @property
    def source(self) -> str | None:
        return self._origin.source if self._origin else None

    @property
    def origin(self) -> Origin | None:
        """Where it was read from, and with which words; None for one made in Python."""
        return self._origin

    def located(self, origin: Origin) -> Intake:
        """This intake, noting where it was read from (when it is read: it is the same
        intake, so this is not a change of its data)."""
        object.__setattr__(self, "_origin", origin)
        return self

    def words_checked_with(self, words: Vocabulary) -> bool:
        """Whether its words were read with `words`, or with a vocabulary `words` extends."""
        checked = self._origin.checked if self._origin else None
        return checked is not None and (checked is words or checked is words.base)
