"""The HTML pages a person reads: the manager's page, the clinics index, the API docs page and
the sign-in form. Rendered on the server from Jinja2 templates in this package; the little
JavaScript they use is a file beside them. No external assets, no build step."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import jinja2
from litestar import Request

from servicekit import __version__
from servicekit.serving.catalogues import Catalogues, Served

STATIC = {
    "manager.js": "text/javascript; charset=utf-8",
    "manager.css": "text/css; charset=utf-8",
}


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("servicekit.serving", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def static_file(name: str) -> bytes:
    """A static asset shipped in this package (its name is one of STATIC's)."""
    return resources.files(__package__).joinpath("static", name).read_bytes()


def render(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(version=__version__, **context).encode()


def base_of(request: Request[Any, Any, Any], served: Served) -> str:
    """The path the catalogue's endpoints hang from, ending in a slash."""
    catalogues: Catalogues = request.app.state.catalogues
    return "/" if catalogues.single else f"/clinics/{served.id}/"


def manager_page(request: Request[Any, Any, Any], served: Served) -> bytes:
    """The manager's page of one catalogue: menu, problems, quotes and screening."""
    from servicekit.screening.vocabulary import vocabulary

    version = served.version
    catalogue = version.catalogue if version else None
    words = vocabulary()
    return render(
        "manager.html.j2",
        served=served,
        status=served.status(),
        catalogue=catalogue,
        base=base_of(request, served),
        services=version.services() if version else None,
        conditions=list(words.conditions.values()),
        medications=list(words.medications.values()),
        allergies=list(words.allergies.values()),
        single=request.app.state.catalogues.single,
    )


def index_page(catalogues: Catalogues) -> bytes:
    """The clinics a directory serves, each with its state and a link to its page."""
    return render("index.html.j2", clinics=[served.status() for served in catalogues])


def docs_page(document: dict[str, Any]) -> bytes:
    """The OpenAPI document as a page: every endpoint, its parameters, body and answers."""
    return render("docs.html.j2", api=document, dumps=_schema_text)


def sign_in_page(next_path: str, failed: bool) -> bytes:
    return render("sign-in.html.j2", next_path=next_path, failed=failed)


def _schema_text(schema: Any) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False)
