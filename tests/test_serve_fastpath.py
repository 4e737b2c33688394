"""The requests a point of sale makes all day (`GET /catalogue`, `POST /quote`) are answered
in front of Litestar; every answer is the one Litestar gives, and whatever the front layer is
not sure of reaches Litestar as it came. Over a real socket, each response leaves whole."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CATALOGUES, REPO, SWEDISH, catalogue_text

pytest.importorskip("litestar", reason="servicekit serve needs the serve extra")

from benchmarks.bench_serve import start, stop
from litestar.testing import TestClient

from servicekit.serving import Settings, create_app

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
TOKEN = "a-long-enough-test-token"
BOOKING = {"service": "deep-tissue", "duration": 90, "addons": ["hot-stones"], "tags": ["member"]}
VISIT = {"items": ["deep-tissue:90+hot-stones@ann", "swedish:60@ben"], "at": "2026-12-04T18:30"}


class Both:
    """One served source twice: the full application (front layer and Litestar) and Litestar
    alone; records which requests the full application handed on to Litestar."""

    def __init__(self, source: Path, plugins: Any, **settings: Any) -> None:
        options = {"poll_interval": 60, **settings}
        full = create_app(Settings(str(source), **options), plugins=plugins)
        alone = create_app(Settings(str(source), **options), plugins=plugins).app
        self.handed_on: list[str] = []
        litestar = full.app

        async def counted(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                self.handed_on.append(scope["path"])
            await litestar(scope, receive, send)

        full.app = counted
        self.full, self.alone = TestClient(full), TestClient(alone)

    def ask(self, method: str, path: str, **request: Any) -> tuple[Any, bool]:
        """Litestar's answer, after checking the full application gives the same; and whether
        the front layer answered it itself."""
        before = len(self.handed_on)
        answers = [client.request(method, path, **request) for client in (self.full, self.alone)]
        seen = [(answer.status_code, _headers(answer), answer.content) for answer in answers]
        assert seen[0] == seen[1], (method, path)
        return answers[1], len(self.handed_on) == before


def _headers(response: Any) -> list[tuple[str, str]]:
    """The headers but the date; `Allow`'s methods in order (Litestar lists them unordered)."""
    return sorted(
        (k, ", ".join(sorted(v.split(", "))) if k == "allow" else v)
        for k, v in response.headers.multi_items()
        if k != "date"
    )


@pytest.fixture
def both(plugins) -> Iterator[Callable[..., Both]]:
    started: list[Both] = []

    def make(source: Path, **settings: Any) -> Both:
        pair = Both(source, plugins, **settings)
        for client in (pair.full, pair.alone):
            client.__enter__()
        started.append(pair)
        return pair

    yield make
    for pair in started:
        for client in (pair.full, pair.alone):
            client.__exit__(None, None, None)


def test_catalogue_checks_and_quotes_are_answered_in_front_as_litestar_answers(both):
    served = both(CLINIC_TOML)
    export, hot = served.ask("GET", "/catalogue")
    assert hot
    assert export.status_code == 200
    etag = export.headers["etag"]
    for given in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        answer, hot = served.ask("GET", "/catalogue", headers={"If-None-Match": given})
        assert answer.status_code == 304, given
        assert hot
    answer, hot = served.ask("GET", "/catalogue", headers={"If-None-Match": '"other"'})
    assert hot
    assert answer.status_code == 200
    for body in (BOOKING, VISIT):
        answer, hot = served.ask("POST", "/quote", json=body)
        assert answer.status_code == 200, answer.text
        assert hot
        assert answer.headers["etag"] == etag
    charset = {"Content-Type": "application/json; charset=utf-8"}
    answer, hot = served.ask("POST", "/quote", content=json.dumps(BOOKING), headers=charset)
    assert hot
    assert answer.status_code == 200


JSON = {"Content-Type": "application/json"}


def raw(content: bytes) -> dict[str, Any]:
    return {"content": content, "headers": JSON}


