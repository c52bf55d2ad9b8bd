"""Every write of async interviews: links, invitations, sessions and their turns, reminders.

An answer is committed in its own transaction before the interviewer is asked for the next turn, so nothing a
participant writes depends on the LLM, the broker or the mail server.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from interviews.incentives.services import incentive_owe
from interviews.interviewer import audit_probe, next_turn
from interviews.interviewer.base import GuideItem, InterviewState, Line
from interviews.interviewer.config import LLMConfig
from interviews.interviewer.phrasing import language_of
from interviews.interviewer.services import llm_config
from interviews.links import selectors
from interviews.links.signals import participant_attached, session_completed
from interviews.models import (
    EmailKind,
    InterviewLink,
    LinkKind,
    Message,
    MessageKind,
    Role,
    Session,
    SessionStatus,
    Transcript,
    Utterance,
)
from interviews.participant_pages import email_language, format_day, public_study
from interviews.wording.text import wording_context, wording_for
from outbox.services import email_queue
from studies.guides.services import guide_version_for_start
from studies.models import (
    ChangeSource,
    ContactKind,
    GuideQuestion,
    GuideVersion,
    Participant,
    ParticipantChange,
    Round,
    RoundKind,
    RoundStatus,
)
from studies.participants.contact_rules import ContactDecision, contact_decision, contact_record
from studies.participants.services import participant_save
from studies.programme.services import round_go_live
from webhooks.services import webhook_emit
from workspaces.models import User
from workspaces.selectors import current_workspace

logger = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 5000
PROBE_MINUTES = Decimal("0.75")
# Beyond two model attempts, how long a reply may wait in the queue before the page asks the interviewer itself.
REPLY_MARGIN_SECONDS = 15


class InterviewUnavailable(Exception):
    """The link cannot be used now; the message is for the participant."""


class InvitationRefused(Exception):
    """Governance says no: the decision carries the reason."""

    def __init__(self, decision: ContactDecision):
        super().__init__(decision.reason)
        self.decision = decision


def link_url(link: InterviewLink, *, resume_token: str = "") -> str:
    base = current_workspace().url.rstrip("/")
    return f"{base}/i/{link.token}/" + (f"?resume={resume_token}" if resume_token else "")


def _require_async(round_: Round) -> None:
    if round_.kind != RoundKind.ASYNC:
        raise ValidationError({"round": "Interview links and invitations are for async rounds."})


@transaction.atomic
def link_create(*, round: Round, actor: User | None, kind: str = LinkKind.OPEN, **fields) -> InterviewLink:
    _require_async(round)
    link = InterviewLink(round=round, kind=kind, **fields)
    link.full_clean()
    link.save()
    if link.opens_at is None or link.opens_at <= timezone.now():
        round_go_live(round=round)  # a link opening later makes the round live with its first session
    return link


def link_disable(*, link: InterviewLink, actor: User | None) -> InterviewLink:
    if link.disabled_at is None:
        link.disabled_at = timezone.now()
        link.save(update_fields=["disabled_at"])
    return link


def link_unavailable(link: InterviewLink, *, at=None) -> str:
    """Why the link cannot start a new interview now ("" when it can)."""
    at = at or timezone.now()
    if link.round.status == RoundStatus.CLOSED:
        return gettext("This interview has closed: it has all the answers it needs. Thank you for your interest.")
    if link.disabled_at:
        return gettext("This interview link is no longer active.")
    if link.opens_at and at < link.opens_at:
        opens = format_day(timezone.localtime(link.opens_at), year=True)
        return gettext("This interview opens on %(date)s.") % {"date": opens}
    if link.closes_at and at >= link.closes_at:
        return gettext("This interview has closed. Thank you for your interest.")
    if link.max_responses is not None and link.sessions.count() >= link.max_responses:
        return gettext("This interview has all the responses it needs. Thank you for your interest.")
    return ""


@transaction.atomic
def invitation_create(
    *,
    round: Round,
    email: str,
    actor: User | None,
    name: str = "",
    timezone_name: str = "",
    attributes: dict | None = None,
    event: str = "",
    send_email: bool = True,
) -> InterviewLink:
    """Create or update the participant, check the contact rules, and give them a personal link (emailed after
    commit when `send_email`). Raises InvitationRefused when the rules say no."""
    _require_async(round)
    participant = Participant.objects.select_for_update().filter(email__iexact=email.strip()).first()
    fields = {"email": email}
    if name:
        fields["name"] = name
    if timezone_name:
        fields["timezone"] = timezone_name
    if attributes:
        fields["attributes"] = {**(participant.attributes if participant else {}), **attributes}
    participant = participant_save(participant=participant, actor=actor, source=ChangeSource.INVITATION, **fields)
    decision = contact_decision(participant)
    if not decision.allowed:
        raise InvitationRefused(decision)
    link = InterviewLink.objects.filter(round=round, participant=participant, kind=LinkKind.PERSONAL).first()
    if link is None:
        link = InterviewLink(round=round, kind=LinkKind.PERSONAL, participant=participant)
    link.event, link.attributes = event, attributes or {}
    link.full_clean()
    link.save()
    round_go_live(round=round)
    contact_record(participant=participant, kind=ContactKind.INVITATION, channel=RoundKind.ASYNC, round=round,
                   note=event)  # fmt: skip
    if send_email:
        workspace_name = current_workspace().name
        with translation.override(email_language(participant)):
            email_queue(
                template="interview-invitation",
                to=participant.email,
                context={
                    "name": participant.name,
                    "workspace_name": workspace_name,
                    "minutes": round.time_budget_minutes,
                    "link": link_url(link),
                    **public_study(round, workspace_name),
                    **wording_context(
                        wording_for(EmailKind.INTERVIEW_INVITATION),
                        participant=participant,
                        round=round,
                        workspace_name=workspace_name,
                    ),
                },
            )
        link.invited_at = timezone.now()
        link.save(update_fields=["invited_at"])
    return link


# The participant's interview -------------------------------------------------------------------------------


def _guide(version: GuideVersion) -> list[GuideItem]:
    """The questions the session asks: its guide version's, whatever the round's guide has become since (built once
    per version object: a version kept by `guide_version` serves every turn of its interviews)."""
    if (items := getattr(version, "_guide_items", None)) is None:
        items = version._guide_items = tuple(
            GuideItem(id=q["id"], text=q["text"], intent=q["intent"], probing=q["probing"],
                      max_follow_ups=q["max_follow_ups"], estimated_minutes=Decimal(q["estimated_minutes"]))
            for q in version.questions
        )  # fmt: skip
    return list(items)


def _pinned_version(session: Session) -> GuideVersion | None:
    """The session's guide version; a session started before guides had versions takes the one in force now."""
    if session.guide_version_id is None:
        with transaction.atomic():
            version = guide_version_for_start(round=session.round)
            Session.objects.filter(pk=session.pk, guide_version__isnull=True).update(guide_version=version)
        session.refresh_from_db(fields=["guide_version"])
    return session.guide_version


