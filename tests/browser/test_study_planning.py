"""A researcher plans a funnel study, fixes a guide question with the linter, and imports participants."""

import pytest
from django_tenants.utils import schema_context

from studies.models import Participant, Study
from tests.conftest import PASSWORD
from tests.processes import committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TITLE = "Browser: why teams churn"
CSV = (
    "email,name,timezone,segment\n"
    "pat.browser@example.com,Pat,Europe/Berlin,smb\n"
    "broken@,Broken,UTC,smb\n"
    "lee.browser@example.com,Lee,Not/AZone,enterprise\n"
    "kim.browser@example.com,Kim,Asia/Kolkata,enterprise\n"
)


@pytest.fixture
def cleanup(world):
    yield

    def remove():
        with schema_context(world.acme.schema_name):
            Study.objects.filter(title=TITLE).delete()
            Participant.objects.filter(email__endswith=".browser@example.com").delete()

    committed(remove)


def test_plan_a_funnel_fix_a_question_and_import_participants(live_parley, page, world, cleanup):
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + "/accounts/login/?next=/studies/new/")
    page.get_by_label("Email").fill(world.researcher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.locator("#id_title").fill(TITLE)
    page.get_by_label("Goal").select_option("measuring_pain_intensity")
    page.get_by_label("Research questions").fill("How painful is the first month?")
    page.get_by_role("button", name="Create study").click()
    page.get_by_role("heading", name=TITLE, exact=True).wait_for()

    # The recommendation follows the inputs without a page load.
    page.get_by_label("Participants wanted").fill("200")
    page.get_by_label("Time zones").select_option("global")
    recommendation = page.locator("#recommendation")
    recommendation.get_by_text("Recommended: async · funnel").wait_for()
    assert "200" in recommendation.inner_text()

    page.get_by_role("button", name="Apply plan: create these rounds").click()
    page.get_by_text("Plan applied: 3 rounds created.").wait_for()
    assert page.locator(".round").count() == 3

    page.get_by_role("link", name="Discussion guide").first.click()
    question = page.get_by_label("Question", exact=True)
    question.fill("Rate your satisfaction with onboarding.")
    live_lint = page.locator("#lint-live")
    live_lint.get_by_text("Tell me about your experience with onboarding.").wait_for()
    question.fill("Tell me about your experience with onboarding.")
    live_lint.locator("li").wait_for(state="detached")
    page.get_by_role("button", name="Add question").click()
    added = page.locator(".question").filter(has_text="Tell me about your experience with onboarding.")
    added.wait_for()
    assert added.locator(".lint").count() == 0

    page.goto(acme + "/participants/import/")
    page.get_by_label("File").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.get_by_role("button", name="Preview").click()
    errors = page.locator("table.errors")
    errors.wait_for()
    assert "3" in errors.inner_text() and "4" in errors.inner_text()
    page.get_by_role("button", name="Import 2 participants").click()
    page.get_by_text("Imported: 2 new, 0 updated, 2 rows skipped.").wait_for()
    assert page.get_by_role("link", name="Kim").is_visible()
