"""A real Celery worker runs a synthesis job; killed (SIGKILL) mid-job, the job resumes in a new worker, through the
sweep, where it stopped: no duplicate suggestions, every unit processed once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from studies.models import Participant, Study
from synthesis.jobs import services
from synthesis.models import JobKind, JobStatus, Suggestion, SynthesisJob, Tag
from tests.processes import committed, process_env, start, stop
from tests.synthesis.jobs_world import build, transcript

WORKER_ARGS = ["-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO",
               "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip


@pytest.fixture
def jobs_queue(celery_queue):
    """A queue of this test's own: the session's worker (on `celery_queue`) must not take the job we kill."""
    from config.celery import app

    name = f"{celery_queue}-jobs"
    app.conf.task_default_queue = name
    yield name
    app.conf.task_default_queue = celery_queue
    with app.connection_for_write() as conn:
        conn.default_channel.client.delete(name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")


def _job(schema, pk) -> SynthesisJob:
    def read():
        with schema_context(schema):
            return SynthesisJob.objects.get(pk=pk)

    return committed(read)


def _wait(condition, timeout: float, every: float = 0.05, meanwhile=None) -> bool:
    deadline = time.monotonic() + timeout
    last = time.monotonic()
    while time.monotonic() < deadline:
        if condition():
            return True
        if meanwhile and time.monotonic() - last > 3:
            meanwhile()
            last = time.monotonic()
        time.sleep(every)
    return False


@pytest.mark.django_db
def test_a_killed_worker_s_job_resumes_without_duplicates(world, jobs_queue):
    schema = world.acme.schema_name
    answers = [f"Interview answer {i}: exporting report {i} to Excel by hand takes all morning." for i in range(60)]

    def setup():
        with schema_context(schema):
            jw = build(world.researcher)
            transcript(jw.round, answers, title="A long interview")
            # Committed outside the test's transaction: the on_commit enqueue fires at once.
            job = services.job_start(
                kind=JobKind.AUTOTAG, study=jw.round.study, options={"batch_size": 5}, actor=world.researcher
            )
            return jw.round.study_id, job.pk

    study_id, job_id = committed(setup)
    env = process_env(CELERY_QUEUE=jobs_queue, PARLEY_SYNTHESIS_BATCH_PAUSE_MS="300")
    first = start(WORKER_ARGS, env, "test-jobs-worker-1")
    second = None
    try:
        assert _wait(lambda: _job(schema, job_id).processed > 0, timeout=60), "see .data/test-jobs-worker-1.log"
        first.kill()  # SIGKILL: no chance to clean up, the batch in flight is lost
        first.wait(timeout=10)
        killed = _job(schema, job_id)
        assert killed.status == JobStatus.RUNNING and 0 < killed.processed < killed.total == 63

        def stale():
            with schema_context(schema):
                SynthesisJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now() - timedelta(minutes=10))

        committed(stale)

        def sweep():  # what beat does every minute
            with schema_context(schema):
                return services.jobs_sweep()

        assert committed(sweep) == 1
        second = start(WORKER_ARGS, env, "test-jobs-worker-2")
        done = _wait(lambda: _job(schema, job_id).status == JobStatus.DONE, timeout=90, every=0.2,
                     meanwhile=lambda: committed(sweep))  # fmt: skip
        assert done, "see .data/test-jobs-worker-2.log"
        job = _job(schema, job_id)
        assert job.processed == job.total == 63 and job.stats["resumed"] >= 1 and job.finished_at is not None

        def spans():
            with schema_context(schema):
                return list(Suggestion.objects.filter(job_id=job_id).values_list("utterance_id", "start", "end"))

        found = committed(spans)
        assert len(found) == len(set(found)) == 62  # every answer but the unrelated one, once
        assert job.created_count == 62
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                stop(proc)

        def cleanup():
            with schema_context(schema):
                Participant.objects.filter(transcripts__round__study_id=study_id).delete()
                Study.objects.filter(pk=study_id).delete()
                Tag.objects.filter(name__in=["Export", "Onboarding", "Pricing"]).delete()

        committed(cleanup)
