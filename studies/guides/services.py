"""Every write to discussion guides: questions, their order, copies across rounds, goal templates, and versions.

A live round's guide changes only when the change is confirmed (`confirm_live_edit=True`): interviews in progress
keep the version they started with, and every confirmed change records a new version for the participants who start
from then on. Planned and closed rounds change freely; the next interview to start records the guide it gets."""

from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from studies.edits import move, next_order, renumber, set_fields
from studies.guides.lint import GuideLint, lint_guide
from studies.guides.templates import TEMPLATES
from studies.guides.usage import GuideUsage, guide_usage
from studies.guides.versions import snapshot
from studies.models import GuideQuestion, GuideVersion, Round, RoundKind, RoundStatus
from workspaces.library.services import library_item_publish
from workspaces.models import User

QUESTION_FIELDS = frozenset({"text", "intent", "probing", "max_follow_ups", "estimated_minutes"})


class LiveEditNotConfirmed(Exception):
    """A change to a live round's guide, refused until confirmed; the message says what confirming means."""

    code = "live_round"

    def __init__(self, *, round: Round, change: str, version: int, usage: GuideUsage):
        self.round, self.change, self.version, self.usage = round, change, version, usage
        super().__init__(live_edit_message(round=round, version=version, usage=usage))


def live_edit_message(*, round: Round, version: int, usage: GuideUsage) -> str:
    """What a change to this live guide does, in one paragraph for the confirmation page and the API."""
    if round.kind == RoundKind.SYNC:
        if usage.calls_ahead == 0:
            return f"This round is live, with no call booked ahead: calls from now on follow v{version + 1}."
        calls = f"{usage.calls_ahead} call{'s are' if usage.calls_ahead != 1 else ' is'} booked ahead"
        return f"This round is live and {calls}: their hosts will follow the new version (v{version + 1})."
    if usage.in_progress == 0:
        now = "no interview is in progress"
    elif usage.in_progress == 1:
        now = "1 interview is in progress and keeps asking the questions of the version it started with"
    else:
        now = (
            f"{usage.in_progress} interviews are in progress and keep asking the questions of the version they"
            " started with"
        )
    return f"This round is live: {now}. Participants who start from now on get the new version (v{version + 1})."


def _latest(round_: Round) -> GuideVersion | None:
    return round_.guide_versions.order_by("-number").first()


def _current_questions(round_: Round) -> list[dict]:
    return snapshot(GuideQuestion.objects.filter(round_id=round_.pk).order_by("order"))


def _version_add(round_: Round, latest: GuideVersion | None, questions: list[dict], *, actor, change, at=None):
    return GuideVersion.objects.create(
        round=round_, number=(latest.number + 1) if latest else 1, questions=questions, change=change[:300],
        created_by=actor, created_at=at or timezone.now(),
    )  # fmt: skip


def _version_in_force(round_: Round) -> GuideVersion | None:
    """The version matching the guide as it is, recorded first if the guide changed unversioned (before the round
    went live, or while it was closed); None for an empty guide that never had a version. The round is locked."""
    latest, questions = _latest(round_), _current_questions(round_)
    if latest is not None and latest.questions == questions:
        return latest
    if latest is None and not questions:
        return None
    if latest is None:
        # The first version stands for the guide since the round went live (its first link, invitation or booking).
        return _version_add(round_, None, questions, actor=None, change="The guide when the round went live",
                            at=round_.live_at)  # fmt: skip
    return _version_add(round_, latest, questions, actor=None, change="Changed while the round was not live")


@transaction.atomic
def guide_version_for_start(*, round: Round) -> GuideVersion | None:
    """The version an interview starting now takes (recorded if the guide changed since the last one); None when
    the guide has no questions. Locks the round, so a change being saved is either wholly in it or not at all."""
    return _version_in_force(Round.objects.select_for_update().get(pk=round.pk))


def _lock(round_id: int) -> Round:
    return Round.objects.select_for_update().get(pk=round_id)


