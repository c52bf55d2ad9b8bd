"""`GET /api/v1/bookings/{id}/brief/`: the host's brief for a call, generated on first request.

Every member reads it (viewer keys too); another workspace's key gets 404. Each statement carries
`{text, citation: {message, quote}}`: the session's answer it comes from and words that occur in it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from synthesis.briefs import selectors, services


class BriefSerializer(serializers.Serializer):
    booking = serializers.IntegerField()
    start = serializers.DateTimeField(help_text="When the call starts (UTC).")
    end = serializers.DateTimeField()
    room = serializers.CharField(
        allow_blank=True, help_text="Where the call happens: its own video room when the round makes one per call."
    )
    session = serializers.IntegerField(help_text="The async interview the brief comes from.")
    participant = serializers.IntegerField()
    backend = serializers.CharField(help_text="offline or openai.")
    model = serializers.CharField(allow_blank=True)
    dropped = serializers.IntegerField(help_text="Generated statements dropped for a missing or invalid citation.")
    stale = serializers.BooleanField(help_text="The interview's highlights changed after the brief was made.")
    fallback = serializers.CharField(allow_blank=True, help_text="Why the model was not used, when it failed.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    sections = serializers.JSONField(
        help_text="who (attributes, contacts, earlier calls), said (questions with the probes and answers), "
        "highlights, themes, threads and guide (the call's questions with follow-ups and their lint codes)."
    )


def brief_body(page: selectors.BriefPage) -> dict:
    brief, booking = page.brief, page.booking
    participant = booking.participant
    content = brief.content
    who = {
        "name": participant.name,
        "attributes": participant.attributes,
        "contacts": [
            {"occurred_at": c.occurred_at, "kind": c.kind, "channel": c.channel, "round": c.round_id, "note": c.note}
            for c in page.contacts
        ],
        "calls": [
            {"booking": b.pk, "start": b.start, "status": b.status, "round": b.round_id, "transcript": b.transcript_id}
            for b in page.calls
        ],
    }
    sections = {
        "who": who,
        **{key: content.get(key, []) for key in ("said", "highlights", "themes", "threads", "guide")},
    }
    return {
        "booking": booking.pk, "start": booking.start, "end": booking.end, "room": booking.location,
        "session": brief.session_id, "participant": participant.pk, "backend": brief.backend,
        "model": brief.model, "dropped": brief.dropped, "stale": page.stale, "fallback": content.get("fallback", ""),
        "created_at": brief.created_at, "updated_at": brief.updated_at, "sections": sections,
    }  # fmt: skip


class BookingBriefView(APIView):
    """The booking's brief (generated now if it has none yet); 404 when its participant took no async interview."""

    @extend_schema(responses={200: BriefSerializer}, parameters=[], request=None)
    def get(self, request, pk: int):
        booking = selectors.booking_for_brief(pk)
        if booking is None:
            raise NotFound("No such booking in this workspace.")
        try:
            actor = request.user if getattr(request.user, "pk", None) else None
            brief = services.brief_get_or_generate(booking=booking, actor=actor)
        except services.NoAsyncInterview:
            raise NotFound("This booking's participant took no async interview: there is no brief.") from None
        return Response(BriefSerializer(brief_body(selectors.brief_page(booking, brief))).data)