@pytest.mark.parametrize(
    ("method", "path", "request_", "status"),
    [
        ("POST", "/quote", {"json": {"service": "swedsh", "duration": 60}}, 404),
        ("POST", "/quote", {"json": {"service": "deep-tissue", "duration": 45}}, 400),
        ("POST", "/quote", {"json": {"service": "swedish", "duration": "60"}}, 400),
        ("POST", "/quote", {"json": [1, 2]}, 400),
        ("POST", "/quote", raw(b'{"service": "a", "service": "b"}'), 400),
        ("POST", "/quote", raw(b'{"duration": NaN}'), 400),
        ("POST", "/quote", raw(b""), 400),
        ("POST", "/quote", {"content": b"service=swedish"}, 415),
        ("POST", "/quote", raw(json.dumps({"tags": ["x" * 3000]}).encode()), 413),
        ("GET", "/catalogue?service=swedish", {}, 200),
        ("GET", "/catalogue/", {}, 200),
        ("HEAD", "/catalogue", {}, 405),
        ("PUT", "/quote", {"json": BOOKING}, 405),
        ("GET", "/quote", {}, 405),
    ],
)
def test_what_the_front_is_not_sure_of_reaches_litestar_as_it_came(
    both, method, path, request_, status
):
    served = both(CLINIC_TOML, max_body=2048)
    answer, hot = served.ask(method, path, **request_)
    assert answer.status_code == status, answer.text
    assert not hot


def test_a_body_sent_in_chunks_reaches_litestar_whole(both):
    served = both(CLINIC_TOML)
    body = json.dumps(BOOKING).encode()
    answers = [
        client.post("/quote", content=iter([body[:10], body[10:]]), headers=JSON)
        for client in (served.full, served.alone)
    ]
    assert answers[0].status_code == answers[1].status_code == 200
    assert answers[0].content == answers[1].content
    assert served.handed_on == ["/quote"]  # no length given: Litestar reads it


def test_a_server_with_a_token_answers_in_front_only_those_who_bear_it(both):
    served = both(CLINIC_TOML, token=TOKEN)
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    for path, method, body in (("/catalogue", "GET", None), ("/quote", "POST", BOOKING)):
        answer, hot = served.ask(method, path, json=body)
        assert answer.status_code == 401
        assert not hot
        wrong = {"Authorization": "Bearer not-the-token-at-all"}
        answer, hot = served.ask(method, path, json=body, headers=wrong)
        assert answer.status_code == 401
        assert not hot
        answer, hot = served.ask(method, path, json=body, headers=bearer)
        assert answer.status_code == 200
        assert hot


