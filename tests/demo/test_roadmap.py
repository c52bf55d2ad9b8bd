"""The demo roadmap: a dozen items across statuses and horizons, linked to what evidence exists, idempotent."""

from django_tenants.utils import schema_context

from demo.roadmap import ITEMS, seed_roadmap
from roadmap import selectors
from roadmap.models import EvidenceLink, RoadmapItem, SegmentWeight
from synthesis.insights.services import insight_create
from tests.studies.factories import ParticipantFactory
from tests.synthesis.insight_data import interview, quote


def test_demo_roadmap_without_evidence_then_with_it(world):
    with schema_context(world.acme.schema_name):
        RoadmapItem.objects.all().delete()  # a fresh workspace; rolled back with the test
        SegmentWeight.objects.all().delete()
        seed_roadmap(actor=world.owner)
        assert RoadmapItem.objects.count() == len(ITEMS) == 12
        assert set(RoadmapItem.objects.values_list("status", flat=True)) == {
            "idea", "planned", "in_progress", "shipped", "declined"
        }  # fmt: skip
        assert set(RoadmapItem.objects.values_list("horizon", flat=True)) == {"now", "next", "later"}
        assert not EvidenceLink.objects.exists() and SegmentWeight.objects.count() == 2

        # The synthesis demo runs later (or gains insights): seeding again adds the links, and only once.
        quotes = [
            quote(
                interview(f"Onboarding is confusing, step {n}.", participant=ParticipantFactory()),
                f"confusing, step {n}",  # different words: the demo never quotes the same words twice
                pain=n % 5 + 1,
            )
            for n in range(15)
        ]
        for n in range(3):
            insight_create(statement=f"Insight {n}", highlights=quotes[n * 5 : n * 5 + 5], actor=None)
        seed_roadmap(actor=world.owner)
        links = EvidenceLink.objects.count()
        seed_roadmap(actor=world.owner)
        assert EvidenceLink.objects.count() == links > 20
        assert RoadmapItem.objects.count() == 12
        board = selectors.board()
        ranked = [item for column in board for item in column.items]
        assert sum(1 for item in ranked if item.priority.score > 0) >= 10
