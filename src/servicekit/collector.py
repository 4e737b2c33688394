"""The cyclic garbage collector, paused while servicekit builds large structures.

Loading a catalogue of 10,000 services, or planning its Square sync, allocates hundreds of
thousands of small objects that live until it returns, and no reference cycles: reference
counting frees them. Left running, the collector's full passes over that growing heap take
more time than the work itself (a quarter of a load). `paused()` stops it for the duration,
and is safe across threads (a server reloads catalogues in the background): the collector
stays off while any thread is inside, and comes back on when the last one leaves, if it was on
when the first came in.
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
