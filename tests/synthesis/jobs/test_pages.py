"""The job pages: start, progress (htmx polling), cancel, the suggestions inbox, themes; roles and query budgets."""

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from synthesis.coding import services as coding
from synthesis.jobs import services
from synthesis.models import Highlight, Insight, JobKind, JobStatus, Suggestion, SuggestionStatus, SynthesisJob, Theme
from tests.synthesis.jobs.test_services import GROUPS
from tests.synthesis.jobs_world import build, transcript


def url(name, *args):
    return reverse(f"synthesis_jobs:{name}", args=args)


@pytest.fixture
def jw(world):
    with schema_context(world.acme.schema_name):
        return build(world.researcher)


def in_acme(world, fn):
    with schema_context(world.acme.schema_name):
        return fn()


def finished_autotag(world, jw) -> SynthesisJob:
    def run():
        job = services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=world.researcher)
        return services.job_run(job.pk)

    return in_acme(world, run)


def finished_clustering(world, jw) -> SynthesisJob:
    def run():
        for name, texts in GROUPS.items():
            for u in transcript(jw.round, texts, title=name).utterances.filter(speaker_role="participant"):
                coding.highlight_create(utterance=u, start=0, end=len(u.text), actor=world.researcher)
        job = services.job_start(kind=JobKind.CLUSTER, study=jw.round.study, actor=world.researcher)
        return services.job_run(job.pk)

    return in_acme(world, run)


# Starting and following a job ---------------------------------------------------------------------------------------


def test_a_researcher_starts_auto_tagging_from_the_form(client_for, world, jw, django_capture_on_commit_callbacks):
    client = client_for(world.researcher)
    page = client.get(url("list") + f"?study={jw.round.study_id}")
    assert page.status_code == 200 and b"Start a job" in page.content
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            url("start"), {"kind": "autotag", "study": jw.round.study_id, "round": jw.round.pk, "threshold": "0.2"}
        )
    job = in_acme(world, lambda: SynthesisJob.objects.get())
    assert response.status_code == 302 and response["Location"] == url("detail", job.pk)
    assert (job.kind, job.round_id, job.options, job.started_by) == (
        "autotag",
        jw.round.pk,
        {"threshold": 0.2},
        world.researcher,
    )
    assert len(callbacks) == 1  # enqueued once committed


def test_a_broker_outage_leaves_the_job_queued_for_the_sweep(
    client_for, world, jw, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.researcher).post(url("start"), {"kind": "cluster", "study": jw.round.study_id})
    assert response.status_code == 302
    job = in_acme(world, lambda: SynthesisJob.objects.get())
    assert job.status == JobStatus.QUEUED
    assert in_acme(world, lambda: list(services.jobs_needing_a_worker())) == []  # not stale yet: the sweep waits


def test_the_start_form_explains_bad_input_and_writes_nothing(client_for, world, jw):
    client = client_for(world.researcher)
    response = client.post(url("start"), {"kind": "cluster", "study": jw.round.study_id, "themes": "99"})
    assert response.status_code == 400 and "Ensure this value is less than or equal to 40" in response.content.decode()
    other = in_acme(world, lambda: build(world.researcher).round)
    response = client.post(url("start"), {"kind": "autotag", "study": jw.round.study_id, "round": other.pk})
    assert response.status_code == 400 and "This round belongs to another study." in response.content.decode()
    assert in_acme(world, lambda: SynthesisJob.objects.count()) == 0


def test_progress_polls_while_running_and_stops_when_done(client_for, world, jw):
    job = in_acme(world, lambda: services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=None))
    client = client_for(world.viewer)
    page = client.get(url("detail", job.pk))
    assert page.status_code == 200 and b'hx-trigger="every 2s"' in page.content and b"<progress" in page.content
    partial = client.get(url("detail", job.pk), HTTP_HX_REQUEST="true")
    assert b'id="progress"' in partial.content and b"<html" not in partial.content
    assert b'hx-trigger="every 2s"' in partial.content
    in_acme(world, lambda: services.job_run(job.pk))
    partial = client.get(url("detail", job.pk), HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert "every 2s" not in text and "3 of 3 answers processed (100%)" in text and "Review 2 suggestions" in text
    assert b"Cancel" not in partial.content


def test_a_queued_job_says_so_until_it_moves_on(client_for, world, jw):
    job = in_acme(world, lambda: services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=None))
    client = client_for(world.researcher)
    page = client.get(url("detail", job.pk)).content.decode()
    # Nothing is counted before a worker starts: no "0 of 0 (100%)".
    assert "Queued: waiting for a worker" in page and "Counting what to process" in page and "(100%)" not in page
    in_acme(world, lambda: services.job_run(job.pk))
    partial = client.get(url("detail", job.pk), HTTP_HX_REQUEST="true").content.decode()
    page = client.get(url("detail", job.pk)).content.decode()
    assert "Queued" not in partial and "Queued" not in page and "(100%)" in page
    # A finished job with nothing to do is complete, not empty.
    empty = in_acme(world, lambda: SynthesisJob.objects.create(kind="cluster", study=jw.round.study,
                                                               status=JobStatus.DONE, total=0))  # fmt: skip
    assert empty.percent == 100 and "0 of 0 highlights processed (100%)" in client.get(url("detail", empty.pk)).text


