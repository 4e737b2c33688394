"""What a catalogue's pricing probably gets wrong, though it is valid: warnings for `check`.

A key that has no effect where it is written changes no price, so nothing else would show
it: a plan's `applies_to` naming add-ons (a plan pays for sessions), gift certificates that
expire sooner than the law of the clinic's country lets them.
"""

from __future__ import annotations

from collections.abc import Iterator

from servicekit.errors import Problem
from servicekit.model.catalogue import Catalogue

US_GIFT_CARD_DAYS = 1826
"""The US CARD Act: a gift certificate's paid value may not expire within five years."""
ACTS_ON = {"plan": ("service", "services", "category")}
"""What `applies_to` may name in a stage whose rules act on some lines only; a selector of
another kind has no effect there. Other stages act on every kind of line."""


def pricing_warnings(catalogue: Catalogue) -> Iterator[Problem]:
    """Warnings about the catalogue's rules and gift certificates."""
    for index, rule in enumerate(catalogue.rules):
        stage = rule.params.stage
        kinds = ACTS_ON.get(stage)
        if kinds is None:
            continue
        for position, selector in enumerate(rule.applies_to):
            if selector.partition(":")[0] not in kinds:
                yield Problem(
                    ("rules", index, "applies_to", position),
                    f"'{selector}' has no effect: a {rule.type.name} pays for sessions of "
                    "services, never for add-ons",
                    'name the services it pays for, e.g. ["service:swedish"]',
                    severity="warning",
                )
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
