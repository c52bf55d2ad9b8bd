"""A small, realistic codebook and transcripts for the synthesis job tests (ORM calls in the current schema)."""

from dataclasses import dataclass

from django.utils import timezone

from interviews.models import Transcript, Utterance
from studies.models import Round
from synthesis.codebook import services as codebook
from synthesis.coding import services as coding
from synthesis.models import Tag
from tests.studies.factories import ParticipantFactory, RoundFactory

CODED = [  # (participant's words, tag) already coded by a researcher
    ("Exporting the monthly report to Excel takes forever.", "Export"),
    ("I need a CSV export of every invoice for our accountant.", "Export"),
    ("The export drops the custom columns, so I fix the spreadsheet by hand.", "Export"),
    ("Inviting my team during setup was confusing.", "Onboarding"),
    ("The onboarding checklist never told me how to connect our calendar.", "Onboarding"),
    ("Per-seat pricing gets expensive as soon as we add interns.", "Pricing"),
    ("I could not tell which plan includes single sign-on.", "Pricing"),
]
EXPORT_ANSWER = "Every Friday I export the pipeline report to Excel by hand, and it takes me two hours."
UNRELATED_ANSWER = "My dog loves the park near our office."
PRICING_ANSWER = "We are thinking of cancelling because the price per seat doubled this year."


@dataclass
class JobsWorld:
    round: Round
    tags: dict[str, Tag]
    export: Utterance
    unrelated: Utterance
    pricing: Utterance


def transcript(round_: Round, answers: list[str], *, title: str = "Interview", kind: str | None = None) -> Transcript:
    """A transcript where the interviewer asks before each of the participant's `answers`."""
    t = Transcript.objects.create(
        kind=kind or round_.kind, round=round_, participant=ParticipantFactory(), title=title,
        occurred_at=timezone.now(),
    )  # fmt: skip
    rows = []
    for i, answer in enumerate(answers):
        rows.append(
            Utterance(transcript=t, order=2 * i + 1, speaker_role="interviewer", text="Tell me more about that.")
        )
        rows.append(Utterance(transcript=t, order=2 * i + 2, speaker_role="participant", text=answer))
    Utterance.objects.bulk_create(rows)
    return t


def build(actor, round_: Round | None = None) -> JobsWorld:
    """Three tags with descriptions, quotes coded with them, and a new interview with three uncoded answers."""
    round_ = round_ or RoundFactory(kind="sync")
    descriptions = {
        "Export": "Getting data out: CSV, Excel, reports.",
        "Onboarding": "Setting up the account and inviting the team.",
        "Pricing": "Plans, seats, what it costs.",
    }
    tags = {
        name: Tag.objects.filter(name=name, parent=None).first()
        or codebook.tag_create(name=name, description=description, actor=actor)
        for name, description in descriptions.items()
    }
    coded = transcript(round_, [text for text, _ in CODED], title="Coded interview")
    answers = coded.utterances.filter(speaker_role="participant").order_by("order")
    for utterance, (text, tag) in zip(answers, CODED, strict=True):
        coding.highlight_create(utterance=utterance, start=0, end=len(text), tags=[tags[tag]], actor=actor)
    fresh = transcript(round_, [EXPORT_ANSWER, UNRELATED_ANSWER, PRICING_ANSWER], title="New interview")
    answers = list(fresh.utterances.filter(speaker_role="participant").order_by("order"))
    return JobsWorld(round=round_, tags=tags, export=answers[0], unrelated=answers[1], pricing=answers[2])
