"""Every write of validation at scale: the round with one neutral question per insight and its invited sample,
the classification of answers, and a researcher's review of a verdict.

Model calls (drafting questions, classifying answers) happen outside any transaction, before the rows are
written: a slow model never holds a lock, and a participant's answer is long committed when it is classified.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.fields.json import KT
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.interviewer.services import llm_config
from interviews.links.services import InvitationRefused, invitation_create
from interviews.models import Message, MessageKind, Role, Session, SessionStatus
from studies.guides.services import question_add
from studies.models import GuideQuestion, Participant, Round, RoundKind, RoundStatus, Study
from studies.programme.services import round_add, round_update
from synthesis.models import Highlight, Insight, ValidationAnswer, ValidationQuestion, Verdict
from synthesis.validation.classify import Classification, classify
from synthesis.validation.questions import Drafted, draft_questions
from workspaces.models import User

logger = logging.getLogger(__name__)

MAX_INSIGHTS = 12  # an async interview stays within 5-10 minutes plus a little
MAX_SIZE = 500
MAX_ATTEMPT_EXTRA = 200  # candidates tried beyond the size when the contact rules refuse some
PROBING = "Ask for one concrete example of their own. Never name or hint at what the team believes."


@dataclass
class Refusal:
    participant: Participant
    reason: str
    code: str


@dataclass
class ValidationRound:
    round: Round
    questions: list[tuple[GuideQuestion, Drafted]]
    invited: list[Participant] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    excluded: int = 0  # evidence producers left out of the sample


def _insights(insights) -> list[Insight]:
    ids = []
    for item in insights or ():
        try:
            pk = item.pk if isinstance(item, Insight) else int(item)
        except (TypeError, ValueError):
            raise ValidationError({"insights": f"“{item}” is not an insight id."}) from None
        if pk not in ids:
            ids.append(pk)
    if not ids:
        raise ValidationError({"insights": "Pick at least one insight to validate."})
    if len(ids) > MAX_INSIGHTS:
        raise ValidationError({"insights": f"Validate at most {MAX_INSIGHTS} insights in one round: keep it short."})
    found = Insight.objects.in_bulk(ids)
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({"insights": f"No insight with id {', '.join(missing)} in this workspace."})
    return [found[pk] for pk in ids]


def clean_filters(filters) -> dict[str, str]:
    """Attribute filters as {name: value}, names like segment or plan; ValidationError otherwise."""
    if filters in (None, ""):
        return {}
    if not isinstance(filters, dict):
        raise ValidationError({"filters": 'Give attribute filters as {"segment": "smb"}.'})
    cleaned = {}
    for name, value in filters.items():
        if not isinstance(name, str) or not name.isidentifier() or "__" in name:
            raise ValidationError({"filters": f"“{name}” is not an attribute name such as segment or plan."})
        if not isinstance(value, str | int | float | bool) or str(value).strip() == "":
            raise ValidationError({"filters": f"Give {name} one value, such as {name}=smb."})
        cleaned[name] = str(value).strip()
    return cleaned


def evidence_producers(insight_ids: list[int]) -> set[int]:
    """Participants quoted in the insights' highlights: they produced the evidence, so they do not validate it."""
    return set(
        Highlight.objects.filter(insights__in=insight_ids, participant__isnull=False).values_list(
            "participant_id", flat=True
        )
    )


def default_study(insight_ids: list[int]) -> Study | None:
    """The study most of the insights' highlights come from."""
    top = (
        Highlight.objects.filter(insights__in=insight_ids)
        .values("study")
        .order_by()
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "study")
        .first()
    )
    return Study.objects.filter(pk=top["study"]).first() if top else None


def sample_candidates(*, filters: dict[str, str], exclude: set[int]):
    """Participants matching every filter (attribute values compared as text), minus `exclude`, in random order."""
    people = Participant.objects.exclude(pk__in=exclude)
    for name, value in filters.items():
        people = people.alias(**{f"filter_{name}": KT(f"attributes__{name}")}).filter(**{f"filter_{name}": value})
    return people.order_by("?")


def validation_round_create(
    *,
    insights,
    study: Study,
    filters: dict | None,
    size: int,
    actor: User | None,
    send_email: bool = True,
) -> ValidationRound:
    """A new async round in `study` with one neutral question per insight, and a sample of up to `size`
    participants invited under the contact rules (those quoted in the insights left out). Nothing is written
    when an input is wrong; the questions are drafted (perhaps by the model) before the transaction opens."""
    errors = {}
    try:
        chosen = _insights(insights)
    except ValidationError as error:
        errors |= error.error_dict
    try:
        filters = clean_filters(filters)
    except ValidationError as error:
        errors |= error.error_dict
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_SIZE:
        errors["size"] = [ValidationError(f"Invite between 1 and {MAX_SIZE} participants.")]
    if not isinstance(study, Study):
        errors["study"] = [ValidationError("Choose the study the validation round belongs to.")]
    if errors:
        raise ValidationError(errors)
    drafted = draft_questions([(i.pk, i.statement) for i in chosen], llm_config())
    return _round_write(insights=chosen, drafted=drafted, study=study, filters=filters, size=size, actor=actor,
                        send_email=send_email)  # fmt: skip


def _placeholder(study: Study) -> Round | None:
    """The study's validation round when the planner left it empty (a funnel's last round): a planned async round
    with no guide and no links, after the study's other rounds. Filled instead of adding a round beside it."""
    last = study.rounds.order_by("-order").first()
    if last is None or last.kind != RoundKind.ASYNC or last.status != RoundStatus.PLANNED:
        return None
    if last.questions.exists() or last.links.exists() or not study.rounds.exclude(pk=last.pk).exists():
        return None
    return Round.objects.select_for_update().get(pk=last.pk)


