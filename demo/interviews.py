"""Demo data for interviews: the churn study's first async round answered by the demo personas (demo/personas.py)
through personal and open links, and its sync round's hours, rules, calls and one imported transcript."""

import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from demo.personas import PERSONAS
from demo.scripts import Said, Script
from demo.studies import CHURN_STUDY
from interviews.booking import rules as booking_rules
from interviews.booking import services as booking_services
from interviews.booking.calendars import busy_times, parse_calendar
from interviews.booking.handoffs import handoff_create
from interviews.booking.schedules import host_schedule_save
from interviews.booking.slots import available_slots
from interviews.links import services
from interviews.models import (
    Booking,
    BookingInvite,
    BookingRules,
    BookingStatus,
    BusyInterval,
    Handoff,
    HostCalendar,
    HostSchedule,
    InterviewLink,
    LinkKind,
    Message,
    MessageKind,
    Session,
    SessionStatus,
    Transcript,
)
from interviews.transcripts.services import transcript_import
from studies.guides import services as guide_services
from studies.models import ContactEvent, GuideVersion, Participant, Round, RoundKind, Study
from studies.programme.services import round_go_live
from synthesis.shortlist.selectors import shortlist
from workspaces.models import User
from workspaces.selectors import current_workspace

PERSONAL_EVENTS = ("subscription_cancelled", "subscription_cancelled", "trial_ended")
LOCAL_HOURS = (7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22)  # when people answer: work hours and evenings


def seed_interviews(*, actor) -> None:
    """Interview the demo personas on the churn study's first async round, as the product would have, over the last
    three weeks. Idempotent: skipped when that round already has sessions.

    The interviewer's turns are the real (offline) interviewer's, asked turn by turn as the participant pages do;
    the times are then moved back to when each person answered, at their own pace, in their own time zone."""
    study = Study.objects.filter(title=CHURN_STUDY).first()
    first = study.rounds.filter(kind=RoundKind.ASYNC).order_by("order").first() if study else None
    if first is None or Session.objects.filter(round=first).exists():
        return
    open_link = services.link_create(round=first, actor=None, kind=LinkKind.OPEN, label="Always-on: in-app banner")
    people = {person.email: person for person in Participant.objects.all()}
    said, now = Said(), timezone.now()
    # Those still answering today started after this morning's change to the live guide: they are on its v2.
    in_progress_today = [persona for persona in PERSONAS if persona.channel.endswith("i")]
    for persona in [*(p for p in PERSONAS if p not in in_progress_today), None, *in_progress_today]:
        if persona is None:
            _guide_change(first, actor=actor, at=now - timedelta(hours=3))
            continue
        if not persona.interviewed or (persona.is_participant and persona.email not in people):
            continue
        rng = random.Random(f"demo-session-{persona.index}")
        link = open_link
        if persona.is_participant:
            link = InterviewLink.objects.create(round=first, kind=LinkKind.PERSONAL, participant=people[persona.email],
                                                event=rng.choice(PERSONAL_EVENTS))  # fmt: skip
        session = services.session_start(link=link, hidden={})
        _converse(session, Script(persona, said), stop_after=None if persona.completes else rng.randint(2, 4))
        _backdate(session, persona, rng, now)
        if persona.channel == "Oo":
            _opt_in(session, persona)
        elif persona.channel == "C":  # said yes to a follow-up call at the end of their personal interview
            session.refresh_from_db()
            Session.objects.filter(pk=session.pk).update(
                followup_opt_in_at=session.completed_at + timedelta(seconds=30)
            )
    # The round went live with its first interview (links made here skip the services that would say so).
    started = Session.objects.filter(round=first).order_by("started_at").values_list("started_at", flat=True).first()
    round_go_live(round=first)
    Round.objects.filter(pk=first.pk).update(live_at=started)
    GuideVersion.objects.filter(round=first, number=1).update(created_at=started)  # the guide since it went live


