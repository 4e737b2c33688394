"""From a parsed catalogue document to a built, frozen `Catalogue`.

Building structures the document strictly, resolves every reference (category, modality,
add-on, credential, location, tax target, rule type) against the catalogue and the plugins'
contributions, checks the invariants the format cannot express, and lets plugins validate the
result. Every problem found is reported at once, each with its key path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from cattrs.errors import BaseValidationError

from servicekit.errors import CatalogueError, KeyPath, PluginError, Problem, did_you_mean
from servicekit.loading.converter import RULE_KEYS, converter_for
from servicekit.loading.problems import problems_from
from servicekit.model.catalogue import AddOn, Catalogue, Rule, RuleSpec, Service, Tax
from servicekit.model.contributions import Modality
from servicekit.model.document import FORMAT, CatalogueFile
from servicekit.plugins import (
    PluginManager,
    Registry,
    call_impl,
    default_plugin_manager,
)

CATALOGUE = "catalogue"
"""The provider name of what a catalogue defines itself."""

TARGETS = ("services", "addons")
"""Targets that need no id; the others are "service:ID", "addon:ID" and "category:ID"."""


def build(
    data: Mapping[str, Any],
    *,
    plugins: PluginManager | None = None,
    source: str | None = None,
) -> Catalogue:
    """Build a `Catalogue` from a parsed document (the dict `tomllib` gives).

    Raises `CatalogueError` listing every problem, each with its key path.
    """
    registry = (plugins or default_plugin_manager()).registry()
    return _Builder(registry, source).build(data)


class _Builder:
    def __init__(self, registry: Registry, source: str | None) -> None:
        self.registry = registry
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(path, message, hint))

    def fail_if_problems(self) -> None:
        if self.problems:
            raise CatalogueError(self.problems, source=self.source)

    def build(self, data: Mapping[str, Any]) -> Catalogue:
        self.check_format(data)
        converter = converter_for(_currency_of(data))
        try:
            file = converter.structure(dict(data), CatalogueFile)
        except BaseValidationError as exc:
            self.problems.extend(problems_from(exc))
        self.fail_if_problems()

        modalities = self.modalities(file)
        for service_id, service in file.services.items():
            self.check_service(file, modalities, service, ("services", service_id))
        addons = {addon.id: self.addon(addon) for addon in file.addons.values()}
        for tax in file.taxes.values():
            self.check_tax(file, tax)
        rules = self.rules(file, converter)
        self.fail_if_problems()

        catalogue = Catalogue(
            clinic=file.clinic,
            services=file.services,
            addons=addons,
            categories=dict(
                sorted(file.categories.items(), key=lambda item: (item[1].order, item[0]))
            ),
            credentials=file.credentials,
            locations=file.locations,
            levels=file.levels,
            modalities=modalities,
            addon_types=self.registry.addon_types,
            taxes=file.taxes,
            rules=rules,
            providers={
                **self.registry.providers,
                **{("modality", ident): CATALOGUE for ident in file.modalities},
            },
            source=self.source,
        )
        warnings = self.validate(catalogue)
        self.fail_if_problems()
        return attrs.evolve(catalogue, warnings=tuple(warnings))

    def check_format(self, data: Mapping[str, Any]) -> None:
        version = data.get("format")
        if "format" in data and (type(version) is not int or version != FORMAT):
            hint = (
                "upgrade servicekit to read it"
                if type(version) is int and version > FORMAT
                else f"write `format = {FORMAT}`"
            )
            self.problem(
                ("format",), f"servicekit reads catalogue format {FORMAT}, not {version!r}", hint
            )
            self.fail_if_problems()

    def modalities(self, file: CatalogueFile) -> dict[str, Modality]:
        merged = dict(self.registry.modalities)
        for ident, modality in file.modalities.items():
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
            self.references((*path, "requires"), modality.requires, file.credentials, "credential")
            merged[ident] = modality
        return merged

    def check_service(
        self,
        file: CatalogueFile,
        modalities: Mapping[str, Modality],
        service: Service,
        path: KeyPath,
    ) -> None:
        self.reference((*path, "category"), service.category, file.categories, "category")
        modality = modalities.get(service.modality)
        if modality is None:
            self.problem(
                (*path, "modality"),
                f"unknown modality '{service.modality}'",
                _plugin_hint(service.modality, modalities, "[modalities]"),
            )
        elif service.modality not in file.modalities:
            for credential in modality.requires:
                if credential not in file.credentials:
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
        self.references((*path, "addons"), service.addons, file.addons, "add-on")
        self.references((*path, "requires"), service.requires, file.credentials, "credential")
        self.references((*path, "locations"), service.locations, file.locations, "location")

    def addon(self, addon: AddOn) -> AddOn:
        types = self.registry.addon_types
        if addon.type is None:
            return attrs.evolve(addon, type=addon.id) if addon.id in types else addon
        if addon.type not in types:
            self.problem(
                ("addons", addon.id, "type"),
                f"unknown add-on type '{addon.type}'",
                _plugin_hint(addon.type, types, None),
            )
        return addon

    def check_tax(self, file: CatalogueFile, tax: Tax) -> None:
        path = ("taxes", tax.id)
        self.check_targets((*path, "applies_to"), tax.applies_to, file)
        self.references((*path, "locations"), tax.locations, file.locations, "location")

    def check_targets(self, path: KeyPath, selectors: Iterable[str], file: CatalogueFile) -> None:
        """Selectors such as "services" or "category:relaxation" name what exists."""
        tables = {"service": file.services, "addon": file.addons, "category": file.categories}
        for index, selector in enumerate(selectors):
            kind, _, ident = selector.partition(":")
            if selector in TARGETS:
                continue
            if kind not in tables or not ident:
                self.problem(
                    (*path, index),
                    f"'{selector}' is not a target",
                    'use "services", "addons", "service:ID", "addon:ID" or "category:ID"',
                )
                continue
            self.reference((*path, index), ident, tables[kind], kind.replace("addon", "add-on"))

    def check_rule(self, file: CatalogueFile, spec: RuleSpec, path: KeyPath) -> None:
        self.check_targets((*path, "applies_to"), spec.applies_to, file)
        when, where = spec.when, (*path, "when")
        self.references((*where, "locations"), when.locations, file.locations, "location")
        self.references((*where, "levels"), when.levels, file.levels, "therapist level")
        if when.valid_from and when.valid_until and when.valid_from > when.valid_until:
            self.problem((*where, "valid_until"), "is before valid_from")
        if when.max_uses is not None and when.promo is None:
            self.problem((*where, "max_uses"), "limits a promotion code, but there is no `promo`")
        if when.max_uses is not None and when.max_uses < 1:
            self.problem((*where, "max_uses"), "must be 1 or more")
        if when.holiday is not None and not file.clinic.holidays:
            self.problem(
                (*where, "holiday"),
                "the clinic has no holidays",
                "list them in [clinic] holidays = [2026-12-25, ...]",
            )

    def rules(self, file: CatalogueFile, converter: Any) -> tuple[Rule, ...]:
        rules = []
        seen: dict[str, int] = {}
        for index, spec in enumerate(file.rules):
            path = ("rules", index)
            if spec.id in seen:
                self.problem(
                    (*path, "id"),
                    f"rule id '{spec.id}' is already used by rules[{seen[spec.id]}]",
                    "give every rule its own id",
                )
            seen.setdefault(spec.id, index)
            self.check_rule(file, spec, path)
            rule_type = self.registry.rule_types.get(spec.type)
            if rule_type is None:
                self.problem(
                    (*path, "type"),
                    f"unknown rule type '{spec.type}'",
                    _plugin_hint(spec.type, self.registry.rule_types, None),
                )
                continue
            try:
                params = converter.structure(dict(spec.params), rule_type.params)
            except BaseValidationError as exc:
                for problem in problems_from(exc, path):
                    if problem.message.startswith("unknown key"):
                        known = [*RULE_KEYS, *attrs.fields_dict(rule_type.params)]
                        key = str(problem.path[-1]) if problem.path else ""
                        problem = attrs.evolve(
                            problem,
                            message=f"unknown key '{key}' for a '{spec.type}' rule",
                            hint=did_you_mean(key, known),
                        )
                    self.problems.append(problem)
                continue
            rules.append(
                Rule(
                    id=spec.id,
                    type=rule_type,
                    params=params,
                    name=spec.name,
                    description=spec.description,
                    applies_to=spec.applies_to,
                    when=spec.when,
                    priority=spec.priority,
                )
            )
        return tuple(rules)

    def validate(self, catalogue: Catalogue) -> list[Problem]:
        warnings = []
        for impl in self.registry.validators:
            hook = "servicekit_validate_catalogue"
            for problem in call_impl(impl, hook, catalogue=catalogue):
                if not isinstance(problem, Problem):
                    raise PluginError(
                        f"plugin '{impl.plugin_name}' returned {type(problem).__name__} "
                        f"from {hook}; it must return Problem records"
                    )
                if problem.severity == "error":
                    self.problems.append(problem)
                else:
                    warnings.append(problem)
        return warnings

    def reference(self, path: KeyPath, ident: str, table: Mapping[str, Any], kind: str) -> None:
        if ident not in table:
            hint = did_you_mean(ident, table) if table else f"the catalogue declares no {kind}s"
            self.problem(path, f"unknown {kind} '{ident}'", hint)

    def references(
        self, path: KeyPath, idents: Iterable[str], table: Mapping[str, Any], kind: str
    ) -> None:
        seen = set()
        for index, ident in enumerate(idents):
            if ident in seen:
                self.problem((*path, index), f"'{ident}' is listed twice")
            seen.add(ident)
            self.reference((*path, index), ident, table, kind)


def _currency_of(data: Mapping[str, Any]) -> str | None:
    """The clinic's currency if it is a known code; prices are checked against it."""
    from servicekit.currencies import MINOR_UNITS

    clinic = data.get("clinic")
    currency = clinic.get("currency") if isinstance(clinic, dict) else None
    return currency if isinstance(currency, str) and currency in MINOR_UNITS else None


def _plugin_hint(ident: str, known: Iterable[str], own_table: str | None) -> str:
    close = did_you_mean(ident, known)
    if close.startswith("did you mean"):
        return close
    where = f"define it in {own_table}, or " if own_table else ""
    return f"{where}install the plugin that provides it ({close})"
