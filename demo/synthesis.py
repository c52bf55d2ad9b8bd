"""Demo data for synthesis: a codebook for the churn study, coded highlights with pain scores (by people, and by the
AI with its reasons) across its async transcripts (the phrases the personas' stories mark with their tag) and the
imported sync call, and three insights quoting both, each async quote from a different person.

Idempotent: tags are found by path, a highlight by its exact span, an insight by its statement; whatever exists is
left as it is, so running it again (or after the sync transcript arrived) only adds what is missing.
"""

import random
from collections import Counter

from django.db import transaction

from demo.scripts import tag_patterns
from demo.studies import CHURN_STUDY
from interviews.models import Transcript, Utterance
from studies.models import Study
from synthesis.codebook import services as codebook
from synthesis.coding import services as coding
from synthesis.insights import services as insights
from synthesis.models import Highlight, Insight, InsightStatus, Tag

# parent: (colour, description, {child: description})
CODEBOOK = {
    "Onboarding": (
        "#3452c7",
        "The first days: getting data in, getting the team in, learning the product.",
        {
            "Import fails": "Importing existing work fails, loses fields or needs manual repair.",
            "Invites lost": "Teammates never receive or never accept their invitations.",
            "Onboarding call missed": "The promised onboarding call did not happen or came too late.",
        },
    ),
    "Collaboration": (
        "#1f7a4d",
        "Working as a team in the product, and with the tools the team already uses.",
        {
            "Team adoption": "The product stays one person's tool; the team does not move in.",
            "Two systems": "Work is kept in the product and somewhere else at once, and they drift apart.",
            "Calendar sync": "Dates do not reach the calendars people live in (Outlook, Google).",
            "Permissions": "Sharing with clients or setting access takes too long or fails.",
        },
    ),
    "Value and price": (
        "#b26b00",
        "Whether the product earns its price, and what makes someone question it.",
        {
            "Price jump": "A seat or tier change makes the price jump and triggers a review.",
            "Reporting gap": "Reports or exports that stakeholders (finance, managers) need are missing.",
            "No lasting need": "The need ends with a project or a season: nothing brings them back.",
            "Missing integration": "Another tool wins because it integrates with the team's stack (Jira...).",
        },
    ),
    "Reliability and trust": (
        "#b42318",
        "Bugs, slowness and open questions that erode confidence.",
        {
            "Slowness": "The product slows down with realistic amounts of data.",
            "Export bugs": "Exports break, and fixes take weeks.",
            "Security questions": "Legal or IT questions (data location, access) go unanswered.",
            "Mobile logouts": "The mobile app logs people out or fails on the go.",
        },
    ),
}

AI_REASON = "The participant describes {what}; the rubric puts that at {level}."
# The imported sync call (demo/interviews.py CALL): (exact words, tag paths, a person's pain, the AI's pain or None).
# The async interviews are coded from the phrases their stories mark (demo/scripts.py tag_patterns).
CODES = [
    ("The import failed twice with a generic error: no line number, nothing", ["Onboarding > Import fails"], 4, 3),
    ("the tags and the due dates were gone, so I added them by hand", ["Onboarding > Import fails"], 3, None),
    ("For the others the emails landed in spam, and I didn't notice for a week", ["Onboarding > Invites lost"], 4, 4),
    ("It meant I was updating two systems", ["Collaboration > Two systems"], 4, None),
    ("our account manager quoted the old date to the client", ["Collaboration > Two systems"], 5, 4),
    ("The calendar sync only worked with Google", ["Collaboration > Calendar sync"], 3, None),
    ("the fix for the export arrived three weeks later. By then we had already gone back",
     ["Reliability and trust > Export bugs"], 5, None),
    ("the price jumped to the next tier", ["Value and price > Price jump"], 4, 4),
    ("Our finance lead needs a CSV every Friday, and the export kept breaking",
     ["Value and price > Reporting gap", "Reliability and trust > Export bugs"], 4, None),
    ("It was cancelled twice and nobody rescheduled it", ["Onboarding > Onboarding call missed"], 3, 2),
    ("it just never became the place where the work lived", ["Collaboration > Team adoption"], 4, None),
]  # fmt: skip
PER_TRANSCRIPT = 2  # async highlights per interview
PER_INSIGHT = 8  # async quotes per insight, each from a different person, besides every sync one

