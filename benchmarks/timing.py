"""What the microbenchmarks share: their options and a median in microseconds."""

from __future__ import annotations

import argparse
import statistics
import timeit
from collections.abc import Callable
from typing import Any


def options(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="repetitions; the median is shown")
    parser.add_argument("--number", type=int, default=2000, help="calls per repetition")
    return parser.parse_args()


def median_us(call: Callable[[], Any], args: argparse.Namespace) -> float:
    """The median time of one call, in microseconds, over `args.runs` timed batches."""
    times = timeit.repeat(call, number=args.number, repeat=args.runs)
    return statistics.median(times) / args.number * 1e6
