"""A researcher highlights a sentence on the coding page in Chromium, tags it, adds it to an existing insight, opens
the insight and sees it counted: one more quote and one more participant, the quote shown with a link back."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from interviews.models import Transcript, Utterance
from studies.models import Participant, Study
from synthesis.coding import services as coding
from synthesis.insights import services as insights
from synthesis.models import Highlight, Insight, Tag
from tests.browser.test_coding import SELECT
from tests.conftest import PASSWORD
from tests.processes import committed
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TITLE = "Browser: insight evidence"
TAG = "Browser: manual totals"
STATEMENT = "Browser: finance teams still total invoices by hand."
TEXT = "We export every Friday. Then I add the totals by hand in a spreadsheet, which takes an hour."
SENTENCE = "Then I add the totals by hand in a spreadsheet"


@pytest.fixture
def scene(world):
    """A sync call with Ana (to code in the browser) and an insight already quoting Bo's async interview."""

    def create():
        with schema_context(world.acme.schema_name):
            study = StudyFactory(title=TITLE)
            calls = RoundFactory(study=study, kind="sync", purpose="Deep dives")
            survey = RoundFactory(study=study, kind="async", purpose="Wide net")
            ana = ParticipantFactory(name="Ana Browser", email="ana-browser@example.com", attributes={"segment": "smb"})
            bo = ParticipantFactory(name="Bo Browser", email="bo-browser@example.com", attributes={"segment": "mid"})
            call = Transcript.objects.create(
                kind="sync", round=calls, participant=ana, title=f"{TITLE}: Ana", occurred_at=timezone.now()
            )
            answer = Utterance.objects.create(
                transcript=call, order=1, speaker_role="participant", speaker_name="Ana", text=TEXT, start_ms=5_000
            )
            async_answer = Transcript.objects.create(
                kind="async", round=survey, participant=bo, title=f"{TITLE}: Bo", occurred_at=timezone.now()
            )
            said = Utterance.objects.create(
                transcript=async_answer, order=1, speaker_role="participant", text="Invoices live in Excel for us."
            )
            quote = coding.highlight_create(utterance=said, start=0, end=len(said.text), actor=None, pain=3)
            insight = insights.insight_create(statement=STATEMENT, highlights=[quote], actor=world.researcher)
            return call.pk, answer.pk, insight.pk

    yield committed(create)

    def remove():
        with schema_context(world.acme.schema_name):
            Insight.objects.filter(statement=STATEMENT).delete()
            Study.objects.filter(title=TITLE).delete()
            Participant.objects.filter(email__in=["ana-browser@example.com", "bo-browser@example.com"]).delete()
            Tag.objects.filter(name=TAG).delete()

    committed(remove)


def test_highlight_tag_and_see_it_counted_on_an_insight(live_parley, page, world, scene):
    transcript_id, answer_id, insight_id = scene
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + f"/accounts/login/?next=/transcripts/{transcript_id}/")
    page.get_by_label("Email").fill(world.researcher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    answer = page.locator(f"#u-{answer_id}")
    expect(answer.locator("time")).to_have_text("00:05")
    page.wait_for_load_state("load")  # coding.js (deferred) listens for selections from then on

    page.evaluate(SELECT, [answer_id, SENTENCE])
    page.locator("#selection-form").get_by_role("button", name="Highlight").click()
    expect(answer.locator("p.utterance-text mark")).to_have_text(SENTENCE)
    tag_input = answer.get_by_label("Add a tag")
    expect(tag_input).to_be_focused()
    page.keyboard.type(TAG)
    page.keyboard.press("Enter")
    expect(answer.locator(".tag-list")).to_contain_text(TAG)

    # Asking for a new insight without its statement is refused (400): the reason shows where the answer would.
    answer.get_by_role("button", name="Add to insight").click()
    expect(answer.locator(".insight-added")).to_contain_text("Pick an insight, or write the statement")

    # Add it to the existing insight from the highlight's own controls, keyboard only after choosing.
    choose = answer.get_by_label("Add to insight")
    choose.select_option(label=STATEMENT)
    add = answer.get_by_role("button", name="Add to insight")
    add.focus()
    expect(add).to_be_focused()
    page.keyboard.press("Enter")
    added = answer.locator(".insight-added")
    expect(added).to_contain_text("Added to")
    added.get_by_role("link").click()

    expect(page).to_have_url(acme + f"/insights/{insight_id}/")
    expect(page.locator('[data-stat="quotes"]')).to_have_text("2")
    expect(page.locator('[data-stat="participants"]')).to_have_text("2")
    expect(page.locator('[data-stat="interviews"]')).to_have_text("2")
    expect(page.get_by_text("1 live, 1 async")).to_be_visible()
    quote = page.locator(".quote").filter(has_text=SENTENCE)
    expect(quote).to_contain_text("Ana Browser")
    expect(quote).to_contain_text(TAG)

    def stored():
        with schema_context(world.acme.schema_name):
            highlight = Highlight.objects.get(utterance_id=answer_id)
            return (
                highlight.text,
                highlight.pk,
                list(Insight.objects.get(pk=insight_id).highlights.values_list("pk", flat=True)),
            )

    text, highlight_id, evidence = committed(stored)
    assert text == SENTENCE and highlight_id in evidence and len(evidence) == 2
    # The quote links back to the exact place: the coding page, scrolled to the highlight.
    quote.get_by_role("link", name="In the transcript at 00:05").click()
    expect(page).to_have_url(acme + f"/transcripts/{transcript_id}/#h-{highlight_id}")
    expect(page.locator(f"#h-{highlight_id}")).to_be_visible()
