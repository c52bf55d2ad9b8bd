"""Webhooks: events committed with the change that caused them, then POSTed, signed, to each subscribed endpoint.

Emitting
    Call `webhook_emit(event=..., data=...)` inside the transaction of the change, in the workspace's schema. It
    writes one delivery per active endpoint subscribed to the event; once the transaction commits, each delivery is
    handed to the Celery worker. A rolled-back change sends nothing. If the broker is down the rows stay pending and
    the sweep (`webhooks.tasks.sweep_all_workspaces`, every minute) delivers them.

What a receiver gets
    POST <endpoint URL> with the JSON body
        {"id": "<event uuid>", "event": "<name>", "created": "<ISO 8601, UTC>", "workspace": "<slug>", "data": {...}}
    and the headers
        Content-Type: application/json
        User-Agent: Parley-Webhooks/1
        Parley-Event: <name>
        Parley-Delivery: <delivery id>  (the same on every retry of this event to this endpoint)
        Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of f"{t}.{raw body}", keyed with the endpoint secret>
    To verify, as Stripe does: split the header on "," and "=", compute the HMAC over the timestamp, a dot and the
    raw request body (the bytes, before any JSON parsing), compare it with v1 in constant time, and refuse a
    timestamp more than five minutes from now so a captured request cannot be replayed. `verify_signature` does
    exactly that. A retry sends the same body (same "id") with a fresh timestamp: deduplicate on "id".

Retries
    A 2xx answer within 10 seconds is a success; redirects are not followed. Anything else (another status, a
    refused connection, a timeout) is recorded on the delivery and the next attempt is due after 1 min, 5 min,
    30 min, 2 h and 12 h; the sixth failed attempt marks it failed. Retries go through the sweep only, never through
    Celery countdowns: one path to reason about, nothing lost when a broker or worker restarts, at the cost of up to
    a minute of extra delay per retry.

Where it may send
    Every attempt goes through the outbound policy (workspaces/outbound.py): an address that is not public, unless
    the operator allowed it, is refused and the attempt fails with the reason. The log keeps a reply's first words
    only from a public address; from an allow-listed private one it keeps the status code alone.
"""

import hashlib
import hmac
import json
import logging
import time
import uuid
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from webhooks.events import PING, SUBSCRIBABLE_EVENTS
from webhooks.models import WebhookDelivery, WebhookEndpoint, new_secret
from workspaces import outbound
from workspaces.models import User, Workspace

logger = logging.getLogger(__name__)

USER_AGENT = "Parley-Webhooks/1"
TIMEOUT_SECONDS = 10.0
SIGNATURE_TOLERANCE_SECONDS = 300
# Waits after failed attempts 1 to 5; the sixth failure is final.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))
MAX_ATTEMPTS = len(BACKOFF) + 1
RESPONSE_EXCERPT_CHARS = 500
RESPONSE_READ_BYTES = 64 * 1024  # a receiver's reply is read no further than this
ERROR_CHARS = 1000
SWEEP_BATCH = 200


# Signatures ------------------------------------------------------------------------------------------------------


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The `Parley-Signature` value for `body`, signed now (or at `timestamp`, in unix seconds)."""
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def verify_signature(secret: str, header: str, body: bytes | str, tolerance: int = SIGNATURE_TOLERANCE_SECONDS) -> bool:
    """Whether `header` is a valid `Parley-Signature` of `body` under `secret`, signed within `tolerance` seconds."""
    if isinstance(body, str):
        body = body.encode()
    timestamp, signatures = None, []
    for item in (header or "").split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures or abs(time.time() - timestamp) > tolerance:
        return False
    expected = signature_header(secret, body, timestamp).partition(",v1=")[2]
    return any(hmac.compare_digest(expected, signature) for signature in signatures)


# Emitting --------------------------------------------------------------------------------------------------------


@transaction.atomic
def webhook_emit(*, event: str, data: dict) -> list[WebhookDelivery]:
    """Queue `event` for every active endpoint subscribed to it, to be sent once the caller's transaction commits."""
    if event not in SUBSCRIBABLE_EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}; add it to webhooks.events.EVENTS first.")
    endpoints = WebhookEndpoint.objects.filter(active=True).filter(Q(events=[]) | Q(events__contains=[event]))
    return _deliveries_create(endpoints=list(endpoints), event=event, data=data)


