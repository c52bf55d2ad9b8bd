"""Ask: retrieval across studies and segments, the offline answer (quotes grouped by tag, counts per segment, no
prose), the model's answer with citations checked (a fabricated one dropped), pseudonyms only in the prompt, the
answer saved per person, and one click to an insight with the cited quotes as evidence; pages and API, roles."""

import json

import pytest
from django_tenants.utils import schema_context

from config.crypto import encrypt
from interviews.models import LLMSettings
from synthesis.ask import services
from synthesis.models import Highlight, Question
from tests.conftest import GLOBEX_HOST
from tests.interviews.llm_server import FakeLLM
from tests.synthesis.search.world import build


@pytest.fixture
def repo(world):
    with schema_context(world.acme.schema_name):
        yield build(world.researcher)


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
            pk=1, backend="openai", base_url=_llm_running.base_url, model="ask-test", api_key_encrypted=encrypt("sk-t")
        )
    yield _llm_running
    _llm_running.reset()


def test_offline_answer_groups_the_quotes_by_tag_with_segments(repo, world):
    question = services.question_ask(text="What goes wrong with calendar sync?", study=None, actor=world.pm)
    assert question.backend == "offline" and question.asked_by == world.pm
    cited = {(c["kind"], c["id"]) for c in question.citations}
    assert ("highlight", repo.drops.pk) in cited and ("utterance", repo.utterance["calendars"].pk) in cited
    assert all(c["quote"] and c["url"].startswith("/transcripts/") for c in question.citations)
    [tagged, *rest] = question.content["groups"]
    assert tagged["label"] == "Calendar sync" and tagged["segments"] == {"smb": 1}
    assert rest[-1]["label"] == "Not yet coded"
    assert "[1]" in question.answer and "no generated text" in question.answer
    assert not question.content.get("sentences") and question.prompt == ""


def test_a_segment_named_in_the_question_narrows_the_quotes(repo, world):
    question = services.question_ask(
        text="What do enterprise customers say about calendars?", study=None, actor=world.pm
    )
    assert question.content["segment"] == "Enterprise"
    assert {c["id"] for c in question.citations} == {repo.utterance["calendars"].pk}


def test_a_study_scope_keeps_to_the_study(repo, world):
    question = services.question_ask(text="exports csv calendar", study=repo.other_study, actor=world.pm)
    assert {c["id"] for c in question.citations} == {repo.csv.pk}


def test_the_model_answer_cites_stored_words_and_fabrications_are_dropped(repo, world, llm):
    def answer(prompt_numbers):
        return json.dumps(
            {
                "sentences": [
                    {
                        "text": "Calendar sync drops events when time zones change.",
                        "citations": [{"n": prompt_numbers["drops"], "quote": "calendar sync drops events"}],
                    },
                    {
                        "text": "Teams export data to Excel every day.",
                        "citations": [{"n": prompt_numbers["drops"], "quote": "we export to Excel every day"}],
                    },  # fabricated
                    {"text": "Someone quoted a number that does not exist.", "citations": [{"n": 99, "quote": "sync"}]},
                ]
            }
        )

    with schema_context(world.acme.schema_name):
        from synthesis.ask.selectors import retrieve

        quotes = retrieve(question="calendar sync problems")
        numbers = {"drops": next(q.n for q in quotes if q.kind == "highlight" and q.id == repo.drops.pk)}
        llm.set("good", content=answer(numbers))
        question = services.question_ask(text="calendar sync problems", study=None, actor=world.researcher)
    assert (question.backend, question.model, question.dropped) == ("openai", "ask-test", 2)
    [sentence] = question.content["sentences"]
    assert sentence["citations"] == [{"n": numbers["drops"], "quote": "calendar sync drops events"}]
    assert [c["id"] for c in question.citations] == [repo.drops.pk]
    assert (question.tokens_in, question.tokens_out) == (321, 42)
    sent = llm.prompt()
    assert f"P{repo.smb.pk}" in sent and "Tom Baker" not in sent and "tom@example.com" not in sent
    assert "Ines Moreau" not in sent and json.loads(question.prompt)[1]["content"] in sent
    schema = llm.requests[0]["body"]["response_format"]["json_schema"]
    assert schema["strict"] is True and schema["name"] == "cited_answer"


