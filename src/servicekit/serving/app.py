"""The application: the routes of every served catalogue, the API's own pages, and running it."""

from __future__ import annotations

import copy
import functools
import gc
import logging
from typing import Any

import attrs
from litestar import Litestar, Request, Response, Router, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.enums import MediaType
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.params import FromPath

from servicekit import __version__
from servicekit.plugins import PluginManager
from servicekit.serving import security
from servicekit.serving.catalogues import Catalogues, Status
from servicekit.serving.fastpath import FastPath
from servicekit.serving.pages import STATIC, docs_page, index_page, static_file
from servicekit.serving.problems import EXCEPTION_HANDLERS, HTTPProblem
from servicekit.serving.reloading import Reloader
from servicekit.serving.routes import QUOTE, ClinicRoutes, screen_body, served_by_id, the_one
from servicekit.serving.settings import Settings

DESCRIPTION = (
    "A clinic's service catalogue over HTTP: the menu, services and prices, quotes with the "
    "reason for every line, and screening of a client's intake. Errors are RFC 9457 problem "
    "documents (application/problem+json) saying what is wrong, where, and how to fix it."
)


@attrs.frozen
class Health:
    """Whether this process can answer: `ok` while every catalogue has a version to serve."""

    status: str
    catalogues: int
    """How many catalogues have a version serving."""


@get("/health", opt=security.PUBLIC, summary="Whether the server can answer", sync_to_thread=False)
def health(request: Request[Any, Any, State]) -> Response[Health]:
    catalogues: Catalogues = request.app.state.catalogues
    serving = sum(served.version is not None for served in catalogues)
    ok = serving == len(catalogues.served)
    return Response(
        Health("ok" if ok else "unavailable", serving),
        status_code=200 if ok else 503,
        headers={"Cache-Control": "no-store"},
    )


@get("/clinics", summary="Every clinic served, with its state", sync_to_thread=False)
def clinics(request: Request[Any, Any, State]) -> list[Status]:
    return [served.status() for served in request.app.state.catalogues]


@get("/", summary="The clinics served, as a page", media_type="text/html", opt={"page": True})
async def index(request: Request[Any, Any, State]) -> Response[bytes]:
    return Response(index_page(request.app.state.catalogues), media_type="text/html")


@get(
    "/docs",
    summary="The API documentation, as a page",
    media_type="text/html",
    opt={"page": True},
    sync_to_thread=False,
)
def docs(request: Request[Any, Any, State]) -> Response[bytes]:
    document = request.app.state.openapi_document()
    return Response(docs_page(document), media_type="text/html")


@get("/static/{name:str}", opt=security.PUBLIC, include_in_schema=False, sync_to_thread=False)
def static(name: FromPath[str]) -> Response[bytes]:
    if name not in STATIC:
        raise HTTPProblem(404, "not-found", "Not found", f"no static file '{name}'")
    return Response(
        static_file(name), media_type=STATIC[name], headers={"Cache-Control": "no-cache"}
    )


class OpenAPIDocument(OpenAPIRenderPlugin):
    """Serves `/openapi.json`: Litestar's document with the request bodies read from the
    Python API's signatures and the response schemas of the export format."""

    def __init__(self) -> None:
        super().__init__(path=["/", "/openapi.json"], media_type=MediaType.JSON)

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        import json

        document = request.app.state.openapi_document()
        return json.dumps(document, ensure_ascii=False).encode("utf-8")


