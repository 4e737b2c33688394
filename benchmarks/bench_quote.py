"""Quote speed: the bundled clinic with 20 pricing rules, a service with 2 add-ons.

    python benchmarks/bench_quote.py [--runs 15] [--number 2000]

Prints median microseconds per quote for a plain booking and for one that sets off member
pricing, a first-visit offer, a member discount, a promotion code, an add-on member price, a
price ending and a weekend surcharge, each with the total only (what a point of sale reads)
and with every line and the audit trail worded as JSON. Target (issue #3): at most 30 µs
median, at least 30,000 quotes a second on one core.
"""

from __future__ import annotations

import sys
from pathlib import Path

import servicekit

sys.path.insert(0, str(Path(__file__).parent))
from timing import median_us, options

ROOT = Path(__file__).resolve().parent.parent

# Nine more rules of the kinds a clinic adds over time, so the catalogue has 20.
EXTRA_RULES = """
[[rules]]
id = "holiday-surcharge"
type = "surcharge"
applies_to = ["services"]
when = { days = ["sun"], before = "12:00" }
amount = "10.00"

[[rules]]
id = "senior-discount"
type = "percent-off"
when = { tags = ["senior"] }
percent = 10

[[rules]]
id = "spring5"
type = "amount-off"
scope = "order"
when = { promo = "SPRING5", valid_from = 2027-03-01, valid_until = 2027-05-31 }
amount = "5.00"

[[rules]]
id = "loyalty"
type = "percent-off"
exclusive = false
combines_with = ["referral"]
when = { tags = ["loyal"] }
percent = 5

[[rules]]
id = "referral"
type = "amount-off"
exclusive = false
combines_with = ["loyalty"]
when = { tags = ["referred"] }
amount = "10.00"

[[rules]]
id = "stones-member-price"
type = "set-price"
applies_to = ["addon:hot-stones"]
when = { tags = ["member"] }
price = "15.00"

[[rules]]
id = "long-session"
type = "percent-off"
applies_to = ["services"]
when = { min_duration = 120 }
percent = 5

[[rules]]
id = "quiet-hours"
type = "percent-off"
applies_to = ["service:swedish"]
when = { days = ["tue", "wed"], before = "11:00" }
percent = 15

[[rules]]
id = "round-to-dollars"
type = "price-ending"
applies_to = ["addons"]
grid = "1.00"
max_change = "0.50"
"""

BOOKINGS = {
    "plain booking": {
        "service": "deep-tissue",
        "duration": 90,
        "addons": ["hot-stones", "cupping"],
        "at": "2026-12-02T11:00",
    },
    "member, first visit, promo, weekend evening": {
        "service": "therapeutic",
        "duration": 60,
        "addons": ["hot-stones", "cupping"],
        "at": "2026-12-04T18:30",
        "tags": ["member", "first-visit"],
        "promos": ["WINTER10"],
    },
}


def main() -> None:
    args = options(__doc__)
    text = (ROOT / "catalogues" / "therapeutic-clinic.toml").read_text() + EXTRA_RULES
    catalogue = servicekit.loads(text, plugins=servicekit.plugin_manager())  # + first-party
    print(f"python {sys.version.split()[0]}; {len(catalogue.rules)} rules; median of {args.runs}")
    for name, booking in BOOKINGS.items():
        total_only = median_us(lambda b=booking: catalogue.quote(**b).total, args)
        worded = median_us(lambda b=booking: catalogue.quote(**b).to_dict(), args)
        verdict = "meets" if total_only <= 30 else "misses"
        print(
            f"{name}: {total_only:.1f} µs with the total ({1e6 / total_only:,.0f} quotes/s; "
            f"{verdict} the 30 µs target), {worded:.1f} µs with lines and audit as JSON"
        )


if __name__ == "__main__":
    main()
