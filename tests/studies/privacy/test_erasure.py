"""Erasing a participant: every kind of data about them goes, in every app, in one transaction; counts that read
their evidence update; the erasure record names nobody; and only owners and researchers of this workspace may."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from roadmap.selectors import annotate_items
from studies.models import Erasure, Participant
from studies.privacy import registry, services
from synthesis.models import Highlight
from tests.studies.privacy.people import EMAIL, NAME, participant_with_everything
from workspaces.models import Role

TEXT_TYPES = ("text", "character varying", "jsonb", "json")


def mentions_in_schema(schema: str, *needles: str) -> list[str]:
    """Every `table.column` of the schema whose text holds one of the needles: where personal data was left."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s"
            " AND data_type = ANY(%s) ORDER BY 1, 2",
            [schema, list(TEXT_TYPES)],
        )
        for table, column in cursor.fetchall():
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{schema}"."{table}" WHERE "{column}"::text ILIKE %s', [f"%{needle}%"]
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column} ({needle})")
    return found


def _evidence(everything):
    item = annotate_items([type(everything.item).objects.get(pk=everything.item.pk)])[0]
    return item.profile.participants, everything.insight.highlights.count()


def test_erasure_removes_every_kind_of_data_and_names_nobody(client_for, world):
    schema = world.acme.schema_name
    with schema_context(schema):
        everything = participant_with_everything(world)
        assert mentions_in_schema(schema, NAME, EMAIL), "the fixture should put the person everywhere"
        assert _evidence(everything) == (2, 2)
    page = client_for(world.researcher).get(f"/participants/{everything.zelda.pk}/erase/")
    assert page.status_code == 200
    shown = page.content.decode()
    for line in (
        "2 answers",
        "2 transcripts",
        "2 sessions",
        "1 bookings",
        "2 highlights",
        "2 contact events",
        "2 emails",
        "1 webhook deliveries",
        "1 insights losing evidence",
        "1 roadmap items losing evidence",
        "1 validation answers",
        "1 briefs",
        "1 shipped notices",
    ):
        assert line in shown, line

    unconfirmed = client_for(world.researcher).post(f"/participants/{everything.zelda.pk}/erase/", {})
    assert unconfirmed.status_code == 400 and b"Tick the box" in unconfirmed.content
    response = client_for(world.researcher).post(f"/participants/{everything.zelda.pk}/erase/", {"confirm": "erase"})
    assert response.status_code == 302

    with schema_context(schema):
        assert not Participant.objects.filter(pk=everything.zelda.pk).exists()
        assert mentions_in_schema(schema, NAME, EMAIL) == []
        assert mentions_in_schema(schema, "three days") == []  # her words, wherever they were copied
        # Bob's interview, highlight and email stay; the insight and the roadmap item now count him alone.
        assert Highlight.objects.filter(pk=everything.bob_highlight.pk).exists()
        assert mentions_in_schema(schema, "Bob Keeper")
        assert _evidence(everything) == (1, 1)
        erasure = Erasure.objects.get()
        assert erasure.erased_by == world.researcher and erasure.via == "page"
        assert erasure.counts["answers"] == 2 and erasure.counts["highlights"] == 2
        assert erasure.counts["bookings"] == 1 and erasure.counts["emails"] == 2
        assert erasure.counts["participants"] == 1


def test_erasure_api_needs_erase_true_and_answers_the_record(api_for, world):
    with schema_context(world.acme.schema_name):
        everything = participant_with_everything(world)
    client = api_for(role=Role.OWNER)
    url = f"/api/v1/participants/{everything.zelda.pk}/"
    refused = client.delete(url)
    assert refused.status_code == 400 and "erase" in refused.json()
    with schema_context(world.acme.schema_name):
        assert Participant.objects.filter(pk=everything.zelda.pk).exists()
    done = client.delete(f"{url}?erase=true")
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["counts"]["answers"] == 2 and body["via"].startswith("API key")
    assert NAME not in done.content.decode() and EMAIL not in done.content.decode()
    with schema_context(world.acme.schema_name):
        assert mentions_in_schema(world.acme.schema_name, NAME, EMAIL) == []
        assert str(Erasure.objects.get().id) == body["id"]
    assert client.delete(f"{url}?erase=true").status_code == 404


def test_erasure_is_all_or_nothing(api_for, world):
    with schema_context(world.acme.schema_name):
        everything = participant_with_everything(world)

    def failing(participant, *, dry_run):
        if not dry_run:
            raise RuntimeError("disk full")
        return {}

    registry.register_eraser(order=-1)(failing)  # runs last, after every other app erased its rows
    try:
        with schema_context(world.acme.schema_name), pytest.raises(RuntimeError):
            services.participant_erase(participant=everything.zelda, actor=None, via="test")
    finally:
        registry._ERASERS[:] = [entry for entry in registry._ERASERS if entry.func is not failing]
    with schema_context(world.acme.schema_name):
        assert Participant.objects.filter(pk=everything.zelda.pk).exists()
        assert Highlight.objects.filter(participant=everything.zelda).count() == 1
        assert not Erasure.objects.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PM])
def test_read_only_roles_cannot_erase(api_for, client_for, world, role):
    with schema_context(world.acme.schema_name):
        zelda = participant_with_everything(world).zelda
    user = world.viewer if role == Role.VIEWER else world.pm
    assert client_for(user).get(f"/participants/{zelda.pk}/erase/").status_code == 403
    assert client_for(user).post(f"/participants/{zelda.pk}/erase/", {"confirm": "erase"}).status_code == 403
    assert api_for(role=role).delete(f"/api/v1/participants/{zelda.pk}/?erase=true").status_code == 403
    with schema_context(world.acme.schema_name):
        assert Participant.objects.filter(pk=zelda.pk).exists()


def test_outsider_gets_404(api_for, client_for, world):
    with schema_context(world.acme.schema_name):
        zelda = participant_with_everything(world).zelda
    outsider = client_for(world.outsider)
    assert outsider.get(f"/participants/{zelda.pk}/erase/").status_code == 404
    assert outsider.post(f"/participants/{zelda.pk}/erase/", {"confirm": "erase"}).status_code == 404
    globex_key = api_for(role=Role.OWNER, workspace=world.globex)
    assert globex_key.delete(f"/api/v1/participants/{zelda.pk}/?erase=true").status_code == 404
    # A globex key on its own host sees no acme participant either.
    assert (
        api_for(role=Role.OWNER, workspace=world.globex, host="globex.localhost")
        .delete(f"/api/v1/participants/{zelda.pk}/?erase=true")
        .status_code
        == 404
    )
    with schema_context(world.acme.schema_name):
        assert Participant.objects.filter(pk=zelda.pk).exists()
