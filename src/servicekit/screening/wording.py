"""What screening says in words, one place per message, in the reader's language: the verdicts
as the command line prints them, their exit statuses, the notes a menu gives on specialty work,
and the words findings are made of.

A finding keeps its reason and modification in English (what JSON gives) and, in
`Finding.translations`, how to say them in any language: the rule pack's and plugins' own
translations, or for the findings servicekit words itself, `Words` made of `Say` pieces
(servicekit's messages, catalogue names, vocabulary terms), said only when a reader reads them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from servicekit.i18n import LANGUAGES, N_, _, join, translating, translations
from servicekit.i18n.catalogue_text import language, localized, translation_keys
from servicekit.model.screening import VERDICT_HEADINGS, FindingText, Verdict

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue, Service
    from servicekit.model.screening import Finding, Population, Term
    from servicekit.model.vocabulary import Vocabulary

EXIT_CODES: Mapping[Verdict, int] = MappingProxyType(
    {"clear": 0, "modify": 0, "clearance": 3, "block": 4, "incomplete": 5, "ask": 6}
)
"""`servicekit screen`'s exit status for each verdict: 0 bookable, anything else not (yet)."""

VERDICTS = VERDICT_HEADINGS
"""Each verdict as `servicekit screen` prints it, in English: `_(VERDICTS[verdict])` says it in
the active language."""

WORDS: Mapping[str, str] = MappingProxyType(
    {
        # verdicts and severities
        "clear": N_("clear"),
        "modify": N_("modify"),
        "clearance": N_("clearance"),
        "ask": N_("ask"),
        "block": N_("block"),
        "incomplete": N_("incomplete"),
        "local": N_("local"),
        "caution": N_("caution"),
        # scopes
        "session": N_("session"),
        "service": N_("service"),
        "addon": N_("addon"),
        "region": N_("region"),
        # positions
        "prone": N_("prone"),
        "supine": N_("supine"),
        "flat-supine": N_("flat-supine"),
        "side-lying": N_("side-lying"),
        "seated": N_("seated"),
    }
)
"""The verdicts, severities, scopes and positions as `servicekit screen` shows them: the
ids in English, words in other languages (`_(WORDS[id])`)."""

PROPERTIES: Mapping[str, str] = MappingProxyType(
    {
        "heat": N_("heat"),
        "essential-oil": N_("essential-oil"),
        "nut-oil": N_("nut-oil"),
        "cannabinoid": N_("cannabinoid"),
        "suction": N_("suction"),
        "lymphatic-drainage": N_("lymphatic-drainage"),
        "stretching": N_("stretching"),
        "region-bound": N_("region-bound"),
        "prenatal": N_("prenatal"),
        "oncology": N_("oncology"),
    }
)
"""The properties of work in findings' words: the ids in English, a word or two in other
languages (the vocabulary's names describe them at length)."""

QUESTIONS = N_("Questions for the client (not bookable until answered):")
APPROVALS = N_("Approvals a physician must give (not bookable until on file):")
DISCLAIMER_LINE = N_("Decision support for licensed therapists, not medical advice.")


def english(locale: str) -> bool:
    """Whether readers of `locale` read the English as written."""
    return language(locale) == "en"


class Say:
    """Words a reader sees, kept so that they can be said in any language: `english` is what
    JSON gives; `said(locale)` is what a reader of `locale` reads."""

    __slots__ = ("english",)

    english: str

    def said(self, locale: str) -> str:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.english!r})"


class Message(Say):
    """servicekit's own words: `message`, marked with `N_` where it is written so that
    `pybabel extract` finds it, with its `%(name)s` placeholders filled by `values` (words, or
    text that reads the same in every language: ids, numbers)."""

    __slots__ = ("message", "values")

    def __init__(self, message: str, /, **values: Say | str | int) -> None:
        self.message, self.values = message, values
        self.english = (
            message % {key: _english(value) for key, value in values.items()}
            if values
            else message
        )

    def said(self, locale: str) -> str:
        if english(locale):
            return self.english
        text = translations(locale).gettext(self.message)
        if not self.values:
            return text
        return text % {key: _said(value, locale) for key, value in self.values.items()}


class Text(Say):
    """Text written in English with its translations by locale: the rule pack's, a plugin's."""

    __slots__ = ("translations",)

    def __init__(self, text: str, translated: Mapping[str, str]) -> None:
        self.english, self.translations = text, translated

    def said(self, locale: str) -> str:
        for key in translation_keys(self.translations, locale, "en"):
            return self.translations[key]
        return self.english


class Name(Say):
    """A catalogue entry's name (a service's, an add-on's, a credential's): as written, and in
    the reader's locale from the catalogue's own translations."""

    __slots__ = ("entry", "own")

    def __init__(self, entry: Any, own: str) -> None:
        self.english, self.entry, self.own = entry.name, entry, own

    def said(self, locale: str) -> str:
        return str(localized(self.entry, "name", locale, self.own))


class Word(Say):
    """A word of the vocabulary (a property, a population): its id or name as the English
    gives it, and its name in the reader's language."""

    __slots__ = ("term",)

    def __init__(self, term: Term | Population, english: str) -> None:
        self.english, self.term = english, term

    def said(self, locale: str) -> str:
        return self.english if english(locale) else self.term.named(locale)


