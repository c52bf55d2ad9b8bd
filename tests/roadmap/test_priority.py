# ruff: noqa: RUF001 -- the explanations use the multiplication and division signs people read
"""Evidence profile, confidence and priority of roadmap items, on examples computed by hand."""

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from roadmap import selectors
from roadmap.models import RoadmapItem, SegmentWeight
from roadmap.priority import (
    CONFIDENCE_RULE,
    UNSCORED_PAIN,
    confidence_level,
    participant_weight,
    priority_of,
    weighted_reach,
)
from synthesis.insights.evidence import EvidenceProfile
from synthesis.insights.services import insight_create
from tests.roadmap.factories import ItemFactory, link
from tests.studies.factories import ParticipantFactory
from tests.synthesis.insight_data import interview, quote


def profile(**fields) -> EvidenceProfile:
    return EvidenceProfile(**fields)


# Pure functions ------------------------------------------------------------------------------------------------------


def test_confidence_high_needs_people_segments_and_both_methods():
    both = {"participants": 8, "interviews": 8, "sync_interviews": 3, "async_interviews": 5, "highlights": 8}
    label, rule = confidence_level(profile(**both, segments={"plan": {"free": 5, "team": 3}}))
    assert label == "high"
    assert rule.startswith("High: 8 participants from 2 segments of plan, heard in sync and async interviews")

    # Same people, async only: medium, and the rule says what is missing.
    label, rule = confidence_level(
        profile(participants=9, interviews=9, async_interviews=9, highlights=9, segments={"plan": {"a": 5, "b": 4}})
    )
    assert (label, rule) == ("medium", "Medium: 9 participants; high also needs both sync and async interviews.")

    # One segment only.
    label, rule = confidence_level(profile(**both, segments={"plan": {"free": 8}, "region": {"eu": 8}}))
    assert (label, rule) == ("medium", "Medium: 8 participants; high also needs 2+ segments of one attribute.")


def test_confidence_medium_and_low_thresholds():
    assert confidence_level(profile(participants=3, sync_interviews=3, interviews=3)) == (
        "medium",
        "Medium: 3 participants; high also needs 8+ participants, 2+ segments of one attribute, "
        "both sync and async interviews.",
    )
    assert confidence_level(profile(participants=2)) == ("low", "Low: 2 participants; medium needs 3+.")
    assert confidence_level(profile(participants=1)) == ("low", "Low: 1 participant; medium needs 3+.")
    assert "at least 8 participants" in CONFIDENCE_RULE and "both sync and async" in CONFIDENCE_RULE


def test_participant_weight_is_the_highest_matching_weight_or_one():
    weights = {("plan", "enterprise"): 1.5, ("region", "eu"): 3.0, ("plan", "free"): 0.5, ("seats", "10"): 2.0}
    assert participant_weight({"plan": "enterprise", "region": "eu"}, weights) == 3.0
    assert participant_weight({"plan": "free"}, weights) == 0.5  # a weight below 1 lowers them
    assert participant_weight({"plan": "team", "region": "us"}, weights) == 1.0
    assert participant_weight({"seats": 10}, weights) == 2.0  # numbers compare as text, like segments do
    assert participant_weight(None, weights) == 1.0


def test_weighted_reach_counts_each_participant_once():
    rows = [
        {"participant_id": 1, "attributes": {"plan": "team"}},
        {"participant_id": 1, "attributes": {"plan": "team"}},
        {"participant_id": 2, "attributes": {"plan": "free"}},
        {"participant_id": None, "attributes": None},  # a quote nobody is attached to reaches no one
    ]
    assert weighted_reach(rows, {("plan", "team"): 2.5}) == 3.5
    assert weighted_reach(rows, {}) == 2


def test_priority_by_hand():
    evidence = profile(
        highlights=4, participants=3, interviews=3, sync_interviews=1, async_interviews=2,
        segments={"plan": {"team": 2, "free": 1}}, pain_scored=3, pain_avg=3.0, pain_max=4,
    )  # fmt: skip
    p = priority_of(profile=evidence, reach=5.0, importances=[2, 3, 0], effort=Decimal("2"))
    # pain (3 + 4) / 2 = 3.5; impact 3.5 / 5 * 3 (critical) = 2.1; medium 0.8; score 5 * 2.1 * 0.8 / 2 = 4.2
    assert (p.pain, p.importance, p.impact, p.confidence, p.confidence_factor) == (3.5, 3, 2.1, "medium", 0.8)
    assert (p.reach, p.effort, p.score, p.confidence_percent) == (5.0, 2.0, 4.2, 80)
    assert p.explanation == [
        "Reach 5: 3 participants, weighted by their segments.",
        "Impact 2.1: pain 3.5 (average 3 and maximum 4 over 3 scored quotes) ÷ 5 × 3 for the strongest link "
        "(critical).",
        "Confidence 80% — Medium: 3 participants; high also needs 8+ participants.",
        "Effort 2 person-weeks.",
        "Score 5 × 2.1 × 0.8 ÷ 2 = 4.2.",
    ]


