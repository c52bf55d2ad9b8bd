"""A participant's timeline: everything that happened with them, oldest first, each entry linking to where it is.

studies knows the participant's own record (added, consent changes) and the contacts the rules count; the later
apps know the rest (invitations' links, async sessions, hand-offs, calls, quotes, insights, roadmap notices).
studies cannot import them (dependencies point one way), so they register a source in their `AppConfig.ready()`.
A source receives the timeline built so far: it adds entries, and it may complete the contact entries studies made
(`timeline.contacts`, by ContactEvent id) with the link to the interview or call they stand for, instead of adding
the same event twice. Each source runs a fixed number of queries, so the page's budget does not grow with the
person's history.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from studies.models import ChangeSource, ContactEvent, ContactKind, Participant, ParticipantChange


@dataclass
class TimelineEntry:
    when: datetime
    kind: str  # what happened, for a badge and tests: "added", "consent", "invitation", "interview", "quote", ...
    title: str
    url: str = ""  # the exact place: the session, the call, the highlight in its transcript
    channel: str = ""  # "async" or "sync" when it belongs to one kind of interview
    detail: str = ""  # a quote, a reason
    links: list[tuple[str, str]] = field(default_factory=list)  # more places: (label, url)
    notes: list[str] = field(default_factory=list)
    round_id: int | None = None
    transcript_id: int | None = None  # what was said: synthesis adds how much of it is coded
    contact_event_id: int | None = None
    claimed: bool = False  # a source completed this contact entry with the interview it stands for
    order: int = 0  # among entries at the same moment: lower first

    @property
    def upcoming(self) -> bool:
        return self.when > timezone.now()


@dataclass
class Timeline:
    participant: Participant
    entries: list[TimelineEntry] = field(default_factory=list)
    contacts: dict[int, TimelineEntry] = field(default_factory=dict)  # ContactEvent id -> its entry

    def add(self, entry: TimelineEntry) -> TimelineEntry:
        self.entries.append(entry)
        return entry

    def contacts_of(self, *, kind: str, channel: str, round_id: int | None) -> list[TimelineEntry]:
        """The contact entries of one kind and channel in a round, oldest first, not yet claimed by a source."""
        return [
            entry
            for entry in self.contacts.values()
            if entry.kind == kind and entry.channel == channel and entry.round_id == round_id and not entry.claimed
        ]

    def in_order(self) -> list[TimelineEntry]:
        return sorted(self.entries, key=lambda e: (e.when, e.order))


def day(moment: datetime) -> str:
    """A date as the page shows it, in the viewer's zone."""
    return date_format(timezone.localtime(moment), "j M Y")


Source = Callable[[Timeline], None]
_SOURCES: list[Source] = []


def register_timeline_source(source: Source) -> Source:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def _who(change: ParticipantChange) -> str:
    source = change.get_source_display()
    if change.source == ChangeSource.STAFF and change.actor is not None:
        source = change.actor.get_full_name() or change.actor.email
    elif change.actor is not None:
        source += f" by {change.actor.get_full_name() or change.actor.email}"
    return source


def _change_entries(timeline: Timeline, changes: list[ParticipantChange]) -> None:
    participant = timeline.participant
    if not any(change.created for change in changes):
        # Added before the workspace kept these records: the date is known, not how.
        timeline.add(TimelineEntry(when=participant.created_at, kind="added", title="Added to the workspace", order=-1))
    for change in changes:
        if change.created:
            consent = "agreed to be contacted" if change.consent_to_contact else "no consent to be contacted"
            notes = [consent] + (["asked not to be contacted"] if change.do_not_contact else [])
            timeline.add(TimelineEntry(when=change.at, kind="added", title=f"Added by {_who(change)}", notes=notes,
                                       order=-1))  # fmt: skip
            continue
        if change.consent_to_contact is not None:
            title = "Agreed to be contacted" if change.consent_to_contact else "Consent to be contacted withdrawn"
            # After what caused it at the same moment (an opt-in at the end of an interview).
            timeline.add(TimelineEntry(when=change.at, kind="consent", title=f"{title} ({_who(change)})", order=1))
        if change.do_not_contact is not None:
            title = "Asked not to be contacted" if change.do_not_contact else "Do-not-contact lifted"
            timeline.add(TimelineEntry(when=change.at, kind="consent", title=f"{title} ({_who(change)})", order=1))


def _contact_entries(timeline: Timeline, contacts: list[ContactEvent]) -> None:
    for event in contacts:
        channel = event.get_channel_display().lower()
        if event.kind == ContactKind.INVITATION:
            title = f"Invited to the {channel} interview " if event.round else f"Invited to an {channel} interview"
        else:
            title = f"{event.get_channel_display()} interview" + (": " if event.round else "")
        if event.round:
            title += f"{event.round.study.title} · {event.round.purpose}"
        entry = TimelineEntry(
            when=event.occurred_at, kind=event.kind, title=title, channel=event.channel, round_id=event.round_id,
            contact_event_id=event.pk, notes=[event.note] if event.note else [],
            url=reverse("studies:detail", args=[event.round.study_id]) if event.round else "",
        )  # fmt: skip
        timeline.contacts[event.pk] = timeline.add(entry)


def participant_timeline(participant: Participant) -> list[TimelineEntry]:
    """Everything with `participant`, oldest first: their record's own history and the contacts the rules count,
    then what each registered source adds."""
    timeline = Timeline(participant=participant)
    # Both are prefetched by the page's selector (studies.participants.selectors.participant_detail).
    _change_entries(timeline, list(participant.changes.all()))
    _contact_entries(timeline, list(participant.contacts.all()))
    for source in _SOURCES:
        source(timeline)
    return timeline.in_order()


def consent_record(
    participant: Participant, name: str = "consent_to_contact", *, source: str = ""
) -> ParticipantChange | None:
    """The change that set the participant's present `consent_to_contact` (or `do_not_contact`), or their last
    change from `source`: its source and date, from the changes the page already loaded; None when there is none."""
    for change in reversed(list(participant.changes.all())):
        if getattr(change, name) is not None and (not source or change.source == source):
            return change
    return None
