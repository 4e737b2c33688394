"""Screening rules merged and compiled once per catalogue: the plugins' rules (the default pack
among them), replaced or disabled by the catalogue's `[screening]`, each checked against the
vocabulary, with its trigger turned into sets.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from servicekit.errors import KeyPath, PluginError, Problem, did_you_mean
from servicekit.model.screening import Check, ScreeningRule, ScreeningSettings, Trigger
from servicekit.screening.vocabulary import vocabulary


@attrs.frozen
class CompiledRule:
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
    lists_only: bool = False
    """Whether only the intake's conditions, medications and allergies can set it off (most
    rules): screening then checks it with set operations alone."""


@attrs.frozen
class CompiledScreening:
    rules: tuple[CompiledRule, ...]
    checks: tuple[tuple[Check, str], ...]
    """Each plugin check with the plugin that contributed it."""
    clearance_valid_days: int
    policies: Mapping[str, str]
    incomplete: tuple[str, ...] = ()
    """Why no screening can be complete: installed plugins left out as broken, a policy the
    clinic set that no loaded check reads (the check that would apply it is missing)."""
    _by_word: Mapping[str, tuple[int, ...]] = attrs.field(init=False, eq=False, repr=False)
    """Rule positions by a condition, medication or allergy that can set them off."""
    _always: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)
    """Positions of the rules that something besides those words can set off."""

    def __attrs_post_init__(self) -> None:
        by_word: dict[str, list[int]] = {}
        always = []
        for position, compiled in enumerate(self.rules):
            words = compiled.conditions | compiled.medications | compiled.allergies
            for word in words:
                by_word.setdefault(word, []).append(position)
            if not words or not compiled.lists_only:
                always.append(position)
        object.__setattr__(self, "_by_word", {word: tuple(p) for word, p in by_word.items()})
        object.__setattr__(self, "_always", tuple(always))

    def candidates(self, words: frozenset[str]) -> list[CompiledRule]:
        """The rules an intake with these words might set off, in rule order.

        Most rules wait for a condition, medication or allergy the client rarely has; looking
        them up by word keeps screening fast whatever the size of the pack.
        """
        positions = set(self._always)
        for word in words:
            positions.update(self._by_word.get(word, ()))
        return [self.rules[position] for position in sorted(positions)]


def rule_problems(rule: ScreeningRule, path: KeyPath) -> Iterator[Problem]:
    """What is wrong with a rule whoever wrote it: words the vocabulary does not know (a typo
    would make the rule silently never apply), and triggers that can never hold."""
    words = vocabulary()
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
    registry: Any,
    settings: ScreeningSettings,
    modalities: Mapping[str, Any],
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
        problems.extend(rule_problems(rule, path))
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
    if settings.clearance_valid_days < 1:
        problems.append(Problem(("screening", "clearance_valid_days"), "must be 1 or more days"))
    return CompiledScreening(
        rules=tuple(
            _compiled(rule, origin) for rule, origin in sorted(merged.values(), key=_by_id)
        ),
        checks=tuple(
            (check, registry.providers[("check", ident)])
            for ident, check in sorted(registry.checks.items())
        ),
        clearance_valid_days=settings.clearance_valid_days,
        policies=_policies(registry, settings, problems),
        incomplete=(
            *(
                f"plugin '{name}' is broken and was left out, and it may hold screening rules: "
                f"{why}"
                for name, why in sorted(registry.broken.items())
            ),
            *(
                f"the clinic sets policy '{name}', which no loaded check reads: the plugin "
                "that applies it is missing"
                for name in settings.policies
                if name not in registry.policies
            ),
        ),
    )


def _policies(
    registry: Any, settings: ScreeningSettings, problems: list[Problem]
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


def _compiled(rule: ScreeningRule, origin: str) -> CompiledRule:
    when = rule.when
    lists_only = all(
        value is None
        for value in (
            when.pregnant, when.pregnancy_weeks, when.high_risk_pregnancy,
            when.surgery_within_days, when.injury_within_days, when.under_physician_care,
        )
    )  # fmt: skip
    return CompiledRule(
        lists_only=lists_only,
        rule=rule,
        origin=origin,
        conditions=frozenset(rule.when.conditions),
        medications=frozenset(rule.when.medications),
        allergies=frozenset(rule.when.allergies),
        modalities=frozenset(rule.modalities),
        modality_properties=frozenset(rule.modality_properties),
        addon_properties=frozenset(rule.addon_properties),
        addon_types=frozenset(rule.addon_types),
        remove_addon_properties=frozenset(rule.remove_addon_properties),
    )
