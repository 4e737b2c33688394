"""`servicekit serve`: every endpoint as a POS or booking system calls it, problem documents,
live reload, and safety by default."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import servicekit
from tests.conftest import CATALOGUES, REPO, SWEDISH, assert_user_error, catalogue_text

pytest.importorskip("litestar", reason="servicekit serve needs the serve extra")

from litestar.testing import TestClient

from servicekit.serving import Settings, create_app

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
INTAKES = REPO / "catalogues" / "intakes"
BOOKING = {
    "service": "deep-tissue",
    "duration": 90,
    "addons": ["hot-stones"],
    "at": "2026-12-04T18:30",
    "tags": ["member"],
    "promos": ["WINTER10"],
}
TOKEN = "a-long-enough-test-token"


@pytest.fixture
def serve(plugins) -> Iterator[Callable[..., TestClient]]:
    """Start a server on `source` (in-process, with live reload polling fast)."""
    clients: list[TestClient] = []

    def start(source: str | Path, **settings: object) -> TestClient:
        options = {"poll_interval": 0.05, **settings}
        client = TestClient(create_app(Settings(str(source), **options), plugins=plugins))
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the server did not pick up the change in time"
        time.sleep(0.05)


def assert_problem(response, status: int, name: str, *fragments: str) -> dict:
    """A problem document the way RFC 9457 has it, saying what the CLI says."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == f"urn:servicekit:problem:{name}"
    assert problem["status"] == status
    assert problem["title"]
    text = json.dumps(problem)
    assert "Traceback" not in text
    for fragment in fragments:
        assert fragment in text, text
    return problem


# The API answers what the Python API answers


def test_a_quote_over_http_is_the_python_apis_quote(serve, plugins):
    client = serve(CLINIC_TOML)
    response = client.post("/quote", json=BOOKING)
    assert response.status_code == 200
    catalogue = servicekit.load(CLINIC_TOML, plugins=plugins)
    assert response.json() == catalogue.quote(**BOOKING).to_dict()
    assert response.headers["etag"] == client.get("/catalogue").headers["etag"]


def test_the_quote_body_takes_every_keyword_of_catalogue_quote(serve):
    import inspect

    client = serve(CLINIC_TOML)
    keywords = [p for p in inspect.signature(servicekit.Catalogue.quote).parameters if p != "self"]
    schema = client.get("/openapi.json").json()["components"]["schemas"]["QuoteRequest"]
    assert list(schema["properties"]) == keywords
    assert schema["additionalProperties"] is False
    bought = client.post(
        "/quote", json={"service": "therapeutic", "duration": 60, "buy": "five-pack"}
    )
    assert bought.status_code == 200, bought.text