class Joined(Say):
    """Pieces said one after the other, a space between them."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Say) -> None:
        self.parts = parts
        self.english = " ".join([part.english for part in parts])

    def said(self, locale: str) -> str:
        return " ".join(part.said(locale) for part in self.parts)


class Listed(Say):
    """Words listed: `a, b` (`english_separator` as the English has it), and as the reader's
    language lists them (`style` "and" or "or") where it is not English."""

    __slots__ = ("items", "style")

    def __init__(self, items: Iterable[Say | str], separator: str = ", ", style: str = "") -> None:
        self.items, self.style = tuple(items), style
        self.english = separator.join([_text(item) for item in self.items])

    def said(self, locale: str) -> str:
        if english(locale):
            return self.english
        said = [item.said(locale) if isinstance(item, Say) else item for item in self.items]
        if not self.style:
            return ", ".join(said)
        with translating(locale):
            return join(said, self.style)


def _text(value: Say | str) -> str:
    return value.english if isinstance(value, Say) else value


def _english(value: Say | str | int) -> str | int:
    return value.english if isinstance(value, Say) else value


def _said(value: Say | str | int, locale: str) -> str | int:
    return value.said(locale) if isinstance(value, Say) else value


class Words(Mapping[str, FindingText]):
    """A finding's reason and modification in every language, said when a reader reads them:
    `words["de_DE"]` is the German. What the engine gives `Finding.translations`."""

    __slots__ = ("modification", "reason")

    def __init__(self, reason: Say, modification: Say | None = None) -> None:
        self.reason, self.modification = reason, modification

    def __getitem__(self, locale: str) -> FindingText:
        if language(locale) not in LANGUAGES:
            raise KeyError(locale)
        modification = self.modification
        return FindingText(
            self.reason.said(locale), None if modification is None else modification.said(locale)
        )

    def __contains__(self, locale: object) -> bool:
        return isinstance(locale, str) and language(locale) in LANGUAGES

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def worded(reason: Say, modification: Say | None = None) -> dict[str, Any]:
    """A finding's `reason`, `modification` and `translations`, from its words."""
    return {
        "reason": reason.english,
        "modification": None if modification is None else modification.english,
        "translations": Words(reason, modification),
    }


def reason_of(finding: Finding) -> Say:
    """A finding's reason as words, to say more after it."""
    said = finding.translations
    if isinstance(said, Words):
        return said.reason
    return Text(finding.reason, {key: text.reason for key, text in said.items()})


def modification_of(finding: Finding) -> Say | None:
    """A finding's modification as words (None when it has none)."""
    said = finding.translations
    if isinstance(said, Words):
        return said.modification
    if finding.modification is None:
        return None
    return Text(
        finding.modification,
        {key: text.modification for key, text in said.items() if text.modification},
    )


TRIGGER = (
    r"^(?:(?P<pregnant>pregnant)(?:, week (?P<week>\d+))?"
    r"|(?P<high>high-risk pregnancy)"
    r"|(?P<care>under a doctor's care)"
    r"|(?P<event>surgery|injury) on (?P<date>[\d-]+)(?: \((?P<region>[\w-]+)\))?)$"
)
"""What in an intake set a rule off, as screening writes it (`Facts.holds`): anything else is
a word of the intake's lists. (A pattern `re` compiles when it is first used: `check`, which
imports this module, words no finding.)"""


def said_trigger(trigger: str, words: Vocabulary, locale: str) -> str:
    """What set a finding off, for readers of `locale`: the screening's phrases in their
    language, and the intake's words by their names (ids in English, as JSON has them)."""
    found = re.match(TRIGGER, trigger)
    if english(locale):
        if found is None or not found["event"]:
            return trigger
        return trigger.replace(found["date"], said_day(found["date"], locale))
    with translating(locale):
        if found is None:
            term = _term(words, trigger)
            return trigger if term is None else term.named(locale)
        if found["pregnant"]:
            week = found["week"]
            return _("pregnant, week %(week)s", week=week) if week else _("pregnant")
        if found["high"]:
            return _("high-risk pregnancy")
        if found["care"]:
            return _("under a doctor's care")
        region = found["region"]
        where = _term(words, region) if region else None
        place = where.named(locale) if where else region
        day = said_day(found["date"], locale)
        if found["event"] == "surgery":
            if place:
                return _("surgery on %(date)s (%(region)s)", date=day, region=place)
            return _("surgery on %(date)s", date=day)
        if place:
            return _("injury on %(date)s (%(region)s)", date=day, region=place)
        return _("injury on %(date)s", date=day)


ISO_DAY = r"\d{4}-\d{2}-\d{2}"


def said_day(iso: str, locale: str) -> str:
    """An ISO date (what JSON says) as readers of `locale` write a day: "Oct 20, 2026",
    "20. Okt. 2026"; as given when it is no date."""
    from babel.dates import format_skeleton

    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return format_skeleton("yMMMd", day, locale=locale)


def said_days(text: str, locale: str) -> str:
    """`text` with every ISO date in it said as readers of `locale` write a day."""
    return re.sub(ISO_DAY, lambda found: said_day(found[0], locale), text)


def _term(words: Vocabulary, ident: str) -> Any:
    for kind in ("conditions", "medications", "allergies", "regions", "properties"):
        term = words.table(kind).get(ident)
        if term is not None:
            return term
    return None


def specialty_notes(catalogue: Catalogue, service: Service, name: str) -> list[str]:
    """What a menu says of a specialty service (`name` as the menu shows it), as screening has
    it, in the active language: that for the clients it is built for any massage is given by a
    therapist with its training, and the doctor's approval its clients need while under a
    doctor's care."""
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
