"""What a summary is made from, and where summaries stand: the material of one interview, round or study (its
participants' answers split into sentences, and its highlights with pain and tags), its fingerprint (a summary
whose material changed is stale), and the summary a page shows."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F

from interviews.models import Role, Transcript, Utterance
from studies.models import Round, Study
from synthesis.models import Highlight, Summary

MAX_SENTENCES = 3000  # a study's answers beyond this are sampled evenly (the summary names how many it read)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


@dataclass(frozen=True)
class Scope:
    """One of: an interview (transcript), a round, a study."""

    transcript: Transcript | None = None
    round: Round | None = None
    study: Study | None = None

    @property
    def kind(self) -> str:
        return "interview" if self.transcript else "round" if self.round else "study"

    def key(self) -> dict:
        return (
            {"transcript": self.transcript}
            if self.transcript
            else {"round": self.round}
            if self.round
            else {"study": self.study}
        )

    def utterances(self):
        answers = Utterance.objects.filter(speaker_role=Role.PARTICIPANT).exclude(text="")
        if self.transcript:
            return answers.filter(transcript=self.transcript)
        if self.round:
            return answers.filter(transcript__round=self.round)
        return answers.filter(transcript__round__study=self.study)

    def highlights(self):
        if self.transcript:
            return Highlight.objects.filter(transcript=self.transcript)
        if self.round:
            return Highlight.objects.filter(round=self.round)
        return Highlight.objects.filter(study=self.study)

    def title(self) -> str:
        if self.transcript:
            return f"the interview of {self.transcript.occurred_at:%Y-%m-%d}"
        if self.round:
            return f"round {self.round.order}: {self.round.purpose}"
        return f"the study “{self.study.title}”"


@dataclass
class Sentence:
    utterance_id: int
    transcript_id: int
    participant_id: int | None
    text: str  # exactly as stored, a slice of the utterance
    highlight_ids: list[int] = field(default_factory=list)
    pain: int = 0
    tags: set[str] = field(default_factory=set)


@dataclass
class Material:
    sentences: list[Sentence]
    highlights: list[dict]  # {"id", "text", "utterance_id", "transcript_id", "pain", "tags", "participant_id"}
    answers: int  # participant answers in scope, before any sampling
    fingerprint: str


def fingerprint(scope: Scope) -> str:
    """Changes when an answer or a highlight is added or removed, or a highlight is scored or tagged: counts and
    newest ids, in one query."""
    u_sql, u_params = scope.utterances().order_by().values(fid=F("pk")).query.sql_with_params()
    h_sql, h_params = scope.highlights().order_by().values(fid=F("pk"), fpain=F("pain")).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT (SELECT count(*) || '-' || COALESCE(max(fid), 0) FROM ({u_sql}) u),
                       (SELECT count(*) || '-' || COALESCE(max(fid), 0) || '-' || count(fpain) FROM ({h_sql}) h),
                       (SELECT count(*) FROM synthesis_highlight_tags
                        WHERE highlight_id IN (SELECT fid FROM ({h_sql}) t))""",
            [*u_params, *h_params, *h_params],
        )
        utterances, highlights, tags = cursor.fetchone()
    return f"u{utterances}.h{highlights}-{tags}"


def split_sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if len(m.group().split()) >= 3]


def material(scope: Scope) -> Material:
    rows = list(
        scope.utterances().order_by("pk").values_list("pk", "transcript_id", "transcript__participant_id", "text")
    )
    answers = len(rows)
    highlight_rows = list(
        scope.highlights()
        .order_by("pk")
        .values_list("pk", "text", "utterance_id", "transcript_id", "start", "end", "pain", "pain_ai", "participant_id")
    )
    tag_rows = Highlight.tags.through.objects.filter(highlight_id__in=[r[0] for r in highlight_rows])
    tags: dict[int, list[str]] = {}
    for highlight_id, name in tag_rows.values_list("highlight_id", "tag__name"):
        tags.setdefault(highlight_id, []).append(name)
    by_utterance: dict[int, list[tuple]] = {}
    highlights = []
    for pk, text, utterance_id, transcript_id, start, end, pain, pain_ai, participant_id in highlight_rows:
        by_utterance.setdefault(utterance_id, []).append((pk, start, end, pain or pain_ai or 0, tags.get(pk, [])))
        highlights.append(
            {
                "id": pk,
                "text": text,
                "utterance_id": utterance_id,
                "transcript_id": transcript_id,
                "pain": pain or pain_ai,
                "tags": sorted(tags.get(pk, [])),
                "participant_id": participant_id,
            }
        )
    sentences = []
    for pk, transcript_id, participant_id, text in rows:
        for start, end in split_sentences(text):
            sentence = Sentence(pk, transcript_id, participant_id, text[start:end].strip())
            for h_id, h_start, h_end, pain, h_tags in by_utterance.get(pk, []):
                if h_start < end and start < h_end:  # the highlight overlaps the sentence
                    sentence.highlight_ids.append(h_id)
                    sentence.pain = max(sentence.pain, pain)
                    sentence.tags.update(h_tags)
            sentences.append(sentence)
    if len(sentences) > MAX_SENTENCES:
        step = len(sentences) / MAX_SENTENCES
        sentences = [sentences[int(i * step)] for i in range(MAX_SENTENCES)]
    return Material(sentences, highlights, answers, fingerprint(scope))


@dataclass(frozen=True)
class Shown:
    """A summary as a page shows it: None when there is none yet; `stale` when new material arrived since."""

    summary: Summary | None
    stale: bool


def summary_shown(scope: Scope, summary: Summary | None = None) -> Shown:
    """The scope's summary (or the one given) and whether it is stale: one query, two with a summary."""
    summary = summary if summary is not None else Summary.objects.filter(**scope.key()).first()
    return Shown(summary, summary is not None and summary.material != fingerprint(scope))
