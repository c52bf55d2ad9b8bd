"""The summary job (synthesis.jobs, kind "summary"): a study's interviews, then its rounds, then the study itself (a
round's job: that round's; an interview's job, `options.transcript`: that one), a few per committed batch. The
model is asked outside the batch's transaction."""

from collections import Counter

from django.db import transaction

from interviews.interviewer.services import llm_config
from interviews.models import Transcript
from studies.models import Round
from synthesis.jobs.services import RUNNERS, _commit_batch
from synthesis.models import JobKind, SynthesisJob
from synthesis.summaries.selectors import Scope
from synthesis.summaries.services import compose, summary_save

SUMMARIES_PER_BATCH = 5


class SummariesRunner:
    """The cursor counts the summaries made: a resumed job goes on after them."""

    def __init__(self, job: SynthesisJob):
        self.job = job
        self.per_batch = job.options.get("batch_size", SUMMARIES_PER_BATCH)
        self.scopes = self.scopes_of(job)

    @staticmethod
    def scopes_of(job: SynthesisJob) -> list[Scope]:
        if job.options.get("transcript"):
            return [Scope(transcript=t) for t in Transcript.objects.filter(pk=job.options["transcript"])]
        transcripts = Transcript.objects.filter(round__study_id=job.study_id).select_related("round")
        rounds = Round.objects.filter(study_id=job.study_id)
        if job.round_id is not None:
            transcripts, rounds = transcripts.filter(round_id=job.round_id), rounds.filter(pk=job.round_id)
        scopes = [Scope(transcript=t) for t in transcripts.filter(utterances__isnull=False).distinct().order_by("pk")]
        scopes += [Scope(round=r) for r in rounds.order_by("order")]
        return scopes + ([Scope(study=job.study)] if job.round_id is None else [])

    @classmethod
    def count(cls, job: SynthesisJob) -> int:
        return len(cls.scopes_of(job))

    def step(self) -> bool:
        job = self.job
        todo = self.scopes[job.cursor : job.cursor + self.per_batch]
        if not todo:
            return False
        made = [compose(scope, llm_config() if job.backend == "openai" else None) for scope in todo]
        with transaction.atomic():
            for scope, fields in zip(todo, made, strict=True):
                summary_save(scope=scope, fields=fields)
            stats = Counter(
                batches=1,
                openai=sum(f["backend"] == "openai" for f in made),
                fallbacks=sum(bool(f["fallback"]) for f in made),
                dropped=sum(f["dropped"] for f in made),
            )
            _commit_batch(job, processed=len(todo), created=len(todo), cursor=job.cursor + len(todo), stats=stats)
        return job.cursor < len(self.scopes)


RUNNERS[JobKind.SUMMARY] = SummariesRunner
