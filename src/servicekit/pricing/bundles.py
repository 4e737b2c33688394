"""Bundles: the items of a visit that fill a bundle rule's slots and save the client most.

A bundle (the built-in `bundle` rule type, or a plugin's rule of the bundle stage) names the
items it is an offer on by slot; the matcher tries every way to fill the slots with different
items (and guests, when the rule says) whose guests meet its conditions, has the rule price
each at what its items still cost after every other discount, and keeps the best for the
client, up to the number of times the rule applies in one visit.
"""

from __future__ import annotations

import itertools
import operator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.errors import RuleValueError, ServicekitError
from servicekit.pricing import contract, values

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.pricing.compiled import CompiledRule
    from servicekit.pricing.engine import Run
    from servicekit.pricing.trace import Line
    from servicekit.pricing.words import ClinicWords

ZERO = Decimal(0)
MAX_BUNDLE_TRIES = 20_000
"""Bundle matches tried per rule and visit; beyond them the best found so far is taken."""


class Application:
    """A bundle applied once: its items (engine indexes), their amounts, and what it takes
    off each line."""

    __slots__ = ("amount", "base", "items", "raw", "shares")

    def __init__(
        self,
        items: tuple[int, ...],
        amount: Decimal,
        raw: Decimal,
        base: Decimal,
        shares: list[tuple[Line, Decimal]],
    ) -> None:
        self.items, self.amount, self.raw, self.base = items, amount, raw, base
        self.shares = shares


class Matcher:
    """The items of a visit that fill a bundle's slots and save the client most."""

    def __init__(
        self, run: Run, rule: CompiledRule, nets: dict[str, Decimal], allowed: frozenset[int]
    ) -> None:
        self.run, self.rule, self.nets = run, rule, nets
        targeted = dict(run.layout.candidates["bundle"]).get(rule, ())
        self.lines = {
            item: [run.item_lines[item][i] for i in indexes]
            for item, indexes in targeted
            if item in allowed
        }
        items = [run.visit.items[place] for place in run.order]
        services = run.catalogue.services
        self.items = items
        self.fits = [
            [item for item in self.lines if slot.service(services[items[item].service])]
            for slot in rule.slots
        ]
        self.tries = 0

    def best(self, times: int) -> list[Application]:
        """Up to `times` applications to different items, together saving the most."""
        found: list[Application] = []
        used: set[int] = set()
        for _ in range(times):
            application = self.one(used)
            if application is None:
                break
            found.append(application)
            used.update(application.items)
        return found

    def one(self, used: set[int]) -> Application | None:
        best: Application | None = None
        for chosen in self.assignments(used):
            application = self.priced(chosen)
            if best is None or application.amount > best.amount:
                best = application
            self.tries += 1
            if self.tries >= MAX_BUNDLE_TRIES:
                break
        return best

    def assignments(self, used: set[int]) -> Any:
        """Every way to fill the slots with different items not yet used, in the order the
        items are priced (so ties go to the first)."""
        guests = contract.value(self.rule.params, "guests")
        for chosen in itertools.product(*self.fits):
            if len(set(chosen)) < len(chosen) or used.intersection(chosen):
                continue
            owners = [self.items[item].guest for item in chosen]
            if guests == "different" and len(set(owners)) < len(owners):
                continue
            if guests == "same" and len(set(owners)) > 1:
                continue
            yield chosen

    def priced(self, chosen: tuple[int, ...]) -> Application:
        run, rule, nets = self.run, self.rule, self.nets
        amounts = [sum([nets[line.key] for line in self.lines[item]], ZERO) for item in chosen]
        infos = tuple(run.infos.item(item) for item in chosen)
        try:
            returned = rule.act(tuple(run.money(amount) for amount in amounts), infos, run.context)
        except ServicekitError:
            raise
        except Exception as error:
            raise values.failed(rule, "discount", error) from error
        if not isinstance(returned, tuple | list) or len(returned) != len(chosen):
            raise RuleValueError(
                f"{rule.named()} returned {returned!r} from discount(); it returns one Money "
                f"for each of the {len(chosen)} items of the bundle",
                plugin=rule.plugin,
            )
        offs, raws = [], []
        for value, amount in zip(returned, amounts, strict=True):
            off, raw = run.amount(rule, "discount", value, run.context)
            offs.append(min(off, amount))
            raws.append(min(raw, amount))
        # Never more off than the cheapest item costs, its order discounts' rounding aside.
        cheapest = max(ZERO, min(map(operator.sub, amounts, map(run.short, chosen))))
        if sum(offs, ZERO) > cheapest:
            offs = run.split(cheapest, offs)
        shares: list[tuple[Line, Decimal]] = []
        base = ZERO
        for item, off, amount in zip(chosen, offs, amounts, strict=True):
            if not off:
                continue
            base += amount
            lines = [line for line in self.lines[item] if nets[line.key] > 0]
            parts = run.split(off, [nets[line.key] for line in lines])
            shares += list(zip(lines, parts, strict=True))
        return Application(chosen, sum(offs, ZERO), sum(raws, ZERO), base, shares)


def slots_wanted(rule: CompiledRule, run: Run) -> Wanted:
    """What a bundle's items must be, worded when read: "Massage and Facials", "3 services"."""
    return Wanted(rule, run.catalogue)


@attrs.frozen
class Wanted:
    """What a bundle's items must be, in words: "Massage and Facials", "3 services"."""

    rule: CompiledRule
    catalogue: Catalogue

    def said(self, words: ClinicWords) -> str:
        counted: dict[str, int] = {}
        for slot in self.rule.slots:
            if slot.all_services:
                named = ""
            elif slot.services:
                named = words.either(words.name("service", i) for i in sorted(slot.services))
            elif slot.categories:
                named = words.either(words.name("category", i) for i in sorted(slot.categories))
            else:
                modalities = self.catalogue.modalities
                named = words.either(
                    modalities[i].name if i in modalities else i for i in sorted(slot.modalities)
                )
            counted[named] = counted.get(named, 0) + 1
        said = []
        for named, count in counted.items():
            if not named:
                said.append(words.ngettext("a service", "%(count)s services", count))
            elif count == 1:
                said.append(named)
            else:
                said.append(
                    words.ngettext(
                        "%(count)s of %(items)s", "%(count)s of %(items)s", count, items=named
                    )
                )
        wanted = words.either(said, "and")
        guests = contract.value(self.rule.params, "guests")
        if guests == "different":
            each = words.gettext("each for a different guest")
        else:
            each = words.gettext("all for one guest") if guests == "same" else ""
        return f"{wanted}, {each}" if each else wanted
