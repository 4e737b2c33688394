"""Quote speed: the bundled clinic with 20 pricing rules, a service with 2 add-ons.

    python benchmarks/bench_quote.py [--runs 15] [--number 2000]

Prints the microseconds of CPU time per quote (the process's own, so the time it waits for a
core on a machine others share is not counted; and the best of the runs, the least disturbed
one), each beside two anchors measured the same way in the same run:
the same booking priced by hand (`floor.py`: Decimal, no audit) and one pluggy hook call. For
a plain booking and for one that sets off member prices, a first-visit offer, a member
discount, a promotion code, an add-on member price, price endings and a weekend surcharge:
the total alone (what a point of sale reads) and the quote with every line and the audit
trail as JSON (what `servicekit quote --format json` prints). Then a visit of two items for
two guests, with its lines and audit as JSON, beside the plain booking's; the plain booking's
total in a catalogue with 20 and with 1,000 more rules that cannot target it.

Each figure is taken twice. *First time*: every call asks for a booking alike (the same
services, clients and codes, so the same total) at an instant no call of the run asked for
before (a new minute, then a new second), so nothing a quote could keep from an earlier one
answers it: this is what a desk pays, and the goals are for it. *Repeated*: the very same
booking over and over, for the record. Last, a day at the desk: 500 bookings of random
services, lengths, add-ons, times, tags and codes, each quoted once with its JSON in a
catalogue freshly loaded (the first pass), then all of them again (the second pass).

Goals (issue 12), first time: a plain quote with lines and audit at most 15 µs and its total
alone at most 8 µs; the rich booking with lines and audit at most 30 µs; 1,000 rules that
cannot target a booking cost at most 1.2 times what 20 do. Issue 13: the visit of two items
for two guests, audit included, at most 2.5 times the single-item quote. Our own, beyond the
issues: a day at the desk at most 50 µs a quote on its first pass.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
VISIT = {
    "items": [
        {"service": "deep-tissue", "duration": 90, "addons": ["hot-stones"], "guest": "ann"},
        {"service": "therapeutic", "duration": 60, "addons": ["cupping"], "guest": "ben"},
    ],
    "at": "2026-12-02T11:00",
}
GOALS: dict[str, tuple[float | None, float]] = {  # (total alone, lines and audit), in µs
    "plain booking": (8, 15),
    "member, first visit, promo, weekend evening": (None, 30),
}
ALIKE: dict[str, Callable[[dt.datetime], bool]] = {
    # Starts at which every rule of the catalogue says what it says at the booking's own.
    "plain booking": lambda at: at.weekday() < 4 and 9 <= at.hour < 17,  # Mon-Thu, by day
    "member, first visit, promo, weekend evening": lambda at: (
        at.weekday() >= 4 and at.hour >= 17 and (at.year, at.month) == (2026, 12)
    ),  # a weekend evening in the month WINTER10 runs
}
Booking = dict[str, Any]


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


def instants(booking: Booking, alike: Callable[[dt.datetime], bool]) -> Iterator[str]:
    """Starts for bookings alike, none twice: each minute of the 30 days from the booking's
    that `alike` accepts, then the same with a second added, and so on."""
    first = dt.datetime.fromisoformat(booking["at"])
    minutes = [
        at
        for at in (first + dt.timedelta(minutes=step) for step in range(30 * 24 * 60))
        if alike(at)
    ]
    for second in range(60):
        for at in minutes:
            yield (at + dt.timedelta(seconds=second)).isoformat()


class Bench:
    """Timed batches of calls: `args.runs` of `args.number` calls each, the best batch."""

    def __init__(self, args: Any) -> None:
        self.runs, self.number = args.runs, args.number
        self.fresh: dict[str, Iterator[str]] = {}

    def repeated(self, call: Callable[[Booking], object], booking: Booking) -> float:
        """Microseconds a call, the same booking every time."""
        return self.best(call, [[booking] * self.number for _ in range(self.runs)])

    def first_time(self, call: Callable[[Booking], object], name: str, booking: Booking) -> float:
        """Microseconds a call, each booking alike but at a start no call asked before."""
        starts = self.fresh.setdefault(name, instants(BOOKINGS[name], ALIKE[name]))
        batches = [
            [{**booking, "at": at} for at in itertools.islice(starts, self.number)]
            for _ in range(self.runs)
        ]
        return self.best(call, batches)

    @staticmethod
    def best(call: Callable[[Booking], object], batches: list[list[Booking]]) -> float:
        took = []
        for batch in batches:
            start = time.process_time()
            for booking in batch:
                call(booking)
            took.append((time.process_time() - start) / len(batch))
        return min(took) * 1e6


def main() -> None:
    args = options(__doc__)
    bench = Bench(args)
    clinic = (ROOT / "catalogues" / "therapeutic-clinic.toml").read_text()
    plugins = servicekit.plugin_manager()  # the built-in and installed (first-party) plugins
    catalogue = servicekit.loads(clinic + EXTRA_RULES, plugins=plugins)
    hook = hook_call()
    call = bench.repeated(lambda _: hook(amount=1), {})
    print(
        f"python {sys.version.split()[0]}; {len(catalogue.rules)} rules; best of "
        f"{args.runs} × {args.number}; one pluggy hook call: {call:.2f} µs"
    )
    check_alike(catalogue)

    def total(booking: Booking) -> object:
        return catalogue.quote(**booking).total

    def worded(booking: Booking) -> object:
        return catalogue.quote(**booking).to_dict()

    def by_hand(booking: Booking) -> object:
        return quote_total(**booking)

    singles = {}
    for name, booking in BOOKINGS.items():
        floor = bench.first_time(by_hand, name, booking)
        print(f"{name}: by hand {floor:.1f} µs")
        for what, how, goal in (
            ("total alone", total, GOALS[name][0]),
            ("with lines and audit as JSON", worded, GOALS[name][1]),
        ):
            first = bench.first_time(how, name, booking)
            again = bench.repeated(how, booking)
            singles[name, what] = first
            print(
                f"  {what}: first time {said(first, floor, call, goal)}; repeated {again:.1f} µs"
            )
    plain = "plain booking"
    single = singles[plain, "with lines and audit as JSON"]
    visit = bench.first_time(worded, plain, VISIT)
    ratio = visit / single
    print(
        f"a visit of two items for two guests with lines and audit as JSON: first time "
        f"{visit:.1f} µs = {ratio:.2f}× the plain booking's {single:.1f} µs "
        f"({verdict(ratio, 2.5)} the 2.5× goal); repeated {bench.repeated(worded, VISIT):.1f} µs"
    )
    few = servicekit.loads(clinic + elsewhere(20), plugins=plugins)
    many = servicekit.loads(clinic + elsewhere(1000), plugins=plugins)
    few_us = bench.first_time(lambda b: few.quote(**b).total, plain, BOOKINGS[plain])
    many_us = bench.first_time(lambda b: many.quote(**b).total, plain, BOOKINGS[plain])
    ratio = many_us / few_us
    print(
        f"plain booking's total with rules that cannot target it, first time: 20 of them "
        f"{few_us:.1f} µs, 1,000 of them {many_us:.1f} µs = {ratio:.2f}× "
        f"({verdict(ratio, 1.2)} the 1.2× goal)"
    )
    text = clinic + EXTRA_RULES
    day = day_at_the_desk(catalogue, 500)
    passes = []
    for _ in range(args.runs):
        fresh = servicekit.loads(text, plugins=plugins)
        passes.append((one_day(fresh, day), one_day(fresh, day)))
    first, second = (min(taken) for taken in zip(*passes, strict=True))
    print(
        f"a day at the desk, {len(day)} bookings each quoted once with lines and audit as "
        f"JSON in a fresh catalogue: first pass {said(first, None, call, 50)}; second pass "
        f"{second:.1f} µs a quote"
    )
    steps = [
        min(read_day(servicekit.loads(text, plugins=plugins), day, upto) for _ in range(args.runs))
        for upto in range(len(READS) + 1)
    ]
    added = [
        f"{what} +{took - before:.1f}"
        for (what, _), took, before in zip(READS, steps[1:], steps[:-1], strict=True)
    ]
    print(f"  where a first pass's quote goes: pricing {steps[0]:.1f} µs, " + ", ".join(added))


def said(took: float, floor: float | None, call: float, goal: float | None) -> str:
    """A figure beside its anchors, and whether it meets its goal."""
    text = f"{took:.1f} µs = "
    if floor is not None:
        text += f"{took / floor:.1f}× by hand = "
    text += f"{took / call:.0f} hook calls"
    return text + (f" ({verdict(took, goal)} the {goal} µs goal)" if goal else "")


def verdict(took: float, goal: float) -> str:
    return "meets" if took <= goal else "misses"


def check_alike(catalogue: servicekit.Catalogue) -> None:
    """The hand-priced total is the engine's for each booking, at its own start and at the
    first of each hour the first-time figures ask for."""
    for name, booking in BOOKINGS.items():
        hours = itertools.islice(instants(booking, ALIKE[name]), 0, 5000, 60)
        for at in [booking["at"], *hours]:
            asked = {**booking, "at": at}
            assert quote_total(**asked) == catalogue.quote(**asked).total.amount, (name, at)


def day_at_the_desk(catalogue: servicekit.Catalogue, count: int) -> list[dict[str, object]]:
    """`count` bookings a front desk might quote in a day, drawn with a fixed seed: each a
    service at one of its lengths, some of its add-ons, a time, the client's tags and a code."""
    draw = random.Random(13)
    tags = ["member", "first-visit", "senior", "loyal", "referred", "vip"]
    found: list[dict[str, object]] = []
    while len(found) < count:
        service = draw.choice(list(catalogue.services.values()))
        booking = {
            "service": service.id,
            "duration": draw.choice(service.variations).duration,
            "addons": draw.sample(list(service.addons), draw.randint(0, len(service.addons))),
            "at": f"2026-12-{draw.randint(1, 28):02d}T{draw.randint(9, 19):02d}:"
            f"{draw.choice(['00', '30'])}",
            "tags": draw.sample(tags, draw.randint(0, 2)),
            "promos": ["WINTER10"] if draw.random() < 0.2 else [],
        }
        try:
            catalogue.quote(**booking)  # type: ignore[arg-type]
        except servicekit.BookingError:  # one the clinic does not take (a length at a place)
            continue
        found.append(booking)
    return found


