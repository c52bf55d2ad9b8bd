"""Celery tasks of synthesis jobs: thin wrappers over `synthesis.jobs.services`."""

from config.celery import app
from synthesis.jobs.services import job_run, jobs_sweep_all_workspaces


@app.task
def run_job(job_id: int) -> None:
    """Run or resume a synthesis job in the schema that enqueued it (acks late: a lost worker's job is re-sent)."""
    job_run(job_id)


@app.task
def sweep_jobs_all_workspaces() -> None:
    """Beat runs this in `public`: every workspace's stale running jobs and never-started queued jobs go out again."""
    jobs_sweep_all_workspaces()
