"""Forms of the booking pages: the participant's booking form, and the staff's hours, overrides, rules and questions."""

import re
from datetime import time
from itertools import pairwise

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from interviews.booking.zones import canonical
from interviews.models import Assignment, BookingQuestion, QuestionKind, RoomKind, Weekday
from studies.models import timezone_names


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(timezone_names())]


class ZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Time zone")
        kwargs.setdefault("error_messages", {"invalid_choice": "Choose a time zone from the list."})
        super().__init__(choices=zone_choices, **kwargs)


# --- Participants -------------------------------------------------------------------------------------------------


def question_field_name(question: BookingQuestion) -> str:
    return f"question_{question.pk}"


class BookingForm(forms.Form):
    """Name, email, the round's questions and consent, for one chosen slot (in the participant's language)."""

    start = forms.DateTimeField(
        widget=forms.HiddenInput, error_messages={"required": gettext_lazy("Choose a time first.")}
    )
    timezone = ZoneField(
        widget=forms.HiddenInput, error_messages={"invalid_choice": gettext_lazy("Choose a time zone.")}
    )
    name = forms.CharField(
        max_length=200, label=gettext_lazy("Your name"), widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=gettext_lazy("Your email"),
        help_text=gettext_lazy("We send the invitation and a link to change or cancel here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip
    consent = forms.BooleanField(
        error_messages={"required": gettext_lazy("Please tick the box to agree before you book.")}
    )

    def __init__(self, *args, questions=(), workspace_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields["consent"].label = gettext(
            "I agree that %(workspace)s may record this conversation and use what I say for research."
        ) % {"workspace": workspace_name}
        for question in self.questions:
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=question.label, required=question.required, widget=forms.RadioSelect,
                    choices=[(c, c) for c in question.choices],
                )  # fmt: skip
            else:
                field = forms.CharField(
                    label=question.label, required=question.required, max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )  # fmt: skip
            self.fields[question_field_name(question)] = field
        # The questions come before consent, in the order the round gives them.
        self.order_fields(["start", "timezone", "name", "email", *map(question_field_name, self.questions), "consent"])

    def clean_timezone(self) -> str:
        # Any name the tz database knows passes the field; a booking keeps only a zone people live in, by today's name.
        zone = canonical(self.cleaned_data["timezone"])
        if zone is None:
            raise ValidationError(gettext("Choose a time zone."))
        return zone

    def question_fields(self):
        return [self[question_field_name(q)] for q in self.questions]

    def answers(self) -> dict[str, str]:
        data = self.cleaned_data
        return {q.label: data[question_field_name(q)] for q in self.questions if data.get(question_field_name(q))}


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        required=False,
        label=gettext_lazy("Reason (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Hosts --------------------------------------------------------------------------------------------------------

RANGE = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*[-\u2013]\s*(\d{1,2})(?::(\d{2}))?\s*$")


def parse_ranges(text: str) -> list[tuple[time, time]]:
    """ "9:00-12:00, 13:00-17:30" -> [(09:00, 12:00), (13:00, 17:30)]; ValidationError naming the bad part."""
    ranges = []
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        match = RANGE.match(part)
        if not match:
            raise ValidationError(f"“{part}” is not a range like 9:00-12:30.")
        h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValidationError(f"“{part}” is not a time of day.")
        start, end = time(h1, m1), time(h2, m2)
        if end <= start:
            raise ValidationError(f"“{part}” must end after it starts.")
        ranges.append((start, end))
    ranges.sort()
    for (_, end), (start, _) in pairwise(ranges):
        if start < end:
            raise ValidationError("The ranges overlap.")
    return ranges


def format_ranges(ranges) -> str:
    return ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in ranges)


class HoursForm(forms.Form):
    """A host's zone, meeting URL and weekly hours: one text field per weekday holding its ranges."""

    timezone = ZoneField(help_text="Your hours below are in this zone.")
    meeting_url = forms.URLField(
        required=False, label="Meeting URL", assume_scheme="https",
        help_text="Your video room, used when the round gives no location.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day in Weekday:
            self.fields[f"day_{day.value}"] = forms.CharField(required=False, label=day.label)

    def day_fields(self):
        return [self[f"day_{day.value}"] for day in Weekday]

    def clean(self):
        data = super().clean()
        data["weekly_hours"] = []
        for day in Weekday:
            name = f"day_{day.value}"
            if name in self.errors:
                continue
            try:
                ranges = parse_ranges(data.get(name, ""))
            except ValidationError as error:
                self.add_error(name, error)
                continue
            data["weekly_hours"] += [(day.value, start, end) for start, end in ranges]
        return data

    @staticmethod
    def initial_for(schedule) -> dict:
        initial = {"timezone": schedule.timezone, "meeting_url": schedule.meeting_url}
        by_day: dict[int, list] = {}
        for hours in schedule.weekly_hours.all():
            by_day.setdefault(hours.weekday, []).append((hours.start, hours.end))
        for day, ranges in by_day.items():
            initial[f"day_{day}"] = format_ranges(ranges)
        return initial


class OverrideForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}), label="From")
    end = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}), label="Until")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None) and not ({"start", "end"} & set(self.errors)):
            self.add_error("end" if start else "start", "Give both times, or neither for a day off.")
        elif start and end and end <= start:
            self.add_error("end", "The hours must end after they start.")
        return data


