"""Coding transcripts: highlights (exact spans of one utterance), their tags and pain intensity, and the reads behind
the transcript pages and API.

Offsets count Unicode code points (Python `str` indices), not the UTF-16 units of the browser: `static/js/coding.js`
converts a selection before it posts it.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from interviews.models import Transcript, Utterance
from studies.models import Round, Study
from synthesis.coding.agreement import weighted_kappa
from synthesis.models import PAIN_RUBRIC, Highlight, Insight, Tag
from workspaces.models import User

TAG_PATH_SEPARATOR = " > "  # as in the codebook: no tag name may contain it
HIGHLIGHT_FIELDS = frozenset({"pain", "note", "tags"})


# Tags ---------------------------------------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"tag": "Give the tag a name."})
    if len(name) > Tag._meta.get_field("name").max_length:
        raise ValidationError({"tag": "Keep a tag's name under 120 characters."})
    return name


@transaction.atomic
def tag_get_or_create(*, name: str, parent: Tag | None = None, actor: User | None) -> Tag:
    """The tag called `name` (ignoring case) under `parent`, created when the codebook has none."""
    name = _clean_name(name)
    siblings = Tag.objects.filter(parent=parent)
    if existing := siblings.filter(name__iexact=name).first():
        return existing
    tag = Tag(name=name, parent=parent)
    try:
        with transaction.atomic():
            tag.save()
    except IntegrityError:  # created by someone else a moment ago
        return siblings.get(name=name)
    return tag


@transaction.atomic
def tag_for_label(*, label: str, actor: User | None) -> Tag:
    """The tag a picker's text names, created when missing.

    "Pain > Export" walks (and grows) the hierarchy; a bare name is a top-level tag, else the one tag of that name
    deeper in the codebook, else a new top-level tag."""
    label = " ".join((label or "").split())
    parts = [part for part in label.split(TAG_PATH_SEPARATOR) if part.strip()]
    if len(parts) > 1:
        tag = None
        for part in parts:
            tag = tag_get_or_create(name=part, parent=tag, actor=actor)
        return tag
    name = _clean_name(label)
    if root := Tag.objects.filter(parent=None, name__iexact=name).first():
        return root
    same_name = list(Tag.objects.filter(name__iexact=name)[:2])
    if len(same_name) > 1:
        message = f"Several tags are called “{name}”: pick one from the list, e.g. “Parent > {name}”."
        raise ValidationError({"tag": message})
    return same_name[0] if same_name else tag_get_or_create(name=name, actor=actor)


def tag_paths(tags: Iterable[Tag] | None = None) -> dict[int, str]:
    """Each tag's full path ("Pain > Export"), from one query over the codebook."""
    by_id = {tag.pk: tag for tag in (Tag.objects.all() if tags is None else tags)}

    def path(tag: Tag) -> str:
        parent = by_id.get(tag.parent_id)
        return f"{path(parent)}{TAG_PATH_SEPARATOR}{tag.name}" if parent else tag.name

    return {pk: path(tag) for pk, tag in by_id.items()}


def tag_choices() -> list[str]:
    """What the tag picker proposes: every tag by its path, in order."""
    return sorted(tag_paths().values(), key=str.casefold)


def _tag_with_descendants(tag_id: int) -> set[int]:
    children = defaultdict(list)
    for pk, parent_id in Tag.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found, todo = set(), [tag_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children[current])
    return found


# Highlights ---------------------------------------------------------------------------------------------------------


def _pain(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"pain": "Score pain from 1 to 5."}) from None
    if not min(PAIN_RUBRIC) <= value <= max(PAIN_RUBRIC):
        raise ValidationError({"pain": "Score pain from 1 to 5."})
    return value


def _check_span(text: str, start, end) -> None:
    errors = {}
    if not isinstance(start, int) or isinstance(start, bool):
        errors["start"] = "Give the start as a whole number of characters."
    elif start < 0:
        errors["start"] = "The start cannot be before the utterance's first character (0)."
    if not isinstance(end, int) or isinstance(end, bool):
        errors["end"] = "Give the end as a whole number of characters."
    elif end > len(text):
        errors["end"] = f"The end is beyond the utterance: it has {len(text)} characters."
    elif not errors and start >= end:
        errors["end"] = "The end must come after the start: highlight at least one character."
    if errors:
        raise ValidationError(errors)


# Inside a word these join its letters ("don't", "e-mail"); at its edge they are punctuation.
WORD_JOINERS = frozenset("'\u2019-")  # apostrophe, typographic apostrophe, hyphen