def complete(litestar_document: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The OpenAPI document with what Litestar cannot read from the handlers: the bodies
    (from `Catalogue.quote` and `Catalogue.screen`), the export's schema, 304s, the token."""
    from servicekit.exporting.catalogue_json import schema as export_schema
    from servicekit.schema import quote_schema, visit_schema

    document = copy.deepcopy(litestar_document)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    export = export_schema()
    for name, definition in export.pop("$defs", {}).items():
        schemas[f"Export_{name}"] = definition
    export = _rehome(export)
    for key in ("$schema", "$id"):
        export.pop(key, None)
    schemas["CatalogueExport"] = export
    for name, definition in visit_schema()["$defs"].items():
        schemas[f"Visit_{name}"] = _rehome(definition, "Visit_")
    schemas["QuoteRequest"] = _rehome(QUOTE.schema(), "Visit_")
    schemas["ScreenRequest"] = _rehome(screen_body().schema())
    quote = quote_schema()
    for name, definition in quote.pop("$defs").items():
        schemas[f"Quote_{name}"] = _rehome(definition, "Quote_")
    for key in ("$schema", "$id"):
        quote.pop(key)
    schemas["Quote"] = _rehome(quote, "Quote_")
    schemas["Screening"] = {
        "type": "object",
        "description": "The verdict `servicekit screen --format json` prints.",
    }
    bodies = {"quote": ("QuoteRequest", "Quote"), "screen": ("ScreenRequest", "Screening")}
    for path, item in document.get("paths", {}).items():
        last = path.rstrip("/").rpartition("/")[2]
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            if method == "post" and last in bodies:
                request, answer = bodies[last]
                operation["requestBody"] = _json_content(request, required=True)
                responses["200"] = {"description": "The answer", **_json_content(answer)}
            if method == "get" and last in (
                "catalogue",
                "{export_format}",
                "services",
                "{service_id}",
                "menu",
            ):
                responses["304"] = {
                    "description": "Not modified: the If-None-Match version is current."
                }
            if method == "get" and last == "catalogue":
                responses["200"] = {
                    "description": "The export",
                    **_json_content("CatalogueExport"),
                }
    if settings.token:
        schemas_root = document["components"]
        schemas_root["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        document["security"] = [{"bearer": []}]
        health_get = document["paths"].get("/health", {}).get("get")
        if health_get is not None:
            health_get["security"] = []
    return document


def _json_content(schema: str, *, required: bool | None = None) -> dict[str, Any]:
    content = {
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    }
    return {**content, "required": True} if required else content


def _rehome(schema: Any, prefix: str = "Export_") -> Any:
    """A JSON Schema with its `#/$defs/x` references pointing into the OpenAPI components,
    where its definitions are kept under `prefix`."""
    if isinstance(schema, dict):
        return {
            key: (
                f"#/components/schemas/{prefix}" + value.removeprefix("#/$defs/")
                if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/")
                else _rehome(value, prefix)
            )
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_rehome(item, prefix) for item in schema]
    return schema


def create_app(settings: Settings, *, plugins: PluginManager | None = None) -> FastPath:
    """The ASGI application serving `settings.source`: Litestar's, behind a layer that
    answers the catalogue checks and quotes a point of sale makes all day (`fastpath.py`).

    `plugins` is the plugin manager catalogues are built with; by default the one the command
    line would make from `settings` and the environment.
    """
    if plugins is None:
        from servicekit.plugins import plugin_manager_from_env

        plugins = plugin_manager_from_env(
            modules=settings.plugin_modules, blocked=settings.blocked_plugins
        )
    plugins.registry()
    catalogues = Catalogues.open(settings.source, plugins)
    reloader = Reloader(catalogues, settings.poll_interval)
    if catalogues.single:
        served = Router(
            "/",
            route_handlers=[ClinicRoutes],
            dependencies={"served": Provide(the_one, sync_to_thread=False)},
        )
        handlers: list[Any] = [served]
    else:
        served = Router(
            "/clinics/{clinic:str}",
            route_handlers=[ClinicRoutes],
            dependencies={"served": Provide(served_by_id, sync_to_thread=False)},
        )
        handlers = [served, index, clinics]
    handlers += [health, docs, static, security.sign_in_form, security.sign_in]
    cors = None
    if settings.cors_origins:
        cors = CORSConfig(
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match"],
            expose_headers=["ETag", "Servicekit-Export-Warnings"],
        )
    app = Litestar(
        handlers,
        guards=[security.guard] if settings.token else [],
        exception_handlers={**EXCEPTION_HANDLERS, security.SignInNeeded: security.sign_in_needed},
        cors_config=cors,
        request_max_body_size=settings.max_body,
        openapi_config=OpenAPIConfig(
            title="servicekit",
            version=__version__,
            description=DESCRIPTION,
            path="/openapi.json",
            render_plugins=[OpenAPIDocument()],
        ),
        on_startup=[reloader.start],
        on_shutdown=[reloader.stop],
        state=State({"settings": settings, "catalogues": catalogues}),
        logging_config=None,
    )

    @functools.cache
    def openapi_document() -> dict[str, Any]:
        return complete(app.openapi_schema.to_schema(), settings)

    app.state.openapi_document = openapi_document
    return FastPath(app, settings, catalogues)


def run(settings: Settings, *, plugins: PluginManager | None = None) -> None:
    """Serve until interrupted: in this process, or in `settings.workers` worker processes
    that each load the catalogues (the server keeps no state but the files)."""
    import os

    import uvicorn

    from servicekit.serving.settings import SETTINGS_VARIABLE, TOKEN_VARIABLE

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    options = uvicorn_options(settings)
    if settings.workers == 1:
        app = create_app(settings, plugins=plugins)
        settle()
        uvicorn.run(app, **options)
        return
    os.environ[SETTINGS_VARIABLE] = settings.to_environ()
    if settings.token:
        os.environ[TOKEN_VARIABLE] = settings.token
    uvicorn.run(
        "servicekit.serving.app:app_from_environ",
        factory=True,
        workers=settings.workers,
        **options,
    )


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How uvicorn runs the application: on httptools, each response sent in one write
    (`protocol.py`), and on uvloop, uvicorn's choice wherever the serve extra installs it.
    `benchmarks/bench_serve.py` says which the server it measures has loaded."""
    from servicekit.serving.protocol import HttpProtocol

    return {
        "host": settings.host,
        "port": settings.port,
        "proxy_headers": True,
        "server_header": False,
        "log_level": "info",
        "access_log": settings.access_log,
        "http": HttpProtocol,
    }


def app_from_environ() -> FastPath:
    """A worker process's application, from the settings the command line left it."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    app = create_app(Settings.from_environ())
    settle()
    return app


def settle() -> None:
    """Keep the garbage collector off what lives as long as the server process.

    Once the modules, the application and the catalogues are loaded, they are most of the
    objects the collector tracks, and every full collection walked all of them while requests
    waited (pauses up to 120 ms under load, the quote's p99). Frozen, they are never walked
    again; what a request or a reload makes is collected as before.
    """
    gc.collect()
    gc.freeze()
