"""`/api/v1/rounds/{id}/slots/` and `/api/v1/bookings/`: free times of a sync round, and its bookings.

Booking through the API is booking on the participant's behalf: the workspace's contact rules apply in full, and
the round's change notice and reschedule limit do not (they protect the host from participants' late changes).
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.booking import handoffs, ics, selectors, services
from interviews.booking.calendars import host_calendar_add, host_calendar_delete, host_calendar_refresh, host_calendars
from interviews.booking.schedules import host_schedule_save, member_ids
from interviews.booking.slots import available_slots
from interviews.idempotency import idempotent
from interviews.models import BookingRules, BookingStatus, HostSchedule
from studies.models import Round, RoundKind, timezone_names
from workspaces.api import as_drf_error
from workspaces.models import ApiKey, Role, User
from workspaces.permissions import api_role

MAX_SLOT_DAYS = 62


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


# --- Slots ----------------------------------------------------------------------------------------------------------


class SlotQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="First day (YYYY-MM-DD, in `tz`); default today.")
    end = serializers.DateField(required=False, help_text="Last day, inclusive; default 14 days after `start`.")
    tz = serializers.CharField(required=False, default="UTC", help_text="IANA zone such as Europe/Berlin.")

    def validate_tz(self, value):
        if value not in timezone_names():
            raise serializers.ValidationError(f"“{value}” is not a time zone name such as Europe/Berlin.")
        return value

    def validate(self, data):
        start = data.get("start") or timezone.now().astimezone(ZoneInfo(data["tz"])).date()
        end = data.get("end") or start + timedelta(days=14)
        if end < start:
            raise serializers.ValidationError({"end": "The end is before the start."})
        if (end - start).days >= MAX_SLOT_DAYS:
            raise serializers.ValidationError({"end": f"Ask for at most {MAX_SLOT_DAYS} days at a time."})
        return {**data, "start": start, "end": end}


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField(help_text="ISO 8601 with the offset of `tz`.")
    end = serializers.DateTimeField()
    hosts = serializers.ListField(child=serializers.IntegerField(), help_text="User ids of the hosts free for it.")


class SlotsResponseSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    timezone = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    count = serializers.IntegerField()
    results = SlotSerializer(many=True)


class RoundSlotsView(APIView):
    """Free times of a sync round for `start`..`end` (days in `tz`), as ISO 8601 times with `tz`'s offset."""

    @extend_schema(
        parameters=[SlotQuerySerializer], responses={200: SlotsResponseSerializer}, summary="Free slots of a round"
    )
    def get(self, request, pk: int):
        query = SlotQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rules = BookingRules.objects.select_related("round").filter(round_id=pk, round__kind=RoundKind.SYNC).first()
        if rules is None:
            if Round.objects.filter(pk=pk).exists():
                raise NotFound("This round does not take bookings (no booking rules, or it is async).")
            raise NotFound()
        zone = ZoneInfo(params["tz"])
        slots = available_slots(rules=rules, start_date=params["start"], end_date=params["end"], tz=zone)
        results = [
            {"start": slot.start.astimezone(zone).isoformat(), "end": slot.end.astimezone(zone).isoformat(),
             "hosts": list(slot.host_ids)}
            for slot in slots
        ]  # fmt: skip
        return Response({"round": pk, "timezone": params["tz"], "start": params["start"], "end": params["end"],
                         "count": len(results), "results": results})  # fmt: skip


# --- Bookings -------------------------------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()


class BookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField(source="round_id")
    study = serializers.IntegerField(source="round.study_id")
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    timezone = serializers.CharField(help_text="The participant's zone.")
    host = serializers.SerializerMethodField()
    participant = serializers.SerializerMethodField()
    answers = serializers.DictField(child=serializers.CharField())
    location = serializers.CharField()
    uid = serializers.CharField(help_text="The calendar event's UID.")
    sequence = serializers.IntegerField(help_text="The calendar event's SEQUENCE.")
    reschedule_count = serializers.IntegerField()
    manage_url = serializers.SerializerMethodField(help_text="The participant's page to reschedule or cancel.")
    transcript = serializers.IntegerField(source="transcript_id", allow_null=True)
    created_at = serializers.DateTimeField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()

    @extend_schema_field(PersonSerializer)
    def get_host(self, booking) -> dict:
        host = booking.host
        return {"id": host.pk, "email": host.email, "name": host.get_full_name()}

    @extend_schema_field(PersonSerializer)
    def get_participant(self, booking) -> dict:
        person = booking.participant
        return {"id": person.pk, "email": person.email, "name": person.name}

    def get_manage_url(self, booking) -> str:
        return ics.manage_url(booking)


class BookingParticipantSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    timezone = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    def validate_timezone(self, value):
        if value and value not in timezone_names():
            raise serializers.ValidationError(f"“{value}” is not a time zone name such as Europe/Berlin.")
        return value


class BookingCreateSerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.filter(kind=RoundKind.SYNC))
    start = serializers.DateTimeField(help_text="A slot's start, ISO 8601 with its offset.")
    participant = BookingParticipantSerializer()
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2000), required=False, default=dict,
        help_text="Question label -> answer.",
    )  # fmt: skip


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RescheduleSerializer(serializers.Serializer):
    start = serializers.DateTimeField(help_text="A free slot's start for the same host, ISO 8601 with its offset.")


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text="slot_taken, do_not_contact, cap, cooldown or already_booked.")
    next_possible_at = serializers.DateTimeField(allow_null=True)


PARTICIPANT_FIELDS = ("email", "name", "timezone")


def _error_body(error: DjangoValidationError) -> dict:
    """Field messages, the participant's under `participant` as they were sent."""
    if not hasattr(error, "error_dict"):
        return {"detail": error.messages}
    body, person = {}, {}
    for field, messages in error.message_dict.items():
        (person if field in PARTICIPANT_FIELDS else body)[field] = messages
    if person:
        body["participant"] = person
    return body


def _outcome(call, ok_status: int = status.HTTP_200_OK) -> tuple[int, dict]:
    """Run a booking service: (status, body) with the booking, a 409 with the reason, or 400 field messages."""
    try:
        booking = call()
    except (services.SlotTaken, services.ContactRefused) as conflict:
        decision = getattr(conflict, "decision", None)
        next_at = decision.next_possible_at.isoformat() if decision and decision.next_possible_at else None
        return status.HTTP_409_CONFLICT, {
            "detail": conflict.messages[0],
            "code": conflict.code,
            "next_possible_at": next_at,
        }
    except DjangoValidationError as error:
        return status.HTTP_400_BAD_REQUEST, _error_body(error)
    return ok_status, dict(BookingSerializer(selectors.booking_detail(booking.pk)).data)


def _write(call) -> Response:
    code, body = _outcome(call)
    return Response(body, status=code)


class BookingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Bookings of sync rounds (`?round=<id>`, `?status=booked`, `?host=<user id>`), in time order. POST books a
    free slot for a participant (created or updated by email); answers are optional here (the booking page asks
    the participant), but must be valid when given. 409 when the slot is gone or the contact rules refuse, with
    the reason. Send an `Idempotency-Key` header to make retries safe."""

    serializer_class = BookingSerializer
    queryset = selectors.bookings_list().none()

    def get_queryset(self):
        params = self.request.query_params
        round_id, host_id = params.get("round", ""), params.get("host", "")
        return selectors.bookings_list(
            round_id=int(round_id) if round_id.isdigit() else None,
            status=params.get("status", "") if params.get("status") in BookingStatus.values else "",
            host_id=int(host_id) if host_id.isdigit() else None,
        )

    @extend_schema(
        request=BookingCreateSerializer,
        responses={201: BookingSerializer, 409: ConflictSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
    )
    def create(self, request):
        serializer = BookingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def book():
            return services.booking_create(
                round=data["round"], start=data["start"], participant=dict(data["participant"]),
                answers=data["answers"], actor=_actor(request), by_staff=True,
            )  # fmt: skip

        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            code, response = _outcome(book, status.HTTP_201_CREATED)
        elif len(key) > 200:
            code, response = 400, {"Idempotency-Key": ["Use at most 200 characters."]}
        else:
            # A retry with the same key (a lost response, a timeout) replays the first answer instead of booking
            # again or answering "already booked".
            code, response = idempotent(
                scope="bookings", key=key, body=request.data,
                compute=lambda: _outcome(book, status.HTTP_201_CREATED),
            )  # fmt: skip
        return Response(response, status=code)

    def _booking(self, pk):
        booking = selectors.booking_detail(pk) if str(pk).isdigit() else None
        if booking is None:
            raise NotFound()
        return booking

    @extend_schema(request=CancelSerializer, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a booked call; both get a calendar cancellation."""
        booking = self._booking(pk)
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return _write(
            lambda: services.booking_cancel(booking=booking, reason=reason, actor=_actor(request), by_staff=True),
        )

    @extend_schema(request=RescheduleSerializer, responses={200: BookingSerializer, 409: ConflictSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        """Move a booked call to another free time of the same host; both get the updated invite."""
        booking = self._booking(pk)
        serializer = RescheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        start = serializer.validated_data["start"]
        return _write(
            lambda: services.booking_reschedule(booking=booking, start=start, actor=_actor(request), by_staff=True),
        )


# --- Hand-off from an async round -----------------------------------------------------------------------------------


class HandoffRequestSerializer(serializers.Serializer):
    to_round = serializers.IntegerField(help_text="The sync round of the same study to invite them to.")
    sessions = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=False, max_length=500,
        help_text="Completed sessions of this (async) round, e.g. from its shortlist.",
    )  # fmt: skip


class HandoffInvitedSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    participant = serializers.IntegerField()
    invite_url = serializers.URLField(help_text="The personal booking link, also emailed to the participant.")


class HandoffRefusedSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    reason = serializers.CharField()
    code = serializers.CharField(
        help_text="do_not_contact, no_consent, cooldown, cap, already_invited or already_booked."
    )


class HandoffResponseSerializer(serializers.Serializer):
    invited = HandoffInvitedSerializer(many=True)
    refused = HandoffRefusedSerializer(many=True)


class HandoffView(APIView):
    """Invite the people of completed sessions of this async round to book a sync round of the same study, with
    personal booking links under the contact rules; refusals say why. Send an `Idempotency-Key` header to make
    retries safe (the same key with another body: 422)."""

    @extend_schema(
        request=HandoffRequestSerializer,
        responses={200: HandoffResponseSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        summary="Hand people of an async round to a sync round",
    )
    def post(self, request, pk: int):
        from_round = Round.objects.filter(pk=pk).first()
        if from_round is None:
            raise NotFound()
        serializer = HandoffRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def hand_off() -> tuple[int, dict]:
            try:
                with transaction.atomic():
                    sessions = handoffs.handoff_sessions(from_round=from_round, session_ids=data["sessions"])
                    result = handoffs.handoff_create(
                        from_round=from_round, to_round=Round.objects.filter(pk=data["to_round"]).first(),
                        sessions=sessions, actor=_actor(request),
                    )  # fmt: skip
            except DjangoValidationError as error:
                return status.HTTP_400_BAD_REQUEST, as_drf_error(error).detail
            return status.HTTP_200_OK, {
                "invited": [
                    {"session": s.pk, "participant": invite.participant_id, "invite_url": services.invite_url(invite)}
                    for s, invite in result.invited
                ],
                "refused": [{"session": s.pk, "reason": reason, "code": code} for s, reason, code in result.refused],
            }

        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            code, body = hand_off()
        elif len(key) > 200:
            code, body = 400, {"Idempotency-Key": ["Use at most 200 characters."]}
        else:
            code, body = idempotent(scope=f"handoff:{pk}", key=key, body=request.data, compute=hand_off)
        return Response(body, status=code)


# --- Hosts and their own calendars ----------------------------------------------------------------------------------


class HostCalendarSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="`ics` (a secret iCal address) or `caldav`.")
    url = serializers.CharField(source="display_url", help_text="The address without its secret part.")
    username = serializers.CharField()
    all_day_blocks = serializers.BooleanField()
    last_read_at = serializers.DateTimeField(allow_null=True, help_text="When it was last read fine.")
    last_tried_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(help_text="Why the last read failed (HTTP status, line that cannot be read...).")
    busy_count = serializers.IntegerField(help_text="Busy intervals still ahead.")


class HostCalendarCreateSerializer(serializers.Serializer):
    url = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                help_text="The calendar's secret address in iCal format.")  # fmt: skip
    caldav_url = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    username = serializers.CharField(required=False, allow_blank=True, max_length=200)
    password = serializers.CharField(required=False, allow_blank=True, max_length=500, write_only=True,
                                     help_text="An app password; stored encrypted, never shown again.")  # fmt: skip
    all_day_blocks = serializers.BooleanField(required=False, default=True)


class HostSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id")
    email = serializers.EmailField(source="user.email")
    name = serializers.SerializerMethodField()
    timezone = serializers.CharField()
    meeting_url = serializers.CharField()
    calendars = HostCalendarSerializer(many=True, source="calendar_list")

    def get_name(self, schedule) -> str:
        return schedule.user.get_full_name()


def _member_schedule(request, pk) -> HostSchedule | None:
    """The schedule of a member of this workspace (made on first use); anyone else is not found."""
    if not str(pk).isdigit() or not member_ids([int(pk)]):
        raise NotFound()
    schedule = HostSchedule.objects.select_related("user").filter(user_id=int(pk)).first()
    if schedule is None and request.method not in ("GET", "HEAD", "OPTIONS"):
        schedule = host_schedule_save(user=User.objects.get(pk=int(pk)), actor=_actor(request))
    return schedule


def _check_host_write(request, schedule) -> None:
    """Hosts change their own calendars; owners (and API keys that may write) anyone's."""
    if isinstance(request.auth, ApiKey) or api_role(request) == Role.OWNER:
        return
    if schedule.user_id != request.user.pk:
        raise PermissionDenied("Only the host or an owner changes a host's calendars.")


class HostListView(APIView):
    """Members who host calls (they have hours), with their own calendars: when each was last read, what went
    wrong and how many busy times lie ahead."""

    @extend_schema(responses=HostSerializer(many=True))
    def get(self, request):
        schedules = list(HostSchedule.objects.select_related("user").order_by("user__email"))
        members = member_ids([s.user_id for s in schedules])
        schedules = [s for s in schedules if s.user_id in members]
        by_host: dict[int, list] = {}
        for calendar in host_calendars([s.user_id for s in schedules]):
            by_host.setdefault(calendar.schedule.user_id, []).append(calendar)
        for schedule in schedules:
            schedule.calendar_list = by_host.get(schedule.user_id, [])
        return Response(HostSerializer(schedules, many=True).data)


class HostCalendarsView(APIView):
    """A host's own calendars. POST `{url}` (a secret iCal address) or `{caldav_url, username, password}` connects
    one (read at once in the background); a refused address answers 400 naming the reason."""

    @extend_schema(responses=HostCalendarSerializer(many=True))
    def get(self, request, pk: int):
        schedule = _member_schedule(request, pk)
        found = host_calendars([schedule.user_id]) if schedule else []
        return Response(HostCalendarSerializer(found, many=True).data)

    @extend_schema(request=HostCalendarCreateSerializer, responses={201: HostCalendarSerializer})
    def post(self, request, pk: int):
        schedule = _member_schedule(request, pk)
        _check_host_write(request, schedule)
        serializer = HostCalendarCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            calendar = host_calendar_add(schedule=schedule, actor=_actor(request), **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        created = next(c for c in host_calendars([schedule.user_id]) if c.pk == calendar.pk)
        return Response(HostCalendarSerializer(created).data, status=status.HTTP_201_CREATED)


class HostCalendarDetailView(APIView):
    """One of a host's calendars: DELETE disconnects it (its busy times go); POST `refresh/` reads it now."""

    def _calendar(self, request, pk, calendar_id):
        schedule = _member_schedule(request, pk)
        found = [c for c in host_calendars([schedule.user_id]) if c.pk == calendar_id] if schedule else []
        if not found:
            raise NotFound()
        return schedule, found[0]

    @extend_schema(responses=HostCalendarSerializer)
    def get(self, request, pk: int, calendar_id: int):
        return Response(HostCalendarSerializer(self._calendar(request, pk, calendar_id)[1]).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, calendar_id: int):
        schedule, calendar = self._calendar(request, pk, calendar_id)
        _check_host_write(request, schedule)
        host_calendar_delete(calendar=calendar, actor=_actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class HostCalendarRefreshView(HostCalendarDetailView):
    """Read a host's calendar now (the beat reads each every ten minutes)."""

    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses=HostCalendarSerializer)
    def post(self, request, pk: int, calendar_id: int):
        schedule, calendar = self._calendar(request, pk, calendar_id)
        _check_host_write(request, schedule)
        host_calendar_refresh(calendar=calendar)
        fresh = next(c for c in host_calendars([schedule.user_id]) if c.pk == calendar.pk)
        return Response(HostCalendarSerializer(fresh).data)