def test_cross_origin_requests_get_litestars_cors_headers(both):
    served = both(CLINIC_TOML, cors_origins=("https://booking.example",))
    origin = {"Origin": "https://booking.example"}
    answer, hot = served.ask("POST", "/quote", json=BOOKING, headers=origin)
    assert answer.headers["access-control-allow-origin"] == "https://booking.example"
    assert not hot
    answer, hot = served.ask("GET", "/catalogue", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in answer.headers
    assert not hot
    assert served.ask("GET", "/catalogue")[1]  # no Origin: answered in front


def test_a_directory_is_answered_in_front_for_each_clinic(both, tmp_path):
    for path in CATALOGUES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    served = both(tmp_path)
    quote = {"service": "klassische-massage", "duration": 60}
    answer, hot = served.ask("POST", "/clinics/day-spa/quote", json=quote)
    assert answer.status_code == 200, answer.text
    assert hot
    answer, hot = served.ask("GET", "/clinics/day-spa/catalogue")
    assert answer.status_code == 200
    assert hot
    answer, hot = served.ask("GET", "/clinics/day-sap/catalogue")
    assert answer.status_code == 404
    assert not hot
    answer, hot = served.ask("GET", "/catalogue")
    assert answer.status_code == 404
    assert not hot


def test_a_catalogue_that_never_built_is_litestars_503(both, write):
    path = write(catalogue_text(SWEDISH.replace('modality = "swedish"', 'modality = "nope"')))
    served = both(path)
    for method, path_ in (("GET", "/catalogue"), ("POST", "/quote")):
        answer, hot = served.ask(method, path_, json={"service": "swedish"})
        assert answer.status_code == 503
        assert not hot


def test_a_client_leaving_mid_body_is_not_logged_as_a_bug(plugins, caplog):
    app = create_app(Settings(str(CLINIC_TOML)), plugins=plugins)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    for path, length in (("/quote", b"100"), ("/screen", b"100"), ("/quote", None)):
        headers = [(b"content-type", b"application/json")]
        headers += [(b"content-length", length)] if length else []
        scope = {
            "type": "http",
            "method": "POST",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": headers,
            "root_path": "",
            "scheme": "http",
            "server": ("127.0.0.1", 8000),
            "client": ("127.0.0.1", 50000),
            "http_version": "1.1",
            "asgi": {"version": "3.0"},
        }
        with caplog.at_level("DEBUG"):
            asyncio.run(app(scope, receive, send))
    assert "internal error" not in caplog.text
    assert all(message.get("status", 400) < 500 for message in sent)


# Over a real socket


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[int]:
    path = tmp_path_factory.mktemp("served") / "clinic.toml"
    path.write_bytes(CLINIC_TOML.read_bytes())
    process, port = start(path)
    try:
        yield port
    finally:
        stop(process)


def exchange(port: int, data: bytes, answers: int) -> list[tuple[bytes, dict[str, str], bytes]]:
    """Send raw bytes; read `answers` HTTP responses (head, headers, body) back."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(data)
        stream = connection.makefile("rb")
        read = []
        for _ in range(answers):
            status = stream.readline()
            headers = {}
            while (line := stream.readline()) != b"\r\n":
                name, _, value = line.decode().partition(":")
                headers[name.lower()] = value.strip()
            body = stream.read(int(headers.get("content-length", 0)))
            read.append((status, headers, body))
        return read


def request(method: str, path: str, body: bytes = b"", **headers: str) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: localhost",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def test_pipelined_requests_are_answered_whole_and_in_order(server, plugins):
    import servicekit

    catalogue = servicekit.load(CLINIC_TOML, plugins=plugins)
    export = catalogue.export("json").content
    quote = json.dumps(BOOKING).encode()
    asked = (
        request("GET", "/catalogue")
        + request("POST", "/quote", quote)
        + request("GET", "/health")
        + request("POST", "/quote", b'{"service": "swedsh"}')
        + request("GET", "/catalogue")
    )
    answers = exchange(server, asked, 5)
    assert [status.split()[1] for status, _, _ in answers] == [
        b"200",
        b"200",
        b"200",
        b"404",
        b"200",
    ]
    assert answers[0][2] == export == answers[4][2]  # 25 kB, whole
    assert json.loads(answers[1][2]) == catalogue.quote(**BOOKING).to_dict()
    assert json.loads(answers[3][2])["type"] == "urn:servicekit:problem:unknown-service"
    etag = answers[0][1]["etag"]
    (not_modified,) = exchange(server, request("GET", "/catalogue", **{"If-None-Match": etag}), 1)
    assert not_modified[0].split()[1] == b"304"
    assert not_modified[1]["etag"] == etag


def test_a_client_that_asks_to_continue_gets_its_quote(server):
    quote = json.dumps(BOOKING).encode()
    head = request("POST", "/quote", quote, Expect="100-continue")[: -len(quote)]
    with socket.create_connection(("127.0.0.1", server), timeout=10) as connection:
        connection.sendall(head)
        assert connection.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        connection.sendall(quote)
        stream = connection.makefile("rb")
        assert stream.readline().startswith(b"HTTP/1.1 200")


def test_the_head_and_body_of_a_response_leave_in_one_write():
    from servicekit.serving.protocol import GatheringTransport

    class Socket:
        def __init__(self) -> None:
            self.sent: list[bytes] = []
            self.closed = False

        def write(self, data: bytes) -> None:
            self.sent.append(data)

        def is_closing(self) -> bool:
            return self.closed

        def close(self) -> None:
            self.closed = True

        def get_extra_info(self, name: str) -> str:
            return f"the socket's {name}"

    async def answer() -> None:
        socket_ = Socket()
        transport = GatheringTransport(socket_, asyncio.get_running_loop())  # type: ignore[arg-type]
        transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
        transport.write(b"")
        transport.write(b"{}")
        assert socket_.sent == []  # until the event loop turns
        await asyncio.sleep(0)
        assert socket_.sent == [b"HTTP/1.1 200 OK\r\n\r\n{}"]
        transport.write(b"last")
        transport.close()  # sends what it holds first
        assert socket_.sent[1:] == [b"last"]
        assert socket_.closed
        await asyncio.sleep(0)
        assert len(socket_.sent) == 2
        assert transport.get_extra_info("peername") == "the socket's peername"

    asyncio.run(answer())
