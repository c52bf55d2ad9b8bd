"""What the `/` (or Ctrl-K) palette jumps to: the staff pages by name, and studies, rounds and participants whose
names start with or contain the words typed. A few small queries, each capped."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from studies.models import Participant, Round, Study
from synthesis.search.selectors import PEOPLE_ROLES
from workspaces.access import MANAGE_WORKSPACE

LIMIT = 6
PAGES = [
    ("Overview", "workspaces:home", None),
    ("Studies", "studies:list", None),
    ("New study", "studies:new", None),
    ("Participants", "studies:participants", PEOPLE_ROLES),
    ("Hosts & hours", "booking:hosts", None),
    ("Transcripts", "coding:transcripts", None),
    ("Codebook", "codebook:index", None),
    ("Suggestions", "synthesis_jobs:suggestions", None),
    ("Jobs & themes", "synthesis_jobs:list", None),
    ("Insights", "insights:list", None),
    ("Charts", "insights:charts", None),
    ("Roadmap", "roadmap:board", None),
    ("Search", "search:page", None),
    ("Ask a question", "ask:page", None),
    ("Members", "workspaces:members", None),
    ("Settings & API keys", "workspaces:settings", MANAGE_WORKSPACE),
]


@dataclass(frozen=True)
class Item:
    kind: str
    label: str
    url: str


def items(*, q: str, role: str) -> list[Item]:
    words = q.strip()
    found = [
        Item("page", label, reverse(name))
        for label, name, roles in PAGES
        if (roles is None or role in roles) and words.lower() in label.lower()
    ][:LIMIT]
    if not words:
        return found
    studies = Study.objects.filter(title__icontains=words).values_list("pk", "title")[:LIMIT]
    found += [Item("study", title, reverse("studies:detail", args=[pk])) for pk, title in studies]
    rounds = Round.objects.filter(Q(purpose__icontains=words) | Q(study__title__icontains=words))
    for r in rounds.select_related("study").order_by("study__title", "order")[:LIMIT]:
        url = reverse("studies:detail", args=[r.study_id]) + f"#round-{r.pk}"
        found.append(Item("round", f"{r.study.title} · round {r.order}: {r.purpose}", url))
    if role in PEOPLE_ROLES:
        people = Participant.objects.filter(Q(name__icontains=words) | Q(email__icontains=words))
        for person in people.order_by("name", "email")[:LIMIT]:
            url = reverse("studies:participant", args=[person.pk])
            found.append(Item("participant", person.name or person.email, url))
    return found
