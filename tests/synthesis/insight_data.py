"""Transcripts, highlights and insights made through the ORM for the insight, chart and export tests."""

from datetime import timedelta

from django.utils import timezone

from interviews.models import Transcript, Utterance
from synthesis.coding import services as coding
from synthesis.models import Highlight, Tag
from tests.studies.factories import ParticipantFactory, RoundFactory

T0 = timezone.now().replace(microsecond=0) - timedelta(days=30)


def interview(*texts: str, kind: str = "async", round_=None, participant=None, days: int = 0, title: str = ""):
    """A transcript of `texts` spoken by the participant (interviewer lines in between), `days` after T0."""
    round_ = round_ or RoundFactory(kind=kind)
    participant = participant or ParticipantFactory()
    transcript = Transcript.objects.create(
        kind=kind, round=round_, participant=participant, title=title or f"Interview with {participant.name}",
        occurred_at=T0 + timedelta(days=days),
    )  # fmt: skip
    Utterance.objects.bulk_create(
        Utterance(
            transcript=transcript, order=i, text=text, speaker_role="participant", speaker_name=participant.name,
            start_ms=(i * 30_000 if kind == "sync" else None),
        )
        for i, text in enumerate(texts, start=1)
    )  # fmt: skip
    return transcript


def quote(transcript: Transcript, words: str, *, tags=(), pain=None, pain_ai=None, actor=None) -> Highlight:
    """Highlight `words` in the first of the transcript's utterances that contains them."""
    for utterance in transcript.utterances.order_by("order"):
        if words in utterance.text:
            start, end = coding.span_of_quote(utterance.text, words)
            highlight = coding.highlight_create(
                utterance=utterance, start=start, end=end, actor=actor, tags=tags, pain=pain
            )
            if pain_ai is not None:
                Highlight.objects.filter(pk=highlight.pk).update(pain_ai=pain_ai, pain_ai_reason="Sounds costly.")
                highlight.pain_ai = pain_ai
            return highlight
    raise AssertionError(f"{words!r} is not in {transcript}")


def tag(path: str) -> Tag:
    return coding.tag_for_label(label=path, actor=None)


def export_world():
    """Three interviews (two async, one sync) with coded, scored quotes and two insights; returns a namespace."""
    from types import SimpleNamespace

    from synthesis.insights import services as insights
    from tests.studies.factories import StudyFactory

    study = StudyFactory(title="Churn")
    wide = RoundFactory(study=study, kind="async", order=1, purpose="Wide net")
    calls = RoundFactory(study=study, kind="sync", order=2, purpose="Deep dives")
    ana = ParticipantFactory(name="Ana Example", email="ana@example.com", attributes={"segment": "smb", "plan": "pro"})
    bo = ParticipantFactory(name="Bo Example", email="bo@example.com", attributes={"segment": "enterprise"})
    cy = ParticipantFactory(name="Cy Example", email="cy@example.com", attributes={"segment": "smb"})
    a = interview("Export takes forever. I gave up twice.", round_=wide, participant=ana, days=1)
    c = interview("=SUM(A1) is what I type to total invoices.", round_=wide, participant=cy, days=2)
    b = interview("We pay someone to clean the export.", kind="sync", round_=calls, participant=bo, days=3)
    quotes = [
        quote(a, "Export takes forever.", tags=["Export > Speed"], pain=3),
        quote(a, "I gave up twice.", tags=["Churn risk"], pain_ai=5),
        quote(b, "We pay someone to clean the export.", tags=["Export > Cleanup", "Churn risk"], pain=4, pain_ai=2),
        quote(c, "=SUM(A1) is what I type", tags=["Invoices"]),
    ]
    published = insights.insight_create(
        statement="Exporting costs teams real time.", highlights=quotes[:3], actor=None, status="published"
    )
    draft = insights.insight_create(statement="Invoices live in spreadsheets.", highlights=quotes[3:], actor=None)
    return SimpleNamespace(
        study=study, wide=wide, calls=calls, people=(ana, bo, cy), transcripts=(a, b, c), quotes=quotes,
        published=published, draft=draft,
    )  # fmt: skip
