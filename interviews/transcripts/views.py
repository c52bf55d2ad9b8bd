"""A booking's transcript: upload a WebVTT, SRT, SBV or plain-text file after the call, check who is who on a
preview, read what was said.

The section is `interviews/transcripts/_transcript.html`, included by the booking's page (`booking:detail`, which passes
`transcript_context(...)`); this view takes its forms, plain POSTs that work without JavaScript: an upload shows the
preview (each speaker, their lines, a sample and the proposed role, to change), whose confirmation imports; a
refused file's errors show on a page of their own.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from interviews.models import Booking, RecordingStatus, Role
from interviews.transcripts.forms import (
    PREVIEW_MAX_CHARS,
    PreviewConfirmForm,
    RecordingForm,
    SpeakerRolesForm,
    TranscriptUploadForm,
    sign_upload,
)
from interviews.transcripts.recordings import (
    recording_add,
    recording_import,
    recording_retry,
    recording_roles_proposed,
    to_webvtt,
)
from interviews.transcripts.services import transcript_import, transcript_preview, transcript_speakers_set
from interviews.transcripts.speakers import ROLE_LABELS
from studies.pages import add_errors
from workspaces.access import WRITE_RESEARCH, require_role


def booking_for_transcript(pk) -> Booking:
    booking = Booking.objects.select_related("round__study", "participant", "host", "transcript").filter(pk=pk).first()
    if booking is None:
        raise Http404("No such booking in this workspace.")
    return booking


def transcript_context(request: HttpRequest, booking: Booking, form: TranscriptUploadForm | None = None,
                       roles_form: SpeakerRolesForm | None = None) -> dict:  # fmt: skip
    """What `_transcript.html` needs, for any page that includes it: the utterances in one query, the forms."""
    transcript = booking.transcript
    utterances = list(transcript.utterances.all()) if transcript else []
    roles = {}
    for utterance in utterances:
        if utterance.speaker_name:
            roles.setdefault(utterance.speaker_name, utterance.speaker_role)
    return {
        "booking": booking,
        "transcript": transcript,
        "utterances": utterances,
        "speakers": list(roles),
        "roles_form": roles_form or SpeakerRolesForm(speakers=list(roles.items())),
        "has_participant": Role.PARTICIPANT in roles.values(),
        "transcript_form": form or TranscriptUploadForm(),
        "can_write": request.membership.role in WRITE_RESEARCH,
        **recording_context(booking),
    }


def recording_context(booking: Booking, form: RecordingForm | None = None) -> dict:
    """The booking's latest recording and its progress, for `_recording.html` (one query)."""
    recording = booking.recordings.order_by("-created_at").first()
    active = recording is not None and recording.status in (RecordingStatus.QUEUED, RecordingStatus.RUNNING)
    return {"recording": recording, "recording_active": active, "recording_form": form or RecordingForm()}


def _booking_page(booking: Booking) -> str:
    return reverse("booking:detail", args=[booking.pk]) + "#transcript"


def _imported(request, booking: Booking, transcript, note: str = "") -> HttpResponse:
    count = transcript.utterances.count()
    messages.success(request, f"Transcript imported: {count} utterance{'s' if count != 1 else ''}.{note}")
    return redirect(_booking_page(booking))


def _refused(request, booking: Booking, form: TranscriptUploadForm) -> HttpResponse:
    return render(
        request, "interviews/transcripts/transcript.html", transcript_context(request, booking, form), status=400
    )


def booking_transcript(request: HttpRequest, pk: int) -> HttpResponse:
    """POST (owners, researchers): a file shows the preview, `action=confirm` imports it with the roles chosen
    there, `action=speakers` changes the roles of an imported transcript; then back to the booking's page.
    GET: the booking's page."""
    if request.method == "POST":
        require_role(request, WRITE_RESEARCH)
    booking = booking_for_transcript(pk)
    if request.method != "POST":
        return redirect(_booking_page(booking))
    action = request.POST.get("action")
    if action == "speakers" and booking.transcript:
        return _set_speakers(request, booking)
    if action == "confirm":
        return _confirm(request, booking)
    if action in ("recording", "recording-roles"):
        recording = booking.recordings.filter(status=RecordingStatus.DONE).exclude(segments=[]).first()
        if recording is None:
            raise Http404("No transcribed recording.")
        if not recording.diarized:  # who said each segment, in a preview of its own
            return _recording_roles(request, booking, recording, confirm=action == "recording-roles")
    form = TranscriptUploadForm(request.POST, request.FILES)
    if action == "recording":  # with the server's speakers, the same preview as an uploaded file
        vtt = SimpleUploadedFile("recording.vtt", to_webvtt(recording.segments).encode(), "text/vtt")
        form = TranscriptUploadForm({"replace": request.POST.get("replace", "")}, {"file": vtt})
    if not form.is_valid():
        return _refused(request, booking, form)
    upload, data = form.cleaned_data["file"], form.cleaned_data
    content = upload.read()
    try:
        guesses = transcript_preview(
            booking=booking, content=content, filename=upload.name,
            participant_speaker=data["participant_speaker"], replace=data["replace"],
        )  # fmt: skip
        signed = sign_upload(booking_pk=booking.pk, schema=connection.schema_name, filename=upload.name,
                             content=content)  # fmt: skip
        if len(signed) > PREVIEW_MAX_CHARS:  # too big to carry through a form: import, roles change afterwards
            transcript = transcript_import(booking=booking, content=content, filename=upload.name,
                                           participant_speaker=data["participant_speaker"], replace=data["replace"],
                                           actor=request.user)  # fmt: skip
            return _imported(request, booking, transcript, " Check each speaker's role below.")
    except ValidationError as error:
        add_errors(form, error)
        return _refused(request, booking, form)
    confirm = PreviewConfirmForm(initial={"upload": signed, "replace": data["replace"]},
                                 booking_pk=booking.pk, schema=connection.schema_name)  # fmt: skip
    roles_form = SpeakerRolesForm(speakers=[(g.name, g.role) for g in guesses])
    return _preview(request, booking, upload.name, guesses, confirm, roles_form)


