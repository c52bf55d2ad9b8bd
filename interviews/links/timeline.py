"""The participant's timeline (studies.participants.registry), async side: their personal links' invitations and
reminders, each session they started and completed with its transcript, and their opt-in to a follow-up call.
Two queries."""

from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.urls import reverse

from interviews.models import InterviewLink, LinkKind, MessageKind, Session, SessionStatus
from studies.models import ContactKind, RoundKind
from studies.participants.registry import Timeline, TimelineEntry, day


def _where(round_) -> str:
    return f"{round_.study.title} · {round_.purpose}"


def async_timeline(timeline: Timeline) -> None:
    participant = timeline.participant
    sessions = list(
        Session.objects.filter(participant=participant)
        .select_related("round__study", "transcript", "link")
        .annotate(
            probe_count=Count("messages", filter=Q(messages__kind=MessageKind.PROBE)),
            answer_count=Count("messages", filter=Q(messages__kind=MessageKind.ANSWER)),
        )
        .order_by("started_at", "pk")
    )
    links = InterviewLink.objects.filter(participant=participant, kind=LinkKind.PERSONAL).select_related("round__study")
    session_of_round = {s.round_id: s for s in sessions}
    for link in links.order_by("created_at"):
        session = session_of_round.get(link.round_id)
        # Where an invitation leads: the interview they took, else the round's interviews page.
        url = (
            reverse("interviews:session", args=[session.pk])
            if session
            else reverse("interviews:round", args=[link.round_id])
        )
        for entry in timeline.contacts_of(kind=ContactKind.INVITATION, channel=RoundKind.ASYNC, round_id=link.round_id):
            entry.url, entry.claimed = url, True
            entry.notes.append("took it" if session else "not started")
        if link.reminded_at:
            timeline.add(TimelineEntry(
                when=link.reminded_at, kind="reminder", channel=RoundKind.ASYNC, url=url, round_id=link.round_id,
                title=f"Reminded of the async interview {_where(link.round)}",
            ))  # fmt: skip

    for s in sessions:
        url = reverse("interviews:session", args=[s.pk])
        transcript = getattr(s, "transcript", None)
        links = [("Transcript", reverse("coding:transcript", args=[transcript.pk]))] if transcript else []
        started = "Started" if s.link.kind == LinkKind.PERSONAL else "Started (open link)"
        notes = [f"agreed to its terms on {day(s.consented_at)}"] if s.consented_at else []
        if s.status != SessionStatus.COMPLETED:
            notes.append(f"not finished; last active on {day(s.last_activity_at)}")
        timeline.add(TimelineEntry(
            when=s.started_at, kind="session", channel=RoundKind.ASYNC, url=url, round_id=s.round_id,
            title=f"{started} the async interview {_where(s.round)}", notes=notes, order=-1,
        ))  # fmt: skip
        if s.status == SessionStatus.COMPLETED:
            counts = [f"{s.answer_count} answer{pluralize(s.answer_count)}",
                      f"{s.probe_count} probe{pluralize(s.probe_count)}"]  # fmt: skip
            done = timeline.contacts_of(kind=ContactKind.INTERVIEW, channel=RoundKind.ASYNC, round_id=s.round_id)
            if done:  # the interview the contact rules count: it now says which session it was
                entry = done[0]
                entry.title, entry.url, entry.claimed = f"Completed the async interview {_where(s.round)}", url, True
                entry.notes, entry.links = counts, links
                entry.transcript_id = transcript.pk if transcript else None
            else:
                timeline.add(TimelineEntry(
                    when=s.completed_at, kind="interview", channel=RoundKind.ASYNC, url=url, round_id=s.round_id,
                    title=f"Completed the async interview {_where(s.round)}", notes=counts, links=links,
                    transcript_id=transcript.pk if transcript else None,
                ))  # fmt: skip
        if s.followup_opt_in_at:
            timeline.add(TimelineEntry(
                when=s.followup_opt_in_at, kind="opt_in", channel=RoundKind.ASYNC, url=url, round_id=s.round_id,
                title="Opted in to a follow-up call", notes=[f"after the async interview {_where(s.round)}"],
            ))  # fmt: skip
