"""Validation at scale moves an item's confidence a step, and the confidence rule says so with the numbers."""

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from roadmap import selectors
from roadmap.models import RoadmapItem
from roadmap.priority import CONFIDENCE_RULE, confidence_level
from synthesis.insights.evidence import EvidenceProfile
from synthesis.models import Verdict
from tests.roadmap.factories import ItemFactory, link
from tests.studies.factories import ParticipantFactory
from tests.synthesis.validation.world import build, many_answers, validation_round

MEDIUM = {"participants": 3, "interviews": 3, "async_interviews": 3}


def test_enough_answers_surely_confirming_raise_a_step():
    label, rule = confidence_level(EvidenceProfile(**MEDIUM, validation_confirms=18, validation_contradicts=4))
    assert label == "high"
    assert rule.startswith("High: raised a step from medium because 22 validation answers confirm 82% (95% interval")


def test_too_few_answers_do_not_raise():
    label, rule = confidence_level(EvidenceProfile(**MEDIUM, validation_confirms=10, validation_contradicts=0))
    assert label == "medium" and "raising needs 20+ answers" in rule


def test_a_share_surely_under_half_lowers_a_step():
    label, rule = confidence_level(EvidenceProfile(**MEDIUM, validation_confirms=2, validation_contradicts=12,
                                                   validation_unclear=5))  # fmt: skip
    assert label == "low"
    assert rule.startswith("Low: lowered a step from medium because only 14 validation answers confirm 14%")


def test_without_validation_nothing_changes_and_the_rule_says_how_it_would():
    assert confidence_level(EvidenceProfile(**MEDIUM))[0] == "medium"
    assert "lower bound of the 95% interval of the share confirming is at least 50%" in CONFIDENCE_RULE


@pytest.mark.parametrize(("confirms", "contradicts", "expected"), [(20, 2, "high"), (3, 19, "low"), (6, 6, "medium")])
def test_an_item_s_confidence_reads_its_insights_validation(world, confirms, contradicts, expected):
    with schema_context(world.acme.schema_name):
        RoadmapItem.objects.all().delete()
        w = build(crowd=0)
        extra = [ParticipantFactory() for _ in range(2)]  # three participants in all: medium before validation
        from tests.synthesis.insight_data import interview, quote

        w.insight.highlights.add(quote(interview("Setup took a month.", participant=extra[0]), "took a month"))
        item = ItemFactory(title="Faster onboarding", effort=Decimal("1"))
        link(item, w.insight, importance=2)
        assert selectors.item_detail(item.pk).priority.confidence == "medium"
        people = [ParticipantFactory() for _ in range(confirms + contradicts)]
        many_answers(validation_round(w, size=1).round, people,
                     [Verdict.CONFIRMS] * confirms + [Verdict.CONTRADICTS] * contradicts)  # fmt: skip
        detail = selectors.item_detail(item.pk)
    assert detail.profile.validation_confirms == confirms and detail.priority.confidence == expected
    assert any("validation answers" in line for line in detail.priority.explanation)
