"""The API answers what its OpenAPI document says, item by item of issue 15's list (defect 7); the schemathesis run
(tests/test_api_contract.py) covers every operation, these pin each reported disagreement so it cannot return."""

import pytest
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from interviews.models import Message, MessageKind, Session
from synthesis.models import Insight
from tests.conftest import ACME_HOST
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.studies.factories import RoundFactory, StudyFactory
from workspaces.management.commands.api_docs import openapi_schema
from workspaces.models import Role


@pytest.fixture(scope="module")
def document():
    return openapi_schema()


def _schema(document, name):
    return document["components"]["schemas"][name]


def test_counts_are_numbers_in_201_and_update_answers(api_for, world):
    client = api_for(role=Role.OWNER)
    study = client.post("/api/v1/studies/", {"title": "Churn", "goal": "win_loss_analysis"}, format="json")
    assert study.status_code == 201 and study.json()["round_count"] == 0, study.json()
    round_ = client.post(
        "/api/v1/rounds/",
        {"study": study.json()["id"], "kind": "async", "purpose": "Wide net", "target_participants": 20},
        format="json",
    )
    assert round_.status_code == 201 and round_.json()["question_count"] == 0, round_.json()
    patched = client.patch(f"/api/v1/studies/{study.json()['id']}/", {"title": "Churn Q1"}, format="json")
    assert patched.json()["round_count"] == 1
    link = client.post("/api/v1/links/", {"round": round_.json()["id"]}, format="json")
    assert link.status_code == 201, link.json()
    assert (link.json()["response_count"], link.json()["completed_count"]) == (0, 0)
    participant = client.post("/api/v1/participants/", {"email": "ana@example.com", "name": "Ana"}, format="json")
    assert participant.status_code == 201 and participant.json()["contact_count"] == 0, participant.json()


def test_counts_are_numbers_in_detail_views(api_for, world):
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=1))
        session = Session.objects.create(link=link, round=link.round)
        Message.objects.create(session=session, order=1, role="interviewer", kind=MessageKind.PROBE, text="Why?")
    body = api_for(role=Role.OWNER).get(f"/api/v1/sessions/{session.pk}/").json()
    assert body["probe_count"] == 1, body


def test_fields_that_can_be_null_are_declared_nullable(document):
    assert _schema(document, "Study")["properties"]["owner"]["nullable"] is True
    assert _schema(document, "Insight")["properties"]["author"]["nullable"] is True
    assert _schema(document, "Link")["properties"]["participant"]["nullable"] is True


def test_an_open_links_empty_event_matches_its_documented_type(api_for, world, document):
    event = _schema(document, "Link")["properties"]["event"]
    assert "pattern" not in event
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=RoundFactory(kind="async", study=StudyFactory()))
    assert api_for(role=Role.OWNER).get(f"/api/v1/links/{link.pk}/").json()["event"] == ""


@pytest.mark.parametrize("path", ["/api/v1/rounds/{id}/questions/", "/api/v1/roadmap-items/{id}/evidence/"])
def test_whole_lists_are_documented_as_arrays(document, path):
    schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["type"] == "array", schema


def test_questions_of_a_round_answer_the_documented_array(api_for, world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=2)
    body = api_for(role=Role.OWNER).get(f"/api/v1/rounds/{round_.pk}/questions/").json()
    assert isinstance(body, list) and len(body) == 2


def test_highlights_are_not_documented_as_writable_on_insight_updates(api_for, world, document):
    for method in ("patch", "put"):
        body = document["paths"]["/api/v1/insights/{id}/"][method]["requestBody"]["content"]["application/json"]
        name = body["schema"]["$ref"].rsplit("/", 1)[1]
        highlights = _schema(document, name)["properties"].get("highlights", {})
        assert highlights.get("readOnly") is True, (method, highlights)
    client = api_for(role=Role.OWNER)
    insight = client.post("/api/v1/insights/", {"statement": "Exports are manual."}, format="json").json()
    refused = client.patch(f"/api/v1/insights/{insight['id']}/", {"highlights": [1]}, format="json")
    assert refused.status_code == 400 and "highlights" in refused.json()


def test_every_operation_documents_400_401_403_and_404(document):
    missing = [
        f"{method.upper()} {path} {code}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in ("get", "post", "put", "patch", "delete")
        for code in ("400", "401", "403", "404")
        if code not in operation["responses"]
    ]
    assert not missing, missing[:10]


def test_a_404_answer_matches_the_documented_error(api_for, document):
    body = api_for(role=Role.OWNER).get("/api/v1/studies/999999/").json()
    assert set(_schema(document, "Error")["required"]) <= set(body)


# What the schemathesis run (tests/test_api_contract.py) found, each pinned by the request it sent.


def test_an_unknown_path_under_the_api_is_a_json_404_and_a_missing_slash_still_redirects(api_for, world):
    client = api_for(role=Role.OWNER)
    for path in ("/api/v1/studies/0.5/", "/api/v1/hosts/null,null/calendars/", "/api/v1/tags/a%0Ab/", "/api/v1/x/"):
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"] == "application/json", path
        assert response.json() == {"detail": "Not found."}
    assert client.get("/api/v1/studies").status_code == 301
    # Writes too, signed in by session with CSRF checks on: a JSON 404, not Django's HTML CSRF page.
    session = APIClient(HTTP_HOST=ACME_HOST, enforce_csrf_checks=True)
    session.force_login(world.owner)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(session, method)("/api/v1/studies/0.5/", {"title": "x"})
        assert response.status_code == 404 and response["Content-Type"] == "application/json", method


