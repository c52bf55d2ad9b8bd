# ruff: noqa: RUF001 -- the explanations use the multiplication and division signs people read
"""`/api/v1/roadmap-items/` and its evidence: representation, filters, roles, outsiders, errors, query budget."""

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from bench.roadmap import build_board
from outbox.models import Email
from roadmap.models import EvidenceLink, RoadmapItem, ShippedNotice
from synthesis.insights.services import insight_create
from tests.conftest import GLOBEX_HOST
from tests.roadmap.factories import ItemFactory, link
from tests.studies.factories import ParticipantFactory, RoundFactory
from tests.synthesis.insight_data import interview, quote
from webhooks.models import WebhookDelivery
from workspaces.models import Role

URL = "/api/v1/roadmap-items/"


@pytest.fixture
def evidence(world):
    """An item backed by an insight (Ann, sync, pain 4) and a direct quote (Ben, async, pain 2); no other items
    (the deletion rolls back with the test)."""
    with schema_context(world.acme.schema_name):
        RoadmapItem.objects.all().delete()
        ann = ParticipantFactory(name="Ann", attributes={"plan": "team"}, consent_to_contact=True)
        ben = ParticipantFactory(name="Ben", attributes={"plan": "free"}, consent_to_contact=True)
        q_ann = quote(interview("Exports break.", kind="sync", participant=ann), "Exports break", pain=4)
        q_ben = quote(interview("Search is slow.", participant=ben, days=2), "slow", pain=2)
        insight = insight_create(statement="Exports are unreliable.", highlights=[q_ann], actor=None)
        item = ItemFactory(title="Reliable exports", effort=Decimal(2), status="in_progress")
        link(item, insight, importance=3)
        yield item, insight, q_ben


def test_item_representation_has_profile_and_priority(api_for, world, evidence):
    item, _, _ = evidence
    body = api_for(role=Role.VIEWER).get(f"{URL}{item.pk}/").json()
    assert (body["title"], body["status"], body["effort"], body["link_count"]) == (
        "Reliable exports", "in_progress", "2.0", 1
    )  # fmt: skip
    assert body["evidence_profile"]["participants"] == 1 and body["evidence_profile"]["sync_interviews"] == 1
    assert body["evidence_profile"]["segments"] == {"plan": {"team": 1}}
    # reach 1; pain (4 + 4) / 2 = 4; impact 4 / 5 * 3 = 2.4; low 0.5; score 1 * 2.4 * 0.5 / 2 = 0.6
    priority = body["priority"]
    assert (priority["reach"], priority["impact"], priority["score"]) == (1, 2.4, 0.6)
    assert priority["confidence"] == {"level": "low", "factor": 0.5, "rule": "Low: 1 participant; medium needs 3+."}
    assert priority["explanation"][-1] == "Score 1 × 2.4 × 0.5 ÷ 2 = 0.6."
    assert [q["text"] for q in body["quotes"]] == ["Exports break"] and body["quotes"][0]["importance"] == 3


def test_crud_as_pm(api_for, world, evidence):
    client = api_for(role=Role.PM)
    created = client.post(
        URL, {"title": "Bulk edit", "horizon": "now", "owner": world.researcher.email, "effort": "1.5"}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["owner"], body["status"], body["priority"]["score"]) == (world.researcher.email, "idea", 0)
    url = f"{URL}{body['id']}/"
    changed = client.patch(url, {"description": "Edit many rows", "owner": None}, format="json")
    assert changed.status_code == 200 and changed.json()["owner"] is None
    assert client.put(url, {"title": "Bulk editing", "status": "planned"}, format="json").json()["status"] == "planned"
    assert client.delete(url).status_code == 204
    with schema_context(world.acme.schema_name):
        assert not RoadmapItem.objects.filter(pk=body["id"]).exists()


def test_bad_input_gets_field_messages_and_writes_nothing(api_for, world):
    client = api_for(role=Role.RESEARCHER)
    with schema_context(world.acme.schema_name):
        before = RoadmapItem.objects.count()
    bad = client.post(
        URL, {"title": "", "status": "done", "effort": "0", "external_url": "nope", "position": -1}, format="json"
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"title", "status", "effort", "external_url", "position"}
    not_member = client.post(URL, {"title": "X", "owner": world.outsider.email}, format="json")
    assert not_member.status_code == 400
    assert not_member.json() == {"owner": [f"{world.outsider.email} is not a member of this workspace."]}
    unknown = client.post(URL, {"title": "X", "owner": "nobody@example.com"}, format="json")
    assert unknown.status_code == 400 and "owner" in unknown.json()
    with schema_context(world.acme.schema_name):
        assert RoadmapItem.objects.count() == before


