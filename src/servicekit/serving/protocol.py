"""uvicorn's HTTP protocol (httptools), sending each response in one write.

uvicorn writes a response's status line and headers as soon as the application starts the
response, and its body in a second write: two system calls and two TCP segments per answer,
and on loopback or a busy machine two wake-ups of the client, which reads the head alone
first. Here the writes a request makes while it is being answered are gathered and sent
together once the event loop turns, so the head and body of a response leave in one write.
Nothing waits longer than that turn, and the order of writes is kept.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, whose writes are gathered per turn of the event loop."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        gathering = GatheringTransport(transport, self.loop)
        super().connection_made(cast(asyncio.Transport, gathering))


class GatheringTransport:
    """A transport whose writes wait for the end of the current turn of the event loop and
    then go out as one; everything else is the transport's own."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not data:
            return
        if not self._pending:
            self._loop.call_soon(self._flush)
        self._pending.append(data)

    def _flush(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        """Send what is gathered, then close (as a transport's close sends what it holds)."""
        self._flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)
