"""Reading a client's intake (`servicekit.model.intake`): strictly, from TOML, JSON or a dict,
its words checked against the vocabulary. An intake is health information: servicekit reads it
and never writes it anywhere.

Every problem is reported at once, each at its file and line: a misspelt key does not hide the
misspelt words inside it. A synonym the vocabulary lists ("warfarin") is recorded as its id
("anticoagulant").
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from servicekit.errors import IntakeError, KeyPath, Problem
from servicekit.loading.converter import converter_for, validation_errors
from servicekit.loading.problems import problems_from
from servicekit.loading.reading import decode, parse, read_bytes
from servicekit.loading.scalars import describe
from servicekit.loading.strict_json import DECODER, Refused
from servicekit.model.fields import Id
from servicekit.model.intake import FORMAT as FORMAT
from servicekit.model.intake import Clearance as Clearance
from servicekit.model.intake import Client as Client
from servicekit.model.intake import Event, Intake, Origin
from servicekit.model.intake import Pregnancy as Pregnancy
from servicekit.model.vocabulary import Unreadable, Vocabulary
from servicekit.screening.locating import locator
from servicekit.screening.vocabulary import vocabulary

WORD_LISTS = {
    "conditions": "conditions",
    "medications": "medications",
    "allergies": "allergies",
    "areas_to_avoid": "regions",
}
"""The client's lists of words, and the vocabulary table each is read with."""


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

    # One strict decoder for every JSON servicekit reads: a key given twice (TOML refuses it;
    # the last one would win silently) and NaN or Infinity (no number) are refused.
    try:
        # A byte-order mark some editors write is no part of the intake (files lose it when
        # decoded; text handed over from one may still carry it).
        return DECODER.decode(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise fail(f"JSON syntax error: {exc.msg}", exc.lineno) from None
    except Refused as exc:
        raise fail(str(exc), _line_of_constant(text, exc.constant)) from None
    except RecursionError:
        raise fail("values are nested too deeply to be an intake") from None


JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')
"""A JSON string, or one of the constants JSON does not allow (outside any string)."""


def _line_of_constant(text: str, constant: str | None) -> int | None:
    """The line of the first `constant` (NaN, Infinity, -Infinity) outside a string."""
    if constant is None:
        return None
    for token in JSON_TOKENS.finditer(text):
        if token[1] == constant:
            return text.count("\n", 0, token.start()) + 1
    return None


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
    except validation_errors() as exc:
        worded = [problem.path for problem in problems if problem.path is not None]
        problems += [p for p in problems_from(exc) if not _under(p.path, worded)]
    if intake is not None:
        problems += _dates(intake)
    if problems:
        raise _error(problems, source, text, json_text)
    assert intake is not None
    return intake.located(Origin(source, text, json_text, words))


def intake_error(intake: Intake, problems: Sequence[Problem]) -> IntakeError:
    """An `IntakeError` for problems found in `intake`, each on its line of the file it came
    from."""
    origin = intake.origin
    if origin is None:
        return _error(list(problems), "<intake>", None, False)
    return _error(list(problems), origin.source, origin.text, origin.json)


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
        raise intake_error(intake, problems)
    read = attrs.evolve(
        intake,
        client=attrs.evolve(client, **lists),
        surgeries=surgeries,
        injuries=injuries,
    )
    origin = intake.origin
    if origin is None:
        return read.located(Origin("<intake>", None, False, words))
    return read.located(attrs.evolve(origin, checked=words))