# --- A round's booking rules and questions ---------------------------------------------------------------------------


class RulesForm(forms.Form):
    duration_minutes = forms.IntegerField(min_value=5, max_value=480, label="Duration (minutes)")
    slot_interval_minutes = forms.IntegerField(
        min_value=5, max_value=480, label="Start times every (minutes)", help_text="15 offers :00, :15, :30, :45."
    )
    buffer_before_minutes = forms.IntegerField(min_value=0, max_value=240, label="Buffer before (minutes)")
    buffer_after_minutes = forms.IntegerField(min_value=0, max_value=240, label="Buffer after (minutes)")
    min_notice_hours = forms.IntegerField(min_value=0, max_value=24 * 60, label="Minimum notice (hours)")
    horizon_days = forms.IntegerField(min_value=1, max_value=365, label="Bookable up to (days ahead)")
    max_per_host_per_day = forms.IntegerField(
        min_value=1, max_value=48, required=False, label="Most calls per host per day", help_text="Empty for no cap."
    )
    location = forms.CharField(
        max_length=500, required=False, label="Location or video URL",
        help_text="Empty: each host's own meeting URL.",
    )  # fmt: skip
    room = forms.ChoiceField(choices=RoomKind.choices, required=False, label="Video room")
    room_server = forms.CharField(
        max_length=500, required=False, label="Jitsi server or room URL template",
        help_text="Jitsi: empty for https://meet.jit.si, or your own server. Template: e.g. "
        "https://video.example.org/parley-{token} ({booking} is the booking's number).",
    )  # fmt: skip
    assignment = forms.ChoiceField(choices=Assignment.choices, label="Who takes a booking")
    hosts = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=False, widget=forms.CheckboxSelectMultiple)
    min_change_notice_hours = forms.IntegerField(
        min_value=0, max_value=24 * 30, label="Changes allowed until (hours before)"
    )
    max_reschedules = forms.IntegerField(min_value=0, max_value=20, label="Reschedules allowed")
    reminder_offsets = forms.CharField(
        required=False, label="Reminders (minutes before)", help_text="Comma-separated, e.g. 1440, 60 (24 h and 1 h)."
    )
    bookings_per_participant = forms.IntegerField(min_value=1, max_value=20, label="Bookings per participant")
    is_public = forms.BooleanField(required=False, label="Anyone with the round's booking link may book")

    def __init__(self, *args, host_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hosts"].choices = host_choices

    def clean_reminder_offsets(self) -> list[int]:
        text = self.cleaned_data["reminder_offsets"]
        try:
            return [int(part) for part in re.split(r"[,\s]+", text.strip()) if part]
        except ValueError:
            raise ValidationError("Give whole minutes, comma-separated, e.g. 1440, 60.") from None

    @staticmethod
    def initial_for(rules) -> dict:
        fields = [
            "duration_minutes", "slot_interval_minutes", "buffer_before_minutes", "buffer_after_minutes",
            "min_notice_hours", "horizon_days", "max_per_host_per_day", "location", "room", "room_server",
            "assignment", "min_change_notice_hours", "max_reschedules", "bookings_per_participant", "is_public",
        ]  # fmt: skip
        initial = {name: getattr(rules, name) for name in fields}
        initial["reminder_offsets"] = ", ".join(str(m) for m in rules.reminder_offsets_minutes)
        initial["hosts"] = [user.pk for user in rules.hosts.all()] if rules.pk else []
        return initial


class QuestionForm(forms.Form):
    label = forms.CharField(max_length=300, label="Question")
    kind = forms.ChoiceField(choices=QuestionKind.choices, label="Answer")
    choices = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Choices", help_text="One per line."
    )
    required = forms.BooleanField(required=False, label="Required")

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    @staticmethod
    def initial_for(question) -> dict:
        return {"label": question.label, "kind": question.kind, "choices": "\n".join(question.choices),
                "required": question.required}  # fmt: skip


class BookingInviteForm(forms.Form):
    participants = forms.TypedMultipleChoiceField(coerce=int, choices=[], error_messages={
        "required": "Select at least one participant."})  # fmt: skip

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = choices


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=[("completed", "Completed"), ("no_show", "No-show")])


class CalendarForm(forms.Form):
    """A host's own calendar: its secret iCal address, or a CalDAV collection with a username and an app password."""

    url = forms.CharField(
        required=False, max_length=2000, label="Secret address in iCal format",
        help_text="Google: Settings → your calendar → “Secret address in iCal format”. Outlook: a published "
        "calendar's ICS link. Fastmail, Nextcloud, iCloud: the calendar's private share link.",
    )  # fmt: skip
    caldav_url = forms.CharField(required=False, max_length=2000, label="Or a CalDAV address")
    username = forms.CharField(required=False, max_length=200, label="CalDAV username")
    password = forms.CharField(
        required=False, max_length=500, label="App password", widget=forms.PasswordInput,
        help_text="Stored encrypted; create an app password rather than giving your own.",
    )  # fmt: skip
    all_day_blocks = forms.BooleanField(
        required=False, initial=True, label="All-day events make me busy all day",
        help_text="Turn off when your calendar has all-day reminders (birthdays, holidays elsewhere).",
    )  # fmt: skip
