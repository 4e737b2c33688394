"""Screening compiled once per catalogue: everything that does not depend on the intake.

`compile_screening` merges the plugins' rules (the default pack among them) with the
catalogue's `[screening]`, checks each against the vocabulary, turns triggers into sets and
works out which modalities each rule concerns. `CompiledScreening.indexed` then groups the
catalogue's services into the kinds screening tells apart (one modality, one set of
credentials), finds the specialty work for each population, and lists what a clearance or a
therapist's credential may name: a screening then costs the same for 100 services or 100,000.
"""

from __future__ import annotations

import copy
import typing
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from servicekit.errors import KeyPath, PluginError, Problem, did_you_mean
from servicekit.i18n import N_
from servicekit.model.contributions import Modality
from servicekit.model.screening import (
    NO_CONSTRAINTS,
    Check,
    Constraints,
    Finding,
    Population,
    ScreeningRule,
    ScreeningSettings,
    Trigger,
)
from servicekit.model.vocabulary import Vocabulary
from servicekit.plugins import first_party
from servicekit.screening.vocabulary import vocabulary
from servicekit.screening.wording import Listed, Message, Name, Say, Text, Word, Words

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue, Service
    from servicekit.plugins import Registry

RULE_PACK = "builtin-screening"
"""The built-in plugin that contributes the default rule pack."""

MAX_VALID_DAYS = 36_500
"""The longest a clearance may last without an expiry date: a hundred years."""

DEEP = 4
"""Walton level from which work is deep: a modality reaching it concerns deep-work rules."""

OILS = frozenset({"essential-oil", "nut-oil"})
"""Properties of work or add-ons an allergy question must be answered for."""


# What building compiles for screening is read, field by field, by the screening engine: it is
# told apart by identity (a screening keeps what each rule made) and shown by nothing. So these
# are plain classes, not attrs ones, whose generated methods every process that builds a
# catalogue would compile; each field is set once, when the catalogue is built.


class CompiledRule:
    __slots__ = (
        "addon_properties", "addon_types", "allergies", "concerns", "conditions",
        "everywhere", "finding", "limits", "medications", "modalities", "modality_properties",
        "origin", "particular", "parts", "position", "remove_addon_properties", "rule",
        "single", "words",
    )  # fmt: skip

    rule: ScreeningRule
    origin: str
    """Who the rule comes from: a plugin's name (the pack is "builtin-screening"), or
    "catalogue"."""
    conditions: frozenset[str]
    medications: frozenset[str]
    allergies: frozenset[str]
    modalities: frozenset[str]
    modality_properties: frozenset[str]
    addon_properties: frozenset[str]
    addon_types: frozenset[str]
    remove_addon_properties: frozenset[str]
    words: Words
    """Its reason and modification in words, with their translations: what its findings say
    in every language (`wording.Words`)."""
    finding: Finding
    """Its finding whoever the client: no subject, set off by nothing yet (screening says
    `finding.but(subject=..., triggers=...)`)."""
    single: tuple[int, frozenset[str]] | None
    """For a rule any word of one list sets off (most rules): the list (its place in
    `LISTS`) and the words."""
    concerns: frozenset[str] | None
    """The ids of the modalities whose services it concerns; None for every one."""
    limits: Constraints
    """What it asks whoever the client: pressure caps, positions, a duration cap."""
    parts: tuple[tuple[str, object], ...]
    """Its trigger's keys that are given, each with what it asks: `("conditions",
    frozenset(...))`, `("pregnancy_weeks", WeekRange(...))`, ... in a fixed order."""
    position: int
    """Where it is in `CompiledScreening.rules`."""
    particular: bool
    """Whether it may say something of one service and not another: it is about some work or
    about services, or takes away or concerns add-ons by what they are."""
    everywhere: bool
    """Whether it says the same of every booking: about any work, the session or regions."""

    def __init__(
        self,
        *,
        rule: ScreeningRule,
        origin: str,
        conditions: frozenset[str],
        medications: frozenset[str],
        allergies: frozenset[str],
        modalities: frozenset[str],
        modality_properties: frozenset[str],
        addon_properties: frozenset[str],
        addon_types: frozenset[str],
        remove_addon_properties: frozenset[str],
        words: Words,
        finding: Finding,
        single: tuple[int, frozenset[str]] | None = None,
        concerns: frozenset[str] | None = None,
        limits: Constraints = NO_CONSTRAINTS,
        parts: tuple[tuple[str, object], ...] = (),
        position: int = -1,
        particular: bool = False,
        everywhere: bool = False,
    ) -> None:
        self.rule = rule
        self.origin = origin
        self.conditions = conditions
        self.medications = medications
        self.allergies = allergies
        self.modalities = modalities
        self.modality_properties = modality_properties
        self.addon_properties = addon_properties
        self.addon_types = addon_types
        self.remove_addon_properties = remove_addon_properties
        self.words = words
        self.finding = finding
        self.single = single
        self.concerns = concerns
        self.limits = limits
        self.parts = parts
        self.position = position
        self.particular = particular
        self.everywhere = everywhere