@pytest.mark.parametrize("page", ["", "abc", "0", "-1", "1.5"])
def test_a_page_that_is_not_a_whole_number_from_1_is_refused(api_for, world, page):
    response = api_for(role=Role.OWNER).get("/api/v1/studies/", {"page": page})
    assert response.status_code == 400 and list(response.json()) == ["page"], response.json()


def test_pages_still_work_and_one_past_the_end_is_404(api_for, world):
    client = api_for(role=Role.OWNER)
    assert client.get("/api/v1/studies/", {"page": "1"}).status_code == 200
    assert client.get("/api/v1/studies/", {"page": "99"}).status_code == 404


def test_a_number_is_not_accepted_as_text_or_as_yes_or_no(api_for, world):
    client = api_for(role=Role.OWNER)
    refused = client.post("/api/v1/insights/", {"statement": 0}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["statement"], refused.json()
    planner = client.post(
        "/api/v1/planner/", {"goal": "early_problem_discovery", "participants": 8, "observe_product_use": 0}
    )
    assert planner.status_code == 400 and "observe_product_use" in planner.json(), planner.json()
    budget = {"goal": "early_problem_discovery", "participants": 8, "timezone_spread": "one_region"}
    # A decimal is taken as a JSON number or an exact string, as the document says (clients send money as numbers).
    assert client.post("/api/v1/planner/", {**budget, "budget": 100000}).status_code == 200
    assert client.post("/api/v1/planner/", {**budget, "budget": "500.00"}).status_code == 200
    assert client.post("/api/v1/planner/", {**budget, "budget": True}).status_code == 400
    with schema_context(world.acme.schema_name):
        assert not Insight.objects.filter(statement="0").exists()
    assert client.post("/api/v1/insights/", {"statement": "Exports are manual."}).status_code == 201


def test_the_api_reads_json_and_documents_only_json_where_no_file_is_sent(api_for, world, document):
    client = api_for(role=Role.OWNER)
    # A form body is not read (415, or 400 as an empty body once the NUL check in the middleware has read the form).
    form = client.post("/api/v1/guide-lint/", {"questions": "{}", "kind": "async"}, format="multipart")
    assert form.status_code in (400, 415) and "questions" not in form.json(), form.content
    as_json = client.post("/api/v1/guide-lint/", {"questions": {}, "kind": "async"})
    assert as_json.status_code == 400 and "questions" in as_json.json()
    assert list(document["paths"]["/api/v1/insights/"]["post"]["requestBody"]["content"]) == ["application/json"]
    # A file upload still takes multipart.
    csv = b"email,name\nnia@example.com,Nia\n"
    upload = client.post("/api/v1/participants/import/", {"file": _file("people.csv", csv)}, format="multipart")
    assert upload.status_code in (200, 201), upload.json()


def test_a_multipart_body_with_a_broken_boundary_is_a_json_400(api_for, world):
    client = api_for(role=Role.OWNER)
    response = client.generic(
        "POST", "/api/v1/participants/import/", b"--x\r\n", content_type="multipart/form-data"
    )  # no boundary= at all
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "boundary" in response.json()["detail"]


def test_an_empty_or_unknown_filter_value_is_refused_with_its_field(api_for, world):
    client = api_for(role=Role.OWNER)
    for path, name, value in [
        ("/api/v1/insights/", "status", ""),
        ("/api/v1/insights/", "status", "AAA"),
        ("/api/v1/synthesis-jobs/", "study", ""),
        ("/api/v1/synthesis-jobs/", "kind", "nope"),
        ("/api/v1/highlights/", "tag", ""),
        ("/api/v1/suggestions/", "status", ""),
    ]:
        response = client.get(path, {name: value})
        assert response.status_code == 400 and name in response.json(), (path, name, value, response.json())
    assert client.get("/api/v1/insights/", {"q": ""}).status_code == 200  # free text may be empty


def test_a_round_without_questions_has_a_zero_minute_guide(api_for, world):
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory(kind="async", study=StudyFactory())
    rows = api_for(role=Role.OWNER).get("/api/v1/rounds/").json()["results"]
    assert [row["guide_minutes"] for row in rows if row["id"] == round_.pk] == ["0.0"]


def test_the_codebook_export_answers_json_errors_and_a_file_by_default(api_for, world):
    client = api_for(role=Role.OWNER)
    unknown = client.get("/api/v1/tags/export/", {"format": "AAA"})
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/json"
    assert client.get("/api/v1/tags/export/")["Content-Type"].startswith("application/xml")
    assert client.get("/api/v1/tags/export/", {"format": "csv"})["Content-Type"].startswith("text/csv")


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_linting_an_empty_guide_is_refused_not_a_server_error(api_for, world):
    response = api_for(role=Role.OWNER).post("/api/v1/guide-lint/", {"questions": []})
    assert response.status_code == 400 and "questions" in response.json(), response.json()
