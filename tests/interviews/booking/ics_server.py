"""A calendar server on the loopback interface for the host-calendar tests: it serves iCalendar files the test puts
at paths, honours If-None-Match / If-Modified-Since with 304, answers a status or a redirect where the test asks,
and records every request's method, path and headers (names lowercased)."""

import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Fri, 01 Mar 2030 09:00:00 GMT"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    location: str = ""  # a redirect's target
    content_type: str = "text/calendar; charset=utf-8"


@dataclass
class IcsServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str, dict]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes | str = b"", **route) -> str:
        self.routes[path] = Route(body=body.encode() if isinstance(body, str) else body, **route)
        return self.url(path)


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        fake = self.server.fake
        fake.requests.append(("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = fake.routes.get(self.path)
        if route is None:
            return self._send(404, b"Not found", "text/plain")
        if route.location:
            self.send_response(route.status or 302)
            self.send_header("Location", route.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if route.status != 200:
            return self._send(route.status, b"No", "text/plain")
        etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        return self._send(200, route.body, route.content_type, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _send(self, status, body, content_type, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: IcsServer):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


def start() -> tuple[IcsServer, _Server]:
    fake = IcsServer()
    server = _Server(fake)
    fake.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server
