"""The requests a point of sale makes all day, answered without going through Litestar.

A POS asks `GET /catalogue` with `If-None-Match` to learn whether the menu changed, and
`POST /quote` for every booking. Litestar's routing, dependency injection, signature parsing
and response objects cost more than the answer itself (a 304 is a string comparison), so this
ASGI layer in front answers those two directly, with the functions and headers the routes use,
and passes every other request to Litestar untouched.

It answers only what it is sure of. A request that needs the token asked for, a cross-origin
request, a query string, a body of unknown or excessive length, a catalogue that never built,
a body or booking with a problem: all go to Litestar, which answers them as it always has
(its problem documents, its guard, its CORS). A body already read is handed on as it came.
The OpenAPI document is unchanged: Litestar's routes for these endpoints still describe them,
and still answer whatever is passed on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from servicekit.serving.bodies import decode
from servicekit.serving.catalogues import Catalogues, Served
from servicekit.serving.routes import QUOTE, current, fresh, is_json, media_type, priced
from servicekit.serving.security import bears
from servicekit.serving.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Headers = dict[bytes, bytes]
ASGIApp = Callable[..., Awaitable[None]]
"""Litestar's application, whose types for the same three arguments are its own."""

HOT = {("GET", "catalogue"), ("POST", "quote")}
"""(method, last path segment) of the requests answered here."""


class FastPath:
    """An ASGI application answering `GET /catalogue` and `POST /quote` of every served
    catalogue itself, and everything else with `app`, the Litestar application."""

    def __init__(self, app: ASGIApp, settings: Settings, catalogues: Catalogues) -> None:
        self.app = app
        self.catalogues = catalogues
        self.token = settings.token
        self.cors = bool(settings.cors_origins)
        self.max_body = settings.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = self._hot(scope) if scope["type"] == "http" else None
        if found is None:
            return await self.app(scope, receive, send)
        served, headers = found
        if scope["method"] == "GET":
            return await _catalogue(send, served, headers)
        return await self._quote(scope, receive, send, served, headers)

    def _hot(self, scope: Scope) -> tuple[Served, Headers] | None:
        """The catalogue a request is for and its headers (the first of each name, as
        Litestar reads them), when it is one to answer here."""
        method, path = scope["method"], scope["path"]
        if self.catalogues.single:
            ident, tail = self.catalogues.source.stem, path[1:]
        elif path.startswith("/clinics/"):
            ident, _, tail = path[len("/clinics/") :].partition("/")
        else:
            return None
        if (method, tail) not in HOT or scope["query_string"]:
            return None
        served = self.catalogues.get(ident)
        if served is None or served.version is None:
            return None
        headers = dict(reversed(scope["headers"]))
        if self.token is not None and not bears(_text(headers.get(b"authorization")), self.token):
            return None
        if self.cors and b"origin" in headers:
            return None
        return served, headers

    async def _quote(
        self, scope: Scope, receive: Receive, send: Send, served: Served, headers: Headers
    ) -> None:
        """The quote, for a JSON body of a stated length within the limit that prices; for
        anything else, whatever Litestar answers."""
        length = headers.get(b"content-length", b"")
        kind = media_type(_text(headers.get(b"content-type")))
        if not (is_json(kind) and length.isdigit() and int(length) <= self.max_body):
            return await self.app(scope, receive, send)
        body = await _read(receive)
        if body is None:  # the client left: there is no one to answer
            return None
        try:
            version = current(served)
            content = priced(version, QUOTE.arguments(decode(body)))
        except Exception:  # a problem (or a bug): Litestar answers it with its documents
            return await self.app(scope, _replay(body, receive), send)
        answer = [(b"etag", version.etag.encode()), (b"cache-control", b"no-store"), JSON_TYPE]
        return await _respond(send, 200, answer, content)


JSON_TYPE = (b"content-type", b"application/json")


async def _catalogue(send: Send, served: Served, headers: Headers) -> None:
    """The export, or 304 when the client's `If-None-Match` names its version."""
    version = current(served)
    answer = [(b"etag", version.etag.encode()), (b"cache-control", b"no-cache")]
    if fresh(_text(headers.get(b"if-none-match")), version):
        return await _respond(send, 304, answer, b"")
    return await _respond(send, 200, [*answer, JSON_TYPE], version.export)


def _text(header: bytes | None) -> str:
    return header.decode("latin-1") if header else ""


async def _respond(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    if status != 304:
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _read(receive: Receive) -> bytes | None:
    """The whole request body, or None when the client disconnected first."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body already read, then whatever comes next."""
    given = False

    async def again() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return again
