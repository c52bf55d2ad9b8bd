# ruff: noqa: RUF001 -- the explanations use the multiplication and division signs people read
"""The roadmap CSV: one row per item with its evidence profile and priority, safe to open in a spreadsheet."""

import csv
import io
from decimal import Decimal

from django_tenants.utils import schema_context

from roadmap.exports import COLUMNS, items_csv
from roadmap.models import RoadmapItem
from synthesis.insights.services import insight_create
from tests.roadmap.factories import ItemFactory, link
from tests.studies.factories import ParticipantFactory
from tests.synthesis.insight_data import interview, quote


def test_csv_has_the_profile_and_priority_of_each_item(world, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        RoadmapItem.objects.all().delete()  # only this test's items; rolled back with the test
        people = [ParticipantFactory(attributes={"plan": plan}) for plan in ("team", "team", "free")]
        quotes = [
            quote(interview("Exports fail.", participant=p, kind="sync" if n == 0 else "async"), "fail", pain=n + 2)
            for n, p in enumerate(people)
        ]
        insight = insight_create(statement="Exports fail.", highlights=quotes[:2], actor=None)
        item = ItemFactory(
            title='=HYPERLINK("http://evil")', effort=Decimal(2), owner=world.pm, external_url="https://t.example/1"
        )
        link(item, insight, importance=2)
        link(item, quotes[2], importance=1)
        ItemFactory(title="Empty, with a comma")
        with django_assert_max_num_queries(12):
            text = "".join(items_csv())
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == COLUMNS
    first, second = rows
    assert first["title"] == '\'=HYPERLINK("http://evil")'  # a spreadsheet shows it, never runs it
    assert (first["owner"], first["effort_person_weeks"], first["external_url"]) == (
        world.pm.email, "2.0", "https://t.example/1"
    )  # fmt: skip
    assert (first["evidence_links"], first["insight_links"], first["quote_links"], first["quotes"]) == (
        "2",
        "1",
        "1",
        "3",
    )
    assert (first["participants"], first["sync_interviews"], first["async_interviews"]) == ("3", "1", "2")
    assert first["segments"] == "plan: team 2, free 1"
    # pains 2, 3, 4: average 3, max 4 -> pain 3.5; impact 3.5 / 5 * 2 = 1.4; medium 0.8; 3 * 1.4 * 0.8 / 2 = 1.68
    assert (first["pain_avg"], first["pain_max"], first["confidence"]) == ("3.0", "4", "medium")
    assert (first["reach"], first["impact"], first["confidence_factor"], first["score"]) == (
        "3.0",
        "1.4",
        "0.8",
        "1.68",
    )
    assert first["explanation"].endswith("Score 3 × 1.4 × 0.8 ÷ 2 = 1.68.")
    assert (second["title"], second["score"], second["participants"], second["latest_evidence"]) == (
        "Empty, with a comma", "0.0", "0", ""
    )  # fmt: skip
