"""The conditions of a rule's `when`: one object each, owning its keys from the file to Square.

A condition is read from the catalogue, checked against the rest of it, compiled into a check
quoting runs, described in words for menus and exports, and written to and read from Square,
all by the one object. The built-in ones (`servicekit.builtin.conditions`) come through the
`servicekit_conditions` hook like a plugin's; a plugin's condition adds a `when` key.

A compiled check is a function of the booking's `PricingContext` that returns None when the
condition holds, or a `Failure` saying why not; it is called on every quote, so each failure
is made once, when the rule is compiled, and worded once, when its reason is first read: in
English for JSON, and with a way to say it in any reader's language (`Failure.worded`), used
only when a quote's text is read.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from servicekit import lazy
from servicekit.errors import repeated
from servicekit.i18n import SOURCE_LOCALE, speaking
from servicekit.pricing import contract
from servicekit.pricing.stages import PricingContext, Words, optional

if TYPE_CHECKING:
    from servicekit.errors import KeyPath
    from servicekit.model.catalogue import Clinic, When
    from servicekit.pricing.square_terms import SquareTerms

# What a rule's conditions mean in Square's catalog is an export's and an import's record
# (`square_terms`): given on first use (PEP 562), as it was given before.
_EXPORTS = {"SquareTerms": "servicekit.pricing.square_terms"}


def __getattr__(name: str) -> Any:
    return lazy.attribute(globals(), _EXPORTS, name)


BUILT_IN_CONDITIONS = "builtin-rules"
"""The plugin whose conditions read the built-in `when` keys, the fields of `When`."""

DEPENDS = frozenset(("visit", "subtotal", "item", "guest"))
"""What a condition's check may say it reads (`Condition.depends_on`); anything else is read
as "anything"."""


@attrs.frozen(eq=False)
class Failure:
    """Why a condition does not hold: its outcome in the audit trail, and the reason.

    Make each failure once, when the condition is compiled: a quote's audit trail is
    remembered by the failures it reports, one by one. `Failure.worded` makes one that says
    its reason in any reader's language.
    """

    outcome: Literal["condition", "limit", "not-targeted"]
    _reason: str | None = attrs.field(alias="reason")
    """The reason in English; None for a worded failure, whose `said` words it when read."""
    said: Callable[[Words], str] | None = attrs.field(default=None, kw_only=True, repr=False)
    """How to say the reason for a reader: called with their words and their locale active
    (what a quote's text in their language shows); None: the English for every reader."""
    _words: Words | None = attrs.field(default=None, kw_only=True, alias="words", repr=False)
    """The catalogue's words, which `said` words the English reason with."""

    @functools.cached_property
    def reason(self) -> str:
        """In English, as the audit trail's JSON gives it. A worded failure says it when it
        is first read: most are never read (`servicekit check` reads none), and wording may
        need Babel's locale data (money, times)."""
        if self._reason is not None:
            return self._reason
        assert self.said is not None
        assert self._words is not None
        return speaking(SOURCE_LOCALE, self.said, self._words)

    @classmethod
    def worded(
        cls,
        outcome: Literal["condition", "limit", "not-targeted"],
        said: Callable[[Words], str],
        words: Words,
    ) -> Failure:
        """A failure whose reason `said(words)` words, in English when `reason` is first read
        (`words` are the catalogue's, what `compile` is given) and for each reader when a
        quote is read:
        `Failure.worded("condition", lambda words: _("the client is not tagged %(tags)s",
        tags=words.either(tags)), words)`.

        A plugin's condition is compiled `wording_at_once`: its English reason is worded
        here, so a mistake in its wording is found by `servicekit check`, not by a quote."""
        failure = cls(outcome, None, said=said, words=words)
        if _AT_ONCE.get():
            failure.reason  # noqa: B018 (worded now, and kept)
        return failure

    def reason_for(self, words: Words) -> str:
        """The reason in `words`' language (call it with their locale active)."""
        return self.reason if self.said is None else self.said(words)


_AT_ONCE = contextvars.ContextVar("servicekit_failures_worded_at_once", default=False)


@contextlib.contextmanager
def wording_at_once() -> Iterator[None]:
    """Failures made within are worded when made, not when first read: for conditions whose
    wording the project's tests do not cover (a plugin's)."""
    token = _AT_ONCE.set(True)
    try:
        yield
    finally:
        _AT_ONCE.reset(token)


Check = Callable[[PricingContext], Failure | None]
"""A compiled condition: None when it holds, or why not."""


class Site:
    """What a condition's `problems` may check a value against: the ids the catalogue
    declares, by section ("locations", "levels", ...), and its clinic.

    Building makes one per catalogue and conditions read it; nothing compares or shows one,
    so it is a plain class (an attrs class compiles its methods at every start-up)."""

    __slots__ = ("clinic", "ids")

    def __init__(self, ids: Mapping[str, frozenset[str]], clinic: Clinic | None) -> None:
        self.ids = ids
        self.clinic = clinic


class Written(Protocol):
    """What a condition reads of a rule: its `when` as written (the built-in conditions'
    keys) and `plugin_when`, the values of the conditions plugins contribute, by key. A
    `servicekit.Rule` is one."""

    @property
    def when(self) -> When: ...

    @property
    def plugin_when(self) -> Mapping[str, Any]: ...


class WrittenWhen:
    """A rule's conditions as written, before the rule is built (a plain class, as `Site`)."""

    __slots__ = ("plugin_when", "when")

    def __init__(self, when: When, plugin_when: Mapping[str, Any]) -> None:
        self.when = when
        self.plugin_when = plugin_when


class Condition(Protocol):
    """One condition of a rule's `when`.

    `key` is its key in `when` (a built-in condition reading several keys names them all in
    `keys`); `value_type` is what its value is read as, as a rule type's field would be
    (`tuple[Id, ...]`, `Money`, `Literal[...]`, an attrs class, ...), and `doc` says what it
    means, for `servicekit schema catalogue`.
    """

    @property
    def key(self) -> str: ...

    @property
    def value_type(self) -> Any: ...

    @property
    def doc(self) -> str: ...

    def compile(self, value: Any, rule: Written, words: Words) -> Check:
        """The check quoting runs for a rule that states `value`."""
        ...

    def describe(self, value: Any, rule: Written, words: Words) -> str | None:
        """The condition in a phrase for menus and exports: "for clients tagged member", in
        the language of `words` (their locale is active when it is called)."""
        ...

    @optional
    def keys(self) -> tuple[str, ...]:
        """Every `when` key it reads. Default: `key` alone."""
        return (self.key,)

    @optional
    def value(self, rule: Written) -> Any:
        """What `rule` states, or None when it does not state the condition. Default: the
        rule's `plugin_when[key]`, where building puts a plugin's condition's value."""
        return rule.plugin_when.get(self.key)

    @optional
    def tags(self, value: Any, rule: Written) -> tuple[str, ...]:
        """The client tags it reads, so that a quote naming a tag no rule reads warns of it
        (a likely typo). Default: none."""
        return ()

    @optional
    def depends_on(self, value: Any, rule: Written) -> str:
        """What of a booking its check reads, so that a rule applied to several items and
        guests at once is checked only as often as that can differ among them: "visit" (what
        is the same for the whole visit: codes, location, therapist level), "subtotal" (also
        the list price of what the rule is applied to), "item" (also an item's start, day and
        length) or "guest" (also the client's tags). Default: "anything", so it is checked
        for each guest of each item in a context of their own."""
        return "anything"

    @optional
    def problems(
        self, value: Any, rule: Written, site: Site
    ) -> Iterator[tuple[KeyPath, str, str]]:
        """What is wrong with `value` in this catalogue, each as (key path under `when`,
        message, hint). Default: nothing."""
        return iter(())

    @optional
    def to_square(self, value: Any, rule: Written, square: SquareTerms) -> None:
        """Write the condition into what Square will apply, or say in `square.manual` why
        Square cannot. Default: Square cannot ("it depends on <key>")."""
        square.manual.append(f"it depends on `{self.key}`")

    @optional
    def from_square(self, square: SquareTerms) -> Mapping[str, Any]:
        """The `when` keys and values Square's terms stand for. Default: none."""
        return {}


def method(condition: Condition, name: str) -> Callable[..., Any]:
    """A condition's method `name`: its own, or the protocol's default."""
    return contract.bound(condition, name, Condition)


def when_keys(conditions: Iterable[Condition]) -> dict[str, Condition]:
    """The conditions by every `when` key they read."""
    return {key: condition for condition in conditions for key in method(condition, "keys")()}


def stated(conditions: Iterable[Condition], rule: Written) -> Iterator[tuple[Condition, Any]]:
    """The conditions a rule states, each with its value, in the order they are checked."""
    for condition in conditions:
        found = method(condition, "value")(rule)
        if found is not None:
            yield condition, found


def distinct(key: str, values: Iterable[Any]) -> Iterator[tuple[KeyPath, str, str]]:
    """A problem for each value listed more than once."""
    for index, message, hint in repeated(values):
        yield (key, index), message, hint


def references(
    key: str, values: Iterable[str], site: Site, section: str, kind: str
) -> Iterator[tuple[KeyPath, str, str]]:
    """A problem for each value listed twice, and for each the catalogue does not declare."""
    from servicekit.errors import did_you_mean

    values = tuple(values)
    yield from distinct(key, values)
    known = site.ids.get(section, frozenset())
    first: dict[str, int] = {}  # each unknown id is reported once, where it first appears
    for index, ident in enumerate(values):
        first.setdefault(ident, index)
    for ident, index in first.items():
        if ident not in known:
            hint = did_you_mean(ident, known) if known else f"the catalogue declares no {kind}s"
            yield (key, index), f"unknown {kind} '{ident}'", hint