@transaction.atomic
def session_start(
    *, link: InterviewLink, hidden: dict | None = None, participant: Participant | None = None
) -> Session:
    """Start after consent: the first guide question is the interviewer's first message. On an open link,
    `participant` is the person its screener let in: their one session on the link, started or resumed."""
    link = InterviewLink.objects.select_for_update().select_related("round__study").get(pk=link.pk)
    participant = link.participant or participant
    existing = link.sessions.filter(participant=participant).first() if participant else None
    if existing:
        return existing
    reason = link_unavailable(link)
    if reason:
        raise InterviewUnavailable(reason)
    # The guide as it is now, on record as a version (the round is locked until commit: no change slips in).
    version = guide_version_for_start(round=link.round)
    if version is None or not version.questions:
        raise InterviewUnavailable(gettext("This interview is not ready yet. Please try again later."))
    first = version.questions[0]
    allowed = set(link.round.hidden_fields)
    attributes = {k: str(v)[:200] for k, v in (hidden or {}).items() if k in allowed}
    if link.event:
        attributes.setdefault("event", link.event)
    attributes.update({k: str(v) for k, v in link.attributes.items()})
    session = Session.objects.create(
        link=link, round=link.round, participant=participant, hidden_attributes=attributes,
        consented_at=timezone.now(), guide_version=version,
    )  # fmt: skip
    Message.objects.create(
        session=session, order=1, role=Role.INTERVIEWER, kind=MessageKind.QUESTION, text=first["text"],
        question_id=first["id"], reason="The guide's first question.",
    )  # fmt: skip
    round_go_live(round=link.round)
    webhook_emit(event="interview.started", data=_session_payload(session))
    return session


