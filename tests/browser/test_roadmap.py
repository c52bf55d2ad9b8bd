"""A PM in Chromium opens a roadmap item with no evidence, finds an insight with the keyboard in the evidence picker,
links it as critical, and sees the item's evidence (participants) and priority change; then ships the item, and
the participants who consented are told."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from interviews.models import Transcript, Utterance
from roadmap.models import EvidenceLink, RoadmapItem, ShippedNotice
from studies.models import Participant, Study
from synthesis.models import Highlight, Insight
from tests.conftest import PASSWORD
from tests.processes import committed
from tests.studies.factories import RoundFactory, StudyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TITLE = "Browser: scheduled exports"
STATEMENT = "Browser: finance teams rebuild the weekly export by hand"
EMAILS = [f"browser-roadmap-{n}@example.com" for n in range(3)]


@pytest.fixture
def item(world):
    def create():
        with schema_context(world.acme.schema_name):
            study = StudyFactory(title=TITLE)
            insight = Insight.objects.create(statement=STATEMENT)
            for n, email in enumerate(EMAILS):
                person = Participant.objects.create(
                    email=email, name=f"Finance person {n}", consent_to_contact=n < 2, attributes={"plan": "team"}
                )
                kind = "sync" if n else "async"
                round_ = RoundFactory(study=study, kind=kind)
                transcript = Transcript.objects.create(
                    kind=kind, round=round_, participant=person, title=f"Interview {n}", occurred_at=timezone.now()
                )
                text = "Every Monday I rebuild the export in a spreadsheet."
                utterance = Utterance.objects.create(
                    transcript=transcript, order=1, speaker_role="participant", text=text
                )
                highlight = Highlight.objects.create(
                    utterance=utterance, start=0, end=len(text), text=text, transcript=transcript, round=round_,
                    study=study, participant=person, pain=4,
                )  # fmt: skip
                insight.highlights.add(highlight)
            return RoadmapItem.objects.create(title=TITLE, status="in_progress", horizon="now").pk

    yield committed(create)

    def remove():
        with schema_context(world.acme.schema_name):
            RoadmapItem.objects.filter(title=TITLE).delete()
            Insight.objects.filter(statement=STATEMENT).delete()
            Study.objects.filter(title=TITLE).delete()
            Participant.objects.filter(email__in=EMAILS).delete()

    committed(remove)


def test_link_an_insight_and_see_evidence_and_priority_change_then_ship(live_parley, page, world, item):
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + f"/accounts/login/?next=/roadmap/{item}/")
    page.get_by_label("Email").fill(world.pm.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    page.wait_for_load_state("load")  # htmx and roadmap.js are deferred: the picker listens from then on
    participants = page.locator("[data-participants]")
    score = page.locator("[data-priority-score]")
    expect(participants).to_have_text("0")
    expect(score).to_have_text("0")

    # The picker, from the keyboard: type, Down to the first result, Tab to the importance, choose, Enter.
    search = page.get_by_label("Search evidence")
    search.click()
    with page.expect_response(lambda response: "/evidence/" in response.url and response.url.endswith("weekly")):
        page.keyboard.type("rebuild the weekly")
    result = page.locator("[data-picker-results]").get_by_role("radio", name=STATEMENT)
    expect(result).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(result).to_be_focused()
    expect(result).to_be_checked()
    page.keyboard.press("Tab")
    importance = page.locator("#link-importance")
    expect(importance).to_be_focused()
    importance.select_option("3")
    page.locator("#link-note").fill("Three finance teams")
    page.locator("#link-note").press("Enter")

    # 3 participants, impact 4 / 5 x 3 = 2.4, medium confidence 0.8, effort 1: 3 x 2.4 x 0.8 / 1 = 5.76.
    expect(participants).to_have_text("3")
    expect(score).to_have_text("5.76")
    evidence = page.locator("#evidence")
    expect(evidence).to_contain_text(STATEMENT)
    expect(evidence).to_contain_text("1 link")
    expect(page.locator(".rm-explanation")).to_contain_text("Reach 3: 3 participants, each counting 1.")
    expect(page.locator("#picker-q")).to_be_focused()  # ready for the next piece of evidence

    page.locator("#item-status").select_option("shipped")
    page.get_by_role("button", name="Move", exact=True).click()
    loop = page.locator("#close-the-loop")
    expect(loop).to_contain_text("Told it shipped: 2 participants.")
    expect(page.locator(".rm-status")).to_contain_text("Shipped")

    def stored():
        with schema_context(world.acme.schema_name):
            link = EvidenceLink.objects.get(item_id=item)
            told = sorted(ShippedNotice.objects.filter(item_id=item).values_list("participant__email", flat=True))
            return RoadmapItem.objects.get(pk=item).status, link.importance, link.note, told

    assert committed(stored) == ("shipped", 3, "Three finance teams", EMAILS[:2])