def test_priority_without_pain_scores_and_low_confidence():
    evidence = profile(highlights=2, participants=2, interviews=2, async_interviews=2)
    p = priority_of(profile=evidence, reach=2.0, importances=[1], effort=Decimal("0.5"))
    # pain 3 (middle); impact 3 / 5 * 1 = 0.6; low 0.5; score 2 * 0.6 * 0.5 / 0.5 = 1.2
    assert (p.pain, p.impact, p.confidence, p.score) == (UNSCORED_PAIN, 0.6, "low", 1.2)
    assert p.explanation[0] == "Reach 2: 2 participants, each counting 1."
    assert "no quote has a pain score" in p.explanation[1]
    assert p.explanation[3] == "Effort 0.5 person-weeks."


def test_priority_of_an_item_without_evidence_is_zero():
    p = priority_of(profile=EvidenceProfile(), reach=0, importances=[], effort=1)
    assert p.score == 0 and p.importance is None
    assert p.explanation == ["No evidence linked yet, so the score is 0: link insights or quotes to rank it."]


# From the database ---------------------------------------------------------------------------------------------------


@pytest.fixture
def evidence(world):
    """Three participants: Ann (sync, team) and Ben, Cas (async, team and free).

    The item links an insight (important) holding Ann's and Ben's quotes, and directly Ann's quote again
    (critical) and Cas's quote (nice to have). Pains: Ann 4 (a person), Ben 2 (a person; the AI's 5 loses),
    Cas 3 (the AI's, nobody scored it)."""
    with schema_context(world.acme.schema_name):
        RoadmapItem.objects.all().delete()  # only this test's items and weights; rolled back with the test
        SegmentWeight.objects.all().delete()
        ann = ParticipantFactory(name="Ann", attributes={"plan": "team"})
        ben = ParticipantFactory(name="Ben", attributes={"plan": "team", "region": "eu"})
        cas = ParticipantFactory(name="Cas", attributes={"plan": "free"})
        q_ann = quote(interview("Exports break every Friday.", kind="sync", participant=ann), "Exports break", pain=4)
        q_ben = quote(interview("The export is slow.", participant=ben, days=3), "export is slow", pain=2, pain_ai=5)
        q_cas = quote(interview("I copy numbers by hand.", participant=cas, days=5), "by hand", pain_ai=3)
        insight = insight_create(statement="Exports are unreliable.", highlights=[q_ann, q_ben], actor=None)
        item = ItemFactory(title="Reliable exports", effort=Decimal("1.5"))
        link(item, insight, importance=2)
        link(item, q_ann, importance=3)
        link(item, q_cas, importance=1)
        SegmentWeight.objects.create(attribute="plan", value="team", weight=Decimal("2"))
        SegmentWeight.objects.create(attribute="region", value="eu", weight=Decimal("2.5"))
        yield item, (ann, ben, cas), (q_ann, q_ben, q_cas)


def test_item_profile_and_priority_from_its_links(world, evidence):
    item, _, (q_ann, q_ben, q_cas) = evidence
    with schema_context(world.acme.schema_name):
        detail = selectors.item_detail(item.pk)
    prof, p = detail.profile, detail.priority
    # Ann's quote is reached twice (through the insight and directly): counted once.
    assert (prof.highlights, prof.participants, prof.interviews) == (3, 3, 3)
    assert (prof.sync_interviews, prof.async_interviews) == (1, 2)
    assert prof.segments == {"plan": {"team": 2, "free": 1}, "region": {"eu": 1}}
    assert (prof.pain_scored, prof.pain_avg, prof.pain_max) == (3, 3.0, 4)
    assert prof.latest == q_cas.transcript.occurred_at
    # reach: Ann 2 (team) + Ben 2.5 (eu beats team) + Cas 1 = 5.5; pain (3 + 4) / 2 = 3.5;
    # impact 3.5 / 5 * 3 = 2.1; medium 0.8; score 5.5 * 2.1 * 0.8 / 1.5 = 6.16
    assert (p.reach, p.impact, p.confidence, p.effort, p.score) == (5.5, 2.1, "medium", 1.5, 6.16)
    assert p.explanation[-1] == "Score 5.5 × 2.1 × 0.8 ÷ 1.5 = 6.16."
    # Strongest quotes: by the importance of the link reaching them, then pain.
    assert [(q.pk, q.link_importance) for q in detail.quotes] == [(q_ann.pk, 3), (q_ben.pk, 2), (q_cas.pk, 1)]
    assert [link.kind for link in detail.links] == ["highlight", "insight", "highlight"]


def test_board_profiles_match_the_item_page(world, evidence):
    item, _, _ = evidence
    with schema_context(world.acme.schema_name):
        other = ItemFactory(title="Nothing behind it yet")
        columns = selectors.board()
        idea = next(column for column in columns if column.key == "idea")
        assert [i.pk for i in idea.items] == [item.pk, other.pk]  # by priority
        assert idea.items[0].priority.score == 6.16 and idea.items[1].priority.score == 0
        assert [column.key for column in selectors.board(group_by="horizon")] == ["now", "next", "later"]
