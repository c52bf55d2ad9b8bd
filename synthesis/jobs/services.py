"""Synthesis jobs: start, cancel, run in committed batches, resume after a lost worker; accept or reject suggestions.

The run loop (`job_run`) holds a PostgreSQL advisory lock on the job for as long as it runs, so a job re-enqueued by
the sweep while its first worker still works waits its turn instead of running twice. Each batch commits its
suggestions (or themes) together with the job's `cursor`, `processed` and `heartbeat_at`: a worker killed mid-batch
loses that batch only, and the next run starts after the cursor. Suggestions are unique per job and span, so even a
batch run twice could not suggest the same quote twice.
"""

import logging
import time
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_tenants.utils import get_tenant_model, schema_context

from interviews.interviewer.services import llm_config
from interviews.models import Role, Utterance
from studies.models import Round, Study
from synthesis.codebook import services as codebook
from synthesis.coding import services as coding
from synthesis.insights.services import insight_create
from synthesis.jobs import autotag
from synthesis.jobs.bulk import bulk_acceptance_record
from synthesis.jobs.cluster import MAX_THEMES, cluster_texts
from synthesis.models import (
    Highlight,
    Insight,
    JobKind,
    JobStatus,
    Suggestion,
    SuggestionStatus,
    SynthesisJob,
    Tag,
    Theme,
)
from workspaces.models import User

logger = logging.getLogger(__name__)

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)
DEFAULT_BATCH_SIZE = 50
MAX_BATCH_SIZE = 500
THEMES_PER_BATCH = 5
CORPUS_SAMPLE = 3000  # utterances of the scope that give the offline tagger's words their weights
SOURCES = ("highlights", "answers")


# Scope ---------------------------------------------------------------------------------------------------------------


def _answers(study_id: int, round_id: int | None) -> QuerySet[Utterance]:
    """Participant utterances of the scope that no highlight covers yet."""
    answers = Utterance.objects.filter(speaker_role=Role.PARTICIPANT, transcript__round__study_id=study_id)
    if round_id is not None:
        answers = answers.filter(transcript__round_id=round_id)
    return answers.exclude(text="").exclude(Exists(Highlight.objects.filter(utterance=OuterRef("pk"))))


def autotag_units(job: SynthesisJob) -> QuerySet[Utterance]:
    """What an auto-tagging job still may suggest for: uncoded answers that no other job has a live suggestion for."""
    live = Suggestion.objects.filter(
        utterance=OuterRef("pk"), status__in=[SuggestionStatus.PENDING, SuggestionStatus.ACCEPTED]
    ).exclude(job_id=job.pk)
    return _answers(job.study_id, job.round_id).exclude(Exists(live)).order_by("pk")


def _scope_highlights(job: SynthesisJob) -> QuerySet[Highlight]:
    highlights = Highlight.objects.filter(study_id=job.study_id)
    if job.round_id is not None:
        highlights = highlights.filter(round_id=job.round_id)
    return highlights.order_by("pk")


# Starting and cancelling ----------------------------------------------------------------------------------------------


def _int_option(options: dict, name: str, low: int, high: int, errors: dict, message: str) -> None:
    value = options.get(name)
    if value in (None, ""):
        options.pop(name, None)
        return
    try:
        number = int(value)
        if isinstance(value, bool) or str(number) != str(value).strip() or not low <= number <= high:
            raise ValueError
    except (TypeError, ValueError):
        errors[name] = message
        return
    options[name] = number


