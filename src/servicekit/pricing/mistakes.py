"""What a catalogue's pricing probably gets wrong, though it is valid: warnings for `check`.

A key that has no effect where it is written changes no price, so nothing else would show
it: an `applies_to` naming a kind of line its rule never acts on (a plan's naming add-ons: a
plan pays for sessions), gift certificates that expire sooner than the law of the clinic's
country lets them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from servicekit.errors import PluginError, Problem
from servicekit.model.catalogue import Catalogue, Rule, Service
from servicekit.pricing import contract
from servicekit.pricing.compiled import Targets

US_GIFT_CARD_DAYS = 1826
"""The US CARD Act: a gift certificate's paid value may not expire within five years."""
WRITTEN_BY_DEFAULT = attrs.fields(Rule).applies_to.default
"""A rule that does not say what it applies to applies to what it acts on."""
KINDS = {"service": "services", "addon": "add-ons"}
"""The kinds of line a rule acts on, in words."""
EVERY = {"service": '["services"]', "addon": '["addons"]'}


def pricing_warnings(catalogue: Catalogue) -> Iterator[Problem]:
    """Warnings about the catalogue's rules and gift certificates."""
    named = ServicesNamed(catalogue.services)
    for index, rule in enumerate(catalogue.rules):
        yield from _without_effect(index, rule, catalogue.providers, named)
    cards = catalogue.gift_cards
    days = cards.valid_days if cards is not None else None
    if days is not None and days < US_GIFT_CARD_DAYS and catalogue.currency == "USD":
        yield Problem(
            ("gift_cards", "valid_days"),
            f"gift certificates that expire after {days} days: in the US their paid value may "
            "not expire within five years, and several states forbid any expiry",
            f"leave valid_days out, or make it {US_GIFT_CARD_DAYS} or more where the law "
            "allows; a bonus may expire sooner (bonuses[].valid_days)",
            severity="warning",
        )


class ServicesNamed:
    """The services each selector an `applies_to` may hold names ("services", "service:ID",
    "category:ID"), found for every selector at once when first asked."""

    def __init__(self, services: Mapping[str, Service]) -> None:
        self.services = services
        self.by_selector: dict[str, list[Service]] | None = None

    def __call__(self, selector: str) -> list[Service]:
        if self.by_selector is None:
            self.by_selector = {}
            for service in self.services.values():
                for named in ("services", f"service:{service.id}", f"category:{service.category}"):
                    self.by_selector.setdefault(named, []).append(service)
        return self.by_selector.get(selector, [])

    def lengths(self, selectors: tuple[str, ...]) -> set[int]:
        """The lengths the services `selectors` name are offered in."""
        return {
            variation.duration
            for selector in selectors
            for service in self(selector)
            for variation in service.variations
        }


def _without_effect(
    index: int, rule: Rule, providers: Mapping[tuple[str, str], str], named: ServicesNamed
) -> Iterator[Problem]:
    """What a rule's `applies_to` names that it never acts on: a kind of line its stage's
    protocol (or the rule itself) says it does not, or services it can never reach."""
    acts_on = _acts_on(rule, providers)
    if rule.applies_to == WRITTEN_BY_DEFAULT:
        return
    for position, selector in enumerate(rule.applies_to):
        kind = "addon" if selector == "addons" or selector.startswith("addon:") else "service"
        found: tuple[str, str] | None
        if kind not in acts_on:
            found = _kind_not_acted_on(rule, kind, acts_on)
        else:
            found = _services_not_reached(rule, named(selector)) if kind == "service" else None
        if found is not None:
            said, hint = found
            yield Problem(
                ("rules", index, "applies_to", position),
                f"'{selector}' has no effect: {said}",
                hint,
                severity="warning",
            )


def _acts_on(rule: Rule, providers: Mapping[tuple[str, str], str]) -> tuple[str, ...]:
    acts_on = contract.value(rule.params, "acts_on")
    if isinstance(acts_on, tuple | list) and acts_on and all(kind in KINDS for kind in acts_on):
        return tuple(acts_on)
    plugin = providers.get(("rule type", rule.type.name), "?")
    raise PluginError(
        f"rule '{rule.id}': rule type '{rule.type.name}' from plugin '{plugin}' has "
        f"acts_on = {acts_on!r}, which the pricing contract does not allow",
        hint='one or both of "service" and "addon"',
        plugin=plugin,
    )


def _kind_not_acted_on(rule: Rule, kind: str, acts_on: tuple[str, ...]) -> tuple[str, str]:
    if rule.params.stage == "plan":
        return (
            f"a {rule.type.name} pays for sessions of services, never for add-ons",
            'name the services it pays for, e.g. ["service:swedish"]',
        )
    acted = " and ".join(KINDS[kind] for kind in acts_on)
    return (
        f"this {rule.type.name} rule acts on {acted} only, never on {KINDS[kind]}",
        f"name only {acted}, e.g. {EVERY[acts_on[0]]}",
    )


def _services_not_reached(rule: Rule, services: list[Service]) -> tuple[str, str] | None:
    """Services a plan pays for no length of, or that can be no item of a bundle."""
    params = rule.params
    if params.stage == "plan" and params.durations:
        lengths = " or ".join(str(minutes) for minutes in params.durations)
        offered = {variation.duration for service in services for variation in service.variations}
        if services and offered.isdisjoint(params.durations):
            those = "that length" if len(params.durations) == 1 else "those lengths"
            return (
                f"a {rule.type.name} pays for {lengths} min sessions only, and no service it "
                f"names is offered in {those}",
                "add their lengths to `durations`, or leave it out",
            )
    if params.stage == "bundle":
        slots = [Targets.parse((slot,)) for slot in params.slots]
        if services and not any(slot.service(service) for service in services for slot in slots):
            return (
                "a bundle takes off its own items' lines only, and no service it names can be "
                "one of its items",
                "name what its items are, or leave it out",
            )
    return None
