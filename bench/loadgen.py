"""A small HTTP/1.1 load generator: N concurrent clients send GET requests for a fixed time.

Standard library only, so that it runs in a process of its own without loading Django. It reads its job as
JSON on stdin (which keeps the API key out of `ps`) and prints its findings as JSON on stdout:

    {"port": 8000, "host": "acme.localhost", "path": "/healthz", "headers": {}, "clients": 32,
     "seconds": 20, "warmup_seconds": 2}

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
    def __init__(self):
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.transport_errors = 0
        self.first_error = ""

    def error(self, exc: BaseException) -> None:
        self.transport_errors += 1
        self.first_error = self.first_error or f"{type(exc).__name__}: {exc}"


async def run_client(client: Client, deadline: float, tally: Tally | None) -> None:
    """Send requests back to back until `deadline`; record them in `tally` unless it is None (warm-up)."""
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(client.get(), REQUEST_TIMEOUT)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError) as exc:
            client.close()
            if tally is not None:
                tally.error(exc)
            continue
        if tally is not None:
            tally.latencies.append(time.perf_counter() - started)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


async def run(job: dict) -> dict:
    headers = {"Host": job["host"], "Connection": "keep-alive", "Accept": "*/*", **job.get("headers", {})}
    request = f"GET {job['path']} HTTP/1.1\r\n".encode() + b"".join(
        f"{name}: {value}\r\n".encode("latin-1") for name, value in headers.items()
    )
    request += b"\r\n"
    clients = [Client(job["port"], request) for _ in range(job["clients"])]

    warmup_deadline = time.perf_counter() + job.get("warmup_seconds", 0)
    await asyncio.gather(*(run_client(client, warmup_deadline, None) for client in clients))
    connections_before = sum(client.connections for client in clients)

    tally = Tally()
    started = time.perf_counter()
    await asyncio.gather(*(run_client(client, started + job["seconds"], tally) for client in clients))
    elapsed = time.perf_counter() - started
    for client in clients:
        client.close()

    latencies = sorted(tally.latencies)
    ok = tally.statuses.get(200, 0)
    return {
        "requests": len(latencies),
        "elapsed_s": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "non_200": len(latencies) - ok,
        "statuses": {str(status): count for status, count in sorted(tally.statuses.items())},
        "transport_errors": tally.transport_errors,
        "first_error": tally.first_error,
        "connections": sum(client.connections for client in clients) - connections_before,
    }


def main() -> None:
    job = json.load(sys.stdin)
    print(json.dumps(asyncio.run(run(job))))


if __name__ == "__main__":
    main()