class ServiceGroup:
    """Services screening cannot tell apart for a client without add-ons: one modality and
    one set of credentials. What holds for one holds for all, so it is worked out once."""

    __slots__ = (
        "allergies_matter", "checks", "credentials", "key", "modality", "positions",
        "properties", "rules", "serves", "services", "specialty",
    )  # fmt: skip

    modality: Modality
    properties: frozenset[str]
    """What the work is; every property when the modality does not say."""
    credentials: tuple[str, ...]
    """What a therapist needs for it: the modality's credentials and the services' own."""
    services: tuple[str, ...]
    """Its services' ids, in catalogue order."""
    positions: tuple[int, ...]
    """Where each of them is in the catalogue."""
    serves: frozenset[str]
    """The populations its work is built for."""
    allergies_matter: bool
    """Whether an allergy can change its sessions (its work uses oils, or a rule about an
    allergy concerns it or every session), so that an unanswered allergy question holds it
    up."""
    specialty: bool
    """Whether it is specialty work, so that whether the client is under a doctor's care
    must be answered (`Modality.specialty`)."""
    checks: tuple[int, ...]
    """The positions of the checks its work calls for (`Check.work`)."""
    rules: frozenset[int]
    """The positions of the rules that may say something of its services and not of others:
    rules about its work, about services, or taking away what its work is."""
    key: tuple[str, frozenset[str]]
    """What a check may read of its booking without add-ons, but the service: its modality's
    id and its work (`Situation.MODALITY`, `Situation.WORK`)."""

    def __init__(
        self,
        *,
        modality: Modality,
        properties: frozenset[str],
        credentials: tuple[str, ...],
        services: tuple[str, ...],
        positions: tuple[int, ...],
        serves: frozenset[str],
        allergies_matter: bool = False,
        specialty: bool = False,
        checks: tuple[int, ...] = (),
        rules: frozenset[int] = frozenset(),
        key: tuple[str, frozenset[str]] = ("", frozenset()),
    ) -> None:
        self.modality = modality
        self.properties = properties
        self.credentials = credentials
        self.services = services
        self.positions = positions
        self.serves = serves
        self.allergies_matter = allergies_matter
        self.specialty = specialty
        self.checks = checks
        self.rules = rules
        self.key = key


class SpecialtyWords:
    """What screening says of a specialty service to every other service for the clients it
    is built for: worked out when the catalogue is built."""

    __slots__ = ("given_as", "held_to", "pointer")

    held_to: Message
    """Why another service needs what it needs."""
    pointer: Message
    """That it is the service built for them."""
    given_as: Mapping[tuple[str, ...], Message]
    """What to do, by the credentials it needs that the other service does not."""

    def __init__(
        self, *, held_to: Message, pointer: Message, given_as: Mapping[tuple[str, ...], Message]
    ) -> None:
        self.held_to = held_to
        self.pointer = pointer
        self.given_as = given_as