def _preview(request, booking, filename, guesses, confirm, roles_form, status=200) -> HttpResponse:
    rows = [(guess, field) for guess, (_, field) in zip(guesses, roles_form.rows(), strict=True)]
    context = {"booking": booking, "filename": filename, "rows": rows, "confirm": confirm, "roles_form": roles_form,
               "lines": sum(guess.lines for guess in guesses)}  # fmt: skip
    return render(request, "interviews/transcripts/preview.html", context, status=status)


def _confirm(request, booking: Booking) -> HttpResponse:
    confirm = PreviewConfirmForm(request.POST, booking_pk=booking.pk, schema=connection.schema_name)
    if not confirm.is_valid():
        for error in confirm.errors.get("upload", ["Upload the file again."]):
            messages.error(request, error)
        return _refused(request, booking, TranscriptUploadForm())
    filename, content = confirm.cleaned_data["upload"]
    replace = confirm.cleaned_data["replace"]
    try:
        guesses = transcript_preview(booking=booking, content=content, filename=filename, replace=replace)
    except ValidationError as error:  # the booking changed since the preview (a transcript imported meanwhile)
        for message in error.messages:
            messages.error(request, message)
        return _refused(request, booking, TranscriptUploadForm())
    roles_form = SpeakerRolesForm(request.POST, speakers=[(g.name, g.role) for g in guesses])
    if roles_form.is_valid():
        try:
            transcript = transcript_import(
                booking=booking, content=content, filename=filename, speakers=roles_form.mapping(), replace=replace,
                actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_errors(roles_form, error)
        else:
            return _imported(request, booking, transcript)
    return _preview(request, booking, filename, guesses, confirm, roles_form, status=400)


def _recording_roles(request, booking: Booking, recording, *, confirm: bool) -> HttpResponse:
    """The segments of a recording whose server did not say who spoke, each with a proposed role to change; its
    confirmation imports them with the roles chosen."""
    replace = request.POST.get("replace") == "on"
    roles, status, error = recording_roles_proposed(recording), 200, ""
    if confirm:
        chosen = request.POST.getlist("role")
        try:
            transcript = recording_import(recording=recording, roles=chosen, replace=replace, actor=request.user)
        except ValidationError as refused:
            roles = chosen if len(chosen) == len(roles) else roles
            status, error = 400, " ".join(refused.messages)
        else:
            return _imported(request, booking, transcript)
    rows = [(index, item, role) for index, (item, role) in enumerate(zip(recording.segments, roles, strict=True))]
    context = {"booking": booking, "recording": recording, "rows": rows, "replace": replace, "error": error,
               "roles": list(ROLE_LABELS.items())}  # fmt: skip
    return render(request, "interviews/transcripts/recording_preview.html", context, status=status)


def _set_speakers(request, booking: Booking) -> HttpResponse:
    context = transcript_context(request, booking)
    roles_form = SpeakerRolesForm(request.POST, speakers=[(name, "") for name in context["speakers"]])
    if roles_form.is_valid():
        try:
            transcript_speakers_set(transcript=booking.transcript, speakers=roles_form.mapping(), actor=request.user)
        except ValidationError as error:
            add_errors(roles_form, error)
        else:
            messages.success(request, "Saved who is who.")
            return redirect(_booking_page(booking))
    messages.error(request, "Choose a role for every speaker.")
    context = transcript_context(request, booking, roles_form=roles_form)
    return render(request, "interviews/transcripts/transcript.html", context, status=400)


def booking_recording(request: HttpRequest, pk: int) -> HttpResponse:
    """POST (owners, researchers): keep the call's recording (a file or its address) and start transcribing it, or
    `action=retry` a failed transcription. GET: the recording's progress section (htmx polls it), else the page."""
    if request.method == "POST":
        require_role(request, WRITE_RESEARCH)
    booking = booking_for_transcript(pk)
    page = reverse("booking:detail", args=[booking.pk]) + "#recording"
    if request.method != "POST":
        if request.htmx:
            context = {"booking": booking, "can_write": request.membership.role in WRITE_RESEARCH,
                       **recording_context(booking)}  # fmt: skip
            return render(request, "interviews/transcripts/_recording.html", context)
        return redirect(page)
    if request.POST.get("action") == "retry":
        recording = booking.recordings.filter(pk=request.POST.get("recording") or 0).first()
        if recording is None:
            raise Http404("No such recording.")
        try:
            recording_retry(recording=recording, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(page)
    form = RecordingForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            recording_add(booking=booking, upload=form.cleaned_data["file"], url=form.cleaned_data["url"],
                          actor=request.user)  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Recording kept: it is being transcribed. This page shows the progress.")
            return redirect(page)
    context = {**transcript_context(request, booking), **recording_context(booking, form)}
    return render(request, "interviews/transcripts/transcript.html", context, status=400)
