"""Undoing a bulk accept: every bulk accept is recorded (which suggestions became which highlights); for 24 hours,
and while none of its highlights is used as evidence, undo deletes them and returns the suggestions to pending,
all or nothing. Pages (inbox, job page, the bulk accept's page) and API, roles, outsiders, query budgets."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from roadmap.services import evidence_link, item_create
from synthesis.coding import services as coding
from synthesis.insights.services import insight_create, insight_remove_highlights
from synthesis.jobs import bulk, services
from synthesis.models import BulkAcceptance, Highlight, Suggestion, Theme
from tests.synthesis.jobs.test_pages import finished_autotag, in_acme
from tests.synthesis.jobs_world import build

BULK = "/api/v1/bulk-acceptances/"


def url(name, *args):
    return reverse(f"synthesis_jobs:{name}", args=args)


@pytest.fixture
def jw(world):
    with schema_context(world.acme.schema_name):
        return build(world.researcher)


@pytest.fixture
def accepted(world, jw):
    """An auto-tagging job whose two suggestions were accepted with "accept all scoring at least 0"."""
    job = finished_autotag(world, jw)

    def accept():
        result = services.suggestions_accept_above(min_score=0, job=job.pk, actor=world.researcher)
        return job, BulkAcceptance.objects.get(pk=result["bulk_acceptance"])

    return in_acme(world, accept)


def statuses() -> list[str]:
    return list(Suggestion.objects.order_by("pk").values_list("status", flat=True))


# Services -------------------------------------------------------------------------------------------------------------


def test_a_bulk_accept_is_recorded_and_undone_all_at_once(world, accepted):
    job, record = accepted
    with schema_context(world.acme.schema_name):
        made = set(Suggestion.objects.values_list("highlight_id", flat=True))
        assert (record.count, record.job_id, record.min_score, record.created_by) == (2, job.pk, 0, world.researcher)
        assert set(record.suggestions.values_list("highlight_id", flat=True)) == made and None not in made
        before = Highlight.objects.count()
        assert bulk.bulk_acceptance_undo(bulk=record, actor=world.owner) == 2
        assert statuses() == ["pending", "pending"] and Highlight.objects.count() == before - 2
        assert not Highlight.objects.filter(pk__in=made).exists()
        assert Suggestion.objects.filter(decided_by__isnull=False).count() == 0
        record.refresh_from_db()
        assert record.undone_by == world.owner and record.undone_at is not None
        with pytest.raises(bulk.UndoRefused) as again:
            bulk.bulk_acceptance_undo(bulk=record, actor=world.owner)
        assert again.value.code == "already_undone" and "by Olive Owner" in str(again.value)
        # Back in the inbox, they can be accepted again (a new record).
        result = services.suggestions_accept_above(min_score=0, job=job.pk, actor=world.researcher)
        assert result["count"] == 2 and result["bulk_acceptance"] != record.pk


def test_rejecting_in_bulk_and_accepting_one_record_nothing(world, jw):
    finished_autotag(world, jw)
    with schema_context(world.acme.schema_name):
        first, second = Suggestion.objects.order_by("pk")
        result = services.suggestions_decide(ids=[first.pk], action="reject", actor=world.researcher)
        assert result["bulk_acceptance"] is None
        services.suggestion_accept(suggestion=second, actor=world.researcher)
        assert not BulkAcceptance.objects.exists()


def test_undo_is_possible_for_24_hours(world, accepted):
    _, record = accepted
    with schema_context(world.acme.schema_name):
        with (
            time_machine.travel(timezone.now() + timedelta(hours=24, seconds=1)),
            pytest.raises(bulk.UndoRefused) as late,
        ):
            bulk.bulk_acceptance_undo(bulk=record, actor=world.owner)
        assert late.value.code == "undo_expired"
        assert statuses() == ["accepted", "accepted"]
        with time_machine.travel(timezone.now() + timedelta(hours=23)):
            assert bulk.bulk_acceptance_undo(bulk=record, actor=world.owner) == 2


def test_undo_never_takes_evidence_away(world, accepted):
    _, record = accepted
    with schema_context(world.acme.schema_name):
        first, second = (s.highlight for s in Suggestion.objects.order_by("pk"))
        insight = insight_create(statement="Exports cost people hours every week.", highlights=[first],
                                 actor=world.researcher)  # fmt: skip
        item = item_create(title="Scheduled exports", actor=world.owner)
        evidence_link(item=item, highlight=second, importance=2, actor=world.owner)
        with pytest.raises(bulk.UndoRefused) as used:
            bulk.bulk_acceptance_undo(bulk=record, actor=world.owner)
        assert used.value.code == "highlights_in_use"
        assert "1 backs an insight and 1 supports a roadmap item" in str(used.value)
        assert statuses() == ["accepted", "accepted"]
        assert Highlight.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
        # Out of the insight and off the item, the highlights may go.
        insight_remove_highlights(insight=insight, highlights=[first], actor=world.researcher)
        item.links.all().delete()
        assert bulk.bulk_acceptance_undo(bulk=record, actor=world.owner) == 2


def test_a_theme_also_keeps_its_highlights(world, accepted):
    job, record = accepted
    with schema_context(world.acme.schema_name):
        theme = Theme.objects.create(job=job, order=1, label="Exports", size=1)
        theme.highlights.add(Suggestion.objects.first().highlight)
        with pytest.raises(bulk.UndoRefused) as used:
            bulk.bulk_acceptance_undo(bulk=record, actor=world.owner)
        assert "1 is in a clustering theme" in str(used.value)


def test_a_highlight_deleted_by_hand_since_is_no_obstacle(world, accepted):
    _, record = accepted
    with schema_context(world.acme.schema_name):
        coding.highlight_delete(highlight=Suggestion.objects.first().highlight, actor=world.researcher)
        assert bulk.bulk_acceptance_undo(bulk=record, actor=world.owner) == 2
        assert statuses() == ["pending", "pending"]


# Pages ----------------------------------------------------------------------------------------------------------------


def test_undo_from_the_inbox_through_its_confirmation_page(client_for, world, jw):
    job = finished_autotag(world, jw)
    client = client_for(world.researcher)
    done = client.post(url("suggestions_bulk"), {"action": "accept_above", "min_score": "0", "job": job.pk,
                                                 "confirm": "1"}, follow=True)  # fmt: skip
    assert "Accepted 2 suggestions. They are highlights now; “Undo” under Recent bulk accepts" in done.text
    record = in_acme(world, lambda: BulkAcceptance.objects.get())
    assert "Recent bulk accepts" in done.text and url("bulk", record.pk) in done.text and "Undo…" in done.text
    with schema_context(world.acme.schema_name):
        Highlight.objects.filter(suggestion__isnull=False).update(note="Check with sales")
    page = client.get(url("bulk", record.pk))
    assert page.status_code == 200 and "Undo this bulk accept?" in page.text
    assert "Undo: delete 2 highlights" in page.text and "2 of them have a note or a pain score added since" in page.text
    assert "Every Friday I export the pipeline report" in page.text and "scoring at least 0" in page.text
    undone = client.post(url("bulk_undo", record.pk))
    assert undone.status_code == 302 and undone["Location"] == url("suggestions") + f"?job={job.pk}"
    inbox = client.get(undone["Location"])
    assert "Undone: its highlights are deleted and 2 suggestions are pending again." in inbox.text
    assert "Undone " in inbox.text and "by researcher@acme.test" in inbox.text
    assert in_acme(world, statuses) == ["pending", "pending"]
    after = client.get(url("bulk", record.pk))
    assert "Undo this bulk accept?" not in after.text and "pending again" in after.text


def test_accept_selected_is_undoable_too_and_the_job_page_offers_it(client_for, world, jw):
    job = finished_autotag(world, jw)
    ids = in_acme(world, lambda: list(Suggestion.objects.values_list("pk", flat=True)))
    client = client_for(world.owner)
    client.post(url("suggestions_bulk"), {"action": "accept", "ids": ids, "job": job.pk})
    record = in_acme(world, lambda: BulkAcceptance.objects.get())
    assert record.min_score is None and record.count == 2
    page = client.get(url("detail", job.pk))
    assert "Recent bulk accepts" in page.text and url("bulk", record.pk) in page.text
    assert "the ones ticked" in client.get(url("bulk", record.pk)).text


def test_when_undo_is_no_longer_possible_the_pages_say_why(client_for, world, accepted):
    job, record = accepted
    with schema_context(world.acme.schema_name):
        insight_create(statement="Exports hurt.", highlights=[Suggestion.objects.first().highlight],
                       actor=world.researcher)  # fmt: skip
    client = client_for(world.researcher)
    inbox = client.get(url("suggestions") + f"?job={job.pk}")
    assert "Undo is no longer possible: of its highlights, 1 backs an insight." in inbox.text
    assert "Undo…" not in inbox.text
    page = client.get(url("bulk", record.pk))
    assert "Undo this bulk accept?" not in page.text and "1 backs an insight" in page.text
    refused = client.post(url("bulk_undo", record.pk), follow=True)
    assert "Undo is no longer possible" in refused.text and in_acme(world, statuses) == ["accepted", "accepted"]
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        late = client.get(url("bulk", record.pk))
    assert "Undo is possible for 24 hours after a bulk accept" in late.text


def test_roles_outsiders_and_missing_bulk_accepts(client_for, world, accepted):
    _, record = accepted
    for user in (world.viewer, world.pm):
        client = client_for(user)
        page = client.get(url("bulk", record.pk))
        assert page.status_code == 200 and "Undo this bulk accept?" not in page.text
        assert client.post(url("bulk_undo", record.pk)).status_code == 403
        assert "Undo…" not in client.get(url("suggestions")).text
    outsider = client_for(world.outsider)
    assert outsider.get(url("bulk", record.pk)).status_code == 404
    assert outsider.post(url("bulk_undo", record.pk)).status_code == 404
    assert client_for(world.outsider, host="globex.localhost").get(url("bulk", record.pk)).status_code == 404
    researcher = client_for(world.researcher)
    assert researcher.get(url("bulk", 999999)).status_code == 404
    assert researcher.post(url("bulk_undo", 999999)).status_code == 404
    assert in_acme(world, statuses) == ["accepted", "accepted"]


def test_query_budgets_hold_as_bulk_accepts_grow(client_for, world, accepted, django_assert_max_num_queries):
    _, record = accepted
    client = client_for(world.researcher)
    with django_assert_max_num_queries(30) as inbox:
        client.get(url("suggestions"))
    inbox_queries = len(inbox.captured_queries)  # read now: the next request clears the log
    with django_assert_max_num_queries(30) as page:
        client.get(url("bulk", record.pk))
    page_queries = len(page.captured_queries)  # read now: the next request clears the log

    def more():
        suggestions = []
        for _ in range(3):
            job = finished_autotag(world, build(world.researcher))
            ids = list(Suggestion.objects.filter(job=job).values_list("pk", flat=True))
            suggestions += ids
            services.suggestions_decide(ids=ids, action="accept", actor=world.researcher)
        return suggestions

    in_acme(world, more)
    with django_assert_max_num_queries(inbox_queries):
        assert client.get(url("suggestions")).text.count("Undo…") == 4
    big = in_acme(world, lambda: services.suggestions_accept_above(min_score=0, actor=world.researcher))
    assert big["count"] == 0  # all decided already: nothing recorded for nothing
    in_acme(world, lambda: [bulk.bulk_acceptance_undo(bulk=b, actor=world.owner) for b in BulkAcceptance.objects.all()])
    whole = in_acme(world, lambda: services.suggestions_accept_above(min_score=0, actor=world.researcher))
    assert whole["count"] == 8
    with django_assert_max_num_queries(page_queries):
        assert client.get(url("bulk", whole["bulk_acceptance"])).text.count('class="quote"') == 8


# API ------------------------------------------------------------------------------------------------------------------


def test_the_api_records_lists_and_undoes_bulk_accepts(api_for, world, jw, django_assert_max_num_queries):
    job = finished_autotag(world, jw)
    ids = in_acme(world, lambda: list(Suggestion.objects.order_by("pk").values_list("pk", flat=True)))
    api = api_for(user=world.researcher)  # signed in: the record says who (an API key acts as nobody in particular)
    result = api.post("/api/v1/suggestions/bulk/", {"ids": ids, "action": "accept"}, format="json").json()
    assert result["count"] == 2 and result["bulk_acceptance"]
    reader = api_for(role="viewer")
    with django_assert_max_num_queries(20) as few:
        rows = reader.get(BULK + f"?job={job.pk}").json()["results"]
    few_queries = len(few.captured_queries)  # read now: the next request clears the log
    assert len(rows) == 1
    row = rows[0]
    assert (row["id"], row["count"], row["undoable"], row["undo_blocked"], row["created_by"]) == (
        result["bulk_acceptance"], 2, True, "", world.researcher.email,
    )  # fmt: skip
    assert row["suggestions"] == ids and len(row["highlights"]) == 2
    assert reader.post(BULK + f"{row['id']}/undo/").status_code == 403
    assert api_for(role="pm").post(BULK + f"{row['id']}/undo/").status_code == 403
    for outsider in (api_for(user=world.outsider), api_for(role="owner", workspace=world.globex)):
        assert outsider.get(BULK + f"{row['id']}/").status_code == 404
        assert outsider.post(BULK + f"{row['id']}/undo/").status_code == 404
    undone = api.post(BULK + f"{row['id']}/undo/")
    assert undone.status_code == 200
    body = undone.json()
    assert (body["undoable"], body["undo_code"], body["highlights"]) == (False, "already_undone", [])
    assert body["undone_by"] == world.researcher.email and in_acme(world, statuses) == ["pending", "pending"]
    again = api.post(BULK + f"{row['id']}/undo/")
    assert again.status_code == 409 and again.json()["code"] == "already_undone"
    # A blocked undo answers 409 with the reason and changes nothing.
    second = api.post("/api/v1/suggestions/bulk/", {"ids": ids, "action": "accept"}, format="json").json()
    with schema_context(world.acme.schema_name):
        insight_create(statement="Exports hurt.", highlights=[Suggestion.objects.first().highlight], actor=None)
    blocked = api.post(BULK + f"{second['bulk_acceptance']}/undo/")
    assert blocked.status_code == 409 and blocked.json()["code"] == "highlights_in_use"
    assert in_acme(world, statuses) == ["accepted", "accepted"]
    # The list keeps its budget as bulk accepts grow.
    in_acme(world, lambda: [finished_autotag(world, build(world.researcher)) for _ in range(2)])
    pending = in_acme(world, lambda: list(Suggestion.objects.filter(status="pending").values_list("pk", flat=True)))
    for pk in pending:
        api.post("/api/v1/suggestions/bulk/", {"ids": [pk], "action": "accept"}, format="json")
    with django_assert_max_num_queries(few_queries):
        assert reader.get(BULK).json()["count"] == 6
    assert reader.get(BULK + "?job=x").status_code == 400
