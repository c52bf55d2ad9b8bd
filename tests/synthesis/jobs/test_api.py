"""`/api/v1/synthesis-jobs/` and `/api/v1/suggestions/`: start, progress, cancel, review; roles and query budgets."""

import pytest
from django_tenants.utils import schema_context

from synthesis.jobs import services
from synthesis.models import Highlight, JobKind, Suggestion, SynthesisJob
from tests.synthesis.jobs_world import build

JOBS = "/api/v1/synthesis-jobs/"
SUGGESTIONS = "/api/v1/suggestions/"


@pytest.fixture
def jw(world):
    with schema_context(world.acme.schema_name):
        return build(world.researcher)


def in_acme(world, fn):
    with schema_context(world.acme.schema_name):
        return fn()


def finished_autotag(world, jw):
    def run():
        job = services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=None)
        return services.job_run(job.pk)

    return in_acme(world, run)


def test_start_a_job_and_follow_its_progress(api_for, world, jw, django_capture_on_commit_callbacks):
    api = api_for(role="researcher")
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.post(
            JOBS, {"kind": "autotag", "study": jw.round.study_id, "options": {"threshold": 0.15}}, format="json"
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["status"], body["backend"], body["options"]) == (
        "autotag",
        "queued",
        "offline",
        {"threshold": 0.15},
    )
    assert len(callbacks) == 1
    in_acme(world, lambda: services.job_run(body["id"]))
    job = api_for(role="viewer").get(f"{JOBS}{body['id']}/").json()
    assert (job["status"], job["total"], job["processed"], job["percent"]) == ("done", 3, 3, 100)
    assert job["created_count"] == 2 and job["pending_suggestions"] == 2 and job["duration_seconds"] >= 0


def test_bad_input_gets_field_messages_and_writes_nothing(api_for, world, jw):
    api = api_for(role="owner")
    response = api.post(JOBS, {"kind": "summarise", "study": 999999}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"kind", "study"}
    assert "No study 999999" in response.json()["study"][0]
    response = api.post(
        JOBS, {"kind": "cluster", "study": jw.round.study_id, "options": {"source": "emails"}}, format="json"
    )
    assert response.status_code == 400 and "source" in response.json()
    response = api.post(JOBS, {"kind": "autotag", "study": jw.round.study_id, "options": [1]}, format="json")
    assert response.status_code == 400 and response.json() == {"options": ["Give the options as an object."]}
    assert in_acme(world, lambda: SynthesisJob.objects.count()) == 0


def test_cancel(api_for, world, jw):
    job = in_acme(world, lambda: services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=None))
    assert api_for(role="pm").post(f"{JOBS}{job.pk}/cancel/").status_code == 403
    assert api_for(role="viewer").post(f"{JOBS}{job.pk}/cancel/").status_code == 403
    response = api_for(role="researcher").post(f"{JOBS}{job.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    again = api_for(role="researcher").post(f"{JOBS}{job.pk}/cancel/")
    assert again.status_code == 400 and "already cancelled" in again.json()["status"][0]


def test_job_list_filters_and_query_budget(api_for, world, jw, django_assert_max_num_queries):
    api = api_for(role="viewer")
    finished_autotag(world, jw)

    def more():
        for _ in range(5):
            SynthesisJob.objects.create(kind="cluster", study=jw.round.study)

    in_acme(world, more)
    with django_assert_max_num_queries(14):
        response = api.get(JOBS)
    assert response.json()["count"] == 6
    assert api.get(JOBS, {"kind": "autotag"}).json()["count"] == 1
    assert api.get(JOBS, {"status": "bogus"}).status_code == 400


def test_suggestions_list_accept_reject_and_bulk(api_for, world, jw, django_assert_max_num_queries):
    job = finished_autotag(world, jw)
    api = api_for(role="researcher")
    with django_assert_max_num_queries(14):
        listed = api.get(SUGGESTIONS, {"job": job.pk, "status": "pending"}).json()
    assert listed["count"] == 2
    export = next(s for s in listed["results"] if s["utterance"] == jw.export.pk)
    assert export["tags"] == ["Export"] and export["pain_ai"] == 3 and export["text"].startswith("Every Friday")
    response = api.post(f"{SUGGESTIONS}{export['id']}/accept/")
    assert response.status_code == 200 and response.json()["status"] == "accepted" and response.json()["highlight"]
    highlight = in_acme(world, lambda: Highlight.objects.get(pk=response.json()["highlight"]))
    assert (highlight.start, highlight.end, highlight.pain_ai) == (export["start"], export["end"], 3)
    again = api.post(f"{SUGGESTIONS}{export['id']}/accept/")
    assert again.status_code == 400 and "already accepted" in again.json()["status"][0]
    other = next(s for s in listed["results"] if s["id"] != export["id"])
    bad = api.post(f"{SUGGESTIONS}bulk/", {"ids": [other["id"], export["id"]], "action": "reject"}, format="json")
    assert bad.status_code == 400 and "Already decided" in bad.json()["ids"][0]
    assert api.post(f"{SUGGESTIONS}bulk/", {"ids": [], "action": "nope"}, format="json").json().keys() == {
        "ids",
        "action",
    }
    done = api.post(f"{SUGGESTIONS}bulk/", {"ids": [other["id"]], "action": "reject"}, format="json")
    assert done.status_code == 200 and done.json() == {"action": "reject", "count": 1, "bulk_acceptance": None}
    assert in_acme(world, lambda: Highlight.objects.count()) == 8


def test_read_only_roles_cannot_write(api_for, world, jw):
    finished_autotag(world, jw)
    pk = in_acme(world, lambda: Suggestion.objects.first().pk)
    for role in ("viewer", "pm"):
        api = api_for(role=role)
        assert api.get(SUGGESTIONS).status_code == 200 and api.get(JOBS).status_code == 200
        assert api.post(JOBS, {"kind": "autotag", "study": jw.round.study_id}, format="json").status_code == 403
        assert api.post(f"{SUGGESTIONS}{pk}/accept/").status_code == 403
        assert api.post(f"{SUGGESTIONS}{pk}/reject/").status_code == 403
        assert api.post(f"{SUGGESTIONS}bulk/", {"ids": [pk], "action": "accept"}, format="json").status_code == 403
    assert in_acme(
        world, lambda: (SynthesisJob.objects.count(), Suggestion.objects.filter(status="pending").count())
    ) == (
        1,
        2,
    )


def test_an_outsider_gets_404(api_for, world, jw):
    job = finished_autotag(world, jw)
    pk = in_acme(world, lambda: Suggestion.objects.first().pk)
    for api in (api_for(user=world.outsider), api_for(role="owner", workspace=world.globex)):
        assert api.get(JOBS).status_code == 404
        assert api.get(f"{JOBS}{job.pk}/").status_code == 404
        assert api.get(SUGGESTIONS).status_code == 404
        assert api.post(JOBS, {"kind": "autotag", "study": jw.round.study_id}, format="json").status_code == 404
        assert api.post(f"{JOBS}{job.pk}/cancel/").status_code == 404
        assert api.post(f"{SUGGESTIONS}{pk}/accept/").status_code == 404
        assert api.post(f"{SUGGESTIONS}bulk/", {"ids": [pk], "action": "accept"}, format="json").status_code == 404
    assert in_acme(world, lambda: Suggestion.objects.filter(status="pending").count()) == 2
