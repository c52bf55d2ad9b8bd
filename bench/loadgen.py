"""A small HTTP/1.1 load generator: N concurrent clients send GET requests for a fixed time.

Standard library only, so that it runs in a process of its own without loading Django. It reads its job as
JSON on stdin (which keeps the API key out of `ps`) and prints its findings as JSON on stdout, one entry per
target:

    {"port": 8000, "clients": 32, "seconds": 20, "rounds": 4, "warmup_seconds": 2,
     "targets": {"bare_view": {"host": "acme.localhost", "path": "/healthz", "headers": {}}, ...}}

Each target gets `seconds` of load in all, in `rounds` slices that alternate between the targets (a b, b a,
a b, ...), so that a change in background load on the machine affects them alike.

Clients ask for keep-alive and reuse their connection while the server allows it; when a response says
`Connection: close` (gunicorn's sync workers say so on every response) they reconnect, and the connect time
counts towards that request's latency.
"""

import asyncio
import json
import math
import sys
import time

REQUEST_TIMEOUT = 10.0  # seconds; a request slower than this counts as a transport error
TRANSPORT_ERRORS = (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError)


class Client:
    """One keep-alive connection (reopened when the server closes it) sending one request at a time."""

    def __init__(self, port: int, request: bytes):
        self.port = port
        self.request = request
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.connections = 0

    async def get(self) -> int:
        """Send the request and read the whole response; return its status code."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.connections += 1
        self.writer.write(self.request)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers = {}
        for line in header_lines:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        if "content-length" not in headers:
            raise ValueError(f"response without Content-Length (status {status})")
        await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Tally:
    """What one target's requests came to, over all its slices."""

    def __init__(self):
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.elapsed = 0.0
        self.connections = 0
        self.transport_errors = 0
        self.first_error = ""

    def error(self, exc: BaseException) -> None:
        self.transport_errors += 1
        self.first_error = self.first_error or f"{type(exc).__name__}: {exc}"

    def summary(self) -> dict:
        latencies = sorted(self.latencies)
        return {
            "requests": len(latencies),
            "elapsed_s": self.elapsed,
            "rps": len(latencies) / self.elapsed,
            "p50_ms": percentile(latencies, 0.50) * 1000,
            "p95_ms": percentile(latencies, 0.95) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "non_200": len(latencies) - self.statuses.get(200, 0),
            "statuses": {str(status): count for status, count in sorted(self.statuses.items())},
            "transport_errors": self.transport_errors,
            "first_error": self.first_error,
            "connections": self.connections,
        }


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def build_request(target: dict) -> bytes:
    headers = {"Host": target["host"], "Connection": "keep-alive", "Accept": "*/*", **target.get("headers", {})}
    lines = [f"GET {target['path']} HTTP/1.1", *(f"{name}: {value}" for name, value in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


async def run_client(client: Client, deadline: float, tally: Tally | None) -> None:
    """Send requests back to back until `deadline`; record them in `tally` unless it is None (warm-up)."""
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(client.get(), REQUEST_TIMEOUT)
        except TRANSPORT_ERRORS as exc:
            client.close()
            if tally is not None:
                tally.error(exc)
            continue
        if tally is not None:
            tally.latencies.append(time.perf_counter() - started)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1


async def load(port: int, request: bytes, clients: int, seconds: float, tally: Tally | None) -> None:
    """`clients` concurrent clients for `seconds`, on fresh connections that are closed afterwards."""
    pool = [Client(port, request) for _ in range(clients)]
    started = time.perf_counter()
    await asyncio.gather(*(run_client(client, started + seconds, tally) for client in pool))
    for client in pool:
        client.close()
    if tally is not None:
        tally.elapsed += time.perf_counter() - started
        tally.connections += sum(client.connections for client in pool)


async def run(job: dict) -> dict:
    requests = {name: build_request(target) for name, target in job["targets"].items()}
    tallies = {name: Tally() for name in requests}
    for request in requests.values():
        await load(job["port"], request, job["clients"], job.get("warmup_seconds", 0), None)
    rounds = job.get("rounds", 1)
    names = list(requests)
    for round_number in range(rounds):
        for name in names if round_number % 2 == 0 else reversed(names):
            await load(job["port"], requests[name], job["clients"], job["seconds"] / rounds, tallies[name])
    return {name: tally.summary() for name, tally in tallies.items()}


def main() -> None:
    job = json.load(sys.stdin)
    print(json.dumps(asyncio.run(run(job))))


if __name__ == "__main__":
    main()
