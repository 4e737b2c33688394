"""The cyclic garbage collector, paused while a sync builds its objects.

A plan for 10,000 services builds some 200,000 dicts and lists that live until it returns, and
none of them form cycles: reference counting frees them. Left running, the collector's full
passes over that growing heap take more time than the plan itself. `paused()` stops it for the
duration, and is safe across threads: the collector stays off while any thread is inside, and
comes back on when the last one leaves, if it was on when the first came in.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_inside = 0
_was_on = False


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector (reference counting still frees memory)."""
    global _inside, _was_on
    with _lock:
        if _inside == 0:
            _was_on = gc.isenabled()
            gc.disable()
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0 and _was_on:
                gc.enable()
