"""Every write of recruitment: screeners, their questions and rules, quotas, and a stranger's screening.

A screening locks its round's row first, so two people can never take the last place of a quota cell (or of the
round's total) at once: the second counts the first's place and is told, politely, that the round is full."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from studies.audit.services import audit_record
from studies.models import (
    SEATED_STATUSES,
    ChangeSource,
    Participant,
    Quota,
    Round,
    RoundKind,
    RoundStatus,
    Screener,
    ScreenerOutcome,
    ScreenerQuestion,
    ScreenerResponse,
    ScreenerRule,
    ScreeningStatus,
)
from studies.participants.services import participant_save
from studies.recruitment import rules as screening_rules
from studies.recruitment.selectors import full_cell, quota_fill, screener_for
from workspaces.models import User


def email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


# The researcher's side ---------------------------------------------------------------------------------------


@transaction.atomic
def screener_save(*, round: Round, actor: User | None, **fields) -> Screener:
    """Create the round's screener or change its texts and settings."""
    screener = Screener.objects.filter(round=round).first() or Screener(round=round)
    for name, value in fields.items():
        setattr(screener, name, value)
    screener.full_clean()
    screener.save()
    audit_record(actor=actor, action="screener.saved", obj=screener, detail={"fields": sorted(fields)})
    return screener


@transaction.atomic
def screener_question_add(
    *, screener: Screener, text: str, kind: str, actor: User | None, choices: list[str] | None = None,
    attribute: str = "", required: bool = True,
) -> ScreenerQuestion:  # fmt: skip
    last = screener.questions.aggregate(last=Max("order"))["last"] or 0
    question = ScreenerQuestion(
        screener=screener, order=last + 1, text=text.strip(), kind=kind,
        choices=[c.strip() for c in (choices or []) if c.strip()], attribute=attribute.strip(), required=required,
    )  # fmt: skip
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def screener_question_delete(*, question: ScreenerQuestion, actor: User | None) -> None:
    question.delete()  # its rules go with it


@transaction.atomic
def screener_rule_add(
    *, screener: Screener, question: ScreenerQuestion, operator: str, value: str, outcome: str,
    actor: User | None, route_to: Round | None = None,
) -> ScreenerRule:  # fmt: skip
    last = screener.rules.aggregate(last=Max("order"))["last"] or 0
    rule = ScreenerRule(
        screener=screener, order=last + 1, question=question, operator=operator, value=str(value).strip(),
        outcome=outcome, route_to=route_to if outcome == ScreenerOutcome.ROUTE else None,
    )  # fmt: skip
    if outcome == ScreenerOutcome.ROUTE and route_to is not None and route_to.study_id != screener.round.study_id:
        # Any round of the workspace would do technically; routing across studies surprises more than it helps.
        raise ValidationError({"route_to": "Pick a round of the same study."})
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def screener_rule_delete(*, rule: ScreenerRule, actor: User | None) -> None:
    rule.delete()


@transaction.atomic
def quota_save(*, round: Round, attribute: str, value: str, target: int, actor: User | None) -> Quota:
    """Set the cell's target (a new cell, or the existing one for that value)."""
    quota = Quota.objects.filter(round=round, attribute=attribute.strip(), value__iexact=value.strip()).first()
    quota = quota or Quota(round=round, attribute=attribute.strip(), value=value.strip())
    quota.target = target
    quota.full_clean(validate_constraints=False)
    quota.save()
    audit_record(actor=actor, action="quota.saved", obj=quota, detail={"target": target})
    return quota


@transaction.atomic
def quota_delete(*, quota: Quota, actor: User | None) -> None:
    audit_record(actor=actor, action="quota.deleted", obj=quota)
    quota.delete()


# The stranger's side ------------------------------------------------------------------------------------------


class AlreadyScreened(Exception):
    """This email was screened for this round before: `response` says how it went."""

    def __init__(self, response: ScreenerResponse):
        super().__init__("already screened")
        self.response = response


@dataclass(frozen=True)
class Screening:
    response: ScreenerResponse  # in the round the person ends up in (the routed round, when routed)
    status: str  # a ScreeningStatus: qualified, pending_review, screened_out or quota_full

    @property
    def admitted(self) -> bool:
        return self.status == ScreeningStatus.QUALIFIED

    @property
    def round(self) -> Round:
        return self.response.round


def _clean_person(email: str, name: str) -> tuple[str, str]:
    email, name = (email or "").strip().lower(), (name or "").strip()[:200]
    try:
        if not email:
            raise ValidationError("empty")
        Participant._meta.get_field("email").run_validators(email)
    except ValidationError:
        raise ValidationError({"email": gettext("Enter an email address such as name@example.com.")}) from None
    return email, name


def _seat_status(round_: Round, attributes: dict, *, review: bool) -> str:
    """Qualified (or waiting for review) if the round and the person's quota cell have a place; quota full if not.
    The caller holds the round's lock."""
    fill = quota_fill(round_)
    if not fill.open or full_cell(fill, attributes) is not None:
        return ScreeningStatus.QUOTA_FULL
    return ScreeningStatus.PENDING_REVIEW if review else ScreeningStatus.QUALIFIED


