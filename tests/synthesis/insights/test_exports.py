"""Exports: highlights CSV (tags as paths, attributes as columns, links to the transcript, formulas defused),
insights as Markdown and CSV; streamed; pseudonymous (no names, no emails); roles and isolation."""

import csv
import io

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.conftest import GLOBEX_HOST
from tests.synthesis.insight_data import export_world

NAMES_AND_EMAILS = ("Ana Example", "Bo Example", "Cy Example", "ana@example.com", "bo@example.com", "@example.com")


@pytest.fixture
def data(world):
    with schema_context(world.acme.schema_name):
        return export_world()


def _download(client, name, **params) -> tuple[str, object]:
    response = client.get(reverse(f"insights:{name}"), params)
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode("utf-8"), response


def test_highlights_csv(client_for, world, data):
    text, response = _download(client_for(world.viewer), "export_highlights")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="acme-highlights-' in response["Content-Disposition"]
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 4
    assert list(rows[0])[-2:] == ["plan", "segment"]  # one column per participant attribute
    by_quote = {row["quote"]: row for row in rows}
    sync = by_quote["We pay someone to clean the export."]
    assert sync["tags"] == "Churn risk; Export > Cleanup" and (sync["pain"], sync["pain_ai"]) == ("4", "2")
    assert sync["kind"] == "sync" and sync["round"] == "Round 2: Deep dives" and sync["study"] == "Churn"
    assert sync["segment"] == "enterprise" and sync["plan"] == "" and sync["participant"] == f"P{data.people[1].pk}"
    h = data.quotes[2]
    assert sync["link"] == f"http://acme.localhost{reverse('coding:transcript', args=[h.transcript_id])}#h-{h.pk}"
    assert by_quote["I gave up twice."]["pain_ai_reason"] == "Sounds costly."
    assert "'=SUM(A1) is what I type" in by_quote  # a spreadsheet would have run it as a formula
    assert not any(secret in text for secret in NAMES_AND_EMAILS)


def test_highlights_csv_in_a_scope_and_for_one_insight(client_for, world, data):
    client = client_for(world.viewer)
    text, _ = _download(client, "export_highlights", round=data.calls.pk)
    assert text.count("\n") == 2 and "We pay someone" in text
    text, _ = _download(client, "export_highlights", insight=data.draft.pk)
    assert text.count("\n") == 2 and "SUM(A1)" in text and text.split("\n", 1)[0].endswith(",segment")


def test_insights_markdown(client_for, world, data):
    text, response = _download(client_for(world.viewer), "export_markdown")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert text.startswith("# Acme Corp: insights\n")
    assert "## Exporting costs teams real time.\n" in text and "## Invoices live in spreadsheets.\n" in text
    assert (
        "*Published* · 3 quotes · 2 participants · 2 interviews (1 live, 1 async) · pain 4 on average, 5 at most"
        in text
    )
    assert f"http://acme.localhost{reverse('insights:detail', args=[data.published.pk])}" in text
    ana = data.people[0].pk
    assert f"> Export takes forever.\n>\n> — P{ana} (plan: pro, segment: smb), Churn, round 1, async, pain 3\n" in text
    assert "> I gave up twice.\n>\n>" in text and "pain 5 (AI)" in text
    assert "Segments (participants): plan: pro 1; segment: smb 1, enterprise 1" in text
    assert not any(secret in text for secret in NAMES_AND_EMAILS)
    one, _ = _download(client_for(world.viewer), "export_markdown", insight=data.draft.pk)
    assert one.startswith("# Invoices live in spreadsheets.") and "Exporting costs" not in one
    published, _ = _download(client_for(world.viewer), "export_markdown", status="published")
    assert "Invoices live" not in published


def test_insights_csv(client_for, world, data):
    text, _ = _download(client_for(world.pm), "export_csv")
    rows = {row["statement"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    row = rows["Exporting costs teams real time."]
    assert (row["status"], row["highlights"], row["participants"], row["sync_interviews"]) == (
        "published",
        "3",
        "2",
        "1",
    )
    assert row["pain_avg"] == "4.0" and row["pain_max"] == "5"
    assert row["highlight_ids"] == " ".join(str(h.pk) for h in sorted(data.quotes[:3], key=lambda h: h.pk))


def test_exports_are_for_members_of_the_workspace_only(client_for, world, data):
    stranger = client_for(world.outsider)
    for name in ("export_highlights", "export_markdown", "export_csv"):
        assert stranger.get(reverse(f"insights:{name}")).status_code == 404
    text, _ = _download(client_for(world.outsider, host=GLOBEX_HOST), "export_highlights")
    assert "We pay someone" not in text
    assert client_for(world.viewer).get(reverse("insights:export_markdown"), {"insight": 999999}).status_code == 404
    assert client_for(world.viewer).get(reverse("insights:export_highlights"), {"insight": 999999}).status_code == 404
