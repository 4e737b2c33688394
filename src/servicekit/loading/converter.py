"""The one cattrs converter at the loading edge, strict everywhere.

Unknown keys are errors; scalars are checked by `servicekit.loading.scalars`; an array must be
an array (cattrs would happily turn the string "abc" into three ids) and a table a table, read
into a read-only mapping. Prices are checked against the clinic's currency: `converter_for`
gives the converter reading in one currency. They share one cattrs converter, so the code
cattrs generates to read each class is generated once per process, for plugins' records and
every catalogue alike (a catalogue's screening rules are the rule pack's class).
"""

from __future__ import annotations

import contextvars
import functools
import typing
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn

from servicekit.errors import Invalid, did_you_mean
from servicekit.loading.scalars import SCALARS, describe, money_check
from servicekit.model.catalogue import RuleSpec
from servicekit.model.money import Money

Hook = Callable[[Any, Any], Any]

RULE_KEYS = tuple(field.name for field in attrs.fields(RuleSpec) if field.name != "params")
"""Keys every `[[rules]]` entry has; all others belong to the rule's type."""


def _noted(exc: Exception, note: str) -> Exception:
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
    return exc


def _is_literal(tp: Any) -> bool:
    return typing.get_origin(tp) is typing.Literal


def _literal_hook(tp: Any) -> Hook:
    choices = typing.get_args(tp)

    def structure(value: Any, _: Any) -> Any:
        # `True == 1` in Python, so compare types too.
        if any(type(value) is type(choice) and value == choice for choice in choices):
            return value
        text = ", ".join(
            repr(choice) if isinstance(choice, str) else str(choice) for choice in choices
        )
        raise Invalid(f"{describe(value)} is not one of: {text}", _closest(value, choices))

    return structure


def _closest(value: Any, choices: tuple[Any, ...]) -> str | None:
    """A suggestion only when one choice is close; the message already lists them all."""
    if not isinstance(value, str):
        return None
    words = [choice for choice in choices if isinstance(choice, str)]
    prefixed = [
        word for word in words if value.lower().startswith(word) or word.startswith(value.lower())
    ]
    if len(prefixed) == 1:
        return f"did you mean '{prefixed[0]}'?"
    hint = did_you_mean(value, words)
    return hint if hint.startswith("did you mean") else None


def _is_sequence(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin in (tuple, list, frozenset) and (
        origin is not tuple or typing.get_args(tp)[1:] == (Ellipsis,)
    )


def _sequence_hook(tp: Any, converter: cattrs.Converter) -> Hook:
    container = typing.get_origin(tp)
    element_type = typing.get_args(tp)[0]
    element = converter.get_structure_hook(element_type)

    accepted = (list, tuple, set, frozenset) if container is frozenset else (list, tuple)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, accepted):
            hint = f'write ["{value}"]' if isinstance(value, str) else None
            raise Invalid(f"expected an array, got {describe(value)}", hint)
        items, errors = [], []
        for index, item in enumerate(value):
            try:
                items.append(element(item, element_type))
            except Exception as exc:
                note = IterableValidationNote(f"@ index {index}", index, element_type)
                errors.append(_noted(exc, note))
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return container(items)

    return structure


def _is_mapping(tp: Any) -> bool:
    return typing.get_origin(tp) in (Mapping, dict)


def _mapping_hook(tp: Any, converter: cattrs.Converter) -> Hook:
    """A TOML table of values, read strictly into a read-only mapping."""
    key_type, value_type = typing.get_args(tp)
    key_hook = converter.get_structure_hook(key_type)
    value_hook = converter.get_structure_hook(value_type)

    def structure(value: Any, _: Any) -> Mapping[Any, Any]:
        if not isinstance(value, dict):
            raise Invalid(f"expected a table, got {describe(value)}")
        items, errors = {}, []
        for raw_key, item in value.items():
            try:
                key = key_hook(raw_key, key_type)
                if key in items:
                    raise Invalid(f"'{raw_key}' is the same key as one before it", "remove one")
                items[key] = value_hook(item, value_type)
            except Exception as exc:
                errors.append(
                    _noted(exc, IterableValidationNote(f"@ key {raw_key!r}", raw_key, tp))
                )
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return MappingProxyType(items)

    return structure


def _class_hook(cls: type, converter: cattrs.Converter) -> Hook:
    generated: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"expected a table, got {describe(value)}")
        return generated(value, cls)

    return structure


def _rule_spec_hook(converter: cattrs.Converter) -> Hook:
    """`[[rules]]` entries: the common keys are checked here, the rest kept for the rule type."""
    common = _class_hook(RuleSpec, converter)

    def structure(value: Any, _: Any) -> RuleSpec:
        if not isinstance(value, dict):
            raise Invalid(f"expected a table, got {describe(value)}")
        params = {key: item for key, item in value.items() if key not in RULE_KEYS}
        known = {key: item for key, item in value.items() if key in RULE_KEYS}
        return common({**known, "params": params}, RuleSpec)

    return structure


@attrs.frozen
class Converter:
    """The strict converter, reading prices in `currency` (None: currency unknown)."""

    currency: str | None

    def structure(self, value: Any, cls: Any) -> Any:
        """`value` (what a TOML or JSON parser gives) read as a `cls`, checked strictly."""
        token = _currency.set(self.currency)
        try:
            return _converter().structure(value, cls)
        finally:
            _currency.reset(token)


def converter_for(currency: str | None) -> Converter:
    """The strict converter for catalogues priced in `currency` (None: currency unknown)."""
    return Converter(currency)


_currency: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "servicekit_prices_in", default=None
)
"""The currency the converter reads prices in now, per thread and task."""


@functools.cache
def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for scalar_type, scalar in SCALARS.items():
        converter.register_structure_hook(scalar_type, _checked(scalar.check))
    converter.register_structure_hook(Money, lambda value, _: _money(_currency.get())(value))
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook_factory(_is_sequence, _sequence_hook)
    converter.register_structure_hook_factory(_is_mapping, _mapping_hook)
    converter.register_structure_hook_factory(attrs.has, _class_hook)
    converter.register_structure_hook(RuleSpec, _rule_spec_hook(converter))
    return converter


_money = functools.cache(money_check)


def _checked(check: Callable[[Any], Any]) -> Hook:
    return lambda value, _: check(value)
