"""Booking pages: participants book, reschedule and cancel a call (no login, by token, with or without
JavaScript); staff set their hours, a round's booking rules and questions, follow bookings and mark them.

Every page is a plain GET/POST form flow: choosing a day and a time are links with query parameters, so a
participant without JavaScript books the same way; htmx only swaps the slot picker in place."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_POST

from interviews import ratelimit
from interviews.booking import ics, selectors, services
from interviews.booking.forms import (
    BookingForm,
    BookingInviteForm,
    CancelForm,
    HoursForm,
    MarkForm,
    OverrideForm,
    QuestionForm,
    RulesForm,
)
from interviews.booking.slots import available_slots, compute_slots
from interviews.models import (
    Booking,
    BookingInvite,
    BookingQuestion,
    BookingRules,
    BookingStatus,
    DateOverride,
    HostSchedule,
)
from interviews.services import current_workspace
from interviews.views.transcripts import transcript_context
from studies.models import Participant, Round, RoundKind, RoundStatus, timezone_names
from studies.pages import add_errors
from studies.participants.contact_rules import contact_decisions
from workspaces.access import MANAGE_WORKSPACE, WRITE_RESEARCH, require_role, workspace_open
from workspaces.models import Membership, User

# --- The slot picker, shared by the booking page and the reschedule form -----------------------------------------


@dataclass(frozen=True)
class SlotChoice:
    key: str  # the slot's start in UTC as the pages pass it around: "2026-03-02T14:30Z"
    start: datetime
    end: datetime


def slot_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def _zone(name: str | None, default: str) -> str:
    return name if name in timezone_names() else default


def _days(rules: BookingRules, tz_name: str, booking: Booking | None = None) -> dict[date, list[SlotChoice]]:
    """The bookable slots from today to the horizon, by day in `tz_name`. Moving a `booking` keeps its host and
    may overlap the call's own time."""
    tz = ZoneInfo(tz_name)
    now = timezone.now()
    today = now.astimezone(tz).date()
    if booking is None:
        last = today + timedelta(days=rules.horizon_days)
        slots = available_slots(rules=rules, start_date=today, end_date=last, tz=tz)
    else:
        slots = compute_slots(
            rules=rules, now=now, host_ids=[booking.host_id], exclude_booking_id=booking.pk,
            window_start=datetime.combine(today, time(0), tzinfo=tz),
            window_end=datetime.combine(today + timedelta(days=rules.horizon_days + 1), time(0), tzinfo=tz),
        )  # fmt: skip
    days: dict[date, list[SlotChoice]] = {}
    for slot in slots:
        days.setdefault(slot.start.astimezone(tz).date(), []).append(
            SlotChoice(slot_key(slot.start), slot.start, slot.end)
        )
    return days


def _picker(
    request: HttpRequest,
    rules: BookingRules,
    *,
    default_tz: str,
    params: dict | None = None,
    booking: Booking | None = None,
) -> dict:
    """What the participant has chosen so far (zone, day, time), read from the query string, with the choices."""
    source = request.POST if request.method == "POST" else request.GET
    tz_name = _zone(source.get("tz") or source.get("timezone"), default_tz)
    days = _days(rules, tz_name, booking)
    wanted = _parse(parse_date, source.get("day"))
    start = source.get("start", "")
    chosen = None
    if start:
        chosen = next((slot for slots in days.values() for slot in slots if slot.key == start), None)
        asked = _parse(parse_datetime, start)
        if wanted is None and asked is not None and timezone.is_aware(asked):
            # The day of the time asked for, even when that time is gone: its other times are the best offer.
            wanted = asked.astimezone(ZoneInfo(tz_name)).date()
    day = wanted if wanted in days else None
    query = {"tz": tz_name, **(params or {})}
    return {
        "tz_name": tz_name,
        # Only a first visit takes the browser's zone: a zone the participant chose, or a form posted, stays.
        "zone_auto": request.method == "GET" and not request.GET.get("tz"),
        "zones": sorted(timezone_names()),
        "days": [(d, len(slots), _url(request, **query, day=d.isoformat())) for d, slots in days.items()],
        "day": day,
        "day_missing": wanted is not None and day is None,
        "times": [(slot, _url(request, **query, day=day.isoformat(), start=slot.key)) for slot in days.get(day, [])],
        "chosen": chosen,
        "start_missing": bool(start) and chosen is None,
        "back_to_days": _url(request, **query),
        "back_to_times": _url(request, **query, day=day.isoformat()) if day else "",
        "params": params or {},
    }


