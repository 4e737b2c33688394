"""The words an intake may use, and how a word is read: the `Vocabulary` servicekit's own
words (screening/vocabulary.toml) and those plugins add with `servicekit_vocabulary()` make.

An intake may write a term's id or any of its synonyms, in any case and with spaces for dashes
("Blood Thinners" is "blood-thinners"); a synonym is recorded as the id. A word that means
several terms, or that belongs in another part of the intake ("pregnant" among the
conditions), is refused with a hint naming each meaning where it goes, and every hint names
only words that are accepted where it says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from servicekit.model.screening import LISTS, Population, Synonym, Term, WordKind
from servicekit.model.shown import Shown

KINDS = ("conditions", "medications", "allergies", "regions", "properties")
"""The vocabulary's tables, as `servicekit conditions` lists them."""

KIND_OF_TABLE: Mapping[str, WordKind] = MappingProxyType(
    {
        "conditions": "condition",
        "medications": "medication",
        "allergies": "allergy",
        "regions": "region",
        "properties": "property",
    }
)
WHAT: Mapping[str, str] = MappingProxyType(
    {
        "conditions": "condition",
        "medications": "medication",
        "allergies": "allergy",
        "regions": "body region",
        "properties": "property",
    }
)
"""What a word of each intake list is, as a client writes it."""
WHAT_AN_ID_IS: Mapping[str, str] = MappingProxyType({**WHAT, "medications": "medication class"})
"""What an id of each list names: a medication's id is its class ("warfarin" is an
"anticoagulant")."""
TABLES: Mapping[str, str] = MappingProxyType(
    {
        "pregnancy": "a part of the intake of its own: pregnancy, with due_date or weeks, "
        "and high_risk",
        "surgeries": "a list of its own: surgeries, each with its date and region",
        "injuries": "a list of its own: injuries, each with its date and region",
    }
)
"""Parts of the intake that are not lists of words, for words that belong there."""
TABLE_OF_KIND: Mapping[str, str] = MappingProxyType({v: k for k, v in KIND_OF_TABLE.items()})

CONTRIBUTED: Mapping[str, str] = MappingProxyType(
    {"condition": "health condition", "medication": "medication", "allergy": "allergy"}
)
"""The kind of contribution a term of each kind is, as `servicekit plugins` and clashes name
it: a health condition, apart from the conditions pricing rules state (`servicekit_conditions`).
"""

SERVICEKIT = "servicekit"
"""Who contributed servicekit's own words."""

_SEPARATORS = re.compile(r"[\s_]+")


def normalized(word: str) -> str:
    """How a word is looked up: lower case, spaces and underscores as dashes."""
    return _SEPARATORS.sub("-", word.strip().lower())


@attrs.frozen(repr=False)
class Meaning(Shown):
    """What a word stands for: a term of one of the intake's lists (`table` "conditions",
    `id` "dvt"), or another part of the intake (`table` "pregnancy", no id)."""

    table: str
    id: str | None = None


class Unreadable:
    """Why a word cannot be read where it was written, and what to write instead.

    A plain class, as `Extension`: what reads one reads its message and hint, and an attrs
    class compiles its methods at every start-up."""

    __slots__ = ("hint", "message")

    def __init__(self, message: str, hint: str) -> None:
        self.message = message
        self.hint = hint


