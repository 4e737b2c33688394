"""Export time for a synthetic 10,000-service catalogue, after it is loaded.

    python benchmarks/bench_export.py [--services 10000] [--runs 3]

Prints figures; asserts nothing. Target (issue #5): exporting 10,000 services to `square` and to
`json` takes at most 2 s each after load. A menu that large shares its categories and taxes
across more objects than a Square batch holds, so it goes to Square in two steps: the first
export creates the shared objects, the second (given Square's response) everything else. Both
are timed; the second is the full menu.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import servicekit
from generate import catalogue
from servicekit.plugins import plugin_manager


def timed(call, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def response_to(body: dict) -> dict:
    """What Square answers an upload: a permanent id for every temporary one, nested too."""
    mappings = []
    for batch in body["batches"]:
        for obj in batch["objects"]:
            data = obj.get("item_data") or obj.get("modifier_list_data") or {}
            for each in [obj, *(data.get("variations") or data.get("modifiers") or [])]:
                mappings.append(
                    {"client_object_id": each["id"], "object_id": "SQ" + each["id"][1:]}
                )
    return {"objects": [], "id_mappings": mappings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "catalogue.toml"
        path.write_text(catalogue(args.services), encoding="utf-8")
        loaded = servicekit.load(path, plugins=plugin_manager(entry_points=False))
    print(
        f"python {sys.version.split()[0]}; {args.services:,} services, "
        f"{sum(len(s.variations) for s in loaded.services.values()):,} lengths, "
        f"{len(loaded.rules)} rules; median of {args.runs}"
    )
    for fmt in ("json", "csv"):
        seconds, result = timed(lambda fmt=fmt: loaded.export(fmt), args.runs)
        print(
            f"{fmt:>6}: {seconds:.2f} s, {len(result.content) / 1e6:.1f} MB{_target(fmt, seconds)}"
        )
    seconds, first = timed(lambda: loaded.export("square"), args.runs)
    shared = json.loads(first.content)
    count = sum(len(batch["objects"]) for batch in shared["batches"])
    print(f"square, step 1 (shared objects): {seconds:.2f} s, {count} objects")
    ids = [response_to(shared)]
    seconds, full = timed(lambda: loaded.export("square", ids=ids), args.runs)
    bodies = json.loads(full.content)
    bodies = bodies if isinstance(bodies, list) else [bodies]
    objects = sum(len(b["objects"]) for body in bodies for b in body["batches"])
    print(
        f"square, step 2 (the full menu): {seconds:.2f} s, {objects:,} top-level objects in "
        f"{len(bodies)} requests, {len(full.content) / 1e6:.1f} MB{_target('square', seconds)}"
    )


def _target(fmt: str, seconds: float) -> str:
    if fmt not in ("json", "square"):
        return ""
    return f" ({'meets' if seconds <= 2 else 'misses'} the 2 s target)"


if __name__ == "__main__":
    main()