def _parse(parser, value):
    try:
        return parser(value or "")
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        return None


def _url(request: HttpRequest, **query) -> str:
    return f"{request.path}?{urlencode(query)}"


# --- Participants ------------------------------------------------------------------------------------------------


def _limited(request: HttpRequest, bucket: str) -> HttpResponse | None:
    ok = ratelimit.allow(bucket, limit=settings.PARLEY_RATE_LIMIT_PER_LINK) and ratelimit.allow(
        f"addr:{ratelimit.client_address(request)}", limit=settings.PARLEY_RATE_LIMIT_PER_ADDRESS
    )
    if ok:
        return None
    response = _unavailable(request, "Too many requests at once. Please wait a minute and try again.", status=429)
    response["Retry-After"] = "60"
    return response


def _unavailable(request, reason: str, *, status: int, title: str = "Booking") -> HttpResponse:
    return render(request, "interviews/booking/unavailable.html", {"reason": reason, "title": title}, status=status)


def _rules_qs():
    return BookingRules.objects.select_related("round__study").prefetch_related(
        Prefetch("questions", queryset=BookingQuestion.objects.order_by("order"))
    )


def _booking_form(request, rules, *, data=None, initial=None) -> BookingForm:
    return BookingForm(data, initial=initial, questions=rules.questions.all(), workspace_name=request.tenant.name)


def _book(request, rules: BookingRules, *, invite: BookingInvite | None, default_tz: str, initial: dict):
    """The booking page and its POST: choose a day, a time, then give name, email, answers and consent."""
    round_ = rules.round
    if round_.status == RoundStatus.CLOSED:
        reason = "This study is not booking calls any more. Thank you for your interest!"
        return _unavailable(request, reason, status=410, title=round_.study.title)
    template = "interviews/booking/book.html"
    context = {"rules": rules, "round": round_, "study": round_.study, "invite": invite}
    if request.method == "POST":
        form = _booking_form(request, rules, data=request.POST)
        error = ""
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = services.booking_create(
                    round=round_, start=data["start"], invite=invite, answers=form.answers(),
                    participant={"email": data["email"], "name": data["name"], "timezone": data["timezone"]},
                )  # fmt: skip
            except services.SlotTaken as taken:
                error = taken.messages[0]
                context["taken"] = True
            except services.ContactRefused as refused:
                context["refused"] = refused.reason
            except ValidationError as invalid:
                add_errors(form, invalid)
            else:
                return redirect("booking:confirmed", token=booking.manage_token)
        picker = _picker(request, rules, default_tz=default_tz)
        if context.get("taken"):
            # Fresh times of the same day; the details typed so far stay in the form.
            picker["chosen"] = None
        context.update(picker, form=form, error=error)
        return render(request, template, context, status=409 if error or context.get("refused") else 400)

    picker = _picker(request, rules, default_tz=default_tz)
    form = None
    if picker["chosen"]:
        form = _booking_form(
            request, rules,
            initial={**initial, "start": picker["chosen"].key, "timezone": picker["tz_name"]},
        )  # fmt: skip
    context.update(picker, form=form)
    if request.htmx and not request.htmx.boosted:
        return render(request, "interviews/booking/_picker.html", context)
    return render(request, template, context)


