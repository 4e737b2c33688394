"""The one cattrs converter at the loading edge, strict everywhere.

Unknown keys are errors; scalars are checked by `servicekit.loading.scalars`; an array must be
an array (cattrs would happily turn the string "abc" into three ids) and a table a table, read
into a read-only mapping. Prices are checked against the clinic's currency: `converter_for`
gives the converter reading in one currency. They share one cattrs converter, so the code
cattrs generates to read each class is generated once per process, for plugins' records and
every catalogue alike (a catalogue's screening rules are the rule pack's class), and only for
a class read often enough to pay for it (`_ClassReader`).
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
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
    StructureHandlerNotFoundError,
)
from cattrs.fns import raise_error
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
    read = _ClassReader(cls, converter)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"expected a table, got {describe(value)}")
        return read(value)

    return structure


GENERATE_AFTER = 256
"""How many tables of one class are read field by field before cattrs generates the code
that reads them. Generating a class's function costs 1.5-2 ms; it then reads a table a few
microseconds faster (Service: 15 µs instead of 20; ScreeningRule: 32 instead of 35), so it
pays for itself after some hundreds of tables."""


class _ClassReader:
    """Reads tables into an attrs class exactly as the function cattrs generates for it does
    (strict keys, detailed validation: the same records, the same errors with the same notes),
    field by field, until `GENERATE_AFTER` tables of the class were read; then it has cattrs
    generate that function and reads with it.

    Generating (and compiling) the function costs as much as hundreds of reads, and a
    catalogue reads most classes a few times (its clinic, its services, each rule type's
    parameters), the rule pack 73 rules: `servicekit check` then generates none of them,
    and the services of a catalogue of 10,000 still get their generated function.
    """

    def __init__(self, cls: type, converter: cattrs.Converter) -> None:
        self.cls = cls
        self.converter = converter
        self.reads = 0
        self.generated: Callable[[Any, Any], Any] | None = None
        self.fields: list[tuple[str, str, Any, Hook | None, bool]] | None = None
        self.allowed: frozenset[str] = frozenset()

    def __call__(self, value: dict[str, Any]) -> Any:
        if self.generated is not None:
            return self.generated(value, self.cls)
        self.reads += 1
        if self.reads > GENERATE_AFTER or not self._plain():
            self.generated = make_dict_structure_fn(
                self.cls,
                self.converter,
                _cattrs_forbid_extra_keys=True,
                _cattrs_detailed_validation=True,
            )
            return self.generated(value, self.cls)
        return self._read(value)

    def _plain(self) -> bool:
        """Whether the class is one this reader reads as cattrs would: not generic, no
        `Annotated` overrides, no `Final` fields (cattrs reads those its own way)."""
        if self.fields is not None:
            return True
        cls = self.cls
        if (
            getattr(cls, "__parameters__", ())
            or typing.get_origin(cls) is not None
            or any(typing.get_origin(base) for base in getattr(cls, "__orig_bases__", ()))
        ):
            return False  # generic, or of a generic base: cattrs maps its type variables
        attrs.resolve_types(cls)
        fields = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            tp = field.type
            if tp is not None and typing.get_origin(tp) in (typing.Annotated, typing.Final):
                return False
            if tp is typing.Final:
                return False
            fields.append(
                (
                    field.name,
                    field.alias,
                    tp,
                    self._handler(field, tp),
                    field.default is attrs.NOTHING,
                )
            )
        # `allowed` first: a thread that finds `fields` set reads at once, with both.
        self.allowed = frozenset(name for name, *_ in fields)
        self.fields = fields
        return True

    def _handler(self, field: attrs.Attribute, tp: Any) -> Hook | None:
        """The hook cattrs' generated function calls for a field (`find_structure_handler`)."""
        if tp is None:
            return self.converter.structure
        if field.converter is None:
            return self.converter.get_structure_hook(tp, cache_result=False)
        try:
            handler = self.converter.get_structure_hook(tp, cache_result=False)
        except StructureHandlerNotFoundError:
            return None
        return None if handler == raise_error else handler

    def _read(self, value: dict[str, Any]) -> Any:
        cls = self.cls
        assert self.fields is not None
        res: dict[str, Any] = {}
        errors: list[Exception] = []
        for name, alias, tp, handler, required in self.fields:
            if name not in value:
                if not required:
                    continue
                missing = KeyError(name)
                errors.append(_noted(missing, _attribute_note(cls, name, tp)))
                continue
            try:
                res[alias] = value[name] if handler is None else handler(value[name], tp)
            except Exception as exc:
                errors.append(_noted(exc, _attribute_note(cls, name, tp)))
        unknown = set(value.keys()) - self.allowed
        if unknown:
            errors.append(ForbiddenExtraKeysError("", cls, unknown))
        if errors:
            raise ClassValidationError("While structuring " + cls.__name__, errors, cls)
        try:
            return cls(**res)
        except Exception as exc:
            raise ClassValidationError("While structuring " + cls.__name__, [exc], cls)  # noqa: B904


def _attribute_note(cls: type, name: str, tp: Any) -> AttributeValidationNote:
    return AttributeValidationNote(
        f"Structuring class {cls.__qualname__} @ attribute {name}", name, tp
    )


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
