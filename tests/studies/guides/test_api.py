"""Guide endpoints: a round's questions (add, lint, reorder, delete) and the guide linter."""

from django_tenants.utils import schema_context

from studies.models import GuideQuestion
from tests.studies.factories import StudyFactory
from workspaces.models import Role


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
    # ("Do you like it?" was the example until the learned linter, trained on more authors, read it as leading too.)
    second = client.post(url, {"text": "Do you use it every day?", "max_follow_ups": 1}, format="json").json()
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
