"""What changed between two catalogues: services, lengths, add-ons, prices, taxes, rules and
gift certificates.

For a clinic re-exporting after a menu change, and for reviewing a change before it goes to
the POS. Entries are matched by id (a service's lengths by minutes, a gift certificate bonus
by what must be bought to get it); a changed entry lists each field that differs, old and new.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

import attrs

from servicekit.exporting.values import decimal_text, plain
from servicekit.model.catalogue import Catalogue, GiftBonus, GiftCards, Service
from servicekit.model.money import Money

Kind = Literal["added", "removed", "changed"]

SECTIONS = (
    ("clinic", "clinic"),
    ("locations", "location"),
    ("credentials", "credential"),
    ("levels", "level"),
    ("categories", "category"),
    ("modalities", "modality"),
    ("services", "service"),
    ("variations", "variation"),
    ("addons", "add-on"),
    ("taxes", "tax"),
    ("rules", "rule"),
    ("gift_cards", "gift-card"),
    ("gift_cards", "gift-bonus"),
)
"""What a diff compares, in the order it lists changes: the table and what one entry is."""

SYMBOLS = {"added": "+", "removed": "-", "changed": "~"}


@attrs.frozen
class Change:
    """One difference: an entry added or removed, or one field of it changed."""

    kind: Kind
    what: str
    """"service", "variation", "add-on", "tax", "rule", "category", ..., "clinic", "gift-card"
    (the `[gift_cards]` table) or "gift-bonus" (one of its bonuses)."""
    id: str
    """The entry's id; a variation's is "<service>:<minutes>", the gift certificates'
    "gift_cards", a bonus's "bonus:<amount to buy>"."""
    field: str | None = None
    """The field that changed, e.g. "price" or "params.percent"; None when added or removed."""
    old: Any = None
    new: Any = None
    label: str | None = None
    """The entry's name, for people."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.kind,
            "what": self.what,
            "id": self.id,
            "field": self.field,
            "old": plain(self.old),
            "new": plain(self.new),
            "name": self.label,
        }


@attrs.frozen
class Diff:
    """The changes from `old` to `new`; empty when the catalogues offer the same."""

    old: str | None
    new: str | None
    changes: tuple[Change, ...]
    currencies: tuple[str, str]

    @property
    def equal(self) -> bool:
        return not self.changes

    def __bool__(self) -> bool:
        return bool(self.changes)

    def to_dict(self) -> dict[str, Any]:
        """As JSON data: money in minor units of its catalogue's currency."""
        return {
            "equal": self.equal,
            "old": self.old,
            "new": self.new,
            "currency": {"old": self.currencies[0], "new": self.currencies[1]},
            "changes": [change.to_dict() for change in self.changes],
        }


def diff(old: Catalogue | str | os.PathLike[str], new: Catalogue | str | os.PathLike[str]) -> Diff:
    """What changed from `old` to `new` (catalogues, or paths of catalogue files)."""
    old, new = _loaded(old), _loaded(new)
    changes = [
        *_fields("clinic", "clinic", old.clinic, new.clinic, old.clinic.name),
        *_table("location", old.locations, new.locations),
        *_table("credential", old.credentials, new.credentials),
        *_table("level", old.levels, new.levels),
        *_table("category", old.categories, new.categories),
        *_table("modality", _own_modalities(old), _own_modalities(new)),
        *_table("service", old.services, new.services, skip=("variations",)),
        *_variations(old, new),
        *_table("add-on", old.addons, new.addons),
        *_table("tax", old.taxes, new.taxes),
        *_rules(old, new),
        *_gift_cards(old.gift_cards, new.gift_cards),
    ]
    order = {what: index for index, (_, what) in enumerate(SECTIONS)}
    kinds = {"removed": 0, "added": 1, "changed": 2}
    changes.sort(key=lambda c: (order[c.what], kinds[c.kind], c.id, c.field or ""))
    return Diff(old.source, new.source, tuple(changes), (old.currency, new.currency))


def _loaded(catalogue: Catalogue | str | os.PathLike[str]) -> Catalogue:
    if isinstance(catalogue, Catalogue):
        return catalogue
    from servicekit.loading.catalogue import load

    return load(catalogue)


def _own_modalities(catalogue: Catalogue) -> dict[str, Any]:
    """Modalities the catalogue uses; plugin ones change only with their plugin."""
    used = {service.modality for service in catalogue.services.values()}
    return {ident: catalogue.modalities[ident] for ident in sorted(used)}