def test_moving_to_shipped_through_the_api_emails_and_emits(api_for, world, evidence):
    from tests.webhooks.factories import EndpointFactory

    item, _, _ = evidence
    with schema_context(world.acme.schema_name):
        EndpointFactory(events=["roadmap_item.status_changed"])
    client = api_for(role=Role.PM)
    for status in ("shipped", "planned", "shipped"):
        assert client.patch(f"{URL}{item.pk}/", {"status": status}, format="json").status_code == 200
    with schema_context(world.acme.schema_name):
        # Ann consented and is behind the item; Ben's quote is not linked: one email, once.
        notice = ShippedNotice.objects.select_related("participant", "email").get(item=item)
        assert (notice.participant.name, notice.email.to, notice.email.template) == (
            "Ann", notice.participant.email, "roadmap-shipped"
        )  # fmt: skip
        assert Email.objects.filter(template="roadmap-shipped", to=notice.participant.email).count() == 1
        changes = [
            d.payload["data"] for d in WebhookDelivery.objects.filter(payload__data__item__id=item.pk).order_by("pk")
        ]
    assert [(c["old_status"], c["new_status"]) for c in changes] == [
        ("in_progress", "shipped"), ("shipped", "planned"), ("planned", "shipped")
    ]  # fmt: skip


def test_evidence_endpoints(api_for, world, evidence):
    item, _, q_ben = evidence
    client = api_for(role=Role.RESEARCHER)
    url = f"{URL}{item.pk}/evidence/"
    listed = client.get(url).json()
    assert [(e["kind"], e["insight"]["statement"], e["importance"]) for e in listed] == [
        ("insight", "Exports are unreliable.", 3)
    ]  # fmt: skip
    added = client.post(url, {"highlight": q_ben.pk, "importance": 1, "note": "Also slow"}, format="json")
    assert added.status_code == 201, added.json()
    assert (added.json()["kind"], added.json()["highlight"]["text"], added.json()["note"]) == (
        "highlight",
        "slow",
        "Also slow",
    )
    # The item's priority follows: 2 participants now.
    assert client.get(f"{URL}{item.pk}/").json()["evidence_profile"]["participants"] == 2

    link_url = f"{url}{added.json()['id']}/"
    assert client.patch(link_url, {"importance": 2}, format="json").json()["importance"] == 2
    assert client.patch(link_url, {"importance": 7}, format="json").status_code == 400
    assert client.delete(link_url).status_code == 204
    assert client.delete(link_url).status_code == 404
    assert client.get(f"{URL}{item.pk}/").json()["evidence_profile"]["participants"] == 1


def test_evidence_bad_input(api_for, world, evidence):
    item, insight, q_ben = evidence
    client = api_for(role=Role.PM)
    url = f"{URL}{item.pk}/evidence/"
    cases = [
        ({"insight": 999999, "importance": 2}, {"insight": ["No insight 999999 in this workspace."]}),
        ({"highlight": 999999, "importance": 2}, {"highlight": ["No highlight 999999 in this workspace."]}),
        ({"importance": 2}, {"insight": ["Choose an insight or a quote to link."]}),
        ({"insight": insight.pk, "importance": 2}, {"insight": ["This insight is already linked to this item."]}),
        ({"highlight": q_ben.pk, "importance": 5}, None),
    ]
    for payload, expected in cases:
        response = client.post(url, payload, format="json")
        assert response.status_code == 400, payload
        if expected:
            assert response.json() == expected
    with schema_context(world.acme.schema_name):
        assert EvidenceLink.objects.filter(item=item).count() == 1