@attrs.frozen(eq=False, repr=False)
class Vocabulary(Shown):
    """Every word an intake may use, by table, and the populations specialty work is for.

    `origins` says who contributed each term, `(table, id)` → "servicekit" or a plugin's name.
    Build one with `Vocabulary.of(...)`; catalogues carry theirs (`catalogue.vocabulary`).
    """

    conditions: Mapping[str, Term]
    medications: Mapping[str, Term]
    allergies: Mapping[str, Term]
    regions: Mapping[str, Term]
    properties: Mapping[str, Term]
    """What modalities and add-ons do that rules refer to: heat, suction, ..."""
    populations: Mapping[str, Population]
    origins: Mapping[tuple[str, str], str]
    meanings: Mapping[str, tuple[Meaning, ...]] = attrs.field(repr=False)
    """Every word an intake may write (ids, synonyms, words that belong elsewhere),
    normalized, with what it means."""
    spellings: Mapping[str, str] = attrs.field(repr=False)
    """How each normalized word is written in the vocabulary, for hints."""
    sources: Mapping[str, tuple[str, ...]] = attrs.field(repr=False)
    """The sources behind each word that is not an id (a synonym, a word with several
    meanings), by normalized word."""
    accepted: Mapping[str, tuple[str, ...]] = attrs.field(repr=False)
    """By table, every normalized word that reads as exactly one of its terms."""
    elsewhere: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, repr=False)
    """Words with meanings in several tables, or in other parts of the intake, as given."""
    base: Vocabulary | None = attrs.field(default=None, repr=False)
    """The vocabulary this one extends (servicekit's own, for one with plugins' words): an
    intake read with the base reads the same with this one."""

    @classmethod
    def of(
        cls,
        terms: Iterable[Term],
        synonyms: Iterable[Synonym] = (),
        populations: Iterable[Population] = (),
        *,
        elsewhere: Mapping[str, Sequence[str]] = MappingProxyType({}),
        origins: Mapping[tuple[str, str], str] = MappingProxyType({}),
        base: Vocabulary | None = None,
    ) -> Vocabulary:
        """A vocabulary of `terms`, the `synonyms` that name them, and `elsewhere`: words
        with meanings in other tables (`"cancer": ["conditions.cancer-history", ...]`) or
        other parts of the intake (`"pregnant": ["pregnancy"]`)."""
        tables: dict[str, dict[str, Term]] = {table: {} for table in KINDS}
        meanings: dict[str, list[Meaning]] = {}
        spellings: dict[str, str] = {}
        sources: dict[str, tuple[str, ...]] = {}

        def mean(word: str, meaning: Meaning, cited: tuple[str, ...] = ()) -> None:
            key = normalized(word)
            spellings.setdefault(key, word)
            found = meanings.setdefault(key, [])
            if meaning not in found:
                found.append(meaning)
            if cited:
                sources[key] = tuple(dict.fromkeys((*sources.get(key, ()), *cited)))

        for term in terms:
            table = TABLE_OF_KIND[term.kind]
            tables[table][term.id] = term
            mean(term.id, Meaning(table, term.id))
            for word in term.synonyms:
                mean(word, Meaning(table, term.id), term.sources)
        for synonym in synonyms:
            for ident in synonym.means:
                mean(synonym.word, Meaning(LISTS[synonym.kind], ident), synonym.sources)
        for word, places in elsewhere.items():
            for place in places:
                table, _, named = place.partition(".")
                mean(word, Meaning(table, named or None))
        unique: dict[str, list[str]] = {table: [] for table in KINDS}
        for word, found in meanings.items():
            for table in {meaning.table for meaning in found if meaning.id}:
                if sum(1 for meaning in found if meaning.table == table and meaning.id) == 1:
                    unique[table].append(word)
        return cls(
            **{table: MappingProxyType(found) for table, found in tables.items()},
            populations=MappingProxyType({p.id: p for p in populations}),
            origins=MappingProxyType(dict(origins)),
            meanings=MappingProxyType({key: tuple(found) for key, found in meanings.items()}),
            spellings=MappingProxyType(spellings),
            sources=MappingProxyType(sources),
            accepted=MappingProxyType({table: tuple(words) for table, words in unique.items()}),
            elsewhere=MappingProxyType(
                {word: tuple(places) for word, places in elsewhere.items()}
            ),
            base=base,
        )

    def extended(self, offers: Sequence[tuple[str, Term | Synonym | Population]]) -> Extension:
        """This vocabulary with the words plugins offer, each `(plugin, record)`.

        A term, word or population two contribute (this vocabulary among them, as
        "servicekit") is left out of the result and listed in its `clashes`: nothing is chosen
        by the order plugins load in. A synonym for a term nobody has, or a population of
        conditions nobody has, is `dangling`."""
        if not offers:
            # Nothing to add (no plugin has words, as with the first-party ones): the same
            # words, extending this vocabulary, without indexing every word again.
            return Extension(attrs.evolve(self, base=self), (), MappingProxyType({}), ())
        kinds = {table: CONTRIBUTED[kind] for kind, table in LISTS.items()}
        terms: dict[tuple[str, str], list[tuple[str, Any]]] = {
            (table, ident): [(SERVICEKIT, term)]
            for table in LISTS.values()
            for ident, term in self.table(table).items()
        }
        words: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        for word, meanings in self.meanings.items():
            for table in {meaning.table for meaning in meanings} & set(kinds):
                words[(table, word)] = [(SERVICEKIT, None)]
        populations: dict[str, list[tuple[str, Any]]] = {
            ident: [(SERVICEKIT, population)] for ident, population in self.populations.items()
        }
        for plugin, item in offers:
            if isinstance(item, Population):
                populations.setdefault(item.id, []).append((plugin, item))
                continue
            table = LISTS[item.kind]
            spelt = [item.id, *item.synonyms] if isinstance(item, Term) else [item.word]
            if isinstance(item, Term):
                terms.setdefault((table, item.id), []).append((plugin, item))
            for word in dict.fromkeys(map(normalized, spelt)):
                words.setdefault((table, word), []).append((plugin, item))
        clashes: list[tuple[str, str, tuple[str, ...]]] = []
        dropped: set[int] = set()

        def clash(kind: str, ident: str, offered: list[tuple[str, Any]]) -> bool:
            if len(offered) < 2:
                return False
            clashes.append((kind, ident, tuple(sorted({plugin for plugin, _ in offered}))))
            dropped.update(id(item) for plugin, item in offered if plugin != SERVICEKIT)
            return True

        for (table, ident), offered in terms.items():
            clash(kinds[table], ident, offered)
        for (table, word), offered in words.items():
            if len(terms.get((table, word), ())) < 2:  # a clashing id is reported once
                clash(f"{kinds[table]} word", word, offered)
        for ident, offered in populations.items():
            clash("population", ident, offered)
        kept = [(plugin, item) for plugin, item in offers if id(item) not in dropped]
        providers: dict[tuple[str, str], str] = {}
        for plugin, item in kept:
            if isinstance(item, Term):
                providers[(CONTRIBUTED[item.kind], item.id)] = plugin
            elif isinstance(item, Synonym):
                providers[("synonym", f"{LISTS[item.kind]}:{normalized(item.word)}")] = plugin
            else:
                providers[("population", item.id)] = plugin
        added = [item for _, item in kept]
        origins = dict(self.origins)
        for plugin, item in kept:
            if isinstance(item, Term):
                origins[(LISTS[item.kind], item.id)] = plugin
            elif isinstance(item, Population):
                origins[("populations", item.id)] = plugin
        merged = Vocabulary.of(
            [*(t for table in KINDS for t in self.table(table).values()),
             *(t for t in added if isinstance(t, Term))],
            [item for item in added if isinstance(item, Synonym)],
            [*self.populations.values(), *(p for p in added if isinstance(p, Population))],
            elsewhere=self.elsewhere,
            origins=origins,
            base=self,
        )  # fmt: skip
        return Extension(merged, tuple(clashes), providers, tuple(_dangling(kept, merged)))

    def table(self, name: str) -> Mapping[str, Term]:
        """The terms of one table: "conditions", "medications", "allergies", "regions" or
        "properties"."""
        found: Mapping[str, Term] = getattr(self, name)
        return found

    def read(self, table: str, word: str) -> str | Unreadable:
        """The id `word` stands for in `table` (an intake list: "conditions", "medications",
        "allergies" or "regions"), or why it cannot be read there and what to write."""
        key = normalized(word)
        meanings = self.meanings.get(key, ())
        here = [meaning.id for meaning in meanings if meaning.table == table and meaning.id]
        if len(here) == 1:
            return here[0]
        what = WHAT[table]
        if here:
            choices = " or ".join(f"'{ident}' ({self.table(table)[ident].name})" for ident in here)
            return Unreadable(
                f"'{word}' can mean more than one {WHAT_AN_ID_IS[table]}: {choices}",
                "write the one that applies",
            )
        if meanings:
            return Unreadable(f"'{word}' is not {_a(what)}", self._where(meanings, word))
        return Unreadable(f"unknown {what} '{word}'", self.suggestion(table, key))

    def _where(self, meanings: Sequence[Meaning], word: str) -> str:
        """Where the meanings of `word` go, in words: as written, where it means one thing
        ("warfarin" is a medication), else by the ids it may mean ("blood thinners" is a
        medication class: an anticoagulant or an antiplatelet)."""
        by_table: dict[str, list[str]] = {}
        for meaning in meanings:
            by_table.setdefault(meaning.table, []).append(meaning.id or "")
        parts = []
        for table, idents in by_table.items():
            if table in TABLES:
                parts.append(f"{table} is {TABLES[table]}")
            elif len(idents) == 1 and normalized(word) in self.accepted.get(table, ()):
                parts.append(f'it is {_a(WHAT[table])}: list "{word}" under {table}')
            else:
                written = " or ".join(f'"{ident}"' for ident in idents)
                parts.append(f"it is {_a(WHAT_AN_ID_IS[table])}: list {written} under {table}")
        return "; or ".join(parts)

    def suggestion(self, table: str, key: str) -> str:
        """A hint for an unknown word: the closest word accepted in `table`, or in another
        list with where it goes, or where to find every word."""
        import difflib  # only a mistake needs it: imported when one is made

        accepted = self.accepted.get(table, ())
        close = difflib.get_close_matches(key, accepted, n=1, cutoff=0.75)
        if close:
            return f"did you mean '{self.spellings[close[0]]}'?"
        elsewhere = [word for word in self.meanings if word not in accepted]
        close = difflib.get_close_matches(key, elsewhere, n=1, cutoff=0.8)
        if close:
            meanings = self.meanings[close[0]]
            spelling = self.spellings[close[0]]
            return f"did you mean '{spelling}'? {self._where(meanings, spelling)}"
        close = difflib.get_close_matches(key, accepted, n=1, cutoff=0.6)
        if close:
            return f"did you mean '{self.spellings[close[0]]}'?"
        return "`servicekit conditions` lists every word an intake may use"

    def spelled(self, table: str) -> list[str]:
        """Every word accepted in `table`, as the vocabulary spells it: the ids, then the
        synonyms."""
        ids = list(self.table(table))
        return ids + sorted(
            self.spellings[word] for word in self.accepted.get(table, ()) if word not in ids
        )

    def synonyms_of(self, table: str, ident: str) -> tuple[str, ...]:
        """The words besides its id that an intake may write for a term, as spelled."""
        return tuple(
            self.spellings[word]
            for word, meanings in self.meanings.items()
            if word != ident and meanings == (Meaning(table, ident),)
        )

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        """What `servicekit conditions --format json` prints."""
        listed: dict[str, list[dict[str, Any]]] = {}
        for table in KINDS:
            listed[table] = [
                {
                    **term.to_dict(),
                    "synonyms": list(self.synonyms_of(table, term.id)),
                    "from": self.origins.get((table, term.id), SERVICEKIT),
                }
                for term in self.table(table).values()
            ]
        listed["populations"] = [
            {
                **attrs.asdict(population, filter=_english),
                "from": self.origins.get(("populations", ident)),
            }
            for ident, population in self.populations.items()
        ]
        return listed