@transaction.atomic
def webhook_send_test(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Send a `ping` event to this one endpoint (even while it is turned off), so its owner can check the receiver."""
    data = {"message": "A test from Parley's webhook settings.", "endpoint_id": endpoint.pk}
    return _deliveries_create(endpoints=[endpoint], event=PING, data=data)[0]


def _deliveries_create(*, endpoints: list[WebhookEndpoint], event: str, data: dict) -> list[WebhookDelivery]:
    if connection.schema_name == get_public_schema_name():
        raise RuntimeError("Webhooks belong to a workspace: emit them in its schema.")
    event_id = uuid.uuid4()
    envelope = {
        "id": str(event_id),
        "event": event,
        "created": timezone.now().isoformat(),
        "workspace": _workspace_slug(),
        "data": data,
    }
    # Serialise now, so that data which is not JSON fails in the caller and every retry sends the same document.
    payload = json.loads(json.dumps(envelope, cls=DjangoJSONEncoder))
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=endpoint, event=event, event_id=event_id, payload=payload) for endpoint in endpoints]
    )
    if deliveries:
        schema_name, ids = connection.schema_name, [delivery.pk for delivery in deliveries]
        transaction.on_commit(lambda: _enqueue(schema_name, ids))
    return deliveries


def _workspace_slug() -> str:
    slug = getattr(connection.tenant, "slug", None)
    if slug is None:  # schema_context() sets a stand-in tenant that knows only its schema name
        slug = Workspace.objects.filter(schema_name=connection.schema_name).values_list("slug", flat=True).first()
    return slug or connection.schema_name


def _enqueue(schema_name: str, delivery_ids: list[int]) -> None:
    from webhooks.tasks import deliver

    try:
        # The task runs in the schema current when it is sent, and on_commit may run after the caller left it.
        with schema_context(schema_name):
            for delivery_id in delivery_ids:
                deliver.delay(delivery_id)
    except Exception:
        # The rows are committed; the sweep delivers them when the broker is back.
        logger.warning("broker unavailable: webhook deliveries %s wait for the sweep", delivery_ids, exc_info=True)


# Delivering ------------------------------------------------------------------------------------------------------


def webhook_deliver(*, delivery_id: int, timeout: float = TIMEOUT_SECONDS) -> WebhookDelivery | None:
    """Make one attempt at a pending delivery whose time has come; otherwise leave it as it is.

    The row stays locked during the attempt, so concurrent workers and sweeps skip it, and a delivery that
    succeeded (or whose next attempt is not due) is never sent again. Receiver errors are recorded, never raised.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return delivery
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > timezone.now():
            return delivery
        endpoint = delivery.endpoint
        if not endpoint.active and delivery.event != PING:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
            delivery.last_error = "Not sent: the endpoint was turned off."
            delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
            return delivery

        delivery.attempts += 1
        body = json.dumps(delivery.payload, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Parley-Event": delivery.event,
            "Parley-Delivery": str(delivery.pk),
            "Parley-Signature": signature_header(endpoint.secret, body),
        }
        status_code, excerpt, error = _post(endpoint.url, body, headers, timeout)
        delivery.last_status_code = status_code
        delivery.last_response_excerpt = excerpt
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_error = ""
        else:
            delivery.last_error = error[:ERROR_CHARS]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = WebhookDelivery.Status.FAILED
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = timezone.now() + BACKOFF[delivery.attempts - 1]
            logger.warning(
                "webhook delivery %s to %s failed (attempt %s): %s",
                delivery.pk, endpoint.url, delivery.attempts, delivery.last_error,
            )  # fmt: skip
        delivery.save(
            update_fields=[
                "attempts", "status", "next_attempt_at", "last_status_code", "last_error",
                "last_response_excerpt", "delivered_at",
            ]
        )  # fmt: skip
        return delivery


def _post(url: str, body: bytes, headers: dict, timeout: float) -> tuple[int | None, str, str]:
    """POST through the outbound policy and return (status code or None, start of the reply, error message).

    The start of the reply is kept only from a public address: an allow-listed address on the operator's network
    (or anything the policy refused) leaves its status code in the log, never what it said."""
    try:
        with (
            outbound.client(timeout=timeout, max_bytes=RESPONSE_READ_BYTES) as http,
            http.stream("POST", url, content=body, headers=headers) as response,
        ):
            excerpt = _excerpt(response) if outbound.peer_is_public(response) else ""
            error = "" if response.is_success else f"HTTP {response.status_code} {response.reason_phrase}"
            return response.status_code, excerpt, error
    except outbound.OutboundRefused as exc:
        return None, "", f"Refused: {exc}"
    except Exception as exc:
        # Whatever a receiver does (time out mid-body, speak broken HTTP) is its failure, not the worker's.
        return None, "", f"{type(exc).__name__}: {exc}"


def _excerpt(response) -> str:
    raw = b""
    try:
        for chunk in response.iter_raw():
            raw += chunk
            if len(raw) >= RESPONSE_EXCERPT_CHARS * 4:
                break
    except Exception:
        pass  # what arrived before the receiver failed is still worth showing
    return raw.decode("utf-8", errors="replace")[:RESPONSE_EXCERPT_CHARS]


def webhook_deliver_due(*, limit: int = SWEEP_BATCH) -> int:
    """Attempt the pending deliveries of this schema whose next attempt has come. Returns how many were tried."""
    ids = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in ids:
        webhook_deliver(delivery_id=delivery_id)
    return len(ids)


# Endpoints -------------------------------------------------------------------------------------------------------


@transaction.atomic
def endpoint_create(
    *, url: str, description: str = "", events: list[str] | None = None, active: bool = True, actor: User | None
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        url=url.strip(), description=description.strip(), events=list(events or []), active=active, created_by=actor
    )
    endpoint.full_clean(exclude=["created_by"])
    endpoint.save()
    logger.info("webhook endpoint %s (%s) created by %s", endpoint.pk, endpoint.url, actor)
    return endpoint


@transaction.atomic
def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    description: str | None = None,
    events: list[str] | None = None,
    active: bool | None = None,
    actor: User | None,
) -> WebhookEndpoint:
    """Change the given fields (None leaves a field as it is)."""
    if url is not None:
        endpoint.url = url.strip()
    if description is not None:
        endpoint.description = description.strip()
    if events is not None:
        endpoint.events = list(events)
    if active is not None:
        endpoint.active = active
    endpoint.full_clean(exclude=["created_by"])
    endpoint.save(update_fields=["url", "description", "events", "active"])
    logger.info("webhook endpoint %s changed by %s", endpoint.pk, actor)
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: WebhookEndpoint, actor: User | None) -> WebhookEndpoint:
    """Replace the signing secret at once: the next attempt of every delivery is signed with the new one."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    logger.info("webhook endpoint %s secret rotated by %s", endpoint.pk, actor)
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint, actor: User | None) -> None:
    """Delete the endpoint with its delivery log; pending deliveries are dropped."""
    logger.info("webhook endpoint %s (%s) deleted by %s", endpoint.pk, endpoint.url, actor)
    endpoint.delete()