@transaction.atomic
def _round_write(*, insights, drafted, study, filters, size, actor, send_email) -> ValidationRound:
    purpose = f"Validate {len(insights)} insight{'s' if len(insights) != 1 else ''} at scale"
    round_ = _placeholder(study)
    if round_ is None:
        round_ = round_add(study=study, kind=RoundKind.ASYNC, actor=actor, target_participants=size, purpose=purpose)
    else:
        round_ = round_update(round=round_, actor=actor, purpose=purpose, target_participants=size)
    by_id = {i.pk: i for i in insights}
    questions = []
    for draft in drafted:
        question = question_add(
            round=round_, text=draft.text, intent=draft.intent, probing=PROBING, max_follow_ups=1, actor=actor
        )
        ValidationQuestion.objects.create(insight=by_id[draft.insight_id], question=question)
        questions.append((question, draft))
    producers = evidence_producers(list(by_id))
    result = ValidationRound(round=round_, questions=questions, excluded=len(producers))
    for person in sample_candidates(filters=filters, exclude=producers)[: size + MAX_ATTEMPT_EXTRA]:
        if len(result.invited) >= size:
            break
        try:
            invitation_create(round=round_, email=person.email, actor=actor, send_email=send_email,
                              event="validation")  # fmt: skip
        except InvitationRefused as refused:
            result.refused.append(Refusal(person, refused.decision.reason, refused.decision.code))
        else:
            result.invited.append(person)
    return result


# Classification -------------------------------------------------------------------------------------------------


def _pick(messages: list[Message], statement: str, config) -> tuple[Message, Classification]:
    """The first answer (to the question, then its follow-ups) that decides; the first one when none does."""
    first = None
    for message in messages:
        verdict = classify(message.text, statement, config)
        if verdict.verdict != Verdict.UNCLEAR:
            return message, verdict
        first = first or (message, verdict)
    return first


def session_answers_classify(*, session_id: int) -> int:
    """Classify a completed session's answers to validation questions that have no verdict yet; the count made.
    Reviewed verdicts are never touched: an answer already classified is skipped."""
    session = Session.objects.filter(pk=session_id, status=SessionStatus.COMPLETED).first()
    if session is None:
        return 0
    questions = list(ValidationQuestion.objects.filter(question__round_id=session.round_id).select_related("insight"))
    if not questions:
        return 0
    done = set(ValidationAnswer.objects.filter(session=session).values_list("question_id", flat=True))
    answers: dict[int, list[Message]] = {}
    for message in session.messages.filter(role=Role.PARTICIPANT, kind=MessageKind.ANSWER).order_by("order"):
        answers.setdefault(message.question_id, []).append(message)
    config = llm_config() if any(q.pk not in done and q.question_id in answers for q in questions) else None
    decided = []
    for vq in questions:
        if vq.pk in done or vq.question_id not in answers:
            continue
        decided.append((vq, *_pick(answers[vq.question_id], vq.insight.statement, config)))
    made = 0
    with transaction.atomic():
        for vq, message, verdict in decided:
            _, created = ValidationAnswer.objects.get_or_create(
                question=vq, session=session,
                defaults={"message": message, "participant_id": session.participant_id, "verdict": verdict.verdict,
                          "quote": verdict.quote, "reason": verdict.reason[:300], "backend": verdict.backend},
            )  # fmt: skip
            made += created
    return made


def unclassified_sessions(insight: Insight) -> list[int]:
    """Completed sessions of rounds testing `insight` with an answer to its question but no verdict yet."""
    question_ids = list(insight.validation_questions.values_list("question_id", flat=True))
    return list(
        Session.objects.filter(
            status=SessionStatus.COMPLETED,
            messages__question_id__in=question_ids,
            messages__role=Role.PARTICIPANT,
        )
        .exclude(validation_answers__question__insight=insight)
        .values_list("pk", flat=True)
        .distinct()
    )


def insight_answers_classify(*, insight: Insight, actor: User | None) -> int:
    """The fallback when the broker was down: classify every completed, unclassified answer about `insight`."""
    return sum(session_answers_classify(session_id=pk) for pk in unclassified_sessions(insight))


@transaction.atomic
def validation_answer_review(*, answer: ValidationAnswer, verdict: str, actor: User) -> ValidationAnswer:
    """A researcher's verdict replaces the machine's; who and when are recorded."""
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": f"Choose one of: {', '.join(Verdict.values)}."})
    answer = ValidationAnswer.objects.select_for_update().get(pk=answer.pk)
    answer.verdict, answer.reviewed_by, answer.reviewed_at = verdict, actor, timezone.now()
    answer.save(update_fields=["verdict", "reviewed_by", "reviewed_at"])
    return answer


# After a session completes --------------------------------------------------------------------------------------


def on_session_completed(sender, *, session_id: int, schema_name: str, **kwargs) -> None:
    """Receiver of `interviews.links.signals.session_completed`: classify after commit, in a worker."""
    transaction.on_commit(lambda: classification_enqueue(schema_name, session_id))


def classification_enqueue(schema_name: str, session_id: int) -> bool:
    """Send the session to a worker when its round tests insights; False (logged) when the broker is down: the
    insight page's "classify unclassified answers" catches up."""
    from synthesis.validation.tasks import classify_session

    with schema_context(schema_name):
        if not ValidationQuestion.objects.filter(question__round__sessions=session_id).exists():
            return False
        try:
            classify_session.delay(session_id)
        except Exception:
            logger.warning("broker unavailable: validation answers of session %s wait", session_id, exc_info=True)
            return False
    return True
