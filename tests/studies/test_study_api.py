"""Studies, rounds, questions, planner and guide-lint endpoints: validation, roles, outsiders, query budgets."""

import pytest
from django_tenants.utils import schema_context

from studies.models import GuideQuestion, Study
from tests.conftest import GLOBEX_HOST
from tests.studies.factories import QuestionFactory, RoundFactory, StudyFactory
from workspaces.models import Role

PLANNER = {"goal": "usability_testing", "participants": 6, "timezone_spread": "one_region"}


def test_planner_returns_a_recommendation_without_saving(api_for, world):
    response = api_for(role=Role.VIEWER).post("/api/v1/planner/", PLANNER, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["method"] == "sync" and body["model"] == "single"
    assert body["rounds"] == [{"kind": "sync", "purpose": body["rounds"][0]["purpose"], "target": 6,
                               "time_budget_minutes": body["rounds"][0]["time_budget_minutes"]}]  # fmt: skip
    assert {"low", "high", "currency"} <= set(body["cost_estimate"]) and body["cost_estimate"]["low"] == "300.00"
    assert any(r["input"] == "goal" for r in body["reasons"])
    with schema_context(world.acme.schema_name):
        assert not Study.objects.exists()


def test_planner_bad_input_gets_field_messages(api_for):
    response = api_for(role=Role.VIEWER).post(
        "/api/v1/planner/", {"goal": "not_a_goal", "participants": -3, "timezone_spread": "mars"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"goal", "participants", "timezone_spread"}


def test_guide_lint_endpoint(api_for):
    client = api_for(role=Role.VIEWER)
    one = client.post("/api/v1/guide-lint/", {"text": "Rate your satisfaction with onboarding."}, format="json")
    assert one.status_code == 200
    assert one.json()["questions"][0][0]["code"] == "survey_speak"
    guide = client.post(
        "/api/v1/guide-lint/",
        {"questions": ["Tell me about your week.", "What happened next?"], "minutes": [8, 6], "kind": "async"},
        format="json",
    )
    assert guide.json()["total_minutes"] == 14 and guide.json()["warnings"]
    bad = client.post("/api/v1/guide-lint/", {"questions": ["a"], "minutes": [1, 2]}, format="json")
    assert bad.status_code == 400 and "minutes" in bad.json()


def test_study_crud_and_status_steps(api_for, world):
    client = api_for(role=Role.RESEARCHER)
    created = client.post(
        "/api/v1/studies/",
        {"title": "Win/loss Q4", "goal": "win_loss_analysis", "research_questions": ["Why did we lose?"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    study_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    bad_step = client.patch(f"/api/v1/studies/{study_id}/", {"status": "done"}, format="json")
    assert bad_step.status_code == 400 and "status" in bad_step.json()
    good_step = client.patch(f"/api/v1/studies/{study_id}/", {"status": "recruiting"}, format="json")
    assert good_step.json()["status"] == "recruiting"
    bad_dates = client.patch(
        f"/api/v1/studies/{study_id}/", {"starts_on": "2026-12-10", "ends_on": "2026-12-01"}, format="json"
    )
    assert bad_dates.status_code == 400 and "ends_on" in bad_dates.json()


def test_rounds_and_questions(api_for, world):
    client = api_for(role=Role.RESEARCHER)
    with schema_context(world.acme.schema_name):
        study = StudyFactory()
    round_ = client.post(
        "/api/v1/rounds/", {"study": study.pk, "kind": "async", "purpose": "Wide net", "target_participants": 150}
    ).json()
    assert round_["order"] == 1
    url = f"/api/v1/rounds/{round_['id']}/questions/"
    first = client.post(url, {"text": "Tell me about your first week."}, format="json").json()
    second = client.post(url, {"text": "Do you like it?", "max_follow_ups": 1}, format="json").json()
    assert [first["order"], second["order"]] == [1, 2]
    assert [i["code"] for i in second["lint"]] == ["yes_no_opener"]
    reordered = client.post(url + "reorder/", {"order": [second["id"], first["id"]]}, format="json")
    assert [q["id"] for q in reordered.json()] == [second["id"], first["id"]]
    incomplete = client.post(url + "reorder/", {"order": [second["id"]]}, format="json")
    assert incomplete.status_code == 400 and "order" in incomplete.json()
    assert client.post(url, {"text": "", "max_follow_ups": 9}, format="json").status_code == 400
    assert client.delete(f"/api/v1/questions/{second['id']}/").status_code == 204
    with schema_context(world.acme.schema_name):
        assert list(GuideQuestion.objects.values_list("order", flat=True)) == [1]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PM])
def test_read_only_roles_cannot_write(api_for, world, role):
    with schema_context(world.acme.schema_name):
        question = QuestionFactory()
    client = api_for(role=role)
    assert client.get("/api/v1/studies/").status_code == 200
    assert client.post("/api/v1/studies/", {"title": "x", "goal": "feature_validation"}).status_code == 403
    assert client.patch(f"/api/v1/rounds/{question.round_id}/", {"purpose": "x"}).status_code == 403
    assert client.post(f"/api/v1/rounds/{question.round_id}/questions/", {"text": "x"}).status_code == 403
    assert client.delete(f"/api/v1/questions/{question.pk}/").status_code == 403
    with schema_context(world.acme.schema_name):
        assert GuideQuestion.objects.filter(pk=question.pk).exists()


def test_outsiders_get_404(api_for, world):
    with schema_context(world.acme.schema_name):
        question = QuestionFactory()
    outsider = api_for(role=Role.OWNER, workspace=world.acme, host=GLOBEX_HOST)
    for url in ["/api/v1/studies/", "/api/v1/rounds/", "/api/v1/participants/", f"/api/v1/questions/{question.pk}/"]:
        assert outsider.get(url).status_code == 404, url
    assert outsider.post("/api/v1/planner/", PLANNER, format="json").status_code == 404
    session = api_for(user=world.outsider)
    assert session.get(f"/api/v1/rounds/{question.round_id}/questions/").status_code == 404


def test_list_endpoints_have_a_fixed_query_budget(api_for, world, django_assert_max_num_queries):
    client = api_for(role=Role.VIEWER)
    client.get("/api/v1/workspace/")  # the key's first use records itself once; keep that out of the counts
    counts = []
    for extra in (1, 49):
        with schema_context(world.acme.schema_name):
            for _ in range(extra):
                RoundFactory(study=StudyFactory())
        for url in ("/api/v1/studies/", "/api/v1/rounds/"):
            with django_assert_max_num_queries(12) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
    assert counts[:2] == counts[2:]
