"""Booking rules presets: a sync round's scheduling settings saved to the library (workspaces.library) and copied
into any sync round through the booking-rules service, so a copy is validated exactly as an edit on the page is.

A preset is the rules a team reuses: call length, start-time step, buffers, notice, horizon, caps, change limits,
reminders, the kind of video room (with its server or URL template when that holds no secret) and the questions
asked when booking. It never holds the round's hosts or who takes a booking (people of the source workspace), its
location (an address or someone's own meeting URL), whether its page is public, or its public address."""

import re
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from interviews.booking.rules import booking_question_delete, booking_question_save, booking_rules_save
from interviews.models import BookingQuestion, BookingRules, QuestionKind, RoomKind
from studies.models import Round, RoundKind
from workspaces.library.services import library_item_publish
from workspaces.models import LibraryItem, LibraryKind, User

# The settings a preset carries, in the order the booking page shows them, with their words and unit.
SETTINGS: dict[str, tuple[str, str]] = {
    "duration_minutes": ("Duration", "min"),
    "slot_interval_minutes": ("Start times every", "min"),
    "buffer_before_minutes": ("Buffer before", "min"),
    "buffer_after_minutes": ("Buffer after", "min"),
    "min_notice_hours": ("Minimum notice", "h"),
    "horizon_days": ("Bookable up to", "days ahead"),
    "max_per_host_per_day": ("Most calls per host per day", ""),
    "min_change_notice_hours": ("Changes allowed until", "h before"),
    "max_reschedules": ("Reschedules allowed", ""),
    "bookings_per_participant": ("Bookings per participant", ""),
    "reminder_offsets_minutes": ("Reminders", "min before"),
    "room": ("Video room", ""),
    "room_server": ("Room server or template", ""),
}
NULLABLE = frozenset({"max_per_host_per_day"})
QUESTION_KEYS = ("label", "kind", "choices", "required")

# A query value, a long run of letters and digits or of digits in the address: a password, key or meeting id.
_RANDOM_RUN = re.compile(r"(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{16,}|\d{9,}")


def room_server_shareable(server: str) -> bool:
    """Whether a Jitsi server or room URL template may travel to other workspaces: no user or password, no query
    value or fragment of its own (the placeholders `{booking}` and `{token}` are filled per call, so they may), and no
    long random-looking part such as a meeting id or key."""
    sample = (server or "").replace("{booking}", "").replace("{token}", "")
    if not sample:
        return True
    parts = urlsplit(sample)
    if parts.username or parts.password or parts.fragment:
        return False
    if any(value for _, value in parse_qsl(parts.query, keep_blank_values=True)):
        return False
    return not _RANDOM_RUN.search(parts.netloc + parts.path)


def booking_preset_content(round: Round) -> dict | None:
    """What the library keeps of a sync round's booking rules (see the module's docstring), or None when the round
    takes no bookings yet. The room travels with its server only when the server holds no secret; else neither."""
    if round.kind != RoundKind.SYNC:
        return None
    rules = BookingRules.objects.filter(round=round).first()
    if rules is None:
        return None
    content = {name: getattr(rules, name) for name in SETTINGS if name not in ("room", "room_server")}
    content["reminder_offsets_minutes"] = list(rules.reminder_offsets_minutes)
    if room_server_shareable(rules.room_server):
        content["room"], content["room_server"] = rules.room, rules.room_server
    content["questions"] = [
        {"label": q.label, "kind": q.kind, "choices": list(q.choices), "required": q.required}
        for q in rules.questions.order_by("order")
    ]
    return content


def preset_words(content: dict) -> str:
    """A preset in one line, for the library's description and the booking page's choice of presets."""
    words = []
    if "duration_minutes" in content:
        words.append(f"{content['duration_minutes']}-min calls every {content.get('slot_interval_minutes', '?')} min")
    if "buffer_before_minutes" in content or "buffer_after_minutes" in content:
        words.append(f"buffers {content.get('buffer_before_minutes', 0)}/{content.get('buffer_after_minutes', 0)} min")
    if "min_notice_hours" in content:
        words.append(f"{content['min_notice_hours']} h notice, {content.get('horizon_days', '?')} days ahead")
    if content.get("reminder_offsets_minutes"):
        words.append("reminders " + ", ".join(map(str, content["reminder_offsets_minutes"])) + " min before")
    if content.get("room"):
        words.append(dict(RoomKind.choices).get(content["room"], content["room"]).lower())
    questions = content.get("questions") or []
    if questions:
        words.append(f"{len(questions)} booking question{'s' if len(questions) != 1 else ''}")
    return ", ".join(words)


