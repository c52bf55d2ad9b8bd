"""Reads for the brief: which async interview a call's brief comes from, everything the brief is built from, and
the page's live parts (who the person is). Each read runs a fixed number of queries whatever the interview's length.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Value, When

from interviews.models import Booking, Handoff, Message, Role, Session, SessionStatus
from studies.models import ContactEvent, GuideQuestion
from synthesis.models import Brief, Highlight, Tag, Theme


def booking_for_brief(booking_id) -> Booking | None:
    """The booking with what the brief page shows about it, or None (the view answers 404)."""
    return Booking.objects.select_related("round__study", "participant", "host").filter(pk=booking_id).first()


def brief_session(booking: Booking) -> Session | None:
    """The async interview a call's brief comes from: the session handed off to this call's round, else the
    participant's latest completed session in the same study, else their latest anywhere in the workspace."""
    handoff = (
        Handoff.objects.filter(
            to_round_id=booking.round_id, participant_id=booking.participant_id, session__status=SessionStatus.COMPLETED
        )
        .select_related("session")
        .first()
    )
    if handoff is not None:
        return handoff.session
    same_study = Case(When(round__study_id=booking.round.study_id, then=Value(0)), default=Value(1),
                      output_field=IntegerField())  # fmt: skip
    return (
        Session.objects.filter(participant_id=booking.participant_id, status=SessionStatus.COMPLETED)
        .order_by(same_study, "-completed_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Turn:
    """One message of the session."""

    id: int
    order: int
    role: str
    kind: str
    text: str
    question_id: int | None
    backend: str
    reason: str


@dataclass(frozen=True)
class Question:
    id: int
    order: int
    text: str
    intent: str
    max_follow_ups: int


@dataclass(frozen=True)
class Quote:
    """A highlight of the session, placed on the message it quotes."""

    id: int
    message_id: int | None
    question_id: int | None
    text: str
    pain: int | None
    pain_ai: int | None
    pain_ai_reason: str
    tags: tuple[tuple[int, str], ...]
    themes: tuple[tuple[int, str], ...]

    @property
    def pain_score(self) -> int | None:
        """A person's score wins over the AI's (as in the evidence profile)."""
        return self.pain if self.pain is not None else self.pain_ai


@dataclass
class Source:
    """Everything a brief is built from; the builders read only this."""

    booking: Booking
    session: Session
    pseudonym: str
    async_guide: list[Question]
    sync_guide: list[Question]
    turns: list[Turn]
    quotes: list[Quote]
    # Async guide question -> (kind, label id, label) -> the other participants' transcripts that carry it.
    others: dict[int, dict[tuple[str, int, str], set[int]]] = field(default_factory=dict)
    theme_sizes: dict[int, int] = field(default_factory=dict)

    @property
    def answers(self) -> list[Turn]:
        return [t for t in self.turns if t.role == Role.PARTICIPANT]


def pseudonym(participant_id: int | None) -> str:
    """How the model and the stored content name the participant: never their email or name."""
    return f"P{participant_id}" if participant_id else "P?"


def _questions(round_id) -> list[Question]:
    return [
        Question(id=q.pk, order=q.order, text=q.text, intent=q.intent, max_follow_ups=q.max_follow_ups)
        for q in GuideQuestion.objects.filter(round_id=round_id).order_by("order")
    ]


def session_quotes(session: Session, turns: list[Turn] | None = None) -> list[Quote]:
    """The session's highlights with their tags and themes (three queries), each placed on its message."""
    if turns is None:
        turns = [
            Turn(m.pk, m.order, m.role, m.kind, m.text, m.question_id, m.backend, m.reason)
            for m in Message.objects.filter(session=session).order_by("order")
        ]
    by_order = {t.order: t for t in turns}
    highlights = (
        Highlight.objects.filter(transcript__session=session)
        .select_related("utterance")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
            Prefetch("themes", queryset=Theme.objects.order_by("job_id", "order")),
        )
        .order_by("utterance__order", "start", "pk")
    )
    quotes = []
    for h in highlights:
        turn = by_order.get(h.utterance.order)
        quotes.append(
            Quote(
                id=h.pk, message_id=turn.id if turn else None, question_id=h.utterance.question_id, text=h.text,
                pain=h.pain, pain_ai=h.pain_ai, pain_ai_reason=h.pain_ai_reason,
                tags=tuple((t.pk, t.name) for t in h.tags.all()),
                themes=tuple((t.pk, t.label) for t in h.themes.all()),
            )
        )  # fmt: skip
    return quotes


def fingerprint(quotes: list[Quote]) -> str:
    """What the brief knew of the session's highlights: a change (added, removed, re-scored, re-tagged) marks the
    brief stale."""
    rows = sorted((q.id, q.text, q.pain, q.pain_ai, [t for t, _ in q.tags], [t for t, _ in q.themes]) for q in quotes)
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16]


