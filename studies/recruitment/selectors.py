"""Reads of recruitment: a round's screener with its questions and rules, and how full its quotas are."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Lower

from studies.models import SEATED_STATUSES, Quota, Round, Screener, ScreenerResponse


def screener_for(round_: Round) -> Screener | None:
    """The round's screener with its questions and rules (three queries), or None."""
    screener = Screener.objects.filter(round=round_).first()
    if screener is not None:
        screener.question_list = list(screener.questions.all())
        screener.rule_list = list(screener.rules.select_related("question", "route_to"))
    return screener


@dataclass(frozen=True)
class QuotaCell:
    id: int
    attribute: str
    value: str
    target: int
    filled: int

    @property
    def open(self) -> bool:
        return self.filled < self.target


@dataclass(frozen=True)
class QuotaFill:
    total: int
    filled: int
    cells: list[QuotaCell]

    @property
    def open(self) -> bool:
        return self.filled < self.total

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "filled": self.filled,
            "cells": [
                {"attribute": c.attribute, "value": c.value, "target": c.target, "filled": c.filled, "open": c.open}
                for c in self.cells
            ],
        }


def quota_fill(round_: Round) -> QuotaFill:
    """The round's total (its target) and each quota cell with the places taken: people qualified, or waiting for
    review. Two queries however many cells."""
    quotas = list(Quota.objects.filter(round=round_))
    seated = ScreenerResponse.objects.filter(round=round_, status__in=SEATED_STATUSES)
    attributes = sorted({q.attribute for q in quotas})
    seated = seated.annotate(**{f"cell_{a}": Lower(KeyTextTransform(a, "attributes")) for a in attributes})
    counts = seated.aggregate(
        filled=Count("pk"),
        **{f"q{q.pk}": Count("pk", filter=Q(**{f"cell_{q.attribute}": q.value.lower()})) for q in quotas},
    )
    cells = [QuotaCell(q.pk, q.attribute, q.value, q.target, counts[f"q{q.pk}"]) for q in quotas]
    return QuotaFill(total=round_.target_participants, filled=counts["filled"], cells=cells)


def full_cell(fill: QuotaFill, attributes: dict) -> QuotaCell | None:
    """The full cell these attributes would fall in, if any: a value without a cell is held by the total only."""
    for cell in fill.cells:
        value = attributes.get(cell.attribute)
        if value is not None and str(value).lower() == cell.value.lower() and not cell.open:
            return cell
    return None
