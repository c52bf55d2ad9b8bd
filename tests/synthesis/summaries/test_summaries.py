"""Summaries: the extractive backend on realistic interviews (central sentences, pain and tag coverage, citations
that are the stored words), the model's summary with a fabricated citation dropped and counted, stale marking when
new material arrives, the job that summarises a study with progress, and the pages that show them."""

import json

import pytest
from django_tenants.utils import schema_context

from config.crypto import encrypt
from interviews.models import LLMSettings, Utterance
from synthesis.jobs.services import job_run
from synthesis.models import JobStatus, Summary, SynthesisJob
from synthesis.summaries import services
from synthesis.summaries.selectors import Scope, summary_shown
from tests.interviews.llm_server import FakeLLM
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory
from tests.synthesis.insight_data import interview, quote, tag

# Three onboarding interviews as people talk: asides, repetition, one painful moment each.
MAYA = [
    "So we signed up in March, mostly because our old tool could not do recurring invoices.",
    "The first week was fine, honestly. Importing clients from the spreadsheet took maybe ten minutes.",
    "Then the bank feed broke. Every morning I had to reconnect the bank feed and it lost the day's payments.",
    "I spent two evenings matching payments by hand, which is exactly what we bought the tool to avoid.",
    "My accountant asked why the numbers did not match, and I had no answer for her.",
]
JONAS = [
    "We are six people, so nobody owns the finance stuff, it is whoever has time.",
    "The bank feed disconnected twice in the first month and payments went missing each time.",
    "Support told us to reconnect the bank feed, which works until it breaks again.",
    "Reports are nice, the cash flow chart is the first thing I open on Monday.",
]
PRIYA = [
    "Honestly the onboarding emails were too many, I muted them after day two.",
    "Matching payments by hand took me a whole Saturday after the feed dropped.",
    "If the bank feed breaks again before the quarter closes we will probably switch back.",
]