@workspace_open
def booking_page(request: HttpRequest, token: str) -> HttpResponse:
    rules = _rules_qs().filter(public_token=token).first()
    if rules is None:
        raise Http404
    if limited := _limited(request, f"booking:{rules.pk}"):
        return limited
    if not rules.is_public:
        return _unavailable(request, "This booking page is closed. If you were invited, use your personal link.",
                            status=410, title=rules.round.study.title)  # fmt: skip
    return _book(request, rules, invite=None, default_tz="UTC", initial={})


@workspace_open
def invite_page(request: HttpRequest, token: str) -> HttpResponse:
    invite = selectors.invite_by_token(token)
    if invite is None:
        raise Http404
    if limited := _limited(request, f"booking-invite:{invite.pk}"):
        return limited
    if invite.booking_id and invite.booking.status == BookingStatus.BOOKED:
        return redirect("booking:manage", token=invite.booking.manage_token)
    rules = _rules_qs().filter(round=invite.round_id).first()
    if rules is None:
        return _unavailable(request, "Booking for this conversation is not open yet.", status=410)
    person = invite.participant
    initial = {"name": person.name, "email": person.email}
    return _book(request, rules, invite=invite, default_tz=person.timezone, initial=initial)


def _managed(request, token: str) -> tuple[Booking | None, HttpResponse | None]:
    booking = selectors.booking_by_manage_token(token)
    if booking is None:
        raise Http404
    return booking, _limited(request, f"booking-manage:{booking.pk}")


def _change_policy(booking: Booking, rules: BookingRules | None) -> dict:
    """What the participant may still change, with the sentence that says why not."""
    if booking.status != BookingStatus.BOOKED:
        return {"can_change": False, "can_reschedule": False, "why_not": ""}
    notice = timedelta(hours=rules.min_change_notice_hours if rules else 0)
    deadline = booking.start - notice
    if timezone.now() > deadline:
        why = (
            f"Changes are possible until {rules.min_change_notice_hours} hours before the call. "
            "Please reply to your invitation email if you cannot make it."
        )
        return {"can_change": False, "can_reschedule": False, "why_not": why, "deadline": deadline}
    left = (rules.max_reschedules if rules else 0) - booking.reschedule_count
    why = "" if left > 0 else "This call cannot be moved again; you can still cancel it."
    return {"can_change": True, "can_reschedule": left > 0, "reschedules_left": left, "why_not": why,
            "deadline": deadline}  # fmt: skip


def _manage_context(request, booking: Booking, **extra) -> dict:
    rules = BookingRules.objects.filter(round=booking.round_id).first()
    policy = _change_policy(booking, rules)
    context = {"booking": booking, "round": booking.round, "study": booking.round.study, "rules": rules,
               "cancel_form": CancelForm(), **policy}  # fmt: skip
    if policy["can_reschedule"] and (request.GET.get("reschedule") or request.GET.get("day") or extra.get("taken")):
        picker = _picker(request, rules, default_tz=booking.timezone, params={"reschedule": "1"}, booking=booking)
        context.update(picker)
        context["rescheduling"] = True
    context.update(extra)
    return context


@workspace_open
def manage(request: HttpRequest, token: str) -> HttpResponse:
    booking, limited = _managed(request, token)
    if limited:
        return limited
    if request.method == "POST":
        start = BookingForm.base_fields["start"]
        try:
            new_start = start.clean(request.POST.get("start"))
            booking = services.booking_reschedule(booking=booking, start=new_start)
        except services.SlotTaken as taken:
            context = _manage_context(request, booking, error=taken.messages[0], taken=True)
            context["chosen"] = None
            return render(request, "interviews/booking/manage.html", context, status=409)
        except ValidationError as invalid:
            context = _manage_context(request, booking, error=" ".join(invalid.messages))
            return render(request, "interviews/booking/manage.html", context, status=400)
        messages.success(request, "Your call is moved. We sent you an updated invitation.")
        return redirect("booking:manage", token=booking.manage_token)
    context = _manage_context(request, booking)
    if request.htmx and context.get("rescheduling") and not request.htmx.boosted:
        return render(request, "interviews/booking/_picker.html", context)
    return render(request, "interviews/booking/manage.html", context)


