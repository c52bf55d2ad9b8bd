"""Hosts' schedules: a member's weekly hours, the days that differ (days off, extra hours) and the address of
their calendar feed. Only workspace members host."""

from datetime import date, time
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction

from interviews.booking.availability import availability_changed
from interviews.models import DateOverride, HostSchedule, WeeklyHours, new_token
from workspaces.models import Membership, User
from workspaces.selectors import current_workspace


def member_ids(user_ids) -> set[int]:
    """Which of these users are members of this workspace (only members host)."""
    workspace = current_workspace()
    return set(Membership.objects.filter(workspace=workspace, user_id__in=user_ids).values_list("user_id", flat=True))


def _parse_time(value) -> time:
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"“{value}” is not a time such as 09:30.") from None


@transaction.atomic
def host_schedule_save(
    *,
    user: User,
    actor: User | None,
    timezone_name: str | None = None,
    meeting_url: str | None = None,
    weekly_hours: list[tuple[int, time | str, time | str]] | None = None,
) -> HostSchedule:
    """Create or change a member's schedule. `weekly_hours` (weekday 0=Monday, start, end) replaces all ranges;
    ranges of one day may not overlap."""
    if not member_ids([user.pk]):
        raise ValidationError({"user": "Hosts must be members of this workspace."})
    schedule = HostSchedule.objects.select_for_update().filter(user=user).first() or HostSchedule(user=user)
    if timezone_name is not None:
        schedule.timezone = timezone_name.strip()
    if meeting_url is not None:
        schedule.meeting_url = meeting_url.strip()
    schedule.full_clean()
    schedule.save()
    if weekly_hours is not None:
        rows = []
        for weekday, start, end in weekly_hours:
            try:
                row = WeeklyHours(
                    schedule=schedule, weekday=int(weekday), start=_parse_time(start), end=_parse_time(end)
                )
            except (TypeError, ValueError):
                raise ValidationError({"weekly_hours": f"“{weekday}” is not a weekday (0 is Monday)."}) from None
            except ValidationError as error:
                raise ValidationError({"weekly_hours": error.messages}) from None
            try:
                row.full_clean(exclude=["schedule"])
            except ValidationError as error:
                day = row.get_weekday_display() if 0 <= row.weekday <= 6 else row.weekday
                raise ValidationError({"weekly_hours": [f"{day}: {m}" for m in error.messages]}) from None
            rows.append(row)
        rows.sort(key=lambda r: (r.weekday, r.start))
        for previous, current in pairwise(rows):
            if previous.weekday == current.weekday and current.start < previous.end:
                raise ValidationError(
                    {"weekly_hours": f"{current.get_weekday_display()}: {previous} and {current} overlap."}
                )
        schedule.weekly_hours.all().delete()
        WeeklyHours.objects.bulk_create(rows)
        availability_changed()  # bulk_create sends no signals
    return schedule


@transaction.atomic
def host_override_add(
    *, schedule: HostSchedule, date: date, actor: User | None, start: time | None = None, end: time | None = None
) -> DateOverride:
    """A day off (no times) replaces the date's hours; a range adds to the date's other ranges (a day off goes)."""
    override = DateOverride(schedule=schedule, date=date, start=start, end=end)
    override.full_clean()
    same_day = schedule.overrides.select_for_update().filter(date=date)
    if start is None:
        same_day.delete()
    else:
        same_day.filter(start__isnull=True).delete()
        for other in same_day.filter(start__isnull=False):
            if start < other.end and other.start < end:
                raise ValidationError({"start": f"These hours overlap {other.start:%H:%M}-{other.end:%H:%M}."})
    override.save()
    return override


@transaction.atomic
def host_override_delete(*, override: DateOverride, actor: User | None) -> None:
    override.delete()


@transaction.atomic
def host_feed_rotate(*, schedule: HostSchedule, actor: User | None) -> HostSchedule:
    """A new feed address: the old one stops working (for a leaked link)."""
    schedule.feed_token = new_token()
    schedule.save(update_fields=["feed_token", "updated_at"])
    return schedule
