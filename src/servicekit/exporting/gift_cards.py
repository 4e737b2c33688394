"""Gift certificates in exports: the servicekit JSON holds them whole; Square's catalog cannot.

Square sells gift cards through its own Gift Cards API and dashboard; its Catalog API creates
only regular items and appointment services (the `GIFT_CARD` item type is deprecated and
cannot be created), so a Square export names the clinic's gift certificates in a warning,
with what to set up in Square instead.
"""

from __future__ import annotations

from typing import Any

from servicekit.exporting.context import ExportContext
from servicekit.model.catalogue import GiftCards


def gift_cards_json(context: ExportContext) -> dict[str, Any] | None:
    """The gift certificates the clinic sells, money in minor units; None when it sells none."""
    cards = context.catalogue.gift_cards
    if cards is None:
        return None
    return {
        "name": cards.name,
        "amounts": [amount.minor for amount in cards.amounts],
        "min": cards.min.minor if cards.min is not None else None,
        "max": cards.max.minor if cards.max is not None else None,
        "valid_days": cards.valid_days,
        "bonuses": [
            {
                "buy": bonus.buy.minor,
                "get": bonus.get.minor,
                "valid_from": bonus.valid_from.isoformat() if bonus.valid_from else None,
                "valid_until": bonus.valid_until.isoformat() if bonus.valid_until else None,
                "valid_days": bonus.valid_days,
            }
            for bonus in cards.bonuses
        ],
    }


def warn_square_of_gift_cards(context: ExportContext) -> None:
    """Say, naming them, that the clinic's gift certificates are not in the Square export."""
    cards = context.catalogue.gift_cards
    if cards is not None:
        context.warn(
            ("gift_cards",),
            f"gift certificates '{cards.name}' ({_sold(cards, context)}): Square's catalog "
            "cannot hold gift cards; not exported",
            "sell them as Square gift cards (Square Dashboard, Gift Cards) and take them as "
            "a tender at checkout",
        )


def _sold(cards: GiftCards, context: ExportContext) -> str:
    from servicekit.formatting import format_money

    locale = context.catalogue.clinic.locale
    sold = [format_money(amount, locale) for amount in cards.amounts]
    if cards.min is not None and cards.max is not None:
        sold.append(f"{format_money(cards.min, locale)} to {format_money(cards.max, locale)}")
    sold += [
        f"{format_money(bonus.get, locale)} bonus on {format_money(bonus.buy, locale)}"
        for bonus in cards.bonuses
    ]
    return ", ".join(sold)
