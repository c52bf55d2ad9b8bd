"""What the services of every studies capability share: setting only the fields a service allows, and keeping
ordered siblings (a study's rounds, a round's questions) numbered 1..n."""

from django.core.exceptions import ValidationError
from django.db.models import Max


def set_fields(obj, fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def next_order(queryset) -> int:
    return (queryset.aggregate(last=Max("order"))["last"] or 0) + 1


def move(item, siblings, direction: str) -> None:
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move “up” or “down”."})
    ordered = list(siblings.select_for_update().order_by("order"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    renumber(ordered)


def renumber(ordered: list) -> None:
    # The unique (parent, order) constraints are deferred, so positions may collide until commit.
    for position, item in enumerate(ordered, start=1):
        item.order = position
    if ordered:
        type(ordered[0]).objects.bulk_update(ordered, ["order"])
