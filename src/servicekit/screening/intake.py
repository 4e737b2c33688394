"""A client's intake, format 1: read strictly from TOML, JSON or a dict, checked against the
vocabulary. An intake is health information: servicekit reads it and never writes it anywhere.

A question left out is unanswered, not "no": `conditions = []` says the client has none, while
no `conditions` key at all leaves screening unable to tell, and it asks for clearance.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs
from cattrs.errors import BaseValidationError

from servicekit.errors import IntakeError, Invalid, Problem, did_you_mean
from servicekit.loading.converter import converter_for
from servicekit.loading.locating import Locator
from servicekit.loading.problems import problems_from
from servicekit.loading.reading import decode, parse, read_bytes
from servicekit.loading.scalars import describe
from servicekit.model.catalogue import doc
from servicekit.model.fields import Date, Id, Name, Text
from servicekit.screening.vocabulary import vocabulary

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
        days_to_go = (self.due_date - day).days
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
class Intake:
    """A client's intake for screening."""

    client: Client = doc("What the client answered.")
    format: Literal[1] = doc("The intake format version; `format = 1`.", default=FORMAT)
    pregnancy: Pregnancy | None = doc("Present when the client is pregnant.", default=None)
    surgeries: tuple[Event, ...] = doc("Surgeries, each with a date.", default=())
    injuries: tuple[Event, ...] = doc("Injuries, each with a date.", default=())
    clearances: tuple[Clearance, ...] = doc("Physician clearances on file.", default=())


def load_intake(source: str | os.PathLike[str] | Mapping[str, Any] | Intake) -> Intake:
    """An `Intake` from a TOML or JSON file, a parsed dict, or an `Intake` (checked as given).

    A file is read as JSON when its name ends in .json, or when it has another suffix and its
    text starts with `{`. Raises `IntakeError` naming every problem, with suggestions for
    unknown words.
    """
    if isinstance(source, Intake):
        _raise_if(list(_vocabulary_problems(source)), "<intake>", None)
        return source
    if isinstance(source, Mapping):
        return _structure(source, "<intake>", None)
    if not isinstance(source, str | os.PathLike):
        message = f"an intake is a file's path, a dict or an Intake, not {describe(source)}"
        raise IntakeError([Problem(None, message)], source="<intake>")
    path = Path(source)
    raw = read_bytes(path, error=IntakeError)
    suffix = path.suffix.lower()
    if suffix != ".toml":
        text = decode(raw, str(path), error=IntakeError)
        if suffix == ".json" or text.lstrip().startswith("{"):
            return loads_intake(text, source=str(path), json_format=True)
    document = parse(raw, str(path), error=IntakeError)
    return _structure(document.data, document.source, document.text)


def loads_intake(text: str, *, source: str = "<intake>", json_format: bool = False) -> Intake:
    """An `Intake` from TOML text, or JSON text (`json_format`, or text starting with `{`)."""
    if json_format or text.lstrip().startswith("{"):
        return _structure(_json(text, source), source, None)
    document = parse(text, source, error=IntakeError)
    return _structure(document.data, source, document.text)


def _json(text: str, source: str) -> Any:
    def fail(message: str, line: int | None = None) -> IntakeError:
        return IntakeError([Problem(None, message, line=line)], source=source)

    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise fail(f"JSON syntax error: {exc.msg}", exc.lineno) from None
    except _DuplicateKey as exc:
        # TOML refuses a key given twice; so does JSON here: the last one would win silently.
        raise fail(f"key '{exc.args[0]}' is given twice in one object") from None
    except RecursionError:
        raise fail("values are nested too deeply to be an intake") from None


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table = dict(pairs)
    if len(table) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return table


def _structure(data: Any, source: str, text: str | None) -> Intake:
    if not isinstance(data, Mapping):
        problem = Problem(None, f"an intake is a table of keys, not {describe(data)}")
        raise IntakeError([problem], source=source)
    try:
        intake = converter_for(None).structure(dict(data), Intake)
    except (BaseValidationError, Invalid) as exc:
        _raise_if(list(problems_from(exc)), source, text)
    _raise_if(list(_vocabulary_problems(intake)), source, text)
    return intake


def _raise_if(problems: list[Problem], source: str, text: str | None) -> None:
    if not problems:
        return
    if text is not None:
        locator = Locator(text)
        problems = [attrs.evolve(p, line=locator.line(p.path)) if p.path else p for p in problems]
    raise IntakeError(problems, source=source)


def _vocabulary_problems(intake: Intake) -> Iterator[Problem]:
    words = vocabulary()
    client = intake.client
    named = [
        (("client", "conditions"), client.conditions, words.conditions, "condition"),
        (("client", "medications"), client.medications, words.medications, "medication class"),
        (("client", "allergies"), client.allergies, words.allergies, "allergy"),
        (("client", "areas_to_avoid"), client.areas_to_avoid, words.regions, "body region"),
    ]
    for path, values, known, what in named:
        for index, value in enumerate(values or ()):
            yield from _unknown((*path, index), value, known, what)
    for kind, events in (("surgeries", intake.surgeries), ("injuries", intake.injuries)):
        for index, event in enumerate(events):
            if event.region is not None:
                yield from _unknown((kind, index, "region"), event.region, words.regions, "region")
    for index, clearance in enumerate(intake.clearances):
        if clearance.expires is not None and clearance.expires < clearance.date:
            yield Problem(("clearances", index, "expires"), "is before the clearance's date")


def _unknown(path: tuple, value: str, known: Mapping[str, Any], what: str) -> Iterator[Problem]:
    if value not in known:
        hint = did_you_mean(value, known)
        if not hint.startswith("did you mean"):
            hint = "`servicekit conditions` lists every word an intake may use"
        yield Problem(path, f"unknown {what} '{value}'", hint)
