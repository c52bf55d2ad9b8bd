"""Insight services (validation, atomicity, evidence in and out) and the list/detail selectors' query budgets."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from synthesis.insights import services as insights
from synthesis.models import Highlight, Insight
from tests.studies.factories import ParticipantFactory, RoundFactory
from tests.synthesis.insight_data import interview, quote


@pytest.fixture
def acme(world):
    with schema_context(world.acme.schema_name):
        yield world.acme


@pytest.fixture
def evidence(acme):
    """Two quotes from an async interview with Ana (smb) and one from a sync interview with Bo (enterprise)."""
    ana = ParticipantFactory(name="Ana", attributes={"segment": "smb", "plan": "pro"})
    bo = ParticipantFactory(name="Bo", attributes={"segment": "enterprise"})
    a = interview("Export takes forever. I gave up twice.", participant=ana, days=1)
    b = interview("We pay someone to clean the export.", kind="sync", participant=bo, days=2)
    return [
        quote(a, "Export takes forever.", tags=["Export"], pain=3),
        quote(a, "I gave up twice.", pain_ai=5),
        quote(b, "We pay someone to clean the export.", tags=["Export > Cleanup"], pain=4, pain_ai=2),
    ]


def test_create_with_evidence_and_profile(evidence, world):
    insight = insights.insight_create(
        statement="  Exporting   costs teams real time. ", highlights=evidence, actor=world.researcher
    )
    assert insight.statement == "Exporting costs teams real time."
    assert insight.status == "draft" and insight.author == world.researcher
    detail = insights.insight_detail(insight.pk)
    profile = detail.profile
    assert (profile.highlights, profile.participants, profile.interviews) == (3, 2, 2)
    assert (profile.sync_interviews, profile.async_interviews) == (1, 1)
    assert profile.segments == {"plan": {"pro": 1}, "segment": {"smb": 1, "enterprise": 1}}
    # A person's score wins over the AI's: 3, 5 (AI only), 4 (not 2).
    assert (profile.pain_avg, profile.pain_max, profile.pain_scored) == (4.0, 5, 3)
    assert [q.pk for q in detail.quotes] == [h.pk for h in evidence]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"statement": "   "}, "statement"),
        ({"statement": "x" * 2001}, "statement"),
        ({"statement": "Fine.", "status": "archived"}, "status"),
        ({"statement": "Fine.", "highlights": [999_999]}, "highlights"),
        ({"statement": "Fine.", "highlights": ["abc"]}, "highlights"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(acme, evidence, fields, field):
    with pytest.raises(ValidationError) as caught:
        insights.insight_create(actor=None, **fields)
    assert field in caught.value.message_dict
    assert not Insight.objects.exists()


def test_create_with_a_missing_highlight_adds_none_of_them(evidence):
    with pytest.raises(ValidationError):
        insights.insight_create(statement="Fine.", highlights=[evidence[0].pk, 999_999], actor=None)
    assert not Insight.objects.exists() and not Insight.highlights.through.objects.exists()


def test_update_add_remove(evidence, world):
    insight = insights.insight_create(statement="Export hurts.", highlights=evidence[:1], actor=None)
    insights.insight_update(insight=insight, status="published", statement="Export hurts a lot.", actor=None)
    insight.refresh_from_db()
    assert (insight.status, insight.statement) == ("published", "Export hurts a lot.")
    with pytest.raises(ValidationError) as caught:
        insights.insight_update(insight=insight, status="gone", statement="", actor=None)
    assert set(caught.value.message_dict) == {"status", "statement"}
    insight.refresh_from_db()
    assert insight.status == "published"
    with pytest.raises(ValidationError):
        insights.insight_update(insight=insight, author=None, actor=None)

    assert insights.insight_add_highlights(insight=insight, highlights=[h.pk for h in evidence], actor=None) == 2
    assert insights.insight_add_highlights(insight=insight, highlights=evidence, actor=None) == 0
    assert insight.highlights.count() == 3
    assert insights.insight_remove_highlights(insight=insight, highlights=[evidence[1]], actor=None) == 1
    assert set(insight.highlights.values_list("pk", flat=True)) == {evidence[0].pk, evidence[2].pk}
    assert Highlight.objects.filter(pk=evidence[1].pk).exists()  # the highlight stays in its transcript
    with pytest.raises(ValidationError):
        insights.insight_add_highlights(insight=insight, highlights=[], actor=None)

    insights.insight_delete(insight=insight, actor=None)
    assert Highlight.objects.count() == 3


def test_list_search_and_counts(evidence):
    a = insights.insight_create(statement="Export hurts.", highlights=evidence, actor=None, status="published")
    b = insights.insight_create(statement="Onboarding is fine.", actor=None)
    rows = insights.insights_list()
    assert [row.insight for row in rows] == [b, a]
    assert rows[1].profile.participants == 2 and rows[0].profile.highlights == 0
    assert [r.insight for r in insights.insights_list(status="published")] == [a]
    assert [r.insight for r in insights.insights_list(q="gave up")] == [a]  # the quotes are searched too
    assert [r.insight for r in insights.insights_list(q="onboarding")] == [b]
    assert insights.insight_status_counts() == {"all": 2, "draft": 1, "published": 1}


def test_highlight_search_by_text_and_tag(evidence):
    insight = insights.insight_create(statement="Export hurts.", highlights=evidence[:1], actor=None)
    assert {h.pk for h in insights.highlight_search(q="cleanup")} == {evidence[2].pk}  # a tag's name
    assert {h.pk for h in insights.highlight_search(q="export")} == {evidence[0].pk, evidence[2].pk}
    assert {h.pk for h in insights.highlight_search(q="export", exclude_insight=insight)} == {evidence[2].pk}


def _many(n: int, round_) -> list[int]:
    ids = []
    for i in range(n):
        transcript = interview(f"Quote number {i} here.", round_=round_, kind=round_.kind, days=i)
        ids.append(quote(transcript, f"number {i}", tags=[f"Tag {i % 4}"], pain=1 + i % 5).pk)
    return ids


@pytest.mark.parametrize("n", [1, 12])
def test_selectors_keep_their_query_budgets(acme, django_assert_num_queries, n):
    ids = _many(n, RoundFactory(kind="sync"))
    for i in range(n):
        insights.insight_create(statement=f"Insight {i}", highlights=ids[: i + 1], actor=None)
    last = Insight.objects.order_by("pk").last()
    with django_assert_num_queries(3):  # the list, its profiles, its validation counts
        rows = insights.insights_list()
        assert len(rows) == n
    with django_assert_num_queries(5):
        detail = insights.insight_detail(last.pk)
        assert len(detail.quotes) == n and all(list(q.tags.all()) for q in detail.quotes)
