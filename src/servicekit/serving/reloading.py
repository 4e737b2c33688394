"""Live reload: look at the served files every so often and rebuild the ones that changed.

Polling the files' modification time, size and inode costs microseconds, works on every
platform and network file system, and needs no extra dependency. Rebuilding happens in this
thread, never in a request: requests keep being answered from the last good version.
"""

from __future__ import annotations

import logging
import threading

from servicekit.serving.catalogues import Catalogues, Served

log = logging.getLogger("servicekit.serve")


class Reloader:
    """A daemon thread refreshing `catalogues` every `interval` seconds until stopped."""

    def __init__(self, catalogues: Catalogues, interval: float) -> None:
        self.catalogues = catalogues
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="servicekit-reload", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                rebuilt = self.catalogues.refresh()
            except Exception:  # a bug: say so, and keep serving the last good versions
                log.exception("reloading the catalogues failed")
                continue
            for served in rebuilt:
                report(served)


def report(served: Served) -> None:
    """Say on the server's log what a rebuild came to; the problems are on `/status`."""
    if not served.problems and served.version is not None:
        log.info("%s: serving version %s", served.path, served.version.hash)
        return
    still = f"still serving {served.version.hash}" if served.version else "nothing to serve"
    count = len(served.problems)
    log.warning(
        "%s: %d problem%s, %s; see /status\n%s",
        served.path,
        count,
        "s" * (count != 1),
        still,
        "\n".join(problem.render(str(served.path)) for problem in served.problems),
    )
