"""The audit log: staff actions on participant data and settings are recorded with who, what, when and which
object; owners alone read it; the database refuses to change or delete an entry (an erasure's scrub aside)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from studies.models import AuditEntry, Participant
from studies.participants.services import PARTICIPANT_FIELDS
from tests.studies.factories import ParticipantFactory
from workspaces.models import Role


@pytest.fixture(autouse=True)
def _since(world):
    # Only this test's entries: browser tests write to the same workspace through a server that commits.
    with schema_context(world.acme.schema_name):
        pytest.audit_since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _new():
    return AuditEntry.objects.filter(pk__gt=pytest.audit_since).order_by("pk")


def _entries(world):
    with schema_context(world.acme.schema_name):
        return list(_new().values_list("actor_label", "action", "object_id", "detail"))


def test_staff_actions_on_participants_and_settings_are_recorded(client_for, api_for, world):
    researcher = client_for(world.researcher)
    created = researcher.post("/participants/new/", {"name": "Ada Lane", "email": "ada@example.com",
                                                     "timezone": "UTC", "locale": "en"})  # fmt: skip
    assert created.status_code == 302
    with schema_context(world.acme.schema_name):
        ada = Participant.objects.get(email="ada@example.com")
    edited = researcher.post(f"/participants/{ada.pk}/edit/", {"name": "Ada Lane", "email": "ada@example.com",
                                                               "timezone": "Europe/Paris", "locale": "en",
                                                               "do_not_contact": "on"})  # fmt: skip
    assert edited.status_code == 302
    researcher.post(
        f"/participants/{ada.pk}/edit/",
        {
            "name": "Ada Lane",
            "email": "ada@example.com",
            "timezone": "Europe/Paris",
            "locale": "en",
            "do_not_contact": "on",
        },
    )  # fmt: skip  (no change, no entry)
    rules = client_for(world.owner).post(
        "/participants/rules/", {"min_days_between_invitations": 14, "max_interviews_per_90_days": 2}
    )
    assert rules.status_code == 302
    assert api_for(role=Role.RESEARCHER).get(f"/api/v1/participants/{ada.pk}/export/").status_code == 200
    assert researcher.get(f"/participants/{ada.pk}/export/").status_code == 200
    pk = str(ada.pk)
    entries = _entries(world)
    assert entries[:4] == [
        ("researcher@acme.test", "participant.created", pk, {"fields": sorted(PARTICIPANT_FIELDS)}),
        ("researcher@acme.test", "participant.changed", pk, {"fields": ["do_not_contact", "timezone"]}),
        ("owner@acme.test", "governance.changed", "1", {}),
        (entries[3][0], "participant.exported", pk, {}),
    ]
    assert entries[3][0].startswith("API key ")
    assert entries[4][:3] == ("researcher@acme.test", "participant.exported", pk)
    assert len(entries) == 5


def test_erasure_scrubs_the_name_from_past_entries_and_records_itself(client_for, world):
    with schema_context(world.acme.schema_name):
        zelda = ParticipantFactory(name="Zelda Quartermain", email="zq@example.org")
    client = client_for(world.researcher)
    client.get(f"/participants/{zelda.pk}/export/")
    client.post(f"/participants/{zelda.pk}/erase/", {"confirm": "erase"})
    with schema_context(world.acme.schema_name):
        reprs = list(_new().values_list("action", "object_repr"))
        erasure_id = str(_new().get(action="participant.erased").detail["erasure"])
    assert reprs == [
        ("participant.exported", f"erased ({erasure_id})"),
        ("participant.erased", f"erased ({erasure_id})"),
    ]


def test_the_database_refuses_to_change_or_delete_entries(world):
    with schema_context(world.acme.schema_name):
        entry = AuditEntry.objects.create(actor_label="owner@acme.test", action="governance.changed")
        for attempt in (
            lambda: AuditEntry.objects.filter(pk=entry.pk).update(action="nothing.happened"),
            lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
            lambda: connection.cursor().execute(f"TRUNCATE {AuditEntry._meta.db_table}"),
        ):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                attempt()
        assert AuditEntry.objects.get(pk=entry.pk).action == "governance.changed"


@pytest.mark.parametrize("role", [Role.RESEARCHER, Role.PM, Role.VIEWER])
def test_only_owners_read_the_log(client_for, api_for, world, role):
    with schema_context(world.acme.schema_name):
        AuditEntry.objects.create(actor_label="owner@acme.test", action="governance.changed")
    user = {Role.RESEARCHER: world.researcher, Role.PM: world.pm, Role.VIEWER: world.viewer}[role]
    assert client_for(user).get("/audit/").status_code == 403
    assert api_for(role=role).get("/api/v1/audit-log/").status_code == 403
    page = client_for(world.owner).get("/audit/")
    assert page.status_code == 200 and b"governance.changed" in page.content
    listed = api_for(role=Role.OWNER).get("/api/v1/audit-log/?action=governance.changed").json()
    assert [e["action"] for e in listed["results"]] == ["governance.changed"]


def test_outsider_gets_404(client_for, api_for, world):
    assert client_for(world.outsider).get("/audit/").status_code == 404
    assert api_for(role=Role.OWNER, workspace=world.globex).get("/api/v1/audit-log/").status_code == 404


def test_the_log_has_a_fixed_query_budget(client_for, api_for, world, django_assert_max_num_queries):
    owner, key = client_for(world.owner), api_for(role=Role.OWNER)
    key.get("/api/v1/workspace/")  # the key's first use records itself once
    counts = []
    for batch in (1, 60):
        with schema_context(world.acme.schema_name):
            AuditEntry.objects.bulk_create(
                AuditEntry(actor_label="owner@acme.test", action=f"participant.changed{i % 3}") for i in range(batch)
            )
        with django_assert_max_num_queries(20) as page_queries:
            assert owner.get("/audit/").status_code == 200
        with django_assert_max_num_queries(10) as api_queries:
            assert key.get("/api/v1/audit-log/").status_code == 200
        counts.append((len(page_queries), len(api_queries)))
    assert counts[0] == counts[1]