def _clean_options(kind: str, options: dict | None, errors: dict) -> dict:
    if options is not None and not isinstance(options, dict):
        errors["options"] = "Give the options as an object."
        return {}
    options = dict(options or {})
    allowed = {"batch_size"}
    _int_option(options, "batch_size", 1, MAX_BATCH_SIZE, errors, f"Use a batch size from 1 to {MAX_BATCH_SIZE}.")
    if kind == JobKind.AUTOTAG:
        allowed.add("threshold")
        threshold = options.get("threshold")
        if threshold in (None, ""):
            options["threshold"] = autotag.DEFAULT_THRESHOLD
        else:
            try:
                threshold = float(threshold)
                if isinstance(options["threshold"], bool) or not 0.05 <= threshold <= 0.95:
                    raise ValueError
                options["threshold"] = threshold
            except (TypeError, ValueError):
                errors["threshold"] = "Use a similarity threshold from 0.05 to 0.95 (0.15 by default)."
    elif kind == JobKind.SUMMARY:
        allowed.add("transcript")
        _int_option(options, "transcript", 1, 2**63 - 1, errors, "Give the id of an interview of this study.")
    elif kind == JobKind.CLUSTER:
        allowed |= {"source", "themes"}
        options.setdefault("source", "highlights")
        if options["source"] in (None, ""):
            options["source"] = "highlights"
        if options["source"] not in SOURCES:
            errors["source"] = "Cluster “highlights” or uncoded “answers”."
        message = f"Ask for 2 to {MAX_THEMES} themes, or leave it empty to let the job choose."
        _int_option(options, "themes", 2, MAX_THEMES, errors, message)
    unknown = sorted(set(options) - allowed)
    if unknown:
        errors["options"] = f"Unknown option {', '.join(map(str, unknown))}: use {', '.join(sorted(allowed))}."
    return options


@transaction.atomic
def job_start(
    *, kind: str, study: Study | None, round: Round | None = None, options: dict | None = None, actor: User | None
) -> SynthesisJob:
    """Record a queued job and hand it to a worker once committed; a broker outage leaves it for the sweep."""
    errors = {}
    if kind not in JobKind.values:
        errors["kind"] = f"“{kind}” is not a kind of job: use {' or '.join(JobKind.values)}."
    if study is None:
        errors["study"] = "Pick the study to work on."
    elif round is not None and round.study_id != study.pk:
        errors["round"] = "This round belongs to another study."
    options = _clean_options(kind, options, errors)
    if not errors:
        # One job of a kind per study at a time: two auto-tagging jobs would suggest the same quotes.
        busy = SynthesisJob.objects.select_for_update().filter(kind=kind, study=study, status__in=ACTIVE).first()
        if busy is not None:
            errors["kind"] = (
                f"{busy.get_kind_display()} #{busy.pk} is still {busy.status} for this study: wait or cancel it."
            )
    if errors:
        raise ValidationError(errors)
    backend = "offline"
    if kind in (JobKind.AUTOTAG, JobKind.SUMMARY) and llm_config() is not None:
        backend = "openai"
    job = SynthesisJob(kind=kind, study=study, round=round, options=options, backend=backend, started_by=actor)
    job.full_clean()
    job.save()
    schema_name, job_id = connection.schema_name, job.pk
    transaction.on_commit(lambda: job_enqueue(schema_name, job_id))
    return job


def job_enqueue(schema_name: str, job_id: int) -> bool:
    """Send the job to a worker; False (logged) when the broker is down: the sweep sends it later."""
    from synthesis.jobs.tasks import run_job

    try:
        with schema_context(schema_name):
            run_job.delay(job_id)
    except Exception:
        logger.warning("broker unavailable: synthesis job %s waits for the sweep", job_id, exc_info=True)
        return False
    return True


@transaction.atomic
def job_cancel(*, job: SynthesisJob, actor: User | None) -> SynthesisJob:
    """Stop a job: a queued one at once, a running one after its current batch. What it made so far is kept."""
    locked = SynthesisJob.objects.select_for_update().get(pk=job.pk)
    if locked.status in FINISHED:
        raise ValidationError({"status": f"This job is already {locked.get_status_display().lower()}."})
    locked.cancel_requested = True
    fields = ["cancel_requested"]
    if locked.status == JobStatus.QUEUED:
        locked.status, locked.finished_at = JobStatus.CANCELLED, timezone.now()
        fields += ["status", "finished_at"]
    locked.save(update_fields=fields)
    return locked


# The run loop ---------------------------------------------------------------------------------------------------------


