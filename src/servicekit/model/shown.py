"""One `__repr__` for the frozen records every command builds.

attrs compiles a `__repr__` for each class it makes, at import: about 0.15 ms a class, paid
by every command before it does anything, for a method read only when a record is printed
while debugging. The records `servicekit check` builds say `repr=False` and inherit this one,
which says what attrs' would: `Service(id='swedish', name='Swedish Massage', ...)`.
"""

from __future__ import annotations

from typing import Any

import attrs


class Shown:
    """A record shown as attrs shows one, by one method for every class (`repr=False`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        cls: Any = type(self)  # an attrs class: the records that inherit this are
        shown = ", ".join(
            f"{field.name}={_said(field, getattr(self, field.name))}"
            for field in attrs.fields(cls)
            if field.repr
        )
        return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({shown})"


def _said(field: attrs.Attribute[Any], value: object) -> str:
    return field.repr(value) if callable(field.repr) else repr(value)