def test_cancel_button(client_for, world, jw):
    job = in_acme(world, lambda: services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=None))
    assert client_for(world.viewer).post(url("cancel", job.pk)).status_code == 403
    assert client_for(world.pm).post(url("cancel", job.pk)).status_code == 403
    page = client_for(world.researcher).get(url("detail", job.pk))
    assert b"Cancel</button>" in page.content
    response = client_for(world.researcher).post(url("cancel", job.pk))
    assert response.status_code == 302
    assert in_acme(world, lambda: SynthesisJob.objects.get(pk=job.pk).status) == JobStatus.CANCELLED
    again = client_for(world.researcher).post(url("cancel", job.pk), follow=True)
    assert "already cancelled" in again.content.decode()


def test_read_only_roles_see_jobs_but_cannot_start_one(client_for, world, jw):
    for user in (world.viewer, world.pm):
        page = client_for(user).get(url("list"))
        assert page.status_code == 200 and b"Start a job" not in page.content
        assert client_for(user).post(url("start"), {"kind": "autotag", "study": jw.round.study_id}).status_code == 403
    assert in_acme(world, lambda: SynthesisJob.objects.count()) == 0


def test_the_job_list_keeps_its_query_budget(client_for, world, jw, django_assert_max_num_queries):
    client = client_for(world.viewer)
    in_acme(world, lambda: services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=None))
    client.get(url("list"))
    with django_assert_max_num_queries(24):
        client.get(url("list"))

    def more():
        for _ in range(6):
            SynthesisJob.objects.create(kind="cluster", study=jw.round.study, round=jw.round, started_by=world.owner)

    in_acme(world, more)
    with django_assert_max_num_queries(24):
        assert client.get(url("list")).content.count(b"<progress") == 7


# The suggestions inbox ------------------------------------------------------------------------------------------------


def test_the_inbox_groups_pending_suggestions_by_transcript(client_for, world, jw, django_assert_max_num_queries):
    job = finished_autotag(world, jw)
    client = client_for(world.viewer)
    client.get(url("suggestions"))
    with django_assert_max_num_queries(24):
        page = client.get(url("suggestions") + f"?job={job.pk}")
    text = page.content.decode()
    assert "New interview" in text and "Every Friday I export the pipeline report" in text
    assert "Pain 3" in text and "“by hand”" in text and "Accept</button>" not in text  # a viewer cannot decide
    # More suggestions, same number of queries.
    in_acme(world, lambda: [finished_autotag(world, build(world.researcher)) for _ in range(2)])
    pending = in_acme(world, lambda: Suggestion.objects.filter(status="pending").count())
    assert pending > 4
    with django_assert_max_num_queries(24):
        assert client.get(url("suggestions")).content.decode().count('class="quote suggestion"') == pending