class _Lock:
    """A session-level advisory lock on the job: released at the end, or by PostgreSQL when the worker dies."""

    def __init__(self, job_id: int):
        self.key = f"parley.synthesis-job.{connection.schema_name}.{job_id}"
        self.held = False

    def __enter__(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [self.key])
            self.held = cursor.fetchone()[0]
        return self.held

    def __exit__(self, *exc):
        if not self.held:
            return
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [self.key])
        except Exception:  # the connection is gone, and the lock with it
            logger.warning("could not release the lock of %s", self.key, exc_info=True)


def job_run(job_id: int, *, max_batches: int | None = None) -> SynthesisJob | None:
    """Run (or resume) a job batch by batch until it is done, cancelled or fails; `max_batches` stops early.

    Returns the job as it stands, or None when another worker holds it or it does not exist."""
    with _Lock(job_id) as acquired:
        if not acquired:
            logger.info("synthesis job %s is running in another worker", job_id)
            return None
        job = _begin(job_id)
        if job is None or job.status != JobStatus.RUNNING:
            return job
        batches = 0
        try:
            runner = RUNNERS[job.kind](job)
            while max_batches is None or batches < max_batches:
                if SynthesisJob.objects.filter(pk=job_id, cancel_requested=True).exists():
                    return _finish(job_id, JobStatus.CANCELLED)
                if not runner.step():
                    return _finish(job_id, JobStatus.DONE)
                batches += 1
                if settings.SYNTHESIS_JOB_BATCH_PAUSE_MS:  # spares a busy database
                    time.sleep(settings.SYNTHESIS_JOB_BATCH_PAUSE_MS / 1000)
        except Exception as error:
            logger.exception("synthesis job %s failed", job_id)
            return _finish(job_id, JobStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000])
        return SynthesisJob.objects.get(pk=job_id)


@transaction.atomic
def _begin(job_id: int) -> SynthesisJob | None:
    job = SynthesisJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status in FINISHED:
        return job
    now = timezone.now()
    if job.cancel_requested:
        job.status, job.finished_at = JobStatus.CANCELLED, now
        job.save(update_fields=["status", "finished_at"])
        return job
    if job.started_at is None:
        job.started_at = now
        job.total = RUNNERS[job.kind].count(job)
    else:
        job.stats = {**job.stats, "resumed": job.stats.get("resumed", 0) + 1}
    job.status, job.heartbeat_at = JobStatus.RUNNING, now
    job.save(update_fields=["status", "started_at", "total", "stats", "heartbeat_at"])
    return job


@transaction.atomic
def _finish(job_id: int, status: str, *, error: str = "") -> SynthesisJob:
    job = SynthesisJob.objects.select_for_update().get(pk=job_id)
    now = timezone.now()
    job.status, job.finished_at, job.heartbeat_at, job.error = status, now, now, error
    if status == JobStatus.DONE:
        if job.processed < job.total:  # units coded by hand (or suggested elsewhere) while the job ran
            job.stats = {**job.stats, "skipped": job.total - job.processed}
        job.total = job.processed = max(job.total, job.processed)
    job.save()
    return job


@transaction.atomic
def _commit_batch(job: SynthesisJob, *, processed: int, created: int, cursor: int | None, stats: Counter) -> None:
    """Advance the job with a batch's counts, in the batch's transaction; it must not have moved meanwhile."""
    locked = SynthesisJob.objects.select_for_update().get(pk=job.pk)
    if locked.cursor != job.cursor or locked.processed != job.processed:
        raise RuntimeError(f"synthesis job {job.pk} moved under this worker")
    merged = Counter(locked.stats)
    merged.update({key: value for key, value in stats.items() if value})
    locked.processed += processed
    locked.created_count += created
    locked.cursor = cursor if cursor is not None else locked.cursor
    locked.stats, locked.heartbeat_at = dict(merged), timezone.now()
    locked.save(update_fields=["processed", "created_count", "cursor", "stats", "heartbeat_at"])
    job.processed, job.created_count, job.cursor, job.stats = (
        locked.processed, locked.created_count, locked.cursor, locked.stats,
    )  # fmt: skip


