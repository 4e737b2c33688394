"""The endpoints of one served catalogue: at the root for one file, under `/clinics/{clinic}`
for a directory. Each is a thin layer over the public Python API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import anyio
import attrs
import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.exceptions import InternalServerException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery

from servicekit.errors import (
    BookingError,
    ExportError,
    IntakeError,
    ServicekitError,
    did_you_mean,
    render_path,
)
from servicekit.model.catalogue import Catalogue
from servicekit.schema import visit_properties
from servicekit.serving.bodies import Body, Shape, decode
from servicekit.serving.catalogues import Catalogues, Served, Status, Version
from servicekit.serving.pages import manager_page
from servicekit.serving.problems import (
    ClientLeft,
    ErrorRecord,
    HTTPProblem,
    ProblemDocument,
    catalogue_problems,
    located,
)

JSON = "application/json"


def quote_body() -> Body:
    """The body of `POST /quote`: `Catalogue.quote`'s keyword arguments, a visit's described
    by the visit schema (`servicekit schema visit`), whose definitions are `Visit_*`
    components. An item's fields are checked as a booking's keys of the same name are, so a
    value of the wrong type is the same problem at `$.duration` and at `$.items[0].duration`."""
    body = Body.of(Catalogue.quote, **visit_properties())
    shapes = {name: body.parameters[name].shape for name in ("service", "duration", "addons")}
    shapes["redeem"] = body.parameters["redeem"].shape
    shapes["start"] = body.parameters["at"].shape
    shapes["guest"] = Shape(("array", "string"), items=Shape(("string",)), nullable=True)
    listed = body.parameters["items"]
    item = attrs.evolve(listed.shape.items or Shape(), fields=shapes)
    items = attrs.evolve(listed, shape=attrs.evolve(listed.shape, items=item))
    return attrs.evolve(body, parameters={**body.parameters, "items": items})


QUOTE = quote_body()
SCREEN_BODY: Body | None = None


def screen_body() -> Body:
    """The body of `POST /screen`, with the intake format's schema (made on first use)."""
    global SCREEN_BODY
    if SCREEN_BODY is None:
        from servicekit.schema import intake_schema

        SCREEN_BODY = Body.of(Catalogue.screen, intake=intake_schema())
    return SCREEN_BODY


def problems_for(*statuses: int) -> dict[int, ResponseSpec]:
    """The problem documents an endpoint may answer with, for the OpenAPI document."""
    return {
        status: ResponseSpec(
            data_container=ProblemDocument, media_type="application/problem+json", description=why
        )
        for status, why in PROBLEM_STATUSES.items()
        if status in statuses
    }


PROBLEM_STATUSES = {
    400: "The request is not valid: the problem document says where and how to fix it.",
    401: "A token is needed: send 'Authorization: Bearer TOKEN'.",
    404: "The clinic, service or format does not exist; `choices` lists those that do.",
    413: "The request body is over the server's limit.",
    415: "The body is not JSON.",
    503: "The catalogue has never built: its problems are listed.",
}


def current(served: Served) -> Version:
    """The version to answer from, read once per request; a 503 while there is none."""
    version = served.version
    if version is None:
        raise HTTPProblem(
            503,
            "catalogue-unavailable",
            "The catalogue has problems",
            f"{served.path} has not built yet, so there is nothing to serve",
            hint="fix the problems listed; the server picks up the saved file by itself",
            errors=catalogue_problems(served.problems, str(served.path)),
            headers={"Retry-After": "1"},
        )
    return version


def served_by_id(request: Request[Any, Any, State], clinic: FromPath[str]) -> Served:
    """The clinic named in the path, or a 404 listing those served."""
    catalogues: Catalogues = request.app.state.catalogues
    served = catalogues.get(clinic)
    if served is None:
        raise HTTPProblem(
            404,
            "unknown-clinic",
            "Unknown clinic",
            f"no clinic '{clinic}' here",
            hint=did_you_mean(clinic, [item.id for item in catalogues]),
            choices=[item.id for item in catalogues],
        )
    return served


def the_one(request: Request[Any, Any, State]) -> Served:
    """The one catalogue served when a file was given."""
    catalogues: Catalogues = request.app.state.catalogues
    return next(iter(catalogues))


