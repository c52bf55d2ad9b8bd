"""A researcher starts auto-tagging from a study in Chromium, watches the progress bar finish without reloading (htmx
polling, a real Celery worker running the job), then accepts a suggestion in the inbox and finds it highlighted."""

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from studies.models import Participant, Study
from synthesis.models import Highlight, Suggestion, Tag
from tests.conftest import PASSWORD
from tests.processes import committed
from tests.synthesis.jobs_world import EXPORT_ANSWER, build, transcript

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def scene(world):
    def create():
        with schema_context(world.acme.schema_name):
            jw = build(world.researcher)
            transcript(jw.round, [f"Exporting report {i} to Excel by hand eats my Friday." for i in range(40)])
            return jw.round.study_id, jw.export.pk

    study_id, export_id = committed(create)
    yield study_id, export_id

    def remove():
        with schema_context(world.acme.schema_name):
            Participant.objects.filter(transcripts__round__study_id=study_id).delete()
            Study.objects.filter(pk=study_id).delete()
            Tag.objects.filter(name__in=["Export", "Onboarding", "Pricing"]).delete()

    committed(remove)


def test_start_auto_tagging_watch_it_finish_and_accept_a_suggestion(live_parley, page, world, worker, scene):
    study_id, export_id = scene
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + f"/accounts/login/?next=/studies/{study_id}/")
    page.get_by_label("Email").fill(world.researcher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Auto-tag or find themes").click()
    expect(page.get_by_label("Study")).to_have_value(str(study_id))
    page.get_by_label("Kind").select_option("autotag")
    page.get_by_role("button", name="Start").click()

    # The detail page polls its progress section; the worker runs the job meanwhile. No reload from here on.
    expect(page.get_by_role("heading", name="Auto-tagging #")).to_be_visible()
    progress = page.locator("#progress")
    expect(progress.locator(".job-status")).to_have_text("Done", timeout=60_000)
    expect(progress).to_contain_text("43 of 43 answers processed (100%)")
    expect(progress.locator("[hx-trigger]")).to_have_count(0)
    assert progress.get_attribute("hx-trigger") is None  # finished: polling stopped

    progress.get_by_role("link", name="Review").click()
    item = page.locator(".suggestion").filter(has_text=EXPORT_ANSWER)
    expect(item).to_contain_text("Export")
    expect(item).to_contain_text("Pain 3")
    item.get_by_role("button", name="Accept").click()
    expect(page.locator(".suggestion").filter(has_text=EXPORT_ANSWER)).to_contain_text("Accepted")
    page.locator(".suggestion").filter(has_text=EXPORT_ANSWER).get_by_role("link", name="highlight").click()
    expect(page.locator(f"#u-{export_id} mark")).to_have_text(EXPORT_ANSWER)

    def stored():
        with schema_context(world.acme.schema_name):
            highlight = Highlight.objects.get(utterance_id=export_id)
            return [t.name for t in highlight.tags.all()], highlight.pain_ai, Suggestion.objects.count()

    tags, pain_ai, suggestions = committed(stored)
    assert tags == ["Export"] and pain_ai == 3 and suggestions == 42