class _Autotag:
    """One batch: the next uncoded answers after the cursor, tagged, their suggestions saved."""

    def __init__(self, job: SynthesisJob):
        self.job = job
        self.batch_size = job.options.get("batch_size", DEFAULT_BATCH_SIZE)
        profiles = autotag.tag_profiles()
        corpus = _answers(job.study_id, job.round_id).order_by("pk").values_list("text", flat=True)[:CORPUS_SAMPLE]
        threshold = job.options.get("threshold", autotag.DEFAULT_THRESHOLD)
        offline = autotag.OfflineTagger(profiles, corpus=list(corpus), threshold=threshold)
        self.tagger = offline
        if job.backend == "openai":
            config = llm_config()
            if config is None:
                logger.warning("synthesis job %s: the LLM settings lost their key, tagging offline", job.pk)
                _commit_batch(job, processed=0, created=0, cursor=None, stats=Counter(no_llm_config=1))
            else:
                self.tagger = autotag.OpenAITagger(config, profiles, fallback=offline)

    @staticmethod
    def count(job: SynthesisJob) -> int:
        return autotag_units(job).count()

    def step(self) -> bool:
        job = self.job
        batch = list(autotag_units(job).filter(pk__gt=job.cursor).values_list("pk", "text")[: self.batch_size])
        if not batch:
            return False
        tagged = self.tagger.suggest([autotag.Unit(id=pk, text=text) for pk, text in batch])
        with transaction.atomic():
            created = _save_proposals(job, tagged.proposals)
            stats = Counter({"batches": 1, **tagged.stats})
            _commit_batch(job, processed=len(batch), created=created, cursor=batch[-1][0], stats=stats)
        return len(batch) == self.batch_size


def _save_proposals(job: SynthesisJob, proposals: list[autotag.Proposal]) -> int:
    if not proposals:
        return 0
    texts = dict(Utterance.objects.filter(pk__in={p.utterance_id for p in proposals}).values_list("pk", "text"))
    suggestions = [
        Suggestion(
            job=job,
            utterance_id=p.utterance_id,
            start=p.start,
            end=p.end,
            text=texts[p.utterance_id][p.start : p.end],
            new_tag_names=p.new_tag_names,
            pain_ai=p.pain,
            reason=p.reason,
            score=p.score,
        )
        for p in proposals
        if p.utterance_id in texts and 0 <= p.start < p.end <= len(texts[p.utterance_id])
    ]
    Suggestion.objects.bulk_create(suggestions)  # the unique span constraint refuses a repeat: the batch rolls back
    links = [
        Suggestion.tags.through(suggestion_id=s.pk, tag_id=tag_id)
        for s, p in zip(suggestions, proposals, strict=True)
        for tag_id in dict.fromkeys(p.tag_ids)
    ]
    Suggestion.tags.through.objects.bulk_create(links)
    return len(suggestions)


class _Cluster:
    """Clusters the whole scope at once (deterministically), then commits the themes a few at a time."""

    def __init__(self, job: SynthesisJob):
        self.job = job
        self.per_batch = job.options.get("batch_size", THEMES_PER_BATCH)
        source = job.options.get("source", "highlights")
        limit = job.stats.get("snapshot")  # items that appeared after the first run are not part of this job
        if source == "highlights":
            items = _scope_highlights(job)
            items = items.filter(pk__lte=limit) if limit is not None else items
            rows = list(items.values_list("pk", "text"))
            tag_rows = Highlight.tags.through.objects.filter(highlight__in=items.values("pk"))
            paths = coding.tag_paths()
            tags: dict[int, list[str]] = {}
            for highlight_id, tag_id in tag_rows.values_list("highlight_id", "tag_id"):
                tags.setdefault(highlight_id, []).append(paths.get(tag_id, ""))
            member_tags = [tags.get(pk, []) for pk, _ in rows]
        else:
            items = _answers(job.study_id, job.round_id).order_by("pk")
            items = items.filter(pk__lte=limit) if limit is not None else items
            rows, member_tags = list(items.values_list("pk", "text")), None
        if limit is None and rows:
            _commit_batch(job, processed=0, created=0, cursor=None, stats=Counter(snapshot=rows[-1][0]))
        self.source, self.ids = source, [pk for pk, _ in rows]
        self.clusters = cluster_texts([text for _, text in rows], n_themes=job.options.get("themes"), tags=member_tags)
        self.done = set(Theme.objects.filter(job=job).values_list("order", flat=True))

    @staticmethod
    def count(job: SynthesisJob) -> int:
        if job.options.get("source", "highlights") == "highlights":
            return _scope_highlights(job).count()
        return _answers(job.study_id, job.round_id).count()

    def step(self) -> bool:
        todo = [order for order in range(len(self.clusters)) if order not in self.done][: self.per_batch]
        if not todo:
            return False
        with transaction.atomic():
            themes = Theme.objects.bulk_create(
                Theme(
                    job=self.job,
                    order=order,
                    label=self.clusters[order].label[:200],
                    size=len(self.clusters[order].members),
                    representatives=[self.ids[i] for i in self.clusters[order].representatives],
                )
                for order in todo
            )
            through = Theme.highlights.through if self.source == "highlights" else Theme.utterances.through
            column = "highlight_id" if self.source == "highlights" else "utterance_id"
            through.objects.bulk_create(
                through(theme_id=theme.pk, **{column: self.ids[i]})
                for theme, order in zip(themes, todo, strict=True)
                for i in self.clusters[order].members
            )
            members = sum(len(self.clusters[order].members) for order in todo)
            _commit_batch(self.job, processed=members, created=len(themes), cursor=None, stats=Counter(batches=1))
        self.done.update(todo)
        return len(self.done) < len(self.clusters)