class CatalogueIndex:
    """What screening needs of one catalogue, worked out when it is built."""

    __slots__ = (
        "addon_properties", "credentials", "group_of", "groups", "incomplete", "scopes",
        "specialty", "specialty_words", "unstated",
    )  # fmt: skip

    groups: tuple[ServiceGroup, ...]
    """In the order of their first service."""
    group_of: Mapping[str, ServiceGroup]
    """By service id."""
    specialty: Mapping[str, tuple[ServiceGroup, ...]]
    """By population: the groups whose work is built for it."""
    scopes: frozenset[str]
    """Everything a clearance may name."""
    credentials: frozenset[str]
    """Every credential a therapist may be said to hold: the catalogue's, and those its
    modalities and rules ask for."""
    incomplete: tuple[str, ...]
    """Why no screening of this catalogue can be complete: first-party checks its services
    rely on, not loaded."""
    addon_properties: Mapping[str, frozenset[str]]
    """What each add-on does, by id; every property for one that states none (fail closed)."""
    unstated: frozenset[str]
    """The add-ons that state no type or properties, so screening assumes the worst."""
    specialty_words: Mapping[tuple[str, str], SpecialtyWords]
    """By population and specialty service (the first of its group)."""

    def __init__(
        self,
        *,
        groups: tuple[ServiceGroup, ...],
        group_of: Mapping[str, ServiceGroup],
        specialty: Mapping[str, tuple[ServiceGroup, ...]],
        scopes: frozenset[str],
        credentials: frozenset[str],
        incomplete: tuple[str, ...],
        addon_properties: Mapping[str, frozenset[str]] = MappingProxyType({}),
        unstated: frozenset[str] = frozenset(),
        specialty_words: Mapping[tuple[str, str], SpecialtyWords] = MappingProxyType({}),
    ) -> None:
        self.groups = groups
        self.group_of = group_of
        self.specialty = specialty
        self.scopes = scopes
        self.credentials = credentials
        self.incomplete = incomplete
        self.addon_properties = addon_properties
        self.unstated = unstated
        self.specialty_words = specialty_words


class CompiledScreening:
    __slots__ = (
        "_by_word", "checks", "clearance_valid_days", "incomplete", "index", "loaded",
        "policies", "rules", "vocabulary",
    )  # fmt: skip

    rules: tuple[CompiledRule, ...]
    checks: tuple[tuple[Check, str], ...]
    """Each plugin check with the plugin that contributed it."""
    clearance_valid_days: int
    policies: Mapping[str, str]
    incomplete: tuple[str, ...]
    """Why no screening can be complete: the rule pack missing, installed plugins left out as
    broken, ids two plugins contribute, a policy the clinic set that no loaded check reads."""
    vocabulary: Vocabulary
    loaded: frozenset[str]
    """The plugins loaded, to tell which first-party checks are missing."""
    index: CatalogueIndex | None
    """The catalogue's services as screening groups them; set by `indexed`."""
    _by_word: Mapping[str, tuple[int, ...]]
    """Rule positions by a word of the intake without which they cannot be set off: a
    condition, medication or allergy, or a fact such as `@pregnant` (`FACTS`)."""

    def __init__(
        self,
        *,
        rules: tuple[CompiledRule, ...],
        checks: tuple[tuple[Check, str], ...],
        clearance_valid_days: int,
        policies: Mapping[str, str],
        incomplete: tuple[str, ...] = (),
        vocabulary: Vocabulary,
        loaded: frozenset[str] = frozenset(),
        index: CatalogueIndex | None = None,
    ) -> None:
        self.rules = rules
        self.checks = checks
        self.clearance_valid_days = clearance_valid_days
        self.policies = policies
        self.incomplete = incomplete
        self.vocabulary = vocabulary
        self.loaded = loaded
        self.index = index
        by_word: dict[str, list[int]] = {}
        for position, compiled in enumerate(rules):
            for word in _gates(compiled):
                by_word.setdefault(word, []).append(position)
        self._by_word = {word: tuple(p) for word, p in by_word.items()}

    def candidates(self, words: frozenset[str]) -> list[CompiledRule]:
        """The rules an intake with these words (its lists' words and its `FACTS`) might set
        off, in rule order.

        Most rules wait for a condition, medication or allergy, or a pregnancy or a surgery,
        that the client rarely has; looking them up by word keeps screening fast whatever the
        size of the pack.
        """
        by_word, rules = self._by_word, self.rules
        positions = set().union(*[by_word[word] for word in words if word in by_word])
        return [rules[position] for position in sorted(positions)]

    def indexed(self, catalogue: Catalogue) -> CompiledScreening:
        """This screening with the catalogue's services grouped for it (`index`)."""
        indexed = copy.copy(self)
        indexed.index = _index(self, catalogue)
        return indexed


LISTS = ("conditions", "medications", "allergies")
"""The intake's lists of words a trigger asks about."""

FACTS = {
    "pregnant": lambda value: "@pregnant" if value else "@not-pregnant",
    "pregnancy_weeks": lambda _: "@pregnant",
    "high_risk_pregnancy": lambda _: "@pregnant",
    "surgery_within_days": lambda _: "@surgery",
    "injury_within_days": lambda _: "@injury",
    "under_physician_care": lambda value: "@care" if value else "@no-care",
}
"""For each trigger key beyond the intake's lists, the fact an intake must have for it to hold:
`@pregnant`, `@surgery` (any surgery on file), `@care` (under a doctor's care), ..."""


