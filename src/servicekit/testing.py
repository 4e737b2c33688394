"""Fixtures for testing servicekit plugins, registered with pytest when servicekit is installed.

Name the plugins under test with a marker or an ini option, and build catalogues inline:

    pytestmark = pytest.mark.servicekit_plugins("servicekit_prenatal")

    def test_prenatal_massage_needs_the_credential(make_catalogue, client_intake):
        catalogue = make_catalogue(services={"prenatal": {"modality": "prenatal", ...}})
        screening = catalogue.screen(client_intake(pregnancy={"weeks": 24}), "prenatal")
        assert "prenatal" in screening.credentials_required

In `pytest.ini` / `pyproject.toml`: `servicekit_plugins = ["servicekit_prenatal"]` does the
same for every test. Installed plugins (entry points) are never loaded unless named: a test
sees the built-in plugins and the ones it names, whatever else is installed.

A check that raises makes a screening incomplete, its reason naming the file and line; to see
the exception itself with its traceback, use the `reraise_check_errors` fixture, or run pytest
with `--servicekit-reraise` (or `servicekit_reraise = true` in the ini file) for every test.
"""

from __future__ import annotations

import textwrap
import tomllib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
import tomli_w

import servicekit
from servicekit.plugins import PluginManager

CLINIC = {
    "name": "Test Clinic",
    "currency": "USD",
    "locale": "en_US",
    "timezone": "America/Chicago",
}
"""The clinic of an inline catalogue unless one is given."""

ANSWERED: Mapping[str, Any] = {
    "conditions": [],
    "medications": [],
    "allergies": [],
    "under_physician_care": False,
}
"""An intake's questions, each answered "none"."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "servicekit_plugins",
        "plugin modules (import names) the servicekit fixtures register",
        type="linelist",
        default=[],
    )
    parser.addini(
        "servicekit_reraise",
        "raise a failing screening check's exception instead of an incomplete screening",
        type="bool",
        default=False,
    )
    parser.addoption(
        "--servicekit-reraise",
        action="store_true",
        default=False,
        help="raise a failing screening check's exception instead of an incomplete screening",
    )


@pytest.fixture(autouse=True)
def _servicekit_reraise(request: pytest.FixtureRequest) -> Iterator[None]:
    """`--servicekit-reraise` (or the ini option) for every test."""
    config = request.config
    if config.getoption("--servicekit-reraise") or config.getini("servicekit_reraise"):
        yield from _reraising()
    else:
        yield


@pytest.fixture
def reraise_check_errors() -> Iterator[None]:
    """In this test, a screening check that fails raises its own exception (with its
    traceback, as pytest shows it), instead of making the screening incomplete."""
    yield from _reraising()


def _reraising() -> Iterator[None]:
    from servicekit.screening.guard import RERAISE

    token = RERAISE.set(True)
    try:
        yield
    finally:
        RERAISE.reset(token)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "servicekit_plugins(*modules): plugin modules the servicekit fixtures register",
    )


@pytest.fixture
def servicekit_plugins(request: pytest.FixtureRequest) -> PluginManager:
    """A fresh plugin manager: the built-in plugins and the plugins under test (named by the
    `servicekit_plugins` marker, else the ini option), never other installed ones."""
    marker = request.node.get_closest_marker("servicekit_plugins")
    modules = list(marker.args) if marker else list(request.config.getini("servicekit_plugins"))
    return servicekit.plugin_manager(entry_points=False, modules=modules)


@pytest.fixture
def make_catalogue(servicekit_plugins: PluginManager) -> Callable[..., servicekit.Catalogue]:
    """Build a catalogue inline, with the plugins under test.

    `make_catalogue(services={...}, addons={...}, rules=[...], ...)` takes the catalogue's
    tables as dicts; a service without a `category` goes in a "massage" category, and without
    `name` or `variations` gets a name and a 60-minute length at 100.00. `toml="..."` takes
    TOML text instead (a fragment gets `format`, the default clinic and a category where it
    has none). `clinic={...}` changes the default clinic. Errors are raised as
    `servicekit.CatalogueError`, as loading a file would.
    """

    def make(
        toml: str | None = None, *, clinic: Mapping[str, Any] | None = None, **tables: Any
    ) -> servicekit.Catalogue:
        if toml is not None:
            if tables:
                raise TypeError("make_catalogue: give TOML text or tables, not both")
            text = _completed(textwrap.dedent(toml), clinic or {})
            return servicekit.loads(text, plugins=servicekit_plugins)
        document: dict[str, Any] = {"format": 1, "clinic": {**CLINIC, **(clinic or {})}}
        document["categories"] = tables.pop("categories", {"massage": {"name": "Massage"}})
        services = {
            ident: {
                "name": ident.replace("-", " ").title(),
                "category": next(iter(document["categories"])),
                "variations": [{"duration": 60, "price": "100.00"}],
                **entry,
            }
            for ident, entry in tables.pop("services", {}).items()
        }
        document.update(tables, services=services)
        return servicekit.build(document, plugins=servicekit_plugins, source="<test catalogue>")

    return make


def _completed(text: str, clinic: Mapping[str, Any]) -> str:
    """A TOML fragment with what it leaves out: `format`, the clinic (changed by `clinic`),
    a category. The defaults go after the fragment's own lines (only `format`, which must
    come before any table, goes first, on the fragment's empty first line if it has one), so
    errors name the fragment's own line numbers."""
    try:
        given = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        given = {}  # loading the text reports the error, on its line
    if "clinic" in given and clinic:
        raise TypeError("make_catalogue: give clinic= or a [clinic] table, not both")
    tail = []
    if "clinic" not in given:
        tail.append(tomli_w.dumps({"clinic": {**CLINIC, **clinic}}))
    if "categories" not in given:
        tail.append('[categories.massage]\nname = "Massage"')
    if "format" not in given:
        # A fragment written as """\n...""" starts with an empty line: `format` takes it.
        text = "format = 1" + (text if text.startswith("\n") else "\n" + text)
    return text + "\n" + "\n".join(tail) + "\n"


