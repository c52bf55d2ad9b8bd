"""The incentive ledger: owed on a completed interview or a held call (not a no-show unless a researcher says so),
owed -> approved -> paid or declined with who and when, bulk approve, CSV for payout, API, totals, budget."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.booking import services as booking_services
from interviews.incentives import selectors, services
from interviews.links.services import session_complete
from interviews.models import Booking, IncentiveEntry, IncentiveStatus, InterviewLink, LinkKind, Session
from outbox.models import Email
from tests.interviews.factories import async_round_with_guide, sync_round_with_rules
from tests.studies.factories import ParticipantFactory


def _completed_interview(round_, **person):
    person = ParticipantFactory(**person)
    link = InterviewLink.objects.create(round=round_, kind=LinkKind.PERSONAL, participant=person)
    session = Session.objects.create(link=link, round=round_, participant=person)
    session_complete(session=session)
    return person, session


@pytest.fixture
def paid_round(world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(
            questions=1, incentive_amount=Decimal("25.00"), incentive_currency="EUR",
            incentive_description="a €25 voucher", incentive_when="within 5 working days",
        )  # fmt: skip
        round_.study.incentive_budget = Decimal("60")
        round_.study.incentive_currency = "EUR"
        round_.study.save()
        return round_


def test_a_completed_interview_owes_the_rounds_incentive_and_the_thank_you_says_what_and_when(world, paid_round):
    with schema_context(world.acme.schema_name):
        person, session = _completed_interview(paid_round, locale="de")
        entry = IncentiveEntry.objects.get(session=session)
        assert (entry.participant, entry.amount, entry.currency, entry.method, entry.status) == (
            person, Decimal("25.00"), "EUR", "a €25 voucher", IncentiveStatus.OWED)  # fmt: skip
        session_complete(session=session)  # completing again owes nothing more
        assert IncentiveEntry.objects.filter(participant=person).count() == 1
        email = Email.objects.get(to=person.email, template="incentive-thanks")
        assert "a €25 voucher" in email.body_text and "within 5 working days" in email.body_text


def test_a_round_without_an_amount_owes_nothing(world):
    with schema_context(world.acme.schema_name):
        _completed_interview(async_round_with_guide(questions=1))
        assert not IncentiveEntry.objects.exists()


def _held_call(world, status, hours_ago=2):
    rules = sync_round_with_rules(hosts=[world.researcher])
    round_ = rules.round
    round_.incentive_amount, round_.incentive_currency = Decimal("80"), "USD"
    round_.save()
    start = timezone.now() - timedelta(hours=hours_ago)
    booking = Booking.objects.create(round=round_, host=world.researcher, participant=ParticipantFactory(),
                                     start=start, end=start + timedelta(minutes=45))  # fmt: skip
    return booking_services.booking_mark(booking=booking, status=status, actor=world.researcher)


def test_a_held_call_owes_a_no_show_does_not_unless_the_researcher_says_so(world):
    with schema_context(world.acme.schema_name):
        held = _held_call(world, "completed")
        assert IncentiveEntry.objects.get(booking=held).amount == Decimal("80.00")
        missed = _held_call(world, "no_show", hours_ago=5)
        assert not IncentiveEntry.objects.filter(booking=missed).exists()
        granted = services.incentive_for_no_show(booking=missed, actor=world.researcher)
        assert granted.status == IncentiveStatus.OWED and granted.created_by == world.researcher
        # Held, then marked a no-show after all: the owed incentive is declined.
        booking_services.booking_mark(booking=held, status="no_show", actor=world.researcher)
        assert IncentiveEntry.objects.get(booking=held).status == IncentiveStatus.DECLINED


def test_statuses_keep_who_and_when_and_refuse_wrong_steps(world, paid_round):
    with schema_context(world.acme.schema_name):
        (_, one), (_, two) = _completed_interview(paid_round), _completed_interview(paid_round)
        a, b = IncentiveEntry.objects.get(session=one), IncentiveEntry.objects.get(session=two)
        with pytest.raises(services.ValidationError):
            services.incentives_transition(ids=[a.pk], status="paid", actor=world.owner)  # no reference
        moved, refused = services.incentives_transition(ids=[a.pk, b.pk], status="paid", actor=world.owner,
                                                        reference="batch-1")  # fmt: skip
        assert moved == [] and set(refused) == {a.pk, b.pk}  # owed cannot be paid before it is approved
        moved, refused = services.incentives_transition(ids=[a.pk, b.pk, 999999], status="approved",
                                                        actor=world.researcher)  # fmt: skip
        assert len(moved) == 2 and set(refused) == {999999}
        services.incentives_transition(ids=[a.pk], status="paid", actor=world.owner, reference="batch-1")
        a.refresh_from_db()
        assert (a.status, a.reference, a.paid_by, a.approved_by) == ("paid", "batch-1", world.owner, world.researcher)
        _, refused = services.incentives_transition(ids=[a.pk], status="declined", actor=world.owner)
        assert refused  # paid is final


def test_totals_per_status_and_month_and_the_budget_warning(world, paid_round):
    with schema_context(world.acme.schema_name):
        entries = [IncentiveEntry.objects.get(session=_completed_interview(paid_round)[1]) for _ in range(3)]
        services.incentives_transition(ids=[entries[0].pk], status="approved", actor=world.owner)
        totals = selectors.incentive_totals(study_id=paid_round.study_id)
        assert totals.amount("owed", "EUR") == Decimal("50.00") and totals.amount("approved", "EUR") == Decimal(25)
        assert totals.by_month[0][1:] == ("EUR", Decimal("75.00"))
        (warning,) = selectors.budget_warnings()
        assert warning.spent == Decimal("75.00") and warning.budget == Decimal("60")
        services.incentives_transition(ids=[entries[1].pk], status="declined", actor=world.owner)
        assert selectors.budget_warning(paid_round.study) is None  # 50 of 60 once one is declined


def test_bulk_approve_and_export_on_the_page_roles_and_outsiders(world, client_for, paid_round):
    with schema_context(world.acme.schema_name):
        ids = [IncentiveEntry.objects.get(session=_completed_interview(paid_round, name=n)[1]).pk
               for n in ("Ana Lima", "=HYPERLINK(1)")]  # fmt: skip
    viewer = client_for(world.viewer)
    assert viewer.get("/incentives/").status_code == 200
    assert viewer.post("/incentives/bulk/", {"ids": ids, "to": "approved"}).status_code == 403
    assert client_for(world.pm).post("/incentives/bulk/", {"ids": ids, "to": "approved"}).status_code == 403
    outsider = client_for(world.outsider)
    assert outsider.get("/incentives/").status_code == 404
    assert outsider.get("/incentives/export.csv").status_code == 404
    assert outsider.post("/incentives/bulk/", {"ids": ids, "to": "approved"}).status_code == 404
    researcher = client_for(world.researcher)
    assert researcher.post("/incentives/bulk/", {"ids": ids, "to": "approved"}).status_code == 302
    export = researcher.get("/incentives/export.csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == ["email", "name", "amount", "currency", "reference"]
    assert {r[1] for r in rows[1:]} == {"Ana Lima", "'=HYPERLINK(1)"} and {r[2] for r in rows[1:]} == {"25.00"}
    assert all(r[4].startswith("PARLEY-") for r in rows[1:])
    page = researcher.get("/incentives/")
    assert "over its incentive budget" not in page.text  # 50 of 60
    with schema_context(world.acme.schema_name):
        assert set(IncentiveEntry.objects.values_list("status", flat=True)) == {"approved"}


def test_the_api_lists_filters_and_marks_paid_within_a_query_budget(
    world, api_for, paid_round, django_assert_max_num_queries
):
    with schema_context(world.acme.schema_name):
        ids = [IncentiveEntry.objects.get(session=_completed_interview(paid_round)[1]).pk for _ in range(3)]
        services.incentives_transition(ids=ids[:2], status="approved", actor=world.owner)
    reader = api_for(role="viewer")
    with django_assert_max_num_queries(12):
        body = reader.get(f"/api/v1/incentives/?status=approved&round={paid_round.pk}").json()
    assert sorted(r["id"] for r in body["results"]) == sorted(ids[:2])
    first = body["results"][0]
    assert {"id", "participant", "amount", "currency", "status"} <= set(first) and first["amount"] == "25.00"
    assert reader.get("/api/v1/incentives/?status=nonsense").status_code == 400
    assert (
        reader.post("/api/v1/incentives/mark-paid/", {"ids": ids, "reference": "x"}, format="json").status_code == 403
    )
    writer = api_for(role="researcher")
    assert writer.post("/api/v1/incentives/mark-paid/", {"ids": ids}, format="json").status_code == 400
    response = writer.post("/api/v1/incentives/mark-paid/", {"ids": ids, "reference": "wise-batch-7"}, format="json")
    assert response.status_code == 200
    assert sorted(response.json()["updated"]) == sorted(ids[:2]) and list(response.json()["refused"]) == [str(ids[2])]
    outsider = api_for(role="owner", workspace=world.globex, host="globex.localhost")
    assert outsider.get("/api/v1/incentives/").json()["results"] == []  # globex's own ledger: empty
    assert (
        outsider.post("/api/v1/incentives/mark-paid/", {"ids": ids, "reference": "x"}, format="json").json()["updated"]
        == []
    )
    with schema_context(world.acme.schema_name):
        assert set(IncentiveEntry.objects.filter(pk__in=ids[:2]).values_list("reference", flat=True)) == {
            "wise-batch-7"
        }