def _guide_change(round_: Round, *, actor, at) -> None:
    """The researcher sharpens a question of the live guide (confirmed): interviews already started keep v1."""
    question = round_.questions.filter(text__startswith="What was going on at work").first()
    if question is None:
        return
    guide_services.question_update(
        question=question, actor=actor, confirm_live_edit=True,
        text="What was going on at work or in your team around that time?",
        probing="Ask who else was involved in the decision, and what each of them wanted.",
    )  # fmt: skip
    round_.guide_versions.filter(number=2).update(created_at=at)


def _converse(session: Session, script: Script, *, stop_after: int | None) -> None:
    """Answer each interviewer turn until the interview closes (or the person leaves after `stop_after` answers)."""
    last = session.messages.get()  # the guide's first question
    for turn in range(1, 41):  # bounded: a guide of 5 questions with 2 probes each needs at most 15 answers
        text = script.answer(last.text) if last.kind == MessageKind.QUESTION else script.follow_up(last.text)
        services.answer_submit(session=session, text=text, client_token=f"demo-{turn}")
        if turn == stop_after:
            return
        last = services.interviewer_reply(session=session)
        if last is None or last.kind == MessageKind.CLOSE:
            return


def _backdate(session: Session, persona, rng: random.Random, now: datetime) -> None:
    """Move the session to when the person took it: a plausible local hour over the last three weeks (today for one
    still in progress, days ago for an abandoned one), answers paced by how much they wrote, 6 to 14 minutes."""
    session.refresh_from_db()
    zone = ZoneInfo(persona.timezone)
    local_now = now.astimezone(zone)
    if persona.channel.endswith("i"):  # in progress: started an hour or two ago
        start = now - timedelta(minutes=rng.randint(40, 150))
    else:
        # Abandoned ones a few days ago; those called since, early enough for the hand-off and their call.
        days = (
            rng.randint(2, 6)
            if persona.channel.endswith("a")
            else rng.randint(12, 21)
            if persona.channel == "C"
            else rng.randint(1, 21)
        )
        day = local_now.date() - timedelta(days=days)
        start = datetime.combine(day, time(rng.choice(LOCAL_HOURS), rng.randint(0, 59)), tzinfo=zone).astimezone(UTC)
    messages = list(session.messages.order_by("order"))
    gaps = [0.0]
    for message in messages[1:]:
        if message.role == "participant":  # reading the question, thinking, typing on a phone at ~25 words a minute
            gaps.append((12 + 2.4 * len(message.text.split())) * rng.uniform(0.7, 1.4))
        else:
            gaps.append(rng.uniform(2, 6))
    total = sum(gaps) / 60
    if session.status == SessionStatus.COMPLETED and not 6 <= total <= 14:
        target = min(max(total, rng.uniform(6.3, 8)), rng.uniform(12, 13.8))
        fixed = sum(gap for gap, message in zip(gaps, messages, strict=True) if message.role != "participant") / 60
        scale = (target - fixed) / (total - fixed)  # people write faster or slower; the interviewer's pace stays
        gaps = [gap * scale if m.role == "participant" else gap for gap, m in zip(gaps, messages, strict=True)]
    at = start
    for message, gap in zip(messages, gaps, strict=True):
        at += timedelta(seconds=gap)
        message.created_at = at
    Message.objects.bulk_update(messages, ["created_at"])
    end = messages[-1].created_at
    minutes = Decimal((end - start).total_seconds() / 60).quantize(Decimal("0.01"))
    completed = end if session.status == SessionStatus.COMPLETED else None
    Session.objects.filter(pk=session.pk).update(started_at=start, consented_at=start, last_activity_at=end,
                                                 completed_at=completed, minutes_elapsed=minutes)  # fmt: skip
    if session.link.kind == LinkKind.PERSONAL:
        InterviewLink.objects.filter(pk=session.link_id).update(invited_at=start - timedelta(hours=rng.randint(2, 40)))
    if completed:
        Transcript.objects.filter(session=session).update(occurred_at=completed, created_at=completed)
        ContactEvent.objects.filter(note=f"Async session {session.pk}").update(occurred_at=completed)