def _session_payload(session: Session) -> dict:
    participant = session.participant
    return {
        "session": session.pk,
        "round": session.round_id,
        "study": session.round.study_id,
        "link": session.link_id,
        "participant": {"email": participant.email, "name": participant.name} if participant else None,
        "hidden_attributes": session.hidden_attributes,
        "status": session.status,
    }


@dataclass
class Answered:
    """What a submitted answer left: the session as locked (fresh), its messages oldest first (`whole` False: only the
    latest before the answer and the one sent with its client token, as read for a model's turn), whether the answer
    is a new message (not a resend, nor words added to an answer still waiting), and whether the interviewer's reply
    still waits (for the model, in a worker)."""

    session: Session
    messages: list[Message]
    answer: Message
    new: bool
    whole: bool = True

    @property
    def pending(self) -> bool:
        return self.session.status != SessionStatus.COMPLETED and self.messages[-1].role == Role.PARTICIPANT


def _locked(session: Session) -> tuple[Session, list[Message]]:
    """The session, locked until commit, and its messages, in one round trip; the relations that never change under a
    session (round, study, link, guide version) are taken from the caller's copy instead of read again."""
    locked, messages = selectors.interview_for_update(session.pk)  # a session always has its first question
    return _keep_relations(locked, session), messages


def _locked_tail(session: Session, client_token: str) -> tuple[Session, list[Message]]:
    """`_locked`, with only the messages an answer for the model needs: the latest, and one sent with `client_token`
    (a resend), in one round trip whatever the interview's length."""
    token = client_token[:64]
    if token:
        locked, messages = selectors.interview_for_update(session.pk, client_token=token)
    else:
        locked, messages = selectors.interview_for_update(session.pk, last_only=True)
    return _keep_relations(locked, session), messages


def _locked_last(session: Session) -> tuple[Session, Message]:
    """The session, locked until commit, and its latest message, in one round trip of one row."""
    locked, messages = selectors.interview_for_update(session.pk, last_only=True)
    return _keep_relations(locked, session), messages[-1]


def _keep_relations(locked: Session, session: Session) -> Session:
    """The relations that never change under a session (round, study, link, guide version) from the caller's copy
    instead of read again."""
    for name in ("link", "round", "guide_version", "participant"):
        field = Session._meta.get_field(name)
        if field.is_cached(session) and getattr(session, field.attname) == getattr(locked, field.attname):
            setattr(locked, name, getattr(session, name))
    return locked


def _answer(locked: Session, messages: list[Message], text: str, client_token: str) -> tuple[Message, bool]:
    """The answer to store (unsaved when new, second return True) or the one already stored for this token."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": gettext("Write an answer first, even a short one.")})
    if len(text) > MAX_ANSWER_CHARS:
        message = gettext("That is a long answer: keep it under %(limit)s characters.") % {"limit": MAX_ANSWER_CHARS}
        raise ValidationError({"text": message})
    if locked.status == SessionStatus.COMPLETED:
        raise InterviewUnavailable(gettext("This interview is complete. Thank you!"))
    if client_token:
        earlier = next((m for m in messages if m.client_token == client_token[:64]), None)
        if earlier:
            return earlier, False
    last = messages[-1]
    if last.role == Role.PARTICIPANT:
        # Sent again before the interviewer replied (a second tab, a resend): keep both words in one answer.
        last.text = f"{last.text}\n\n{text}"
        last.save(update_fields=["text"])
        return last, False
    answer = Message(
        session=locked, order=last.order + 1, role=Role.PARTICIPANT, kind=MessageKind.ANSWER, text=text,
        question_id=last.question_id, client_token=client_token[:64], created_at=timezone.now(),
    )  # fmt: skip
    return answer, True


@transaction.atomic
def answer_submit(*, session: Session, text: str, client_token: str = "") -> Message:
    """Commit the participant's answer. The same client token twice returns the first answer (double submit)."""
    locked, messages = _locked(session)
    answer, new = _answer(locked, messages, text, client_token)
    if new:
        answer.save()
    return answer


