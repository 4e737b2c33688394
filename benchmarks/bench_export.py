"""Export and Square sync times for a synthetic 10,000-service catalogue, after it is loaded.

    python benchmarks/bench_export.py [--services 10000] [--runs 3]

Prints figures in the process's CPU time (on a machine others share, the wall time mostly says
how long the process waited for a core) beside an anchor measured the same way in the same
run: a hand-built Square body (every service an item with its variations, straight from the
catalogue into JSON), the floor any exporter builds on. Asserts nothing. Targets (issue 15):
a `square plan` for 10,000 services takes at most 1.0 s after load, the sync state read
included; a one-price change sends one object. The plan is timed four ways: the first (an
empty state: it creates what the services refer to, and they wait for its permanent ids), the
second (that upload recorded: it sends the 10,000 services), none (the state says Square holds
the menu: nothing to send) and one price changed.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import servicekit
from generate import catalogue
from servicekit.plugins import plugin_manager

BEST: list[float] = []
"""The fastest run of the last `timed` call: on a busy machine, the one least disturbed."""


def loaded_for_good(catalogue: Any) -> Any:
    """A catalogue loaded before the timed calls, settled in the collector's oldest generation:
    otherwise the collector's first walk over a young generation in a timed call also walks
    the whole catalogue (0.3 s for this menu), which is the load's cost, not the call's."""
    gc.collect()
    return catalogue


def timed(call: Any, runs: int) -> tuple[float, Any]:
    """The median time of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        result = None  # freeing the last call's result is not part of the next call
        start = time.process_time()
        result = call()
        times.append(time.process_time() - start)
    BEST[:] = [min(times)]
    return statistics.median(times), result


def hand_built(loaded: Any) -> bytes:
    """The anchor: every service an item with its variations, category, add-on list and
    description, written straight from the catalogue as the export writes them (list prices
    as listed, no rules, no checks)."""
    lines = []
    for service in loaded.services.values():
        item_id = f"#item-{service.id}"
        variations = [
            {
                "type": "ITEM_VARIATION",
                "id": f"#variation-{service.id}-{v.duration}",
                "present_at_all_locations": True,
                "item_variation_data": {
                    "item_id": item_id,
                    "name": v.label,
                    "pricing_type": "FIXED_PRICING",
                    "price_money": {"amount": v.price.minor, "currency": v.price.currency},
                    "service_duration": v.duration * 60_000,
                    "available_for_booking": v.online,
                },
            }
            for v in service.variations
        ]
        item = {
            "type": "ITEM",
            "id": item_id,
            "present_at_all_locations": True,
            "item_data": {
                "name": service.name,
                "product_type": "APPOINTMENTS_SERVICE",
                "categories": [{"id": f"#category-{service.category}"}],
                "variations": variations,
                "description_html": f"<p>{service.description}</p>",
                "is_taxable": False,
                "modifier_list_info": [
                    {"modifier_list_id": "#addons-" + "-".join(service.addons), "enabled": True}
                ],
            },
        }
        lines.append(json.dumps(item, ensure_ascii=False, separators=(", ", ": ")))
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")


