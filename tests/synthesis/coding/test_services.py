"""Coding services and selectors: exact spans (in code points), overlaps, tags created inline, pain, agreement."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.models import Transcript, Utterance
from synthesis.coding import services as coding
from synthesis.coding.agreement import weighted_kappa
from synthesis.models import Highlight, Tag
from tests.studies.factories import ParticipantFactory, RoundFactory

MENU = "Das Menü ist 🙂 zu langsam"


def make_transcript(*texts: str, kind: str = "sync", round_=None, participant=None, title="Interview with Ana"):
    """A transcript of `texts` (interviewer and participant taking turns), through the ORM, in the current schema."""
    round_ = round_ or RoundFactory(kind=kind)
    transcript = Transcript.objects.create(
        kind=kind, round=round_, participant=participant or ParticipantFactory(name="Ana"), title=title,
        occurred_at=timezone.now(),
    )  # fmt: skip
    Utterance.objects.bulk_create(
        Utterance(
            transcript=transcript,
            order=i,
            text=text,
            speaker_role="participant" if i % 2 else "interviewer",
            speaker_name="Ana" if i % 2 else "Sam",
            start_ms=(i * 61_000 if kind == "sync" else None),
        )
        for i, text in enumerate(texts or [MENU], start=1)
    )
    return transcript


@pytest.fixture
def acme(world):
    """Run the test body's ORM calls in acme's schema."""
    with schema_context(world.acme.schema_name):
        yield world.acme


def first_utterance(transcript) -> Utterance:
    return transcript.utterances.order_by("order").first()


@pytest.fixture
def menu(acme):
    return first_utterance(make_transcript(MENU))


def test_spans_count_code_points_not_utf16_units(menu, world):
    # In UTF-16 "🙂" is two units, so the browser sees "zu" at 16; Python (and the stored offsets) at 15.
    start = MENU.index("zu langsam")
    assert (start, len(MENU)) == (15, 25)
    highlight = coding.highlight_create(utterance=menu, start=start, end=len(MENU), actor=world.researcher)
    assert highlight.text == "zu langsam"
    smiley = coding.highlight_create(utterance=menu, start=13, end=14, actor=None)
    assert smiley.text == "🙂"
    accent = coding.highlight_create(utterance=menu, start=4, end=8, actor=None)
    assert accent.text == "Menü"


def test_a_highlight_records_where_it_comes_from(acme, world):
    participant = ParticipantFactory(name="Bo")
    transcript = make_transcript("Export takes forever.", participant=participant)
    highlight = coding.highlight_create(
        utterance=first_utterance(transcript), start=0, end=6, actor=world.researcher, tags=["Export"], pain=3
    )
    highlight.refresh_from_db()
    assert (highlight.transcript_id, highlight.participant_id) == (transcript.pk, participant.pk)
    assert (highlight.round_id, highlight.study_id) == (transcript.round_id, transcript.round.study_id)
    assert highlight.author_id == world.researcher.pk and highlight.pain == 3
    assert [t.name for t in highlight.tags.all()] == ["Export"]


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (0, 26, "end", "beyond the utterance: it has 25 characters"),
        (5, 5, "end", "must come after the start"),
        (9, 4, "end", "must come after the start"),
        (-1, 3, "start", "cannot be before"),
        ("1", 3, "start", "whole number"),
    ],
)
def test_bad_spans_are_refused_with_field_messages(menu, start, end, field, message):
    with pytest.raises(ValidationError) as caught:
        coding.highlight_create(utterance=menu, start=start, end=end, actor=None)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Highlight.objects.exists()


SAID = "Nobody has time for the export, don't ask me — it's a half-baked e-mail tool."


@pytest.mark.parametrize(
    ("selected", "quoted"),
    [
        ("Nobody ha", "Nobody has"),  # the selection stopped inside a word
        ("obody has", "Nobody has"),  # and began inside one
        (" time for ", "time for"),  # a sloppy drag's spaces are left out
        ("don", "don't"),  # an apostrophe inside a word joins it
        ("alf-ba", "half-baked"),  # so does a hyphen
        ("e-mail tool.", "e-mail tool."),  # punctuation at the edge stays as selected
        ("export, ", "export,"),
        ("me — it", "me — it's"),
    ],
)
def test_a_selection_snaps_to_whole_words(acme, selected, quoted):
    utterance = first_utterance(make_transcript(SAID))
    start = SAID.index(selected)
    highlight = coding.highlight_create(utterance=utterance, start=start, end=start + len(selected), actor=None)
    assert highlight.text == quoted
    assert SAID[highlight.start : highlight.end] == quoted  # the stored span says the same words


def test_a_selection_of_white_space_alone_is_refused(acme):
    utterance = first_utterance(make_transcript(SAID))
    with pytest.raises(ValidationError) as caught:
        coding.highlight_create(utterance=utterance, start=6, end=7, actor=None)
    assert "at least one word" in " ".join(caught.value.message_dict["end"])
    assert coding.snap_to_words("Das Menü ist", 5, 6) == (4, 8)  # letters beyond ASCII are letters too


def test_highlights_may_overlap_and_render_as_flat_segments(menu):
    # "Das Menü ist 🙂 zu langsam": a = "Menü ist" [4, 12), b = "ist 🙂 zu" [9, 17).
    a = coding.highlight_create(utterance=menu, start=4, end=12, actor=None)
    b = coding.highlight_create(utterance=menu, start=9, end=17, actor=None)
    segments = coding.utterance_segments(menu.text, [a, b])
    assert [(s.start, s.text, s.highlight_ids) for s in segments] == [
        (0, "Das ", ()),
        (4, "Menü ", (a.pk,)),
        (9, "ist", (a.pk, b.pk)),
        (12, " 🙂 zu", (b.pk,)),
        (17, " langsam", ()),
    ]
    assert "".join(s.text for s in segments) == MENU
    # Each highlight is exactly the segments that list it.
    for h in (a, b):
        assert "".join(s.text for s in segments if h.pk in s.highlight_ids) == h.text == MENU[h.start : h.end]


def test_segments_of_nested_and_identical_highlights(menu):
    outer = coding.highlight_create(utterance=menu, start=0, end=len(MENU), actor=None)
    inner = coding.highlight_create(utterance=menu, start=4, end=8, actor=None)
    twin = coding.highlight_create(utterance=menu, start=4, end=8, actor=None)
    segments = coding.utterance_segments(menu.text, [outer, inner, twin])
    assert [(s.text, s.depth) for s in segments] == [("Das ", 1), ("Menü", 3), (" ist 🙂 zu langsam", 1)]


def test_carriage_returns_survive_html_parsing():
    # An HTML parser would read "\r\n" as "\n" and shift every later offset by one.
    (segment,) = coding.utterance_segments("a\r\nb <i>", [])
    assert segment.html == "a&#13;\nb &lt;i&gt;"


def test_tags_are_created_inline_and_reused_ignoring_case(acme):
    export = coding.tag_for_label(label="  Export ", actor=None)
    assert export.name == "Export" and export.parent is None
    assert coding.tag_for_label(label="export", actor=None) == export
    nested = coding.tag_for_label(label="Pain > Slow  search", actor=None)
    assert (nested.name, nested.parent.name) == ("Slow search", "Pain")
    assert coding.tag_for_label(label="slow search", actor=None) == nested  # the one tag of that name
    assert coding.tag_paths()[nested.pk] == "Pain > Slow search"
    assert coding.tag_choices() == ["Export", "Pain", "Pain > Slow search"]
    assert coding.tag_get_or_create(name="Slow search", parent=nested.parent, actor=None) == nested
    assert Tag.objects.count() == 3


def test_an_ambiguous_or_empty_tag_name_is_refused(acme):
    coding.tag_for_label(label="Pain > Other", actor=None)
    coding.tag_for_label(label="Delight > Other", actor=None)
    with pytest.raises(ValidationError, match="Several tags are called"):
        coding.tag_for_label(label="other", actor=None)
    with pytest.raises(ValidationError, match="Give the tag a name"):
        coding.tag_for_label(label="   ", actor=None)


def test_tag_untag_pain_update_and_delete(menu):
    highlight = coding.highlight_create(utterance=menu, start=0, end=3, actor=None)
    slow = coding.tag_get_or_create(name="Slow", actor=None)
    coding.highlight_tag(highlight=highlight, tag=slow, actor=None)
    coding.highlight_tag(highlight=highlight, tag=slow, actor=None)  # twice is once
    assert list(highlight.tags.all()) == [slow]
    coding.highlight_untag(highlight=highlight, tag=slow, actor=None)
    assert not highlight.tags.exists()
    coding.highlight_set_pain(highlight=highlight, pain=5, actor=None)
    highlight.refresh_from_db()
    assert highlight.pain == 5
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationError) as caught:
            coding.highlight_set_pain(highlight=highlight, pain=bad, actor=None)
        assert "pain" in caught.value.message_dict
    coding.highlight_set_pain(highlight=highlight, pain=None, actor=None)
    coding.highlight_update(highlight=highlight, actor=None, note=" why ", tags=["A", "B"])
    highlight.refresh_from_db()
    assert highlight.pain is None and highlight.note == "why"
    assert sorted(t.name for t in highlight.tags.all()) == ["A", "B"]
    with pytest.raises(ValidationError):
        coding.highlight_update(highlight=highlight, actor=None, start=2)
    coding.highlight_delete(highlight=highlight, actor=None)
    assert not Highlight.objects.exists() and Tag.objects.filter(name="A").exists()


def test_transcripts_list_counts_and_filters(acme):
    sync = make_transcript("One.", "Two.", "Three.", kind="sync")
    other = make_transcript("Only.", kind="async")
    for utterance in sync.utterances.all()[:2]:
        coding.highlight_create(utterance=utterance, start=0, end=3, actor=None)
        coding.highlight_create(utterance=utterance, start=1, end=3, actor=None)
    rows = {t.pk: t for t in coding.transcripts_list()}
    assert (rows[sync.pk].utterance_count, rows[sync.pk].highlight_count) == (3, 4)
    assert (rows[other.pk].utterance_count, rows[other.pk].highlight_count) == (1, 0)
    assert [t.pk for t in coding.transcripts_list(kind="async")] == [other.pk]
    assert [t.pk for t in coding.transcripts_list(round=sync.round_id)] == [sync.pk]
    assert [t.pk for t in coding.transcripts_list(study=other.round.study_id)] == [other.pk]


def test_transcript_detail_reads_everything_in_five_queries(acme):
    transcript = make_transcript("One sentence here.", "Another sentence there.")
    for utterance in transcript.utterances.all():
        coding.highlight_create(utterance=utterance, start=0, end=3, actor=None, tags=["X", "Y"])
    with CaptureQueriesContext(connection) as queries:
        detail = coding.transcript_detail(transcript.pk)
        highlights = [h for u in detail.utterances.all() for h in u.highlights.all()]
        assert [sorted(t.name for t in h.tags.all()) for h in highlights] == [["X", "Y"], ["X", "Y"]]
        assert detail.round.study.title and detail.participant.name
        assert [list(h.insights.all()) for h in highlights] == [[], []]
    # django-tenants sets the search path before each query: count the SELECTs.
    assert [q["sql"].split()[0] for q in queries if not q["sql"].startswith("SET ")] == ["SELECT"] * 5


def test_highlights_list_filters_by_tag_with_its_children(acme):
    transcript = make_transcript("Search is slow and export breaks.")
    utterance = first_utterance(transcript)
    slow = coding.highlight_create(utterance=utterance, start=0, end=14, actor=None, tags=["Pain > Slow"])
    breaks = coding.highlight_create(utterance=utterance, start=19, end=32, actor=None, tags=["Pain"])
    coding.highlight_create(utterance=utterance, start=0, end=6, actor=None, tags=["Delight"])
    pain = Tag.objects.get(name="Pain", parent=None)
    assert {h.pk for h in coding.highlights_list(tag=pain.pk)} == {slow.pk, breaks.pk}
    assert [h.pk for h in coding.highlights_list(tag=slow.tags.get().pk)] == [slow.pk]


def test_round_pain_agreement_uses_highlights_scored_by_both(acme):
    transcript = make_transcript("Slow. Broken. Fine. Awful.")
    utterance = first_utterance(transcript)
    assert coding.round_pain_agreement(transcript.round_id) == {"n": 0, "kappa": None}
    scores = [(1, 1, 2), (2, 2, 3), (3, 5, 5), (4, 4, None), (5, None, 3)]  # (end, person, AI)
    for end, pain, pain_ai in scores:
        highlight = coding.highlight_create(utterance=utterance, start=0, end=end, actor=None, pain=pain)
        Highlight.objects.filter(pk=highlight.pk).update(pain_ai=pain_ai, pain_ai_reason="Said it costs hours.")
    # Pairs (1, 2), (2, 3), (5, 5): the same kappa as computing it directly.
    agreement = coding.round_pain_agreement(transcript.round_id)
    assert agreement["n"] == 3
    assert agreement["kappa"] == pytest.approx(weighted_kappa([(1, 2), (2, 3), (5, 5)]))
    (row,) = coding.rounds_pain_agreement()
    assert row["round"]["id"] == transcript.round_id and row["n"] == 3 and row["kappa"] == agreement["kappa"]
    assert coding.rounds_pain_agreement(round=transcript.round_id + 1000) == []


def test_clock_and_quote_spans():
    assert coding.clock(None) == "" and coding.clock(0) == "00:00" and coding.clock(3_723_999) == "62:03"
    assert coding.span_of_quote(MENU, " zu langsam ") == (15, 25)
    with pytest.raises(ValidationError, match="not in the utterance"):
        coding.span_of_quote(MENU, "zu schnell")
