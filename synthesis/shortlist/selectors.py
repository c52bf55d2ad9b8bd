"""An async round's shortlist for the sync round after it: completed sessions of people we may call, ranked.

The same number of queries whatever the number of sessions: the round's study rounds, the completed sessions with
their participants, their messages, highlights, tags and themes, the contact rules' history, and who is already
invited to or booked on the next round.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Min

from interviews.models import (
    Booking,
    BookingInvite,
    BookingStatus,
    Handoff,
    Message,
    MessageKind,
    Role,
    Session,
    SessionStatus,
)
from studies.models import Participant, Round
from studies.participants.contact_rules import ContactDecision, as_requested, contact_decisions
from studies.programme.funnel import handoff_target
from synthesis.models import Highlight, Theme
from synthesis.shortlist import scoring

WAITING_CODES = frozenset({"cooldown", "cap"})


@dataclass
class Row:
    session: Session
    participant: Participant
    score: float
    parts: dict[str, float]
    reasons: list[str]
    decision: ContactDecision
    quota: list[str] = field(default_factory=list)  # "segment = smb" for each quota place this person fills

    @property
    def waiting(self) -> bool:
        return not self.decision.allowed


@dataclass
class Shortlist:
    round: Round
    to_round: Round | None
    since: datetime | None = None
    rows: list[Row] = field(default_factory=list)
    quota_fill: list[dict] = field(default_factory=list)  # [{"attribute", "value", "wanted", "filled"}]
    considered: int = 0  # completed sessions in the window
    left_out: Counter = field(default_factory=Counter)  # why completed sessions are not on the list

    @property
    def left_out_lines(self) -> list[tuple[str, int]]:
        return sorted(self.left_out.items(), key=lambda item: -item[1])


def _since(round_: Round, target: Round, rounds: list[Round]) -> datetime | None:
    """An episode draws on answers given since the previous episode took its people: that episode's first
    booking invitation (Round has no creation time; the first invitation is when its shortlist was used)."""
    if target.source_round_id != round_.pk:
        return None
    earlier = [r.pk for r in rounds if r.source_round_id == round_.pk and r.pk < target.pk]
    if not earlier:
        return None
    return BookingInvite.objects.filter(round_id=max(earlier)).aggregate(first=Min("created_at"))["first"]


def _answers(session_ids: list[int]) -> dict[int, list[tuple[str, bool]]]:
    answers: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    previous: dict[int, str] = {}
    rows = (
        Message.objects.filter(session_id__in=session_ids)
        .order_by("session_id", "order")
        .values_list("session_id", "role", "kind", "text")
    )
    for session_id, role, kind, text in rows:
        if role == Role.PARTICIPANT:
            answers[session_id].append((text, previous.get(session_id) == MessageKind.PROBE))
        previous[session_id] = kind
    return answers


def _codes(session_ids: list[int]) -> tuple[dict[int, list[tuple[int, str]]], dict[int, dict[str, str]]]:
    """Per session: (pain level, quote) of each highlight with a pain score, and its codes {key: label}, where a
    key is "tag:<id>" or "theme:<id>"."""
    pains: dict[int, list[tuple[int, str]]] = defaultdict(list)
    codes: dict[int, dict[str, str]] = defaultdict(dict)
    highlights = Highlight.objects.filter(transcript__session_id__in=session_ids).values_list(
        "transcript__session_id", "pain", "pain_ai", "text"
    )
    for session_id, pain, pain_ai, text in highlights:
        level = pain or pain_ai  # a person's score wins over the AI's
        if level:
            pains[session_id].append((level, text))
    tags = Highlight.tags.through.objects.filter(highlight__transcript__session_id__in=session_ids).values_list(
        "highlight__transcript__session_id", "tag_id", "tag__name"
    )
    for session_id, tag_id, name in tags:
        codes[session_id][f"tag:{tag_id}"] = f"tag “{name}”"
    by_highlight = Theme.highlights.through.objects.filter(
        highlight__transcript__session_id__in=session_ids
    ).values_list("highlight__transcript__session_id", "theme_id", "theme__label")
    by_utterance = Theme.utterances.through.objects.filter(
        utterance__transcript__session_id__in=session_ids
    ).values_list("utterance__transcript__session_id", "theme_id", "theme__label")
    for session_id, theme_id, label in [*by_highlight, *by_utterance]:
        codes[session_id][f"theme:{theme_id}"] = f"theme “{label}”"
    return pains, codes


def _taken(target: Round) -> set[int]:
    """People already invited to, handed to or booked on the target round."""
    invited = BookingInvite.objects.filter(round=target).order_by().values_list("participant_id")
    handed = Handoff.objects.filter(to_round=target).order_by().values_list("participant_id")
    booked = (
        Booking.objects.filter(round=target)
        .exclude(status=BookingStatus.CANCELLED)
        .order_by()
        .values_list("participant_id")
    )
    return {pk for (pk,) in invited.union(handed, booked).order_by()}


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def shortlist(round_: Round) -> Shortlist:
    """Rank the round's completed sessions of people we may call for the sync round it hands to."""
    rounds = list(Round.objects.filter(study_id=round_.study_id))
    target = handoff_target(round_, rounds)
    result = Shortlist(round=round_, to_round=target)
    if target is None:
        return result
    result.since = _since(round_, target, rounds)
    sessions = Session.objects.filter(round=round_, status=SessionStatus.COMPLETED).select_related("participant")
    if result.since is not None:
        sessions = sessions.filter(completed_at__gt=result.since)
    sessions = list(sessions.order_by("completed_at", "pk"))
    result.considered = len(sessions)
    ids = [s.pk for s in sessions]
    answers = _answers(ids)
    pains, codes = _codes(ids)
    measured = {s.pk: scoring.measure(answers.get(s.pk, [])) for s in sessions}
    # Distinctiveness is judged against everyone in the window, callable or not: they are all the round's voice.
    code_counts = Counter(key for s in sessions for key in codes.get(s.pk, {}))
    stem_counts = Counter(stem for s in sessions for stem in measured[s.pk].stems)
    limit = scoring.rare_limit(len(sessions) - 1)

    people = [s.participant for s in sessions if s.participant is not None]
    decisions = contact_decisions({p.pk: p for p in people}.values())
    taken = _taken(target)
    best: dict[int, Row] = {}
    for session in sessions:
        person = session.participant
        if person is None:
            result.left_out["anonymous, no follow-up opt-in"] += 1
            continue
        if person.do_not_contact:
            result.left_out["asked not to be contacted"] += 1
            continue
        if not (person.consent_to_contact or session.followup_opt_in_at):
            result.left_out["no consent to be contacted"] += 1
            continue
        if person.pk in taken:
            result.left_out["already invited to or booked on the next round"] += 1
            continue
        # Someone who opted in to a follow-up call asked for it: the invitation cooldown gives way.
        decision = as_requested(decisions[person.pk], opted_in_at=session.followup_opt_in_at)
        if not decision.allowed and decision.code not in WAITING_CODES:
            result.left_out[decision.reason] += 1
            continue
        row = _row(session, measured[session.pk], pains.get(session.pk, []), codes.get(session.pk, {}),
                   code_counts, stem_counts, limit, decision)  # fmt: skip
        if person.pk not in best or row.score > best[person.pk].score:
            best[person.pk] = row  # one line per person, their richest interview
    rows = sorted(best.values(), key=lambda r: (-r.score, r.session.pk))
    result.quota_fill = _fill_quotas(rows, round_.shortlist_quotas or {})
    result.rows = sorted(rows, key=lambda r: (-r.score, r.session.pk))
    return result


