"""`servicekit serve` under load: requests per second and p99 over HTTP, beside the same quote
through the Python API; live reload under load; a worker killed under load.

    python benchmarks/bench_serve.py [--seconds 10] [--connections 32]

One worker on 127.0.0.1, 32 concurrent clients (wrk from Debian's packages when installed,
else this file's Python client; both bounded in time, the Python one in count too). Targets
(issue #16): POST /quote >= 2,000 requests/s with p99 <= 20 ms; GET /catalogue with
If-None-Match >= 5,000 requests/s. Then: the catalogue rewritten 20 times under load (valid and
invalid edits alternating) with 0 failed requests and every quote matching the version its
ETag names; and one of two workers killed under load, losing no more than the requests in
flight on it. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
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
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "servicekit", "serve", str(source), "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return process, port
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("servicekit serve did not start") from None
            time.sleep(0.1)


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


def throughput(args: argparse.Namespace, directory: Path) -> None:
    path = directory / "clinic.toml"
    path.write_bytes(CLINIC.read_bytes())
    process, port = start(path)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/catalogue") as response:
            etag = response.headers["ETag"]
        body = json.dumps(BOOKING)
        tool = "wrk" if shutil.which("wrk") else "python client"
        if tool == "wrk":
            quote = wrk(port, "/quote", args.seconds, args.connections, method="POST", body=body)
            cached = wrk(port, "/catalogue", args.seconds, args.connections, etag=etag)
        else:
            quotes = Load(port, "POST", "/quote", body=body.encode(), seconds=args.seconds).run()
            hits = Load(port, "GET", "/catalogue", headers={"If-None-Match": etag}).run()
            quote, cached = (quotes.rate, quotes.p99), (hits.rate, hits.p99)
    finally:
        process.terminate()
        process.wait()
    api = python_api_rate()
    print(f"load tool: {tool}, 1 worker, {args.connections} connections, {args.seconds} s each")
    print(
        f"POST /quote: {quote[0]:,.0f} requests/s, p99 {quote[1] * 1000:.1f} ms "
        f"(target >= 2,000/s, p99 <= 20 ms: {_verdict(quote[0] >= 2000 and quote[1] <= 0.02)})"
    )
    print(
        f"  the same quote through the Python API (quote, to_dict, JSON): {api:,.0f}/s on one "
        f"core; HTTP gives {quote[0] / api:.2f}x of that"
    )
    print(
        f"GET /catalogue with If-None-Match (304): {cached[0]:,.0f} requests/s, "
        f"p99 {cached[1] * 1000:.1f} ms (target >= 5,000/s: {_verdict(cached[0] >= 5000)})"
    )


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


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
        process.terminate()
        process.wait()
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
        process.terminate()
        process.wait()
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
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
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
