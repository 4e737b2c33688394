"""What screening says in words, one place per message: the verdicts as the command line prints
them, their exit statuses, and the notes a menu gives on specialty work. (Findings carry their
own words, from the rule pack and the checks.)"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from servicekit.model.screening import Verdict

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue, Service

EXIT_CODES: Mapping[Verdict, int] = MappingProxyType(
    {"clear": 0, "modify": 0, "clearance": 3, "block": 4, "incomplete": 5, "ask": 6}
)
"""`servicekit screen`'s exit status for each verdict: 0 bookable, anything else not (yet)."""

VERDICTS: Mapping[Verdict, str] = MappingProxyType(
    {
        "clear": "CLEAR: bookable",
        "modify": "MODIFY: bookable with the constraints below",
        "clearance": "CLEARANCE: not bookable until a physician approves (below)",
        "ask": "ASK: not bookable until the client answers the questions below",
        "block": "BLOCK: do not book",
        "incomplete": "INCOMPLETE: screening cannot say, because",
    }
)

QUESTIONS = "Questions for the client (not bookable until answered):"
APPROVALS = "Approvals a physician must give (not bookable until on file):"
DISCLAIMER_LINE = "Decision support for licensed therapists, not medical advice."


def specialty_notes(catalogue: Catalogue, service: Service, name: str) -> list[str]:
    """What a menu says of a specialty service (`name` as the menu shows it), as screening has
    it, in the active language: that for the clients it is built for any massage is given by a
    therapist with its training, and the doctor's approval its clients need while under a
    doctor's care."""
    from servicekit.i18n import _

    compiled = catalogue._screening
    if compiled is None or compiled.index is None:
        return []
    modality = catalogue.modality_of(service)
    serves = compiled.index.group_of[service.id].serves
    notes = []
    if serves and modality.requires:
        notes.append(
            _(
                "If %(service)s is meant for you, any massage here is given by a therapist "
                "with its training.",
                service=name,
            )
        )
    if modality.specialty or serves:
        notes.append(
            _(
                "Specialty work: if you are under a doctor's care, we need your doctor's "
                "approval before your first session."
            )
        )
    return notes
