"""RFC 9457 problem documents: every error a client can cause, as `application/problem+json`.

They carry the same located, explained messages the command line prints: `detail` says what
is wrong, `hint` how to fix it, `errors` where (a JSON path into the request, or a catalogue's
file, line and key path), and `choices` the valid ids when one was unknown. Bugs are logged
(without the request's body) and answered 500 with no traceback.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from servicekit.errors import Problem, render_path

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:servicekit:problem:"

log = logging.getLogger("servicekit.serve")


@attrs.frozen
class ErrorRecord:
    """One thing wrong, located: a JSON path into the request, or a file, line and key path."""

    message: str
    path: str | None = None
    """`$.intake.client.conditions[0]`: a JSON path into the request body (or the catalogue's
    key path when `source` is set)."""
    hint: str | None = None
    source: str | None = None
    """The catalogue file, for problems with a catalogue."""
    line: int | None = None
    severity: str | None = None
    """`error` or `warning`, for a catalogue's problems."""


@attrs.frozen
class ProblemDocument:
    """An RFC 9457 problem document, as every error response carries it."""

    type: str
    """`urn:servicekit:problem:<name>`; docs/serving.md lists them."""
    title: str
    status: int
    detail: str
    """What is wrong, worded as the command line words it."""
    instance: str | None = None
    """The request's path."""
    hint: str | None = None
    """How to fix it."""
    errors: tuple[ErrorRecord, ...] = ()
    choices: tuple[str | int, ...] | None = None
    """The valid values when the request named one that does not exist or is not offered:
    ids, or a service's lengths in minutes."""


class HTTPProblem(Exception):
    """Raised by a route to answer with a problem document."""

    def __init__(
        self,
        status: int,
        name: str,
        title: str,
        detail: str,
        *,
        hint: str | None = None,
        errors: Sequence[ErrorRecord] = (),
        choices: Iterable[str | int] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.name, self.title, self.detail = status, name, title, detail
        self.hint, self.errors, self.headers = hint, tuple(errors), headers or {}
        self.choices = None if choices is None else tuple(choices)

    def document(self, instance: str | None) -> ProblemDocument:
        return ProblemDocument(
            type=TYPE_PREFIX + self.name,
            title=self.title,
            status=self.status,
            detail=self.detail,
            instance=instance,
            hint=self.hint,
            errors=self.errors,
            choices=self.choices,
        )


class ClientLeft(Exception):
    """The client closed the connection before its request's body had all come."""


def client_left(request: Request[Any, Any, Any], error: ClientLeft) -> Response[Any]:
    """Nobody is left to read an answer, and a client leaving is no bug: nothing is logged."""
    return Response(b"", status_code=400)


def located(
    problems: Iterable[Problem], *, prefix: tuple[str | int, ...] = ()
) -> list[ErrorRecord]:
    """Problems found in part of a request body, with their JSON paths under `prefix`."""
    return [
        ErrorRecord(
            message=problem.message,
            path=render_path((*prefix, *(problem.path or ()))),
            hint=problem.hint,
        )
        for problem in problems
    ]


def catalogue_problems(problems: Iterable[Problem], source: str) -> list[ErrorRecord]:
    """A catalogue's problems as the CLI prints them: file, line, key path, what, how."""
    return [
        ErrorRecord(
            message=problem.message,
            path=None if problem.path is None else render_path(problem.path),
            hint=problem.hint,
            source=source,
            line=problem.line,
            severity=problem.severity,
        )
        for problem in problems
    ]


def response(problem: HTTPProblem, request: Request[Any, Any, Any]) -> Response[Any]:
    document = problem.document(request.url.path)
    return Response(
        encode(document),
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers={"Cache-Control": "no-store", **problem.headers},
    )


def encode(document: ProblemDocument) -> bytes:
    """The document as JSON, leaving out members with no value."""
    data = attrs.asdict(document, filter=lambda _field, value: value not in (None, ()))
    for error in data.get("errors", ()):
        for key in [key for key, value in error.items() if value is None]:
            del error[key]
    return msgspec.json.encode(data)


HTTP_NAMES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "A token is needed"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    413: ("too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
}


def http_exception(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    """Litestar's own errors (no route, wrong method, body over the limit) as problems."""
    status = error.status_code
    if status >= 500:
        return bug(request, error)
    name, title = HTTP_NAMES.get(status, ("http-error", error.detail))
    detail = error.detail
    hint = None
    if status == 404:
        detail, hint = f"nothing at {request.method} {request.url.path}", "see /docs for the API"
    elif status == 405:
        detail = f"{request.url.path} does not take {request.method}"
        hint = "see /docs for the API"
    elif status == 413:
        limit = request.app.request_max_body_size
        detail = f"the request body is over the limit of {limit:,} bytes"
        hint = "a booking or an intake is far smaller; servicekit serve --max-body sets the limit"
    headers = {
        key: value for key, value in (error.headers or {}).items() if key.lower() == "allow"
    }
    return response(HTTPProblem(status, name, title, detail, hint=hint, headers=headers), request)


def problem(request: Request[Any, Any, Any], error: HTTPProblem) -> Response[Any]:
    return response(error, request)


def bug(request: Request[Any, Any, Any], error: BaseException) -> Response[Any]:
    """A bug: logged with where it happened, answered without a traceback.

    The exception's message is left out of the log: it may quote a request's body, and an
    intake is health information that is never written anywhere.
    """
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error(
        "internal error in %s %s: %s\n%s",
        request.method,
        request.url.path,
        type(error).__name__,
        frames,
    )
    detail = "servicekit failed to answer; the server's log says where"
    hint = "this is a bug in servicekit or a plugin: please report it"
    return response(
        HTTPProblem(500, "internal-error", "Internal error", detail, hint=hint), request
    )


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    HTTPProblem: problem,
    ClientLeft: client_left,
    HTTPException: http_exception,
    Exception: bug,
}
