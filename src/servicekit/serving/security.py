"""Who may ask: a bearer token on every endpoint but `/health`, when the server has one.

Programs send `Authorization: Bearer TOKEN`. A person's browser cannot, so the manager's page
offers a sign-in form that sets a cookie holding a keyed hash of the token (never the token
itself): HttpOnly and SameSite=Strict, so no other site's page can use it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromQuery

from servicekit.serving.pages import sign_in_page
from servicekit.serving.problems import HTTPProblem

COOKIE = "servicekit-session"
PUBLIC = {"public": True}


def session_value(token: str) -> str:
    return hmac.new(token.encode(), b"servicekit manager page", hashlib.sha256).hexdigest()


def bears(authorization: str, token: str) -> bool:
    """Whether an `Authorization` header carries `token` as a bearer token."""
    scheme, _, given = authorization.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


def authorized(connection: ASGIConnection[Any, Any, Any, Any], token: str) -> bool:
    if bears(connection.headers.get("authorization", ""), token):
        return True
    cookie = connection.cookies.get(COOKIE, "")
    return hmac.compare_digest(cookie.encode(), session_value(token).encode())


class SignInNeeded(Exception):
    """A person's browser asked for a page without signing in."""


async def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Let a request through when the endpoint is public or the request carries the token.

    Installed only on a server with a token. A coroutine, though it never waits: Litestar
    runs a plain function guard in a worker thread, a thread hop on every request.
    """
    token = connection.app.state.settings.token
    if handler.opt.get("public") or authorized(connection, token):
        return
    if handler.opt.get("page"):
        raise SignInNeeded(connection.url.path)
    raise HTTPProblem(
        401,
        "unauthorized",
        "A token is needed",
        "this server asks for its access token",
        hint="send 'Authorization: Bearer TOKEN' with the token servicekit serve was given",
        headers={"WWW-Authenticate": 'Bearer realm="servicekit"'},
    )


def sign_in_needed(request: Request[Any, Any, Any], error: SignInNeeded) -> Response[bytes]:
    return Response(
        sign_in_page(str(error), failed=False),
        status_code=401,
        media_type="text/html",
        headers={"WWW-Authenticate": 'Bearer realm="servicekit"', "Cache-Control": "no-store"},
    )


def safe_next(path: str) -> str:
    """Where to go after signing in: a path on this server, never another site."""
    return path if path.startswith("/") and not path.startswith(("//", "/\\")) else "/"


@get("/sign-in", opt=PUBLIC, include_in_schema=False, sync_to_thread=False)
def sign_in_form(next: FromQuery[str] = "/") -> Response[bytes]:
    return Response(sign_in_page(safe_next(next), failed=False), media_type="text/html")


@post("/sign-in", opt=PUBLIC, include_in_schema=False, status_code=303)
async def sign_in(request: Request[Any, Any, Any]) -> Response[bytes]:
    form = await request.form()
    token = request.app.state.settings.token
    target = safe_next(str(form.get("next", "/")))
    given = str(form.get("token", ""))
    if token is None or not hmac.compare_digest(given.encode(), token.encode()):
        return Response(sign_in_page(target, failed=True), status_code=401, media_type="text/html")
    secure = "; Secure" if request.url.scheme == "https" else ""
    return Response(
        b"",
        status_code=303,
        headers={
            "Location": quote(target, safe="/:@!$&'()*+,;=-._~"),
            "Set-Cookie": f"{COOKIE}={session_value(token)}; Path=/; HttpOnly; "
            f"SameSite=Strict{secure}",
        },
    )
