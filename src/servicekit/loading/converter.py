"""The one cattrs converter at the loading edge, strict everywhere.

Unknown keys are errors; scalars are checked by `servicekit.loading.scalars`; an array must be
an array (cattrs would happily turn the string "abc" into three ids) and a table a table, read
into a read-only mapping. Prices are checked against the clinic's currency: `converter_for`
gives the converter reading in one currency. They share one cattrs converter, so the code
cattrs generates to read each class is generated once per process, for plugins' records and
every catalogue alike (a catalogue's screening rules are the rule pack's class), and only for
a class read often enough to pay for it (`_ClassReader`).

cattrs itself costs half an `import click` to import, and a catalogue of a few hundred tables
needs none of it: `_Hooks` finds the hook for each type it knows (the ones the model is made
of) as cattrs' dispatch would, and cattrs is imported only for a type it does not know, a class
read often enough to generate code for, or an error (whose classes are cattrs': one vocabulary
of errors however a table was read).
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
import functools
import sys
import threading
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.errors import Invalid, did_you_mean
from servicekit.loading.scalars import SCALARS, describe, money_check
from servicekit.model.catalogue import RuleSpec
from servicekit.model.money import Money

if TYPE_CHECKING:
    import cattrs

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


def _written_as_text(tp: Any) -> bool:
    """Whether a field's type is, or holds, a name written as a string, which resolving the
    class's annotations evaluates (`typing.get_type_hints` rebuilds every type it is given,
    which reading a table whose types are all objects can do without)."""
    if isinstance(tp, str | typing.ForwardRef):
        return True
    if isinstance(tp, list):  # a Callable's arguments
        return any(_written_as_text(arg) for arg in tp)
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return False  # its arguments are values
    args = typing.get_args(tp)
    return any(_written_as_text(arg) for arg in (args[:1] if origin is typing.Annotated else args))


def _is_sequence(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin in (tuple, list, frozenset) and (
        origin is not tuple or typing.get_args(tp)[1:] == (Ellipsis,)
    )


def _sequence_hook(tp: Any, converter: _Hooks | cattrs.Converter) -> Hook:
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
                note = _errors().IterableValidationNote(f"@ index {index}", index, element_type)
                errors.append(_noted(exc, note))
        if errors:
            raise _errors().IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return container(items)

    return structure


def _is_mapping(tp: Any) -> bool:
    return typing.get_origin(tp) in (Mapping, dict)


def _mapping_hook(tp: Any, converter: _Hooks | cattrs.Converter) -> Hook:
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
                note = _errors().IterableValidationNote(f"@ key {raw_key!r}", raw_key, tp)
                errors.append(_noted(exc, note))
        if errors:
            raise _errors().IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return MappingProxyType(items)

    return structure


def _class_hook(cls: type, converter: _Hooks | cattrs.Converter) -> Hook:
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

    def __init__(self, cls: type, converter: _Hooks | cattrs.Converter) -> None:
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
            from cattrs.gen import make_dict_structure_fn

            converter = self.converter
            self.generated = make_dict_structure_fn(
                self.cls,
                converter.cattrs_converter() if isinstance(converter, _Hooks) else converter,
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
        if any(_written_as_text(field.type) for field in attrs.fields(cls)):
            attrs.resolve_types(cls)  # the model's classes hold theirs as objects: none to do
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
        converter = self.converter
        if isinstance(converter, _Hooks):
            known = converter.known(tp)
            if known is not None:
                return known
            converter = converter.cattrs_converter()
        from cattrs.errors import StructureHandlerNotFoundError
        from cattrs.fns import raise_error

        try:
            handler = converter.get_structure_hook(tp, cache_result=False)
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
            errors.append(_errors().ForbiddenExtraKeysError("", cls, unknown))
        if errors:
            raise _errors().ClassValidationError("While structuring " + cls.__name__, errors, cls)
        try:
            return cls(**res)
        except Exception as exc:
            message = "While structuring " + cls.__name__
            raise _errors().ClassValidationError(message, [exc], cls)  # noqa: B904


def _attribute_note(cls: type, name: str, tp: Any) -> str:
    note = f"Structuring class {cls.__qualname__} @ attribute {name}"
    return _errors().AttributeValidationNote(note, name, tp)


def _errors() -> types.ModuleType:
    """cattrs' error classes, imported when the first error is built: a table read field by
    field fails with the very errors the code cattrs generates raises."""
    import cattrs.errors

    return cattrs.errors


def validation_errors() -> tuple[type[Exception], ...]:
    """What reading a value with a `Converter` raises for a mistake in it: `Invalid`, and
    cattrs' validation errors once cattrs is imported (no value can raise one before)."""
    errors = sys.modules.get("cattrs.errors")
    if errors is None:
        return (Invalid,)
    return (Invalid, errors.BaseValidationError)


