"""The researcher builds a screener and quotas by picking, not coding; viewers read; outsiders get 404."""

import pytest
from django_tenants.utils import schema_context

from studies.models import Quota, ScreenerQuestion, ScreenerRule
from studies.recruitment import services as recruitment
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.studies.recruitment.factories import answers, plan_screener


@pytest.fixture
def round_(world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=1, target_participants=40)
        LinkFactory(round=round_)
        return round_


def test_a_researcher_builds_a_screener_with_rules_and_quotas_on_the_page(world, client_for, round_):
    client = client_for(world.researcher)
    base = f"/rounds/{round_.pk}/recruitment/"
    assert client.get(base).status_code == 200
    response = client.post(f"{base}questions/", {"text": "Which plan are you on?", "kind": "single",
                                                 "choices": "Free\nTeam\nBusiness", "attribute": "plan",
                                                 "required": "on"})  # fmt: skip
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        question = ScreenerQuestion.objects.get(screener__round=round_)
    refused = client.post(f"{base}rules/", {"question": question.pk, "operator": "gt", "value": "2",
                                            "outcome": "reject"})  # fmt: skip
    assert refused.status_code == 400 and "For this question pick one of: is, is not." in refused.text
    assert client.post(f"{base}rules/", {"question": question.pk, "operator": "is", "value": "Free",
                                         "outcome": "reject"}).status_code == 302  # fmt: skip
    assert client.post(f"{base}quotas/", {"attribute": "plan", "value": "team", "target": "20"}).status_code == 302
    assert client.post(f"{base}quotas/", {"attribute": "plan", "value": "x", "target": "-1"}).status_code == 400
    page = client.get(base)
    assert "When “Which plan are you on?” is <strong>Free</strong>: screen out" in page.text
    assert '<tr class="quota-cell"><td>plan</td><td>team</td><td>0</td><td>20</td>' in page.text
    with schema_context(world.acme.schema_name):
        assert ScreenerRule.objects.filter(screener__round=round_).count() == 1
        assert Quota.objects.get(round=round_).target == 20


def test_read_only_members_read_and_cannot_write_outsiders_get_404(world, client_for, round_):
    base = f"/rounds/{round_.pk}/recruitment/"
    for user in (world.viewer, world.pm):
        client = client_for(user)
        assert client.get(base).status_code == 200
        assert client.post(f"{base}quotas/", {"attribute": "plan", "value": "team", "target": "2"}).status_code == 403
        assert client.post(f"{base}questions/", {"text": "Q?", "kind": "text"}).status_code == 403
    outsider = client_for(world.outsider)
    assert outsider.get(base).status_code == 404
    assert outsider.post(f"{base}quotas/", {"attribute": "plan", "value": "team", "target": "2"}).status_code == 404
    with schema_context(world.acme.schema_name):
        assert not Quota.objects.exists()


def test_the_quotas_api_answers_the_fill_per_cell_within_a_query_budget(
    world, api_for, round_, django_assert_max_num_queries
):
    with schema_context(world.acme.schema_name):
        _, questions = plan_screener(round_)
        for value, target in (("Free", 20), ("Team", 20), ("Business", 1)):
            recruitment.quota_save(round=round_, attribute="plan", value=value, target=target, actor=None)
        for i, plan in enumerate(["Team", "Team", "Business", "Business", "Free"]):
            recruitment.screening_submit(round=round_, email=f"p{i}@example.org",
                                         answers=answers(questions, plan=plan))  # fmt: skip
    client = api_for(role="viewer")
    with django_assert_max_num_queries(14) as few:
        response = client.get(f"/api/v1/rounds/{round_.pk}/quotas/")
    with schema_context(world.acme.schema_name):
        for value in ("Enterprise", "Education", "Trial"):
            recruitment.quota_save(round=round_, attribute="plan", value=value, target=5, actor=None)
    with django_assert_max_num_queries(14) as more:
        assert len(client.get(f"/api/v1/rounds/{round_.pk}/quotas/").json()["cells"]) == 6
    assert len(more) <= len(few)  # the same reads of the round's quotas however many cells
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 40 and body["filled"] == 4  # the second Business person found the cell full
    cells = {c["value"]: c for c in body["cells"]}
    assert cells["Business"] == {"attribute": "plan", "value": "Business", "target": 1, "filled": 1, "open": False}
    assert cells["Team"]["filled"] == 2 and cells["Team"]["open"] is True
    assert (
        api_for(role="owner", workspace=world.globex, host="globex.localhost")
        .get(f"/api/v1/rounds/{round_.pk}/quotas/")
        .status_code
        == 404
    )