def test_list_filters_and_sort(api_for, world, evidence):
    _, _, q_ben = evidence
    with schema_context(world.acme.schema_name):
        other = ItemFactory(title="Fast search", owner=world.pm, horizon="now", effort=Decimal("0.5"))
        link(other, q_ben, importance=3)
        ItemFactory(title="Empty")
    client = api_for(role=Role.VIEWER)

    def titles(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.json()
        return [row["title"] for row in response.json()["results"]]

    assert titles() == ["Fast search", "Reliable exports", "Empty"]  # 1.2, 0.6, 0
    assert titles(sort="position")[-1] == "Empty"
    assert titles(segment="plan=team") == ["Reliable exports"]
    assert titles(owner=world.pm.email) == ["Fast search"]
    assert titles(owner="nobody@example.com") == []
    assert titles(horizon="now") == ["Fast search"] and titles(status="in_progress") == ["Reliable exports"]
    assert titles(study=q_ben.study_id) == ["Fast search"]
    bad = client.get(URL, {"segment": "plan", "status": "done", "sort": "random"})
    assert bad.status_code == 400 and set(bad.json()) == {"segment", "status", "sort"}


def test_roles_and_outsiders(api_for, client_for, world, evidence):
    item, insight, _ = evidence
    viewer = api_for(role=Role.VIEWER)
    assert viewer.get(URL).status_code == 200
    assert viewer.post(URL, {"title": "X"}, format="json").status_code == 403
    assert viewer.patch(f"{URL}{item.pk}/", {"status": "shipped"}, format="json").status_code == 403
    assert viewer.delete(f"{URL}{item.pk}/").status_code == 403
    assert viewer.post(f"{URL}{item.pk}/evidence/", {"insight": insight.pk, "importance": 1}).status_code == 403
    # A signed-in viewer is refused too; owner, researcher and pm may write.
    assert api_for(user=world.viewer).post(URL, {"title": "X"}, format="json").status_code == 403
    for role in (Role.OWNER, Role.RESEARCHER, Role.PM):
        assert api_for(role=role).post(URL, {"title": f"By {role}"}, format="json").status_code == 201
    # Outsiders: globex's owner on acme gets 404, and globex's key does not see acme's items.
    outsider = api_for(user=world.outsider)
    assert outsider.get(URL).status_code == 404
    assert outsider.get(f"{URL}{item.pk}/evidence/").status_code == 404
    globex = api_for(role=Role.OWNER, workspace=world.globex, host=GLOBEX_HOST)
    assert globex.get(URL).json()["count"] == 0
    assert globex.get(f"{URL}{item.pk}/").status_code == 404
    assert api_for().get(URL).status_code in (401, 403)
    with schema_context(world.acme.schema_name):
        item.refresh_from_db()
        assert item.status == "in_progress"


def test_validation_invite_endpoint(api_for, world, evidence):
    item, _, _ = evidence
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory(kind="async")
        sync_round = RoundFactory(kind="sync")
    client = api_for(role=Role.PM)
    url = f"{URL}{item.pk}/validation-invite/"
    result = client.post(url, {"round": round_.pk}, format="json")
    assert result.status_code == 200, result.json()
    assert len(result.json()["invited"]) == 1 and result.json()["refused"] == []
    again = client.post(url, {"round": round_.pk}, format="json").json()
    assert again["invited"] == [] and again["refused"][0]["code"] == "cooldown"
    assert client.post(url, {"round": sync_round.pk}, format="json").json() == {
        "round": ["Validation rounds are async: choose an async round."]
    }
    assert client.post(url, {"round": 999999}, format="json").status_code == 400
    assert api_for(role=Role.VIEWER).post(url, {"round": round_.pk}, format="json").status_code == 403


def test_list_query_budget_does_not_grow_with_items_and_links(api_for, world, django_assert_max_num_queries, report):
    import time

    client = api_for(role=Role.VIEWER)
    budget = 18  # the validation counts of the linked insights: one query (and its search_path) more
    with schema_context(world.acme.schema_name):
        RoadmapItem.objects.all().delete()  # rolled back with the test
        build_board(items=2, links=50)
    with django_assert_max_num_queries(budget):
        small = client.get(URL)
    assert small.json()["count"] == 2
    with schema_context(world.acme.schema_name):
        RoadmapItem.objects.all().delete()
        built = build_board(items=200, links=5000)
        assert EvidenceLink.objects.count() == 5000
    started = time.perf_counter()
    with django_assert_max_num_queries(budget):
        large = client.get(URL, {"page": 2})
    elapsed = (time.perf_counter() - started) * 1000
    body = large.json()
    assert body["count"] == 200 and len(body["results"]) == 50
    scores = [row["priority"]["score"] for row in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(row["link_count"] == 25 for row in body["results"])
    report(f"roadmap list API, {built['items']} items / {built['links']} links: {elapsed:.0f} ms (test client)")