# Kinds whose runner lives with its capability register here (synthesis.summaries.job: summaries).
RUNNERS = {JobKind.AUTOTAG: _Autotag, JobKind.CLUSTER: _Cluster}


# The sweep ------------------------------------------------------------------------------------------------------------


def jobs_needing_a_worker() -> QuerySet[SynthesisJob]:
    """Running jobs whose worker went quiet, and queued jobs no worker picked up (a broker outage)."""
    stale = timezone.now() - timedelta(seconds=settings.SYNTHESIS_JOB_STALE_SECONDS)
    running = Q(status=JobStatus.RUNNING) & (Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True))
    queued = Q(status=JobStatus.QUEUED, created_at__lt=stale)
    return SynthesisJob.objects.filter(running | queued).order_by("pk")


def jobs_sweep() -> int:
    """Re-enqueue the current workspace's stale jobs; returns how many were sent to a worker."""
    return sum(job_enqueue(connection.schema_name, pk) for pk in jobs_needing_a_worker().values_list("pk", flat=True))


def jobs_sweep_all_workspaces() -> int:
    sent = 0
    for schema_name in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            sent += jobs_sweep()
    return sent


# Suggestions ----------------------------------------------------------------------------------------------------------


def _tag_named(name: str, actor: User | None) -> Tag:
    """The top-level tag called `name` (ignoring case), created through the codebook when missing."""
    name = codebook.clean_name(name)
    return Tag.objects.filter(parent=None, name__iexact=name).first() or codebook.tag_create(name=name, actor=actor)


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, actor: User | None) -> Highlight:
    """Turn a pending suggestion into a highlight of its span, with its tags (new names become tags) and AI pain."""
    locked = Suggestion.objects.select_for_update().select_related("utterance__transcript__round").get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.PENDING:
        raise ValidationError({"status": f"This suggestion was already {locked.status}."})
    utterance = locked.utterance
    if utterance.text[locked.start : locked.end] != locked.text:
        raise ValidationError({"text": "The utterance changed since this was suggested: highlight it by hand."})
    try:
        tags = [*locked.tags.all(), *(_tag_named(name, actor) for name in locked.new_tag_names)]
    except ValidationError as error:
        raise ValidationError({"tags": error.messages}) from None
    highlight = coding.highlight_create(utterance=utterance, start=locked.start, end=locked.end, actor=actor, tags=tags)
    if locked.pain_ai is not None:
        highlight.pain_ai, highlight.pain_ai_reason = locked.pain_ai, locked.reason[:500]
        highlight.full_clean()
        highlight.save(update_fields=["pain_ai", "pain_ai_reason"])
    locked.status, locked.highlight = SuggestionStatus.ACCEPTED, highlight
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save(update_fields=["status", "highlight", "decided_by", "decided_at"])
    suggestion.status, suggestion.highlight = locked.status, highlight
    return highlight


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, actor: User | None) -> Suggestion:
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.PENDING:
        raise ValidationError({"status": f"This suggestion was already {locked.status}."})
    locked.status, locked.decided_by, locked.decided_at = SuggestionStatus.REJECTED, actor, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    suggestion.status = locked.status
    return locked