@pytest.fixture
def client_intake() -> Callable[..., dict[str, Any]]:
    """An intake with every question answered "none", but those given:

    `client_intake(conditions=["osteoporosis"], pregnancy={"weeks": 24, "high_risk": False})`.
    `pregnancy`, `surgeries`, `injuries` and `clearances` go beside the client's answers.
    """

    def intake(**answers: Any) -> dict[str, Any]:
        outside = {
            key: answers.pop(key)
            for key in list(answers)
            if key in ("pregnancy", "surgeries", "injuries", "clearances")
        }
        return {"client": {**ANSWERED, **answers}, **outside}

    return intake


@pytest.fixture
def quote_total() -> Callable[..., servicekit.Money]:
    """`quote_total(catalogue, "swedish", 60, at="2026-12-04T10:00", tags=[...])`: the total."""

    def total(catalogue: servicekit.Catalogue, *args: Any, **booking: Any) -> servicekit.Money:
        return catalogue.quote(*args, **booking).total

    return total


@pytest.fixture
def screen_findings() -> Callable[..., dict[str, servicekit.Finding]]:
    """`screen_findings(catalogue, intake, "swedish", at="2026-12-04", addons=[...])`: the
    screening's findings by rule id (a rule that fires for several add-ons: its first), for
    asserting `findings["pregnancy-positioning"].severity == "modify"`. Give `at`: without it
    the screening is for today, and weeks of pregnancy or days since a surgery drift."""

    def findings(
        catalogue: servicekit.Catalogue, intake: Any, *args: Any, **booking: Any
    ) -> dict[str, servicekit.Finding]:
        screening = catalogue.screen(intake, *args, **booking)
        found: dict[str, servicekit.Finding] = {}
        for finding in screening.findings:
            found.setdefault(finding.rule, finding)
        return found

    return findings
