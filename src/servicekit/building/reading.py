"""Reading a catalogue's sections into attrs objects, one entry at a time.

Each entry is structured on its own, so a mistake in one service does not hide the mistakes in
the next; `ids` keeps every id written, readable or not, so references to an entry that failed
to read are not reported a second time as unknown.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs

from servicekit.currencies import MINOR_UNITS
from servicekit.errors import Invalid, KeyPath, Problem
from servicekit.loading.converter import RULE_KEYS, Converter, validation_errors
from servicekit.loading.problems import problems_from
from servicekit.loading.scalars import SCALARS, describe
from servicekit.model.catalogue import RuleSpec
from servicekit.model.contributions import RuleType
from servicekit.model.document import CatalogueFile
from servicekit.model.fields import Id
from servicekit.pricing.conditions import Condition


def _entity_tables() -> dict[str, type]:
    tables = {}
    for field in attrs.fields(CatalogueFile):  # its types are objects: nothing to resolve
        if typing.get_origin(field.type) is Mapping and attrs.has(typing.get_args(field.type)[1]):
            tables[field.name] = typing.get_args(field.type)[1]
    return tables


ENTITY_TABLES = _entity_tables()
"""The `[<section>.<id>]` tables of a catalogue and the class of their entries."""


def currency_of(data: Mapping[str, Any]) -> str | None:
    """The clinic's currency if it is a known code; prices are checked against it."""
    clinic = data.get("clinic")
    currency = clinic.get("currency") if isinstance(clinic, dict) else None
    return currency if isinstance(currency, str) and currency in MINOR_UNITS else None


class SectionReader:
    def __init__(self, converter: Converter, problems: list[Problem]) -> None:
        self.converter = converter
        self.problems = problems
        self.ids: dict[str, frozenset[str]] = {}

    def structure(self, value: Any, cls: Any, path: KeyPath, **known: Any) -> Any:
        """`value` as a `cls`, or None with its problems recorded."""
        try:
            return self.converter.structure(value, cls)
        except validation_errors() as exc:
            self.problems.extend(problems_from(exc, path, **known))
            return None

    def one(self, data: Mapping[str, Any], name: str, cls: type, *, required: bool = True) -> Any:
        if name not in data:
            if required:
                hint = f"add a [{name}] table; see docs/catalogue-format.md"
                self.problems.append(Problem((), f"missing key '{name}'", hint))
            return None
        return self.structure(data[name], cls, (name,))

    def table(self, data: Mapping[str, Any], name: str, cls: type) -> dict[str, Any]:
        """The readable entries of `[name.<id>]`; the ids of all of them go in `ids`."""
        table = data.get(name, {})
        if not isinstance(table, dict):
            self.problems.append(Problem((name,), f"expected a table, got {describe(table)}"))
            self.ids[name] = frozenset()
            return {}
        self.ids[name] = frozenset(key for key in table if isinstance(key, str))
        entries = {}
        for key, entry in table.items():
            path = (name, key)
            problem = _entry_problem(key, entry)
            if problem is not None:
                self.problems.append(Problem(path, *problem))
                continue
            value = self.structure({"id": key, **entry}, cls, path)
            if value is not None:
                entries[key] = value
        return entries

    def plugin_settings(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The `[plugins.<name>]` tables, as written: each plugin checks its own."""
        settings = data.get("plugins", {})
        if not isinstance(settings, dict):
            self.problems.append(
                Problem(("plugins",), f"expected a table, got {describe(settings)}")
            )
            return {}
        found = {}
        for name, table in settings.items():
            if not isinstance(table, dict):
                self.problems.append(
                    Problem(("plugins", name), f"expected a table, got {describe(table)}")
                )
                continue
            found[name] = table
        return found

    def rules(
        self, data: Mapping[str, Any], conditions: Mapping[str, Condition]
    ) -> list[tuple[int, RuleSpec, dict[str, Any]]]:
        """The readable rules, each with its index and the values of the `when` keys
        `conditions` (plugins' conditions, by key) read."""
        rules = data.get("rules", [])
        if not isinstance(rules, list):
            hint = "write each rule as a [[rules]] table" if isinstance(rules, dict) else None
            self.problems.append(
                Problem(("rules",), f"expected an array, got {describe(rules)}", hint)
            )
            return []
        found = []
        for index, rule in enumerate(rules):
            when = rule.get("when") if isinstance(rule, dict) else None
            plugin_when = {}
            if conditions and isinstance(when, dict) and not conditions.keys().isdisjoint(when):
                rule = {**rule, "when": {k: v for k, v in when.items() if k not in conditions}}
                for key, written in when.items():
                    if key in conditions:
                        path = ("rules", index, "when", key)
                        value = self.structure(written, conditions[key].value_type, path)
                        if value is not None:
                            plugin_when[key] = value
            spec = self.structure(rule, RuleSpec, ("rules", index))
            if spec is not None:
                found.append((index, spec, plugin_when))
        return found

    def params(self, index: int, spec: RuleSpec, rule_type: RuleType) -> Any:
        """The rule's own keys, structured into its type's parameter class."""
        return self.structure(
            dict(spec.params),
            rule_type.params,
            ("rules", index),
            extra_keys=RULE_KEYS,
            owner=(rule_type.params, f"for a '{rule_type.name}' rule"),
        )


def _entry_problem(key: Any, entry: Any) -> tuple[str, str | None] | None:
    try:
        SCALARS[Id].check(key)
    except Invalid as exc:
        return exc.message, exc.hint
    if not isinstance(entry, dict):
        return f"expected a table, got {describe(entry)}", None
    if "id" in entry:
        return "has an `id` key, but the id is the table's name", "remove it"
    return None
