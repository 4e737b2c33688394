"""Checks that need the whole catalogue: references between entries, and invariants.

References are checked against every id the file declares (`ids`), so an entry that failed to
read is not reported again wherever it is named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from servicekit.errors import KeyPath, PluginError, Problem, did_you_mean, repeated
from servicekit.model.catalogue import AddOn, Clinic, RuleSpec, Service, Tax
from servicekit.model.contributions import Modality, RuleType
from servicekit.plugins import Registry, first_party
from servicekit.pricing import contract
from servicekit.pricing.mistakes import ServicesNamed

CATALOGUE = "catalogue"
"""The provider name of what a catalogue defines itself."""

TARGETS = ("services", "addons")
"""Targets that need no id; the others are "service:ID", "addon:ID" and "category:ID"."""

SELECTORS = {"service": "services", "addon": "addons", "category": "categories"}
"""What a target may name by id, and the section it names."""
SLOTS = ("services",)
SLOT_SELECTORS = {"service": "services", "category": "categories", "modality": "modalities"}
"""What a bundle's item may be: any service, or one named, or one of a category or modality."""


class References:
    def __init__(
        self,
        registry: Registry,
        ids: Mapping[str, frozenset[str]],
        clinic: Clinic | None,
        problems: list[Problem],
        services: Mapping[str, Service],
    ) -> None:
        """`services` are the services read: what rules name is checked against them."""
        self.registry = registry
        self.ids = ids
        self.clinic = clinic
        self.problems = problems
        self.rule_ids: dict[str, int] = {}
        self.known_modalities: Mapping[str, Modality] = registry.modalities
        """Every modality a service may have: the plugins' and the catalogue's own."""
        self.services_named = ServicesNamed(services)

    def problem(self, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(path, message, hint))

    def unknown(self, path: KeyPath, kind: str, ident: str, hint: str) -> None:
        """An id no plugin provides; or two do, and neither is used."""
        clash = self.registry.clash(kind, ident)
        if clash is not None:
            self.problem(path, clash.message, clash.hint)
        else:
            self.problem(path, f"unknown {kind.replace('addon', 'add-on')} '{ident}'", hint)

    def reference(self, path: KeyPath, ident: str, section: str, kind: str) -> None:
        if section == "modalities":
            self.modality(path, ident)
            return
        known = self.ids[section]
        if ident not in known and not _declared_in_capitals(ident, known):
            hint = did_you_mean(ident, known) if known else f"the catalogue declares no {kind}s"
            self.problem(path, f"unknown {kind} '{ident}'", hint)

    def references(self, path: KeyPath, idents: Iterable[str], section: str, kind: str) -> None:
        self.distinct(path, idents)
        first: dict[str, int] = {}  # each unknown id is reported once, where it first appears
        for index, ident in enumerate(idents):
            first.setdefault(ident, index)
        for ident, index in first.items():
            self.reference((*path, index), ident, section, kind)

    def distinct(self, path: KeyPath, values: Iterable[Any]) -> None:
        for index, message, hint in repeated(values):
            self.problem((*path, index), message, hint)

    def modalities(self, own: Mapping[str, Modality]) -> dict[str, Modality]:
        merged = dict(self.registry.modalities)
        for ident, modality in own.items():
            path = ("modalities", ident)
            if ident in merged:
                plugin = self.registry.providers[("modality", ident)]
                self.problem(
                    path,
                    f"modality '{ident}' is already provided by plugin '{plugin}'",
                    "use that one, or give yours another id",
                )
                continue
            if modality.pressure and modality.pressure.min > modality.pressure.max:
                self.problem((*path, "pressure"), "min is greater than max")
            self.distinct((*path, "benefits"), modality.benefits)
            self.references((*path, "requires"), modality.requires, "credentials", "credential")
            self.properties((*path, "properties"), modality.properties)
            merged[ident] = modality
        self.known_modalities = merged
        return merged

    def modality(self, path: KeyPath, ident: str) -> Modality | None:
        """The modality `ident`, from a plugin or the catalogue; None when there is none (a
        problem, unless the catalogue declares it and it failed to read)."""
        modality = self.known_modalities.get(ident)
        if modality is None and ident not in self.ids["modalities"]:
            known = [*self.known_modalities, *self.ids["modalities"]]
            hint = _plugin_hint(ident, known, "[modalities]", self.registry.broken)
            self.unknown(path, "modality", ident, hint)
        return modality

    def service(self, service: Service) -> None:
        path = ("services", service.id)
        self.reference((*path, "category"), service.category, "categories", "category")
        modality = self.modality((*path, "modality"), service.modality)
        if modality is not None and service.modality not in self.ids["modalities"]:
            for credential in modality.requires:
                if credential not in self.ids["credentials"]:
                    self.problem(
                        (*path, "modality"),
                        f"modality '{modality.id}' requires credential '{credential}', "
                        "which the catalogue does not declare",
                        f"add a [credentials.{credential}] table with its name",
                    )
        if not service.variations:
            self.problem((*path, "variations"), "a service needs at least one variation")
        first: dict[int, int] = {}
        for index, variation in enumerate(service.variations):
            earlier = first.setdefault(variation.duration, index)
            if earlier != index:
                self.problem(
                    (*path, "variations", index, "duration"),
                    f"duration {variation.duration} is already offered by variations[{earlier}]",
                    "give each variation of a service a different duration",
                )
        self.references((*path, "addons"), service.addons, "addons", "add-on")
        self.references((*path, "requires"), service.requires, "credentials", "credential")
        self.references((*path, "locations"), service.locations, "locations", "location")

    def properties(self, path: KeyPath, properties: tuple[str, ...] | None) -> None:
        """Properties are the vocabulary's words: a typo would hide the thing from screening."""
        from servicekit.screening.vocabulary import vocabulary

        known = vocabulary().properties
        self.distinct(path, properties or ())
        for index, word in enumerate(properties or ()):
            if word not in known:
                self.problem(
                    (*path, index), f"unknown property '{word}'", did_you_mean(word, known)
                )

    def addon(self, addon: AddOn) -> AddOn:
        types = self.registry.addon_types
        self.properties(("addons", addon.id, "properties"), addon.properties)
        if addon.type is None:
            return attrs.evolve(addon, type=addon.id) if addon.id in types else addon
        if addon.type not in types:
            self.unknown(
                ("addons", addon.id, "type"),
                "addon type",
                addon.type,
                _plugin_hint(addon.type, types, None),
            )
        return addon

    def tax(self, tax: Tax) -> None:
        path = ("taxes", tax.id)
        self.targets((*path, "applies_to"), tax.applies_to)
        self.references((*path, "locations"), tax.locations, "locations", "location")
        self.distinct((*path, "exempt_tags"), tax.exempt_tags)
        if tax.inclusive and tax.exempt_tags:
            self.problem(
                (*path, "exempt_tags"),
                "a tax included in prices cannot exempt anyone: the price stays the same",
                "make the tax added (inclusive = false), or leave out exempt_tags",
            )

    def targets(self, path: KeyPath, selectors: tuple[str, ...]) -> None:
        """A rule's or tax's `applies_to`: selectors such as "services" or
        "category:relaxation", each once, naming what exists."""
        if not selectors:
            self.problem(path, "is empty, so this applies to nothing", 'e.g. ["services"]')
        self.distinct(path, selectors)
        for index, selector in enumerate(selectors):
            self.selector((*path, index), selector)

    def selector(
        self,
        path: KeyPath,
        selector: str,
        whole: tuple[str, ...] = TARGETS,
        kinds: Mapping[str, str] = SELECTORS,
    ) -> None:
        """A selector names what exists: one of `whole`, or "<kind>:ID" of one of `kinds`
        (by default what `applies_to` may name; a bundle's items may name other kinds)."""
        kind, _, ident = selector.partition(":")
        if selector in whole:
            return
        if kind not in kinds or not ident:
            forms = [f'"{form}"' for form in (*whole, *(f"{kind}:ID" for kind in kinds))]
            said = f"{', '.join(forms[:-1])} or {forms[-1]}"
            self.problem(path, f"'{selector}' is not a target", f"use {said}")
            return
        self.reference(path, ident, kinds[kind], kind.replace("addon", "add-on"))

    def slots(self, index: int, params: Any) -> None:
        """A bundle's items: each named as `applies_to` names what it applies to, and found
        at the key that holds it (the built-in bundle's `items`, or a plugin's own keys)."""
        slots = params.slots
        if not _texts(slots):
            return  # not what the contract allows: compiling the rule names the plugin
        held = _key_holding(params, slots)
        for position, slot in enumerate(slots):
            where: KeyPath = (*held, position) if held else _key_holding(params, slot)
            self.selector(("rules", index, *where), slot, SLOTS, SLOT_SELECTORS)

    def rule(self, index: int, spec: RuleSpec) -> RuleType | None:
        """Check what every rule has; return its type, or None if the type is unknown."""
        path = ("rules", index)
        earlier = self.rule_ids.setdefault(spec.id, index)
        if earlier != index:
            self.problem(
                (*path, "id"),
                f"rule id '{spec.id}' is already used by rules[{earlier}]",
                "give every rule its own id",
            )
        self.targets((*path, "applies_to"), spec.applies_to)
        rule_type = self.registry.rule_types.get(spec.type)
        if rule_type is None:
            self.unknown(
                (*path, "type"),
                "rule type",
                spec.type,
                _plugin_hint(spec.type, self.registry.rule_types, None),
            )
        return rule_type

    def rule_params(
        self,
        index: int,
        spec: RuleSpec,
        params: Any,
        specs: list[tuple[int, RuleSpec]],
    ) -> None:
        """What a rule's own keys name, checked as its `applies_to` is: the rules it stacks
        with, a bundle's items, the session lengths it prices or pays for."""
        stage = params.stage
        if stage in ("line-discount", "order-discount", "bundle") and params.combines_with:
            self.combinations(index, spec, params.combines_with, specs)
        if stage == "bundle":
            self.slots(index, params)
        self.lengths(index, spec, params)

    def lengths(self, index: int, spec: RuleSpec, params: Any) -> None:
        """Each session length a rule names is one a service it applies to is offered in."""
        named = contract.bound(params, "named_lengths")()
        if not _lengths_by_key(named):
            plugin = self.registry.providers.get(("rule type", spec.type), "?")
            raise PluginError(
                f"rule '{spec.id}': rule type '{spec.type}' from plugin '{plugin}' returned "
                f"{named!r} from named_lengths(), which the pricing contract does not allow",
                hint='lengths in minutes by key, e.g. {"prices": (60, 90)}',
                plugin=plugin,
            )
        if not any(named.values()):
            return
        offered = self.services_named.lengths(spec.applies_to)
        if not offered:  # it applies to no service: `check` warns of what it applies to
            return
        for key, lengths in named.items():
            written = spec.params.get(key)
            for position, minutes in enumerate(lengths):
                if minutes in offered:
                    continue
                # A length is a key of a table (prices by length) or an entry of an array.
                where = str(minutes) if isinstance(written, Mapping) else position
                self.problem(
                    ("rules", index, key, where),
                    f"no service it applies to is offered in {minutes} min",
                    did_you_mean(str(minutes), [str(length) for length in sorted(offered)]),
                )

    def combinations(
        self,
        index: int,
        spec: RuleSpec,
        partners: tuple[str, ...],
        specs: list[tuple[int, RuleSpec]],
    ) -> None:
        path = ("rules", index, "combines_with")
        named: dict[str, RuleSpec] = {other.id: other for _, other in specs}
        self.distinct(path, partners)
        for position, partner in enumerate(partners):
            where = (*path, position)
            other = named.get(partner)
            if partner == spec.id:
                self.problem(where, "a rule cannot combine with itself")
            elif other is None:
                self.problem(where, f"unknown rule '{partner}'", did_you_mean(partner, named))
            elif spec.id not in other.params.get("combines_with", ()):
                self.problem(
                    where,
                    f"'{partner}' does not name '{spec.id}' in its combines_with",
                    "discounts stack only when both name each other",
                )


