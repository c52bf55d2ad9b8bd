"""The demo's recruitment: the wide net's screener and quotas partly filled, strangers in and out, a ledger with
owed, approved and paid incentives."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from demo.recruitment import seed_recruitment
from demo.studies import CHURN_STUDY
from interviews.incentives.services import incentive_owe
from interviews.models import IncentiveEntry
from studies.models import ScreenerResponse, Segment
from studies.participants.selectors import segment_members
from studies.recruitment.selectors import quota_fill
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory


@pytest.fixture
def acme_schema(world):
    with schema_context(world.acme.schema_name):
        yield


def test_the_wide_net_gets_a_screener_quotas_and_a_ledger_in_every_status(world, acme_schema):
    study = StudyFactory(title=CHURN_STUDY, incentive_amount=15)
    wide_net = RoundFactory(study=study, kind="async", order=1, target_participants=50)
    for _ in range(6):
        incentive_owe(round=wide_net, participant=ParticipantFactory())
    seed_recruitment(actor=world.owner)
    seed_recruitment(actor=world.owner)  # idempotent
    assert wide_net.screener.questions.count() == 3
    statuses = dict(ScreenerResponse.objects.filter(round=wide_net).values_list("participant__email", "status"))
    assert list(statuses.values()).count("qualified") == 5
    assert statuses.get(None) == "screened_out"  # the student, whose answers were not kept
    assert statuses["grace.okafor@lagosloop.ng"] == "screened_out"  # agreed that we keep her answers
    fill = quota_fill(wide_net)
    assert 0 < fill.filled < fill.total and {c.value: c.filled for c in fill.cells} == {
        "free": 1, "team": 2, "business": 2}  # fmt: skip
    assert set(IncentiveEntry.objects.values_list("status", flat=True)) == {"owed", "approved", "paid"}
    assert IncentiveEntry.objects.filter(status="paid").exclude(reference="").count() == 2
    assert timezone.now().strftime("%Y-%m") in IncentiveEntry.objects.filter(status="paid").first().reference
    # The panel: segments a researcher comes back to, each with people in it.
    segments = {segment.name: segment for segment in Segment.objects.all()}
    assert set(segments) == {"Team plan, quiet for two months", "Good talkers for a follow-up", "Never interviewed yet"}
    assert segment_members(segments["Never interviewed yet"]).exists()
