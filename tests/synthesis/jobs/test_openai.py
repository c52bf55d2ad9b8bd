"""Auto-tagging with the openai backend against a local OpenAI-compatible server: batches, schema, fallback."""

import pytest
from django_tenants.utils import schema_context

from config.crypto import encrypt
from interviews.models import LLMSettings
from synthesis.jobs import autotag, services
from synthesis.models import JobKind, JobStatus, Suggestion
from tests.synthesis.jobs_world import EXPORT_ANSWER, PRICING_ANSWER, build, transcript
from tests.synthesis.llm_tagger import TaggerLLM


@pytest.fixture(scope="module")
def llm():
    server = TaggerLLM({"excel": ("Export", 3), "price": ("Churn risk", 5)}).start()
    yield server
    server.stop()


@pytest.fixture
def fake(llm):
    llm.reset()
    llm.fail_containing = None
    yield llm
    llm.reset()
    llm.fail_containing = None


@pytest.fixture
def jw(world, fake, settings):
    settings.PARLEY_LLM_TIMEOUT = 2
    with schema_context(world.acme.schema_name):
        LLMSettings.objects.create(
            pk=1, backend="openai", base_url=fake.base_url, model="tagger-test", api_key_encrypted=encrypt("sk-test")
        )
        yield build(world.researcher)


def run(jw, **options):
    job = services.job_start(kind=JobKind.AUTOTAG, study=jw.round.study, options=options or None, actor=None)
    assert job.backend == "openai"
    return services.job_run(job.pk)


def test_the_model_gets_the_codebook_the_rubric_and_a_strict_schema(jw, fake):
    job = run(jw)
    assert job.status == JobStatus.DONE and job.stats["llm_requests"] == 1 and "fallback_requests" not in job.stats
    [request] = fake.requests
    body = request["body"]
    assert body["model"] == "tagger-test" and request["headers"]["authorization"] == "Bearer sk-test"
    schema = body["response_format"]["json_schema"]
    assert schema["strict"] is True and schema["name"] == "autotag_suggestions"
    item = schema["schema"]["properties"]["suggestions"]["items"]
    assert item["properties"]["tags"]["items"]["enum"] == ["Export", "Onboarding", "Pricing"]
    prompt = fake.prompt()
    assert "- Export: Getting data out: CSV, Excel, reports." in prompt and "5: Blocks their work" in prompt
    assert f"[utterance_id={jw.export.pk}] {EXPORT_ANSWER}" in prompt
    assert "Tell me more about that." not in prompt  # only participants' answers


def test_model_suggestions_become_exact_spans_with_known_and_new_tags(jw, world):
    job = run(jw)
    export = Suggestion.objects.get(job=job, utterance=jw.export)
    assert export.text == EXPORT_ANSWER and [t.name for t in export.tags.all()] == ["Export"]
    assert export.pain_ai == 3 and export.score == 0.8 and export.reason == "The participant talks about excel."
    churn = Suggestion.objects.get(job=job, utterance=jw.pricing)
    assert churn.text == PRICING_ANSWER and list(churn.tags.all()) == [] and churn.new_tag_names == ["Churn risk"]
    highlight = services.suggestion_accept(suggestion=churn, actor=world.researcher)
    assert [t.name for t in highlight.tags.all()] == ["Churn risk"] and highlight.pain_ai == 5


def test_batches_go_out_several_at_a_time_and_a_failing_one_falls_back_offline(jw, fake, caplog):
    answers = [
        f"Answer {i}: the excel export of report {i} fails."
        if i % 3 == 0
        else f"Answer {i}: we had a picnic by the lake."
        for i in range(20)
    ]
    transcript(jw.round, answers)
    fake.fail_containing = "Answer 9:"  # in the second request of 8 utterances
    job = run(jw, batch_size=100)
    assert job.status == JobStatus.DONE and job.processed == job.total == 23
    assert job.stats["llm_requests"] == 2 and job.stats["fallback_requests"] == 1
    assert len(fake.requests) == 3 + 1  # 23 utterances in requests of 8; the failing one retried once by the client
    assert "fell back to offline" in caplog.text
    suggestions = Suggestion.objects.filter(job=job)
    offline = [s for s in suggestions if "“Export”" in s.reason]  # the offline tagger's reasons name the tag
    assert 1 <= len(offline) <= autotag.LLM_UTTERANCES_PER_REQUEST
    assert len({(s.utterance_id, s.start, s.end) for s in suggestions}) == suggestions.count()


def test_a_model_that_answers_nonsense_or_hangs_costs_a_fallback_not_the_job(jw, fake):
    fake.set("invalid")
    job = run(jw)
    assert job.status == JobStatus.DONE and job.stats["fallback_requests"] == 1
    assert Suggestion.objects.filter(job=job, utterance=jw.export).exists()  # found offline
    fake.reset()
    Suggestion.objects.all().delete()
    fake.hang_seconds = 30
    fake.set("hang")
    try:
        job = run(jw)
    finally:
        fake.hang_seconds = 5.0
        fake.reset()
    assert job.status == JobStatus.DONE and job.stats["fallback_requests"] == 1


def test_a_quote_that_is_not_in_the_utterance_is_dropped(jw, fake):
    tagger = autotag.OpenAITagger(
        services.llm_config(), autotag.tag_profiles(), fallback=autotag.OfflineTagger(autotag.tag_profiles())
    )
    unit = autotag.Unit(jw.export.pk, EXPORT_ANSWER)
    items = [
        {"utterance_id": jw.export.pk, "quote": "words nobody said", "tags": ["Export"], "new_tags": [], "pain": 2},
        {"utterance_id": 424242, "quote": "Every Friday", "tags": ["Export"], "new_tags": [], "pain": 2},
        {"utterance_id": jw.export.pk, "quote": "every  friday i export", "tags": ["export"], "new_tags": [],
         "pain": 9, "confidence": 2},
    ]  # fmt: skip
    proposals, dropped = tagger.validate(items, [unit])
    assert dropped == 2
    [proposal] = proposals
    assert EXPORT_ANSWER[proposal.start : proposal.end] == "Every Friday I export"
    assert proposal.tag_ids == [jw.tags["Export"].pk] and proposal.pain is None and proposal.score == 1.0
