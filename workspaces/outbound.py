"""Every request to an address a workspace gave Parley (webhook endpoints, LLM base URLs, and later calendar feeds
and recordings) goes through here, so that a workspace cannot make Parley reach what only Parley's own network can:
the database on localhost, a cloud's metadata service on 169.254.169.254, an admin panel on 10.0.0.5.

The policy
    http and https only. The host is resolved and *every* address it resolves to must be public: loopback,
    private, link-local, shared (CGNAT), multicast, reserved and unspecified addresses are refused, and so are IPv6
    addresses that carry one of those IPv4 addresses inside (::ffff:127.0.0.1, 6to4, Teredo, NAT64).
    The operator may allow more with PARLEY_OUTBOUND_ALLOW (comma-separated CIDRs, addresses or host names, each
    optionally with a port: `10.0.0.0/8`, `127.0.0.1:8080`, `llm.internal:8000`, `[::1]:8080`). A host name entry
    trusts whatever that name resolves to. The host of the operator's own OPENAI_BASE_URL is always allowed.

Two checks, one rule
    `check_url` runs when an address is saved (a webhook form, the interviewer settings), so the owner reads the
    reason at once; a name that does not resolve yet is accepted there. The same rule runs again at connect time
    inside `client()`'s transport, which resolves the name, checks every address and connects to the checked
    address itself: there is no second lookup for a rebinding DNS server to answer differently, and each redirect
    (followed only where the caller asks) is a new connection, checked again. TLS still verifies the host name.

Limits
    `client(timeout=...)` gives each connect, read and write `timeout` seconds and the whole request (body
    included) the same wall-clock budget, so a server dripping one byte a second cannot hold a worker; a reply
    body larger than `max_bytes` is cut off with `ReplyTooLarge`. Proxies from the environment are ignored.
"""

