"""From a parsed catalogue document to a built, frozen `Catalogue`.

Building reads each section strictly (`reading`), checks every reference and invariant the
format cannot express (`references`), compiles pricing and screening, and only then lets
plugins validate the result, so a validator may quote and screen with it. One entry that fails
to read does not hide the problems of the others: everything found is reported at once, each
problem with its key path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from servicekit.building.engines import ENGINES
from servicekit.building.reading import ENTITY_TABLES, SectionReader, currency_of
from servicekit.building.references import CATALOGUE, References
from servicekit.errors import CatalogueError, PluginError, Problem, Problems, did_you_mean
from servicekit.loading.converter import converter_for
from servicekit.loading.scalars import describe
from servicekit.model.catalogue import Catalogue, Clinic, GiftCards, Rule, When
from servicekit.model.document import FORMAT, CatalogueFile
from servicekit.model.engines import Engines
from servicekit.model.screening import ScreeningSettings
from servicekit.plugins import (
    PluginManager,
    Registry,
    call_impl,
    default_plugin_manager,
    first_party,
)
from servicekit.pricing.compiled import compile_pricing, names_of
from servicekit.pricing.conditions import Site, WrittenWhen, method, stated, when_keys
from servicekit.pricing.mistakes import pricing_warnings
from servicekit.screening.compiled import compile_screening

WHEN_KEYS = tuple(field.name for field in attrs.fields(When))

TOP_LEVEL = tuple(field.name for field in attrs.fields(CatalogueFile))


def build(
    data: Mapping[str, Any],
    *,
    plugins: PluginManager | None = None,
    source: str | None = None,
) -> Catalogue:
    """Build a `Catalogue` from a parsed document (the dict a TOML parser gives).

    `plugins` defaults to the built-in plugins and installed entry points. Raises
    `CatalogueError` listing every problem, each with its key path.
    """
    registry = (plugins or default_plugin_manager()).registry()
    return _Builder(registry, source).build(data)


class _Builder:
    def __init__(self, registry: Registry, source: str | None) -> None:
        self.registry = registry
        self.source = source
        self.problems = Problems()

    def fail_if_problems(self) -> None:
        if self.problems:
            raise CatalogueError(self.problems, source=self.source)

    def build(self, data: Mapping[str, Any]) -> Catalogue:
        if not isinstance(data, Mapping):
            message = f"a catalogue is a table of keys, not {describe(data)}"
            raise CatalogueError([Problem(None, message)], source=self.source)
        self.top_level(data)
        reader = SectionReader(converter_for(currency_of(data)), self.problems)
        clinic = reader.one(data, "clinic", Clinic)
        tables = {name: reader.table(data, name, cls) for name, cls in ENTITY_TABLES.items()}
        plugin_conditions = {
            key: condition
            for key, condition in when_keys(self.registry.conditions).items()
            if key not in WHEN_KEYS
        }
        specs = reader.rules(data, plugin_conditions)
        checks = References(self.registry, reader.ids, clinic, self.problems, tables["services"])
        modalities = checks.modalities(tables["modalities"])
        for service in tables["services"].values():
            checks.service(service)
        addons = {ident: checks.addon(addon) for ident, addon in tables["addons"].items()}
        for tax in tables["taxes"].values():
            checks.tax(tax)
        rules = self.rules(specs, reader, checks, Site(reader.ids, clinic))
        gift_cards = reader.one(data, "gift_cards", GiftCards, required=False)
        settings = reader.one(data, "screening", ScreeningSettings, required=False)
        plugin_settings = reader.plugin_settings(data)
        screening = compile_screening(
            self.registry, settings or ScreeningSettings(), modalities, self.problems
        )
        self.fail_if_problems()
        categories, levels = _by_order(tables["categories"]), _by_order(tables["levels"])
        pricing = compile_pricing(
            clinic=clinic,
            services=tables["services"],
            addons=addons,
            names=names_of(
                {
                    "service": tables["services"],
                    "addon": addons,
                    "category": categories,
                    "location": tables["locations"],
                    "level": levels,
                }
            ),
            taxes=tables["taxes"].values(),
            rules=rules,
            conditions=self.registry.conditions,
            providers=self.registry.providers,
            gift_cards=gift_cards,
        )
        catalogue = Catalogue(
            clinic=clinic,
            services=tables["services"],
            addons=addons,
            categories=categories,
            credentials=tables["credentials"],
            locations=tables["locations"],
            levels=levels,
            modalities=modalities,
            addon_types=self.registry.addon_types,
            taxes=tables["taxes"],
            rules=rules,
            providers={
                **self.registry.providers,
                **{("modality", ident): CATALOGUE for ident in tables["modalities"]},
            },
            exporters=self.registry.exporters,
            plugin_settings=plugin_settings,
            policies=screening.policies,
            source=self.source,
            engines=Engines(pricing, *ENGINES),
            screening=screening,
            gift_cards=gift_cards,
        )
        # Screening works per kind of service: grouped now, once, for every screening.
        catalogue = attrs.evolve(catalogue, screening=screening.indexed(catalogue))
        warnings = [
            *pricing_warnings(catalogue),
            *self.validate(catalogue),
            *self.unused_settings(plugin_settings),
            *self.unread_policies(settings or ScreeningSettings()),
        ]
        self.fail_if_problems()
        return attrs.evolve(catalogue, warnings=tuple(warnings)) if warnings else catalogue

    def top_level(self, data: Mapping[str, Any]) -> None:
        for key in data:
            if key not in TOP_LEVEL:
                hint = did_you_mean(str(key), TOP_LEVEL)
                self.problems.append(Problem((str(key),), f"unknown key '{key}'", hint))
        if "format" not in data:
            misspelt = any("did you mean 'format'" in (p.hint or "") for p in self.problems)
            if not misspelt:
                self.problems.append(
                    Problem((), "missing key 'format'", f"write `format = {FORMAT}` at the top")
                )
            return
        version = data["format"]
        if type(version) is not int or version != FORMAT:
            if type(version) is int:
                message = f"this file is format {version}; servicekit reads format {FORMAT}"
            else:
                message = f"expected `format = {FORMAT}`, got {describe(version)}"
            newer = type(version) is int and version > FORMAT
            hint = "upgrade servicekit to read it" if newer else f"write `format = {FORMAT}`"
            self.problems.append(Problem(("format",), message, hint))
            # A file in another format may mean anything: reporting more would mislead.
            self.fail_if_problems()

    def rules(
        self, specs: list[Any], reader: SectionReader, checks: References, site: Site
    ) -> tuple[Rule, ...]:
        rules = []
        for index, spec, plugin_when in specs:
            rule_type = checks.rule(index, spec)
            self.conditions(index, WrittenWhen(spec.when, plugin_when), site)
            if rule_type is None:
                continue
            params = reader.params(index, spec, rule_type)
            if params is None:
                continue
            checks.rule_params(index, spec, params, [(i, s) for i, s, _ in specs])
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
                    translations=spec.translations,
                    plugin_when=plugin_when,
                )
            )
        return tuple(rules)

    def conditions(self, index: int, written: WrittenWhen, site: Site) -> None:
        """What each condition a rule states finds wrong with its value; and a built-in key
        no loaded plugin checks, which would otherwise make the rule apply always."""
        path = ("rules", index, "when")
        checked = when_keys(self.registry.conditions)
        for key in WHEN_KEYS:
            if key not in checked and getattr(written.when, key) not in (None, ()):
                self.problems.append(
                    Problem(
                        (*path, key),
                        f"no loaded plugin checks `{key}`, so the rule would always apply",
                        "load builtin-rules (it is blocked), or leave the condition out",
                    )
                )
        for condition, value in stated(self.registry.conditions, written):
            for where, message, hint in method(condition, "problems")(value, written, site):
                self.problems.append(Problem((*path, *where), message, hint))

    def unused_settings(self, settings: Mapping[str, Any]) -> Iterator[Problem]:
        for name in settings:
            if name not in self.registry.plugins:
                hint = (
                    first_party.install_hint(name)
                    if name in first_party.PACKAGES
                    else "install it, or remove the table; "
                    + did_you_mean(name, self.registry.plugins)
                )
                yield Problem(
                    ("plugins", name),
                    f"settings for plugin '{name}', which is not loaded",
                    hint,
                    severity="warning",
                )

    def unread_policies(self, settings: ScreeningSettings) -> Iterator[Problem]:
        for name in settings.policies:
            if name in self.registry.policies:
                continue
            if name in first_party.POLICIES:
                hint = first_party.install_hint(first_party.POLICIES[name])
            elif self.registry.policies:
                hint = did_you_mean(name, self.registry.policies)
            else:
                hint = "install the plugin whose checks read it, or remove it"
            yield Problem(
                ("screening", "policies", name),
                f"no check reads policy '{name}', so every screening is incomplete",
                hint,
                severity="warning",
            )

    def validate(self, catalogue: Catalogue) -> list[Problem]:
        warnings: list[Problem] = []
        hook = "servicekit_validate_catalogue"
        for impl in self.registry.validators:
            for problem in call_impl(impl, hook, catalogue=catalogue):
                if not isinstance(problem, Problem):
                    raise PluginError(
                        f"plugin '{impl.plugin_name}' returned {type(problem).__name__} "
                        f"from {hook}; it must return Problem records"
                    )
                (self.problems if problem.severity == "error" else warnings).append(problem)
        return warnings


def _by_order(table: Mapping[str, Any]) -> dict[str, Any]:
    """Categories and levels in the order the catalogue gives them, ties by id."""
    return dict(sorted(table.items(), key=lambda item: (item[1].order, item[0])))