@transaction.atomic
def suggestions_decide(
    *, ids: Iterable[int], action: str, actor: User | None, job: int | None = None, min_score: float | None = None
) -> dict:
    """Accept or reject many pending suggestions at once: all of them or, on any error, none. An acceptance is
    recorded (`bulk_acceptance`: its id) so that it can be undone; `job` and `min_score` say what was shown."""
    if action not in ("accept", "reject"):
        raise ValidationError({"action": "Choose accept or reject."})
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise ValidationError({"ids": "Select at least one suggestion."})
    found = {s.pk: s for s in Suggestion.objects.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({"ids": f"No suggestion with id {', '.join(missing[:5])} in this workspace."})
    decided = [str(pk) for pk in ids if found[pk].status != SuggestionStatus.PENDING]
    if decided:
        raise ValidationError({"ids": f"Already decided: {', '.join(decided[:5])}. Reload the inbox."})
    for pk in ids:
        if action == "accept":
            suggestion_accept(suggestion=found[pk], actor=actor)
        else:
            suggestion_reject(suggestion=found[pk], actor=actor)
    if action == "reject":
        return {"action": action, "count": len(ids), "bulk_acceptance": None}
    bulk = bulk_acceptance_record(suggestions=[found[pk] for pk in ids], actor=actor, job=job, min_score=min_score)
    return {"action": action, "count": len(ids), "bulk_acceptance": bulk.pk}


def suggestions_pending(*, job: int | None = None, min_score: float | None = None) -> QuerySet[Suggestion]:
    pending = Suggestion.objects.filter(status=SuggestionStatus.PENDING)
    if job is not None:
        pending = pending.filter(job_id=job)
    if min_score is not None:
        pending = pending.filter(score__gte=min_score)
    return pending


@transaction.atomic
def suggestions_accept_above(*, min_score: float, job: int | None = None, actor: User | None) -> dict:
    """Accept every pending suggestion (of one job, or all) whose score is at least `min_score`."""
    if isinstance(min_score, bool) or not isinstance(min_score, int | float) or not 0 <= min_score <= 1:
        raise ValidationError({"min_score": "Give a score from 0 to 1."})
    ids = list(suggestions_pending(job=job, min_score=min_score).values_list("pk", flat=True))
    if not ids:
        return {"action": "accept", "count": 0, "bulk_acceptance": None}
    return suggestions_decide(ids=ids, action="accept", actor=actor, job=job, min_score=min_score)


# Themes ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def theme_make_insight(*, theme: Theme, actor: User | None, statement: str = "") -> Insight:
    """An insight backed by the theme's quotes; for uncoded answers, its representatives are highlighted first."""
    locked = Theme.objects.select_for_update().get(pk=theme.pk)
    if locked.insight_id is not None:
        return locked.insight
    statement = statement or f"Theme: {locked.label}"
    highlight_ids = list(locked.highlights.values_list("pk", flat=True))
    if not highlight_ids:
        answers = Utterance.objects.select_related("transcript__round").in_bulk(locked.representatives)
        for pk in locked.representatives:
            utterance = answers.get(pk)
            if utterance is None or not utterance.text.strip():
                continue
            start = len(utterance.text) - len(utterance.text.lstrip())
            end = len(utterance.text.rstrip())
            highlight_ids.append(coding.highlight_create(utterance=utterance, start=start, end=end, actor=actor).pk)
    if not highlight_ids:
        raise ValidationError({"theme": "This theme has no quotes left to back an insight."})
    insight = insight_create(statement=statement, highlights=highlight_ids, actor=actor)
    locked.insight = insight
    locked.save(update_fields=["insight"])
    theme.insight = insight
    return insight
