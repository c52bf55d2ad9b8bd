"""The study page shows its incentives: owed, approved, paid and declined per currency, per month, and the budget
warning; studies reads them through interviews' template tag."""

from decimal import Decimal

from django_tenants.utils import schema_context

from interviews.incentives import services
from interviews.links.services import session_complete
from interviews.models import IncentiveEntry, InterviewLink, LinkKind, Session
from tests.interviews.factories import async_round_with_guide
from tests.studies.factories import ParticipantFactory


def test_the_study_page_shows_its_incentive_totals_and_budget_warning(client_for, world, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=1, incentive_amount=Decimal("40.00"), incentive_currency="EUR")
        study = round_.study
        study.incentive_budget, study.incentive_currency = Decimal("100"), "EUR"
        study.save()
        for _ in range(3):
            person = ParticipantFactory()
            link = InterviewLink.objects.create(round=round_, kind=LinkKind.PERSONAL, participant=person)
            session_complete(session=Session.objects.create(link=link, round=round_, participant=person))
        first = IncentiveEntry.objects.order_by("pk").first()
        services.incentives_transition(ids=[first.pk], status="approved", actor=world.researcher)
    client = client_for(world.viewer)
    with django_assert_max_num_queries(60):
        page = client.get(f"/studies/{study.pk}/").text
    section = page[page.index('id="study-incentives"') :]
    section = section[: section.index("</section>")]
    assert "<td>EUR</td><td>80.00</td><td>40.00</td><td>0</td><td>0</td>" in section
    assert "Over budget: 120.00 EUR" in section
    assert f'href="/incentives/?study={study.pk}"' in section
    ledger = client.get(f"/incentives/?study={study.pk}").text
    assert "80.00" in ledger
    assert client_for(world.outsider, host="globex.localhost").get(f"/studies/{study.pk}/").status_code == 404