@pytest.mark.parametrize("mode", ["error", "invalid"])
def test_a_failing_model_gives_the_offline_answer(repo, world, llm, mode):
    llm.set(mode)
    with schema_context(world.acme.schema_name):
        question = services.question_ask(text="calendar sync", study=None, actor=world.pm)
    assert question.backend == "offline" and question.fallback and question.citations


def test_ask_then_one_click_to_an_insight(client_for, world, repo):
    client = client_for(world.researcher)
    response = client.post("/ask/", {"question": "Why does calendar sync fail?", "scope": "workspace"})
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        question = Question.objects.get(asked_by=world.researcher)
    page = client.get(response.url).content.decode()
    first = question.citations[0]
    assert f'href="{first["url"]}"' in page and "Make an insight" in page
    made = client.post(f"/ask/{question.pk}/insight/", {"statement": "Calendar sync fails planners."})
    assert made.status_code == 302
    with schema_context(world.acme.schema_name):
        question.refresh_from_db()
        evidence = set(question.insight.highlights.values_list("utterance_id", flat=True))
        assert question.insight.statement == "Calendar sync fails planners."
        for c in question.citations:
            utterance = c["id"] if c["kind"] == "utterance" else Highlight.objects.get(pk=c["id"]).utterance_id
            assert utterance in evidence
    assert client.post(f"/ask/{question.pk}/insight/").status_code == 302  # a second click makes nothing new
    with schema_context(world.acme.schema_name):
        assert Question.objects.get(pk=question.pk).insight_id == question.insight.pk


def test_questions_are_private_and_roles_hold(client_for, world, repo):
    with schema_context(world.acme.schema_name):
        question = services.question_ask(text="calendar", study=None, actor=world.viewer)
    viewer = client_for(world.viewer)
    assert viewer.get(f"/ask/{question.pk}/").status_code == 200
    assert "Make an insight" not in viewer.get(f"/ask/{question.pk}/").content.decode()
    assert viewer.post(f"/ask/{question.pk}/insight/").status_code == 403
    assert client_for(world.researcher).get(f"/ask/{question.pk}/").status_code == 404  # someone else's
    assert client_for(world.outsider).get("/ask/").status_code == 404
    assert client_for(world.owner, host=GLOBEX_HOST).get(f"/ask/{question.pk}/").status_code == 404
    bad = client_for(world.pm).post("/ask/", {"question": "   ", "scope": "workspace"})
    assert bad.status_code == 400 and 'class="error"' in bad.content.decode()


def test_api_ask_answers_with_citations(api_for, world, repo):
    response = api_for(role="viewer").post(
        "/api/v1/ask/", {"question": "calendar sync", "scope": "workspace"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["backend"] == "offline" and len(body["citations"]) >= 2
    assert all(set(c) == {"n", "kind", "id", "quote", "url"} for c in body["citations"])
    scoped = (
        api_for(role="pm")
        .post("/api/v1/ask/", {"question": "csv", "scope": str(repo.other_study.pk)}, format="json")
        .json()
    )
    assert [c["id"] for c in scoped["citations"]] == [repo.csv.pk] and scoped["scope"] == str(repo.other_study.pk)
    for body, field in (
        ({"question": ""}, "question"),
        ({"question": "x", "scope": "999999"}, "scope"),
        ({"question": "x" * 501}, "question"),
    ):
        bad = api_for(role="pm").post("/api/v1/ask/", body, format="json")
        assert bad.status_code == 400 and field in bad.json()
    assert api_for(role="owner").post(
        "/api/v1/ask/", {"question": "calendar"}, format="json", HTTP_HOST=GLOBEX_HOST
    ).status_code in (401, 403, 404)


def test_api_makes_an_insight_for_writers_only(api_for, world, repo):
    asked = api_for(user=world.researcher).post("/api/v1/ask/", {"question": "calendar sync"}, format="json").json()
    assert api_for(user=world.pm).post(f"/api/v1/ask/{asked['id']}/insight/", {}, format="json").status_code == 403
    made = api_for(user=world.researcher).post(f"/api/v1/ask/{asked['id']}/insight/", {}, format="json")
    assert made.status_code == 201 and made.json()["insight"]
