"""Participant pages keep their link or booking rules, with round and study, in the cache (interviews.public_cache):
what staff change shows on the next visit, a write never trusts a kept copy, and one workspace's copy is never
another's."""

from django.test import Client
from django_tenants.utils import schema_context

from interviews.booking.rules import booking_rules_save
from interviews.links.services import link_disable
from interviews.models import InterviewLink, Session
from studies.programme.services import round_close, study_update
from studies.recruitment.services import screener_save
from tests.interviews.factories import LinkFactory, async_round_with_guide, sync_round_with_rules
from tests.interviews.links.test_participant_flow import in_one_window


def visitor(host: str = "acme.localhost") -> Client:
    return Client(HTTP_HOST=host)


def test_what_staff_change_shows_on_the_next_visit(world):
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2))
        study_update(study=link.round.study, actor=world.owner, public_title="Checkout study")
    assert "Checkout study" in visitor().get(f"/i/{link.token}/").text
    assert "Checkout study" in visitor().get(f"/i/{link.token}/").text  # the kept copy

    with schema_context(world.acme.schema_name):
        study_update(study=link.round.study, actor=world.owner, public_title="Paying for things")
    assert "Paying for things" in visitor().get(f"/i/{link.token}/").text

    with schema_context(world.acme.schema_name):
        screener_save(round=link.round, actor=world.owner, intro="A few questions first.")
    assert "A few questions first." in visitor().get(f"/i/{link.token}/").text

    with schema_context(world.acme.schema_name):
        link_disable(link=link, actor=world.owner)
    page = visitor().get(f"/i/{link.token}/")
    assert page.status_code == 410 and "no longer active" in page.text


def test_a_closed_round_closes_its_link_and_booking_page_at_once(world):
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2))
        rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"))
    assert visitor().get(f"/i/{link.token}/").status_code == 200
    assert visitor().get(f"/book/{rules.public_token}/").status_code == 200
    with schema_context(world.acme.schema_name):
        round_close(round=link.round, actor=world.owner)
        round_close(round=rules.round, actor=world.owner)
    assert visitor().get(f"/i/{link.token}/").status_code == 410
    assert visitor().get(f"/book/{rules.public_token}/").status_code == 410

    with schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"))
    assert visitor().get(f"/book/{rules.public_token}/").status_code == 200
    with schema_context(world.acme.schema_name):
        booking_rules_save(round=rules.round, actor=world.owner, is_public=False)
    assert visitor().get(f"/book/{rules.public_token}/").status_code == 410


def test_starting_an_interview_reads_the_link_again(world):
    """A change that bypasses signals may show for a minute at most, but never lets an interview start."""
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2))
    assert visitor().get(f"/i/{link.token}/").status_code == 200
    with schema_context(world.acme.schema_name):
        InterviewLink.objects.filter(pk=link.pk).update(max_responses=0)
    assert visitor().post(f"/i/{link.token}/", {"consent": "1"}).status_code == 410
    with schema_context(world.acme.schema_name):
        assert not Session.objects.filter(link=link).exists()


def test_one_workspaces_link_is_never_anothers(world):
    """Two workspaces with a link of the same token (tokens are random: made so here) each show their own study."""
    with schema_context(world.acme.schema_name):
        ours = LinkFactory(round=async_round_with_guide(questions=2))
        study_update(study=ours.round.study, actor=world.owner, public_title="Acme checkout study")
    with schema_context(world.globex.schema_name):
        theirs = LinkFactory(round=async_round_with_guide(questions=2), token=ours.token)
        study_update(study=theirs.round.study, actor=world.outsider, public_title="Globex pricing study")
    for _ in range(2):
        assert "Acme checkout study" in visitor().get(f"/i/{ours.token}/").text
        page = visitor("globex.localhost").get(f"/i/{ours.token}/").text
        assert "Globex pricing study" in page and "Acme checkout" not in page


def test_a_visit_counts_its_rate_limits_and_reads_its_link_in_one_round_trip_to_redis(world, monkeypatch, settings):
    import redis

    calls = []
    execute, command = redis.client.Pipeline.execute, redis.Redis.execute_command
    monkeypatch.setattr(redis.client.Pipeline, "execute", lambda pipe, *a, **k: calls.append("pipeline") or execute(
        pipe, *a, **k))  # fmt: skip
    monkeypatch.setattr(redis.Redis, "execute_command", lambda r, *a, **k: calls.append(a[0]) or command(r, *a, **k))
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2))
    client = Client(HTTP_HOST="acme.localhost", REMOTE_ADDR="203.0.113.10")
    with in_one_window():
        assert client.get(f"/i/{link.token}/").status_code == 200  # the link is read from the database and kept
        calls.clear()
        assert client.get(f"/i/{link.token}/").status_code == 200
        assert calls == ["pipeline"]

        settings.PARLEY_RATE_LIMIT_PER_ADDRESS = 2  # the third visit in this minute is one too many
        page = client.get(f"/i/{link.token}/")
    assert page.status_code == 429 and "Please wait a minute" in page.text
    assert visitor().get("/i/not-a-link-token-of-any-workspace/").status_code == 404
