"""Quote speed: the bundled clinic with 20 pricing rules, a service with 2 add-ons.

    python benchmarks/bench_quote.py [--runs 15] [--number 2000]

Prints the microseconds per quote (the best of the runs: on a machine others share, the
least disturbed one is the cost), each beside two anchors measured in the same run:
the same booking priced by hand (`floor.py`: Decimal, no audit) and one pluggy hook call. For
a plain booking and for one that sets off member prices, a first-visit offer, a member
discount, a promotion code, an add-on member price, price endings and a weekend surcharge:
the total alone (what a point of sale reads) and the quote with every line and the audit
trail as JSON (what `servicekit quote --format json` prints). Then the plain booking's total
in a catalogue with 20 and with 1,000 more rules that cannot target it.

Goals (issue 12): a plain quote with lines and audit at most 15 µs and its total alone at most
8 µs; the rich booking with lines and audit at most 30 µs; 1,000 rules that cannot target a
booking cost at most 1.2 times what 20 do.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

import pluggy

import servicekit

sys.path.insert(0, str(Path(__file__).parent))
from floor import quote_total
from timing import options

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
GOALS: dict[str, tuple[float | None, float]] = {  # (total alone, lines and audit), in µs
    "plain booking": (8, 15),
    "member, first visit, promo, weekend evening": (None, 30),
}


def elsewhere(count: int) -> str:
    """`count` rules of the usual types that target only services the plain booking is not."""
    kinds = [
        ('type = "percent-off"', "percent = 10", 'when = { tags = ["vip"] }'),
        ('type = "surcharge"', 'amount = "5.00"', 'when = { days = ["sat"] }'),
        ('type = "set-price"', 'price = "70.00"', 'when = { tags = ["member"] }'),
        ('type = "amount-off"', 'amount = "3.00"', 'when = { promo = "SPRING" }'),
    ]
    services = ["swedish", "trigger-point", "assisted-stretching", "myofascial-release"]
    return "".join(
        f'\n[[rules]]\nid = "elsewhere-{number}"\n{kind}\n{amount}\n{when}\n'
        f'applies_to = ["service:{services[number % len(services)]}"]\n'
        for number in range(count)
        for kind, amount, when in [kinds[number % len(kinds)]]
    )


def hook_call() -> pluggy.HookCaller:
    """A pluggy hook with one implementation: the price of one plugin call."""
    spec, impl = pluggy.HookspecMarker("anchor"), pluggy.HookimplMarker("anchor")

    class Spec:
        @spec
        def anchor_price(self, amount):  # type: ignore[no-untyped-def]
            """What a hook call costs."""

    class Plugin:
        @impl
        def anchor_price(self, amount):  # type: ignore[no-untyped-def]
            return amount

    manager = pluggy.PluginManager("anchor")
    manager.add_hookspecs(Spec)
    manager.register(Plugin())
    return manager.hook.anchor_price


def best_us(call, args) -> float:  # type: ignore[no-untyped-def]
    """The least time one call took, in microseconds, over `args.runs` timed batches."""
    return min(timeit.repeat(call, number=args.number, repeat=args.runs)) / args.number * 1e6


def main() -> None:
    args = options(__doc__)
    clinic = (ROOT / "catalogues" / "therapeutic-clinic.toml").read_text()
    plugins = servicekit.plugin_manager()  # the built-in and installed (first-party) plugins
    catalogue = servicekit.loads(clinic + EXTRA_RULES, plugins=plugins)
    hook = hook_call()
    call = best_us(lambda: hook(amount=1), args)
    print(
        f"python {sys.version.split()[0]}; {len(catalogue.rules)} rules; best of "
        f"{args.runs} × {args.number}; one pluggy hook call: {call:.2f} µs"
    )
    for name, booking in BOOKINGS.items():
        assert quote_total(**booking) == catalogue.quote(**booking).total.amount, name
        floor = best_us(lambda b=booking: quote_total(**b), args)
        total = best_us(lambda b=booking: catalogue.quote(**b).total, args)
        worded = best_us(lambda b=booking: catalogue.quote(**b).to_dict(), args)
        goals = GOALS[name]
        print(f"{name}: by hand {floor:.1f} µs")
        for what, took, goal in (
            ("total alone", total, goals[0]),
            ("with lines and audit as JSON", worded, goals[1]),
        ):
            verdict = "" if goal is None else "meets" if took <= goal else "misses"
            print(
                f"  {what}: {took:.1f} µs = {took / floor:.1f}× by hand = "
                f"{took / call:.0f} hook calls" + (f" ({verdict} the {goal} µs goal)" * bool(goal))
            )
    plain = BOOKINGS["plain booking"]
    few = servicekit.loads(clinic + elsewhere(20), plugins=plugins)
    many = servicekit.loads(clinic + elsewhere(1000), plugins=plugins)
    few_us = best_us(lambda: few.quote(**plain).total, args)
    many_us = best_us(lambda: many.quote(**plain).total, args)
    ratio = many_us / few_us
    verdict = "meets" if ratio <= 1.2 else "misses"
    print(
        f"plain booking's total with rules that cannot target it: 20 of them {few_us:.1f} µs, "
        f"1,000 of them {many_us:.1f} µs = {ratio:.2f}× ({verdict} the 1.2× goal)"
    )


if __name__ == "__main__":
    main()
