"""A round's booking rules and the questions asked when booking: what researchers set up before anyone books."""

from django.core.exceptions import ValidationError
from django.db import transaction

from interviews.booking.schedules import member_ids
from interviews.models import BookingQuestion, BookingRules, HostSchedule, new_token
from studies.models import Round, RoundKind
from workspaces.models import User

RULE_FIELDS = frozenset(
    {
        "duration_minutes", "buffer_before_minutes", "buffer_after_minutes", "min_notice_hours",
        "max_per_host_per_day", "horizon_days", "slot_interval_minutes", "location", "room", "room_server",
        "assignment", "min_change_notice_hours", "max_reschedules", "reminder_offsets_minutes",
        "bookings_per_participant", "is_public",
    }
)  # fmt: skip


@transaction.atomic
def booking_rules_save(*, round: Round, actor: User | None, hosts: list[User] | None = None, **fields) -> BookingRules:
    """Create or change a sync round's booking rules; `hosts` (members, in order) replaces the round's hosts."""
    if round.kind != RoundKind.SYNC:
        raise ValidationError({"round": "Only a sync round takes bookings."})
    unknown = set(fields) - RULE_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    rules = BookingRules.objects.select_for_update().filter(round=round).first() or BookingRules(round=round)
    for name, value in fields.items():
        setattr(rules, name, value.strip() if isinstance(value, str) else value)
    if isinstance(rules.reminder_offsets_minutes, list):
        rules.reminder_offsets_minutes = sorted(set(rules.reminder_offsets_minutes), reverse=True)
    rules.full_clean()
    rules.save()
    if hosts is not None:
        ids = list(dict.fromkeys(user.pk for user in hosts))
        outsiders = set(ids) - member_ids(ids)
        if outsiders:
            raise ValidationError({"hosts": "Hosts must be members of this workspace."})
        # Clear then add one by one: the through rows' order is the hosts' order ("single" uses the first).
        rules.hosts.clear()
        for user_id in ids:
            rules.hosts.add(user_id)
        HostSchedule.objects.bulk_create([HostSchedule(user_id=user_id) for user_id in ids], ignore_conflicts=True)
    return rules


@transaction.atomic
def booking_rules_rotate_token(*, rules: BookingRules, actor: User | None) -> BookingRules:
    """A new public booking address: the old one stops working."""
    rules.public_token = new_token()
    rules.save(update_fields=["public_token", "updated_at"])
    return rules


QUESTION_FIELDS = frozenset({"label", "kind", "choices", "required"})


@transaction.atomic
def booking_question_save(
    *, rules: BookingRules, actor: User | None, question: BookingQuestion | None = None, **fields
) -> BookingQuestion:
    """Add a question at the end (question=None) or change one."""
    unknown = set(fields) - QUESTION_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    if question is None:
        BookingRules.objects.select_for_update().get(pk=rules.pk)
        last = rules.questions.order_by("-order").values_list("order", flat=True).first() or 0
        question = BookingQuestion(rules=rules, order=last + 1)
    for name, value in fields.items():
        setattr(question, name, value.strip() if isinstance(value, str) else value)
    if isinstance(question.choices, list):
        question.choices = [c.strip() for c in question.choices if isinstance(c, str) and c.strip()]
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def booking_question_move(*, question: BookingQuestion, direction: str, actor: User | None) -> None:
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move “up” or “down”."})
    ordered = list(BookingQuestion.objects.select_for_update().filter(rules_id=question.rules_id).order_by("order"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        _renumber(ordered)


@transaction.atomic
def booking_question_delete(*, question: BookingQuestion, actor: User | None) -> None:
    rules_id = question.rules_id
    question.delete()
    _renumber(list(BookingQuestion.objects.select_for_update().filter(rules_id=rules_id).order_by("order")))


def _renumber(ordered: list[BookingQuestion]) -> None:
    for position, item in enumerate(ordered, start=1):
        item.order = position
    BookingQuestion.objects.bulk_update(ordered, ["order"])  # the unique order is deferred to commit