def _before_change(round_: Round, *, change: str, confirmed: bool) -> bool:
    """Refuse an unconfirmed change to a live guide; before a confirmed one, put the version in force on record so
    the new version is compared with it. Returns whether the change makes a new version."""
    if round_.status != RoundStatus.LIVE:
        return False
    if not confirmed:
        latest = _latest(round_)
        raise LiveEditNotConfirmed(round=round_, change=change, version=latest.number if latest else 1,
                                   usage=guide_usage(round_.pk))  # fmt: skip
    _version_in_force(round_)
    return True


def _after_change(round_: Round, *, versioned: bool, change: str, actor: User | None) -> None:
    if not versioned:
        return
    latest, questions = _latest(round_), _current_questions(round_)
    if latest is None or latest.questions != questions:
        _version_add(round_, latest, questions, actor=actor, change=change)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:77]}…”" if len(text) > 80 else f"“{text}”"


@transaction.atomic
def question_add(
    *, round: Round, text: str, actor: User | None, confirm_live_edit: bool = False, **fields
) -> GuideQuestion:
    locked = _lock(round.pk)
    question = GuideQuestion(round=round, order=next_order(round.questions.all()), text=text.strip())
    set_fields(question, fields, QUESTION_FIELDS)
    question.full_clean()
    change = f"Added question {question.order}: {_quote(question.text)}"
    versioned = _before_change(locked, change=change, confirmed=confirm_live_edit)
    question.save()
    _after_change(locked, versioned=versioned, change=change, actor=actor)
    return question


@transaction.atomic
def question_update(
    *, question: GuideQuestion, actor: User | None, confirm_live_edit: bool = False, **fields
) -> GuideQuestion:
    locked = _lock(question.round_id)
    # A bound ModelForm has already put the new values on the instance: compare with the stored ones.
    stored = GuideQuestion.objects.get(pk=question.pk)
    before = {name: getattr(stored, name) for name in fields}
    question.order = stored.order  # its place is not this service's to change, whatever the caller last read
    set_fields(question, fields, QUESTION_FIELDS)
    question.full_clean()
    if all(getattr(question, name) == value for name, value in before.items()):
        return question  # saved unchanged: nothing to confirm, no new version
    change = f"Edited question {question.order}: {_quote(question.text)}"
    versioned = _before_change(locked, change=change, confirmed=confirm_live_edit)
    question.save()
    _after_change(locked, versioned=versioned, change=change, actor=actor)
    return question


@transaction.atomic
def question_delete(*, question: GuideQuestion, actor: User | None, confirm_live_edit: bool = False) -> None:
    locked = _lock(question.round_id)
    question.refresh_from_db(fields=["order", "text"])  # its place now, whatever the caller last read
    change = f"Deleted question {question.order}: {_quote(question.text)}"
    versioned = _before_change(locked, change=change, confirmed=confirm_live_edit)
    question.delete()
    renumber(list(GuideQuestion.objects.filter(round_id=locked.pk).select_for_update().order_by("order")))
    _after_change(locked, versioned=versioned, change=change, actor=actor)


@transaction.atomic
def question_move(
    *, question: GuideQuestion, direction: str, actor: User | None, confirm_live_edit: bool = False
) -> None:
    locked = _lock(question.round_id)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move “up” or “down”."})
    question.refresh_from_db(fields=["order", "text"])
    change = f"Moved question {question.order} {direction}: {_quote(question.text)}"
    versioned = _before_change(locked, change=change, confirmed=confirm_live_edit)
    move(question, GuideQuestion.objects.filter(round_id=locked.pk), direction)
    _after_change(locked, versioned=versioned, change=change, actor=actor)


@transaction.atomic
def questions_reorder(
    *, round: Round, question_ids: list[int], actor: User | None, confirm_live_edit: bool = False
) -> list[GuideQuestion]:
    """Put the round's questions in the given order; the list must name each of them exactly once."""
    locked = _lock(round.pk)
    questions = {q.pk: q for q in round.questions.select_for_update()}
    if sorted(question_ids) != sorted(questions):
        raise ValidationError({"order": "List every question of this round exactly once."})
    ordered = [questions[pk] for pk in question_ids]
    if [q.pk for q in sorted(questions.values(), key=lambda q: q.order)] == question_ids:
        return ordered  # the order it already has
    versioned = _before_change(locked, change="Reordered the questions", confirmed=confirm_live_edit)
    renumber(ordered)
    _after_change(locked, versioned=versioned, change="Reordered the questions", actor=actor)
    return ordered