@pytest.fixture
def onboarding(world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(title="First month")
        round_ = RoundFactory(study=study, kind="async", order=1, purpose="First-month check-in")
        calls = RoundFactory(study=study, kind="sync", order=2, purpose="Calls with churn risks")
        maya = interview(*MAYA, round_=round_, participant=ParticipantFactory(name="Maya Ortiz"), days=1)
        jonas = interview(*JONAS, round_=round_, participant=ParticipantFactory(name="Jonas Weber"), days=2)
        priya = interview(*PRIYA, kind="sync", round_=calls, participant=ParticipantFactory(name="Priya Nair"), days=5)
        feed, reports = tag("Bank feed"), tag("Reporting")
        lost = quote(maya, "it lost the day's payments", tags=[feed], pain=4, actor=world.researcher)
        switch = quote(priya, "we will probably switch back", tags=[feed], pain=5, actor=world.researcher)
        chart = quote(jonas, "the cash flow chart is the first thing I open", tags=[reports], actor=world.researcher)
        yield type("Onboarding", (), dict(locals()))


def _assert_cites_stored_words(summary: Summary):
    for point in summary.content["points"]:
        assert point["citations"]
        for cite in point["citations"]:
            model = Utterance if cite["kind"] == "utterance" else __import__("synthesis.models").models.Highlight
            assert cite["quote"] in model.objects.get(pk=cite["id"]).text
    for q in summary.content["quotes"]:
        model = Utterance if q["kind"] == "utterance" else __import__("synthesis.models").models.Highlight
        assert q["quote"] in model.objects.get(pk=q["id"]).text


def test_extractive_interview_summary_picks_central_painful_sentences(world, onboarding):
    with schema_context(world.acme.schema_name):
        summary = services.summary_generate(scope=Scope(transcript=onboarding.maya))
        assert (summary.backend, summary.model, summary.dropped) == ("extractive", "", 0)
        _assert_cites_stored_words(summary)
        points = [p["text"] for p in summary.content["points"]]
        assert points[0].startswith("Every morning I had to reconnect the bank feed")  # central and pain 4
        assert 3 <= len(points) <= 5 and len(set(points)) == len(points)
        assert [q["id"] for q in summary.content["quotes"]][:1] == [onboarding.lost.pk]
        assert summary.content["read"] == {"answers": 5, "sentences": 7, "highlights": 1}


def test_extractive_study_summary_covers_what_many_said_and_its_tags(world, onboarding):
    with schema_context(world.acme.schema_name):
        summary = services.summary_generate(scope=Scope(study=onboarding.study))
        _assert_cites_stored_words(summary)
        texts = " ".join(p["text"] for p in summary.content["points"]).lower()
        assert "bank feed" in texts  # what all three said
        assert {"Bank feed", "Reporting"} <= {t for p in summary.content["points"] for t in p["tags"]}
        assert [q["id"] for q in summary.content["quotes"]][:2] == [onboarding.switch.pk, onboarding.lost.pk]
        transcripts = {c["transcript_id"] for p in summary.content["points"] for c in p["citations"]}
        assert len(transcripts) >= 2  # sync and async interviews both


def test_new_material_marks_a_summary_stale(world, onboarding):
    with schema_context(world.acme.schema_name):
        scope = Scope(round=onboarding.round_)
        services.summary_generate(scope=scope)
        assert not summary_shown(scope).stale
        quote(onboarding.jonas, "payments went missing each time", tags=[onboarding.feed], actor=None)
        assert summary_shown(scope).stale
        services.summary_generate(scope=scope)
        assert not summary_shown(scope).stale
        interview("The bank feed is fine now, thanks.", round_=onboarding.round_)
        assert summary_shown(scope).stale and not summary_shown(Scope(round=onboarding.calls)).stale


@pytest.fixture(scope="module")
def _llm_running():
    server = FakeLLM(hang_seconds=5).start()
    yield server
    server.stop()


@pytest.fixture
def llm(_llm_running, world, settings):
    _llm_running.reset()
    settings.PARLEY_LLM_TIMEOUT = 2
    with schema_context(world.acme.schema_name):
        LLMSettings.objects.create(
            pk=1,
            backend="openai",
            base_url=_llm_running.base_url,
            model="summary-test",
            api_key_encrypted=encrypt("sk-t"),
        )
    yield _llm_running
    _llm_running.reset()


def test_model_summary_keeps_checked_citations_and_drops_fabrications(world, onboarding, llm):
    with schema_context(world.acme.schema_name):
        feed = Utterance.objects.get(text=MAYA[2])
        other = Utterance.objects.get(text=JONAS[1])  # not in Maya's interview
        llm.set(
            "good",
            content=json.dumps(
                {
                    "points": [
                        {
                            "text": "The bank feed breaks daily and loses payments.",
                            "citations": [
                                {"kind": "utterance", "id": feed.pk, "quote": "reconnect the bank feed"},
                                {"kind": "highlight", "id": onboarding.lost.pk, "quote": "it lost the day's payments"},
                            ],
                        },
                        {
                            "text": "She wants to cancel today.",
                            "citations": [{"kind": "utterance", "id": feed.pk, "quote": "I am cancelling today"}],
                        },  # fabricated words
                        {
                            "text": "Another interview's words.",
                            "citations": [{"kind": "utterance", "id": other.pk, "quote": "payments went missing"}],
                        },  # not her material
                    ],
                    "quotes": [
                        {"kind": "highlight", "id": onboarding.lost.pk, "quote": "it lost the day's payments"},
                        {"kind": "utterance", "id": feed.pk, "quote": "the accountant resigned"},
                    ],
                }
            ),
        )
        summary = services.summary_generate(scope=Scope(transcript=onboarding.maya))
        assert (summary.backend, summary.model, summary.dropped) == ("openai", "summary-test", 2)
        assert [p["text"] for p in summary.content["points"]] == ["The bank feed breaks daily and loses payments."]
        assert [q["id"] for q in summary.content["quotes"]] == [onboarding.lost.pk]
        assert (summary.tokens_in, summary.tokens_out) == (321, 42)
        _assert_cites_stored_words(summary)
        prompt = llm.prompt()
        assert f"[u={feed.pk}]" in prompt and f"[h={onboarding.lost.pk}]" in prompt
        assert "Maya Ortiz" not in prompt and f"P{onboarding.maya.participant_id}" in prompt
        assert llm.requests[0]["body"]["response_format"]["json_schema"]["strict"] is True


def test_a_model_citing_nothing_real_gives_the_extractive_summary(world, onboarding, llm):
    llm.set(
        "good",
        content=json.dumps(
            {
                "points": [{"text": "Made up.", "citations": [{"kind": "utterance", "id": 1, "quote": "never said"}]}],
                "quotes": [],
            }
        ),
    )
    with schema_context(world.acme.schema_name):
        summary = services.summary_generate(scope=Scope(transcript=onboarding.maya))
        assert summary.backend == "extractive" and "no point" in summary.fallback and summary.content["points"]


def test_the_summary_job_summarises_interviews_rounds_and_study_with_progress(world, onboarding):
    with schema_context(world.acme.schema_name):
        job = services.summaries_start(study=onboarding.study, actor=world.researcher)
        job = job_run(job.pk, max_batches=1)
        assert (job.status, job.total, job.processed) == (JobStatus.RUNNING, 6, 5)  # 3 interviews, 2 rounds, study
        job = job_run(job.pk)
        assert (job.status, job.processed, job.percent) == (JobStatus.DONE, 6, 100)
        assert Summary.objects.filter(transcript__round__study=onboarding.study).count() == 3
        assert Summary.objects.filter(round__study=onboarding.study).count() == 2
        assert Summary.objects.filter(study=onboarding.study).exists()
        one = services.summaries_start(study=onboarding.study, transcript=onboarding.priya, actor=None)
        assert job_run(one.pk).total == 1


def test_pages_show_summaries_and_writers_regenerate(client_for, world, onboarding):
    with schema_context(world.acme.schema_name):
        services.summary_generate(scope=Scope(transcript=onboarding.maya))
        services.summary_generate(scope=Scope(study=onboarding.study))
        services.summary_generate(scope=Scope(round=onboarding.round_))
    viewer = client_for(world.viewer)
    page = viewer.get(f"/transcripts/{onboarding.maya.pk}/").content.decode()
    assert "Extractive" in page and "Every morning I had to reconnect the bank feed" in page
    assert f'href="/transcripts/{onboarding.maya.pk}/#u-' in page and "Regenerate" not in page
    study = viewer.get(f"/studies/{onboarding.study.pk}/").content.decode()
    assert "Summary of the study" in study and "Round 1: First-month check-in" in study
    researcher = client_for(world.researcher)
    assert "Regenerate" in researcher.get(f"/transcripts/{onboarding.maya.pk}/").content.decode()
    assert viewer.post("/summaries/start/", {"transcript": onboarding.maya.pk}).status_code == 403
    started = researcher.post("/summaries/start/", {"transcript": onboarding.maya.pk})
    assert started.status_code == 302 and "/synthesis/jobs/" in started.url
    assert researcher.post("/summaries/start/", {"study": 999999}).status_code == 404
    assert client_for(world.outsider).post("/summaries/start/", {"study": onboarding.study.pk}).status_code == 404
    with schema_context(world.acme.schema_name):
        assert SynthesisJob.objects.get(kind="summary").options == {"transcript": onboarding.maya.pk}
