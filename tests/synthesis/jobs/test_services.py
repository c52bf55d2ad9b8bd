"""Synthesis jobs in process: offline auto-tagging, the run loop (batches, cancel, resume), acceptance, themes."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from synthesis.jobs import services
from synthesis.jobs.autotag import OfflineTagger, Unit, pain_of, sentences, tag_profiles
from synthesis.jobs.cluster import cluster_texts
from synthesis.models import (
    BulkAcceptance,
    Highlight,
    Insight,
    JobKind,
    JobStatus,
    Suggestion,
    SuggestionStatus,
    SynthesisJob,
    Theme,
)
from tests.synthesis.jobs_world import EXPORT_ANSWER, build, transcript


@pytest.fixture
def acme(world):
    with schema_context(world.acme.schema_name):
        yield world.acme


@pytest.fixture
def jw(acme, world):
    return build(world.researcher)


def autotag(jw, actor, **options):
    job = services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, options=options or None, actor=actor)
    return services.job_run(job.pk)


# Offline tagging ----------------------------------------------------------------------------------------------------


def test_sentences_are_code_point_spans():
    text = "Ça marche 🙂. Mais l'export? Non!\nFin"
    assert [text[a:b] for a, b in sentences(text)] == ["Ça marche 🙂.", "Mais l'export?", "Non!", "Fin"]


def test_pain_rubric_names_the_words_it_matched():
    assert pain_of("We are thinking of cancelling our plan.")[0] == 5
    level, reason = pain_of("I was stuck and had to ask my manager.")
    assert level == 4 and "“stuck”" in reason and "“had to ask”" in reason and "Severe" in reason
    assert pain_of("I fix the spreadsheet by hand every week.")[0] == 3
    assert pain_of("It is a bit annoying.")[0] == 1
    assert pain_of("The new dashboard is lovely.") == (None, "")


def test_offline_suggests_the_coded_tag_for_a_clear_answer_and_nothing_for_an_unrelated_one(jw, world):
    job = autotag(jw, world.researcher)
    assert job.status == JobStatus.DONE and job.backend == "offline"
    by_utterance = {s.utterance_id: s for s in Suggestion.objects.filter(job=job).prefetch_related("tags")}
    export = by_utterance[jw.export.pk]
    assert [t.name for t in export.tags.all()] == ["Export"]
    assert export.text == EXPORT_ANSWER and (export.start, export.end) == (0, len(EXPORT_ANSWER))
    assert export.pain_ai == 3 and "“by hand”" in export.reason and "“Export”" in export.reason
    assert "export" in export.reason.lower() and 0 < export.score <= 1
    pricing = by_utterance[jw.pricing.pk]
    assert [t.name for t in pricing.tags.all()] == ["Pricing"] and pricing.pain_ai == 5
    assert jw.unrelated.pk not in by_utterance
    # Interviewer lines and answers already coded are never units.
    assert job.total == 3 == job.processed and job.created_count == 2
    assert Highlight.objects.count() == 7  # nothing became a highlight


def test_one_shared_word_is_no_evidence_but_naming_the_tag_is(jw, world):
    tagger = OfflineTagger(tag_profiles())
    sentences_ = {
        "The calendar view is nice.": None,  # "calendar" is in one onboarding quote, nothing else is
        "Reports are mostly fine for us.": None,
        "We set up a call with the sales team every month.": None,
        "The pricing page confused me.": "Pricing",  # names the tag
        "I export to CSV for my boss.": "Export",  # two words of a coded quote
    }
    proposals = tagger.suggest([Unit(i, text) for i, text in enumerate(sentences_)]).proposals
    found = {p.utterance_id: [tagger.profiles[[q.id for q in tagger.profiles].index(t)].path for t in p.tag_ids]
             for p in proposals}  # fmt: skip
    expected = {i: [tag] for i, tag in enumerate(sentences_.values()) if tag}
    assert found == expected


def test_a_sentence_level_span_quotes_only_the_matching_sentence(jw, world):
    answer = "We had a long week. Every month I export the invoices to a CSV for the accountant."
    t = transcript(jw.round, [answer])
    utterance = t.utterances.get(speaker_role="participant")
    tagger = OfflineTagger(tag_profiles())
    [proposal] = tagger.suggest([Unit(utterance.pk, answer)]).proposals
    assert answer[proposal.start : proposal.end] == "Every month I export the invoices to a CSV for the accountant."


def test_a_second_job_skips_answers_already_suggested(jw, world):
    first = autotag(jw, world.researcher)
    second = autotag(jw, world.researcher)
    assert first.created_count == 2
    assert second.total == 1 and second.created_count == 0  # only the unrelated answer was left
    # A rejected suggestion frees its answer for the next job.
    services.suggestion_reject(suggestion=Suggestion.objects.get(utterance=jw.pricing), actor=world.researcher)
    third = autotag(jw, world.researcher)
    assert third.total == 2 and list(Suggestion.objects.filter(job=third).values_list("utterance", flat=True)) == [
        jw.pricing.pk
    ]


# Starting, cancelling, resuming ---------------------------------------------------------------------------------------


def test_start_validates_everything_and_writes_nothing_on_error(jw, world):
    with pytest.raises(ValidationError) as error:
        services.job_start(
            kind="summarise", study=jw.round.study, options={"threshold": 2, "bogus": 1}, actor=world.researcher
        )
    assert set(error.value.message_dict) == {"kind", "options"}
    with pytest.raises(ValidationError) as error:
        services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, options={"threshold": "high"}, actor=None)
    assert "threshold" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.job_start(kind=JobKind.CLUSTER, study=jw.round.study, options={"source": "x", "themes": 1}, actor=None)
    assert set(error.value.message_dict) == {"source", "themes"}
    with pytest.raises(ValidationError) as error:
        services.job_start(kind=JobKind.AUTOTAG, study=None, actor=None)
    assert "study" in error.value.message_dict
    assert SynthesisJob.objects.count() == 0


def test_a_round_of_another_study_is_refused(jw, world):
    from tests.studies.factories import RoundFactory

    with pytest.raises(ValidationError) as error:
        services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, round=RoundFactory(), actor=None)
    assert "round" in error.value.message_dict and SynthesisJob.objects.count() == 0


def test_one_active_job_of_a_kind_per_study(jw, world):
    services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=world.researcher)
    with pytest.raises(ValidationError) as error:
        services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=world.researcher)
    assert "still queued" in error.value.message_dict["kind"][0]
    services.job_start(kind=JobKind.CLUSTER, study=jw.round.study, actor=world.researcher)  # another kind is fine


def test_starting_enqueues_only_after_commit(jw, world, django_capture_on_commit_callbacks, broker_down):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=world.researcher)
    assert len(callbacks) == 1
    # The broker is down: the job stays queued for the sweep, and nothing raised.
    assert SynthesisJob.objects.get(pk=job.pk).status == JobStatus.QUEUED


def _many_answers(jw, count):
    answers = [f"Exporting report number {i} to Excel by hand takes an hour." for i in range(count)]
    transcript(jw.round, answers, title="Long interview")


def test_each_batch_commits_its_progress_and_cancel_stops_between_batches(jw, world):
    _many_answers(jw, 10)
    job = services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, options={"batch_size": 4}, actor=None)
    job = services.job_run(job.pk, max_batches=1)
    assert (job.status, job.total, job.processed, job.created_count) == (JobStatus.RUNNING, 13, 4, 3)
    assert job.heartbeat_at is not None and job.stats["batches"] == 1
    services.job_cancel(job=job, actor=world.researcher)
    job = services.job_run(job.pk)
    assert job.status == JobStatus.CANCELLED and job.processed == 4 and job.finished_at is not None
    assert Suggestion.objects.filter(job=job).count() == 3  # what it made is kept
    with pytest.raises(ValidationError):
        services.job_cancel(job=job, actor=world.researcher)


def test_cancelling_a_queued_job_ends_it_at_once(jw, world):
    job = services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=None)
    job = services.job_cancel(job=job, actor=world.researcher)
    assert job.status == JobStatus.CANCELLED
    assert services.job_run(job.pk).processed == 0 and not Suggestion.objects.exists()


def test_a_resumed_job_starts_after_its_last_committed_batch(jw, world):
    _many_answers(jw, 10)
    job = services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, options={"batch_size": 5}, actor=None)
    services.job_run(job.pk, max_batches=2)
    job = services.job_run(job.pk)  # as the sweep would, after the worker was lost
    assert job.status == JobStatus.DONE and job.processed == job.total == 13 and job.stats["resumed"] == 1
    spans = list(Suggestion.objects.filter(job=job).values_list("utterance", "start", "end"))
    assert len(spans) == len(set(spans)) == 12  # every answer but the unrelated one


def test_the_sweep_finds_stale_running_and_forgotten_queued_jobs(jw, world, settings, time_machine):
    time_machine.move_to("2026-05-04 10:00:00Z", tick=False)
    queued = services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, actor=None)
    running = services.job_start(kind=JobKind.CLUSTER, study=jw.round.study, actor=None)
    SynthesisJob.objects.filter(pk=running.pk).update(status=JobStatus.RUNNING, heartbeat_at="2026-05-04 10:00:00Z")
    assert list(services.jobs_needing_a_worker()) == []
    time_machine.move_to("2026-05-04 10:01:59Z", tick=False)
    assert list(services.jobs_needing_a_worker()) == []
    time_machine.move_to("2026-05-04 10:02:01Z", tick=False)
    assert {j.pk for j in services.jobs_needing_a_worker()} == {queued.pk, running.pk}
    settings.SYNTHESIS_JOB_STALE_SECONDS = 600
    assert list(services.jobs_needing_a_worker()) == []


def test_a_job_in_acme_never_touches_globex(jw, world):
    with schema_context(world.globex.schema_name):
        gw = build(world.outsider)
    job = autotag(jw, world.researcher)
    assert job.created_count == 2
    with schema_context(world.globex.schema_name):
        assert not Suggestion.objects.exists() and not SynthesisJob.objects.exists()
        assert Highlight.objects.count() == 7 and gw.export.highlights.count() == 0


# Accepting and rejecting ---------------------------------------------------------------------------------------------


def test_accepting_creates_exactly_one_highlight_with_span_tags_and_ai_pain(jw, world):
    autotag(jw, world.researcher)
    suggestion = Suggestion.objects.get(utterance=jw.export)
    highlight = services.suggestion_accept(suggestion=suggestion, actor=world.researcher)
    assert Highlight.objects.count() == 8
    assert (highlight.utterance_id, highlight.start, highlight.end, highlight.text) == (
        jw.export.pk, suggestion.start, suggestion.end, suggestion.text,
    )  # fmt: skip
    assert [t.name for t in highlight.tags.all()] == ["Export"]
    assert highlight.pain is None and highlight.pain_ai == 3 and "“by hand”" in highlight.pain_ai_reason
    assert highlight.round_id == jw.round.pk and highlight.author == world.researcher
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED and suggestion.highlight == highlight
    assert suggestion.decided_by == world.researcher
    with pytest.raises(ValidationError):
        services.suggestion_accept(suggestion=suggestion, actor=world.researcher)
    assert Highlight.objects.count() == 8


def test_rejecting_creates_no_highlight(jw, world):
    autotag(jw, world.researcher)
    suggestion = Suggestion.objects.get(utterance=jw.export)
    services.suggestion_reject(suggestion=suggestion, actor=world.researcher)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED and Highlight.objects.count() == 7


def test_new_tag_names_become_codebook_tags_on_acceptance(jw, world):
    autotag(jw, world.researcher)
    suggestion = Suggestion.objects.get(utterance=jw.pricing)
    Suggestion.objects.filter(pk=suggestion.pk).update(new_tag_names=["Churn risk", "pricing"])
    highlight = services.suggestion_accept(suggestion=suggestion, actor=world.researcher)
    assert sorted(t.name for t in highlight.tags.all()) == ["Churn risk", "Pricing"]


def test_bulk_decisions_are_all_or_nothing(jw, world):
    autotag(jw, world.researcher)
    ids = list(Suggestion.objects.values_list("pk", flat=True))
    services.suggestion_reject(suggestion=Suggestion.objects.get(pk=ids[1]), actor=None)
    with pytest.raises(ValidationError) as error:
        services.suggestions_decide(ids=ids, action="accept", actor=world.researcher)
    assert "Already decided" in error.value.message_dict["ids"][0] and Highlight.objects.count() == 7
    with pytest.raises(ValidationError):
        services.suggestions_decide(ids=[ids[0], 999999], action="accept", actor=world.researcher)
    result = services.suggestions_decide(ids=[ids[0]], action="accept", actor=world.researcher)
    assert result == {"action": "accept", "count": 1, "bulk_acceptance": BulkAcceptance.objects.get().pk}
    assert Highlight.objects.count() == 8


def test_accept_all_above_a_score(jw, world):
    _many_answers(jw, 3)
    job = autotag(jw, world.researcher)
    scores = sorted(Suggestion.objects.filter(job=job).values_list("score", flat=True))
    cut = scores[len(scores) // 2]
    result = services.suggestions_accept_above(min_score=cut, job=job.pk, actor=world.researcher)
    assert result["count"] == sum(1 for s in scores if s >= cut) > 0
    assert Suggestion.objects.filter(status=SuggestionStatus.PENDING, score__gte=cut).count() == 0
    assert Suggestion.objects.filter(status=SuggestionStatus.PENDING).count() == len(scores) - result["count"]
    with pytest.raises(ValidationError):
        services.suggestions_accept_above(min_score=3, actor=world.researcher)


def test_accepting_a_suggestion_whose_utterance_changed_is_refused(jw, world):
    autotag(jw, world.researcher)
    suggestion = Suggestion.objects.get(utterance=jw.export)
    jw.export.text = "Something else entirely, said differently."
    jw.export.save()
    with pytest.raises(ValidationError):
        services.suggestion_accept(suggestion=suggestion, actor=world.researcher)
    assert Highlight.objects.count() == 7


# Clustering ----------------------------------------------------------------------------------------------------------

GROUPS = {
    "export": [
        "Exporting the monthly report to Excel takes forever",
        "I can't export invoices to CSV",
        "The CSV export drops columns",
        "We export data to spreadsheets every week",
        "Export to Excel is broken for big reports",
    ],
    "onboarding": [
        "Inviting my team during onboarding was confusing",
        "Onboarding emails came too late",
        "Setting up the account during onboarding took an afternoon",
        "The onboarding checklist helped me invite the team",
        "Onboarding my colleagues was slow",
    ],
    "pricing": [
        "The pricing plans are too expensive for small teams",
        "Pricing per seat is too expensive",
        "I could not understand the pricing tiers",
        "We almost churned over the price increase",
        "Expensive pricing compared to competitors",
    ],
}


def test_clustering_finds_three_obvious_groups_with_readable_labels():
    texts = [text for group in GROUPS.values() for text in group]
    clusters = cluster_texts(texts)
    found = sorted(sorted(c.members) for c in clusters)
    assert found == [list(range(5)), list(range(5, 10)), list(range(10, 15))]
    for cluster in clusters:
        group = next(name for name, members in GROUPS.items() if texts[cluster.members[0]] in members)
        assert group in cluster.label.lower()
        assert len(cluster.representatives) == 3 and set(cluster.representatives) <= set(cluster.members)


def test_a_theme_is_named_after_the_tag_most_of_its_quotes_carry():
    texts = [text for group in GROUPS.values() for text in group]
    tags = [["Export"] if i < 4 else ["Billing"] if i >= 10 and i % 2 else [] for i in range(len(texts))]
    labels = {tuple(sorted(c.members)): c.label for c in cluster_texts(texts, tags=tags)}
    assert labels[tuple(range(5))].startswith("Export: ")  # 4 of 5
    assert not labels[tuple(range(10, 15))].startswith("Billing")  # 2 of 5: not most
    assert ":" not in labels[tuple(range(5, 10))]


def test_a_clustering_job_makes_themes_and_a_theme_becomes_an_insight(jw, world):
    for name, texts in GROUPS.items():
        t = transcript(jw.round, texts, title=name)
        for u in t.utterances.filter(speaker_role="participant"):
            from synthesis.coding import services as coding

            coding.highlight_create(utterance=u, start=0, end=len(u.text), actor=world.researcher)
    job = services.job_start(kind=JobKind.CLUSTER, study=jw.round.study, options={"batch_size": 2}, actor=None)
    job = services.job_run(job.pk)
    assert job.status == JobStatus.DONE and job.total == job.processed == 22 and job.stats["batches"] >= 2
    themes = list(Theme.objects.filter(job=job).prefetch_related("highlights"))
    assert sum(t.size for t in themes) == 22 == sum(t.highlights.count() for t in themes)
    assert job.created_count == len(themes)
    biggest = themes[0]
    insight = services.theme_make_insight(theme=biggest, actor=world.researcher)
    assert set(insight.highlights.values_list("pk", flat=True)) == {h.pk for h in biggest.highlights.all()}
    assert insight.statement.startswith("Theme: ") and Theme.objects.get(pk=biggest.pk).insight == insight
    assert services.theme_make_insight(theme=biggest, actor=world.researcher) == insight  # once
    assert Insight.objects.count() == 1


def test_themes_of_uncoded_answers_highlight_their_representatives_first(jw, world):
    for name, texts in GROUPS.items():
        transcript(jw.round, texts, title=name)
    job = services.job_start(kind=JobKind.CLUSTER, study=jw.round.study, options={"source": "answers"}, actor=None)
    job = services.job_run(job.pk)
    assert job.status == JobStatus.DONE and job.total == 18  # the 15 answers and the 3 of the new interview
    theme = Theme.objects.filter(job=job).first()
    before = Highlight.objects.count()
    insight = services.theme_make_insight(theme=theme, actor=world.researcher, statement="Teams struggle here.")
    made = Highlight.objects.count() - before
    assert made == len(theme.representatives) == insight.highlights.count()
    assert sorted(insight.highlights.values_list("utterance", flat=True)) == sorted(theme.representatives)
