"""A completed session reaches a real Celery worker through the signal: its validation answer is classified."""

import time

import pytest
from django_tenants.utils import schema_context

from studies.models import Participant, Study
from synthesis.models import Insight, ValidationAnswer, Verdict
from tests.processes import committed
from tests.synthesis.validation.world import answered_session, build, validation_round


@pytest.mark.django_db
def test_completing_a_session_classifies_its_answer_in_a_worker(world, worker):
    schema = world.acme.schema_name

    def setup():
        with schema_context(schema):
            w = build(crowd=1)
            round_ = validation_round(w).round
            # Committed outside the test's transaction: the signal and the enqueue fire after this commit.
            session = answered_session(round_, w.crowd[0], ["It took us about six weeks before anyone used it."])
            people = [p.pk for p in (*w.producers, *w.crowd)]
            return w.study.pk, w.insight.pk, session.pk, people

    study_id, insight_id, session_id, people = committed(setup)

    def verdict():
        with schema_context(schema):
            return ValidationAnswer.objects.filter(session_id=session_id).values_list("verdict", "quote").first()

    try:
        deadline, found = time.monotonic() + 30, None
        while time.monotonic() < deadline and not (found := committed(verdict)):
            time.sleep(0.2)
        assert found == (Verdict.CONFIRMS, "It took us about six weeks before anyone used it."), (
            "see .data/test-celery-worker.log"
        )
    finally:

        def cleanup():
            with schema_context(schema):
                Insight.objects.filter(pk=insight_id).delete()
                Study.objects.filter(pk=study_id).delete()
                Participant.objects.filter(pk__in=people).delete()

        committed(cleanup)