def _gates(compiled: CompiledRule) -> frozenset[str]:
    """Words of an intake that can let a rule be set off: the rule is looked up by each, and
    only an intake with one of them needs to be tried against it. A rule that needs all its
    keys is looked up by the words of one of them: its lists' if it has any, else its facts."""
    when = compiled.rule.when
    words = compiled.conditions | compiled.medications | compiled.allergies
    facts = frozenset(
        fact(getattr(when, key)) for key, fact in FACTS.items() if getattr(when, key) is not None
    )
    if when.match == "any":
        return words | facts
    return words or facts


def rule_problems(rule: ScreeningRule, path: KeyPath, words: Vocabulary) -> Iterator[Problem]:
    """What is wrong with a rule whoever wrote it: words the vocabulary does not know (a typo
    would make the rule silently never apply), and triggers that can never hold."""
    when = rule.when
    for key, values, known, what in (
        (("when", "conditions"), when.conditions, words.conditions, "condition"),
        (("when", "medications"), when.medications, words.medications, "medication class"),
        (("when", "allergies"), when.allergies, words.allergies, "allergy"),
        (("regions",), rule.regions, words.regions, "body region"),
        (("modality_properties",), rule.modality_properties, words.properties, "property"),
        (("addon_properties",), rule.addon_properties, words.properties, "property"),
        (("remove_addon_properties",), rule.remove_addon_properties, words.properties, "property"),
    ):
        for index, value in enumerate(values):
            if value not in known:
                yield Problem(
                    (*path, *key, index), f"unknown {what} '{value}'", did_you_mean(value, known)
                )
    if not any(getattr(when, key) not in (None, ()) for key in TRIGGER_KEYS):
        yield Problem((*path, "when"), "says nothing, so the rule would never apply")
    weeks = when.pregnancy_weeks
    if weeks is not None and weeks.min > weeks.max:
        yield Problem((*path, "when", "pregnancy_weeks"), "min is greater than max")
    if rule.scope == "addon" and not (rule.addon_properties or rule.addon_types):
        yield Problem(path, "an add-on rule needs addon_properties or addon_types")


TRIGGER_KEYS = tuple(field.name for field in attrs.fields(Trigger) if field.name != "match")
"""The keys of a trigger that say what sets a rule off."""


def compile_screening(
    registry: Registry,
    settings: ScreeningSettings,
    modalities: Mapping[str, Modality],
    problems: list[Problem],
) -> CompiledScreening:
    """The catalogue's screening, its problems added to `problems` (paths under screening)."""
    merged = {
        ident: (rule, registry.providers[("screening rule", ident)])
        for ident, rule in registry.screening_rules.items()
    }
    for rule, plugin in merged.values():
        unknown = [kind for kind in rule.addon_types if kind not in registry.addon_types]
        if unknown:
            raise PluginError(
                f"plugin '{plugin}' contributed screening rule '{rule.id}' about add-on type "
                f"'{unknown[0]}', which no plugin provides",
                hint="use addon_properties, which every add-on type states",
            )
    for index, rule in enumerate(settings.rules):
        path = ("screening", "rules", index)
        problems.extend(rule_problems(rule, path, registry.vocabulary))
        for position, modality in enumerate(rule.modalities):
            if modality not in modalities:
                problems.append(
                    Problem(
                        (*path, "modalities", position),
                        f"unknown modality '{modality}'",
                        did_you_mean(modality, modalities),
                    )
                )
        for position, kind in enumerate(rule.addon_types):
            if kind not in registry.addon_types:
                problems.append(
                    Problem(
                        (*path, "addon_types", position),
                        f"unknown add-on type '{kind}'",
                        did_you_mean(kind, registry.addon_types),
                    )
                )
        merged[rule.id] = (rule, "catalogue")
    for index, ident in enumerate(settings.disabled):
        if ident not in merged:
            problems.append(
                Problem(
                    ("screening", "disabled", index),
                    f"unknown screening rule '{ident}'",
                    did_you_mean(ident, merged),
                )
            )
        merged.pop(ident, None)
    if not 1 <= settings.clearance_valid_days <= MAX_VALID_DAYS:
        problems.append(
            Problem(
                ("screening", "clearance_valid_days"),
                f"must be from 1 to {MAX_VALID_DAYS:,} days",
                "a year is 365",
            )
        )
    return CompiledScreening(
        rules=tuple(
            _compiled(rule, origin, modalities, position)
            for position, (rule, origin) in enumerate(sorted(merged.values(), key=_by_id))
        ),
        checks=tuple(
            (check, registry.providers[("check", ident)])
            for ident, check in sorted(registry.checks.items())
        ),
        clearance_valid_days=settings.clearance_valid_days,
        policies=MappingProxyType(_policies(registry, settings, problems)),
        incomplete=(
            *_rule_pack(registry),
            *(
                f"plugin '{name}' is broken and was left out, and it may hold screening rules: "
                f"{why}"
                for name, why in sorted(registry.broken.items())
                if name != RULE_PACK
            ),
            *(str(clash) for clash in registry.clashes),
            *(
                f"the clinic sets policy '{name}', which no loaded check reads: the plugin "
                "that applies it is missing"
                for name in settings.policies
                if name not in registry.policies
            ),
        ),
        vocabulary=registry.vocabulary,
        loaded=registry.plugins,
    )