@transaction.atomic
def turn_submit(*, session: Session, text: str, client_token: str = "", config: LLMConfig | None) -> Answered:
    """Commit the participant's answer and, with the offline interviewer (`config` None), its reply in the same
    transaction: the offline turn is computed in this process before anything is written, so a failing interviewer
    leaves the answer committed alone. With a model the reply is left pending for `reply_enqueue` after commit:
    the answer never waits for the model."""
    # With a model the reply is the worker's, which reads the conversation itself: only the tail is read here.
    locked, messages = _locked(session) if config is None else _locked_tail(session, client_token)
    answer, new = _answer(locked, messages, text, client_token)
    conversation = [*messages, answer] if new else messages
    if config is not None or conversation[-1].role != Role.PARTICIPANT:
        if new:
            answer.save()
        return Answered(locked, conversation, answer, new, whole=config is None)
    guide = _guide(locked.guide_version) if locked.guide_version_id else []
    turn = None
    if guide:
        try:
            turn = next_turn(_state(locked, guide, conversation), None)
        except Exception:  # a bug in the offline interviewer must not cost the answer: the page load retries
            logger.exception("offline interviewer failed for session %s; the answer is saved", locked.pk)
    if new and turn is None:
        answer.save()
    if turn is None:
        return Answered(locked, conversation, answer, new)
    reply = _reply_store(locked, guide, conversation[-1], turn, with_answer=answer if new else None)
    return Answered(locked, [*conversation, reply], answer, new)


def _reply_store(locked: Session, guide: list[GuideItem], last: Message, turn, *, with_answer=None) -> Message:
    """Store the interviewer's turn after `last` and move the session on; the session is locked by the caller.
    `with_answer`, an unsaved answer, goes in with the reply in one statement."""
    current = guide[min(locked.current_index, len(guide) - 1)]
    audit = audit_probe(turn.text, last.text) if turn.action == "probe" else {}
    kind = {"probe": MessageKind.PROBE, "next": MessageKind.QUESTION, "close": MessageKind.CLOSE}[turn.action]
    asked = guide[turn.next_index] if turn.action == "next" else current
    # The question may have left the round's guide since the session started: its words are in the version,
    # and the message keeps its link only while the question exists (locked, so it cannot vanish before commit).
    # Only the question's row: its default ordering joins the round and study, and locking those would queue every
    # reply of the study behind one another.
    locks = GuideQuestion.objects.select_for_update(of=("self",)).filter(pk=asked.id).order_by()
    question_id = next(iter(locks.values_list("pk", flat=True)), None)
    reply = Message(
        session=locked, order=last.order + 1, role=Role.INTERVIEWER, kind=kind, text=turn.text,
        question_id=question_id, backend=turn.backend, model=turn.model, latency_ms=turn.latency_ms,
        tokens_in=turn.tokens_in, tokens_out=turn.tokens_out, reason=turn.reason[:500],
        fallback_error=turn.fallback_error[:300], audit=audit, created_at=timezone.now(),
    )  # fmt: skip
    Message.objects.bulk_create([with_answer, reply] if with_answer else [reply])
    if turn.action == "probe":
        locked.probes_on_current += 1
        locked.minutes_elapsed += PROBE_MINUTES
    else:
        locked.minutes_elapsed += current.estimated_minutes
        locked.probes_on_current = 0
        if turn.action == "next":
            locked.current_index = turn.next_index
    locked.save(update_fields=["probes_on_current", "minutes_elapsed", "current_index", "last_activity_at"])
    if turn.action == "close":
        session_complete(session=locked)
        # The caller's copy says so too: the page then thanks them instead of showing the answer box again.
        locked.refresh_from_db(fields=["status", "completed_at"])
    return reply


