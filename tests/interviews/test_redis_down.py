"""Participant pages never depend on Redis: with the cache and the broker stopped for real, a participant opens the
interview, answers and books, never sees a 500, and the answer, the webhook delivery and the email are committed
for the sweeps to send once Redis is back."""

import re

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import schema_context

from interviews.models import Message, Role, Session
from outbox.models import Email
from tests.interviews.factories import LinkFactory, async_round_with_guide, sync_round_with_rules
from tests.processes import free_port, redis_server, stop
from webhooks.models import WebhookDelivery, WebhookEndpoint
from workspaces import ratelimit


@pytest.fixture
def own_redis(settings, celery_queue):
    """A Redis of this test's own, used as the cache and the Celery broker, stopped by the test when it likes."""
    from config.celery import app

    port = free_port()
    proc = redis_server(port, "test-redis-down")
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    saved = (app.conf.broker_url, app._pool, app.amqp._producer_pool)
    app._pool = app.amqp._producer_pool = None
    app.conf.broker_url = url
    proc.url = url
    yield proc
    stop(proc)
    if app._pool is not None:
        app._pool.force_close_all()
    app.conf.broker_url, app._pool, app.amqp._producer_pool = saved


@pytest.fixture
def pages(world):
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2))
        rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"))
        WebhookEndpoint.objects.create(url="https://hooks.example.com/in")  # interview.started has a receiver
    return link, rules


def _token(response) -> str:
    return re.search(r'name="client_token" value="([^"]+)"', response.text).group(1)


def test_participant_pages_work_while_redis_is_stopped(world, own_redis, pages, django_capture_on_commit_callbacks):
    link, rules = pages
    participant = Client(HTTP_HOST="acme.localhost")
    assert participant.get(f"/i/{link.token}/").status_code == 200
    assert redis.Redis.from_url(own_redis.url).keys("*ratelimit:link*")  # while Redis answers, limits are counted

    stop(own_redis)
    with pytest.raises(Exception, match=r"Connection refused|Error 111"):
        cache.get("anything")
    uncounted_before = ratelimit.outages

    with django_capture_on_commit_callbacks(execute=True):
        intro = participant.get(f"/i/{link.token}/")
        consent = participant.post(f"/i/{link.token}/", {"consent": "1"})
        chat = participant.get(f"/i/{link.token}/")
        answer = participant.post(
            f"/i/{link.token}/answer/", {"text": "The import failed twice last week.", "client_token": _token(chat)}
        )
        later = participant.post(f"/i/{link.token}/later/", {"email": "mia@example.com"})
        booking = participant.get(f"/book/{rules.public_token}/")
    assert [intro.status_code, consent.status_code, chat.status_code, answer.status_code] == [200, 302, 200, 302]
    assert later.status_code == 200 and booking.status_code == 200
    uncounted = ratelimit.outages - uncounted_before
    assert uncounted >= 6 * 2  # two limits a request, none of them counted

    with schema_context(world.acme.schema_name):
        session = Session.objects.get(link=link)
        [saved] = Message.objects.filter(session=session, role=Role.PARTICIPANT)
        assert saved.text == "The import failed twice last week."
        assert Message.objects.filter(session=session, role=Role.INTERVIEWER).count() == 2  # question 1, then 2
        # The broker was down too: the webhook delivery and the email wait, committed, for the sweeps.
        assert WebhookDelivery.objects.get(event="interview.started").status == WebhookDelivery.Status.PENDING
        assert Email.objects.get(template="interview-resume", to="mia@example.com").status == Email.Status.PENDING


def test_a_rate_limit_that_cannot_be_counted_lets_the_request_through_and_says_so(own_redis, caplog):
    assert ratelimit.allow("bucket-a", limit=1) and not ratelimit.allow("bucket-a", limit=1)
    stop(own_redis)
    ratelimit._last_logged = 0.0
    before = ratelimit.outages
    assert ratelimit.allow("bucket-a", limit=1) and ratelimit.allow("bucket-a", limit=1)
    uncounted = ratelimit.outages - before
    assert uncounted == 2
    warnings = [r.getMessage() for r in caplog.records if r.name == "workspaces.ratelimit"]
    assert len(warnings) == 1 and "rate limits are not checked" in warnings[0]  # once a minute, not per request