def _rule_pack(registry: Registry) -> Iterator[str]:
    """Why the contraindication rule pack is missing, if it is: no screening concludes
    without it."""
    if RULE_PACK in registry.plugins:
        return
    pack = f"the contraindication rule pack (plugin '{RULE_PACK}')"
    if RULE_PACK in registry.broken:
        why = registry.broken[RULE_PACK]
        yield f"{pack} is broken and was left out: {why}; reinstall servicekit"
    elif RULE_PACK in registry.blocked:
        yield (
            f"{pack} is blocked, so no rule screens this intake: stop blocking it "
            f"(-p no:{RULE_PACK} or SERVICEKIT_DISABLE_PLUGINS)"
        )
    else:
        yield f"{pack} is not loaded, so no rule screens this intake"


def _policies(
    registry: Registry, settings: ScreeningSettings, problems: list[Problem]
) -> dict[str, str]:
    """The clinic's policies with the checks' defaults filled in; a value a check does not
    know is an error, rather than a choice silently not made. (A policy no check declares is
    kept, and warned of when the catalogue is built.)"""
    chosen = {name: policy.default for name, policy in registry.policies.items()}
    for name, value in settings.policies.items():
        policy = registry.policies.get(name)
        if policy is not None and value not in policy.choices:
            problems.append(
                Problem(
                    ("screening", "policies", name),
                    f"'{value}' is not a choice of policy '{name}'",
                    "write one of: " + ", ".join(policy.choices),
                )
            )
        chosen[name] = value
    return chosen


def _by_id(item: tuple[ScreeningRule, str]) -> str:
    return item[0].id


def _compiled(
    rule: ScreeningRule, origin: str, modalities: Mapping[str, Modality], position: int
) -> CompiledRule:
    when = rule.when
    lists_only = all(
        value is None
        for value in (
            when.pregnant, when.pregnancy_weeks, when.high_risk_pregnancy,
            when.surgery_within_days, when.injury_within_days, when.under_physician_care,
        )
    )  # fmt: skip
    parts = tuple(
        (key, value)
        for key, value in (
            ("conditions", frozenset(when.conditions)),
            ("medications", frozenset(when.medications)),
            ("allergies", frozenset(when.allergies)),
            *((key, getattr(when, key)) for key in FACTS),
        )
        if value not in (None, frozenset())
    )
    said = rule.translations
    words = Words(
        Text(rule.reason, {key: t.reason for key, t in said.items() if t.reason}),
        None
        if rule.modification is None
        else Text(
            rule.modification, {key: t.modification for key, t in said.items() if t.modification}
        ),
    )
    limits = (
        Constraints(
            max_pressure=rule.max_pressure if not rule.regions else None,
            region_pressure=(
                dict.fromkeys(rule.regions, rule.max_pressure)
                if rule.max_pressure is not None and rule.regions
                else {}
            ),
            avoid_positions=rule.avoid_positions,
            max_duration=rule.max_duration,
        )
        or NO_CONSTRAINTS
    )
    concerns = (
        frozenset(m.id for m in modalities.values() if _concerns(rule, m))
        if rule.modalities or rule.modality_properties or rule.deep_work or rule.specialty
        else None
    )
    addon_properties = frozenset(rule.addon_properties)
    removes = frozenset(rule.remove_addon_properties)
    return CompiledRule(
        rule=rule,
        origin=origin,
        conditions=frozenset(when.conditions),
        medications=frozenset(when.medications),
        allergies=frozenset(when.allergies),
        modalities=frozenset(rule.modalities),
        modality_properties=frozenset(rule.modality_properties),
        addon_properties=addon_properties,
        addon_types=frozenset(rule.addon_types),
        remove_addon_properties=removes,
        words=words,
        finding=Finding(
            rule=rule.id,
            severity=rule.severity,
            scope=rule.scope,
            reason=rule.reason,
            modification=rule.modification,
            constraints=limits,
            credential=rule.credential,
            sources=rule.sources,
            origin="rule pack" if origin == RULE_PACK else origin,
            translations=words,
        ),
        single=(
            (LISTS.index(parts[0][0]), typing.cast(frozenset[str], parts[0][1]))
            if lists_only and len(parts) == 1
            else None
        ),
        concerns=concerns,
        limits=limits,
        parts=parts,
        particular=bool(
            concerns is not None
            or rule.scope == "service"
            or removes
            or (rule.scope == "addon" and addon_properties)
        ),
        everywhere=concerns is None and rule.scope not in ("addon", "service"),
        position=position,
    )


