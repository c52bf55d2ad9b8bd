"""Roadmap items and links for the roadmap tests (use inside the workspace's schema)."""

import factory

from roadmap.models import EvidenceLink, RoadmapItem


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapItem

    title = factory.Sequence(lambda n: f"Roadmap item {n}")
    position = factory.Sequence(lambda n: n)


def link(item, target, importance=2, note=""):
    """Link an insight or a highlight (whichever `target` is) straight through the ORM."""
    from synthesis.models import Insight

    kind = "insight" if isinstance(target, Insight) else "highlight"
    return EvidenceLink.objects.create(item=item, importance=importance, note=note, **{kind: target})
