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
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.booking import handoffs, ics, selectors, services
from interviews.booking.slots import available_slots
from interviews.idempotency import idempotent
from interviews.models import BookingRules, BookingStatus
from studies.models import Round, RoundKind, timezone_names
from workspaces.api import as_drf_error

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
