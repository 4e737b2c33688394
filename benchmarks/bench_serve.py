"""`servicekit serve` under load: requests per second and p99 over HTTP, beside the same quote
through the Python API and beside the floor; live reload under load; a worker killed under load.

    python benchmarks/bench_serve.py [--runs 5] [--seconds 8] [--connections 32] [--instructions]

One worker on 127.0.0.1, 32 concurrent clients (wrk from Debian's packages when installed,
else this file's Python client; both bounded in time, the Python one in count too). Targets
(issue #16): POST /quote >= 2,000 requests/s with p99 <= 20 ms; GET /catalogue with
If-None-Match >= 5,000 requests/s.

The load tool shares the machine's cores with the server (and, on a shared machine, with
whatever else runs), so every figure is measured `--runs` times in rounds, and printed as the
median with the spread (lowest to highest) beside two anchors measured in the same rounds:

- the same quote through the Python API (quote, to_dict, JSON) on one core, no HTTP;
- the floor: the same uvicorn, protocol and options `servicekit serve` runs, with a
  hand-coded ASGI application sending the same bytes (the quote's answer, the 304) without
  working anything out. What the server costs beyond the floor is servicekit's.

With `--instructions` (and valgrind installed) it also counts the instructions the server runs
per request, and the floor's: a figure the machine's load does not move.

Then: the catalogue rewritten 20 times under load (valid and invalid edits alternating) with
0 failed requests and every quote matching the version its ETag names; and one of two workers
killed under load, losing no more than the requests in flight on it. Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import timeit
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLINIC = ROOT / "catalogues" / "therapeutic-clinic.toml"
BOOKING = {
    "service": "deep-tissue",
    "duration": 90,
    "addons": ["hot-stones", "cupping"],
    "at": "2026-12-04T18:30",
    "tags": ["member"],
    "promos": ["WINTER10"],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(source: Path, *options: str) -> tuple[subprocess.Popen[bytes], int]:
    """`servicekit serve` in its own process; returns once it answers /health."""
    return launch(serve_command(source, *options))


def serve_command(source: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "servicekit", "serve", str(source), *options]


def launch(command: list[str], wait: float = 60) -> tuple[subprocess.Popen[bytes], int]:
    """A server started with `command` and `--port`; returns once it answers /health."""
    port = free_port()
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return process, port
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{' '.join(command[:4])} did not start") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait()


class Load:
    """A bounded load from threads, each with one keep-alive connection: at most `count`
    requests in all, for at most `seconds`. Every answer is recorded by `check`, every failed
    request (an error, a status other than 200/304, a connection that broke) counted."""

    def __init__(
        self,
        port: int,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        connections: int = 32,
        seconds: float = 10,
        count: int = 1_000_000,
        check: Callable[[int, dict[str, str], bytes], None] | None = None,
    ) -> None:
        self.port, self.method, self.path, self.body = port, method, path, body
        self.headers = {"Content-Type": "application/json", **(headers or {})}
        self.connections, self.seconds, self.count, self.check = connections, seconds, count, check
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self._left = count
        self._lock = threading.Lock()

    def _take(self) -> bool:
        with self._lock:
            self._left -= 1
            return self._left >= 0

    def _client(self, deadline: float) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while time.monotonic() < deadline and self._take():
            start = time.perf_counter()
            try:
                connection.request(self.method, self.path, body=self.body, headers=self.headers)
                response = connection.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException) as error:
                self.failures.append(f"{type(error).__name__}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                continue
            self.latencies.append(time.perf_counter() - start)
            if response.status not in (200, 304):
                self.failures.append(f"{response.status}: {content[:200]!r}")
            elif self.check is not None:
                headers = {key.lower(): value for key, value in response.getheaders()}
                self.check(response.status, headers, content)
        connection.close()

    def run(self) -> Load:
        deadline = time.monotonic() + self.seconds
        threads = [
            threading.Thread(target=self._client, args=(deadline,))
            for _ in range(self.connections)
        ]
        self.started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.elapsed = time.perf_counter() - self.started
        return self

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.latencies, n=100)[98] if len(self.latencies) > 1 else 0


def wrk(
    port: int, path: str, seconds: int, connections: int, **request: str
) -> tuple[float, float]:
    """Requests/s and p99 (s) of one wrk run: one thread, `connections` connections."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f"wrk.method = {json.dumps(request.get('method', 'GET'))}\n")
        if "body" in request:
            script.write(f"wrk.body = {json.dumps(request['body'])}\n")
        script.write('wrk.headers["Content-Type"] = "application/json"\n')
        if "etag" in request:
            script.write(f'wrk.headers["If-None-Match"] = {json.dumps(request["etag"])}\n')
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    os.unlink(script.name)
    rate = float(next(ln for ln in output.splitlines() if "Requests/sec" in ln).split()[-1])
    p99 = next(ln for ln in output.splitlines() if ln.strip().startswith("99%")).split()[-1]
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw failed requests:\n{output}")
    return rate, _seconds(p99)


