"""On a phone, a stranger takes the screener on an open link, qualifies and does the interview; another is screened
out politely; at the end the researcher approves the incentive owed and exports the ledger for payout."""

import csv
import io
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from interviews.models import IncentiveEntry, InterviewLink, LinkKind
from outbox.models import Email
from studies.models import GuideQuestion, Participant, Round, Study
from studies.recruitment import services as recruitment
from tests.browser.test_async_interview import finish
from tests.conftest import PASSWORD
from tests.processes import committed
from tests.studies.recruitment.factories import plan_screener

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TITLE = "Browser: how teams plan"
QUALIFIED, SCREENED_OUT = "mira.hartmann@example.org", "jonas.student@example.org"


@pytest.fixture
def open_link(world):
    def make():
        with schema_context(world.acme.schema_name):
            study = Study.objects.create(
                title=TITLE, goal="early_problem_discovery", public_title="How your team plans"
            )
            round_ = Round.objects.create(
                study=study, order=1, kind="async", purpose="Wide net", target_participants=20,
                incentive_amount=Decimal("30.00"), incentive_currency="EUR", incentive_description="a €30 gift card",
                incentive_when="within 10 working days",
            )  # fmt: skip
            GuideQuestion.objects.create(round=round_, order=1, max_follow_ups=0,
                                         text="Tell me about the last time your team planned a sprint.")  # fmt: skip
            plan_screener(round_)
            recruitment.quota_save(round=round_, attribute="plan", value="Team", target=5, actor=None)
            link = InterviewLink.objects.create(round=round_, kind=LinkKind.OPEN, label="Newsletter")
            return link.token

    def remove():
        with schema_context(world.acme.schema_name):
            IncentiveEntry.objects.filter(round__study__title=TITLE).delete()
            Study.objects.filter(title=TITLE).delete()
            Participant.objects.filter(email__in=[QUALIFIED, SCREENED_OUT]).delete()
            Email.objects.filter(to__in=[QUALIFIED, SCREENED_OUT]).delete()

    yield committed(make)
    committed(remove)


def screener(page, *, plan, size, role, email, name=""):
    page.get_by_label(plan, exact=True).check()
    page.get_by_label("Jira").check()
    page.get_by_label("How many people are on your team?").fill(size)
    page.get_by_label("What is your role?").fill(role)
    if name:
        page.get_by_label("Your name").fill(name)
    page.get_by_label("Your email").fill(email)
    page.get_by_role("button", name="Continue").click()


def test_strangers_are_screened_in_and_out_and_the_incentive_is_approved_and_exported(
    live_parley, browser, world, open_link
):
    acme = live_parley.format(host="acme.localhost")
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    page.goto(f"{acme}/i/{open_link}/")
    page.get_by_text("Three quick questions first.").wait_for()
    assert page.get_by_text("Which plan is your team on?").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    screener(page, plan="Team", size="7", role="Engineering manager", email=QUALIFIED, name="Mira Hartmann")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_text("Tell me about the last time your team planned a sprint.").wait_for()
    finish(page, "We planned in a spreadsheet and lost half the estimates when it broke.")
    phone.close()

    other = browser.new_context(**PHONE)
    page = other.new_page()
    page.goto(f"{acme}/i/{open_link}/")
    screener(page, plan="Free", size="3", role="Student, writing my thesis", email=SCREENED_OUT)
    page.get_by_text("Thank you! This study is looking for someone else this time.").wait_for()
    assert "student" not in page.locator("main").inner_text().lower()  # never told the rule
    assert page.get_by_label("I agree").count() == 0
    other.close()

    with schema_context(world.acme.schema_name):
        assert not Participant.objects.filter(email=SCREENED_OUT).exists()  # no consent to keep their answers
        owed = IncentiveEntry.objects.get(participant__email=QUALIFIED)
        assert (owed.amount, owed.currency, owed.status) == (Decimal("30.00"), "EUR", "owed")

    staff = browser.new_context()
    page = staff.new_page()
    page.goto(f"{acme}/accounts/login/")
    page.get_by_label("Email").fill(world.researcher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{acme}/")
    page.goto(f"{acme}/incentives/?status=owed")
    page.get_by_label(f"Select {QUALIFIED}").check()
    page.get_by_role("button", name="Approve selected").click()
    page.wait_for_load_state("load")
    with schema_context(world.acme.schema_name):
        owed.refresh_from_db()
        assert (owed.status, owed.approved_by_id) == ("approved", world.researcher.pk)
    page.goto(f"{acme}/incentives/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV for payout (approved)").click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(io.StringIO(exported.read())))
    mine = [row for row in rows if row["email"] == QUALIFIED]
    assert mine == [{"email": QUALIFIED, "name": "Mira Hartmann", "amount": "30.00", "currency": "EUR",
                     "reference": mine[0]["reference"]}]  # fmt: skip
    assert SCREENED_OUT not in {row["email"] for row in rows}
    staff.close()
