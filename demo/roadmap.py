"""Demo data for the roadmap: a dozen items across statuses and horizons, backed by the demo's insights and quotes.

Runs after the synthesis demo. Idempotent: items are found by title, links and segment weights are only added when
missing, so running it again (or after the synthesis demo gained insights) completes what is there and changes
nothing else. With no insights or quotes yet, the items are created without evidence.
"""

from decimal import Decimal

from django.db.models import F

from roadmap import services
from roadmap.models import EvidenceLink, RoadmapItem, SegmentWeight
from synthesis.models import Highlight, Insight

# title, description, status, horizon, effort (person-weeks), insights (indexes into the demo's insights, oldest
# first), quotes (indexes into the demo's quotes, most painful first), importance of the links.
ITEMS = [
    ("Guided first project", "A checklist that walks a new team through its first real project.",
     "in_progress", "now", "3", [0], [0, 3], 3),
    ("Import from spreadsheets", "Map columns and import existing work from CSV or Excel in one go.",
     "planned", "now", "2", [1], [1], 3),
    ("Invite teammates during onboarding", "Ask for teammates' emails while the owner is still motivated.",
     "planned", "next", "1", [0], [2], 2),
    ("Pricing for small teams", "A plan between free and team for groups of two to five.",
     "idea", "later", "2", [2], [4], 2),
    ("Slack notifications", "Post assignments and due dates to the channel a team already reads.",
     "in_progress", "now", "1.5", [1], [5, 6], 2),
    ("Templates gallery", "Start from a project template per use case instead of a blank page.",
     "shipped", "now", "2", [0], [7], 1),
    ("Faster search", "Search that stays fast on big workspaces.",
     "shipped", "now", "4", [], [8], 2),
    ("Bulk edit", "Change the owner, due date or status of many tasks at once.",
     "idea", "next", "1", [], [9, 10], 1),
    ("Offline mode", "Keep working on a plane; sync when back online.",
     "declined", "later", "8", [], [11], 0),
    ("Weekly summary email", "A Monday email with what moved and what is stuck.",
     "idea", "later", "0.5", [2], [], 1),
    ("Audit log for admins", "Who changed what, for teams with compliance needs.",
     "planned", "later", "3", [], [12], 2),
    ("Calendar sync", "Due dates in Google and Outlook calendars.",
     "idea", "next", "2", [1, 2], [13], 1),
]  # fmt: skip
# The codebook tag (demo/synthesis.py) whose quotes back each item, when the workspace has them.
ITEM_TAGS = {
    "Guided first project": "Onboarding call missed", "Import from spreadsheets": "Import fails",
    "Invite teammates during onboarding": "Team adoption", "Pricing for small teams": "Price jump",
    "Slack notifications": "Missing integration", "Templates gallery": "No lasting need", "Faster search": "Slowness",
    "Bulk edit": "Two systems", "Offline mode": "Mobile logouts", "Audit log for admins": "Security questions",
    "Calendar sync": "Calendar sync",
}  # fmt: skip
WEIGHTS = [("segment", "enterprise", Decimal("2")), ("plan", "business", Decimal("1.5"))]


def seed_roadmap(*, actor) -> None:
    """Create the demo roadmap (idempotent; see the module docstring)."""
    insights = list(Insight.objects.order_by("created_at", "pk"))
    strongest = Highlight.objects.order_by(F("pain").desc(nulls_last=True), F("pain_ai").desc(nulls_last=True), "pk")
    quotes, seen = [], set()
    for highlight in strongest.prefetch_related("tags")[:200]:
        if highlight.text.casefold() not in seen:  # two people's same words would read as one quote twice
            seen.add(highlight.text.casefold())
            quotes.append(highlight)
    used: set[int] = set()
    existing = {item.title: item for item in RoadmapItem.objects.all()}
    for position, (title, description, status, horizon, effort, insight_ix, quote_ix, importance) in enumerate(ITEMS):
        item = existing.get(title)
        if item is None:
            item = services.item_create(
                actor=actor, title=title, description=description, status=status, horizon=horizon,
                effort=Decimal(effort), position=position, owner=actor if position % 2 == 0 else None,
            )  # fmt: skip
        for index in insight_ix:
            if insights:
                _link(item, insight=insights[index % len(insights)], importance=importance, actor=actor)
        for highlight in _quotes(quotes, used, tag=ITEM_TAGS.get(title), indexes=quote_ix):
            _link(item, highlight=highlight, importance=max(importance - 1, 0), actor=actor)
    if not SegmentWeight.objects.exists():
        services.segment_weights_save(
            weights=[{"attribute": a, "value": v, "weight": w} for a, v, w in WEIGHTS], actor=actor
        )


def _quotes(quotes: list[Highlight], used: set[int], *, tag: str | None, indexes: list[int]) -> list[Highlight]:
    """The item's quotes: the strongest ones coded with its tag that no other item quotes, else the listed indexes
    into the strongest quotes overall (a workspace coded with other tags)."""
    tagged = [h for h in quotes if tag and h.pk not in used and any(t.name == tag for t in h.tags.all())]
    chosen = tagged[: len(indexes)] or [quotes[index] for index in indexes if index < len(quotes)]
    used.update(h.pk for h in chosen)
    return chosen


def _link(item: RoadmapItem, *, importance: int, actor, insight=None, highlight=None) -> None:
    target = {"insight": insight} if insight is not None else {"highlight": highlight}
    if not EvidenceLink.objects.filter(item=item, **target).exists():
        services.evidence_link(item=item, importance=importance, actor=actor, note="", **target)