def _keep_person(*, email: str, name: str, attributes: dict) -> Participant:
    person = Participant.objects.select_for_update().filter(email__iexact=email).first()
    fields = {"attributes": {**(person.attributes if person else {}), **attributes}}
    if person is None:
        fields |= {"email": email, "name": name}
    elif name and not person.name:
        fields["name"] = name
    return participant_save(participant=person, actor=None, source=ChangeSource.SCREENER, **fields)


def _record(round_: Round, digest: str, **fields) -> ScreenerResponse:
    try:
        with transaction.atomic():
            return ScreenerResponse.objects.create(round=round_, email_digest=digest, **fields)
    except IntegrityError:
        # Screened meanwhile by another request of theirs (a double submit): the first one stands.
        raise AlreadyScreened(ScreenerResponse.objects.get(round=round_, email_digest=digest)) from None


def round_is_open(round_: Round) -> bool:
    return round_.status != RoundStatus.CLOSED


@transaction.atomic
def screening_submit(*, round: Round, email: str, answers, name: str = "", keep_answers: bool = False) -> Screening:
    """Screen a stranger for `round` on its screener's rules and quotas.

    `answers` are a form's or an API's data (`q<id>` fields). Raises ValidationError for missing or bad answers
    (nothing is stored) and AlreadyScreened when this email was screened for the round before. Whoever qualifies,
    or agrees that we keep their answers, becomes (or updates) a participant with the answers mapped to
    attributes; anyone else leaves only their email's digest, which refuses a second try."""
    email, name = _clean_person(email, name)
    screener = screener_for(round)
    if screener is None:
        raise ValidationError({"round": "This round has no screener."})
    cleaned = screening_rules.clean_answers(screener.question_list, answers)
    # The lock that makes quotas hold under racing submissions: one screening of this round at a time.
    locked = Round.objects.select_for_update().select_related("study").get(pk=round.pk)
    digest = email_digest(email)
    earlier = ScreenerResponse.objects.filter(round=locked, email_digest=digest).first()
    if earlier is not None:
        raise AlreadyScreened(earlier)
    decision = screening_rules.decide(screener, screener.rule_list, cleaned)
    attributes = {
        q.attribute: screening_rules.attribute_value(cleaned[q.pk])
        for q in screener.question_list
        if q.attribute and cleaned.get(q.pk) not in (None, [])
    }
    kept_answers = {q.text: screening_rules.readable(cleaned[q.pk]) for q in screener.question_list}
    if decision.outcome == ScreenerOutcome.REJECT:
        status = ScreeningStatus.SCREENED_OUT
    elif decision.outcome == ScreenerOutcome.ROUTE:
        return _route(locked, decision.route_to, digest, email=email, name=name, attributes=attributes,
                      answers=kept_answers, keep_answers=keep_answers)  # fmt: skip
    else:
        review = screener.review_required and locked.kind == RoundKind.SYNC
        status = _seat_status(locked, attributes, review=review)
    seated = status in SEATED_STATUSES
    person = _keep_person(email=email, name=name, attributes=attributes) if seated or keep_answers else None
    response = _record(
        locked, digest, participant=person, status=status, keep_answers=keep_answers,
        answers=kept_answers if person else {}, attributes=attributes if person else {},
    )  # fmt: skip
    return Screening(response=response, status=status)


def _route(from_round, to_round, digest, *, email, name, attributes, answers, keep_answers) -> Screening:
    """Sent on to another round: recorded as routed here, and seated there on that round's quotas (its own
    screener is not asked again: the person has answered ours)."""
    to_round = Round.objects.select_for_update().get(pk=to_round.pk)
    there = ScreenerResponse.objects.filter(round=to_round, email_digest=digest).first()
    if there is not None:
        raise AlreadyScreened(there)
    status = _seat_status(to_round, attributes, review=False) if round_is_open(to_round) else ScreeningStatus.QUOTA_FULL
    seated = status in SEATED_STATUSES
    person = _keep_person(email=email, name=name, attributes=attributes) if seated or keep_answers else None
    kept = {"answers": answers if person else {}, "attributes": attributes if person else {}}
    _record(from_round, digest, participant=person, status=ScreeningStatus.ROUTED, routed_to=to_round,
            keep_answers=keep_answers, **kept)  # fmt: skip
    response = _record(to_round, digest, participant=person, status=status, keep_answers=keep_answers, **kept)
    return Screening(response=response, status=status)


@transaction.atomic
def screening_review(*, response: ScreenerResponse, approve: bool, actor: User | None) -> ScreenerResponse:
    """A researcher's decision on a person waiting for review. Approving keeps their place; rejecting frees it."""
    response = ScreenerResponse.objects.select_for_update().get(pk=response.pk)
    if response.status != ScreeningStatus.PENDING_REVIEW:
        raise ValidationError({"status": "This person is not waiting for review."})
    response.status = ScreeningStatus.QUALIFIED if approve else ScreeningStatus.REJECTED
    response.reviewed_by, response.reviewed_at = actor, timezone.now()
    response.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, action="screening.approved" if approve else "screening.rejected", obj=response)
    return response