def _opt_in(session: Session, persona) -> None:
    """The open-link respondent agreed to a follow-up call at the end: they become a participant who consents."""
    session.refresh_from_db()
    participant = Participant.objects.create(name=persona.name, email=persona.email, timezone=persona.timezone,
                                             attributes=persona.attributes, consent_to_contact=True)  # fmt: skip
    agreed = session.completed_at + timedelta(seconds=40)
    Session.objects.filter(pk=session.pk).update(participant=participant, followup_opt_in_at=agreed)
    Transcript.objects.filter(session=session).update(participant=participant)


# --- Sync interviews: two hosts' hours, the funnel study's booking rules, a few calls and one imported transcript.

HOSTS = [
    # (email, time zone, meeting URL, weekly hours Monday to Friday)
    ("demo@parley.test", "America/New_York", "https://meet.example.com/dana", [("09:00", "12:00"), ("13:00", "17:00")]),
    (
        "researcher@parley.test",
        "Europe/Berlin",
        "https://meet.example.com/rhea",
        [("09:00", "12:30"), ("14:00", "17:30")],
    ),
]
TEAM_SIZES = ["1-5", "6-20", "21-100", "More than 100"]

# What was said on the completed call, as (speaker, text): H the host, P the participant. Zoom splits long turns
# into several cues of one speaker; the import merges them back into one utterance.
CALL = [
    ("H", "Thanks for making the time, {first}. This should take about forty minutes. Is it okay if I record, so I "
          "can listen instead of taking notes?"),
    ("P", "Sure, go ahead."),
    ("H", "Great. To start, could you tell me about your team and what you were trying to do when you signed up?"),
    ("P", "I run operations at a fourteen-person design agency. We were juggling client projects in spreadsheets and "
          "a shared inbox, and things kept falling through the cracks."),
    ("H", "What made you look for something new at that moment?"),
    ("P", "We missed a client deadline in September. Nobody had seen the change request because it was buried in an "
          "email thread. That was the trigger."),
    ("H", "Walk me through your first day with the product."),
    ("P", "I signed up on a Monday morning and tried to import our project list from the spreadsheet. The import "
          "failed twice with a generic error: no line number, nothing."),
    ("H", "What did you do then?"),
    ("P", "I spent most of the afternoon cutting the file into smaller pieces until it went through. It worked, but "
          "the tags and the due dates were gone, so I added them by hand."),
    ("H", "How did that feel?"),
    ("P", "Honestly, deflating. I had promised the team we'd switch by Wednesday, and on Monday evening I was already "
          "behind."),
    ("H", "What happened when you invited the rest of the team?"),
    ("P", "I sent the invites on Tuesday. Three people accepted. For the others the emails landed in spam, and I "
          "didn't notice for a week."),
    ("H", "What did that mean day to day?"),
    ("P", "It meant I was updating two systems. The people in the tool saw one version of a project, and the others "
          "kept working from the spreadsheet."),
    ("H", "Can you remember a specific moment when that caused a problem?"),
    ("P", "Yes, in the second week. A designer moved a deadline in the tool, and our account manager quoted the old "
          "date to the client because she was still in the spreadsheet. The client was not happy."),
    ("H", "You mentioned calendars in your survey answer. What was going on there?"),
    ("P", "Half of us are on Outlook. The calendar sync only worked with Google, so the due dates never showed up in "
          "our calendars, and people just didn't look at the tool."),
    ("H", "Did you contact support about any of this?"),
    ("P", "I did, about the import. They answered quickly and were friendly, but the fix for the export arrived "
          "three weeks later. By then we had already gone back."),
    ("H", "When did you decide to stop?"),
    ("P", "Around day twenty-five. We were adding a fourth paid seat and the price jumped to the next tier. My "
          "managing partner asked what we were getting for it, and I didn't have a good answer."),
    ("H", "What would a good answer have looked like?"),
    ("P", "A report. Something that showed how many projects were on time and who was overloaded. Our finance lead "
          "needs a CSV every Friday, and the export kept breaking."),
    ("H", "If you could change one thing about that first month, what would it be?"),
    ("P", "The onboarding call. It was cancelled twice and nobody rescheduled it. One hour with someone who knows the "
          "product, on day one, would have saved the import and the invites."),
    ("H", "Is there anything that would bring you back today?"),
    ("P", "Outlook sync and an export that works. And an import that tells me what is wrong instead of just "
          "failing."),
    ("H", "That's really helpful. Is there anything I didn't ask that you think I should know?"),
    ("P", "Only that we really wanted it to work. Nobody on the team disliked the product; it just never became the "
          "place where the work lived."),
    ("H", "Thank you so much, {first}. We'll send the gift card today."),
    ("P", "Thanks, bye!"),
]  # fmt: skip


