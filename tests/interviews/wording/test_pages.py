"""The email wording page: every member reads each email's wording and preview; owners and researchers save it and
preview drafts; a wrong field is a form error naming it and saves nothing; outsiders get 404."""

import pytest
from django_tenants.utils import schema_context

from interviews.models import EmailWording
from tests.conftest import GLOBEX_HOST

pytestmark = pytest.mark.django_db

URL = "/settings/emails/"
KINDS = ("interview-invitation", "interview-reminder", "booking-invitation", "booking-reminder", "incentive-thanks")


def _form(**changes) -> dict:
    data = {f"{kind}-{part}": "" for kind in KINDS for part in ("subject", "opening")}
    return {**data, "action": "save", **changes}


def _rows(world) -> list[tuple[str, str, str]]:
    with schema_context(world.acme.schema_name):
        return list(EmailWording.objects.values_list("kind", "subject", "opening"))


def test_a_researcher_words_an_email_and_sees_the_preview(client_for, world):
    client = client_for(world.researcher)
    page = client.get(URL)
    assert page.status_code == 200 and 'aria-current="page">Email wording</a>' in page.text
    assert 'placeholder="Acme Corp would like to hear from you (10 minutes)"' in page.text  # the built-in subject
    assert "{first_name}" in page.text and "0 of 5 emails use your wording." in page.text
    wording = {"interview-invitation-subject": "  A word about {study}, {first_name}? ",
               "interview-invitation-opening": "Line one.\r\nLine two, {round}."}  # fmt: skip
    saved = client.post(URL, _form(**wording), follow=True)
    assert saved.status_code == 200 and "Saved the email wording (1 email changed)." in saved.text
    assert _rows(world) == [("interview-invitation", "A word about {study}, {first_name}?",
                             "Line one.\nLine two, {round}.")]  # fmt: skip
    assert "Subject:</strong> A word about Getting started with our app, Alex?" in saved.text
    assert "Line two, Why teams stall in week one." in saved.text
    assert 'value="A word about {study}, {first_name}?"' in saved.text
    # Emptying both fields goes back to the built-in wording.
    client.post(URL, _form())
    assert _rows(world) == []


def test_a_preview_of_a_draft_saves_nothing(client_for, world):
    draft = _form(**{"booking-reminder-subject": "Tomorrow, {first_name}!", "action": "preview"})
    page = client_for(world.owner).post(URL, draft)
    assert page.status_code == 200 and "Subject:</strong> Tomorrow, Alex!" in page.text
    assert 'value="Tomorrow, {first_name}!"' in page.text
    assert _rows(world) == []


@pytest.mark.parametrize("action", ["save", "preview"])
def test_bad_fields_are_errors_naming_them_and_nothing_is_saved(client_for, world, action):
    with schema_context(world.acme.schema_name):
        EmailWording.objects.create(kind="booking-reminder", subject="Kept as it was")
    bad = _form(action=action, **{
        "interview-invitation-subject": "Hello {name} from {company}",
        "interview-reminder-opening": "Fine {first_name}.",
        "booking-reminder-subject": "",
        "incentive-thanks-opening": "Thanks {first_name}{ study}",
    })  # fmt: skip
    page = client_for(world.researcher).post(URL, bad)
    assert page.status_code == 400
    assert "Unknown placeholders {name}, {company}: use {first_name}, {study}, {round}." in page.text
    assert "Unknown placeholder { study}: use" in page.text
    too_long = client_for(world.researcher).post(URL, _form(**{"booking-invitation-subject": "x" * 151}))
    assert too_long.status_code == 400 and "at most 150 characters (it has 151)" in too_long.text
    assert _rows(world) == [("booking-reminder", "Kept as it was", "")]


def test_pm_and_viewer_read_but_do_not_write(client_for, world):
    with schema_context(world.acme.schema_name):
        EmailWording.objects.create(kind="interview-reminder", subject="Nudge for {first_name}")
    for member in (world.pm, world.viewer):
        page = client_for(member).get(URL)
        assert page.status_code == 200 and "Nudge for {first_name}" in page.text
        assert 'name="interview-reminder-subject"' not in page.text and "/settings/emails/library/" not in page.text
        assert client_for(member).post(URL, _form()).status_code == 403
        assert client_for(member).post(f"{URL}library/", {"item": "1"}).status_code == 403
    assert _rows(world) == [("interview-reminder", "Nudge for {first_name}", "")]


def test_outsiders_get_404_on_every_wording_page(client_for, world):
    outsider = client_for(world.outsider)  # globex's owner, on acme's host
    for path in (URL, f"{URL}publish/", f"{URL}library/"):
        assert outsider.get(path).status_code == 404, path
        assert outsider.post(path, _form(title="Theirs", item="1")).status_code == 404, path
    assert client_for(world.owner, host=GLOBEX_HOST).get(URL).status_code == 404
    assert client_for(None).get(URL).status_code == 302  # to sign in
    assert _rows(world) == []


def test_the_workspace_admin_lists_the_wording(client_for, world):
    with schema_context(world.acme.schema_name):
        EmailWording.objects.create(kind="interview-reminder", subject="Nudge")
    assert client_for(world.owner).get("/admin/interviews/emailwording/").status_code == 200
    assert client_for(world.outsider).get("/admin/interviews/emailwording/").status_code == 404