def _others(session: Session) -> tuple[dict, dict[int, int]]:
    """What the other participants of the round said on each question, as tags and themes (two queries)."""
    others: dict[int, dict[tuple[str, int, str], set[int]]] = defaultdict(lambda: defaultdict(set))
    tag_rows = (
        Highlight.tags.through.objects.filter(
            highlight__round_id=session.round_id, highlight__utterance__question__isnull=False
        )
        .exclude(highlight__transcript__session=session)
        .values_list("highlight__utterance__question_id", "highlight__transcript_id", "tag_id", "tag__name")
    )
    for question_id, transcript_id, tag_id, name in tag_rows:
        others[question_id][("tag", tag_id, name)].add(transcript_id)
    theme_rows = Theme.highlights.through.objects.filter(
        highlight__round_id=session.round_id, highlight__utterance__question__isnull=False
    ).values_list("highlight__utterance__question_id", "highlight__transcript_id", "theme_id", "theme__label",
                  "theme__size", "highlight__transcript__session_id")  # fmt: skip
    sizes = {}
    for question_id, transcript_id, theme_id, label, size, session_id in theme_rows:
        sizes[theme_id] = size
        if session_id != session.pk:
            others[question_id][("theme", theme_id, label)].add(transcript_id)
    return {q: dict(labels) for q, labels in others.items()}, sizes


def brief_source(*, booking: Booking, session: Session) -> Source:
    """Everything the builders need, in a fixed number of queries."""
    turns = [
        Turn(m.pk, m.order, m.role, m.kind, m.text, m.question_id, m.backend, m.reason)
        for m in Message.objects.filter(session=session).order_by("order")
    ]
    others, sizes = _others(session)
    return Source(
        booking=booking,
        session=session,
        pseudonym=pseudonym(booking.participant_id),
        async_guide=_questions(session.round_id),
        sync_guide=_questions(booking.round_id),
        turns=turns,
        quotes=session_quotes(session, turns),
        others=others,
        theme_sizes=sizes,
    )


@dataclass
class BriefPage:
    booking: Booking
    brief: Brief | None
    session: Session | None
    stale: bool
    contacts: list[ContactEvent]
    calls: list[Booking]


def brief_page(booking: Booking, brief: Brief | None = None) -> BriefPage:
    """The stored brief (or None), whether the highlights changed since, and who the person is, live."""
    if brief is None:
        brief = Brief.objects.select_related("session__round__study").filter(booking=booking).first()
    session = brief.session if brief else brief_session(booking)
    stale = False
    if brief is not None:
        stale = brief.content.get("fingerprint") != fingerprint(session_quotes(brief.session))
    contacts = list(
        ContactEvent.objects.filter(participant_id=booking.participant_id)
        .select_related("round__study")
        .order_by("-occurred_at")[:50]
    )
    calls = list(
        Booking.objects.filter(participant_id=booking.participant_id)
        .exclude(pk=booking.pk)
        .select_related("round__study", "host", "transcript")
        .order_by("-start")[:50]
    )
    return BriefPage(booking=booking, brief=brief, session=session, stale=stale, contacts=contacts, calls=calls)