def _seconds(text: str) -> float:
    for unit, scale in (("us", 1e-6), ("ms", 1e-3), ("s", 1.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    raise ValueError(text)


def python_api_rate() -> float:
    """Quotes per second through the Python API: quote, to_dict and JSON, one core."""
    import servicekit

    catalogue = servicekit.load(CLINIC, plugins=servicekit.plugin_manager())
    number = 2000
    best = min(
        timeit.repeat(
            lambda: json.dumps(catalogue.quote(**BOOKING).to_dict()).encode(),
            number=number,
            repeat=5,
        )
    )
    return number / best


@dataclasses.dataclass
class Request:
    """One of the two requests measured: what it sends, and the answer servicekit gave it
    (which the floor sends back as it is)."""

    method: str
    path: str
    body: str | None = None
    etag: str | None = None
    status: int = 200
    headers: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    answer: bytes = b""

    def sent(self) -> dict[str, str]:
        """The headers sent with it."""
        headers = {"Content-Type": "application/json"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        return headers

    def asked(self, port: int) -> Request:
        """This request with servicekit's answer to it on `port`."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request(self.method, self.path, body=self.body, headers=self.sent())
        response = connection.getresponse()
        answer = response.read()
        connection.close()
        sent = [(k.lower(), v) for k, v in response.getheaders() if k.lower() != "date"]
        return dataclasses.replace(self, status=response.status, headers=sent, answer=answer)


def measure(port: int, request: Request, args: argparse.Namespace) -> tuple[float, float]:
    """Requests/s and p99 (s) of one run of `request` against the server on `port`."""
    if shutil.which("wrk"):
        options = {"method": request.method, "body": request.body, "etag": request.etag}
        given = {key: value for key, value in options.items() if value is not None}
        return wrk(port, request.path, args.seconds, args.connections, **given)
    headers = {"If-None-Match": request.etag} if request.etag else {}
    body = request.body.encode() if request.body else None
    load = Load(
        port,
        request.method,
        request.path,
        body=body,
        headers=headers,
        connections=args.connections,
        seconds=args.seconds,
    ).run()
    return load.rate, load.p99


def floor_app(requests: list[Request]) -> Callable[..., Any]:
    """The floor: an ASGI application answering each request with the status, headers and
    bytes servicekit answered it with, working nothing out (it reads the body it is sent)."""
    answers = {
        (request.method, request.path): (
            {
                "type": "http.response.start",
                "status": request.status,
                "headers": [(k.encode(), v.encode()) for k, v in request.headers],
            },
            {"type": "http.response.body", "body": request.answer},
        )
        for request in [*requests, Request("GET", "/health", status=200)]
    }

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        more = scope["method"] == "POST"
        while more:
            more = (await receive()).get("more_body", False)
        head, body = answers[scope["method"], scope["path"]]
        await send(head)
        await send(body)

    return app


def serve_floor(requests_file: str, port: int) -> None:
    """Run the floor on `port` as `servicekit serve` runs: the same uvicorn options."""
    import uvicorn

    from servicekit.serving import Settings
    from servicekit.serving.app import uvicorn_options

    requests = [
        Request(**{**r, "answer": r["answer"].encode("latin-1")})
        for r in json.loads(Path(requests_file).read_text())
    ]
    options = {**uvicorn_options(Settings(requests_file, port=port)), "log_level": "warning"}
    uvicorn.run(floor_app(requests), lifespan="off", **options)


def floor_command(requests: list[Request], directory: Path) -> list[str]:
    """The command serving the floor for `requests`, their answers recorded in `directory`."""
    recorded = directory / "floor.json"
    data = [{**dataclasses.asdict(r), "answer": r.answer.decode("latin-1")} for r in requests]
    recorded.write_text(json.dumps(data))
    return [sys.executable, __file__, "--floor", str(recorded)]


def instructions(command: list[str], request: Request, directory: Path) -> float:
    """Instructions the server `command` starts runs per `request` (valgrind's cachegrind,
    user space): the difference between a run answering 1,200 and one answering 200, over
    1,000. Start-up, shutdown and the first answers are in both, so they cancel out."""
    counted = []
    for count in (200, 1200):
        out = directory / f"cachegrind.{count}"
        valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
        process, port = launch([*valgrind, f"--cachegrind-out-file={out}", *command], wait=900)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            for _ in range(count):
                connection.request(request.method, request.path, request.body, request.sent())
                connection.getresponse().read()
            connection.close()
        finally:
            stop(process)
        summary = next(ln for ln in out.read_text().splitlines() if ln.startswith("summary:"))
        counted.append(int(summary.split()[1]))
    return (counted[1] - counted[0]) / 1000


def loaded(pid: int) -> str:
    """Which of uvloop and httptools the process at `pid` has loaded."""
    maps = Path(f"/proc/{pid}/maps").read_text() if Path(f"/proc/{pid}/maps").exists() else ""
    found = [name for name in ("uvloop", "httptools") if f"/{name}/" in maps]
    return ", ".join(found) or "neither uvloop nor httptools"


@dataclasses.dataclass
class Figures:
    """What the rounds measured: per request, servicekit's and the floor's (rate, p99) in each
    run; and the Python API's quotes per second in each round."""

    served: dict[str, list[tuple[float, float]]] = dataclasses.field(default_factory=dict)
    floor: dict[str, list[tuple[float, float]]] = dataclasses.field(default_factory=dict)
    api: list[float] = dataclasses.field(default_factory=list)


def throughput(args: argparse.Namespace, directory: Path) -> None:
    path = directory / "clinic.toml"
    path.write_bytes(CLINIC.read_bytes())
    figures = Figures()
    process, port = start(path)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/catalogue") as response:
            etag = response.headers["ETag"]
        requests = {
            "quote": Request("POST", "/quote", body=json.dumps(BOOKING)).asked(port),
            "304": Request("GET", "/catalogue", etag=etag).asked(port),
        }
        runs_on = loaded(process.pid)
        floor, floor_port = launch(floor_command(list(requests.values()), directory))
        try:
            for _ in range(args.runs):
                for name, request in requests.items():
                    figures.served.setdefault(name, []).append(measure(port, request, args))
                    figures.floor.setdefault(name, []).append(measure(floor_port, request, args))
                figures.api.append(python_api_rate())
        finally:
            stop(floor)
    finally:
        stop(process)
    report(args, figures, runs_on)
    if args.instructions and not shutil.which("valgrind"):
        print("--instructions needs valgrind (Debian's package), which is not installed")
    elif args.instructions:
        floor = floor_command(list(requests.values()), directory)
        for name, request in requests.items():
            served = instructions(serve_command(path), request, directory)
            least = instructions(floor, request, directory)
            print(
                f"{name}: {served:,.0f} instructions per request in the server (cachegrind, "
                f"user space), the floor's {least:,.0f}"
            )


def report(args: argparse.Namespace, figures: Figures, runs_on: str) -> None:
    tool = "wrk" if shutil.which("wrk") else "python client"
    print(
        f"load tool: {tool}, 1 worker ({runs_on}), {args.connections} connections; "
        f"{args.runs} round{'s' * (args.runs != 1)} of {args.seconds} s per figure: "
        "median [lowest-highest]"
    )
    quotes, hits = figures.served["quote"], figures.served["304"]
    print(
        f"POST /quote: {_figures(quotes)} (target >= 2,000/s, p99 <= 20 ms: "
        f"{_verdict(quotes, lambda rate, p99: rate >= 2000 and p99 <= 0.02)})"
    )
    ratios = [rate / api for (rate, _), api in zip(quotes, figures.api, strict=True)]
    print(
        f"  the same quote through the Python API (quote, to_dict, JSON): "
        f"{_spread(figures.api)}/s on one core; HTTP gives {_spread(ratios, '.2f')}x"
    )
    _floor(figures, "quote")
    print(
        f"GET /catalogue with If-None-Match (304): {_figures(hits)} (target >= 5,000/s: "
        f"{_verdict(hits, lambda rate, _p99: rate >= 5000)})"
    )
    _floor(figures, "304")


def _figures(runs: list[tuple[float, float]]) -> str:
    rates, p99s = [rate for rate, _ in runs], [p99 * 1000 for _, p99 in runs]
    return f"{_spread(rates)} requests/s, p99 {_spread(p99s, '.1f')} ms"


def _floor(figures: Figures, name: str) -> None:
    rates = [rate for rate, _ in figures.served[name]]
    floor = figures.floor[name]
    ratios = [rate / best for rate, (best, _) in zip(rates, floor, strict=True)]
    print(
        f"  the floor (same uvicorn, same bytes, nothing worked out): {_figures(floor)}; "
        f"servicekit gives {_spread(ratios, '.2f')}x its rate"
    )


def _spread(values: list[float], form: str = ",.0f") -> str:
    """The median and, when there are several, the lowest and highest."""
    median = format(statistics.median(values), form)
    if len(values) == 1:
        return median
    return f"{median} [{min(values):{form}}-{max(values):{form}}]"


def _verdict(runs: list[tuple[float, float]], met: Callable[[float, float], bool]) -> str:
    """Whether the medians meet the target, and in how many runs it was met."""
    rate = statistics.median(rate for rate, _ in runs)
    p99 = statistics.median(p99 for _, p99 in runs)
    count = sum(met(*run) for run in runs)
    return f"{'met' if met(rate, p99) else 'MISSED'}; met in {count} of {len(runs)} runs"


def reload_under_load(directory: Path, edits: int = 20, pause: float = 0.7) -> dict[str, object]:
    """Rewrite the catalogue `edits` times under load, valid and invalid alternating."""
    import servicekit

    path = directory / "reload.toml"
    original = CLINIC.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    plugins = servicekit.plugin_manager()
    valid = [original.replace('"160.00"', f'"{160 + n}.00"') for n in range(edits // 2 + 1)]
    expected = {}
    for text in valid:
        catalogue = servicekit.loads(text, plugins=plugins)
        version = json.loads(catalogue.export("json").content)["content_hash"]
        expected[f'"{version}"'] = catalogue.quote(**BOOKING).to_dict()
    process, port = start(path)
    seen: dict[str, int] = {}
    mismatched: list[str] = []

    def check(_status: int, headers: dict[str, str], content: bytes) -> None:
        etag = headers.get("etag", "")
        seen[etag] = seen.get(etag, 0) + 1
        if expected.get(etag) != json.loads(content):
            mismatched.append(etag)

    load = Load(port, "POST", "/quote", body=json.dumps(BOOKING).encode(), check=check, seconds=60)
    load.connections = 8
    runner = threading.Thread(target=load.run)
    try:
        runner.start()
        for n in range(edits):
            time.sleep(pause)
            if n % 2 == 0:
                path.write_text(valid[n // 2 + 1], encoding="utf-8")
            else:
                path.write_text(original.replace('modality = "swedish"', 'modality = "swe"'))
        time.sleep(1.0)
        load.seconds = 0
        load._left = 0
    finally:
        runner.join()
        stop(process)
    return {
        "requests": len(load.latencies),
        "failed": len(load.failures),
        "versions": len(seen),
        "mismatched": len(mismatched),
        "failures": load.failures[:5],
    }


def kill_a_worker(directory: Path) -> dict[str, object]:
    """Kill one of two workers under load: what was lost, and what it held in flight."""
    path = directory / "workers.toml"
    path.write_bytes(CLINIC.read_bytes())
    process, port = start(path, "--workers", "2")
    load = Load(port, "POST", "/quote", body=json.dumps(BOOKING).encode(), seconds=8)
    runner = threading.Thread(target=load.run)
    try:
        runner.start()
        time.sleep(3)
        workers = children(process.pid)
        held, victim = max((established(pid, port), pid) for pid in workers)
        os.kill(victim, signal.SIGKILL)
        runner.join()
        replaced = [pid for pid in children(process.pid) if pid not in workers]
    finally:
        stop(process)
    return {
        "requests": len(load.latencies),
        "failed": len(load.failures),
        "connections on the killed worker": held,
        "replacement started": bool(replaced),
        "failures": sorted(set(load.failures))[:3],
    }


def children(pid: int) -> list[int]:
    """The worker processes of uvicorn's supervisor (its child processes)."""
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    found = [int(child) for child in text.split()]
    # The multiprocessing resource tracker is a child too; workers are the ones listening.
    return [child for child in found if "multiprocessing.resource_tracker" not in _cmd(child)]


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def established(pid: int, port: int) -> int:
    """How many open connections to `port` the process holds: at most one request in flight
    on each."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:
                count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds of every figure")
    parser.add_argument("--seconds", type=int, default=8, help="length of each run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count the instructions per request with valgrind (minutes; unmoved by load)",
    )
    parser.add_argument("--floor", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        serve_floor(args.floor, args.port)
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as directory:
        throughput(args, Path(directory))
        reloads = reload_under_load(Path(directory))
        print(
            f"20 rewrites under load (valid and invalid alternating): {reloads['requests']:,} "
            f"quotes, {reloads['failed']} failed, {reloads['versions']} versions seen, "
            f"{reloads['mismatched']} not matching the version in their ETag"
        )
        killed = kill_a_worker(Path(directory))
        print(
            f"one of 2 workers killed under load (32 connections): {killed['requests']:,} "
            f"requests, {killed['failed']} failed; the killed worker held "
            f"{killed['connections on the killed worker']} connections (its requests in "
            f"flight); replacement started: {killed['replacement started']}"
        )
        for failure in killed["failures"]:
            print(f"  {failure}")


if __name__ == "__main__":
    main()
