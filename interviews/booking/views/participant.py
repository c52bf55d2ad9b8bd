"""Booking pages for participants: book, reschedule and cancel a call (no login, by token, with or without
JavaScript), and the calendar files and feeds behind them.

Every page is a plain GET/POST form flow: choosing a day and a time are links with query parameters, so a
participant without JavaScript books the same way; htmx only swaps the slot picker in place. Times show in the
zone chosen (`?tz=`, the browser's on a first visit with JavaScript) and the clock chosen (`?clock=12|24`, then a
cookie), in the participant's language."""

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from interviews import public_cache
from interviews.booking import ics, selectors, services, zones
from interviews.booking.availability import offered_slots
from interviews.booking.forms import (
    BookingForm,
    CancelForm,
)
from interviews.booking.slots import Slot, compute_slots
from interviews.models import (
    Booking,
    BookingInvite,
    BookingRules,
    BookingStatus,
    HostSchedule,
)
from interviews.participant_pages import (
    CLOCK_COOKIE,
    page_locale,
    participant_page,
    public_study,
    use_participant,
)
from interviews.screening import views as screening
from studies.models import RoundStatus, Screener
from studies.pages import add_errors
from workspaces import ratelimit
from workspaces.access import workspace_open

# --- The slot picker, shared by the booking page and the reschedule form -----------------------------------------


@dataclass(frozen=True)
class SlotChoice:
    key: str  # the slot's start in UTC as the pages pass it around: "2026-03-02T14:30Z"
    start: datetime
    end: datetime


def slot_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def _zone(asked: str | None, default: str) -> tuple[str, str]:
    """The zone to show times in, and what to tell the participant when the one asked for is no zone we know."""
    default = zones.canonical(default) or zones.UTC_NAME
    if not asked:
        return default, ""
    found = zones.canonical(asked)
    if found:
        return found, ""
    message = gettext("We do not know the time zone “%(asked)s”. Times are shown in %(zone)s: choose yours below.")
    return default, message % {"asked": asked[:64], "zone": default.replace("_", " ")}