READS: list[tuple[str, Callable[[servicekit.Quote], object]]] = [
    ("lines", lambda quote: quote.lines),
    ("deposit, fees and tips", lambda quote: (quote.deposit, quote.fees, quote.gratuity)),
    ("audit", lambda quote: quote.audit),
    ("JSON", lambda quote: quote.to_dict()),
]
"""What is read of a quote after its total, in this order, for where a quote's time goes."""


def one_day(catalogue: servicekit.Catalogue, day: list[dict[str, object]]) -> float:
    """Microseconds a quote, each booking of `day` quoted once with its JSON."""
    start = time.process_time()
    for booking in day:
        catalogue.quote(**booking).to_dict()  # type: ignore[arg-type]
    return (time.process_time() - start) / len(day) * 1e6


def read_day(catalogue: servicekit.Catalogue, day: list[dict[str, object]], upto: int) -> float:
    """Microseconds a quote, each booking of `day` quoted once and read as far as the first
    `upto` of `READS`."""
    reads = [read for _, read in READS[:upto]]
    start = time.process_time()
    for booking in day:
        quote = catalogue.quote(**booking)  # type: ignore[arg-type]
        for read in reads:
            read(quote)
    return (time.process_time() - start) / len(day) * 1e6


if __name__ == "__main__":
    main()