def _concerns(rule: ScreeningRule, modality: Modality) -> bool:
    """Whether a rule that names the work it is about concerns this modality's services."""
    pressure = modality.pressure
    return (
        modality.id in rule.modalities
        or not properties_of(modality).isdisjoint(rule.modality_properties)
        or (rule.deep_work and (pressure is None or pressure.max >= DEEP))
        or (rule.specialty and modality.specialty)
    )


def properties_of(modality: Modality) -> frozenset[str]:
    """What a modality's work is; every property when it does not say (fail closed)."""
    if modality.properties is None:
        return frozenset(vocabulary().properties)
    return frozenset(modality.properties)


def _index(compiled: CompiledScreening, catalogue: Catalogue) -> CatalogueIndex:
    words = compiled.vocabulary
    everything = frozenset(vocabulary().properties)
    members: dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]] = {}
    for position, service in enumerate(catalogue.services.values()):
        key = (service.modality, catalogue.credentials_for(service))
        members.setdefault(key, []).append((position, service.id))
    groups = []
    for (modality_id, credentials), found in members.items():
        modality = catalogue.modalities[modality_id]
        declared = frozenset(modality.properties or ())
        groups.append(
            ServiceGroup(
                modality=modality,
                properties=properties_of(modality),
                credentials=credentials,
                services=tuple(ident for _, ident in found),
                positions=tuple(position for position, _ in found),
                # Work that does not say what it is is never taken for specialty work: it is
                # held to the specialty services' needs instead (fail closed).
                serves=frozenset(
                    population.id
                    for population in words.populations.values()
                    if declared & set(population.properties)
                    or modality.id in population.modalities
                ),
                allergies_matter=bool(properties_of(modality) & OILS)
                or any(
                    rule.allergies and (rule.everywhere or _particular(rule, modality))
                    for rule in compiled.rules
                ),
                specialty=modality.specialty,
                checks=tuple(
                    position
                    for position, (check, _) in enumerate(compiled.checks)
                    if check.work is None or check.work & properties_of(modality)
                ),
                rules=frozenset(
                    rule.position for rule in compiled.rules if _particular(rule, modality)
                ),
                key=(modality.id, properties_of(modality)),
            )
        )
    groups.sort(key=lambda group: group.positions[0])
    return CatalogueIndex(
        groups=tuple(groups),
        group_of=MappingProxyType({ident: group for group in groups for ident in group.services}),
        specialty=MappingProxyType(
            {
                population: tuple(group for group in groups if population in group.serves)
                for population in words.populations
            }
        ),
        scopes=frozenset(
            {
                "all",
                *catalogue.services,
                *catalogue.modalities,
                *catalogue.addons,
                *catalogue.addon_types,
                *words.conditions,
                *(rule.rule.id for rule in compiled.rules),
                *(check.id for check, _ in compiled.checks),
            }
        ),
        credentials=frozenset(
            {
                *catalogue.credentials,
                *(credential for m in catalogue.modalities.values() for credential in m.requires),
                *(rule.rule.credential for rule in compiled.rules if rule.rule.credential),
            }
        ),
        incomplete=tuple(_relied_on(compiled, catalogue, groups)),
        addon_properties=MappingProxyType(
            {
                ident: everything if (said := catalogue.addon_properties(addon)) is None else said
                for ident, addon in catalogue.addons.items()
            }
        ),
        unstated=frozenset(
            ident
            for ident, addon in catalogue.addons.items()
            if catalogue.addon_properties(addon) is None
        ),
        specialty_words=MappingProxyType(
            {
                (population.id, group.services[0]): _specialty_words(
                    catalogue, population, group, groups
                )
                for population in words.populations.values()
                for group in groups
                if population.id in group.serves
            }
        ),
    )


