"""Catalogue data in canonical form: keys in the format's order, values written one way."""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from servicekit.model import fields
from servicekit.model.catalogue import RuleSpec, When
from servicekit.model.document import CatalogueFile
from servicekit.model.money import Money, quantum
from servicekit.plugins import PluginManager
from servicekit.pricing.conditions import when_keys

TABLES = ("locations", "credentials", "levels", "categories", "modalities", "services",
          "addons", "taxes")  # fmt: skip
"""The top-level tables of entries by id."""

hints = functools.cache(typing.get_type_hints)
"""A class's field types; resolving them is slow and they never change."""


class Normalizer:
    """Catalogue data with its keys ordered and its values in canonical form, by type."""

    def __init__(self, plugins: PluginManager, currency: str) -> None:
        registry = plugins.registry()
        self.rule_types = registry.rule_types
        self.quantum = quantum(currency)
        written = {field.name for field in attrs.fields(When)}
        self.conditions = {
            key: condition
            for key, condition in when_keys(registry.conditions).items()
            if key not in written
        }
        """Plugins' conditions by `when` key: kept, in their own canonical form."""

    def top(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        types_ = hints(CatalogueFile)
        for field in attrs.fields(CatalogueFile):
            if field.name not in data:
                continue
            value = data[field.name]
            if field.name in TABLES:
                cls = typing.get_args(types_[field.name])[1]
                out[field.name] = {key: self.record(cls, entry) for key, entry in value.items()}
            elif field.name == "rules":
                out["rules"] = [self.rule(entry) for entry in value]
            else:
                out[field.name] = self.value(types_[field.name], value)
        return out

    def rule(self, entry: Mapping[str, Any]) -> dict[str, Any]:
        out = self.record(RuleSpec, entry)
        when = entry.get("when")
        if isinstance(when, Mapping) and not self.conditions.keys().isdisjoint(when):
            own = {
                key: self.value(self.conditions[key].value_type, value)
                for key, value in when.items()
                if key in self.conditions
            }
            out["when"] = {**out.get("when", {}), **own}
        out.update(self.record(self.rule_types[entry["type"]].params, entry))
        return out

    def record(self, cls: type, value: Mapping[str, Any]) -> dict[str, Any]:
        types_ = hints(cls)
        return {
            field.name: self.value(types_[field.name], value[field.name])
            for field in attrs.fields(cls)
            if field.name in value
        }

    def value(self, tp: Any, value: Any) -> Any:
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            (present,) = [arg for arg in args if arg is not type(None)]
            return self.value(present, value)
        if tp is Money:
            return format(Decimal(str(value)).quantize(self.quantum), "f")
        if tp in (fields.Percent, Decimal):
            number = Decimal(str(value))
            return int(number) if number == number.to_integral_value() else _decimal(number)
        if tp is fields.TimeOfDay:
            return _time(value)
        if tp is fields.Date and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if origin in (tuple, list, frozenset):
            return [self.value(args[0], item) for item in value]
        if origin in (dict, Mapping):
            return {str(key): self.value(args[1], item) for key, item in value.items()}
        if attrs.has(tp) and isinstance(value, Mapping):
            return self.record(tp, value)
        return value


def _decimal(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _time(value: str | dt.time) -> str:
    """ "HH:MM", with the seconds when there are any (they are part of the time)."""
    time = dt.time.fromisoformat(value) if isinstance(value, str) else value
    return time.isoformat("auto" if time.second or time.microsecond else "minutes")
