"""A booking's transcript: upload a WebVTT, SRT or plain-text file after the call, read what was said.

The section is `interviews/transcripts/_transcript.html`, included by the booking's page (`booking:detail`, which passes
`transcript_context(...)`); this view takes its forms, plain POSTs that work without JavaScript, and shows a refused
file's errors on a page of its own.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from interviews.models import Booking, Role
from interviews.transcripts.forms import ParticipantSpeakerForm, TranscriptUploadForm
from interviews.transcripts.services import transcript_import, transcript_participant_set
from studies.pages import add_errors
from workspaces.access import WRITE_RESEARCH, require_role


def booking_for_transcript(pk) -> Booking:
    booking = Booking.objects.select_related("round__study", "participant", "host", "transcript").filter(pk=pk).first()
    if booking is None:
        raise Http404("No such booking in this workspace.")
    return booking


def transcript_context(request: HttpRequest, booking: Booking, form: TranscriptUploadForm | None = None) -> dict:
    """What `_transcript.html` needs, for any page that includes it: the utterances in one query, the form."""
    transcript = booking.transcript
    utterances = list(transcript.utterances.all()) if transcript else []
    participant = next((u.speaker_name for u in utterances if u.speaker_role == Role.PARTICIPANT), "")
    return {
        "booking": booking,
        "transcript": transcript,
        "utterances": utterances,
        "speakers": list(dict.fromkeys(u.speaker_name for u in utterances if u.speaker_name)),
        "participant_speaker": participant,
        "transcript_form": form or TranscriptUploadForm(),
        "can_write": request.membership.role in WRITE_RESEARCH,
    }


def _booking_page(booking: Booking) -> str:
    return reverse("booking:detail", args=[booking.pk]) + "#transcript"


def booking_transcript(request: HttpRequest, pk: int) -> HttpResponse:
    """POST (owners, researchers): import a file, or say which speaker is the participant (`action=speakers`);
    then back to the booking's page. A refused file is shown here with its errors. GET: the booking's page."""
    if request.method == "POST":
        require_role(request, WRITE_RESEARCH)
    booking = booking_for_transcript(pk)
    if request.method != "POST":
        return redirect(_booking_page(booking))
    if request.POST.get("action") == "speakers" and booking.transcript:
        speakers = booking.transcript.utterances.exclude(speaker_name="").values_list("speaker_name", flat=True)
        choice = ParticipantSpeakerForm(request.POST, speakers=set(speakers))
        if choice.is_valid():
            transcript_participant_set(transcript=booking.transcript, speaker=choice.cleaned_data["speaker"],
                                       actor=request.user)  # fmt: skip
            messages.success(request, f"{choice.cleaned_data['speaker']} is the participant.")
            return redirect(_booking_page(booking))
        messages.error(request, "Choose one of the transcript's speakers.")
        return render(
            request, "interviews/transcripts/transcript.html", transcript_context(request, booking), status=400
        )
    form = TranscriptUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            transcript = transcript_import(
                booking=booking, content=upload.read(), filename=upload.name,
                participant_speaker=form.cleaned_data["participant_speaker"],
                replace=form.cleaned_data["replace"], actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            count = transcript.utterances.count()
            messages.success(request, f"Transcript imported: {count} utterance{'s' if count != 1 else ''}.")
            return redirect(_booking_page(booking))
    return render(
        request, "interviews/transcripts/transcript.html", transcript_context(request, booking, form), status=400
    )
