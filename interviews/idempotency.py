"""Idempotency-Key handling for the API's writes that may be retried (invitations, bookings)."""

import hashlib
import json

from django.db import connection, transaction

from interviews.models import IdempotencyKey


def idempotent(*, scope: str, key: str, body: dict, compute) -> tuple[int, dict]:
    """Run `compute() -> (status, body)` once per `key`: a retry with the same key replays the first response.
    A retry with another body under the same key is refused with 422."""
    fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    with transaction.atomic():
        # Serialise retries of one key: the second waits for the first and then replays it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{connection.schema_name}:{scope}:{key}"])
        saved = IdempotencyKey.objects.filter(scope=scope, key=key).first()
        if saved is not None:
            if saved.fingerprint != fingerprint:
                return 422, {"detail": "This Idempotency-Key was used with a different request body."}
            return saved.status_code, saved.body
        status, response = compute()
        if status < 500:
            IdempotencyKey.objects.create(
                scope=scope, key=key, fingerprint=fingerprint, status_code=status, body=response
            )
        return status, response
