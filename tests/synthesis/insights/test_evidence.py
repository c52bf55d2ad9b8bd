"""The shared evidence profile: pure arithmetic on rows, and the one-query fetch (with extra named expressions)."""

from datetime import UTC, datetime

from django.db.models import F
from django_tenants.utils import schema_context

from synthesis.insights.evidence import EvidenceProfile, evidence_profile, evidence_rows, profile_from_rows
from synthesis.models import Highlight, Insight
from tests.synthesis.insight_data import export_world


def _row(pk, participant, transcript, kind, human=None, machine=None, attributes=None, day=1):
    return {
        "highlight_id": pk, "participant_id": participant, "transcript_id": transcript, "kind": kind,
        "occurred_at": datetime(2026, 1, day, tzinfo=UTC), "pain_human": human, "pain_machine": machine,
        "attributes": attributes,
    }  # fmt: skip


def test_profile_from_hand_made_rows():
    rows = [
        _row(1, 10, 100, "async", human=2, attributes={"segment": "smb", "seats": 5}),
        _row(2, 10, 100, "async", machine=5, attributes={"segment": "smb", "seats": 5}),
        _row(3, 11, 101, "sync", human=4, machine=1, attributes={"segment": "enterprise"}, day=9),
        _row(4, None, 102, "async"),  # an anonymous participant, unscored
        _row(3, 11, 101, "sync", human=4, machine=1, attributes={"segment": "enterprise"}, day=9),  # reached twice
    ]
    profile = profile_from_rows(rows)
    assert (profile.highlights, profile.participants, profile.interviews) == (4, 2, 3)
    assert (profile.sync_interviews, profile.async_interviews) == (1, 2)
    assert profile.sync_share == 1 / 3
    assert profile.segments == {"seats": {"5": 1}, "segment": {"smb": 1, "enterprise": 1}}
    # The person's score wins (2, 4), the AI's counts when nobody scored (5): (2 + 5 + 4) / 3.
    assert (profile.pain_scored, profile.pain_avg, profile.pain_max) == (3, 3.67, 5)
    assert profile.latest == datetime(2026, 1, 9, tzinfo=UTC)
    assert profile_from_rows([]) == EvidenceProfile() and EvidenceProfile().sync_share == 0.0


def test_rows_come_from_one_query_with_extra_expressions(world, django_assert_num_queries):
    with schema_context(world.acme.schema_name):
        data = export_world()
        with django_assert_num_queries(1):  # one query (the search path is set once per schema_context)
            rows = evidence_rows(Highlight.objects.filter(insights__isnull=False), insight_id=F("insights"))
        assert {(row["insight_id"], row["highlight_id"]) for row in rows} == {
            *((data.published.pk, h.pk) for h in data.quotes[:3]),
            (data.draft.pk, data.quotes[3].pk),
        }
        assert {row["participant_id"] for row in rows} == {p.pk for p in data.people}
        profile = evidence_profile(Highlight.objects.filter(insights=data.published))
        assert (profile.participants, profile.sync_interviews, profile.pain_max) == (2, 1, 5)
        assert evidence_profile(Insight.objects.get(pk=data.draft.pk).highlights.all()).pain_scored == 0