# (statement, status, the tags whose quotes back it)
INSIGHTS = [
    (
        "Teams that never move in together leave: when invites get lost, work splits across two systems and the "
        "product becomes one person's tool.",
        InsightStatus.PUBLISHED,
        {"Team adoption", "Invites lost", "Two systems"},
    ),
    (
        "A failed first import costs a whole first day and sets the tone for the month.",
        InsightStatus.PUBLISHED,
        {"Import fails"},
    ),
    (
        "Broken exports and missing reports make the price jump indefensible to finance.",
        InsightStatus.DRAFT,
        {"Export bugs", "Reporting gap", "Price jump"},
    ),
]
LEVELS = {1: "a mild annoyance", 2: "an irritation", 3: "a real cost", 4: "a severe problem", 5: "a reason to leave"}


def _codebook(actor) -> dict[str, Tag]:
    """The demo codebook's tags by path, created where missing."""
    tags = {}
    for parent_name, (colour, description, children) in CODEBOOK.items():
        parent = Tag.objects.filter(parent=None, name=parent_name).first() or codebook.tag_create(
            name=parent_name, description=description, colour=colour, actor=actor
        )
        tags[parent_name] = parent
        for name, child_description in children.items():
            child = Tag.objects.filter(parent=parent, name=name).first() or codebook.tag_create(
                name=name, parent=parent, description=child_description, colour=colour, actor=actor
            )
            tags[f"{parent_name} > {name}"] = child
    return tags


def _code(
    utterance: Utterance, words: str, paths, pain, pain_ai, tags: dict[str, Tag], actor
) -> tuple[Highlight, bool]:
    # As highlight_create will store it (whole words), so that seeding again finds it.
    start, end = coding.snap_to_words(utterance.text, *coding.span_of_quote(utterance.text, words))
    highlight = Highlight.objects.filter(utterance=utterance, start=start, end=end).first()
    if highlight is not None:
        return highlight, False
    highlight = coding.highlight_create(
        utterance=utterance, start=start, end=end, actor=actor, tags=[tags[path] for path in paths], pain=pain
    )
    if pain_ai is not None:  # what the AI's suggestion would have stored, with its reason
        reason = AI_REASON.format(what=paths[0].split(" > ")[-1].lower(), level=LEVELS[pain_ai])
        Highlight.objects.filter(pk=highlight.pk).update(pain_ai=pain_ai, pain_ai_reason=reason)
        highlight.pain_ai, highlight.pain_ai_reason = pain_ai, reason
    return highlight, True


def _async_codes(text: str, patterns) -> list[tuple[str, list[str], int | None, int | None]]:
    """The marked story phrases found in one answer, with a coder's and the AI's pain around the story's pain: the
    same phrase always gets the same scores (seeded by its words), some only a person's or only the AI's."""
    codes = []
    for pattern, path, pain in patterns:
        match = pattern.search(text)
        if match is None:
            continue
        rng = random.Random(match.group())
        person = min(5, max(1, pain + rng.choice((-1, 0, 0, 1))))
        ai = min(5, max(1, pain + rng.choice((-1, 0, 1))))
        which = rng.random()
        codes.append((match.group(), [path], None if which < 0.25 else person, None if 0.25 <= which < 0.6 else ai))
    return codes


