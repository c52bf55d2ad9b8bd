"""axe-core checks every participant page and the main staff pages in Chromium: no serious or critical violation.

The pages show the demo's data (`manage.py seed_demo`'s studies, interviews, calls, codebook, insights and roadmap),
seeded into a workspace of this module's own that is dropped afterwards, plus a few links and calls of the test's
own for the participant states the demo does not hold. axe-core comes from npm (`package.json`, `npm ci`)."""

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.processes import ROOT, committed
from tests.studies.factories import QuestionFactory, RoundFactory, StudyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
SLUG = "a11y"
OWNER = "demo@parley.test"  # the demo's hosts (demo/interviews.py HOSTS) must be members for its calls
HOST = "researcher@parley.test"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
QUESTIONS = ["Tell me about the last time you planned a project.", "What got in the way?"]


@pytest.fixture(scope="session")
def axe_script():
    if AXE.exists():
        return str(AXE)
    message = f"axe-core is not installed at {AXE}: run `npm ci` in the repository (make test does)"
    if os.environ.get("PARLEY_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _seed() -> SimpleNamespace:
    from demo.interviews import seed_bookings, seed_interviews
    from demo.roadmap import seed_roadmap
    from demo.studies import CHURN_STUDY, seed_studies
    from demo.synthesis import seed_synthesis
    from workspaces.models import Membership, Role, User
    from workspaces.services import workspace_create

    owner = User.objects.create_user(email=OWNER, password=PASSWORD, first_name="Dana", last_name="Demo")
    host = User.objects.create_user(email=HOST, password=PASSWORD, first_name="Rhea", last_name="Researcher")
    workspace = workspace_create(slug=SLUG, name="Accessible Co", owner_email=owner.email)
    Membership.objects.create(user=host, workspace=workspace, role=Role.RESEARCHER)
    with (
        schema_context(workspace.schema_name),
        override_settings(TENANT_LIMIT_SET_CALLS=True),
        transaction.atomic(),
    ):
        seed_studies(actor=owner)
        seed_interviews(actor=owner)
        seed_bookings(actor=owner)
        seed_synthesis(actor=owner)
        seed_roadmap(actor=owner)
        return _scene(CHURN_STUDY, owner)


def _scene(study_title: str, owner) -> SimpleNamespace:
    from interviews.booking import services as booking_services
    from interviews.links import services as link_services
    from interviews.models import Booking, BookingRules, BookingStatus, InterviewLink, LinkKind, Session, Transcript
    from roadmap.models import RoadmapItem
    from studies.models import Participant, RoundKind, Study
    from synthesis.briefs.services import brief_generate
    from synthesis.jobs import services as job_services
    from synthesis.models import Insight, JobKind, SynthesisJob

    study = Study.objects.get(title=study_title)
    async_round = study.rounds.filter(kind=RoundKind.ASYNC).order_by("order").first()
    sync_round = study.rounds.filter(kind=RoundKind.SYNC).order_by("order").first()
    rules = BookingRules.objects.get(round=sync_round)
    upcoming = list(Booking.objects.filter(round=sync_round, status=BookingStatus.BOOKED).order_by("start"))
    cancelled = booking_services.booking_cancel(booking=upcoming[-1], reason="Something came up")
    # The host's brief for a call handed off from the async round (the demo's programme step, minus its slow
    # validation round).
    briefed = Booking.objects.filter(round=sync_round, participant__sessions__status="completed").first()
    brief_generate(booking=briefed, actor=owner)
    # Auto-tagging runs here rather than in a worker: the inbox then holds its suggestions.
    job = SynthesisJob.objects.create(kind=JobKind.AUTOTAG, study=study, backend="offline", started_by=owner)
    assert job_services.job_run(job.pk).created_count > 0, "the suggestions inbox would be empty"

    # The participant's interview, from a study of its own: two questions, no probes, one link per state.
    own_round = RoundFactory(study=StudyFactory(title="A11y: planning projects"), order=1, kind=RoundKind.ASYNC)
    for order, text in enumerate(QUESTIONS, start=1):
        QuestionFactory(round=own_round, order=order, text=text, max_follow_ups=0)
    links = {name: InterviewLink.objects.create(round=own_round, kind=LinkKind.OPEN) for name in
             ("intro", "chat", "later", "done", "gone")}  # fmt: skip
    InterviewLink.objects.filter(pk=links["gone"].pk).update(disabled_at=timezone.now())
    sessions = {name: link_services.session_start(link=links[name]) for name in ("chat", "later", "done")}
    for text in ("We plan in a spreadsheet every Monday.", "Nobody updates it after Tuesday."):
        link_services.answer_submit(session=sessions["done"], text=text)
        link_services.interviewer_reply(session=sessions["done"])
    assert Session.objects.get(pk=sessions["done"].pk).status == "completed"
    hidden = BookingRules.objects.create(round=RoundFactory(study=own_round.study, order=2, kind=RoundKind.SYNC),
                                         is_public=False)  # fmt: skip

    participant = Participant.objects.filter(sessions__round=async_round).order_by("pk").first()
    return SimpleNamespace(
        **{
            "study": study.pk,
            "async_round": async_round.pk,
            "sync_round": sync_round.pk,
            "booking_token": rules.public_token,
            "closed_booking_token": hidden.public_token,
            "manage_token": upcoming[0].manage_token,
            "cancelled_token": cancelled.manage_token,
            "booking": upcoming[0].pk,
            "brief_booking": briefed.pk,
            "session": Session.objects.filter(round=async_round, status="completed").order_by("pk").first().pk,
            "participant": participant.pk,
            "transcript": Transcript.objects.filter(kind="sync", highlights__isnull=False).order_by("pk").first().pk,
            "insight": Insight.objects.order_by("pk").first().pk,
            "item": RoadmapItem.objects.order_by("pk").first().pk,
            "job": job.pk,
            **{f"link_{name}": link.token for name, link in links.items()},
            **{f"resume_{name}": session.resume_token for name, session in sessions.items()},
        }
    )


def _drop(schema_name: str, queue: str) -> None:
    from config.celery import app
    from outbox.models import Email
    from workspaces.models import User, Workspace

    Workspace.objects.get(slug=SLUG).delete(force_drop=True)
    Email.objects.filter(to__in=[OWNER, HOST]).delete()
    # Tenant tables point at users from every schema: with the schema gone, the rows left to delete are public.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {User._meta.db_table} WHERE email = ANY(%s)", [[OWNER, HOST]])
    # The seed's side effects (emails, webhooks) were queued for the workspace's schema, which no longer exists.
    with app.connection_for_write() as conn:
        redis = conn.default_channel.client
        for raw in redis.lrange(queue, 0, -1):
            if json.loads(raw).get("headers", {}).get("_schema_name") == schema_name:
                redis.lrem(queue, 0, raw)


@pytest.fixture(scope="module")
def scene(live_parley, django_db_blocker, celery_queue):
    from workspaces.slugs import schema_name_for

    with django_db_blocker.unblock():
        built = committed(_seed)
    yield built
    with django_db_blocker.unblock():
        committed(lambda: _drop(schema_name_for(SLUG), celery_queue))


@pytest.fixture(scope="module")
def participant(browser, scene):
    """A phone with no session: participants take interviews and book calls there."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def staff(browser, scene, live_parley):
    """The workspace's owner, signed in on the workspace's host and on the public host."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    for host in (f"{SLUG}.localhost", "localhost"):
        page.goto(live_parley.format(host=host) + "/accounts/login/")
        page.get_by_label("Email").fill(OWNER)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/$"))
    yield page
    context.close()


def serious_violations(page, axe_script) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line per element."""
    page.wait_for_load_state("load")
    # Evaluated rather than added as a <script> tag: the page's Content-Security-Policy refuses inline scripts, and
    # the test must not weaken it. Playwright's evaluation runs outside the policy.
    page.evaluate(Path(axe_script).read_text())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            lines.append(
                f"{violation['impact']} {violation['id']}: {violation['help']} ({violation['helpUrl']})\n"
                f"    at {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}\n"
                f"    {node['html'][:200]}"
            )
    return lines


def _pick_a_day(page):
    page.locator("a.day").first.click()
    page.locator("#times a.time").first.wait_for()


def _pick_a_time(page):
    _pick_a_day(page)
    page.locator("#times a.time").first.click()
    page.get_by_role("button", name="Book this time").wait_for()


def _book_without_details(page):
    _pick_a_time(page)
    page.get_by_role("button", name="Book this time").click()


def _start_without_consent(page):
    page.get_by_label("I agree").evaluate("box => box.required = false")  # as a browser that does not validate
    page.get_by_role("button", name="Start").click()


def _finish_later(page):
    page.get_by_text("Finish later").click()
    page.get_by_label("Email me a link to continue").fill("later@example.com")
    page.get_by_role("button", name="Send me the link").click()


# (name, path on the workspace's host, what the participant does there, a text the resulting page shows)
PARTICIPANT_PAGES = [
    ("sign-in", lambda s: "/accounts/login/", None, "Sign in to Accessible Co"),
    ("interview intro", lambda s: f"/i/{s.link_intro}/", None, "I agree that Accessible Co may use my answers"),
    (
        "interview intro refused",
        lambda s: f"/i/{s.link_intro}/",
        _start_without_consent,
        "Please tick the box to agree before you start.",
    ),
    ("interview chat", lambda s: f"/i/{s.link_chat}/?resume={s.resume_chat}", None, "Question 1 of 2"),
    ("interview finish later", lambda s: f"/i/{s.link_later}/?resume={s.resume_later}", _finish_later, "See you later"),
    ("interview done", lambda s: f"/i/{s.link_done}/?resume={s.resume_done}", None, "Thank you!"),
    ("interview unavailable", lambda s: f"/i/{s.link_gone}/", None, "This interview link is no longer active."),
    ("booking days", lambda s: f"/book/{s.booking_token}/", None, "Choose a day"),
    ("booking times", lambda s: f"/book/{s.booking_token}/", _pick_a_day, "← Another day"),
    ("booking details", lambda s: f"/book/{s.booking_token}/", _pick_a_time, "Your email"),
    ("booking details refused", lambda s: f"/book/{s.booking_token}/", _book_without_details, "Please check the"),
    ("booking unavailable", lambda s: f"/book/{s.closed_booking_token}/", None, "This booking page is closed."),
    ("booking confirmed", lambda s: f"/booking/{s.manage_token}/confirmed/", None, "You are booked!"),
    ("booking manage", lambda s: f"/booking/{s.manage_token}/", None, "Cancel the call"),
    ("booking reschedule", lambda s: f"/booking/{s.manage_token}/?reschedule=1", None, "Move the call"),
    ("booking cancelled", lambda s: f"/booking/{s.cancelled_token}/", None, "This call is cancelled"),
    ("404", lambda s: "/i/no-such-link/", None, "Not found"),
]

STAFF_PAGES = [
    ("portfolio", None, lambda s: "/"),
    ("overview", SLUG, lambda s: "/"),
    ("studies", SLUG, lambda s: "/studies/"),
    ("study", SLUG, lambda s: f"/studies/{s.study}/"),
    ("async round", SLUG, lambda s: f"/rounds/{s.async_round}/interviews/"),
    ("async session", SLUG, lambda s: f"/sessions/{s.session}/"),
    ("shortlist", SLUG, lambda s: f"/rounds/{s.async_round}/shortlist/"),
    ("sync round", SLUG, lambda s: f"/rounds/{s.sync_round}/booking/"),
    ("booking", SLUG, lambda s: f"/bookings/{s.booking}/"),
    ("host brief", SLUG, lambda s: f"/bookings/{s.brief_booking}/brief/"),
    ("guide", SLUG, lambda s: f"/rounds/{s.async_round}/guide/"),
    ("participants", SLUG, lambda s: "/participants/"),
    ("participant", SLUG, lambda s: f"/participants/{s.participant}/"),
    ("hosts", SLUG, lambda s: "/hosts/"),
    ("transcripts", SLUG, lambda s: "/transcripts/"),
    ("coding", SLUG, lambda s: f"/transcripts/{s.transcript}/"),
    ("codebook", SLUG, lambda s: "/codebook/"),
    ("suggestions", SLUG, lambda s: f"/synthesis/suggestions/?job={s.job}"),
    ("jobs", SLUG, lambda s: "/synthesis/jobs/"),
    ("job", SLUG, lambda s: f"/synthesis/jobs/{s.job}/"),
    ("insights", SLUG, lambda s: "/insights/"),
    ("insight", SLUG, lambda s: f"/insights/{s.insight}/"),
    ("charts", SLUG, lambda s: "/charts/"),
    ("roadmap", SLUG, lambda s: "/roadmap/"),
    ("roadmap item", SLUG, lambda s: f"/roadmap/{s.item}/"),
    ("members", SLUG, lambda s: "/members/"),
    ("settings", SLUG, lambda s: "/settings/"),
    ("email wording", SLUG, lambda s: "/settings/emails/"),
    ("library", None, lambda s: "/library/"),
]


@pytest.mark.parametrize(("name", "path", "act", "shows"), PARTICIPANT_PAGES, ids=[p[0] for p in PARTICIPANT_PAGES])
def test_participant_page_has_no_serious_violations(
    live_parley, participant, scene, axe_script, name, path, act, shows
):
    response = participant.goto(live_parley.format(host=f"{SLUG}.localhost") + path(scene))
    assert response.status < 500
    if act:
        act(participant)
    participant.get_by_text(shows).first.wait_for()  # the state meant, not an error page passing by chance
    violations = serious_violations(participant, axe_script)
    assert not violations, f"{name}: {len(violations)} serious or critical\n" + "\n".join(violations)


@pytest.mark.parametrize(("name", "slug", "path"), STAFF_PAGES, ids=[p[0] for p in STAFF_PAGES])
def test_staff_page_has_no_serious_violations(live_parley, staff, scene, axe_script, name, slug, path):
    host = f"{slug}.localhost" if slug else "localhost"
    response = staff.goto(live_parley.format(host=host) + path(scene))
    assert response.status == 200, f"{name}: {response.status}"
    violations = serious_violations(staff, axe_script)
    assert not violations, f"{name}: {len(violations)} serious or critical\n" + "\n".join(violations)