def _clock(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def zoom_vtt(call: list[tuple[str, str]], names: dict[str, str]) -> bytes:
    """The call as Zoom's cloud recording writes it: numbered cues, "Name: text", long turns cut into two cues."""
    cues, at = [], 2_340
    for speaker, text in call:
        sentences = text.split(". ")
        parts = [". ".join(sentences[: len(sentences) // 2]) + ".", ". ".join(sentences[len(sentences) // 2 :])]
        for part in parts if len(sentences) > 2 else [text]:
            length = 400 * len(part.split())  # about 150 words a minute
            cues.append((at, at + length, f"{names[speaker]}: {part}"))
            at += length
        at += 650
    body = "".join(f"{n}\n{_clock(a)} --> {_clock(b)}\n{line}\n\n" for n, (a, b, line) in enumerate(cues, start=1))
    return f"WEBVTT\n\n{body}".encode()


def _past_weekday(days_ago: int, at: time, zone: str) -> datetime:
    """`days_ago` days back, moved earlier to a weekday, at `at` in `zone`, as UTC."""
    day = timezone.localdate() - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


# The second held call, typed up by its host as "Name: text" lines (Marco Rossi, project director at a 30-person
# engineering firm, who left over sharing drawings with clients).
CALL_TYPED = [
    (
        "H",
        "Thanks for joining, Marco. In your written interview you talked about sharing work with clients. Could we "
        "start there?",
    ),
    (
        "P",
        "Of course. We design small industrial buildings, so every project has a client, a contractor and usually a "
        "structural engineer outside our firm. They all need to see the drawings, but not our internal notes.",
    ),
    ("H", "What did you try to set up in the first week?"),
    (
        "P",
        "One project space per client with guest access. The idea was that the contractor sees the current drawing "
        "set and the change log, and nothing else.",
    ),
    ("H", "How did that go?"),
    (
        "P",
        "Badly. Guests could either see the whole project or nothing. There was no way to hide the comments our "
        "engineers leave on a drawing, and those comments are not always polite about the client's requests.",
    ),
    ("H", "Did that cause a problem?"),
    (
        "P",
        "Yes. On the second Thursday a client's site manager replied to one of those internal comments. He had read "
        "the whole thread about his change requests. I spent that evening on the phone apologising.",
    ),
    ("H", "What did you do after that call?"),
    (
        "P",
        "I removed every guest the same night and went back to sending PDFs from our Dropbox folders. It is slower, "
        "but I know exactly what leaves the building.",
    ),
    ("H", "Did you look for a way to make it work inside the product?"),
    (
        "P",
        "I read the help pages and asked support. The answer was that per-folder permissions were on the roadmap. "
        "That is a fine answer for a feature request, not for something that had just embarrassed us.",
    ),
    ("H", "If you imagine it working, what would it look like?"),
    (
        "P",
        "A client view I can preview before I send the link. If I could see exactly what the site manager sees, I "
        "would have trusted it.",
    ),
    ("H", "That is very clear. Is there anything I should have asked and didn't?"),
    (
        "P",
        "Only that the rest of the team liked it. The problem was never the tool for us, it was the tool in front "
        "of clients.",
    ),
]


def _team_size(person: Participant) -> str:
    size = person.attributes.get("team_size")
    return size if size in TEAM_SIZES else TEAM_SIZES[1]


def _hand_off(*, source, target, actor) -> dict:
    """The researcher's pick from the wide net's shortlist, as on the shortlist page: the six people who went on to
    book calls and the four best others the contact rules allow, invited in one hand-off a week and a half ago."""
    if Handoff.objects.filter(to_round=target).exists():
        return {h.participant.email: h.invite for h in Handoff.objects.filter(to_round=target).select_related(
            "participant", "invite__participant") if h.invite}  # fmt: skip
    callers = {persona.email for persona in PERSONAS if persona.channel == "C"}
    rows = shortlist(source).rows
    chosen = [row.session for row in rows if row.session.participant.email in callers]
    chosen += [row.session for row in rows if not row.waiting and row.session.participant.email not in callers][:4]
    result = handoff_create(from_round=source, to_round=target, sessions=chosen, actor=actor)
    when = timezone.now() - timedelta(days=10, hours=3)
    invites = [invite for _, invite in result.invited]
    Handoff.objects.filter(to_round=target).update(created_at=when)
    BookingInvite.objects.filter(pk__in=[i.pk for i in invites]).update(created_at=when, sent_at=when)
    ContactEvent.objects.filter(round=target, kind="invitation").update(occurred_at=when)
    Round.objects.filter(pk=target.pk).update(live_at=when)  # the round went live with these invitations
    return {invite.participant.email: invite for invite in invites}


# Dana's own work calendar: a feed the demo's server serves itself (static/demo/dana-calendar.ics), with a product sync
# every Tuesday and Thursday 10:00-11:30 and a 1:1 every other Friday afternoon, New York time. bin/demo.py allows
# the demo's own loopback port in the outbound allow-list, so beat re-reads it like any host's secret address.
DANA_CALENDAR_OWNER = "demo@parley.test"
DANA_CALENDAR_FILE = Path(settings.BASE_DIR) / "static" / "demo" / "dana-calendar.ics"


def dana_calendar_url() -> str:
    return f"http://127.0.0.1:{settings.PARLEY_PORT}/static/demo/dana-calendar.ics"


def _connect_danas_calendar(user) -> None:
    """Connect the feed once, and read it from the file now: the demo's server is not running while it seeds."""
    schedule = HostSchedule.objects.get(user=user)
    if schedule.calendars.exists():
        return
    calendar = HostCalendar.objects.create(schedule=schedule, url=dana_calendar_url())
    now = timezone.now()
    start, end = now - timedelta(days=1), now + timedelta(days=60)
    intervals = busy_times(parse_calendar(DANA_CALENDAR_FILE.read_bytes()), start=start, end=end,
                           zone=ZoneInfo(schedule.timezone))  # fmt: skip
    BusyInterval.objects.bulk_create(BusyInterval(calendar=calendar, host_id=user.pk, start=s, end=e)
                                     for s, e in intervals)  # fmt: skip
    HostCalendar.objects.filter(pk=calendar.pk).update(last_read_at=now, last_tried_at=now, expanded_until=end)


def seed_bookings(*, actor) -> None:
    """Idempotent: hours, rules and the question are added where there are none (changes made in the demo stay),
    the calls and the transcript only while the funnel study's sync round has no bookings."""
    study = Study.objects.filter(title=CHURN_STUDY).first()
    round_ = study.rounds.filter(kind=RoundKind.SYNC).order_by("order").first() if study else None
    if round_ is None:
        return
    hosts = []
    for email, zone, meeting_url, ranges in HOSTS:
        user = User.objects.filter(email=email, memberships__workspace=current_workspace()).first()
        if user is None:
            continue
        if not HostSchedule.objects.filter(user=user, weekly_hours__isnull=False).exists():
            weekly = [(day, start, end) for day in range(5) for start, end in ranges]
            host_schedule_save(user=user, actor=actor, timezone_name=zone, meeting_url=meeting_url,
                               weekly_hours=weekly)  # fmt: skip
        hosts.append(user)
        if email == DANA_CALENDAR_OWNER:
            _connect_danas_calendar(user)
    rules = BookingRules.objects.filter(round=round_).first()
    if rules is None:
        rules = booking_rules.booking_rules_save(
            round=round_, actor=actor, hosts=hosts, duration_minutes=45, buffer_after_minutes=15, min_notice_hours=12,
            max_per_host_per_day=4, horizon_days=30, assignment="round_robin", is_public=True,
        )  # fmt: skip
        booking_rules.booking_question_save(rules=rules, actor=actor, label="How many people are on your team?",
                                               kind="choice", choices=TEAM_SIZES, required=True)  # fmt: skip
    if len(hosts) < 2 or Booking.objects.filter(round=round_).exists():
        return
    source = study.rounds.filter(kind=RoundKind.ASYNC, order__lt=round_.order).order_by("-order").first()
    invites = _hand_off(source=source, target=round_, actor=actor) if source else {}
    booked = [persona.email for persona in PERSONAS if persona.channel == "C"]  # the call's speaker first
    people = [invites[email] for email in booked if email in invites]
    if len(people) < 6:  # only a changed demo gets here
        return
    people = iter(people)
    dana, rhea = hosts
    past = [
        (dana, _past_weekday(3, time(10, 0), "America/New_York"), BookingStatus.COMPLETED),
        (rhea, _past_weekday(6, time(14, 0), "Europe/Berlin"), BookingStatus.COMPLETED),
        (rhea, _past_weekday(2, time(10, 0), "Europe/Berlin"), BookingStatus.NO_SHOW),
    ]
    calls = []
    for host, start, status in past:  # the booking service books only future times: past calls go in directly
        invite = next(people)
        person = invite.participant
        booking = Booking.objects.create(
            round=round_, host=host, participant=person, start=start, end=start + timedelta(minutes=45),
            timezone=person.timezone, location=host.host_schedule.meeting_url, scheduled_at=start - timedelta(days=4),
            answers={"How many people are on your team?": _team_size(person)}, invite=invite,
        )  # fmt: skip
        BookingInvite.objects.filter(pk=invite.pk).update(booking=booking)
        calls.append(booking_services.booking_mark(booking=booking, status=status, actor=actor))
    today = timezone.localdate()
    slots = available_slots(rules=rules, start_date=today + timedelta(days=2), end_date=today + timedelta(days=9),
                            tz="UTC")  # fmt: skip
    days_taken = set()
    for slot in slots:
        if len(days_taken) == 3:
            break
        if slot.start.date() in days_taken:
            continue
        invite = next(people)
        booking_services.booking_create(
            round=round_, start=slot.start, invite=invite,
            answers={"How many people are on your team?": _team_size(invite.participant)},
            participant={"email": invite.participant.email, "name": invite.participant.name,
                         "timezone": invite.participant.timezone},
        )  # fmt: skip
        days_taken.add(slot.start.date())
    completed = calls[0]
    first = completed.participant.name.split()[0] if completed.participant.name else "there"
    names = {"H": dana.get_full_name() or dana.email, "P": completed.participant.name or completed.participant.email}
    call = [(speaker, text.format(first=first)) for speaker, text in CALL]
    transcript_import(booking=completed, content=zoom_vtt(call, names), filename="zoom_recording.vtt", actor=actor)
    typed = calls[1]
    lines = [
        f"{rhea.get_full_name() if speaker == 'H' else typed.participant.name}: {text}" for speaker, text in CALL_TYPED
    ]
    transcript_import(booking=typed, content="\n".join(lines).encode(), filename="call-notes.txt", actor=actor)
