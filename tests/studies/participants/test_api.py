"""The participants endpoint: CSV import (dry run, strict, skipping bad rows), validation, query budget."""

from django_tenants.utils import schema_context

from studies.models import Participant
from tests.studies.factories import ParticipantFactory
from tests.studies.participants.test_pages import CSV
from workspaces.models import Role


def test_participants_api_import_dry_run_then_strict_then_skip(api_for, world):
    client = api_for(role=Role.RESEARCHER)
    dry = client.post("/api/v1/participants/import/", {"csv": CSV, "dry_run": True}, format="json")
    assert dry.status_code == 200 and [e["line"] for e in dry.json()["errors"]] == [3, 4, 5]
    strict = client.post("/api/v1/participants/import/", {"csv": CSV}, format="json")
    assert strict.status_code == 400
    with schema_context(world.acme.schema_name):
        assert not Participant.objects.exists()
    done = client.post("/api/v1/participants/import/", {"csv": CSV, "skip_errors": True}, format="json")
    assert done.status_code == 201 and done.json()["created"] == 2
    listed = client.get("/api/v1/participants/?attr=segment&value=mid-market").json()
    assert [p["email"] for p in listed["results"]] == ["eve@example.com"]
    assert (
        api_for(role=Role.VIEWER).post("/api/v1/participants/import/", {"csv": CSV}, format="json").status_code == 403
    )


def test_participants_api_validation(api_for, world):
    client = api_for(role=Role.RESEARCHER)
    bad = client.post("/api/v1/participants/", {"email": "nope", "timezone": "Mars/Base"}, format="json")
    assert bad.status_code == 400 and {"email", "timezone"} <= set(bad.json())
    ok = client.post("/api/v1/participants/", {"email": "x@example.com", "attributes": {"plan": "team"}}, format="json")
    assert ok.status_code == 201
    dup = client.post("/api/v1/participants/", {"email": "X@example.com"}, format="json")
    assert dup.status_code == 400 and "email" in dup.json()


def test_participants_api_list_has_a_fixed_query_budget(api_for, world, django_assert_max_num_queries):
    client = api_for(role=Role.VIEWER)
    client.get("/api/v1/workspace/")  # the key's first use records itself once
    counts = []
    for batch in (1, 49):
        with schema_context(world.acme.schema_name):
            ParticipantFactory.create_batch(batch)
        with django_assert_max_num_queries(10) as captured:
            assert client.get("/api/v1/participants/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