@transaction.atomic
def seed_synthesis(*, actor) -> None:
    """Code the churn study's transcripts (the marked phrases of the async answers, CODES in the sync call) and
    write the three insights, each quoting every sync highlight of its tags and a few people from the async round."""
    study = Study.objects.filter(title=CHURN_STUDY).first()
    if study is None:
        return
    tags = _codebook(actor)
    patterns = tag_patterns()
    utterances = (
        Utterance.objects.filter(transcript__round__study=study)
        .exclude(speaker_role="interviewer")
        .select_related("transcript__round")
        .order_by("transcript__occurred_at", "transcript_id", "order")
    )
    by_tag: dict[str, list[tuple[Highlight, bool]]] = {}
    new: set[int] = set()
    coded: Counter[int] = Counter()  # async highlights per transcript: a reader sees a person's main points
    for utterance in utterances:
        sync = utterance.transcript.kind == "sync"
        codes = [c for c in CODES if c[0] in utterance.text] if sync else _async_codes(utterance.text, patterns)
        if not sync:
            codes = codes[: max(0, PER_TRANSCRIPT - coded[utterance.transcript_id])]
            coded[utterance.transcript_id] += len(codes)
        for words, paths, pain, pain_ai in codes:
            highlight, created = _code(utterance, words, paths, pain, pain_ai, tags, actor)
            if created:
                new.add(highlight.pk)
            for path in paths:
                by_tag.setdefault(path.split(" > ")[-1], []).append((highlight, sync))
    for statement, status, tag_names in INSIGHTS:
        evidence = _evidence([h for name in sorted(tag_names) for h in by_tag.get(name, [])])
        insight = Insight.objects.filter(statement=statement).first()
        if insight is None and evidence:
            insights.insight_create(statement=statement, highlights=evidence, actor=actor, status=status)
        elif insight is not None and (added := [pk for pk in evidence if pk in new]):
            # Quotes coded since the last run (the sync call imported later): a quote someone removed stays out.
            insights.insight_add_highlights(insight=insight, highlights=added, actor=actor)


def _evidence(highlights: list[tuple[Highlight, bool]]) -> list[int]:
    """Every sync quote and up to PER_INSIGHT async ones, the most painful first, one per transcript and none with
    words another quote already has."""
    ranked = sorted(highlights, key=lambda pair: (-(pair[0].pain or pair[0].pain_ai or 0), pair[0].pk))
    chosen = {h.pk: h for h, sync in ranked if sync}
    transcripts: set[int] = set()
    words = {h.text.casefold() for h in chosen.values()}
    for h, sync in ranked:
        if sync or len(transcripts) >= PER_INSIGHT or h.transcript_id in transcripts or h.text.casefold() in words:
            continue
        transcripts.add(h.transcript_id)
        words.add(h.text.casefold())
        chosen[h.pk] = h
    return list(chosen)


def demo_summary() -> dict:
    """What the demo holds, for the command's output and the tests."""
    return {
        "tags": Tag.objects.count(),
        "highlights": Highlight.objects.count(),
        "sync_highlights": Highlight.objects.filter(transcript__kind="sync").count(),
        "insights": Insight.objects.count(),
        "transcripts": Transcript.objects.count(),
    }


def seed_summaries() -> int:
    """Extractive summaries of every interview, round and study that has answers (offline, whatever model the
    machine has: the demo reads the same everywhere); one already current is left alone. Returns how many it made."""
    from interviews.models import Transcript
    from studies.models import Round
    from synthesis.summaries.selectors import Scope, summary_shown
    from synthesis.summaries.services import compose, summary_save

    transcripts = Transcript.objects.filter(utterances__speaker_role="participant").distinct().select_related("round")
    rounds = Round.objects.filter(transcripts__isnull=False).distinct()
    studies = Study.objects.filter(rounds__transcripts__isnull=False).distinct()
    scopes = [Scope(transcript=t) for t in transcripts.order_by("pk")]
    scopes += [Scope(round=r) for r in rounds.order_by("pk")] + [Scope(study=s) for s in studies.order_by("pk")]
    made = 0
    for scope in scopes:
        shown = summary_shown(scope)
        if shown.summary is None or shown.stale:
            summary_save(scope=scope, fields=compose(scope, None))
            made += 1
    return made