def _days(rules: BookingRules, tz_name: str, booking: Booking | None = None) -> dict[date, list[Slot]]:
    """The bookable slots from today to the horizon, by day in `tz_name`. Moving a `booking` keeps its host and
    may overlap the call's own time."""
    tz = ZoneInfo(tz_name)
    now = timezone.now()
    today = now.astimezone(tz).date()
    if booking is None:
        slots = offered_slots(rules, now=now)  # every visitor's, from the cache; the zone only groups them
    else:
        slots = compute_slots(
            rules=rules, now=now, host_ids=[booking.host_id], exclude_booking_id=booking.pk,
            window_start=datetime.combine(today, time(0), tzinfo=tz),
            window_end=datetime.combine(today + timedelta(days=rules.horizon_days + 1), time(0), tzinfo=tz),
        )  # fmt: skip
    days: dict[date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(slot.start.astimezone(tz).date(), []).append(slot)
    return days


def _choices(slots: list[Slot]) -> list[SlotChoice]:
    return [SlotChoice(slot_key(slot.start), slot.start, slot.end) for slot in slots]


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
    tz_name, zone_error = _zone(source.get("tz") or source.get("timezone"), default_tz)
    days = _days(rules, tz_name, booking)
    wanted = _parse(parse_date, source.get("day"))
    start = source.get("start", "")
    chosen = None
    if start:
        asked = _parse(parse_datetime, start)
        if asked is not None and timezone.is_aware(asked):
            asked_day = asked.astimezone(ZoneInfo(tz_name)).date()
            chosen = next((slot for slot in _choices(days.get(asked_day, [])) if slot.key == start), None)
            # The day of the time asked for, even when that time is gone: its other times are the best offer.
            wanted = wanted or asked_day
    day = wanted if wanted in days else None
    query = {"tz": tz_name, **(params or {})}
    here = {**query, **({"day": day.isoformat()} if day else {}), **({"start": start} if chosen else {})}
    return {
        **_zone_choices(request, tz_name, here),
        "zone_error": zone_error,
        "days": bool(days),
        "days_html": "" if day else _day_list(request.path, tuple(query.items()), _counts(days)),
        "day": day,
        "day_missing": wanted is not None and day is None,
        "times": [
            (slot, _url(request.path, **query, day=day.isoformat(), start=slot.key))
            for slot in _choices(days.get(day, []))
        ],
        "chosen": chosen,
        "start_missing": bool(start) and chosen is None,
        "back_to_days": _url(request.path, **query),
        "back_to_times": _url(request.path, **query, day=day.isoformat()) if day else "",
        "params": params or {},
    }


def _counts(days: dict[date, list[Slot]]) -> tuple[tuple[date, int], ...]:
    return tuple((day, len(slots)) for day, slots in days.items())


def _day_list(path: str, query: tuple, counts: tuple[tuple[date, int], ...]) -> str:
    """The list of days with their number of free times, each a link to its times: one page's worth of localised
    dates, plurals and links through the template language, the most of a booking page's time. Rendered once per
    page, zone, query, counts and language in this process (the same counts give the same list, whoever asks)."""
    return _rendered_day_list(path, query, counts, translation.get_language())


@functools.lru_cache(maxsize=256)
def _rendered_day_list(path: str, query: tuple, counts: tuple, language: str) -> str:
    query = dict(query)
    days = [(day, count, _url(path, **query, day=day.isoformat())) for day, count in counts]
    return render_to_string("interviews/booking/_days.html", {"days": days})


def _zone_choices(request: HttpRequest, tz_name: str, here: dict) -> dict:
    """The zone list with each zone's offset and time now, and the other clock (12 or 24 hours) for this page."""
    now, clock = timezone.now(), request.clock
    common, every = zones.zone_options_html(now, clock, tz_name)
    first_visit = request.method == "GET"
    return {
        "tz_name": tz_name,
        # Only a first visit takes the browser's zone and clock: what the participant chose, or a form posted, stays.
        "zone_auto": first_visit and not request.GET.get("tz"),
        "clock_auto": first_visit and not request.GET.get("clock") and CLOCK_COOKIE not in request.COOKIES,
        "zone_options_common": common,
        "zone_options_all": every,
        "zone_now": zones.zone_label(tz_name, now, clock),
        "clock": clock,
        "clock_other_url": _url(request.path, **here, clock=24 if clock == 12 else 12),
    }


def _parse(parser, value):
    try:
        return parser(value or "")
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        return None


def _url(path: str, **query) -> str:
    return f"{path}?{urlencode(query)}"


def _participant_context(round_, request) -> dict:
    return public_study(round_, request.tenant.name)


# --- Participants ------------------------------------------------------------------------------------------------


def _limits(request: HttpRequest, bucket: str) -> dict[str, int]:
    return {bucket: settings.PARLEY_RATE_LIMIT_PER_LINK,
            f"addr:{ratelimit.client_address(request)}": settings.PARLEY_RATE_LIMIT_PER_ADDRESS}  # fmt: skip


def _limited(request: HttpRequest, bucket: str) -> HttpResponse | None:
    return None if ratelimit.allow_all(_limits(request, bucket)) else _too_many(request)


def _too_many(request: HttpRequest) -> HttpResponse:
    reason = gettext("Too many requests at once. Please wait a minute and try again.")
    response = _unavailable(request, reason, status=429)
    response["Retry-After"] = "60"
    return response


def _unavailable(request, reason: str, *, status: int, title: str = "") -> HttpResponse:
    context = {"reason": reason, "title": title or gettext("Booking a call")}
    return render(request, "interviews/booking/unavailable.html", context, status=status)


def _rules_qs():
    """Booking rules with their round and study, and whether the round screens strangers, in one query. Their
    questions are read when a form asks for them: a visitor choosing a day needs none."""
    screened = Exists(Screener.objects.filter(round=OuterRef("round")))
    return BookingRules.objects.select_related("round__study").annotate(screened=screened)


def _public_rules(request: HttpRequest, token: str) -> tuple[BookingRules | None, bool]:
    """A public booking page's rules, from the cache while nothing they show changed (interviews.public_cache), and
    whether this visitor is within the page's rate limits, counted in the same round trip to the cache."""
    limits = _limits(request, f"booking:{token}")
    allowed, found = ratelimit.allow_all_and_get(limits, public_cache.keys("booking", token))
    return public_cache.cached("booking", token, lambda: _rules_qs().filter(public_token=token).first(), found), allowed


def _booking_form(request, rules, *, data=None, initial=None) -> BookingForm:
    questions = rules.questions.order_by("order")
    return BookingForm(data, initial=initial, questions=questions, workspace_name=request.tenant.name)


def _book(request, rules: BookingRules, *, invite: BookingInvite | None, default_tz: str, initial: dict):
    """The booking page and its POST: choose a day, a time, then give name, email, answers and consent."""
    round_ = rules.round
    texts = _participant_context(round_, request)
    if round_.status == RoundStatus.CLOSED:
        reason = gettext("This study is not booking calls any more. Thank you for your interest!")
        return _unavailable(request, reason, status=410, title=texts["public_title"])
    template = "interviews/booking/book.html"
    context = {"rules": rules, "round": round_, "invite": invite, **texts}
    if request.method == "POST":
        form = _booking_form(request, rules, data=request.POST)
        error = ""
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = services.booking_create(
                    round=round_, start=data["start"], invite=invite, answers=form.answers(),
                    participant={"email": data["email"], "name": data["name"], "timezone": data["timezone"],
                                 "locale": page_locale(request)},
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


@participant_page
def booking_page(request: HttpRequest, token: str) -> HttpResponse:
    rules, allowed = _public_rules(request, token)
    if rules is None:
        raise Http404
    if not allowed:
        return _too_many(request)
    if not rules.is_public:
        reason = gettext("This booking page is closed. If you were invited, use your personal link.")
        return _unavailable(
            request, reason, status=410, title=_participant_context(rules.round, request)["public_title"]
        )
    if rules.screened:
        # Strangers answer the round's screener first; those who qualify book on their own booking link.
        if rules.round.status == RoundStatus.CLOSED:
            return _book(request, rules, invite=None, default_tz="UTC", initial={})
        if passed := screening.passed_screening(request, rules.round):
            return screening.enter_round(request, passed)
        action = reverse("booking:screener", kwargs={"token": rules.public_token})
        return screening.screener_page(request, rules.round, action=action)
    return _book(request, rules, invite=None, default_tz="UTC", initial={})


@participant_page
@require_POST
def booking_screener(request: HttpRequest, token: str) -> HttpResponse:
    """The answers to a booking page's screener: a booking link of their own, a wait for review, or an ending."""
    rules, allowed = _public_rules(request, token)
    if rules is None or not rules.is_public:
        raise Http404
    if not allowed:
        return _too_many(request)
    if rules.round.status == RoundStatus.CLOSED or not rules.screened:
        return redirect("booking:page", token=token)

    def enter(response):
        return screening.remember_pass(screening.enter_round(request, response), response)

    return screening.screen(request, rules.round, action=request.path, enter=enter)


@participant_page
def invite_page(request: HttpRequest, token: str) -> HttpResponse:
    invite = selectors.invite_by_token(token)
    if invite is None:
        raise Http404
    use_participant(request, invite.participant)
    if limited := _limited(request, f"booking-invite:{invite.pk}"):
        return limited
    if invite.booking_id and invite.booking.status == BookingStatus.BOOKED:
        return redirect("booking:manage", token=invite.booking.manage_token)
    rules = _rules_qs().filter(round=invite.round_id).first()
    if rules is None:
        return _unavailable(request, gettext("Booking for this conversation is not open yet."), status=410)
    person = invite.participant
    initial = {"name": person.name, "email": person.email}
    return _book(request, rules, invite=invite, default_tz=person.timezone, initial=initial)


def _managed(request, token: str) -> tuple[Booking | None, HttpResponse | None]:
    booking = selectors.booking_by_manage_token(token)
    if booking is None:
        raise Http404
    use_participant(request, booking.participant)
    return booking, _limited(request, f"booking-manage:{booking.pk}")


def _change_policy(booking: Booking, rules: BookingRules | None) -> dict:
    """What the participant may still change, with the sentence that says why not."""
    if booking.status != BookingStatus.BOOKED:
        return {"can_change": False, "can_reschedule": False, "why_not": ""}
    notice = timedelta(hours=rules.min_change_notice_hours if rules else 0)
    deadline = booking.start - notice
    if timezone.now() > deadline:
        why = " ".join(
            [services.close_to_call(rules.min_change_notice_hours),
             gettext("Please reply to your invitation email if you cannot make it.")]
        )  # fmt: skip
        return {"can_change": False, "can_reschedule": False, "why_not": why, "deadline": deadline}
    left = (rules.max_reschedules if rules else 0) - booking.reschedule_count
    why = "" if left > 0 else gettext("This call cannot be moved again; you can still cancel it.")
    return {"can_change": True, "can_reschedule": left > 0, "reschedules_left": left, "why_not": why,
            "deadline": deadline}  # fmt: skip


def _manage_context(request, booking: Booking, **extra) -> dict:
    rules = BookingRules.objects.filter(round=booking.round_id).first()
    policy = _change_policy(booking, rules)
    context = {"booking": booking, "round": booking.round, "rules": rules, "cancel_form": CancelForm(), **policy,
               **_participant_context(booking.round, request)}  # fmt: skip
    if policy["can_reschedule"] and (request.GET.get("reschedule") or request.GET.get("day") or extra.get("taken")):
        picker = _picker(request, rules, default_tz=booking.timezone, params={"reschedule": "1"}, booking=booking)
        context.update(picker)
        context["rescheduling"] = True
    context.update(extra)
    return context


@participant_page
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
        messages.success(request, gettext("Your call is moved. We sent you an updated invitation."))
        return redirect("booking:manage", token=booking.manage_token)
    context = _manage_context(request, booking)
    if request.htmx and context.get("rescheduling") and not request.htmx.boosted:
        return render(request, "interviews/booking/_picker.html", context)
    return render(request, "interviews/booking/manage.html", context)


@participant_page
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
        messages.success(request, gettext("Your call is cancelled. We sent a cancellation to your calendar."))
        return redirect("booking:manage", token=booking.manage_token)
    context = _manage_context(request, booking, cancel_form=form)
    return render(request, "interviews/booking/manage.html", context, status=400)


@participant_page
def confirmed(request: HttpRequest, token: str) -> HttpResponse:
    booking, limited = _managed(request, token)
    if limited:
        return limited
    context = {"booking": booking, "round": booking.round, "google_url": ics.google_calendar_url(booking),
               **_participant_context(booking.round, request)}  # fmt: skip
    return render(request, "interviews/booking/confirmed.html", context)


@participant_page
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
