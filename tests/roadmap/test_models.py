"""The database refuses what the roadmap must never hold, whatever code writes it."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from roadmap.models import EvidenceLink, RoadmapItem, RoadmapShare, SegmentWeight, ShippedNotice
from synthesis.insights.services import insight_create
from tests.roadmap.factories import ItemFactory
from tests.studies.factories import ParticipantFactory
from tests.synthesis.insight_data import interview, quote


@pytest.fixture
def acme(world, in_schema):
    with in_schema(world.acme.schema_name):
        yield world.acme


@pytest.fixture
def targets(acme):
    highlight = quote(interview("Search is slow."), "slow")
    return insight_create(statement="Search is too slow.", highlights=[highlight], actor=None), highlight


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceLink.objects.create(**fields)


def test_a_link_has_exactly_one_target(targets):
    insight, highlight = targets
    item = ItemFactory()
    refused(item=item, importance=1)
    refused(item=item, insight=insight, highlight=highlight, importance=1)
    assert EvidenceLink.objects.create(item=item, insight=insight).kind == "insight"
    assert EvidenceLink.objects.create(item=item, highlight=highlight).kind == "highlight"


def test_importance_is_0_to_3_and_links_are_unique(targets):
    insight, highlight = targets
    item = ItemFactory()
    refused(item=item, insight=insight, importance=4)
    EvidenceLink.objects.create(item=item, insight=insight, importance=0)
    EvidenceLink.objects.create(item=item, highlight=highlight, importance=3)
    refused(item=item, insight=insight, importance=1)
    refused(item=item, highlight=highlight, importance=1)
    # Another item may link the same evidence.
    EvidenceLink.objects.create(item=ItemFactory(), insight=insight, importance=1)


def test_item_status_horizon_and_effort_are_checked(acme):
    for fields in ({"status": "done"}, {"horizon": "soon"}, {"effort": Decimal(0)}):
        with pytest.raises(IntegrityError), transaction.atomic():
            RoadmapItem.objects.create(title="Bad", **fields)
    assert RoadmapItem.objects.create(title="Good").effort == Decimal(1)


def test_segment_weights_are_unique_and_positive(acme):
    SegmentWeight.objects.create(attribute="plan", value="team", weight=Decimal("1.5"))
    for fields in ({"value": "team"}, {"value": "free", "weight": Decimal(0)}):
        with pytest.raises(IntegrityError), transaction.atomic():
            SegmentWeight.objects.create(attribute="plan", **fields)


def test_a_participant_is_told_once_per_item(acme):
    item, participant = ItemFactory(), ParticipantFactory()
    ShippedNotice.objects.create(item=item, participant=participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippedNotice.objects.create(item=item, participant=participant)
    ShippedNotice.objects.create(item=ItemFactory(), participant=participant)


def test_share_tokens_are_long_and_distinct(acme):
    first, second = RoadmapShare.objects.create(), RoadmapShare.objects.create()
    assert first.token != second.token and len(first.token) >= 40 and first.active


@pytest.mark.parametrize("model", ["roadmapitem", "evidencelink", "segmentweight", "roadmapshare", "shippednotice"])
def test_workspace_admin_lists_roadmap_tables(client_for, world, targets, model):
    insight, _ = targets
    item = ItemFactory(title="Admin-visible item")
    EvidenceLink.objects.create(item=item, insight=insight, importance=2)
    ShippedNotice.objects.create(item=item, participant=ParticipantFactory())
    response = client_for(world.owner).get(f"/admin/roadmap/{model}/")
    assert response.status_code == 200
    if model in ("roadmapitem", "evidencelink", "shippednotice"):
        assert "Admin-visible item" in response.text
    assert client_for(world.owner).get(f"/admin/roadmap/roadmapitem/{item.pk}/change/").status_code == 200
    assert client_for(world.pm).get(f"/admin/roadmap/{model}/").status_code == 302
    assert client_for(world.outsider).get(f"/admin/roadmap/{model}/").status_code == 404