def test_a_screening_over_http_is_the_clis_verdict(serve, plugins, run):
    client = serve(CLINIC_TOML)
    intake = servicekit.load_intake(INTAKES / "osteoporosis-blood-thinner.toml")
    body = {
        "service": "swedish",
        "at": "2026-12-04",
        "intake": json.loads((INTAKES / "recent-surgery.json").read_text()),
    }
    response = client.post("/screen", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    printed = run(
        "screen",
        CLINIC_TOML,
        "swedish",
        "--intake",
        INTAKES / "recent-surgery.json",
        "--at",
        "2026-12-04",
        "--format",
        "json",
    )
    assert response.json() == json.loads(printed.stdout)
    assert intake  # the TOML intakes load too; the JSON one is what a POS sends


def test_the_catalogue_is_the_json_export_with_its_hash_as_etag(serve, plugins):
    client = serve(CLINIC_TOML)
    response = client.get("/catalogue")
    export = servicekit.load(CLINIC_TOML, plugins=plugins).export("json").content
    assert response.content == export
    etag = response.headers["etag"]
    assert etag == f'"{json.loads(export)["content_hash"]}"'
    again = client.get("/catalogue", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/catalogue", headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("fmt", ["json", "square", "csv"])
def test_every_export_format_is_served(serve, plugins, fmt):
    client = serve(CLINIC_TOML)
    response = client.get(f"/exports/{fmt}")
    expected = servicekit.load(CLINIC_TOML, plugins=plugins).export(fmt)
    assert response.status_code == 200
    assert response.content == expected.content
    assert response.headers["content-type"].startswith(expected.media_type)


def test_services_list_lengths_prices_and_addons(serve):
    client = serve(CLINIC_TOML)
    listing = client.get("/services").json()
    assert listing["currency"] == "USD"
    deep = next(s for s in listing["services"] if s["id"] == "deep-tissue")
    assert [(v["duration_minutes"], v["price"]) for v in deep["variations"]][:2] == [
        (60, 11500),
        (90, 16000),
    ]
    assert {a["id"] for a in listing["addons"]} >= set(deep["addons"])
    one = client.get("/services/deep-tissue").json()
    assert one["service"] == deep


def test_the_menu_is_the_html_menu(serve, run):
    client = serve(CLINIC_TOML)
    response = client.get("/menu")
    assert response.status_code == 200
    assert response.text == run("menu", CLINIC_TOML, "--format", "html").stdout
    german = client.get("/menu?locale=de_DE")
    assert german.status_code == 200
    assert german.text == run("menu", CLINIC_TOML, "--format", "html", "--locale", "de_DE").stdout
    assert_problem(
        client.get("/menu?locale=xx_YY"), 400, "invalid-parameter", "'xx_YY' is not a locale"
    )


def test_health_and_status(serve):
    client = serve(CLINIC_TOML)
    assert client.get("/health").json() == {"status": "ok", "catalogues": 1}
    status = client.get("/status").json()
    assert status["state"] == "ok"
    assert status["version"] == client.get("/catalogue").headers["etag"].strip('"')
    assert status["problems"] == []
    assert status["source"] == str(CLINIC_TOML)


# Errors: problem documents with the command line's messages


def test_an_unknown_service_is_a_404_with_the_choices(serve):
    client = serve(CLINIC_TOML)
    problem = assert_problem(
        client.get("/services/swedsh"), 404, "unknown-service", "did you mean 'swedish'?"
    )
    assert "deep-tissue" in problem["choices"]
    problem = assert_problem(
        client.post("/quote", json={"service": "swedsh", "duration": 60}),
        404,
        "unknown-service",
        "unknown service 'swedsh'",
    )
    assert problem["errors"][0]["path"] == "$.service"
    assert_problem(client.get("/exports/squar"), 404, "unknown-format", "did you mean 'square'?")


def test_a_bad_body_is_a_400_naming_every_json_path(serve):
    client = serve(CLINIC_TOML)
    body = {"service": "swedish", "duration": "60", "adons": [], "tags": ["member", 5]}
    problem = assert_problem(client.post("/quote", json=body), 400, "invalid-body")
    assert {(e["path"], e["message"]) for e in problem["errors"]} == {
        ("$.duration", 'expected an integer or null, not the string "60"'),
        ("$.adons", "unknown key 'adons'"),
        ("$.tags[1]", "expected a string, not the integer 5"),
    }
    assert next(e for e in problem["errors"] if e["path"] == "$.adons")["hint"] == (
        "did you mean 'addons'?"
    )


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"", "the body is empty"),
        (b'{"service": "swedish",', "the body is not JSON"),
        (b'{"duration": NaN}', "NaN"),
        (b'{"duration": 60.5}', "not the number 60.5"),
        (b'{"service": "a", "service": "b"}', "given twice"),
        (b"[1, 2]", "the body is a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b"\xff\xfe\x00", "not"),
    ],
)
def test_no_body_makes_a_traceback_or_a_500(serve, body, fragment):
    client = serve(CLINIC_TOML, max_body=1_000_000)
    response = client.post("/quote", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert fragment in response.text


def test_a_booking_the_catalogue_does_not_offer_says_what_the_cli_says(serve, run):
    client = serve(CLINIC_TOML)
    problem = assert_problem(
        client.post("/quote", json={"service": "deep-tissue", "duration": 45}),
        400,
        "invalid-booking",
    )
    printed = run("quote", CLINIC_TOML, "deep-tissue", "--duration", "45")
    assert f"{problem['detail']} ({problem['hint']})" in printed.output


def test_an_intake_problem_names_its_path_under_intake(serve):
    client = serve(CLINIC_TOML)
    body = {"service": "swedish", "intake": {"client": {"conditions": ["osteoporsis"]}}}
    problem = assert_problem(
        client.post("/screen", json=body), 400, "invalid-intake", "did you mean 'osteoporosis'?"
    )
    assert problem["errors"][0]["path"] == "$.intake.client.conditions[0]"
    path_not_object = {"service": "swedish", "intake": str(INTAKES / "healthy.toml")}
    problem = assert_problem(client.post("/screen", json=path_not_object), 400, "invalid-body")
    assert problem["errors"][0]["path"] == "$.intake"  # a server never reads a file it is named


def test_bodies_over_the_limit_are_413_and_other_media_types_415(serve):
    client = serve(CLINIC_TOML, max_body=2048)
    big = json.dumps({"service": "swedish", "tags": ["x" * 100] * 50}).encode()
    assert_problem(
        client.post("/quote", content=big, headers={"Content-Type": "application/json"}),
        413,
        "too-large",
        "2,048 bytes",
    )
    assert_problem(
        client.post("/quote", content=b"service=swedish"), 415, "unsupported-media-type"
    )


def test_unknown_paths_and_methods_are_problems_too(serve):
    client = serve(CLINIC_TOML)
    assert_problem(client.get("/nothing"), 404, "not-found", "/docs")
    assert_problem(client.get("/quote"), 405, "method-not-allowed")


# Live reload


def test_a_saved_edit_is_served_and_a_broken_one_keeps_the_last_good(serve, write, tmp_path):
    path = write(catalogue_text(SWEDISH))
    client = serve(path)
    first = client.get("/catalogue").headers["etag"]
    assert (
        client.post("/quote", json={"service": "swedish", "duration": 60}).json()["total"] == 9500
    )

    path.write_text(catalogue_text(SWEDISH.replace('"95.00"', '"99.00"')), encoding="utf-8")
    wait_for(lambda: client.get("/catalogue").headers["etag"] != first)
    assert (
        client.post("/quote", json={"service": "swedish", "duration": 60}).json()["total"] == 9900
    )
    good = client.get("/catalogue").headers["etag"]

    path.write_text(catalogue_text(SWEDISH.replace('modality = "swedish"', 'modality = "swedsh"')))
    wait_for(lambda: client.get("/status").json()["state"] == "stale")
    status = client.get("/status").json()
    (problem,) = status["problems"]
    assert problem["line"] == 15
    assert problem["path"] == "$.services.swedish.modality"
    assert "did you mean 'swedish'?" in problem["hint"]
    assert problem["source"] == str(path)
    assert status["version"] == good.strip('"')
    assert client.get("/catalogue").headers["etag"] == good  # still serving the last good
    assert client.post("/quote", json={"service": "swedish", "duration": 60}).status_code == 200


def test_a_catalogue_that_never_built_is_served_as_503_with_its_problems(serve, write):
    path = write(catalogue_text(SWEDISH.replace('modality = "swedish"', 'modality = "nope"')))
    client = serve(path)
    assert client.get("/health").status_code == 503
    problem = assert_problem(client.get("/catalogue"), 503, "catalogue-unavailable", "nope")
    assert problem["errors"][0]["line"] == 15
    assert "has not built yet" in client.get("/").text
    path.write_text(catalogue_text(SWEDISH), encoding="utf-8")
    wait_for(lambda: client.get("/health").status_code == 200)
    assert client.get("/catalogue").status_code == 200


def test_the_server_never_writes_the_catalogue(serve, write):
    path = write(catalogue_text(SWEDISH))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    client = serve(path)
    client.post("/quote", json={"service": "swedish", "duration": 60})
    client.get("/exports/square")
    client.get("/menu")
    time.sleep(0.2)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["catalogue.toml"]


# A directory of catalogues


def test_a_directory_serves_each_catalogue_under_its_id(serve, plugins, tmp_path):
    for path in CATALOGUES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    client = serve(tmp_path)
    ids = [clinic["id"] for clinic in client.get("/clinics").json()]
    assert ids == [path.stem for path in CATALOGUES]
    spa = servicekit.load(tmp_path / "day-spa.toml", plugins=plugins)
    assert client.get("/clinics/day-spa/catalogue").content == spa.export("json").content
    assert "Spreeufer Day Spa" in client.get("/").text
    assert_problem(client.get("/clinics/day-sap/status"), 404, "unknown-clinic", "day-spa")
    (tmp_path / "new-clinic.toml").write_text(catalogue_text(SWEDISH), encoding="utf-8")
    wait_for(lambda: client.get("/clinics/new-clinic/status").status_code == 200)
    paths = client.get("/openapi.json").json()["paths"]
    assert "/clinics/{clinic}/quote" in paths


# Safe by default


def test_off_loopback_the_server_needs_a_token(run, write):
    path = write(catalogue_text(SWEDISH))
    assert_user_error(
        run("serve", path, "--host", "0.0.0.0"),
        "--host 0.0.0.0 lets other machines in, so it needs a token",
        "SERVICEKIT_TOKEN",
    )
    assert_user_error(run("serve", path, "--token", "short"), "at least 16")


def test_a_token_is_asked_on_every_endpoint_but_health(serve):
    client = serve(CLINIC_TOML, token=TOKEN)
    assert client.get("/health").status_code == 200
    for path in ("/catalogue", "/services", "/status", "/openapi.json", "/menu"):
        response = client.get(path)
        assert_problem(response, 401, "unauthorized", "Authorization: Bearer")
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert_problem(client.post("/quote", json=BOOKING), 401, "unauthorized")
    wrong = client.get("/catalogue", headers={"Authorization": "Bearer not-the-token-at-all"})
    assert wrong.status_code == 401
    right = {"Authorization": f"Bearer {TOKEN}"}
    assert client.get("/catalogue", headers=right).status_code == 200
    assert client.post("/quote", json=BOOKING, headers=right).status_code == 200


def test_a_person_signs_in_to_the_managers_page_with_the_token(serve):
    client = serve(CLINIC_TOML, token=TOKEN)
    page = client.get("/")
    assert page.status_code == 401
    assert 'type="password"' in page.text
    refused = client.post("/sign-in", data={"token": "wrong", "next": "/"})
    assert "not this server's token" in refused.text
    signed = client.post(
        "/sign-in", data={"token": TOKEN, "next": "//elsewhere.example/"}, follow_redirects=False
    )
    assert signed.status_code == 303
    assert signed.headers["location"] == "/"  # never to another site
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert TOKEN not in cookie
    assert client.get("/").status_code == 200
    assert client.post("/quote", json=BOOKING).status_code == 200


def test_cors_is_off_unless_origins_are_listed(serve):
    closed = serve(CLINIC_TOML)
    asked = {"Origin": "https://booking.example", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in closed.options("/quote", headers=asked).headers
    opened = serve(CLINIC_TOML, cors_origins=("https://booking.example",))
    allowed = opened.options("/quote", headers=asked)
    assert allowed.headers["access-control-allow-origin"] == "https://booking.example"
    other = opened.get("/services", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_intake_content_is_never_logged(serve, caplog, capfd):
    client = serve(CLINIC_TOML)
    secret = "osteoporosis"
    body = {
        "service": "swedish",
        "intake": {"client": {"conditions": [secret], "medications": []}},
    }
    with caplog.at_level("DEBUG"):
        assert client.post("/screen", json=body).status_code == 200
        client.post("/screen", json={**body, "service": "nope"})
    out, err = capfd.readouterr()
    assert secret not in caplog.text + out + err


# Documented, and started only when asked for


def test_every_endpoint_is_in_the_openapi_document_and_the_docs_page(serve):
    client = serve(CLINIC_TOML)
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    for path in [
        "/catalogue",
        "/exports/{export_format}",
        "/services",
        "/services/{service_id}",
        "/quote",
        "/screen",
        "/menu",
        "/health",
        "/status",
    ]:
        assert path in paths, path
    assert paths["/quote"]["post"]["requestBody"]["content"]["application/json"]
    assert "404" in paths["/services/{service_id}"]["get"]["responses"]
    schemas = document["components"]["schemas"]
    assert {"ProblemDocument", "Status", "Health", "QuoteRequest", "ScreenRequest"} <= set(schemas)
    assert schemas["ScreenRequest"]["properties"]["intake"]["type"] == "object"
    page = client.get("/docs")
    assert page.status_code == 200
    for path in paths:
        assert path in page.text
    assert '<script src="http' not in page.text
    assert "cdn" not in page.text.lower()


def test_only_serve_imports_the_server():
    # `--help` and `check` start as fast as before: no Litestar, no uvicorn.
    code = (
        "import sys\n"
        "from servicekit.cli import main\n"
        f"for args in (['--help'], ['serve', '--help'], ['check', {str(CLINIC_TOML)!r}]):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('litestar', 'uvicorn', 'servicekit.serving', 'msgspec')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_an_unknown_location_is_a_400_with_the_locations(serve):
    client = serve(REPO / "catalogues" / "multi-location-practice.toml")
    for path in ("/exports/square?location=beaches", "/menu?location=beaches"):
        assert_problem(client.get(path), 400, "invalid-location", "did you mean 'the-beaches'?")
    assert client.get("/menu?location=the-beaches").status_code == 200