def _specialty_words(
    catalogue: Catalogue, population: Population, group: ServiceGroup, groups: list[ServiceGroup]
) -> SpecialtyWords:
    specialty = catalogue.services[group.services[0]]
    own = catalogue.clinic.locale
    name, who = Name(specialty, own), Word(population, population.name)
    lacking = {
        tuple(c for c in group.credentials if c not in other.credentials) for other in groups
    }
    return SpecialtyWords(
        held_to=Message(
            N_(
                "(%(service)s is the service for %(population)s: any other service for this "
                "client needs what it needs.)"
            ),
            service=name,
            population=who,
        ),
        pointer=Message(
            N_(
                "%(service)s (%(id)s) is the service built for %(population)s, which "
                "applies to this client."
            ),
            service=name,
            id=specialty.id,
            population=who,
        ),
        given_as=MappingProxyType(
            {missing: given_as(catalogue, specialty, name, missing) for missing in lacking}
        ),
    )


def given_as(
    catalogue: Catalogue, specialty: Service, name: Name, credentials: tuple[str, ...]
) -> Message:
    """Book the specialty service, or give this one as it is given, with its training."""
    if not credentials:
        return Message(
            N_(
                "Suggest %(service)s (%(id)s); if the client prefers this service, give it "
                "as %(service)s is given."
            ),
            service=name,
            id=specialty.id,
        )
    return Message(
        N_(
            "Suggest %(service)s (%(id)s); if the client prefers this service, give it as "
            "%(service)s is given, by a therapist who holds %(credentials)s."
        ),
        service=name,
        id=specialty.id,
        credentials=Listed(
            (credential_named(catalogue, credential) for credential in credentials),
            " and ",
            "and",
        ),
    )


def credential_named(catalogue: Catalogue, credential: str) -> Say | str:
    """A credential by its name in the catalogue, or its id when it has none."""
    known = catalogue.credentials.get(credential)
    return credential if known is None else Name(known, catalogue.clinic.locale)


def _particular(compiled: CompiledRule, modality: Modality) -> bool:
    """Whether a rule may say something of this modality's services that it does not say of
    every service: it is about their work, about services, or takes away what they are."""
    concerns, rule, own = compiled.concerns, compiled.rule, properties_of(modality)
    if concerns is not None:
        return modality.id in concerns
    return (
        rule.scope == "service"
        or bool(own & compiled.remove_addon_properties)
        or (rule.scope == "addon" and bool(own & compiled.addon_properties))
    )


def _relied_on(
    compiled: CompiledScreening, catalogue: Catalogue, groups: list[ServiceGroup]
) -> Iterator[str]:
    """First-party checks the catalogue's services rely on that are not loaded: its own
    lymphatic drainage without servicekit-lymphatic, say."""
    missing: dict[str, list[str]] = {}
    for group in groups:
        for work, plugin in first_party.SCREENED_WORK.items():
            if work in group.properties and plugin not in compiled.loaded:
                missing.setdefault(plugin, []).append(group.services[0])
    for plugin, services in missing.items():
        work = " or ".join(w for w, p in first_party.SCREENED_WORK.items() if p == plugin)
        named = ", ".join(f"'{ident}'" for ident in services[:3])
        more = f" and {len(services) - 3} more" if len(services) > 3 else ""
        yield (
            f"service {named}{more} is {work} work, which the checks of "
            f"{first_party.PACKAGES[plugin]} screen, and it is not loaded "
            f"({first_party.install_hint(plugin)})"
        )


__all__ = [
    "CatalogueIndex",
    "CompiledRule",
    "CompiledScreening",
    "ServiceGroup",
    "compile_screening",
    "properties_of",
    "rule_problems",
]
