"""A client's intake, format 1: read strictly from TOML, JSON or a dict, its words checked
against the vocabulary. An intake is health information: servicekit reads it and never writes
it anywhere.

A question left out is unanswered, not "no": `conditions = []` says the client has none, while
no `conditions` key at all leaves screening unable to tell, and it asks the client.

Every problem is reported at once, each at its file and line: a misspelt key does not hide the
misspelt words inside it. A synonym the vocabulary lists ("warfarin") is recorded as its id
("anticoagulant").
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar, Literal

import attrs
from cattrs.errors import BaseValidationError

from servicekit.errors import IntakeError, Invalid, KeyPath, Problem
from servicekit.loading.converter import converter_for
from servicekit.loading.problems import problems_from
from servicekit.loading.reading import decode, parse, read_bytes
from servicekit.loading.scalars import describe
from servicekit.model.catalogue import doc
from servicekit.model.fields import Date, Id, Name, Text
from servicekit.screening.locating import locator
from servicekit.screening.vocabulary import Unreadable, Vocabulary, vocabulary

FORMAT = 1

WORD_LISTS = {
    "conditions": "conditions",
    "medications": "medications",
    "allergies": "allergies",
    "areas_to_avoid": "regions",
}
"""The client's lists of words, and the vocabulary table each is read with."""


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
class _Origin:
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

    _origin: ClassVar[_Origin | None] = None
    """Set on the instance when it is read (not a field: no intake file can set it)."""

    @property
    def source(self) -> str | None:
        return self._origin.source if self._origin else None

    def error(self, problems: Sequence[Problem]) -> IntakeError:
        """An `IntakeError` for problems found in this intake, each on its line of the file
        it came from."""
        origin = self._origin
        if origin is None:
            return _error(list(problems), "<intake>", None, False)
        return _error(list(problems), origin.source, origin.text, origin.json)

    def words_checked_with(self, words: Vocabulary) -> bool:
        """Whether its words were read with `words`, or with a vocabulary `words` extends."""
        checked = self._origin.checked if self._origin else None
        return checked is not None and (checked is words or checked is words.base)


def _from(intake: Intake, origin: _Origin) -> Intake:
    object.__setattr__(intake, "_origin", origin)
    return intake


def load_intake(
    source: str | os.PathLike[str] | Mapping[str, Any] | Intake,
    *,
    vocabulary: Vocabulary | None = None,
) -> Intake:
    """An `Intake` from a TOML or JSON file, a parsed dict, or an `Intake` (checked as given).

    A file is read as JSON when its name ends in .json, or when it has another suffix and its
    text starts with `{`. Words are read with `vocabulary` (a catalogue's, with its plugins'
    words; servicekit's own by default). Raises `IntakeError` naming every problem at once, at
    its line, with hints that name only words accepted where they say.
    """
    words = _vocabulary() if vocabulary is None else vocabulary
    if isinstance(source, Intake):
        return _rechecked(source, words)
    if isinstance(source, Mapping):
        return _structure(source, "<intake>", None, words, json_text=False)
    if not isinstance(source, str | os.PathLike):
        message = f"an intake is a file's path, a dict or an Intake, not {describe(source)}"
        raise IntakeError([Problem(None, message)], source="<intake>")
    path = Path(source)
    raw = read_bytes(path, error=IntakeError)
    suffix = path.suffix.lower()
    if suffix != ".toml":
        text = decode(raw, str(path), error=IntakeError)
        if suffix == ".json" or text.lstrip().startswith("{"):
            return loads_intake(text, source=str(path), json_format=True, vocabulary=words)
    document = parse(raw, str(path), error=IntakeError)
    return _structure(document.data, document.source, document.text, words, json_text=False)


def loads_intake(
    text: str,
    *,
    source: str = "<intake>",
    json_format: bool = False,
    vocabulary: Vocabulary | None = None,
) -> Intake:
    """An `Intake` from TOML text, or JSON text (`json_format`, or text starting with `{`)."""
    words = _vocabulary() if vocabulary is None else vocabulary
    if json_format or text.lstrip().startswith("{"):
        return _structure(_json(text, source), source, text, words, json_text=True)
    document = parse(text, source, error=IntakeError)
    return _structure(document.data, source, document.text, words, json_text=False)


def _vocabulary() -> Vocabulary:
    return vocabulary()


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