def _lengths_by_key(named: Any) -> bool:
    """Whether `named_lengths()` returned lengths by key, as the contract asks."""
    return isinstance(named, Mapping) and all(
        isinstance(key, str)
        and isinstance(lengths, tuple | list)
        and all(type(minutes) is int for minutes in lengths)
        for key, lengths in named.items()
    )


def _texts(values: Any) -> bool:
    return isinstance(values, tuple | list) and all(isinstance(value, str) for value in values)


def _key_holding(params: Any, value: Any) -> tuple[str, ...]:
    """The key of a rule's parameters that holds `value` (a bundle's `items` are its
    `slots`), to point at; none when none holds it as it is."""
    if attrs.has(type(params)):
        for field in attrs.fields(type(params)):
            if getattr(params, field.name) == value:
                return (field.name,)
    return ()


def _plugin_hint(
    ident: str, known: Iterable[str], own_table: str | None, broken: Iterable[str] = ()
) -> str:
    close = did_you_mean(ident, known)
    if close.startswith("did you mean"):
        return close
    left_out = sorted(broken)
    if left_out:
        return f"plugin {', '.join(map(repr, left_out))} may provide it, but is broken: see above"
    if own_table == "[modalities]" and ident in first_party.MODALITIES:
        return first_party.install_hint(first_party.MODALITIES[ident])
    where = f"define it in {own_table}, or " if own_table else ""
    return f"{where}install the plugin that provides it ({close})"


def _declared_in_capitals(ident: str, known: Iterable[str]) -> bool:
    """Whether `ident` names what is declared with capitals (`[addons.Hot-stones]`): the
    declaration is the mistake, reported there with the id to write, not each reference."""
    return ident == ident.casefold() and any(
        name != ident and name.casefold() == ident for name in known
    )
