"""Checking a rule type against the pricing contract (`servicekit.pricing.stages`) when its
plugin is collected, and finding the optional methods' defaults for the ones it leaves out.

A rule type's class is read once, here; quoting never looks a method up by name.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from servicekit.pricing.stages import PROTOCOLS

DOCS = 'see the protocols in servicekit.pricing.stages (docs/pricing.md, "Writing a rule type")'


# Read by the contract's checks, never compared or shown: generating its equality and repr
# cost every start-up, which imports this module whether a class is checked or not.
@attrs.frozen(eq=False, repr=False)
class Member:
    """One thing a protocol asks of a rule type."""

    name: str
    method: bool
    """A method the engine calls, or an attribute (or property) it reads."""
    optional: bool
    protocol: type
    """The protocol that declares it, whose body is the default of an optional method."""


@functools.cache
def members(protocol: type) -> dict[str, Member]:
    """What `protocol` asks of a rule type, by name, its own and its bases'."""
    found: dict[str, Member] = {}
    for cls in reversed(protocol.__mro__):
        if not getattr(cls, "_is_protocol", False) or cls.__module__ == "typing":
            continue
        for name in inspect.get_annotations(cls):
            if not name.startswith("_"):
                found[name] = Member(name, False, name in cls.__dict__, cls)
        for name, value in vars(cls).items():
            if name.startswith("_"):
                continue
            if isinstance(value, property):
                found[name] = Member(name, False, False, cls)
            elif inspect.isfunction(value):
                optional = getattr(value, "__servicekit_optional__", False)
                found[name] = Member(name, True, optional, cls)
    return found


def protocol_of(params: type) -> type | None:
    """The stage protocol a rule type implements: the one it subclasses, or its `stage`'s."""
    for cls in params.__mro__:
        if cls in PROTOCOLS.values():
            return cls
    stage = inspect.getattr_static(params, "stage", None)
    return PROTOCOLS.get(stage) if isinstance(stage, str) else None


def contract_problem(params: type) -> tuple[str, str] | None:
    """Why a rule type's class does not implement its stage's protocol (what is wrong, and a
    hint), or None when it does."""
    protocol = protocol_of(params)
    if protocol is None:
        stage = inspect.getattr_static(params, "stage", None)
        said = f"its stage is {stage!r}" if isinstance(stage, str) else "it says no stage"
        stages = ", ".join(dict.fromkeys(PROTOCOLS))
        return (
            f"{said}; a rule type has a `stage` class attribute, one of: {stages}",
            "or subclass the stage's protocol from servicekit.pricing.stages",
        )
    return next(_problems(params, protocol), None)


def _problems(params: type, protocol: type) -> Iterator[tuple[str, str]]:
    import difflib  # only a mistake needs it: imported when one is made

    wanted = members(protocol)
    fields = {field.name for field in attrs.fields(params)} if attrs.has(params) else set()
    own = _own_names(params) | fields
    stage = protocol.__name__
    for member in wanted.values():
        if member.name not in own:  # a protocol's own stub is not an implementation
            if member.optional:
                continue
            close = difflib.get_close_matches(member.name, own - wanted.keys(), n=1, cutoff=0.6)
            what = "method" if member.method else "attribute"
            hint = f"did you mean to name `{close[0]}` `{member.name}`?" if close else DOCS
            yield f"has no {what} `{member.name}`, which a {stage} needs", hint
            continue
        found = inspect.getattr_static(params, member.name, None)
        if member.method and member.name not in fields:
            yield from _signature_problems(params, protocol, member)
        elif not member.method and inspect.isfunction(found):
            yield (
                f"defines `{member.name}` as a method; a {stage} reads it as a value",
                "make it a class attribute, a field or a property",
            )
    for name in sorted(own - wanted.keys() - fields):
        if not inspect.isfunction(inspect.getattr_static(params, name, None)):
            continue
        close = difflib.get_close_matches(name, wanted, n=1, cutoff=0.8)
        if close:
            yield (
                f"has a method `{name}`, which the contract does not know",
                f"did you mean `{close[0]}`? {DOCS}",
            )


def _signature_problems(params: type, protocol: type, member: Member) -> Iterator[tuple[str, str]]:
    found = getattr(params, member.name)
    if not callable(found):
        yield f"has `{member.name}`, but it is not a method", DOCS
        return
    wanted = _arguments(protocol, member.name)
    if _takes(found, 1 + len(wanted)):  # self, then what the engine passes
        return
    try:
        signature = inspect.signature(found)
    except (TypeError, ValueError):
        return  # a builtin or C function: its signature cannot be read, so trust it
    arguments = [None] * len(wanted)
    try:
        signature.bind(None, *arguments)
    except TypeError:
        takes = ", ".join(list(signature.parameters)[1:])
        yield (
            f"has `{member.name}({takes})`; the engine calls it with ({', '.join(wanted)})",
            DOCS,
        )


def _takes(function: Any, count: int) -> bool:
    """Whether a plain function surely takes `count` positional arguments, read from its code
    as `inspect.signature(function).bind` would find it (which costs every rule type and
    condition checked at start-up far more). False when it does not, or when it is not a plain
    function: the signature then says."""
    if (
        not inspect.isfunction(function)
        or hasattr(function, "__wrapped__")
        or hasattr(function, "__signature__")
    ):
        return False
    code = function.__code__
    defaults = len(function.__defaults__ or ())
    required_keywords = code.co_kwonlyargcount - len(function.__kwdefaults__ or {})
    if required_keywords:
        return False
    if code.co_flags & inspect.CO_VARARGS:
        return count >= code.co_argcount - defaults
    return code.co_argcount - defaults <= count <= code.co_argcount


@functools.cache
def _arguments(protocol: type, name: str) -> list[str]:
    """What the engine passes the method `name` of `protocol`, self aside. Read once: every
    rule type (and condition) is checked against the same few methods."""
    return list(inspect.signature(getattr(protocol, name)).parameters)[1:]


def _own_names(params: type) -> set[str]:
    """The public names a rule type's class defines, or inherits from classes that are not
    protocols."""
    names: set[str] = set()
    for cls in params.__mro__:
        if cls is object or getattr(cls, "_is_protocol", False):
            continue
        names.update(name for name in vars(cls) if not name.startswith("_"))
    return names


def bound(implementation: Any, name: str, protocol: type | None = None) -> Callable[..., Any]:
    """The method `name` of a rule's parameters (or of a condition): its own, or the default
    of its protocol (for a rule, its stage's)."""
    own = getattr(implementation, name, None)
    if own is not None:
        return own
    protocol = protocol or protocol_of(type(implementation))
    assert protocol is not None, "implementations are checked when their plugin is collected"
    return functools.partial(getattr(protocol, name), implementation)


def value(params: Any, name: str) -> Any:
    """A rule's attribute `name`: its own, or its protocol's default."""
    protocol = protocol_of(type(params))
    return getattr(params, name, getattr(protocol, name, None))


def protocol_problem(implementation: type, protocol: type) -> tuple[str, str] | None:
    """Why a class does not implement `protocol` (a condition's, say), or None."""
    return next(_problems(implementation, protocol), None)
