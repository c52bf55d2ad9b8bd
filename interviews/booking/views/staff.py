"""Booking pages for staff: hosts set their hours, days off and calendar feed; a sync round's booking rules,
questions and invitations; one booking, to follow and mark."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from interviews.booking import calendars, schedules, selectors, services
from interviews.booking import rules as round_rules
from interviews.booking.forms import (
    BookingInviteForm,
    CalendarForm,
    CancelForm,
    HoursForm,
    MarkForm,
    OverrideForm,
    QuestionForm,
    RulesForm,
)
from interviews.models import (
    Booking,
    BookingInvite,
    BookingQuestion,
    BookingRules,
    BookingStatus,
    DateOverride,
    HostCalendar,
    HostSchedule,
)
from interviews.transcripts.views import transcript_context
from studies.guides.selectors import version_at
from studies.models import Participant, ParticipantRating, Round, RoundKind
from studies.pages import add_errors
from studies.participants.contact_rules import contact_decisions
from workspaces.access import MANAGE_WORKSPACE, WRITE_RESEARCH, require_role
from workspaces.library.selectors import can_publish, library_choices
from workspaces.models import LibraryKind, Membership, User
from workspaces.selectors import current_workspace

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
    by_user = {
        s.user_id: s
        for s in HostSchedule.objects.filter(user__in=[m.user_id for m in members]).prefetch_related("weekly_hours")
    }
    for member in members:
        member.schedule = by_user.get(member.user_id)
    today = timezone.now().astimezone(ZoneInfo(schedule.timezone if schedule else "UTC")).date()
    context = {
        "host": user,
        "is_self": is_self,
        "schedule": schedule,
        "members": members,
        "can_edit": can_edit,
        "hours_form": HoursForm(initial=HoursForm.initial_for(schedule) if schedule else {"timezone": "UTC"}),
        "override_form": OverrideForm(),
        "calendar_form": CalendarForm(),
        "calendars": calendars.host_calendars([user.pk]),
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
            schedules.host_schedule_save(
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
    return HostSchedule.objects.filter(user=user).first() or schedules.host_schedule_save(user=user, actor=request.user)


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
            schedules.host_override_add(schedule=schedule, actor=request.user, **form.cleaned_data)
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
    schedules.host_override_delete(override=override, actor=request.user)
    messages.success(request, "Override removed: the usual weekly hours apply that day.")
    return redirect(_host_url(user, request))


@require_POST
def host_feed_rotate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _host_user(request, user_id)
    _require_host_write(request, user)
    schedules.host_feed_rotate(schedule=_ensure_schedule(user, request), actor=request.user)
    messages.success(request, "New calendar feed address: the old one stops working. Subscribe again with the new one.")
    return redirect(_host_url(user, request))


@require_POST
def host_calendar_add(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _host_user(request, user_id)
    _require_host_write(request, user)
    form = CalendarForm(request.POST)
    if form.is_valid():
        try:
            schedule = _ensure_schedule(user, request)
            calendar = calendars.host_calendar_add(schedule=schedule, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            # Read it now, so the host sees at once whether it worked (the beat reads it every ten minutes after).
            calendar = calendars.host_calendar_refresh(calendar=calendar)
            if calendar.error:
                messages.error(request, f"Calendar connected, but it could not be read: {calendar.error}")
            else:
                messages.success(request, "Calendar connected: its busy times are no longer offered.")
            return redirect(_host_url(user, request))
    context = _hosts_context(request, user, calendar_form=form)
    return render(request, "interviews/booking/hosts.html", context, status=400)


def _host_calendar(user: User, calendar_id: int):
    calendar = HostCalendar.objects.select_related("schedule").filter(pk=calendar_id, schedule__user=user).first()
    if calendar is None:
        raise Http404
    return calendar


@require_POST
def host_calendar_refresh(request: HttpRequest, user_id: int, calendar_id: int) -> HttpResponse:
    user = _host_user(request, user_id)
    _require_host_write(request, user)
    calendar = calendars.host_calendar_refresh(calendar=_host_calendar(user, calendar_id))
    if calendar.error:
        messages.error(request, f"The calendar could not be read: {calendar.error}")
    else:
        messages.success(request, "Calendar read just now.")
    return redirect(_host_url(user, request))


@require_POST
def host_calendar_delete(request: HttpRequest, user_id: int, calendar_id: int) -> HttpResponse:
    user = _host_user(request, user_id)
    _require_host_write(request, user)
    calendars.host_calendar_delete(calendar=_host_calendar(user, calendar_id), actor=request.user)
    messages.success(request, "Calendar disconnected: its busy times no longer block bookings.")
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
        "library_presets": library_choices(kind=LibraryKind.BOOKING_PRESET),
        "can_publish": can_publish(request.user),
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
            round_rules.booking_rules_save(round=round_, actor=request.user, **data)
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
    round_rules.booking_rules_rotate_token(rules=rules, actor=request.user)
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
            rules = BookingRules.objects.filter(round=round_).first() or round_rules.booking_rules_save(
                round=round_, actor=request.user
            )
            round_rules.booking_question_save(rules=rules, actor=request.user, **form.cleaned_data)
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
            round_rules.booking_question_save(
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
        round_rules.booking_question_move(question=question, direction=direction, actor=request.user)
    return redirect(reverse("booking:round", args=[question.rules.round_id]) + "#questions")


@require_POST
def question_delete(request: HttpRequest, question_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question(question_id)
    round_rules.booking_question_delete(question=question, actor=request.user)
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
        # The brief is synthesis's page: linked by URL name when the participant took an async interview.
        "has_brief": booking.participant_id in selectors.took_async_interview([booking.participant_id]),
        # The guide the host follows: the version in force when the call starts (the current one for a call ahead).
        "guide_version": version_at(booking.round_id, booking.start),
        "rating": ParticipantRating.objects.filter(participant=booking.participant_id, round=booking.round_id).first(),
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
