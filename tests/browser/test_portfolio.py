"""Sign in once on the public host, see acme and globex with their numbers, click into acme's live round and land
there signed in, without a second sign-in."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.models import InterviewLink, Session
from studies.models import Round, RoundStatus, Study
from tests.conftest import PASSWORD
from tests.processes import committed
from workspaces.models import Membership, Role, WorkspaceSummary
from workspaces.portfolio.services import summary_recompute

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_sign_in_once_then_open_acmes_live_round(live_parley, page, world):
    acme, globex = world.acme.schema_name, world.globex.schema_name
    made = {}

    def build():
        Membership.objects.get_or_create(user_id=world.owner.pk, workspace_id=world.globex.pk,
                                         defaults={"role": Role.RESEARCHER})  # fmt: skip
        with schema_context(acme):
            study = Study.objects.create(title="Portfolio browser", goal="early_problem_discovery", status="running")
            live = Round.objects.create(study=study, order=1, kind="async", purpose="Browser wide net",
                                        target_participants=9, status=RoundStatus.LIVE,
                                        live_at=timezone.now() - timedelta(days=1))  # fmt: skip
            link = InterviewLink.objects.create(round=live, kind="open")
            for _ in range(7):
                Session.objects.create(link=link, round=live, status="completed", completed_at=timezone.now())
            made.update(study=study.pk, round=live.pk)
            summary_recompute()
        with schema_context(globex):
            summary_recompute()

    committed(build)
    try:
        public = live_parley.format(host="localhost")
        page.goto(public + "/")
        page.get_by_label("Email").fill(world.owner.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(public + "/")
        table = page.get_by_role("table")
        acme_row = table.get_by_role("row").filter(has_text="Acme Corp")
        assert acme_row.is_visible() and table.get_by_role("row").filter(has_text="Globex").is_visible()
        assert acme_row.get_by_role("link", name="7", exact=True).first.is_visible()  # completes this week

        # The live-rounds cell opens acme's one live round.
        live_cell = acme_row.get_by_role("cell").nth(2)
        live_cell.get_by_role("link").click()
        page.wait_for_url(live_parley.format(host="acme.localhost") + f"/rounds/{made['round']}/interviews/")
        assert "/accounts/login/" not in page.url
        assert page.get_by_text("Browser wide net").first.is_visible()
        assert page.get_by_role("navigation", name="Account").get_by_text(world.owner.email).is_visible()
    finally:

        def cleanup():
            Membership.objects.filter(user_id=world.owner.pk, workspace_id=world.globex.pk).delete()
            with schema_context(acme):
                Study.objects.filter(pk=made.get("study")).delete()
            WorkspaceSummary.objects.filter(workspace_id__in=[world.acme.pk, world.globex.pk]).delete()

        committed(cleanup)