@transaction.atomic
def booking_preset_publish(*, round: Round, title: str, actor: User) -> LibraryItem:
    """Save this round's booking rules to the library (the caller checked the role here; publishing is checked
    there)."""
    content = booking_preset_content(round)
    if content is None:
        raise ValidationError({"round": "Save this round's booking rules before sharing them."})
    return library_item_publish(kind=LibraryKind.BOOKING_PRESET, title=title or f"{round.purpose} booking rules",
                                content=content, actor=actor, description=preset_words(content))  # fmt: skip


def _preset_fields(content) -> tuple[dict, list[dict] | None]:
    """The settings and questions of a stored preset, their types checked (ranges are the model's to check)."""
    if not isinstance(content, dict):
        raise ValidationError({"item": "This library item holds no booking rules."})
    fields = {}
    for name, (label, _) in SETTINGS.items():
        if name not in content:
            continue
        value = content[name]
        if name == "reminder_offsets_minutes":
            ok = isinstance(value, list)
        elif name in ("room", "room_server"):
            ok = isinstance(value, str) and (name != "room" or value in RoomKind.values)
        else:
            ok = (isinstance(value, int) and not isinstance(value, bool)) or (value is None and name in NULLABLE)
        if not ok:
            raise ValidationError({"item": f"This preset's “{label}” is not valid."})
        fields[name] = value
    if ("room" in fields) != ("room_server" in fields):  # the room and its server go together or not at all
        fields.pop("room", None)
        fields.pop("room_server", None)
    if not fields:
        raise ValidationError({"item": "This library item holds no booking rules."})
    questions = content.get("questions")
    if questions is None:
        return fields, None
    if not isinstance(questions, list) or not all(
        isinstance(q, dict) and isinstance(q.get("label"), str) and q.get("kind") in QuestionKind.values
        and isinstance(q.get("choices", []), list) and isinstance(q.get("required", False), bool)
        for q in questions
    ):  # fmt: skip
        raise ValidationError({"item": "This preset's questions are not valid."})
    return fields, [{key: q.get(key, [] if key == "choices" else False) for key in QUESTION_KEYS} for q in questions]


def _said(name: str, value) -> str:
    unit = SETTINGS[name][1]
    if name == "reminder_offsets_minutes":
        return f"{', '.join(map(str, value))} {unit}" if value else "none"
    if name == "room":
        return dict(RoomKind.choices).get(value, value)
    if value is None or value == "":
        return "no cap" if name in NULLABLE else "none"
    return f"{value} {unit}".strip()


def _question_line(question: dict) -> tuple:
    return tuple(question[key] for key in QUESTION_KEYS)


@transaction.atomic
def booking_preset_apply(*, round: Round, content, actor: User | None) -> list[str]:
    """Overwrite a sync round's scheduling settings and booking questions with a preset's, through the booking-rules
    service, and say what changed ("Duration: 45 min → 30 min"). The round's hosts, who takes a booking, its location,
    public address and bookings stay as they are. A refusal (a ValidationError) changes nothing."""
    if round.kind != RoundKind.SYNC:
        raise ValidationError(
            {"round": f"Round “{round.purpose}” is an async round: only a sync round takes booking rules."}
        )
    fields, questions = _preset_fields(content)
    before = BookingRules.objects.filter(round=round).first()
    old = {name: getattr(before or BookingRules(round=round), name) for name in fields}
    rules = booking_rules_save(round=round, actor=actor, **fields)
    changes = [
        f"{SETTINGS[name][0]}: {_said(name, old[name])} → {_said(name, getattr(rules, name))}"
        for name in fields
        if old[name] != getattr(rules, name)
    ]
    if questions is not None:
        current = list(BookingQuestion.objects.filter(rules=rules).order_by("order"))
        was = [(q.label, q.kind, q.choices, q.required) for q in current]
        if was != [_question_line(q) for q in questions]:
            for question in current:
                booking_question_delete(question=question, actor=actor)
            for question in questions:
                booking_question_save(rules=rules, actor=actor, **question)
            labels = "; ".join(q["label"] for q in questions) or "none"
            changes.append(f"Questions when booking: {len(was)} → {len(questions)} ({labels})")
    return changes


def booking_preset_copy(*, item: LibraryItem, round: Round, actor: User | None) -> list[str]:
    """Copy a library preset into `round`'s booking rules; what changed, in words."""
    if item.kind != LibraryKind.BOOKING_PRESET:
        raise ValidationError({"item": "Choose a booking rules preset from the library."})
    return booking_preset_apply(round=round, content=item.content, actor=actor)