def _structure(
    data: Any, source: str, text: str | None, words: Vocabulary, *, json_text: bool
) -> Intake:
    """The intake in `data`, or every problem with it at once: words the vocabulary cannot
    read (also under misspelt keys), the format's own problems, and dates that contradict."""
    if not isinstance(data, Mapping):
        problem = Problem(None, f"an intake is a table of keys, not {describe(data)}")
        raise IntakeError([problem], source=source)
    canonical, problems = _read_words(data, words)
    intake = None
    try:
        intake = converter_for(None).structure(canonical, Intake)
    except (BaseValidationError, Invalid) as exc:
        worded = [problem.path for problem in problems if problem.path is not None]
        problems += [p for p in problems_from(exc) if not _under(p.path, worded)]
    if intake is not None:
        problems += _dates(intake)
    if problems:
        raise _error(problems, source, text, json_text)
    assert intake is not None
    return _from(intake, _Origin(source, text, json_text, words))


def _under(path: KeyPath | None, paths: Sequence[KeyPath]) -> bool:
    return path is not None and any(path[: len(found)] == found for found in paths)


def _error(problems: list[Problem], source: str, text: str | None, json_text: bool) -> IntakeError:
    if text is not None:
        line = locator(text, json_text=json_text)
        problems = [
            attrs.evolve(p, line=line(p.path)) if p.path and p.line is None else p
            for p in problems
        ]
    problems.sort(key=lambda problem: problem.line or 0)
    return IntakeError(problems, source=source)


def _read_words(
    data: Mapping[str, Any], words: Vocabulary
) -> tuple[dict[str, Any], list[Problem]]:
    """`data` with every word the vocabulary reads as its id, and the words it cannot read.

    A key misspelt for one of the client's lists (`conditons`) has its words read too, so its
    problems come in the same report as the key's."""
    problems: list[Problem] = []
    canonical = dict(data)
    client = data.get("client")
    if isinstance(client, Mapping):
        client = dict(client)
        for key, values in client.items():
            table = _list_table(str(key))
            if table is not None and isinstance(values, list | tuple):
                path = ("client", key)
                client[key] = _read_list(values, table, path, words, problems)
        canonical["client"] = client
    for kind in ("surgeries", "injuries"):
        events = data.get(kind)
        if not isinstance(events, list | tuple):
            continue
        read = []
        for index, event in enumerate(events):
            region = event.get("region") if isinstance(event, Mapping) else None
            if isinstance(region, str):
                where = (kind, index, "region")
                event = {**event, "region": _read_word(region, "regions", where, words, problems)}
            read.append(event)
        canonical[kind] = read
    return canonical, problems


def _list_table(key: str) -> str | None:
    """The vocabulary table of a client's list, also when its key is misspelt."""
    close = difflib.get_close_matches(key, WORD_LISTS, n=1, cutoff=0.8)
    return WORD_LISTS[close[0]] if close else None


def _read_list(
    values: Sequence[Any], table: str, path: KeyPath, words: Vocabulary, problems: list[Problem]
) -> list[Any]:
    read = [
        _read_word(value, table, (*path, index), words, problems)
        if isinstance(value, str)
        else value
        for index, value in enumerate(values)
    ]
    return list(dict.fromkeys(read)) if all(isinstance(v, str) for v in read) else read


def _read_word(
    word: str, table: str, path: KeyPath, words: Vocabulary, problems: list[Problem]
) -> str:
    reading = words.read(table, word)
    if isinstance(reading, Unreadable):
        problems.append(Problem(path, reading.message, reading.hint))
        return word
    return reading


def _dates(intake: Intake) -> Iterator[Problem]:
    for index, clearance in enumerate(intake.clearances):
        if clearance.expires is not None and clearance.expires < clearance.date:
            yield Problem(("clearances", index, "expires"), "is before the clearance's date")


def _rechecked(intake: Intake, words: Vocabulary) -> Intake:
    """An `Intake` made in Python (or read with another vocabulary), its words read again."""
    if intake.words_checked_with(words):
        return intake
    problems: list[Problem] = []
    client = intake.client
    lists: dict[str, Any] = {}
    for key, table in WORD_LISTS.items():
        values = getattr(client, key)
        if values is not None:
            lists[key] = tuple(_read_list(values, table, ("client", key), words, problems))

    def regions(kind: str, events: tuple[Event, ...]) -> tuple[Event, ...]:
        return tuple(
            attrs.evolve(
                event,
                region=Id(
                    _read_word(event.region, "regions", (kind, i, "region"), words, problems)
                ),
            )
            if event.region is not None
            else event
            for i, event in enumerate(events)
        )

    surgeries = regions("surgeries", intake.surgeries)
    injuries = regions("injuries", intake.injuries)
    problems += _dates(intake)
    if problems:
        raise intake.error(problems)
    read = attrs.evolve(
        intake,
        client=attrs.evolve(client, **lists),
        surgeries=surgeries,
        injuries=injuries,
    )
    origin = intake._origin
    if origin is None:
        return _from(read, _Origin("<intake>", None, False, words))
    return _from(read, attrs.evolve(origin, checked=words))