@workspace_open
@require_POST
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking, limited = _managed(request, token)
    if limited:
        return limited
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.booking_cancel(booking=booking, reason=form.cleaned_data["reason"])
        except ValidationError as invalid:
            context = _manage_context(request, booking, cancel_form=form, error=" ".join(invalid.messages))
            return render(request, "interviews/booking/manage.html", context, status=400)
        messages.success(request, "Your call is cancelled. We sent a cancellation to your calendar.")
        return redirect("booking:manage", token=booking.manage_token)
    context = _manage_context(request, booking, cancel_form=form)
    return render(request, "interviews/booking/manage.html", context, status=400)


@workspace_open
def confirmed(request: HttpRequest, token: str) -> HttpResponse:
    booking, limited = _managed(request, token)
    if limited:
        return limited
    context = {"booking": booking, "round": booking.round, "study": booking.round.study,
               "google_url": ics.google_calendar_url(booking)}  # fmt: skip
    return render(request, "interviews/booking/confirmed.html", context)


@workspace_open
def booking_ics_download(request: HttpRequest, token: str) -> HttpResponse:
    booking, limited = _managed(request, token)
    if limited:
        return limited
    method = "CANCEL" if booking.status == BookingStatus.CANCELLED else "REQUEST"
    response = HttpResponse(ics.booking_ics(booking, method=method), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invite.ics"'
    return response


@workspace_open
def host_feed(request: HttpRequest, token: str) -> HttpResponse:
    schedule = HostSchedule.objects.select_related("user").filter(feed_token=token).first()
    if schedule is None:
        raise Http404
    if limited := _limited(request, f"feed:{schedule.pk}"):
        return limited
    response = HttpResponse(ics.host_feed_ics(schedule.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="parley.ics"'
    response["Cache-Control"] = "private, no-cache"  # a calendar app polls; every poll sees the latest bookings
    return response


# --- Staff -------------------------------------------------------------------------------------------------------

INVITE_LIST_LIMIT = 300
PAST_LIMIT = 50  # the latest calls, to mark completed or no-show


def _can_write(request) -> bool:
    return request.membership.role in WRITE_RESEARCH


def staff_zone(user) -> str:
    """The zone staff pages show times in: the viewer's own hosting zone, else the workspace default (UTC)."""
    zone = HostSchedule.objects.filter(user=user).values_list("timezone", flat=True).first()
    return zone or "UTC"


def _members(request) -> list[Membership]:
    return list(Membership.objects.filter(workspace=request.tenant).select_related("user").order_by("user__email"))


def _host_user(request, user_id: int | None) -> User:
    """A member of this workspace (the viewer by default); anyone else is not found here."""
    if user_id is None or user_id == request.user.pk:
        return request.user
    membership = Membership.objects.filter(workspace=request.tenant, user_id=user_id).select_related("user").first()
    if membership is None:
        raise Http404
    return membership.user


def _require_host_write(request, user: User) -> None:
    """Hosts edit their own hours; owners edit anyone's."""
    require_role(request, WRITE_RESEARCH if user.pk == request.user.pk else MANAGE_WORKSPACE)


def _schedule(user: User) -> HostSchedule | None:
    return (
        HostSchedule.objects.filter(user=user)
        .prefetch_related(
            "weekly_hours", Prefetch("overrides", queryset=DateOverride.objects.order_by("date", "start"))
        )
        .first()
    )


def _hosts_context(request, user: User, **extra) -> dict:
    schedule = _schedule(user)
    is_self = user.pk == request.user.pk
    can_edit = request.membership.role in (WRITE_RESEARCH if is_self else MANAGE_WORKSPACE)
    members = _members(request)
    schedules = {
        s.user_id: s
        for s in HostSchedule.objects.filter(user__in=[m.user_id for m in members]).prefetch_related("weekly_hours")
    }
    for member in members:
        member.schedule = schedules.get(member.user_id)
    today = timezone.now().astimezone(ZoneInfo(schedule.timezone if schedule else "UTC")).date()
    context = {
        "host": user,
        "is_self": is_self,
        "schedule": schedule,
        "members": members,
        "can_edit": can_edit,
        "hours_form": HoursForm(initial=HoursForm.initial_for(schedule) if schedule else {"timezone": "UTC"}),
        "override_form": OverrideForm(),
        "overrides": [o for o in schedule.overrides.all() if o.date >= today] if schedule else [],
        "feed_url": (
            current_workspace().url.rstrip("/") + reverse("booking:feed", kwargs={"token": schedule.feed_token})
            if schedule and is_self
            else ""
        ),
        **extra,
    }
    return context


def hosts(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    user = _host_user(request, user_id)
    return render(request, "interviews/booking/hosts.html", _hosts_context(request, user))


@require_POST
def host_hours(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _host_user(request, user_id)
    _require_host_write(request, user)
    form = HoursForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.host_schedule_save(
                user=user, timezone_name=data["timezone"], meeting_url=data["meeting_url"],
                weekly_hours=data["weekly_hours"], actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Hours saved.")
            return redirect(_host_url(user, request))
    return render(request, "interviews/booking/hosts.html", _hosts_context(request, user, hours_form=form), status=400)


def _ensure_schedule(user: User, request) -> HostSchedule:
    return HostSchedule.objects.filter(user=user).first() or services.host_schedule_save(user=user, actor=request.user)


def _host_url(user: User, request) -> str:
    if user.pk == request.user.pk:
        return reverse("booking:hosts")
    return reverse("booking:host", kwargs={"user_id": user.pk})


@require_POST
def host_override_add(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _host_user(request, user_id)
    _require_host_write(request, user)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            schedule = _ensure_schedule(user, request)
            services.host_override_add(schedule=schedule, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            data = form.cleaned_data
            messages.success(request, f"{data['date']:%A %-d %B}: {'day off' if not data['start'] else 'hours set'}.")
            return redirect(_host_url(user, request))
    context = _hosts_context(request, user, override_form=form)
    return render(request, "interviews/booking/hosts.html", context, status=400)


@require_POST
def host_override_delete(request: HttpRequest, user_id: int, override_id: int) -> HttpResponse:
    user = _host_user(request, user_id)
    _require_host_write(request, user)
    override = DateOverride.objects.filter(pk=override_id, schedule__user=user).first()
    if override is None:
        raise Http404
    services.host_override_delete(override=override, actor=request.user)
    messages.success(request, "Override removed: the usual weekly hours apply that day.")
    return redirect(_host_url(user, request))


@require_POST
def host_feed_rotate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _host_user(request, user_id)
    _require_host_write(request, user)
    services.host_feed_rotate(schedule=_ensure_schedule(user, request), actor=request.user)
    messages.success(request, "New calendar feed address: the old one stops working. Subscribe again with the new one.")
    return redirect(_host_url(user, request))


# --- A sync round's booking --------------------------------------------------------------------------------------


def _sync_round(round_id: int) -> Round:
    round_ = Round.objects.select_related("study").filter(pk=round_id).first()
    if round_ is None or round_.kind != RoundKind.SYNC:
        raise Http404
    return round_


def _round_rules(round_: Round) -> BookingRules | None:
    return (
        BookingRules.objects.filter(round=round_)
        .prefetch_related("hosts", Prefetch("questions", queryset=BookingQuestion.objects.order_by("order")))
        .first()
    )


def _host_choices(members: list[Membership], current: BookingRules | None) -> list[tuple[int, str]]:
    """Owners and researchers run calls; a host the round already has stays choosable whatever their role."""
    hosts = {user.pk for user in current.hosts.all()} if current else set()
    return [
        (m.user_id, m.user.get_full_name() or m.user.email)
        for m in members
        if m.role in WRITE_RESEARCH or m.user_id in hosts
    ]


def _round_context(request, round_: Round, **extra) -> dict:
    rules = _round_rules(round_)
    members = _members(request)
    zone = staff_zone(request.user)
    candidates = list(Participant.objects.order_by("email")[:INVITE_LIST_LIMIT])
    decisions = contact_decisions(candidates)
    invited = dict(BookingInvite.objects.filter(round=round_).values_list("participant_id", "created_at"))
    for participant in candidates:
        participant.decision = decisions[participant.pk]
        participant.invited_at = invited.get(participant.pk)
    host_ids = [u.pk for u in rules.hosts.all()] if rules else []
    scheduled = set(HostSchedule.objects.filter(user_id__in=host_ids, weekly_hours__isnull=False).values_list(
        "user_id", flat=True))  # fmt: skip
    context = {
        "round": round_,
        "study": round_.study,
        "rules": rules,
        "questions": list(rules.questions.all()) if rules else [],
        "hosts": [m for m in members if m.user_id in host_ids],
        "hosts_without_hours": [m for m in members if m.user_id in host_ids and m.user_id not in scheduled],
        "rules_form": RulesForm(
            initial=RulesForm.initial_for(rules or BookingRules(round=round_)),
            host_choices=_host_choices(members, rules),
        ),
        "question_form": QuestionForm(),
        "public_url": (
            current_workspace().url.rstrip("/") + reverse("booking:page", kwargs={"token": rules.public_token})
            if rules
            else ""
        ),
        "days": sorted(selectors.round_bookings_by_day(round_, zone).items()) if rules else [],
        "past": list(
            selectors.bookings_list(round_id=round_.pk)
            .filter(end__lt=timezone.now())
            .exclude(status=BookingStatus.CANCELLED)
            .order_by("-start")[:PAST_LIMIT]
        ),
        "funnel": selectors.round_funnel(round_),
        "zone": zone,
        "candidates": candidates,
        "invite_form": BookingInviteForm(choices=[(p.pk, p.email) for p in candidates]),
        "can_write": _can_write(request),
        **extra,
    }
    return context


def round_booking(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _sync_round(round_id)
    return render(request, "interviews/booking/round.html", _round_context(request, round_))


@require_POST
def rules_save(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _sync_round(round_id)
    members = _members(request)
    form = RulesForm(request.POST, host_choices=_host_choices(members, _round_rules(round_)))
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["reminder_offsets_minutes"] = data.pop("reminder_offsets")
        data["hosts"] = [m.user for m in members if m.user_id in data["hosts"]]
        try:
            services.booking_rules_save(round=round_, actor=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Booking rules saved.")
            return redirect("booking:round", round_.pk)
    return render(request, "interviews/booking/round.html", _round_context(request, round_, rules_form=form),
                  status=400)  # fmt: skip


@require_POST
def public_link_rotate(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    rules = _round_rules(_sync_round(round_id))
    if rules is None:
        raise Http404
    services.booking_rules_rotate_token(rules=rules, actor=request.user)
    messages.success(request, "New public booking address: the old one stops working. Bookings made stay.")
    return redirect("booking:round", round_id)


def _question(question_id: int) -> BookingQuestion:
    question = BookingQuestion.objects.select_related("rules__round").filter(pk=question_id).first()
    if question is None:
        raise Http404
    return question


@require_POST
def question_add(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _sync_round(round_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            rules = BookingRules.objects.filter(round=round_).first() or services.booking_rules_save(
                round=round_, actor=request.user
            )
            services.booking_question_save(rules=rules, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Question added.")
            return redirect(reverse("booking:round", args=[round_.pk]) + "#questions")
    context = _round_context(request, round_, question_form=form)
    return render(request, "interviews/booking/round.html", context, status=400)


def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(question_id)
    round_ = question.rules.round
    if request.method == "POST":
        require_role(request, WRITE_RESEARCH)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_question_save(
                rules=question.rules, question=question, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Question saved.")
            return redirect(reverse("booking:round", args=[round_.pk]) + "#questions")
    context = {"question": question, "round": round_, "study": round_.study, "form": form,
               "can_write": _can_write(request)}  # fmt: skip
    return render(request, "interviews/booking/question_form.html", context, status=400 if form.errors else 200)


@require_POST
def question_move(request: HttpRequest, question_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question(question_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "Move a question up or down.")
    else:
        services.booking_question_move(question=question, direction=direction, actor=request.user)
    return redirect(reverse("booking:round", args=[question.rules.round_id]) + "#questions")


@require_POST
def question_delete(request: HttpRequest, question_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question(question_id)
    services.booking_question_delete(question=question, actor=request.user)
    messages.success(request, f"Question “{question.label}” removed.")
    return redirect(reverse("booking:round", args=[question.rules.round_id]) + "#questions")


@require_POST
def invite_send(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _sync_round(round_id)
    form = BookingInviteForm(request.POST, choices=[(p, p) for p in Participant.objects.values_list("pk", flat=True)])
    if not form.is_valid():
        context = _round_context(request, round_)
        context["invite_form"] = BookingInviteForm(
            request.POST, choices=[(p.pk, p.email) for p in context["candidates"]]
        )
        context["invite_form"].is_valid()
        return render(request, "interviews/booking/round.html", context, status=400)
    invited, refused = 0, []
    for participant in Participant.objects.filter(pk__in=form.cleaned_data["participants"]):
        try:
            services.booking_invite_create(round=round_, participant=participant, actor=request.user)
            invited += 1
        except ValidationError as error:
            refused.append(f"{participant.email}: {' '.join(error.messages)}")
    if invited:
        messages.success(request, f"Sent {invited} booking invitation{'s' if invited != 1 else ''}.")
    for line in refused:
        messages.error(request, line)
    return redirect(reverse("booking:round", args=[round_.pk]) + "#invite")


# --- One booking -------------------------------------------------------------------------------------------------


def _booking(booking_id: int) -> Booking:
    booking = (
        Booking.objects.select_related("round__study", "participant", "host", "transcript", "invite")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


def _detail_context(request, booking: Booking, **extra) -> dict:
    return {
        **transcript_context(request, booking),
        "booking": booking,
        "round": booking.round,
        "study": booking.round.study,
        "zone": staff_zone(request.user),
        "can_write": _can_write(request),
        "mark_form": MarkForm(),
        "cancel_form": CancelForm(),
        "is_past": booking.start <= timezone.now(),
        **extra,
    }


def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _booking(booking_id)
    return render(request, "interviews/booking/detail.html", _detail_context(request, booking))


@require_POST
def booking_mark(request: HttpRequest, booking_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    booking = _booking(booking_id)
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            services.booking_mark(booking=booking, status=form.cleaned_data["status"], actor=request.user)
        except ValidationError as error:
            context = _detail_context(request, booking, error=" ".join(error.messages))
            return render(request, "interviews/booking/detail.html", context, status=400)
        label = BookingStatus(form.cleaned_data["status"]).label
        messages.success(request, f"Marked {label.lower()}.")
        return redirect("booking:detail", booking.pk)
    context = _detail_context(request, booking, error="Mark the call completed or no-show.")
    return render(request, "interviews/booking/detail.html", context, status=400)


@require_POST
def booking_staff_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    booking = _booking(booking_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.booking_cancel(booking=booking, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            context = _detail_context(request, booking, cancel_form=form, error=" ".join(error.messages))
            return render(request, "interviews/booking/detail.html", context, status=400)
        messages.success(request, "Booking cancelled; the participant and the host got a cancellation.")
        return redirect("booking:detail", booking.pk)
    context = _detail_context(request, booking, cancel_form=form)
    return render(request, "interviews/booking/detail.html", context, status=400)
