"""Search over the workspace: stemming, phrases and exclusions, filters, role rules, isolation, vectors kept current
by PostgreSQL on edit, and a query count independent of the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from interviews.models import Utterance
from synthesis.models import Highlight, Insight
from synthesis.search.selectors import Filters, search
from tests.queries import reads
from tests.synthesis.insight_data import interview
from tests.synthesis.search.world import build


@pytest.fixture
def repo(world):
    with schema_context(world.acme.schema_name):
        yield build(world.researcher)


def kinds_and_ids(results):
    return {(hit.kind, hit.id) for hit in results.hits}


def test_a_word_finds_its_other_forms_across_sync_and_async_interviews(repo):
    found = search(query="calendars", role="pm")
    said = [hit for hit in found.hits if hit.kind == "utterance"]
    assert {hit.id for hit in said} == {repo.utterance["calendars"].pk, repo.utterance["calendar"].pk}
    titles = " ".join(hit.title for hit in said)
    assert "(async)" in titles and "(call)" in titles
    assert found.counts["utterance"] == 2 and found.counts["highlight"] == 1  # "calendar sync drops events"
    assert ("insight", repo.insight.pk) in kinds_and_ids(found)
    assert ("roadmap_item", repo.item.pk) in kinds_and_ids(found)
    snippet = next(hit.snippet for hit in said if hit.id == repo.utterance["calendar"].pk)
    assert "<mark>calendar</mark>" in snippet
    url = next(hit.url for hit in said if hit.id == repo.utterance["calendars"].pk)
    assert url == f"/transcripts/{repo.async_one.pk}/#u-{repo.utterance['calendars'].pk}"


def test_quoted_phrases_and_excluded_words(repo):
    phrase = search(query='"calendar sync"', role="researcher")
    assert {h.id for h in phrase.hits if h.kind == "utterance"} == {repo.utterance["calendar"].pk}
    without = search(query="calendar -sync", role="researcher")
    assert {h.id for h in without.hits if h.kind == "utterance"} == {repo.utterance["calendars"].pk}
    assert search(query="the and of", role="researcher").total == 0  # only stop words: nothing to look for
    assert search(query="   ", role="researcher").total == 0


def test_participant_words_cannot_inject_markup_into_snippets(repo):
    interview("I typed <script>alert(1)</script> into the calendar title.", round_=repo.wide)
    found = search(query="calendar title", role="researcher")
    snippet = next(h.snippet for h in found.hits if "alert" in h.snippet)
    assert "<script>" not in snippet and "alert(1)" in snippet and "<mark>calendar</mark>" in snippet


def test_filters_narrow_the_evidence(repo):
    def ids(**kwargs):
        return kinds_and_ids(search(query="calendar", role="researcher", filters=Filters(**kwargs)))

    call, copy = repo.utterance["calendar"].pk, repo.utterance["calendars"].pk
    assert ("utterance", call) in ids(method="sync") and ("utterance", copy) not in ids(method="sync")
    assert ("utterance", copy) in ids(method="async") and ("utterance", call) not in ids(method="async")
    assert {k for k, _ in ids(round=repo.calls.pk)} <= {"utterance", "highlight", "insight", "round"}
    assert ("utterance", copy) in ids(attribute=("segment", "enterprise"))  # values compare ignoring case
    assert ("utterance", call) not in ids(attribute=("segment", "enterprise"))
    painful = ids(pain=5)
    assert ("highlight", repo.drops.pk) in painful and ("utterance", copy) not in painful
    assert ("utterance", call) in painful  # the utterance holds a highlight scored 5
    parent = repo.sync_tag.parent
    assert {("highlight", repo.drops.pk), ("utterance", copy)} <= ids(tag=parent.pk)  # and what its children code
    assert not {k for k, _ in ids(tag=parent.pk)} & {"study", "round", "roadmap_item", "participant"}
    assert ("utterance", call) in ids(since=repo.call.occurred_at.date())
    assert ("utterance", copy) not in ids(since=repo.call.occurred_at.date())
    assert ("utterance", copy) in ids(until=repo.async_one.occurred_at.date())  # the whole last day counts
    assert ("utterance", call) not in ids(until=repo.async_one.occurred_at.date())
    planning = search(query="plan", role="researcher", filters=Filters(study=repo.study.pk))
    assert ("study", repo.study.pk) in kinds_and_ids(planning) and ("round", repo.wide.pk) in kinds_and_ids(planning)
    assert ("utterance", call) not in ids(study=repo.other_study.pk)


def test_only_people_roles_find_participants_and_see_their_names(repo):
    for role in ("owner", "researcher"):
        found = search(query="Ines", role=role)
        assert ("participant", repo.enterprise.pk) in kinds_and_ids(found)
        calendars = search(query="calendars", role=role)
        assert any("Ines Moreau" in hit.title for hit in calendars.hits)
    for role in ("pm", "viewer"):
        assert "participant" not in search(query="Ines", role=role).counts
        assert search(query="ines@example.com", role=role).total == 0
        calendars = search(query="calendars", role=role)
        assert calendars.total and not any("Ines" in hit.title for hit in calendars.hits)
        assert any(f"P{repo.enterprise.pk}" in hit.title for hit in calendars.hits)


def test_a_word_only_in_another_workspace_is_not_found(world, repo):
    with schema_context(world.globex.schema_name):
        interview("Our xylophone rehearsal schedule clashes with the quarterly review.")
        assert search(query="xylophone", role="owner").counts["utterance"] == 1
    with schema_context(world.acme.schema_name):
        assert search(query="xylophone", role="owner").total == 0


def test_vectors_follow_edits_made_anywhere(repo):
    utterance = repo.utterance["Exports"]
    assert not search(query="invoices", role="researcher").total
    Utterance.objects.filter(pk=utterance.pk).update(text="Invoices arrive late every month.")
    assert ("utterance", utterance.pk) in kinds_and_ids(search(query="invoice", role="researcher"))
    Highlight.objects.filter(pk=repo.csv.pk).update(note="Finance complains about reconciliation.")
    assert ("highlight", repo.csv.pk) in kinds_and_ids(search(query="complaining", role="researcher"))
    repo.insight.statement = "Planners distrust the integration."
    repo.insight.save()
    assert ("insight", repo.insight.pk) in kinds_and_ids(search(query="integrations", role="researcher"))
    assert ("insight", repo.insight.pk) not in kinds_and_ids(search(query="retype", role="researcher"))
    Insight.objects.filter(pk=repo.insight.pk).delete()
    assert ("insight", repo.insight.pk) not in kinds_and_ids(search(query="integrations", role="researcher"))


def test_the_workspace_language_stems_its_words(world, repo):
    from workspaces.services import workspace_search_language_set

    interview("Die Kalender stimmen nie überein.", round_=repo.wide)
    assert not search(query="kalendern", role="researcher").total  # English stemming keeps "kalendern" apart
    touched = workspace_search_language_set(workspace=world.acme, language="german", actor=None)
    assert touched >= Utterance.objects.count()  # every stored vector re-stemmed, not only new rows
    connection.tenant.search_language = "german"
    assert search(query="kalendern", role="researcher").counts["utterance"] == 1
    workspace_search_language_set(workspace=world.acme, language="english", actor=None)
    connection.tenant.search_language = "english"
    assert search(query="calendars", role="researcher").counts["utterance"] == 2


def test_one_query_per_kind_whatever_the_number_of_rows(repo):
    for n in range(30):
        interview(f"Calendar problem number {n}: the sync lost the meeting again.", round_=repo.wide)
    with CaptureQueriesContext(connection) as queries:
        found = search(query="calendar", role="researcher", filters=Filters(tag=repo.sync_tag.pk))
    assert len(reads(queries)) == 3 + 1  # utterances, highlights, insights; the (leaf) tag's children
    assert found.counts["utterance"] == 2
    with CaptureQueriesContext(connection) as queries:
        found = search(query="calendar", role="researcher")
    assert len(reads(queries)) == 7 and found.counts["utterance"] == 32 and len(found.hits) <= 7 * 10
