"""What screening says in words, one place per message: the verdicts as the command line prints
them, their exit statuses, and the notes a menu gives on specialty work. (Findings carry their
own words, from the rule pack and the checks.)"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def specialty_note(catalogue: Catalogue, service: Service) -> str | None:
    """What a menu says of a specialty service, as screening has it: whom it is built for,
    that any other massage for those clients is given as this one is, and the doctor's
    approval its clients need while under a doctor's care."""
    compiled = catalogue._screening
    if compiled is None or compiled.index is None:
        return None
    modality = catalogue.modality_of(service)
    serves = compiled.index.group_of[service.id].serves
    populations = [compiled.vocabulary.populations[ident].name for ident in sorted(serves)]
    approval = "Under a doctor's care, we need your doctor's approval before your first session."
    if not populations:
        return approval if modality.specialty else None
    training = (
        ": if that is you, any massage here is given by a therapist with this training"
        if modality.requires
        else ""
    )
    return f"Built for {_either(populations)}{training}. {approval}"


def _either(words: Iterable[str]) -> str:
    listed = list(words)
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " or " + listed[-1]