def _rule_spec_hook(converter: _Hooks | cattrs.Converter) -> Hook:
    """`[[rules]]` entries: the common keys are checked here, the rest kept for the rule type."""
    common = _class_hook(RuleSpec, converter)

    def structure(value: Any, _: Any) -> RuleSpec:
        if not isinstance(value, dict):
            raise Invalid(f"expected a table, got {describe(value)}")
        params = {key: item for key, item in value.items() if key not in RULE_KEYS}
        known = {key: item for key, item in value.items() if key in RULE_KEYS}
        return common({**known, "params": params}, RuleSpec)

    return structure


class Converter:
    """The strict converter, reading prices in `currency` (None: currency unknown).

    A plain class (nothing compares or shows one): an attrs class compiles its methods in
    every process that reads a catalogue."""

    __slots__ = ("currency",)

    def __init__(self, currency: str | None) -> None:
        self.currency = currency

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


def _structure_money(value: Any, _: Any) -> Money:
    return _money(_currency.get())(value)


def _identity(value: Any, _: Any) -> Any:
    return value


def _optional_hook(tp: Any, converter: _Hooks | cattrs.Converter) -> Hook:
    """`X | None`, as cattrs reads it: None is None, anything else an X."""
    first, second = typing.get_args(tp)
    other = first if second is type(None) else second
    hook = converter.get_structure_hook(other)

    def structure(value: Any, _: Any) -> Any:
        return None if value is None else hook(value, other)

    return structure


def _is_optional(tp: Any) -> bool:
    return (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and len(typing.get_args(tp)) == 2
        and type(None) in typing.get_args(tp)
    )


_CATTRS_CLASSES = (str, bytes, int, float, Decimal, enum.Enum, Money, RuleSpec)
"""Classes that cattrs' dispatch reads their subclasses by (registered for a class, not a
predicate): an attrs class among their subclasses is left to cattrs."""


class _Hooks:
    """The converter's hooks, found as cattrs' dispatch finds them for the types the model is
    made of (scalars, money, literals, arrays, tables, attrs classes, optionals, Any), in the
    same order of precedence; any other type is cattrs' to read (`cattrs_converter()`, made
    on first need with the same hooks registered)."""

    def __init__(self) -> None:
        self._found: dict[Any, Hook] = {}
        self._scalars: dict[Any, Hook] = {
            scalar_type: _checked(scalar.check) for scalar_type, scalar in SCALARS.items()
        }
        self._scalars[Money] = _structure_money
        self._scalars[RuleSpec] = _rule_spec_hook(self)
        self._cattrs: cattrs.Converter | None = None
        self._lock = threading.Lock()

    def get_structure_hook(self, type: Any, cache_result: bool = True) -> Hook:
        """The hook reading a `type` (`cattrs.Converter.get_structure_hook`'s contract)."""
        if cache_result:
            try:
                return self._found[type]
            except (KeyError, TypeError):
                pass
        hook = self.known(type)
        if hook is None:
            hook = self.cattrs_converter().get_structure_hook(type, cache_result)
        if cache_result:
            with contextlib.suppress(TypeError):  # unhashable: found again next time
                self._found[type] = hook
        return hook

    def structure(self, obj: Any, cl: Any) -> Any:
        """`obj` read as a `cl` (`cattrs.Converter.structure`'s contract)."""
        return self.get_structure_hook(cl)(obj, cl)

    def known(self, tp: Any) -> Hook | None:
        """A new hook for `tp` when it is a type this dispatch knows, else None."""
        try:
            scalar = self._scalars.get(tp)
        except TypeError:
            return None
        if scalar is not None:
            return scalar
        if isinstance(tp, type) and attrs.has(tp):
            return None if issubclass(tp, _CATTRS_CLASSES) else _class_hook(tp, self)
        if _is_mapping(tp):
            return _mapping_hook(tp, self)
        if _is_sequence(tp):
            return _sequence_hook(tp, self)
        if _is_literal(tp):
            return _literal_hook(tp)
        if _is_optional(tp):
            return _optional_hook(tp, self)
        if tp is Any:
            return _identity
        return None

    def cattrs_converter(self) -> cattrs.Converter:
        """The cattrs converter reading as these hooks do, made on first need."""
        with self._lock:
            if self._cattrs is None:
                self._cattrs = _cattrs_converter()
            return self._cattrs


@functools.cache
def _converter() -> _Hooks:
    return _Hooks()


def _cattrs_converter() -> cattrs.Converter:
    import cattrs

    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for scalar_type, scalar in SCALARS.items():
        converter.register_structure_hook(scalar_type, _checked(scalar.check))
    converter.register_structure_hook(Money, _structure_money)
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook_factory(_is_sequence, _sequence_hook)
    converter.register_structure_hook_factory(_is_mapping, _mapping_hook)
    converter.register_structure_hook_factory(attrs.has, _class_hook)
    converter.register_structure_hook(RuleSpec, _rule_spec_hook(converter))
    return converter


_money = functools.cache(money_check)


def _checked(check: Callable[[Any], Any]) -> Hook:
    return lambda value, _: check(value)