def _row(session, found, pains, codes, code_counts, stem_counts, limit, decision) -> Row:
    reasons = []
    richness = scoring.richness(found)
    detail = [f"{found.word_count} words"]
    if found.stories:
        examples = "”, “".join(list(dict.fromkeys(found.stories))[:2])
        detail.append(f"{_plural(len(found.stories), 'story', 'stories')} (“{examples}”)")
    if found.numbers:
        detail.append(_plural(len(found.numbers), "number"))
    if found.tools:
        detail.append("names " + ", ".join(found.tools[:3]))
    if found.answered_probes:
        detail.append(_plural(found.answered_probes, "answered follow-up"))
    reasons.append("Rich answers: " + ", ".join(detail) + ".")

    if pains:
        levels = [level for level, _ in pains]
        level, quote = max(pains, key=lambda p: p[0])
        reasons.append(f"Pain {level} of 5 on {_plural(len(pains), 'highlight')}: “{scoring.snippet(quote)}”.")
    else:
        levels = [level for level, _ in found.lexicon_pain]
        if found.lexicon_pain:
            level, text = max(found.lexicon_pain, key=lambda p: p[0])
            reasons.append(f"Pain words (uncoded, level {level} of 5): “{scoring.snippet(text)}”.")
    pain = scoring.pain(levels)

    if codes:
        rare = {key: label for key, label in codes.items() if code_counts[key] - 1 <= limit}
        distinct = scoring.distinct(len(rare), coded=True)
        if rare:
            reasons.append("Raised what few others did: " + ", ".join(list(rare.values())[:3]) + ".")
    else:
        rare_stems = sorted(stem for stem in found.stems if stem_counts[stem] - 1 <= limit)
        distinct = scoring.distinct(len(rare_stems), coded=False)
        if rare_stems:
            reasons.append(f"Uncoded; {_plural(len(rare_stems), 'word')} few others used, e.g. "
                           + ", ".join(rare_stems[:4]) + ".")  # fmt: skip

    person = session.participant
    if session.followup_opt_in_at:
        reasons.append(f"Opted in to a follow-up call on {session.followup_opt_in_at:%Y-%m-%d}.")
    elif person.consent_to_contact:
        reasons.append("Agreed to be contacted.")
    subtotal = richness + pain + distinct
    if decision.allowed:
        contact = float(scoring.CONTACT_POINTS)
    else:
        contact = -(1 - scoring.WAITING_SHARE) * subtotal  # listed below everyone callable today
        reasons.append(f"Not yet: {decision.reason}")
    parts = {"richness": richness, "pain": pain, "distinct": distinct, "contact": contact, "quota": 0.0}
    parts = {name: round(value, 1) for name, value in parts.items()}
    return Row(session=session, participant=person, score=round(sum(parts.values()), 1), parts=parts,
               reasons=reasons, decision=decision)  # fmt: skip


def _fill_quotas(rows: list[Row], quotas: dict) -> list[dict]:
    """Give the best callable people of each quota value their places first (they open the list)."""
    filled: Counter = Counter()
    for row in rows:
        if row.waiting:
            continue
        attributes = row.participant.attributes or {}
        places = [
            (name, str(attributes[name]))
            for name, wanted in quotas.items()
            if name in attributes and filled[(name, str(attributes[name]))] < wanted.get(str(attributes[name]), 0)
        ]
        if not places:
            continue
        for place in places:
            filled[place] += 1
        row.quota = [f"{name} = {value}" for name, value in places]
        row.parts["quota"] = float(scoring.QUOTA_POINTS)
        row.score = round(sum(row.parts.values()), 1)
        row.reasons.insert(0, "Fills a quota place: " + ", ".join(row.quota) + ".")
    return [
        {"attribute": name, "value": value, "wanted": wanted, "filled": filled[(name, value)]}
        for name, values in quotas.items()
        for value, wanted in values.items()
    ]