def test_accept_and_reject_one_by_one(client_for, world, jw):
    finished_autotag(world, jw)
    export, pricing = in_acme(
        world, lambda: (Suggestion.objects.get(utterance=jw.export), Suggestion.objects.get(utterance=jw.pricing))
    )
    client = client_for(world.researcher)
    page = client.get(url("suggestions"))
    assert b"Accept</button>" in page.content and b"Accept selected" in page.content
    response = client.post(url("suggestion_accept", export.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"Accepted" in response.content and b"<html" not in response.content
    response = client.post(url("suggestion_reject", pricing.pk))
    assert response.status_code == 302 and response["Location"] == url("suggestions")

    def check():
        export.refresh_from_db()
        pricing.refresh_from_db()
        assert export.status == SuggestionStatus.ACCEPTED and export.highlight.pain_ai == 3
        assert pricing.status == SuggestionStatus.REJECTED and pricing.highlight is None
        assert Highlight.objects.count() == 8

    in_acme(world, check)
    again = client.post(url("suggestion_accept", export.pk), HTTP_HX_REQUEST="true")
    assert again.status_code == 400 and "already accepted" in again.content.decode()


def test_bulk_accept_selected_and_accept_above_a_score(client_for, world, jw):
    job = finished_autotag(world, jw)
    ids = in_acme(world, lambda: list(Suggestion.objects.order_by("pk").values_list("pk", flat=True)))
    client = client_for(world.researcher)
    response = client.post(url("suggestions_bulk"), {"action": "reject", "ids": [ids[0]], "job": job.pk})
    assert response.status_code == 302 and response["Location"] == url("suggestions") + f"?job={job.pk}"
    bad = client.post(url("suggestions_bulk"), {"action": "accept", "ids": []})
    assert bad.status_code == 400 and "Select at least one suggestion." in bad.content.decode()
    bad = client.post(url("suggestions_bulk"), {"action": "accept_above", "min_score": "lots"})
    assert bad.status_code == 400 and "Give a score from 0 to 1" in bad.content.decode()
    # The first click only says how many would become highlights, and asks; nothing changes yet.
    asked = client.post(url("suggestions_bulk"), {"action": "accept_above", "min_score": "0", "job": job.pk})
    assert (
        asked.status_code == 200 and "Accept 1 suggestion?" in asked.text and 'name="confirm" value="1"' in asked.text
    )
    assert in_acme(world, lambda: Suggestion.objects.filter(status="accepted").count()) == 0
    assert client.post(url("suggestions_bulk"), {"action": "accept_above", "min_score": "2"}).status_code == 400
    response = client.post(
        url("suggestions_bulk"), {"action": "accept_above", "min_score": "0", "job": job.pk, "confirm": "1"}
    )
    assert response.status_code == 302

    def check():
        assert list(Suggestion.objects.order_by("pk").values_list("status", flat=True)) == ["rejected", "accepted"]
        assert Highlight.objects.count() == 8

    in_acme(world, check)


def test_read_only_roles_cannot_decide(client_for, world, jw):
    finished_autotag(world, jw)
    pk = in_acme(world, lambda: Suggestion.objects.first().pk)
    for user in (world.viewer, world.pm):
        client = client_for(user)
        assert client.post(url("suggestion_accept", pk)).status_code == 403
        assert client.post(url("suggestion_reject", pk)).status_code == 403
        assert client.post(url("suggestions_bulk"), {"action": "accept", "ids": [pk]}).status_code == 403
    assert in_acme(world, lambda: Suggestion.objects.filter(status="pending").count()) == 2


# Themes ------------------------------------------------------------------------------------------------------------


def test_themes_page_and_make_insight(client_for, world, jw, django_assert_max_num_queries):
    job = finished_clustering(world, jw)
    client = client_for(world.researcher)
    client.get(url("themes", job.pk))
    with django_assert_max_num_queries(20):
        page = client.get(url("themes", job.pk))
    text = page.content.decode()
    assert "export" in text and "pricing" in text and "onboarding" in text and "Make insight</button>" in text
    theme = in_acme(world, lambda: Theme.objects.filter(job=job).first())
    assert "/transcripts/" in text and "#u-" in text
    response = client.post(url("theme_insight", theme.pk), {"statement": "Exports eat people's Fridays."})
    insight = in_acme(world, lambda: Insight.objects.get())
    assert response.status_code == 302 and response["Location"] == reverse("insights:detail", args=[insight.pk])
    assert insight.statement == "Exports eat people's Fridays." and insight.author == world.researcher
    assert in_acme(world, lambda: insight.highlights.count()) == theme.size
    assert "Insight:" in client.get(url("themes", job.pk)).content.decode()


def test_read_only_roles_cannot_make_insights(client_for, world, jw):
    job = finished_clustering(world, jw)
    theme = in_acme(world, lambda: Theme.objects.filter(job=job).first())
    for user in (world.viewer, world.pm):
        page = client_for(user).get(url("themes", job.pk))
        assert page.status_code == 200 and b"Make insight" not in page.content
        assert client_for(user).post(url("theme_insight", theme.pk)).status_code == 403
    assert in_acme(world, lambda: Insight.objects.count()) == 0


# Outsiders ------------------------------------------------------------------------------------------------------------


def test_an_outsider_gets_404_everywhere(client_for, world, jw):
    job = finished_autotag(world, jw)
    pk = in_acme(world, lambda: Suggestion.objects.first().pk)
    clustering = finished_clustering(world, jw)
    theme = in_acme(world, lambda: Theme.objects.filter(job=clustering).first().pk)
    client = client_for(world.outsider)
    for path in (url("list"), url("detail", job.pk), url("suggestions"), url("themes", clustering.pk)):
        assert client.get(path).status_code == 404, path
    posts = [
        (url("start"), {"kind": "autotag", "study": jw.round.study_id}),
        (url("cancel", job.pk), {}),
        (url("suggestion_accept", pk), {}),
        (url("suggestion_reject", pk), {}),
        (url("suggestions_bulk"), {"action": "accept", "ids": [pk]}),
        (url("theme_insight", theme), {}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 404, path
    assert in_acme(world, lambda: (Suggestion.objects.filter(status="pending").count(), Insight.objects.count())) == (
        2,
        0,
    )


def test_missing_objects_are_404(client_for, world, jw):
    client = client_for(world.researcher)
    assert client.get(url("detail", 999999)).status_code == 404
    assert client.get(url("themes", 999999)).status_code == 404
    assert client.post(url("suggestion_accept", 999999)).status_code == 404
    assert client.post(url("theme_insight", 999999)).status_code == 404
