"""The demo's funnel study runs as one programme: the wide net is live, its shortlist fed ten people to the sync
round, six booked, two calls held with transcripts and briefs, and three insights became a validation round that
40 people of a fresh panel answered, each answer classified (and reviewed) against its insight."""

import io
from collections import Counter

from django.core.management import call_command
from django_tenants.utils import schema_context

from demo.studies import CHURN_STUDY
from interviews.models import Booking, Handoff, Session
from studies.models import Round, Study
from synthesis.models import Brief, ValidationAnswer, ValidationQuestion
from synthesis.shortlist.selectors import shortlist
from synthesis.validation.selectors import insight_validation


def test_the_demo_funnel_flows_from_wide_net_to_validation(world, report):
    call_command("seed_demo", stdout=io.StringIO())
    with schema_context(world.acme.schema_name):
        study = Study.objects.get(title=CHURN_STUDY)
        assert study.status == "running"
        wide, deep, validation = Round.objects.filter(study=study).order_by("order")
        assert (wide.kind, wide.status, deep.kind, deep.status) == ("async", "live", "sync", "live")
        assert Session.objects.filter(round=wide, status="completed").count() >= 60
        assert wide.live_at == Session.objects.filter(round=wide).order_by("started_at").first().started_at

        handoffs = Handoff.objects.filter(from_round=wide, to_round=deep)
        assert handoffs.count() == 10 and all(h.session.followup_opt_in_at or h.participant.consent_to_contact
                                              for h in handoffs)  # fmt: skip
        bookings = Booking.objects.filter(round=deep)
        assert bookings.count() == 6 and all(b.invite_id and b.invite.participant_id == b.participant_id
                                             for b in bookings)  # fmt: skip
        held = bookings.filter(status="completed")
        assert held.count() == 2 and all(b.transcript_id for b in held)
        assert Brief.objects.filter(booking__in=held).count() == 2
        assert Brief.objects.filter(booking__round=deep).count() == 6
        # The people handed off leave the shortlist; others remain to choose from.
        assert shortlist(wide).rows and not {r.session.participant_id for r in shortlist(wide).rows} & {
            h.participant_id for h in handoffs}  # fmt: skip

        assert validation.kind == "async" and validation.status == "live"
        questions = list(ValidationQuestion.objects.filter(question__round=validation).select_related("insight"))
        assert len(questions) == 3
        assert Session.objects.filter(round=validation, status="completed").count() == 40
        answers = ValidationAnswer.objects.filter(question__in=questions)
        assert answers.count() == 120
        # Nobody quoted in an insight was asked to validate it.
        producers = {p for q in questions for p in q.insight.highlights.values_list("participant_id", flat=True)}
        assert not producers & set(Session.objects.filter(round=validation).values_list("participant_id", flat=True))
        for question in questions:
            result = insight_validation(question.insight)
            assert result.total.n == 40 and result.total.interval is not None
        reviewed = answers.filter(reviewed_by__isnull=False).count()
        verdicts = Counter(answers.values_list("verdict", flat=True))
        report(
            f"demo validation answers: {dict(verdicts)}; the offline classifier agreed with the intended "
            f"verdict on {answers.count() - reviewed} of {answers.count()} (the demo's researcher reviewed the rest)"
        )
