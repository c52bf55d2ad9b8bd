"""Ask's retrieval: the quotes (highlights first, then participants' uncoded answers) that best match a question's
words, any of them, in the workspace or one study, optionally one segment; and the questions a person asked."""

import re
from dataclasses import dataclass, field

from django.db import connection

from studies.models import Participant
from synthesis.models import Highlight, Question
from synthesis.search.selectors import language

HIGHLIGHTS = 15
ANSWERS = 10
SEGMENT_KEY = "segment"


@dataclass
class Quote:
    """One numbered quote an answer may cite; `who` is a pseudonym (P12), never a name."""

    n: int
    kind: str  # "highlight" or "utterance"
    id: int
    text: str
    transcript_id: int
    participant_id: int | None
    who: str
    method: str
    segment: str
    pain: int | None
    tags: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        anchor = "h" if self.kind == "highlight" else "u"
        return f"/transcripts/{self.transcript_id}/#{anchor}-{self.id}"

    def citation(self) -> dict:
        return {"n": self.n, "kind": self.kind, "id": self.id, "quote": self.text, "url": self.url}


def segments() -> list[str]:
    """The segment values participants have (for reading a segment out of a question: "enterprise customers")."""
    values = Participant.objects.exclude(**{f"attributes__{SEGMENT_KEY}": None}).values_list(
        f"attributes__{SEGMENT_KEY}", flat=True
    )
    return sorted({str(v) for v in values.distinct()[:100] if v not in (None, "")}, key=len, reverse=True)


def segment_in(question: str) -> str:
    """The segment a question names as a whole word ("What do enterprise customers say"), or ""."""
    return next((v for v in segments() if re.search(rf"\b{re.escape(v)}\b", question, re.I)), "")


_SOURCES = {
    "highlight": """
        SELECT hl.id, hl.text, hl.transcript_id, hl.participant_id, hl.pseudonym, t.kind, p.attributes ->> 'segment',
               COALESCE(hl.pain, hl.pain_ai), ts_rank_cd(hl.search_vector, query) AS rank
        FROM synthesis_highlight hl JOIN interviews_transcript t ON t.id = hl.transcript_id
             LEFT JOIN studies_participant p ON p.id = hl.participant_id, to_tsquery(%(config)s::regconfig, %(q)s) query
        WHERE hl.search_vector @@ to_tsquery(%(config)s::regconfig, %(q)s) AND {where}
        ORDER BY rank DESC, COALESCE(hl.pain, hl.pain_ai, 0) DESC, hl.id DESC LIMIT %(limit)s""",
    "utterance": """
        SELECT u.id, u.text, u.transcript_id, t.participant_id, '', t.kind, p.attributes ->> 'segment',
               NULL, ts_rank_cd(u.search_vector, query) AS rank
        FROM interviews_utterance u JOIN interviews_transcript t ON t.id = u.transcript_id
             LEFT JOIN studies_participant p ON p.id = t.participant_id, to_tsquery(%(config)s::regconfig, %(q)s) query
        WHERE u.search_vector @@ to_tsquery(%(config)s::regconfig, %(q)s) AND u.speaker_role = 'participant'
              AND NOT EXISTS (SELECT 1 FROM synthesis_highlight h WHERE h.utterance_id = u.id
                              AND h.search_vector @@ to_tsquery(%(config)s::regconfig, %(q)s)) AND {where}
        ORDER BY rank DESC, u.id DESC LIMIT %(limit)s""",
}


def any_words_query(question: str) -> str:
    """The question's words (stemmed, stop words dropped) as a tsquery matching any of them, ranked by how many."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT plainto_tsquery(%s::regconfig, %s)::text", [language(), question])
        return cursor.fetchone()[0].replace(" & ", " | ")


def retrieve(*, question: str, study_id: int | None = None, segment: str = "") -> list[Quote]:
    """Numbered quotes for the question: the best highlights, then the best answers with no highlight of their own
    that matches (that highlight already said it)."""
    words = any_words_query(question)
    if not words:
        return []
    conditions = ["TRUE"]
    if study_id:
        conditions.append("t.round_id IN (SELECT id FROM studies_round WHERE study_id = %(study)s)")
    if segment:
        conditions.append("lower(p.attributes ->> 'segment') = lower(%(segment)s)")
    params = {"config": language(), "q": words, "study": study_id, "segment": segment}
    quotes: list[Quote] = []
    with connection.cursor() as cursor:
        for kind, limit in (("highlight", HIGHLIGHTS), ("utterance", ANSWERS)):
            cursor.execute(_SOURCES[kind].format(where=" AND ".join(conditions)), {**params, "limit": limit})
            for pk, text, transcript, participant, pseudonym, method, seg, pain, _ in cursor.fetchall():
                who = f"P{participant}" if participant else (pseudonym or "Anonymous")
                quotes.append(
                    Quote(len(quotes) + 1, kind, pk, text, transcript, participant, who, method, seg or "", pain)
                )
    tags: dict[int, list[str]] = {}
    ids = [q.id for q in quotes if q.kind == "highlight"]
    for highlight_id, name in Highlight.tags.through.objects.filter(highlight_id__in=ids).values_list(
        "highlight_id", "tag__name"
    ):
        tags.setdefault(highlight_id, []).append(name)
    for quote in quotes:
        if quote.kind == "highlight":
            quote.tags = sorted(tags.get(quote.id, []))
    return quotes


def questions_of(user) -> list[Question]:
    return list(Question.objects.filter(asked_by=user).select_related("study")[:50])


def question_for(user, pk) -> Question | None:
    """One of the person's own questions: another member's is not theirs to read (404)."""
    return Question.objects.filter(asked_by=user, pk=pk).select_related("study", "insight").first()