def _append_questions(round: Round, questions, *, change: str, actor, confirmed: bool) -> list[GuideQuestion]:
    locked = _lock(round.pk)
    questions = list(questions)
    if not questions:
        return []
    versioned = _before_change(locked, change=change, confirmed=confirmed)
    start = next_order(round.questions.all())
    copies = [
        GuideQuestion(round=round, order=start + i, **{name: getattr(q, name) for name in QUESTION_FIELDS})
        for i, q in enumerate(questions)
    ]
    copies = GuideQuestion.objects.bulk_create(copies)
    _after_change(locked, versioned=versioned, change=change, actor=actor)
    return copies


@transaction.atomic
def guide_copy(
    *, source: Round, target: Round, actor: User | None, confirm_live_edit: bool = False
) -> list[GuideQuestion]:
    """Append a copy of `source`'s questions to `target`'s guide (duplicating a guide across rounds or studies)."""
    questions = source.questions.order_by("order")
    return _append_questions(target, questions, change=f"Copied the questions of {_quote(source.purpose)}",
                             actor=actor, confirmed=confirm_live_edit)  # fmt: skip


@transaction.atomic
def guide_apply_template(
    *, round: Round, template: str, actor: User | None, confirm_live_edit: bool = False
) -> list[GuideQuestion]:
    """Append the questions of a goal template (win/loss, churn, onboarding...) to the round's guide."""
    if template not in TEMPLATES:
        raise ValidationError({"template": f"No guide template “{template}”."})
    return _append_questions(round, TEMPLATES[template].questions,
                             change=f"Added the questions of the template {_quote(TEMPLATES[template].title)}",
                             actor=actor, confirmed=confirm_live_edit)  # fmt: skip


# The library (workspaces.library): a guide travels as its questions alone ------------------------------------------


def guide_content(round: Round) -> dict:
    """What the library keeps of a guide: each question's words, intent, probing, follow-ups and minutes. Nothing
    of the workspace it came from (no study, participants, answers or ids)."""
    return {
        "kind": round.kind,
        "questions": [
            {
                "text": q.text,
                "intent": q.intent,
                "probing": q.probing,
                "max_follow_ups": q.max_follow_ups,
                "estimated_minutes": str(q.estimated_minutes),
            }
            for q in round.questions.order_by("order")
        ],
    }


@transaction.atomic
def guide_publish(*, round: Round, title: str, actor: User):
    """Save this round's guide to the library (the caller checked the role here; publishing is checked there)."""
    content = guide_content(round)
    if not content["questions"]:
        raise ValidationError({"title": "This guide has no questions to share yet."})
    return library_item_publish(kind="guide", title=title or round.purpose, content=content, actor=actor,
                                description=f"{len(content['questions'])} questions, {round.kind}")  # fmt: skip


@transaction.atomic
def guide_copy_from_library(
    *, item, target: Round, actor: User | None, confirm_live_edit: bool = False
) -> tuple[list[GuideQuestion], GuideLint]:
    """Append a library guide's questions to `target`'s guide and lint the result, as a copied guide must be."""
    rows = [row for row in item.content.get("questions", []) if isinstance(row, dict) and str(row.get("text", ""))]
    questions = [
        SimpleNamespace(
            text=str(row["text"])[:2000], intent=str(row.get("intent", ""))[:300], probing=str(row.get("probing", "")),
            max_follow_ups=min(int(row.get("max_follow_ups", 2) or 0), 5),
            estimated_minutes=Decimal(str(row.get("estimated_minutes") or "1.5")),
        )
        for row in rows
    ]  # fmt: skip
    copied = _append_questions(target, questions, change=f"Copied the library guide {_quote(item.title)}",
                               actor=actor, confirmed=confirm_live_edit)  # fmt: skip
    all_questions = list(target.questions.order_by("order"))
    lint = lint_guide([q.text for q in all_questions], kind=target.kind,
                      minutes=[float(q.estimated_minutes) for q in all_questions],
                      time_budget=target.time_budget_minutes or 10)  # fmt: skip
    return copied, lint
