"""The demo's synthesis: a codebook, coded highlights (people's and the AI's pain) on async and sync transcripts,
three insights quoting both kinds; running the seed again changes nothing."""

import io

from django.core.management import call_command
from django_tenants.utils import schema_context

from demo.synthesis import CODES, seed_synthesis
from synthesis.models import Highlight, Insight, Tag


def _snapshot():
    return (
        sorted(Tag.objects.values_list("name", "parent__name", "colour")),
        sorted(Highlight.objects.values_list("utterance_id", "start", "end", "pain", "pain_ai")),
        sorted((i.statement, i.status, tuple(sorted(i.highlights.values_list("pk", flat=True))))
               for i in Insight.objects.all()),
    )  # fmt: skip


def test_the_demo_codes_sync_and_async_interviews_and_writes_three_insights(world):
    call_command("seed_demo", stdout=io.StringIO())
    with schema_context(world.acme.schema_name):
        first = _snapshot()
        assert Tag.objects.filter(parent=None).count() == 4 and Tag.objects.filter(parent__isnull=False).count() == 15
        assert all(Tag.objects.exclude(description="").filter(pk=t.pk).exists() for t in Tag.objects.all())
        highlights = Highlight.objects.all()
        assert highlights.filter(transcript__kind="async").count() >= 20
        assert (
            highlights.filter(transcript__kind="sync").count()
            == sum(1 for words, *_ in CODES if highlights.filter(transcript__kind="sync", text=words).exists())
            >= 10
        )
        for h in highlights:  # exact spans
            assert h.utterance.text[h.start : h.end] == h.text
        assert (
            highlights.filter(pain__isnull=False).exists()
            and highlights.filter(pain__isnull=True, pain_ai__isnull=False).exists()
        )
        assert not highlights.filter(pain_ai__isnull=False, pain_ai_reason="").exists()
        insights = list(Insight.objects.all())
        assert len(insights) == 3 and {i.status for i in insights} == {"draft", "published"}
        for insight in insights:
            kinds = set(insight.highlights.values_list("transcript__kind", flat=True))
            assert kinds == {"sync", "async"}, insight.statement
        seed_synthesis(actor=None)
    call_command("seed_demo", stdout=io.StringIO())
    with schema_context(world.acme.schema_name):
        assert _snapshot() == first
