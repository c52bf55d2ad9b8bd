"""The shortlist page and `GET /api/v1/rounds/{id}/shortlist/`: roles, outsiders, the answer's shape, budgets."""

import pytest
from django_tenants.utils import schema_context

from studies.models import Round
from tests.interviews.funnel import RICH, THIN, funnel, interview
from tests.studies.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(world):
    with schema_context(world.acme.schema_name):
        first, second = funnel(host=world.owner)
        interview(first, participant=ParticipantFactory(consent_to_contact=True, attributes={"segment": "smb"}),
                  answers=RICH)  # fmt: skip
        interview(first, participant=True, answers=THIN)
        return first, second


def test_the_api_answers_best_first_with_parts_and_reasons(world, rounds, api_for):
    first, second = rounds
    response = api_for(role="viewer").get(f"/api/v1/rounds/{first.pk}/shortlist/")
    assert response.status_code == 200
    body = response.json()
    assert body["to_round"] == second.pk and len(body["results"]) == 2
    top = body["results"][0]
    assert set(top) >= {"session", "participant", "score", "parts", "reasons"}
    assert set(top["participant"]) == {"id", "name", "email", "attributes"}
    assert top["participant"]["attributes"] == {"segment": "smb"}
    assert set(top["parts"]) == {"richness", "pain", "distinct", "contact", "quota"}
    assert [e["score"] for e in body["results"]] == sorted((e["score"] for e in body["results"]), reverse=True)


def test_rounds_without_a_sync_round_after_them_have_no_shortlist(world, rounds, api_for):
    first, second = rounds
    api = api_for(role="researcher")
    assert api.get(f"/api/v1/rounds/{second.pk}/shortlist/").status_code == 404
    with schema_context(world.acme.schema_name):
        Round.objects.filter(pk=second.pk).update(kind="async")
    assert api.get(f"/api/v1/rounds/{first.pk}/shortlist/").status_code == 404


def test_outsiders_get_404_from_page_and_api(world, rounds, api_for, client_for):
    first, _ = rounds
    assert api_for(user=world.outsider).get(f"/api/v1/rounds/{first.pk}/shortlist/").status_code == 404
    assert client_for(world.outsider).get(f"/rounds/{first.pk}/shortlist/").status_code == 404
    outsider = client_for(world.outsider)
    assert outsider.post(f"/rounds/{first.pk}/shortlist/invite/", {"sessions": [1]}).status_code == 404
    assert outsider.post(f"/rounds/{first.pk}/shortlist/quotas/", {"quotas": "segment: smb 1"}).status_code == 404


def test_read_only_members_see_the_page_but_cannot_invite_or_set_quotas(world, rounds, client_for):
    first, _ = rounds
    for user in (world.viewer, world.pm):
        page = client_for(user).get(f"/rounds/{first.pk}/shortlist/")
        assert page.status_code == 200 and "Rich answers" in page.text and "Invite to book" not in page.text
        assert client_for(user).post(f"/rounds/{first.pk}/shortlist/invite/", {}).status_code == 403
        assert client_for(user).post(f"/rounds/{first.pk}/shortlist/quotas/", {"quotas": ""}).status_code == 403


def test_quotas_are_edited_on_the_page(world, rounds, client_for):
    first, _ = rounds
    client = client_for(world.researcher)
    bad = client.post(f"/rounds/{first.pk}/shortlist/quotas/", {"quotas": "segment smb four"})
    assert bad.status_code == 400 and "write the attribute, a colon" in bad.text
    ok = client.post(f"/rounds/{first.pk}/shortlist/quotas/", {"quotas": "segment: smb 4, mid-market 4, enterprise 4"})
    assert ok.status_code == 302
    with schema_context(world.acme.schema_name):
        first.refresh_from_db()
    assert first.shortlist_quotas == {"segment": {"smb": 4, "mid-market": 4, "enterprise": 4}}
    page = client.get(f"/rounds/{first.pk}/shortlist/")
    assert "segment = smb: 2 of 4" in page.text and "segment = enterprise: 0 of 4" in page.text
    assert "Fills a quota place: segment = smb" in page.text


def test_the_page_is_linked_from_the_round_and_the_study(world, rounds, client_for):
    first, _ = rounds
    client = client_for(world.researcher)
    assert f"/rounds/{first.pk}/shortlist/" in client.get(f"/rounds/{first.pk}/interviews/").text
    assert f"/rounds/{first.pk}/shortlist/" in client.get(f"/studies/{first.study_id}/").text


@pytest.mark.parametrize("count", [1, 50])
def test_query_budget(world, api_for, client_for, django_assert_max_num_queries, count):
    with schema_context(world.acme.schema_name):
        first, _ = funnel(host=world.owner)
        for index in range(count):
            session = interview(first, participant=True, answers=RICH if index % 2 else THIN)
            if index % 3 == 0:
                from synthesis.models import Highlight, Tag

                utterance = session.transcript.utterances.filter(speaker_role="participant").first()
                highlight = Highlight.objects.create(
                    utterance=utterance, start=0, end=5, text=utterance.text[:5], transcript=session.transcript,
                    participant=session.participant, round=first, study=first.study, pain_ai=3,
                )  # fmt: skip
                highlight.tags.add(Tag.objects.get_or_create(name=f"Tag {index % 4}")[0])
    api, client = api_for(role="researcher"), client_for(world.researcher)
    with django_assert_max_num_queries(28):
        body = api.get(f"/api/v1/rounds/{first.pk}/shortlist/").json()
    assert len(body["results"]) == count
    with django_assert_max_num_queries(34):
        assert client.get(f"/rounds/{first.pk}/shortlist/").status_code == 200