import contextlib
import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import httpcore2
import httpx2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAX_REPLY_BYTES = 2_000_000  # a chat completion is a few KB; nothing Parley reads is near this
MAX_REDIRECTS = 3
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Networks that put an IPv4 address inside an IPv6 one; the embedded address must pass the IPv4 rules too.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_LOOPBACK = (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundError(Exception):
    """A request Parley would not make or finish; the message is written for the workspace's owner."""


class OutboundRefused(OutboundError):
    """The address is not one Parley may reach."""


class ReplyTooLarge(OutboundError):
    pass


class ReplyTooSlow(OutboundError):
    pass


# The allow-list ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None
    name: str | None
    port: int | None

    def matches(self, host: str, address: Address | None, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.name is not None:
            return host == self.name
        return address is not None and address in self.network


def _parse_entry(text: str) -> _Entry:
    raw, port = text.strip().lower(), None
    try:
        if raw.startswith("["):  # [::1] or [::1]:8080 or [fd00::/8]:8080
            raw, _, rest = raw[1:].partition("]")
            port = int(rest[1:]) if rest.startswith(":") else None
        elif raw.count(":") == 1:  # 127.0.0.1:8080, 10.0.0.0/8:8080, llm.internal:8000
            raw, _, number = raw.partition(":")
            port = int(number)
        try:
            return _Entry(network=ipaddress.ip_network(raw, strict=False), name=None, port=port)
        except ValueError:
            if not raw or not all(part and part.replace("-", "").isalnum() for part in raw.split(".")):
                raise ValueError(raw) from None
            return _Entry(network=None, name=raw, port=port)
    except ValueError:
        raise ImproperlyConfigured(
            f"PARLEY_OUTBOUND_ALLOW: {text!r} is not a CIDR, an address or a host name (each optionally with :port)."
        ) from None


@lru_cache(maxsize=8)
def _entries(allow: tuple[str, ...], llm_base_url: str) -> tuple[_Entry, ...]:
    entries = [_parse_entry(item) for item in allow if item.strip()]
    parts = urlsplit(llm_base_url)
    if parts.hostname:  # the operator's own model server, set in the environment, not by a workspace
        entries.append(_Entry(network=None, name=parts.hostname.lower(), port=_port(parts)))
    return tuple(entries)


def _allow_list() -> tuple[_Entry, ...]:
    return _entries(tuple(settings.PARLEY_OUTBOUND_ALLOW), settings.OPENAI_BASE_URL or "")


def _allowed(host: str, address: Address | None, port: int) -> bool:
    return any(entry.matches(host, address, port) for entry in _allow_list())


def allow_listed(url: str) -> bool:
    """Whether the operator allowed this URL's host (by name or address) and port."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    if not host:
        return False
    try:
        port = _port(parts)
    except ValueError:
        return False
    return _allowed(host, _literal(host), port)


# The rule ------------------------------------------------------------------------------------------------------


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _port(parts) -> int:
    return parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)


def _why_not(address: Address) -> str | None:
    """Why Parley may not connect to `address`, or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is None and any(address in network for network in _NAT64):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and (reason := _why_not(embedded)):
            return reason
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address (this server)"
    if address.is_link_local:
        return "a link-local address (such as a cloud metadata service)"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in ipaddress.IPv4Network("100.64.0.0/10"):
        return "a shared (carrier-grade NAT) address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private network address"
    if not address.is_global:
        return "a reserved address"
    return None


def _refuse(host: str, address: Address, reason: str) -> OutboundRefused:
    where = host if _literal(host) == address else f"{host} ({address})"
    return OutboundRefused(
        f"Parley does not send to {where}: it is {reason}. An operator can allow it with PARLEY_OUTBOUND_ALLOW."
    )


def _addresses(host: str, port: int, *, unresolved_ok: bool) -> list[Address]:
    """The addresses to connect to for host:port, every one of them checked; raises OutboundRefused."""
    host = host.strip("[]").lower()
    allow_list = _allow_list()  # read first: a bad entry stops every request, not only those it would match
    literal = _literal(host)
    if literal is not None:
        found = [literal]
    elif host == "localhost" or host.endswith(".localhost"):
        found = list(_LOOPBACK)  # this server, whatever a resolver says (RFC 6761)
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            if unresolved_ok:
                return []
            raise httpcore2.ConnectError(f"The host {host} could not be found.") from None
        found = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
    for address in found:
        allowed = any(entry.matches(host, address, port) for entry in allow_list)
        if not allowed and (reason := _why_not(address)):
            raise _refuse(host, address, reason)
    return found


def check_url(url: str) -> None:
    """Raise OutboundRefused (with the reason for the owner) unless Parley may send to `url`."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in _DEFAULT_PORTS:
        raise OutboundRefused("Use an http:// or https:// address.")
    if not parts.hostname:
        raise OutboundRefused("The address has no host name.")
    try:
        port = _port(parts)
    except ValueError:
        raise OutboundRefused("The port is not a number between 1 and 65535.") from None
    _addresses(parts.hostname, port, unresolved_ok=True)


def is_public(address: str) -> bool:
    """Whether `address` (an IP, as a peer's address reads) is a public address under the rule above."""
    literal = _literal(address.split("%")[0])
    return literal is not None and _why_not(literal) is None


# Connecting ----------------------------------------------------------------------------------------------------


class _CheckedBackend(httpcore2.SyncBackend):
    """Resolves and checks the host itself, then connects to the checked address (never to the name again)."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last_error = None
        for address in _addresses(host, port, unresolved_ok=False):
            try:
                return super().connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore2.ConnectError as error:
                last_error = error
        raise last_error or httpcore2.ConnectError(f"No address to connect to for {host}.")


class _Capped(httpx2.SyncByteStream):
    def __init__(self, stream, *, max_bytes: int, deadline: float):
        self._stream, self._max_bytes, self._deadline = stream, max_bytes, deadline

    def __iter__(self) -> Iterator[bytes]:
        received = 0
        for chunk in self._stream:
            received += len(chunk)
            if received > self._max_bytes:
                raise ReplyTooLarge(f"The reply is larger than {self._max_bytes:,} bytes.")
            if time.monotonic() > self._deadline:
                raise ReplyTooSlow("The reply took longer than its time limit.")
            yield chunk

    def close(self) -> None:
        self._stream.close()


POOL_CONNECTIONS, POOL_KEEPALIVE = 100, 20  # httpx's defaults


class _CheckedTransport(httpx2.HTTPTransport):
    def __init__(self, *, max_bytes: int, total_seconds: float):
        super().__init__(trust_env=False)
        # httpx's default pool (httpcore's own allows only 10 connections: an eleventh model call at once would
        # wait), with the checking backend in place of the one that connects to whatever DNS says.
        self._pool = httpcore2.ConnectionPool(
            ssl_context=self._pool._ssl_context, network_backend=_CheckedBackend(),
            max_connections=POOL_CONNECTIONS, max_keepalive_connections=POOL_KEEPALIVE,
        )  # fmt: skip
        self._max_bytes, self._total_seconds = max_bytes, total_seconds

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.url.scheme not in _DEFAULT_PORTS:
            raise OutboundRefused("Use an http:// or https:// address.")
        deadline = time.monotonic() + self._total_seconds
        response = super().handle_request(request)
        return httpx2.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_Capped(response.stream, max_bytes=self._max_bytes, deadline=deadline),
            extensions={**response.extensions, "peer_address": _peer(response)},
        )


def _peer(response: httpx2.Response) -> str:
    """The address the reply came from, read while the connection is still open."""
    stream = response.extensions.get("network_stream")
    try:
        peer = stream.get_extra_info("server_addr") if stream is not None else None
    except OSError:
        peer = None
    return str(peer[0]) if peer else ""


class _Client(httpx2.Client):
    def __del__(self):
        # The OpenAI client never closes an http_client it was given: its connections go with it.
        with contextlib.suppress(Exception):
            self.close()


def client(*, timeout: float, follow_redirects: bool = False, max_bytes: int = MAX_REPLY_BYTES) -> httpx2.Client:
    """An HTTP client that applies the policy above to every connection it opens (hand it to the OpenAI client as
    `http_client`). Close it when done, or use it as a context manager."""
    return _Client(
        transport=_CheckedTransport(max_bytes=max_bytes, total_seconds=timeout),
        timeout=timeout,
        follow_redirects=follow_redirects,
        max_redirects=MAX_REDIRECTS,
        trust_env=False,
        # Compressed replies would grow past max_bytes only after the cap has counted them.
        headers={"Accept-Encoding": "identity"},
    )


def peer_is_public(response: httpx2.Response) -> bool:
    """Whether the response came from a public address (False when that cannot be told)."""
    return is_public(response.extensions.get("peer_address", ""))
