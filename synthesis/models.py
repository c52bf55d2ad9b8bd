"""Synthesis: the codebook (hierarchical tags), highlights (exact spans of utterances) and insights."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.timezone import now as timezone_now

from interviews.models import Booking, Message, Session, Transcript, Utterance
from studies.models import GuideQuestion, Participant, Round, Study
from workspaces.models import account_reference

PAIN_RUBRIC = {
    1: "Mild annoyance: noticed, shrugged off.",
    2: "Irritation: costs a little time now and then.",
    3: "Real cost: regular lost time or workarounds.",
    4: "Severe: blocks an important task or needs someone else's help.",
    5: "Blocks their work or makes them leave.",
}
pain_validators = [MinValueValidator(1), MaxValueValidator(5)]


class Tag(models.Model):
    """A code of the workspace's codebook; tags nest (parent/child)."""

    name = models.CharField(max_length=120)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    description = models.TextField(blank=True)
    colour = models.CharField(
        max_length=7, default="#3452c7", validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #3452c7.")]
    )
    # REFI-QDA exchange: the GUID a code came with from another QDA tool (kept, so re-exports match it there; a
    # tag without one is exported under a GUID derived from its id) and whether it may code text (False for
    # QualCoder categories, NVivo folders, MAXQDA code groups).
    guid = models.UUIDField(null=True, blank=True, unique=True, help_text="The code's GUID in QDA tools.")
    is_codable = models.BooleanField(default=True, help_text="False for a grouping code that codes no text.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Siblings have distinct names (top-level tags too, hence two constraints).
            models.UniqueConstraint(fields=["parent", "name"], name="tag_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(parent__isnull=True), name="tag_unique_root_name"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "A tag cannot sit inside itself or one of its children."})
            ancestor = ancestor.parent


class Highlight(models.Model):
    """An exact character span [start, end) of one utterance, with its tags and pain intensity."""

    utterance = models.ForeignKey(Utterance, on_delete=models.CASCADE, related_name="highlights")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="The quoted span, kept to show and to check the span still matches.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="highlights")
    # Denormalised for counting by participant, round and study without walking the transcript.
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="highlights")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pseudonym = models.CharField(
        max_length=20, blank=True, help_text="Who said it, once retention has removed the link to the participant."
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="+")
    pain = models.PositiveSmallIntegerField(null=True, blank=True, validators=pain_validators, help_text="By a person.")
    pain_ai = models.PositiveSmallIntegerField(null=True, blank=True, validators=pain_validators)
    pain_ai_reason = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    author = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["transcript", "utterance__order", "start"]
        indexes = [models.Index(fields=["study", "round"], name="highlight_study_round_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="highlight_span_not_empty"),
            models.CheckConstraint(
                condition=models.Q(pain__gte=1, pain__lte=5) | models.Q(pain__isnull=True), name="highlight_pain_range"
            ),
            models.CheckConstraint(
                condition=models.Q(pain_ai__gte=1, pain_ai__lte=5) | models.Q(pain_ai__isnull=True),
                name="highlight_pain_ai_range",
            ),
        ]

    def __str__(self):
        return f"“{self.text[:60]}”"


class InsightStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Insight(models.Model):
    """A statement the team believes, backed by highlights from any rounds, sync and async."""

    statement = models.TextField()
    highlights = models.ManyToManyField(Highlight, blank=True, related_name="insights")
    status = models.CharField(max_length=10, choices=InsightStatus.choices, default=InsightStatus.DRAFT)
    author = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return self.statement[:80]


class JobKind(models.TextChoices):
    AUTOTAG = "autotag", "Auto-tagging"
    CLUSTER = "cluster", "Clustering"
    SUMMARY = "summary", "Summaries"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class SynthesisJob(models.Model):
    """A long piece of synthesis work over a study or round, run by Celery in batches that each commit."""

    kind = models.CharField(max_length=10, choices=JobKind.choices)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    backend = models.CharField(max_length=10, blank=True, help_text="offline or openai, fixed when the job starts.")
    options = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0, help_text="Units of work (utterances or highlights).")
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0, help_text="Suggestions or themes made.")
    cursor = models.PositiveBigIntegerField(
        default=0, help_text="The last unit (by id) of the last committed batch: a resumed job starts after it."
    )
    stats = models.JSONField(default=dict, blank=True, help_text="Counts of the run: batches, fallbacks, skipped.")
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    started_by = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last committed batch; stale means resume.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        if not self.total:  # nothing counted yet (queued), or nothing to do (finished)
            return 0 if self.status in (JobStatus.QUEUED, JobStatus.RUNNING) else 100
        return min(100, round(100 * self.processed / self.total))

    @property
    def duration(self):
        if self.started_at is None:
            return None
        return (self.finished_at or self.heartbeat_at or self.started_at) - self.started_at


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Suggestion(models.Model):
    """An auto-tagging proposal for a span of an uncoded utterance; it becomes a Highlight only when accepted."""

    job = models.ForeignKey(SynthesisJob, on_delete=models.CASCADE, related_name="suggestions")
    utterance = models.ForeignKey(Utterance, on_delete=models.CASCADE, related_name="suggestions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    tags = models.ManyToManyField(Tag, blank=True, related_name="suggestions")
    new_tag_names = models.JSONField(default=list, blank=True, help_text="Tags proposed that the codebook lacks.")
    pain_ai = models.PositiveSmallIntegerField(null=True, blank=True, validators=pain_validators)
    reason = models.CharField(max_length=500, blank=True)
    score = models.FloatField(default=0)
    status = models.CharField(max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING)
    highlight = models.OneToOneField(
        Highlight, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestion"
    )
    decided_by = account_reference()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["utterance__transcript", "utterance__order", "start"]
        constraints = [
            # A resumed job re-running a batch cannot suggest the same span twice.
            models.UniqueConstraint(fields=["job", "utterance", "start", "end"], name="suggestion_unique_span"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="suggestion_span_not_empty"),
        ]
        indexes = [models.Index(fields=["status", "job"], name="suggestion_status_job_idx")]

    def __str__(self):
        return f"“{self.text[:60]}”"


class BulkAcceptance(models.Model):
    """Suggestions accepted in one go ("accept selected", "accept all scoring at least X", the API's bulk): the
    record an undo works from. Each suggestion's `highlight` is the highlight it became (synthesis.jobs.bulk)."""

    suggestions = models.ManyToManyField(Suggestion, related_name="bulk_acceptances")
    job = models.ForeignKey(
        SynthesisJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The job the inbox was showing, if one.",
    )  # fmt: skip
    min_score = models.FloatField(null=True, blank=True, help_text="For “accept all scoring at least”.")
    count = models.PositiveIntegerField()
    created_by = account_reference()
    created_at = models.DateTimeField(default=timezone_now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = account_reference()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.count} suggestion{'s' if self.count != 1 else ''} accepted at {self.created_at:%Y-%m-%d %H:%M}"


class Theme(models.Model):
    """A candidate theme from a clustering job: a label, its members and representative quotes."""

    job = models.ForeignKey(SynthesisJob, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveIntegerField()
    label = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    highlights = models.ManyToManyField(Highlight, blank=True, related_name="themes")
    utterances = models.ManyToManyField(Utterance, blank=True, related_name="themes")
    representatives = models.JSONField(
        default=list, blank=True, help_text="Quotes closest to the theme's centre: highlight or utterance ids."
    )
    insight = models.ForeignKey(Insight, null=True, blank=True, on_delete=models.SET_NULL, related_name="themes")

    class Meta:
        ordering = ["job", "order"]
        constraints = [models.UniqueConstraint(fields=["job", "order"], name="theme_unique_order")]

    def __str__(self):
        return self.label


class Brief(models.Model):
    """The host's one-page brief for a call whose participant took an async interview; every statement cites the
    answer it comes from (`content` holds the sections, each statement with its message id and quote)."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="brief")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="briefs")
    content = models.JSONField(default=dict)
    backend = models.CharField(max_length=20)
    model = models.CharField(max_length=100, blank=True)
    dropped = models.PositiveIntegerField(default=0, help_text="Generated statements dropped for a missing citation.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Brief for {self.booking}"


class ValidationQuestion(models.Model):
    """A guide question of a validation round that tests one insight."""

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="validation_questions")
    question = models.OneToOneField(GuideQuestion, on_delete=models.CASCADE, related_name="validation")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.question} tests {self.insight}"


class Verdict(models.TextChoices):
    CONFIRMS = "confirms", "Confirms"
    CONTRADICTS = "contradicts", "Contradicts"
    UNCLEAR = "unclear", "Unclear"


class ValidationAnswer(models.Model):
    """One participant's answer to a validation question, classified against its insight with the quote that
    decides it; a researcher's review replaces the machine's verdict."""

    question = models.ForeignKey(ValidationQuestion, on_delete=models.CASCADE, related_name="answers")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="validation_answers")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    quote = models.TextField(help_text="Exact words of the answer that decide the verdict.")
    reason = models.CharField(max_length=300, blank=True)
    backend = models.CharField(max_length=20)
    reviewed_by = account_reference()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["question", "session"], name="validation_answer_once_per_session"),
            models.CheckConstraint(condition=models.Q(verdict__in=Verdict.values), name="validation_verdict_valid"),
        ]

    def __str__(self):
        return f"{self.get_verdict_display()}: {self.quote[:60]}"


class Summary(models.Model):
    """What one interview, round or study says: key points, each citing the utterances or highlights it rests on,
    and the strongest quotes. `content` = {"points": [{"text", "citations": [{"kind", "id", "quote"}]}],
    "quotes": [{"kind", "id", "quote", "pain", "tags"}]}; every citation's quote is in the stored words it names.
    `material` fingerprints the words and highlights it was made from: when they change, the summary is stale."""

    transcript = models.OneToOneField(
        Transcript, null=True, blank=True, on_delete=models.CASCADE, related_name="summary"
    )
    round = models.OneToOneField(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="summary")
    study = models.OneToOneField(Study, null=True, blank=True, on_delete=models.CASCADE, related_name="summary")
    content = models.JSONField(default=dict)
    backend = models.CharField(max_length=20, help_text="extractive (offline) or openai.")
    model = models.CharField(max_length=100, blank=True)
    dropped = models.PositiveIntegerField(default=0, help_text="Generated points dropped for a citation that failed.")
    material = models.CharField(max_length=100, help_text="The fingerprint of the material it was made from.")
    fallback = models.CharField(max_length=300, blank=True, help_text="Why the model was not used, if it failed.")
    tokens_in = models.PositiveIntegerField(null=True, blank=True)
    tokens_out = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "summaries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(transcript__isnull=False, round__isnull=True, study__isnull=True)
                | models.Q(transcript__isnull=True, round__isnull=False, study__isnull=True)
                | models.Q(transcript__isnull=True, round__isnull=True, study__isnull=False),
                name="summary_one_scope",
            )
        ]

    def __str__(self):
        scope = self.transcript or self.round or self.study
        return f"Summary of {scope}"


class Question(models.Model):
    """A question a member asked across the workspace or one study, with its answer: every sentence cites numbered
    quotes (`citations`: [{"n", "kind", "id", "quote", "url"}]); offline, the quotes grouped by tag with counts per
    segment and no generated prose. The prompt is kept with the model and token counts."""

    asked_by = account_reference()
    text = models.CharField(max_length=500)
    study = models.ForeignKey(Study, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    answer = models.TextField(blank=True)
    content = models.JSONField(default=dict, blank=True, help_text="The sentences (model) or groups (offline).")
    citations = models.JSONField(default=list, blank=True)
    backend = models.CharField(max_length=20)
    model = models.CharField(max_length=100, blank=True)
    prompt = models.TextField(blank=True, help_text="What the model was sent (participants under pseudonyms).")
    tokens_in = models.PositiveIntegerField(null=True, blank=True)
    tokens_out = models.PositiveIntegerField(null=True, blank=True)
    dropped = models.PositiveIntegerField(default=0, help_text="Generated sentences dropped for a failed citation.")
    fallback = models.CharField(max_length=300, blank=True)
    insight = models.ForeignKey(Insight, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["asked_by", "-created_at"], name="question_asked_by_idx")]

    def __str__(self):
        return self.text[:80]