def answer(body: dict[str, Any], version: int) -> dict[str, Any]:
    """What Square answers an upload: a permanent id for every temporary one (made from it,
    so the same every run), and every object written at a new version."""
    mappings: dict[str, str] = {}

    def rename(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("#"):
            mappings[value] = "SQ" + hashlib.sha256(value.encode()).hexdigest()[:22].upper()
            return mappings[value]
        if isinstance(value, dict):
            return {key: rename(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rename(item) for item in value]
        return value

    def stamp(obj: dict[str, Any]) -> dict[str, Any]:
        obj = {**obj, "version": version}
        data = obj.get("item_data") or obj.get("modifier_list_data")
        for field in ("variations", "modifiers"):
            if data and field in data:
                data[field] = [{**child, "version": version} for child in data[field]]
        return obj

    objects = [stamp(rename(obj)) for batch in body["batches"] for obj in batch["objects"]]
    return {
        "objects": objects,
        "id_mappings": [{"client_object_id": c, "object_id": p} for c, p in mappings.items()],
        "updated_at": f"2026-01-01T00:00:{version:02d}Z",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp())
    path = directory / "catalogue.toml"
    path.write_text(catalogue(args.services), encoding="utf-8")
    plugins = plugin_manager(entry_points=False)
    loaded = loaded_for_good(servicekit.load(path, plugins=plugins))
    print(
        f"python {sys.version.split()[0]}; {args.services:,} services, "
        f"{sum(len(s.variations) for s in loaded.services.values()):,} lengths, "
        f"{len(loaded.rules)} rules; median of {args.runs}"
    )
    anchor, _ = timed(lambda: hand_built(loaded), args.runs)
    print(
        f"anchor, a hand-built body of items and variations: {anchor:.2f} s (best {BEST[0]:.2f})"
    )
    for fmt in ("json", "csv", "square"):
        seconds, result = timed(lambda fmt=fmt: loaded.export(fmt), args.runs)
        print(
            f"export {fmt:>6}: {seconds:.2f} s ({seconds / anchor:.1f}x the anchor), "
            f"{len(result.content) / 1e6:.1f} MB"
        )
    # A menu this large shares its categories and taxes across more objects than a batch
    # holds: the export above creates those; given Square's answer, the whole menu follows.
    shared = json.loads(result.content)
    ids = [answer(body, 1) for body in (shared if isinstance(shared, list) else [shared])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # measured on purpose
        seconds, full = timed(lambda: loaded.export("square", ids=ids), args.runs)
    print(
        f"export square, the whole menu (--square-ids): {seconds:.2f} s "
        f"({seconds / anchor:.1f}x the anchor), {len(full.content) / 1e6:.1f} MB"
    )
    try:
        from servicekit import square
    except ImportError:
        print("square plan: not in this version")
        return
    _plans(square, loaded, path, plugins, anchor, args.runs)


def _plans(square: Any, loaded: Any, path: Path, plugins: Any, anchor: float, runs: int) -> None:
    state_path = square.default_path(path)
    state = square.SyncState.start(loaded)
    state.save(state_path)
    seconds, first = timed(lambda: square.plan(loaded, square.SyncState.load(state_path)), runs)
    print(_line("square plan, first (everything created)", seconds, anchor, first))
    # What the services refer to now has permanent ids: the next plan sends the services.
    state = square.record(loaded, state, [answer(body, 1) for body in first.upserts]).state
    state.save(state_path)
    seconds, second = timed(lambda: square.plan(loaded, square.SyncState.load(state_path)), runs)
    print(_line("square plan, second (the services sent)", seconds, anchor, second))
    version = 2
    plan = second
    while plan.upserts:  # upload, record, plan again until nothing waits
        answers = [answer(body, version) for body in plan.upserts]
        state = square.record(loaded, state, answers).state
        version += 1
        plan = square.plan(loaded, state)
    state.save(state_path)
    seconds, none = timed(lambda: square.plan(loaded, square.SyncState.load(state_path)), runs)
    print(_line("square plan, nothing changed", seconds, anchor, none))
    text = path.read_text(encoding="utf-8").replace('price = "80.50"', 'price = "81.50"', 1)
    changed = loaded_for_good(servicekit.loads(text, source=str(path), plugins=plugins))
    seconds, one = timed(lambda: square.plan(changed, square.SyncState.load(state_path)), runs)
    print(_line("square plan, one price changed", seconds, anchor, one))


def _line(what: str, seconds: float, anchor: float, plan: Any) -> str:
    sent = sum(len(batch["objects"]) for body in plan.upserts for batch in body["batches"])
    verdict = "meets" if seconds <= 1.0 else "misses"
    return (
        f"{what}: {seconds:.2f} s (best {BEST[0]:.2f}; {seconds / anchor:.1f}x the anchor; "
        f"{verdict} the 1.0 s target), {sent:,} objects sent"
    )


if __name__ == "__main__":
    main()