def _in_word(text: str, i: int) -> bool:
    char = text[i]
    if char.isalnum() or char == "_" or unicodedata.category(char).startswith("M"):  # a combining accent too
        return True
    return char in WORD_JOINERS and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words and trimmed of white space at its ends: a selection that cuts a word ("Nobody
    ha") quotes all of it ("Nobody has"). `static/js/coding.js` does the same while the coder selects."""
    if not (0 <= start < end <= len(text)):
        return start, end  # _check_span says what is wrong
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and _in_word(text, start) and _in_word(text, start - 1):
        start -= 1
    while end < len(text) and _in_word(text, end - 1) and _in_word(text, end):
        end += 1
    return start, end


def span_of_quote(text: str, quote: str) -> tuple[int, int]:
    """The span of the first exact occurrence of `quote` in `text` (the no-JavaScript way to highlight)."""
    quote = (quote or "").strip()
    if not quote:
        raise ValidationError({"quote": "Type the words to highlight, exactly as in the utterance."})
    start = text.find(quote)
    if start < 0:
        raise ValidationError({"quote": "These words are not in the utterance: copy them exactly."})
    return start, start + len(quote)


def _tags(labels: Iterable[Tag | str], actor: User | None) -> list[Tag]:
    return [label if isinstance(label, Tag) else tag_for_label(label=label, actor=actor) for label in labels]


@transaction.atomic
def highlight_create(
    *,
    utterance: Utterance,
    start: int,
    end: int,
    actor: User | None,
    tags: Iterable[Tag | str] = (),
    pain: int | None = None,
    note: str = "",
) -> Highlight:
    """Highlight `utterance.text[start:end]` (code point offsets), widened to whole words; highlights may overlap.

    The highlight records the transcript's participant, round and study, so that counting needs no joins."""
    _check_span(utterance.text, start, end)
    start, end = snap_to_words(utterance.text, start, end)
    if start >= end:
        raise ValidationError({"end": "Select at least one word: white space alone is no quote."})
    transcript = utterance.transcript
    highlight = Highlight(
        utterance=utterance, start=start, end=end, text=utterance.text[start:end], transcript=transcript,
        participant_id=transcript.participant_id, round_id=transcript.round_id, study_id=transcript.round.study_id,
        pain=_pain(pain), note=(note or "").strip(), author=actor,
    )  # fmt: skip
    highlight.full_clean()
    highlight.save()
    if tags:
        highlight.tags.add(*_tags(tags, actor))
    return highlight


@transaction.atomic
def highlight_tag(*, highlight: Highlight, tag: Tag, actor: User | None) -> Highlight:
    highlight.tags.add(tag)
    return highlight


@transaction.atomic
def highlight_untag(*, highlight: Highlight, tag: Tag, actor: User | None) -> Highlight:
    highlight.tags.remove(tag)
    return highlight


@transaction.atomic
def highlight_set_pain(*, highlight: Highlight, pain: int | None, actor: User | None) -> Highlight:
    """A person's pain score, 1-5 on the rubric, or None to clear it (the AI's suggestion is kept apart)."""
    highlight.pain = _pain(pain)
    highlight.save(update_fields=["pain"])
    return highlight


@transaction.atomic
def highlight_update(*, highlight: Highlight, actor: User | None, **fields) -> Highlight:
    """Change a highlight's pain, note or tags (the whole list, by tag or label); its span never changes."""
    unknown = set(fields) - HIGHLIGHT_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed here."))
    if "pain" in fields:
        highlight.pain = _pain(fields["pain"])
    if "note" in fields:
        highlight.note = (fields["note"] or "").strip()
    highlight.save(update_fields=["pain", "note"])
    if "tags" in fields:
        highlight.tags.set(_tags(fields["tags"], actor))
    return highlight


@transaction.atomic
def highlight_delete(*, highlight: Highlight, actor: User | None) -> None:
    highlight.delete()


# Reads --------------------------------------------------------------------------------------------------------------


def _count(model, **filters) -> Coalesce:
    rows = model.objects.filter(transcript=OuterRef("pk"), **filters).order_by().values("transcript")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def transcripts_list(*, study: int | None = None, round: int | None = None, kind: str = "") -> QuerySet[Transcript]:
    """Transcripts newest first, with their numbers of utterances and highlights (subqueries: no row blow-up)."""
    transcripts = Transcript.objects.select_related("round__study", "participant").annotate(
        utterance_count=_count(Utterance), highlight_count=_count(Highlight)
    )
    if study is not None:
        transcripts = transcripts.filter(round__study_id=study)
    if round is not None:
        transcripts = transcripts.filter(round_id=round)
    if kind:
        transcripts = transcripts.filter(kind=kind)
    return transcripts.order_by("-occurred_at", "-pk")


def _highlights_in_order() -> QuerySet[Highlight]:
    insights = Prefetch("insights", queryset=Insight.objects.only("pk", "statement").order_by("pk"))
    return Highlight.objects.select_related("author").prefetch_related("tags", insights).order_by("start", "end", "pk")


def utterances_for_coding() -> QuerySet[Utterance]:
    return Utterance.objects.prefetch_related(Prefetch("highlights", queryset=_highlights_in_order())).order_by("order")


def transcripts_for_coding() -> QuerySet[Transcript]:
    return Transcript.objects.select_related("round__study", "participant").prefetch_related(
        Prefetch("utterances", queryset=utterances_for_coding())
    )


def transcript_detail(transcript_id) -> Transcript | None:
    """A transcript with its utterances in order, each with its highlights, their tags and insights: five queries."""
    return transcripts_for_coding().filter(pk=transcript_id).first()


def utterance_detail(utterance_id) -> Utterance | None:
    """One utterance with its highlights, to re-render it after a change."""
    return utterances_for_coding().select_related("transcript__round").filter(pk=utterance_id).first()


def highlights_list(
    *, transcript: int | None = None, tag: int | None = None, study: int | None = None, round: int | None = None
) -> QuerySet[Highlight]:
    """Highlights in reading order; `tag` also finds the highlights coded with any of its children."""
    highlights = Highlight.objects.select_related("author").prefetch_related("tags")
    if transcript is not None:
        highlights = highlights.filter(transcript_id=transcript)
    if study is not None:
        highlights = highlights.filter(study_id=study)
    if round is not None:
        highlights = highlights.filter(round_id=round)
    if tag is not None:
        tagged = Highlight.tags.through.objects.filter(highlight=OuterRef("pk"), tag_id__in=_tag_with_descendants(tag))
        highlights = highlights.filter(Exists(tagged))
    return highlights.order_by("transcript_id", "utterance__order", "start", "pk")


def filter_choices() -> dict:
    """Studies and rounds for the transcript list's filters."""
    return {
        "studies": list(Study.objects.order_by("title").only("pk", "title")),
        "rounds": list(Round.objects.select_related("study").order_by("study__title", "order")),
    }


def _agreement(pairs: list[tuple[int, int]]) -> dict:
    return {"n": len(pairs), "kappa": weighted_kappa(pairs)}


def round_pain_agreement(round_id) -> dict:
    """How far people and the AI agree on pain in a round: quadratic-weighted kappa over highlights scored by both."""
    both = Highlight.objects.filter(round_id=round_id, pain__isnull=False, pain_ai__isnull=False)
    return _agreement(list(both.values_list("pain", "pain_ai")))


def rounds_pain_agreement(*, study: int | None = None, round: int | None = None) -> list[dict]:
    """round_pain_agreement for every round with a highlight scored by both, in one query."""
    both = Highlight.objects.filter(pain__isnull=False, pain_ai__isnull=False)
    if study is not None:
        both = both.filter(study_id=study)
    if round is not None:
        both = both.filter(round_id=round)
    pairs, rounds = defaultdict(list), {}
    rows = both.values_list("round_id", "round__order", "round__purpose", "study__title", "pain", "pain_ai")
    for round_id, order, purpose, study_title, pain, pain_ai in rows.order_by("study__title", "round__order"):
        rounds[round_id] = {"id": round_id, "order": order, "purpose": purpose, "study": study_title}
        pairs[round_id].append((pain, pain_ai))
    return [{"round": rounds[pk], **_agreement(pairs[pk])} for pk in rounds]


# The coding page ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of an utterance between two highlight edges, with every highlight covering it."""

    start: int
    end: int
    text: str
    highlight_ids: tuple[int, ...]

    @property
    def html(self) -> SafeString:
        # An HTML parser turns "\r\n" into "\n": a character reference keeps the carriage return, and so the offsets.
        return mark_safe(escape(self.text).replace("\r", "&#13;"))

    @property
    def ids(self) -> str:
        return " ".join(map(str, self.highlight_ids))

    @property
    def depth(self) -> int:
        return min(len(self.highlight_ids), 3)


def utterance_segments(text: str, highlights: Iterable[Highlight]) -> list[Segment]:
    """Cut `text` wherever a highlight starts or ends, so that overlapping highlights render as flat, adjacent marks."""
    length = len(text)
    spans = [(h.pk, min(h.start, length), min(h.end, length)) for h in highlights]
    cuts = sorted({0, length, *(start for _, start, _ in spans), *(end for _, _, end in spans)})
    return [
        Segment(a, b, text[a:b], tuple(pk for pk, start, end in spans if start <= a and b <= end))
        for a, b in pairwise(cuts)
    ]


def clock(ms: int | None) -> str:
    """A time into the interview as mm:ss (minutes keep counting past the hour)."""
    if ms is None:
        return ""
    seconds = ms // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def prepare_for_coding(utterance: Utterance, *, sync: bool) -> Utterance:
    """Attach what the page shows: the segments of its text and, for sync interviews, its time."""
    utterance.segments = utterance_segments(utterance.text, utterance.highlights.all())
    utterance.clock = clock(utterance.start_ms) if sync else ""
    utterance.length = len(utterance.text)
    return utterance
