"""The offline brief: threads and follow-ups from the participant's own words, every statement citing an answer."""

import pytest
from django_tenants.utils import schema_context

from interviews.models import Role
from synthesis.briefs import services
from synthesis.briefs.selectors import brief_session
from synthesis.models import Brief
from tests.synthesis.briefs.world import CLIENT_TRUST, EXPORT_STORY, PORTAL_PAIN, build


@pytest.fixture
def bw(world):
    with schema_context(world.acme.schema_name):
        yield build(world.researcher)


def statements(content: dict) -> list[dict]:
    found = [t for group in content["said"] for t in group["turns"] if t.get("kind") == "answer"]
    found += content["highlights"] + content["threads"]
    found += [f for entry in content["guide"] for f in entry["follow_ups"]]
    return found


def assert_all_cited(content: dict, session) -> None:
    answers = {m.pk: m.text for m in session.messages.filter(role=Role.PARTICIPANT)}
    for item in statements(content):
        citation = item["citation"]
        assert citation["message"] in answers, item
        assert citation["quote"] and citation["quote"] in answers[citation["message"]], item


def test_offline_brief_threads_and_follow_ups_cite_the_answers(bw, world):
    with schema_context(world.acme.schema_name):
        brief = services.brief_generate(booking=bw.booking, actor=world.researcher)
        assert (brief.backend, brief.dropped, brief.session_id) == ("offline", 0, bw.session.pk)
        content = brief.content
        assert_all_cited(content, bw.session)
        assert "mia@example.com" not in str(content) and content["pseudonym"] == f"P{bw.person.pk}"
        threads = {t["kind"]: t for t in content["threads"]}
        # The time budget cut the follow-up after the portal answer (the question allowed two and got none).
        portal = bw.answers[PORTAL_PAIN].pk
        assert threads["unprobed"]["citation"]["message"] == portal
        assert "time budget" in threads["unprobed"]["text"]
        # Pain 5 on the portal answer, and no story told about it.
        assert threads["pain_without_story"]["citation"]["message"] == portal
        assert threads["pain_without_story"]["text"].startswith("Pain 5 (scored by a person)")
        # The export answer told a story (last Tuesday...) and was probed: no thread about it.
        assert bw.answers[EXPORT_STORY].pk not in {t["citation"]["message"] for t in content["threads"]}
        # Most others tagged their answer to question 3 "Manual fixes"; theirs is "Client trust".
        contra = threads["contradicts_theme"]
        assert contra["citation"]["message"] == bw.answers[CLIENT_TRUST].pk
        assert "3 of 3 said tag “Manual fixes”" in contra["text"] and "(Client trust)" in contra["text"]


def test_follow_ups_go_after_the_guide_question_they_relate_to_and_are_linted(bw, world):
    with schema_context(world.acme.schema_name):
        content = services.brief_generate(booking=bw.booking, actor=None).content
        guide = content["guide"]
        assert [g["question"]["id"] for g in guide] == [q.pk for q in bw.sync_questions]
        first, portal, wrong = guide
        assert first["follow_ups"] == []
        # Both threads on the portal answer go after the call's question about the client portal.
        assert {f["thread"] for f in portal["follow_ups"]} == {"unprobed", "pain_without_story"}
        walk = next(f for f in portal["follow_ups"] if f["thread"] == "unprobed")
        quote = walk["citation"]["quote"]
        assert walk["text"] == f"Earlier you said “{quote}”. Can you walk me through the last time that happened?"
        assert quote in PORTAL_PAIN and walk["lint"] == [] and "shares the words" in walk["placed"]
        assert [f["thread"] for f in wrong["follow_ups"]] == ["contradicts_theme"]
        assert wrong["follow_ups"][0]["citation"]["quote"] in CLIENT_TRUST


def test_without_a_time_budget_cut_or_pain_there_is_no_such_thread(world):
    with schema_context(world.acme.schema_name):
        bw = build(world.researcher, others=0)
        # Scored pain 2 by a person, and a probe asked on every question: nothing unprobed, no high pain.
        from synthesis.models import Highlight

        Highlight.objects.filter(transcript__session=bw.session).update(pain=2)
        bw.session.messages.filter(reason__startswith="Time budget").update(backend="offline", reason="Rich answer")
        content = services.brief_generate(booking=bw.booking, actor=None).content
        assert content["threads"] == []
        assert all(entry["follow_ups"] == [] for entry in content["guide"])


def test_which_session_a_brief_comes_from(bw, world):
    from interviews.models import Handoff
    from tests.synthesis.briefs.world import interview

    with schema_context(world.acme.schema_name):
        assert brief_session(bw.booking) == bw.session
        # A later session of the same person in another study does not win over the same study...
        from tests.studies.factories import QuestionFactory, RoundFactory

        elsewhere = RoundFactory(kind="async")
        for i in range(3):
            QuestionFactory(round=elsewhere, order=i + 1, max_follow_ups=1)
        later = interview(elsewhere, bw.person, ["a", "b", "c"], probe_first=False, budget_after=None)
        assert brief_session(bw.booking) == bw.session
        # ... but the session handed off to this call's round does.
        Handoff.objects.create(from_round=elsewhere, to_round=bw.sync_round, session=later, participant=bw.person)
        assert brief_session(bw.booking) == later
        bw.session.delete()
        assert brief_session(bw.booking) == later
        assert Brief.objects.count() == 0
