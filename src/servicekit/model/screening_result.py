"""What screening a client's intake finds: the screening, and every service's verdict.

Only screening makes these, so they live apart from the rules, checks and settings a catalogue
is built with (`servicekit check` builds none of them); `servicekit.model.screening` gives
them on first use, as it gave them before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from servicekit.model.screening import VERDICT_HEADINGS, Constraints, Finding, Verdict


@attrs.frozen
class Bookable:
    """What screening says of one service of the catalogue for this client."""

    service: str
    verdict: Verdict
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _bookable_dict(self.service, (self.verdict, self.reasons))


Verdicts = Sequence[tuple[str, tuple[Verdict, tuple[str, ...]]]]
"""Every service of a catalogue with its verdict for a client and why it is not bookable: what
`Bookable` records are made of, kept as the screening works them out (a catalogue has many
services, and JSON needs no record for each)."""


def _bookable_dict(service: str, verdict: tuple[Verdict, tuple[str, ...]]) -> dict[str, Any]:
    return {"service": service, "verdict": verdict[0], "reasons": list(verdict[1])}


@attrs.frozen(slots=False, eq=False)
class Screening:
    """A client's intake screened against a booking: the verdict, and every finding.

    `verdict` is the most restrictive outcome: `clear`, `modify` (bookable with the
    constraints), `clearance` (not bookable until a physician approves: `approvals`), `ask`
    (not bookable until the client answers: `questions`), `block`, or `incomplete` (a check
    failed or is missing, so nothing can be said). `bookable` says the same of every service.
    """

    service: str
    addons: tuple[str, ...]
    day: dt.date
    verdict: Verdict
    findings: tuple[Finding, ...]
    constraints: Constraints
    credentials_required: tuple[str, ...]
    credentials_missing: tuple[str, ...] | None
    """None when the therapist's credentials were not given."""
    incomplete: tuple[str, ...] = ()
    """The checks that failed, each with its plugin and error."""
    _others: Callable[[], Verdicts] = attrs.field(default=tuple, repr=False, alias="others")
    locale: str | None = None
    """The locale its reader asked for: `to_dict()` then adds the words in that language
    (`text`) beside the English. None: English alone."""

    @property
    def bookable(self) -> tuple[Bookable, ...]:
        """Every service of the catalogue, without add-ons, with its verdict for this client
        (worked out when first asked, and kept)."""
        known = self.__dict__.get("_bookable")
        if known is None:  # no lock (functools.cached_property's costs more than a verdict)
            made = [Bookable(service, *verdict) for service, verdict in self._verdicts()]
            known = self.__dict__["_bookable"] = tuple(made)
        return known

    def _verdicts(self) -> Verdicts:
        """What `bookable` is made of (worked out when first asked, and kept)."""
        known = self.__dict__.get("_made_verdicts")
        if known is None:
            known = self.__dict__["_made_verdicts"] = self._others()
        return known

    @property
    def questions(self) -> tuple[Finding, ...]:
        """What the client must answer before this booking can go ahead."""
        return tuple([f for f in self.findings if f.severity == "ask"])

    @property
    def approvals(self) -> tuple[Finding, ...]:
        """What a physician must approve before this booking can go ahead (none lifted)."""
        return tuple(
            [f for f in self.findings if f.severity == "clearance" and f.cleared_by is None]
        )

    def to_dict(self) -> dict[str, Any]:
        """What `--format json` and `POST /screen` give: ids and English text; with a
        `locale`, also what its readers read, under `text` and `locale`."""
        found = {
            "disclaimer": DISCLAIMER,
            "service": self.service,
            "addons": list(self.addons),
            "date": self.day.isoformat(),
            "verdict": self.verdict,
            "findings": [finding.to_dict() for finding in self.findings],
            "constraints": self.constraints.to_dict(),
            "credentials_required": list(self.credentials_required),
            "credentials_missing": (
                None if self.credentials_missing is None else list(self.credentials_missing)
            ),
            "incomplete": list(self.incomplete),
            "questions": [_pending(finding) for finding in self.questions],
            "approvals": [_pending(finding) for finding in self.approvals],
            "bookable": [_bookable_dict(*item) for item in self._verdicts()],
        }
        return found if self.locale is None else _in_words(found, self, self.locale)


def _in_words(found: dict[str, Any], screening: Screening, locale: str) -> dict[str, Any]:
    """`found` (a screening's dict) with what a reader of `locale` reads beside the English:
    the verdict, each finding's reason and modification, each question's and approval's `do`,
    under `text` (ids and English text fields stay as they are)."""
    from servicekit.i18n import _, translating

    with translating(locale):
        found["locale"] = locale
        found["text"] = {"verdict": _(VERDICT_HEADINGS[screening.verdict])}
    for entry, finding in zip(found["findings"], screening.findings, strict=True):
        said = finding.said(locale)
        entry["text"] = {"reason": said.reason, "modification": said.modification}
    for key, pending in (("questions", screening.questions), ("approvals", screening.approvals)):
        for entry, finding in zip(found[key], pending, strict=True):
            said = finding.said(locale)
            entry["text"] = {"do": said.modification or said.reason}
    return found


def _pending(finding: Finding) -> dict[str, Any]:
    return {"rule": finding.rule, "subject": finding.subject, "do": finding.modification}


DISCLAIMER = (
    "Decision support for licensed therapists, not medical advice. The therapist decides; "
    "when in doubt, refer."
)
