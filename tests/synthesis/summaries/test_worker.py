"""The "Summarise" button's job runs in a real Celery worker: queued after commit, summaries stored, progress 100%."""

import pytest
from django_tenants.utils import schema_context

from studies.models import Study
from synthesis.models import JobStatus, Summary
from synthesis.summaries import services
from tests.processes import committed
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory
from tests.synthesis.insight_data import interview
from tests.synthesis.jobs.test_worker import _job, _wait
from tests.synthesis.summaries.test_summaries import JONAS, MAYA

TITLE = "Worker: summaries"


@pytest.mark.django_db
def test_a_worker_summarises_a_study(world, worker):
    schema = world.acme.schema_name

    def setup():
        with schema_context(schema):
            study = StudyFactory(title=TITLE)
            round_ = RoundFactory(study=study, kind="async", order=1, purpose="Check-in")
            interview(*MAYA, round_=round_, participant=ParticipantFactory())
            interview(*JONAS, round_=round_, participant=ParticipantFactory())
            return services.summaries_start(study=study, actor=None).pk, study.pk

    job_id, study_id = committed(setup)
    try:
        assert _wait(lambda: _job(schema, job_id).status == JobStatus.DONE, timeout=60)
        job = _job(schema, job_id)
        assert (job.total, job.processed, job.percent) == (4, 4, 100)  # 2 interviews, the round, the study

        def stored():
            with schema_context(schema):
                return Summary.objects.filter(study_id=study_id).values_list("backend", flat=True).first()

        assert committed(stored) == "extractive"
    finally:

        def remove():
            with schema_context(schema):
                Study.objects.filter(title=TITLE).delete()

        committed(remove)