def _state(session: Session, guide: list[GuideItem], messages: list[Message]) -> InterviewState:
    study = session.round.study
    return InterviewState(
        guide=guide,
        conversation=[Line(role=m.role, text=m.text, question_id=m.question_id, kind=m.kind) for m in messages],
        current_index=min(session.current_index, len(guide) - 1),
        probes_on_current=session.probes_on_current,
        minutes_elapsed=float(session.minutes_elapsed),
        time_budget_minutes=session.round.time_budget_minutes,
        study_title=study.public_title,  # the model may say it: never the internal title
        research_goal=study.get_goal_display(),
        # Their recorded language, else the one their page is in (an open link's visitor): the interviewer's own.
        language=language_of(email_language(session.participant)),
    )


_READ = object()


def interviewer_reply(*, session: Session, config: LLMConfig | object | None = _READ) -> Message | None:
    """Ask the interviewer for the turn after the latest answer and store it; None if it was already answered.

    Runs outside any transaction: the LLM call may take seconds and must not hold locks. `config` is the
    workspace's interviewer when the caller has read it already."""
    session, messages = selectors.interview_by_id(session.pk)  # one query; the guide version kept in this process
    if session.status == SessionStatus.COMPLETED or not messages or messages[-1].role != Role.PARTICIPANT:
        return None
    version = _pinned_version(session)
    guide = _guide(version) if version else []
    if not guide:
        return None
    turn = next_turn(_state(session, guide, messages), llm_config() if config is _READ else config)
    with transaction.atomic():
        locked, last = _locked_last(session)
        if (last.pk, last.text) != (messages[-1].pk, messages[-1].text) or locked.status == SessionStatus.COMPLETED:
            return None  # another request answered this turn meanwhile, or the answer grew: its own reply comes
        return _reply_store(locked, guide, last, turn)


def reply_overdue(answer: Message, config: LLMConfig) -> bool:
    """Whether a worker should have stored the reply to `answer` by now (two model attempts and a margin): past
    that, the page asks the interviewer itself, as when the worker died or the broker was down."""
    return timezone.now() - answer.created_at > timedelta(seconds=2 * config.timeout + REPLY_MARGIN_SECONDS)


def reply_enqueue(*, session: Session) -> bool:
    """Send the pending reply to a worker; False (logged) when the broker is down: the caller replies itself."""
    from interviews.links.tasks import reply

    try:
        reply.delay(session.pk)
    except Exception:
        logger.warning("broker unavailable: session %s is answered in the request", session.pk, exc_info=True)
        return False
    return True


@transaction.atomic
def session_complete(*, session: Session) -> Transcript:
    """Close the session and turn it into a transcript for synthesis; record the interview and tell webhooks."""
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("round__study", "participant").get(pk=session.pk)
    )
    if hasattr(session, "transcript"):
        return session.transcript
    session.status = SessionStatus.COMPLETED
    session.completed_at = timezone.now()
    session.save(update_fields=["status", "completed_at", "last_activity_at"])
    who = session.participant.name or session.participant.email if session.participant else f"Anonymous #{session.pk}"
    transcript = Transcript.objects.create(
        kind=RoundKind.ASYNC, round=session.round, participant=session.participant, session=session,
        title=f"{session.round.study.title} · {who}", occurred_at=session.completed_at,
    )  # fmt: skip
    Utterance.objects.bulk_create(
        Utterance(
            transcript=transcript,
            order=m.order,
            speaker_role=m.role,
            text=m.text,
            question_id=m.question_id,
            speaker_name=(who if m.role == Role.PARTICIPANT else "Interviewer"),
        )
        for m in session.messages.order_by("order")
    )
    if session.participant:
        contact_record(participant=session.participant, kind=ContactKind.INTERVIEW, channel=RoundKind.ASYNC,
                       round=session.round, note=f"Async session {session.pk}")  # fmt: skip
        incentive_owe(round=session.round, participant=session.participant, session=session)
    webhook_emit(
        event="interview.completed",
        data={**_session_payload(session), "transcript": transcript.pk, "messages": session.messages.count()},
    )
    session_id, schema_name = session.pk, connection.schema_name
    transaction.on_commit(
        lambda: session_completed.send(sender=Session, session_id=session_id, schema_name=schema_name)
    )
    return transcript