def fresh(if_none_match: str | None, version: Version) -> bool:
    """Whether the client's `If-None-Match` header names this version."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or version.etag in tags


def cached(
    request: Request[Any, Any, Any], version: Version, content: bytes, media_type: str
) -> Response[bytes]:
    """A representation of `version`: 304 when the client has it, else the content."""
    headers = {"ETag": version.etag, "Cache-Control": "no-cache"}
    if fresh(request.headers.get("if-none-match"), version):
        return Response(b"", status_code=304, headers=headers)
    return Response(content, media_type=media_type, headers=headers)


def media_type(content_type: str) -> str:
    """`application/json` of `application/json; charset=utf-8`."""
    return content_type.partition(";")[0].strip().lower()


def is_json(kind: str) -> bool:
    return kind == JSON or kind.endswith("+json")


async def json_body(request: Request[Any, Any, Any]) -> Any:
    kind = media_type(request.headers.get("content-type", ""))
    if not is_json(kind):
        raise HTTPProblem(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            f"the body is {kind or 'of no stated type'}, not JSON",
            hint="send Content-Type: application/json",
        )
    try:
        body = await request.body()
    except InternalServerException:  # Litestar's word for a client gone before its body
        raise ClientLeft from None
    return decode(body)


def booking_problem(error: BookingError) -> HTTPProblem:
    """The problem document of a booking or visit the catalogue does not take, in the API's
    own words: the same for a booking of one service and for an item of a visit, but for
    where (`errors[0].path`, `$.service` or `$.items[1].service`). A service the catalogue
    does not have is a 404, anything else a 400; `choices` lists the valid values."""
    errors = []
    if error.path:
        errors.append(ErrorRecord(error.message, path=render_path(error.path), hint=error.hint))
    if error.unknown == "service":
        status, name, title = 404, "unknown-service", "Unknown service"
    else:
        status, name, title = 400, "invalid-booking", "Invalid booking"
    return HTTPProblem(
        status, name, title, error.message, hint=error.hint, errors=errors, choices=error.choices
    )


def priced(version: Version, arguments: dict[str, Any]) -> bytes:
    """`Quote.to_dict()` of the booking or visit in `arguments`, as JSON: the answer to
    `POST /quote`; a booking the catalogue does not offer is a 400 or a 404."""
    try:
        quote = version.catalogue.quote(**arguments)
    except BookingError as error:
        raise booking_problem(error) from None
    return msgspec.json.encode(quote.to_dict())


async def render_once(version: Version, key: tuple[str, ...], make: Callable[[], Any]) -> Any:
    """What `make` renders from `version`, made once in a worker thread (a large catalogue's
    export takes seconds) and kept; an unknown location or locale is a 400."""
    try:
        return await anyio.to_thread.run_sync(version.rendered, key, make)
    except ExportError as error:
        raise HTTPProblem(
            400, "invalid-location", "Invalid location", error.message, hint=error.hint
        ) from None
    except ServicekitError as error:
        raise HTTPProblem(
            400, "invalid-parameter", "Invalid parameter", error.message, hint=error.hint
        ) from None


class ClinicRoutes(Controller):
    """Everything about one catalogue."""

    @get(
        "/",
        media_type="text/html",
        summary="The manager's page",
        description="The menu as clients see it, the catalogue's problems as the file is "
        "saved, a quote calculator and a screening form.",
        sync_to_thread=False,
        opt={"page": True},
    )
    def page(
        self, request: Request[Any, Any, State], served: NamedDependency[Served]
    ) -> Response[bytes]:
        html = manager_page(request, served)
        return Response(html, media_type="text/html", headers={"Cache-Control": "no-cache"})

    @get(
        "/catalogue",
        summary="The catalogue as servicekit's JSON export",
        description="The `json` export (`servicekit export --format json`). Its `ETag` is the "
        "export's `content_hash`; send it back in `If-None-Match` to get 304 while nothing "
        "changed.",
        responses=problems_for(401, 404, 503),
        sync_to_thread=False,
    )
    def catalogue(
        self, request: Request[Any, Any, Any], served: NamedDependency[Served]
    ) -> Response[bytes]:
        version = current(served)
        return cached(request, version, version.export, JSON)

    @get(
        "/exports/{export_format:str}",
        summary="The catalogue in an export format",
        description="Any format an exporter provides: `json`, `square` (a Catalog API "
        "BatchUpsertCatalogObjects body), `csv`, or a plugin's. `location` limits it to what one "
        "location offers, at its prices. What the format cannot express is listed in the "
        "`Servicekit-Export-Warnings` header, one JSON problem per entry.",
        responses=problems_for(400, 401, 404, 503),
    )
    async def export(
        self,
        request: Request[Any, Any, Any],
        served: NamedDependency[Served],
        export_format: FromPath[str],
        location: FromQuery[str | None] = None,
    ) -> Response[bytes]:
        version = current(served)
        catalogue = version.catalogue
        if export_format not in catalogue.exporters:
            raise HTTPProblem(
                404,
                "unknown-format",
                "Unknown export format",
                f"unknown export format '{export_format}'",
                hint=did_you_mean(export_format, catalogue.exporters),
                choices=sorted(catalogue.exporters),
            )

        def make() -> Any:
            return catalogue.export(export_format, location=location)

        result = await render_once(version, ("export", export_format, location or ""), make)
        response = cached(request, version, result.content, result.media_type)
        if result.warnings:
            warnings = [warning.to_dict() for warning in result.warnings]
            response.headers["Servicekit-Export-Warnings"] = json.dumps(warnings)
        return response

    @get(
        "/services",
        summary="Services with their lengths, prices and add-ons",
        description="Each service as in the `json` export (variations with durations and "
        "prices in minor units), and the add-ons they offer.",
        responses=problems_for(401, 404, 503),
        sync_to_thread=False,
    )
    def services(
        self, request: Request[Any, Any, Any], served: NamedDependency[Served]
    ) -> Response[bytes]:
        version = current(served)
        listing = version.rendered(("services",), lambda: msgspec.json.encode(version.services()))
        return cached(request, version, listing, JSON)

    @get(
        "/services/{service_id:str}",
        summary="One service with its lengths, prices and add-ons",
        responses=problems_for(401, 404, 503),
        sync_to_thread=False,
    )
    def service(
        self,
        request: Request[Any, Any, Any],
        served: NamedDependency[Served],
        service_id: FromPath[str],
    ) -> Response[bytes]:
        version = current(served)
        services = version.catalogue.services
        if service_id not in services:
            raise HTTPProblem(
                404,
                "unknown-service",
                "Unknown service",
                f"unknown service '{service_id}'",
                hint=did_you_mean(service_id, services),
                choices=list(services),
            )
        one = version.rendered(
            ("service", service_id), lambda: msgspec.json.encode(version.services(service_id))
        )
        return cached(request, version, one, JSON)

    @post(
        "/quote",
        summary="Price a booking",
        description="The body's keys are `Catalogue.quote`'s keyword arguments; the response is "
        "`Quote.to_dict()`, what `servicekit quote --format json` prints. The `ETag` names the "
        "catalogue version that priced it.",
        status_code=200,
        responses=problems_for(400, 401, 404, 413, 415, 503),
    )
    async def quote(
        self, request: Request[Any, Any, Any], served: NamedDependency[Served]
    ) -> Response[bytes]:
        arguments = QUOTE.arguments(await json_body(request))
        version = current(served)
        return Response(
            priced(version, arguments),
            media_type=JSON,
            headers={"ETag": version.etag, "Cache-Control": "no-store"},
        )

    @post(
        "/screen",
        summary="Screen a client's intake against a booking",
        description="The body's keys are `Catalogue.screen`'s keyword arguments, `intake` an "
        "object in the intake format; the response is the verdict `servicekit screen --format "
        "json` prints. Decision support for licensed therapists, not medical advice. Never "
        "stored or logged, and never cached (`Cache-Control: no-store`).",
        status_code=200,
        responses=problems_for(400, 401, 404, 413, 415, 503),
    )
    async def screen(
        self, request: Request[Any, Any, Any], served: NamedDependency[Served]
    ) -> Response[bytes]:
        arguments = screen_body().arguments(await json_body(request))
        version = current(served)
        try:
            screening = await anyio.to_thread.run_sync(
                lambda: version.catalogue.screen(**arguments)
            )
        except IntakeError as error:
            errors = located(error.problems, prefix=("intake",))
            raise HTTPProblem(
                400,
                "invalid-intake",
                "Invalid intake",
                f"{errors[0].path}: {errors[0].message}",
                hint=errors[0].hint,
                errors=errors,
            ) from None
        except BookingError as error:
            raise booking_problem(error) from None
        return Response(
            msgspec.json.encode(screening.to_dict()),
            media_type=JSON,
            headers={"ETag": version.etag, "Cache-Control": "no-store"},
        )

    @get(
        "/menu",
        media_type="text/html",
        summary="The service menu as an HTML page",
        description="What `servicekit menu --format html` renders: in the catalogue's locale, "
        "or `locale`'s (e.g. de_DE); `location` gives one location's menu at its prices.",
        responses=problems_for(400, 401, 404, 503),
    )
    async def menu(
        self,
        request: Request[Any, Any, Any],
        served: NamedDependency[Served],
        location: FromQuery[str | None] = None,
        locale: FromQuery[str | None] = None,
    ) -> Response[bytes]:
        version = current(served)

        def make() -> bytes:
            from servicekit.menus import render_menu

            menu = render_menu(version.catalogue, "html", location=location, locale=locale)
            return menu.encode("utf-8")

        html = await render_once(version, ("menu", location or "", locale or ""), make)
        return cached(request, version, html, "text/html; charset=utf-8")

    @get(
        "/status",
        summary="The catalogue's state, problems and warnings",
        description="Which version serves and when it was loaded, and what is wrong with the "
        "file as it is now: each problem with its file, line, key path and hint. `state` is "
        "`ok`, `stale` (the file has problems; the last good version still serves) or "
        "`failed` (it never built).",
        responses=problems_for(401, 404),
        sync_to_thread=False,
    )
    def status(self, served: NamedDependency[Served]) -> Status:
        return served.status()