def _english(field: attrs.Attribute[Any], _: Any) -> bool:
    """A field of the vocabulary's JSON: its words in other languages are for people."""
    return field.name != "translations"


class Extension:
    """A vocabulary with plugins' words, and what could not go in: what collecting plugins
    reads, field by field (a plain class: an attrs class compiles its methods at every
    start-up, for an equality and a repr nothing uses)."""

    __slots__ = ("clashes", "dangling", "providers", "vocabulary")

    def __init__(
        self,
        vocabulary: Vocabulary,
        clashes: tuple[tuple[str, str, tuple[str, ...]], ...],
        providers: Mapping[tuple[str, str], str],
        dangling: tuple[tuple[str, str, str], ...],
    ) -> None:
        self.vocabulary = vocabulary
        self.clashes = clashes
        """Each `(kind, id or word, contributors)` two contributed."""
        self.providers = providers
        """Who contributed each term ("health condition", id), synonym ("synonym",
        "table:word") and population ("population", id)."""
        self.dangling = dangling
        """`(plugin, what it contributed, hint)` for a record naming a term nobody has."""


def _dangling(
    kept: Sequence[tuple[str, Term | Synonym | Population]], merged: Vocabulary
) -> Iterable[tuple[str, str, str]]:
    for plugin, item in kept:
        if isinstance(item, Synonym):
            table = LISTS[item.kind]
            for ident in item.means:
                if ident not in merged.table(table):
                    yield (
                        plugin,
                        f"synonym '{item.word}' for {item.kind} '{ident}', which neither "
                        "servicekit nor a plugin has",
                        suggestion_hint(merged, table, ident),
                    )
        elif isinstance(item, Population):
            for condition in item.conditions:
                if condition not in merged.conditions:
                    yield (
                        plugin,
                        f"population '{item.id}' of condition '{condition}', which neither "
                        "servicekit nor a plugin has",
                        suggestion_hint(merged, "conditions", condition),
                    )


def suggestion_hint(words: Vocabulary, table: str, ident: str) -> str:
    return words.suggestion(table, normalized(ident))


def _a(what: str) -> str:
    """`what` with its article: "a condition", "an allergy"."""
    return f"an {what}" if what[0] in "aeiou" else f"a {what}"