def session_remember(*, session: Session, email: str) -> None:
    """“Finish later”: email the participant the address that brings them back to this session."""
    try:
        Participant._meta.get_field("email").run_validators(email)
    except ValidationError:
        raise ValidationError({"email": gettext("Enter an email address such as name@example.com.")}) from None
    with transaction.atomic(), translation.override(email_language(session.participant)):
        Session.objects.filter(pk=session.pk).update(email=email)
        resume = session.resume_token if session.link.kind == LinkKind.OPEN else ""
        email_queue(
            template="interview-resume",
            to=email,
            context={"link": link_url(session.link, resume_token=resume),
                     **public_study(session.round, current_workspace().name)},
        )  # fmt: skip


# After the interview: a follow-up call ------------------------------------------------------------------------


@transaction.atomic
def session_followup_opt_in(*, session: Session, consent: bool, name: str = "", email: str = "") -> Session:
    """The participant agrees to a follow-up call. On an open link they give their name and email: the
    participant with that email (created if new) gets this session and its transcript. Consent to contact is
    recorded; a do-not-contact wish is never lifted here."""
    if not consent:
        raise ValidationError({"consent": gettext("Tick the box to agree to be contacted for a follow-up call.")})
    session = Session.objects.select_for_update(of=("self",)).select_related("link", "participant").get(pk=session.pk)
    if session.status != SessionStatus.COMPLETED:
        raise ValidationError({"consent": gettext("Finish the interview first.")})
    person = session.participant
    if person is None:
        name, email = name.strip()[:200], email.strip().lower()
        errors = {}
        if not name:
            errors["name"] = gettext("Tell us your name.")
        try:
            Participant._meta.get_field("email").run_validators(email)
            if not email:
                raise ValidationError("empty")
        except ValidationError:
            errors["email"] = gettext("Enter an email address such as name@example.com.")
        if errors:
            raise ValidationError(errors)
        person = Participant.objects.select_for_update().filter(email__iexact=email).first()
        if person is not None and Session.objects.filter(link=session.link, participant=person).exists():
            raise ValidationError(
                {"email": gettext("This email already answered this interview: we have your details.")}
            )
        # What the open link knew of them (its hidden fields, such as plan or segment) fills their attributes' gaps.
        known = person.attributes if person else {}
        fields = {"consent_to_contact": True, "attributes": {**session.hidden_attributes, **known}}
        if person is None:
            fields |= {"email": email, "name": name}
        elif not person.name:
            fields["name"] = name
        person = participant_save(participant=person, actor=None, source=ChangeSource.OPT_IN, **fields)
        session.participant = person
        Transcript.objects.filter(session=session).update(
            participant=person, title=f"{session.round.study.title} · {person.name or person.email}"
        )
        Utterance.objects.filter(transcript__session=session, speaker_role=Role.PARTICIPANT).update(
            speaker_name=person.name or person.email
        )
        contact_record(participant=person, kind=ContactKind.INTERVIEW, channel=RoundKind.ASYNC, round=session.round,
                       at=session.completed_at, note=f"Async session {session.pk}")  # fmt: skip
        participant_attached.send(sender=Session, session=session, participant=person)
        # Anonymous until now: the incentive of the interview they finished is owed from here on.
        incentive_owe(round=session.round, participant=person, session=session)
    elif not person.consent_to_contact:
        person = participant_save(participant=person, actor=None, source=ChangeSource.OPT_IN, consent_to_contact=True)
    else:
        # Consenting already: the opt-in is still a fresh request for this call, which the contact rules honour.
        ParticipantChange.objects.create(participant=person, consent_to_contact=True, source=ChangeSource.OPT_IN)
    session.followup_opt_in_at = timezone.now()
    session.save(update_fields=["participant", "followup_opt_in_at", "last_activity_at"])
    return session