def _table(
    what: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    skip: tuple[str, ...] = (),
    label: Callable[[Any], str | None] = lambda entry: getattr(entry, "name", None),
) -> Iterator[Change]:
    for ident in old.keys() - new.keys():
        yield Change("removed", what, ident, label=label(old[ident]))
    for ident in new.keys() - old.keys():
        yield Change("added", what, ident, label=label(new[ident]))
    for ident in old.keys() & new.keys():
        yield from _fields(what, ident, old[ident], new[ident], label(new[ident]), skip)


def _fields(
    what: str, ident: str, old: Any, new: Any, label: str | None, skip: tuple[str, ...] = ()
) -> Iterator[Change]:
    """A change per field of two records that differs; nested records field by field."""
    if old == new:
        return
    if attrs.has(type(old)) and type(old) is type(new):
        for field in attrs.fields(type(old)):
            if field.name in skip or field.name.startswith("_"):
                continue
            a, b = getattr(old, field.name), getattr(new, field.name)
            if a == b:
                continue
            if attrs.has(type(a)) and type(a) is type(b) and not isinstance(a, Money):
                for change in _fields(what, ident, a, b, label):
                    yield attrs.evolve(change, field=f"{field.name}.{change.field}")
            else:
                yield Change("changed", what, ident, field.name, a, b, label)
        return
    yield Change("changed", what, ident, "value", old, new, label)


def _variations(old: Catalogue, new: Catalogue) -> Iterator[Change]:
    for ident in old.services.keys() & new.services.keys():
        before, after = _lengths(old.services[ident]), _lengths(new.services[ident])
        name = new.services[ident].name
        for minutes in before.keys() - after.keys():
            yield Change("removed", "variation", f"{ident}:{minutes}", label=name)
        for minutes in after.keys() - before.keys():
            yield Change("added", "variation", f"{ident}:{minutes}", label=name)
        for minutes in before.keys() & after.keys():
            yield from _fields(
                "variation", f"{ident}:{minutes}", before[minutes], after[minutes], name
            )
    for ident in new.services.keys() - old.services.keys():
        for minutes in _lengths(new.services[ident]):
            yield Change(
                "added", "variation", f"{ident}:{minutes}", label=new.services[ident].name
            )
    for ident in old.services.keys() - new.services.keys():
        for minutes in _lengths(old.services[ident]):
            yield Change(
                "removed", "variation", f"{ident}:{minutes}", label=old.services[ident].name
            )


def _lengths(service: Service) -> dict[int, Any]:
    return {variation.duration: variation for variation in service.variations}


def _rules(old: Catalogue, new: Catalogue) -> Iterator[Change]:
    before = {rule.id: rule for rule in old.rules}
    after = {rule.id: rule for rule in new.rules}
    for ident in before.keys() - after.keys():
        yield Change("removed", "rule", ident, label=before[ident].label)
    for ident in after.keys() - before.keys():
        yield Change("added", "rule", ident, label=after[ident].label)
    for ident in before.keys() & after.keys():
        a, b = before[ident], after[ident]
        label = b.label
        if a.type.name != b.type.name:
            yield Change("changed", "rule", ident, "type", a.type.name, b.type.name, label)
            continue
        yield from _fields("rule", ident, a, b, label, skip=("type", "params"))
        for change in _fields("rule", ident, a.params, b.params, label):
            yield attrs.evolve(change, field=f"params.{change.field}")


def _gift_cards(old: GiftCards | None, new: GiftCards | None) -> Iterator[Change]:
    """The gift certificates sold, and their bonuses, each by the amount to buy."""
    ident = "gift_cards"
    if old is None and new is not None:
        yield Change("added", "gift-card", ident, label=new.name)
    elif old is not None and new is None:
        yield Change("removed", "gift-card", ident, label=old.name)
    elif old is not None and new is not None:
        yield from _fields("gift-card", ident, old, new, new.name, skip=("bonuses",))
    yield from _table("gift-bonus", _bonuses(old), _bonuses(new), label=lambda bonus: None)


def _bonuses(cards: GiftCards | None) -> dict[str, GiftBonus]:
    """Bonuses by what must be bought to get them: "bonus:100" (then "bonus:100#2", ... for
    others of the same amount)."""
    found: dict[str, GiftBonus] = {}
    for bonus in cards.bonuses if cards is not None else ():
        key = f"bonus:{decimal_text(bonus.buy.amount)}"
        number = 1
        while (key if number == 1 else f"{key}#{number}") in found:
            number += 1
        found[key if number == 1 else f"{key}#{number}"] = bonus
    return found
