"""The pricing pipeline's stages, in the order they run, and what a rule type must offer.

Plugins cannot reorder the stages. A rule type's parameter class names its stage in a `stage`
attribute and has what `REQUIRED` lists for it; docs/pricing.md ("Writing a rule type") says
what each method takes and returns.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

STAGES = (
    "plan",
    "base",
    "surcharge",
    "line-discount",
    "order-discount",
    "price-ending",
    "tax",
    "deposit",
    "fee",
    "gratuity",
)

REQUIRED: dict[str, tuple[str, ...]] = {
    "plan": ("purchase", "covers", "needs_unit_price", "describe"),
    "base": ("price_for",),
    "surcharge": ("surcharge",),
    "line-discount": ("discount", "exclusive", "combines_with", "percentage"),
    "order-discount": ("discount", "exclusive", "combines_with", "percentage"),
    "price-ending": ("end",),
    "deposit": ("deposit",),
    "fee": ("fee", "kind", "notice_hours"),
    "gratuity": ("percents", "basis"),
}
"""What a rule's parameters must have for its stage."""


@attrs.frozen
class LineInfo:
    """What a base-price rule sees of the line it prices."""

    kind: str
    """"service" or "addon"."""
    id: str
    duration: int | None
    list_price: Decimal


def contract_problem(params: object) -> str | None:
    """Why `params` cannot take part in pricing, or None when it can."""
    stage = getattr(params, "stage", None)
    if stage not in REQUIRED:
        return f"its stage is {stage!r}; expected one of: {', '.join(REQUIRED)}"
    missing = [name for name in REQUIRED[stage] if not hasattr(params, name)]
    if missing:
        return f"a {stage} rule needs {', '.join(missing)}"
    return None
