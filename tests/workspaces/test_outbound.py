"""The outbound policy: what a workspace's URL may reach, checked when saved and again at connect time.

Real servers on 127.0.0.1 stand in for the internal services an attacker would aim at; a fake resolver stands in
for DNS (the outside world), which is how a name "resolving to 127.0.0.1" and a rebinding DNS server are played.
"""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from workspaces import outbound


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.hits.append(self.path)
        kind, _, arg = self.path.strip("/").partition("/")
        if kind == "redirect":
            self.send_response(302)
            self.send_header("Location", arg.replace("|", "/"))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif kind == "big":
            self.send_response(200)
            self.send_header("Content-Length", str(int(arg)))
            self.end_headers()
            for _ in range(int(arg) // 65536 + 1):
                try:
                    self.wfile.write(b"x" * 65536)
                except OSError:
                    return
        elif kind == "drip":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.05)
        else:
            self.send_response(200)
            self.send_header("Content-Length", "13")
            self.end_headers()
            self.wfile.write(b"internal data")

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client hung up on a huge or slow reply, as the tests intend


@pytest.fixture
def internal():
    """A server on 127.0.0.1 playing an internal service; `hits` lists the paths it was asked for."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def nothing_allowed(settings):
    settings.PARLEY_OUTBOUND_ALLOW = []
    settings.OPENAI_BASE_URL = ""
    return settings


@pytest.fixture
def dns(monkeypatch):
    """A fake resolver: `dns["name"] = ["1.2.3.4", ...]` (a list of answers is used up one lookup at a time when
    it holds lists); names it does not know are not found."""
    answers: dict[str, list] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            if host in ("127.0.0.1", "::1"):
                return real(host, port, *args, **kwargs)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        found = answers[host]
        addresses = found.pop(0) if found and isinstance(found[0], list) else found
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


REFUSED = [
    ("https://127.0.0.1:9104/internal", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://localhost:5432/", "loopback"),
    ("http://db.localhost/", "loopback"),
    ("http://[::1]:8080/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[::ffff:169.254.169.254]/", "link-local"),
    ("http://[64:ff9b::a9fe:a9fe]/", "link-local"),  # NAT64 of the metadata service
    ("http://[fe80::1]/", "link-local"),
    ("http://10.0.0.5/admin", "private network"),
    ("http://192.168.1.1/", "private network"),
    ("http://[fd00::1]/", "private network"),
    ("http://100.64.0.1/", "carrier-grade NAT"),
    ("http://224.0.0.251/", "multicast"),
    ("http://0.0.0.0:8000/", "unspecified"),
    ("http://240.0.0.1/", "reserved"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_saving_refuses_addresses_that_are_not_public(nothing_allowed, url, reason):
    with pytest.raises(outbound.OutboundRefused, match=reason):
        outbound.check_url(url)


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_connecting_refuses_them_too_and_sends_nothing(nothing_allowed, url, reason):
    with outbound.client(timeout=2) as http, pytest.raises(outbound.OutboundRefused, match=reason):
        http.get(url)


def test_other_schemes_and_missing_hosts_are_refused(nothing_allowed):
    scheme = "http:// or https://"
    for url, message in [("ftp://example.com/x", scheme), ("file:///etc/passwd", scheme),
                         ("gopher://127.0.0.1:6379/_INFO", scheme), ("http:///path", "no host")]:  # fmt: skip
        with pytest.raises(outbound.OutboundRefused, match=message):
            outbound.check_url(url)


def test_a_loopback_service_is_never_reached(nothing_allowed, internal):
    with outbound.client(timeout=2) as http, pytest.raises(outbound.OutboundRefused):
        http.get(f"{internal.url}/secrets")
    assert internal.hits == []


def test_a_name_resolving_to_loopback_is_refused_when_saved_and_when_connecting(nothing_allowed, internal, dns):
    dns["intranet.example.com"] = ["127.0.0.1"]
    url = f"http://intranet.example.com:{internal.server_port}/"
    with pytest.raises(outbound.OutboundRefused, match=r"intranet\.example\.com \(127\.0\.0\.1\).*loopback"):
        outbound.check_url(url)
    with outbound.client(timeout=2) as http, pytest.raises(outbound.OutboundRefused):
        http.get(url)
    assert internal.hits == []


def test_one_private_address_among_public_ones_is_enough_to_refuse(nothing_allowed, dns):
    dns["mixed.example.com"] = ["93.184.216.34", "10.1.2.3"]
    with pytest.raises(outbound.OutboundRefused, match=r"10\.1\.2\.3"):
        outbound.check_url("https://mixed.example.com/")


def test_dns_rebinding_between_saving_and_sending_is_caught(nothing_allowed, internal, dns):
    # Public when saved, loopback when the worker connects: the connect-time check is the one that counts.
    dns["rebind.example.com"] = [["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]]
    url = f"http://rebind.example.com:{internal.server_port}/"
    outbound.check_url(url)
    with outbound.client(timeout=2) as http, pytest.raises(outbound.OutboundRefused, match="loopback"):
        http.get(url)
    assert internal.hits == []


def test_the_connection_goes_to_the_checked_address_not_to_a_second_lookup(settings, internal, dns):
    # Allowed by address, resolved once: a resolver that would answer a second lookup elsewhere is never asked.
    settings.PARLEY_OUTBOUND_ALLOW = [f"127.0.0.1:{internal.server_port}"]
    dns["service.example.com"] = [["127.0.0.1"], ["169.254.169.254"]]
    with outbound.client(timeout=2) as http:
        response = http.get(f"http://service.example.com:{internal.server_port}/hello")
    assert response.status_code == 200 and internal.hits == ["/hello"]
    assert dns["service.example.com"] == [["169.254.169.254"]]  # the second answer is still unused


def test_a_redirect_to_loopback_is_refused(settings, internal):
    # The first server is allowed (by address and port); the redirect points at another port of loopback.
    settings.PARLEY_OUTBOUND_ALLOW = [f"127.0.0.1:{internal.server_port}"]
    target = "http:||127.0.0.1:5432|"
    with outbound.client(timeout=2, follow_redirects=True) as http, pytest.raises(outbound.OutboundRefused):
        http.get(f"{internal.url}/redirect/{target}")
    assert internal.hits == [f"/redirect/{target}"]


def test_redirects_are_not_followed_unless_asked(settings, internal):
    settings.PARLEY_OUTBOUND_ALLOW = ["127.0.0.1"]
    with outbound.client(timeout=2) as http:
        response = http.get(f"{internal.url}/redirect/http:||127.0.0.1:5432|")
    assert response.status_code == 302 and len(internal.hits) == 1


def test_the_allow_list_permits_the_operators_own_server(settings, internal):
    for entry in ("127.0.0.1", "127.0.0.0/8", f"127.0.0.1:{internal.server_port}", "localhost"):
        settings.PARLEY_OUTBOUND_ALLOW = [entry]
        url = f"http://{'localhost' if entry == 'localhost' else '127.0.0.1'}:{internal.server_port}/model"
        outbound.check_url(url)
        with outbound.client(timeout=2) as http:
            response = http.get(url)
        assert response.status_code == 200 and response.text == "internal data"
        # An allow-listed address is still on the operator's network: not public.
        assert not outbound.peer_is_public(response)
    settings.PARLEY_OUTBOUND_ALLOW = [f"127.0.0.1:{internal.server_port + 1}"]
    with pytest.raises(outbound.OutboundRefused):
        outbound.check_url(internal.url)


def test_the_operators_own_model_server_is_allowed(nothing_allowed, internal):
    nothing_allowed.OPENAI_BASE_URL = f"{internal.url}/v1"
    outbound.check_url(f"{internal.url}/v1")
    with pytest.raises(outbound.OutboundRefused):
        outbound.check_url(f"http://127.0.0.1:{internal.server_port + 1}/v1")


def test_a_bad_allow_list_entry_stops_with_its_name(settings):
    settings.PARLEY_OUTBOUND_ALLOW = ["10.0.0.0/8", "not a host!"]
    with pytest.raises(ImproperlyConfigured, match="PARLEY_OUTBOUND_ALLOW: 'not a host!'"):
        outbound.check_url("https://example.com/")


def test_a_huge_reply_is_cut_off(settings, internal):
    settings.PARLEY_OUTBOUND_ALLOW = ["127.0.0.1"]
    with outbound.client(timeout=5, max_bytes=100_000) as http, pytest.raises(outbound.ReplyTooLarge):
        http.get(f"{internal.url}/big/3000000")


def test_a_dripping_reply_is_cut_off_at_the_time_limit(settings, internal):
    # Each byte arrives well within the read timeout; the whole reply would take 5 s.
    settings.PARLEY_OUTBOUND_ALLOW = ["127.0.0.1"]
    started = time.monotonic()
    with outbound.client(timeout=1) as http, pytest.raises(outbound.ReplyTooSlow):
        http.get(f"{internal.url}/drip")
    assert time.monotonic() - started < 3


def test_public_addresses_are_public():
    assert outbound.is_public("93.184.216.34") and outbound.is_public("2606:2800:220:1:248:1893:25c8:1946")
    assert not outbound.is_public("127.0.0.1") and not outbound.is_public("::ffff:10.0.0.1")
    assert not outbound.is_public("") and not outbound.is_public("not an address")


def test_manage_py_check_names_a_bad_allow_list_entry(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.PARLEY_OUTBOUND_ALLOW = ["10.0.0.0/33"]
    with pytest.raises(SystemCheckError, match=r"parley\.E001"):
        call_command("check")


def test_one_client_carries_many_calls_at_once(settings):
    """A model server's replies take seconds, and a worker's threads share one client per endpoint: twenty calls at
    once must all be in flight together (httpcore's own pool allows ten; the rest would wait for a free one). The
    server answers only once twenty requests are waiting, so a smaller pool fails this by timing out, not by a clock."""
    settings.PARLEY_OUTBOUND_ALLOW = ["127.0.0.1"]
    calls = 20
    everyone = threading.Barrier(calls, timeout=10)

    class Gathering(BaseHTTPRequestHandler):
        def do_GET(self):
            try:
                everyone.wait()
                status = 200
            except threading.BrokenBarrierError:
                status = 503
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Gathering)
    server.request_queue_size = 64
    threading.Thread(target=server.serve_forever, daemon=True).start()
    statuses = []
    try:
        with outbound.client(timeout=15) as client:
            url = f"http://127.0.0.1:{server.server_port}/"
            threads = [threading.Thread(target=lambda: statuses.append(client.get(url).status_code))
                       for _ in range(calls)]  # fmt: skip
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=20)
    finally:
        server.shutdown()
        server.server_close()
    assert statuses == [200] * calls
