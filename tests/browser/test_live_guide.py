"""A researcher deletes a question of a live guide: htmx swaps the confirmation in place of the list, confirming
makes guide v2, and the versions show what changed; the interview in progress keeps v1."""

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from interviews.links import services
from interviews.models import Session
from studies.models import Study
from tests.conftest import PASSWORD
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.processes import committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TITLE = "Browser: a live guide"


@pytest.fixture
def live(world):
    def make():
        with schema_context(world.acme.schema_name):
            round_ = async_round_with_guide(questions=3, study__title=TITLE)
            session = services.session_start(link=LinkFactory(round=round_))
            return round_, session

    round_, session = committed(make)
    yield round_, session

    def remove():
        with schema_context(world.acme.schema_name):
            Study.objects.filter(title=TITLE).delete()

    committed(remove)


def test_delete_a_question_of_a_live_guide_after_confirming(live_parley, page, world, live):
    round_, session = live
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + f"/accounts/login/?next=/rounds/{round_.pk}/guide/")
    page.get_by_label("Email").fill(world.researcher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("This round is live on guide v1")).to_be_visible()
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected browser dialog: {dialog.message}"))

    page.get_by_role("button", name="Delete question 2").click()
    confirmation = page.get_by_role("alert").filter(has_text="Change the live guide?")
    expect(confirmation).to_contain_text("1 interview is in progress and keeps asking the questions")
    expect(confirmation).to_contain_text("Deleted question 2")
    expect(page.locator(".question")).to_have_count(0)  # the list made way for the question
    assert page.url.endswith(f"/rounds/{round_.pk}/guide/")  # htmx: still the guide page

    page.get_by_role("button", name="Yes, make v2").click()
    expect(page.get_by_text("Saved as guide v2")).to_be_visible()
    expect(page.locator(".question")).to_have_count(2)
    version = page.locator("#version-2")
    expect(version).to_contain_text("Removed question 2")
    expect(version.locator("del")).to_have_text("Tell me about step 2 of getting started.")

    def pinned():
        with schema_context(world.acme.schema_name):
            return Session.objects.get(pk=session.pk).guide_version.number

    assert committed(pinned) == 1
