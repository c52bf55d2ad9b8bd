"""Reads of the incentive ledger: the list to work through, totals by status and by month, budget warnings."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from interviews.models import IncentiveEntry, IncentiveStatus
from studies.models import Study

COUNTED = (IncentiveStatus.OWED, IncentiveStatus.APPROVED, IncentiveStatus.PAID)  # what a study spends


def incentives(*, status: str = "", round_id: int | None = None, study_id: int | None = None) -> QuerySet:
    """The ledger's entries, newest first, each with its participant and round (one query)."""
    rows = IncentiveEntry.objects.select_related("participant", "round__study", "approved_by", "paid_by")
    if status:
        rows = rows.filter(status=status)
    if round_id:
        rows = rows.filter(round_id=round_id)
    if study_id:
        rows = rows.filter(round__study_id=study_id)
    return rows.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Totals:
    by_status: dict[tuple[str, str], Decimal]  # (status, currency) -> amount
    by_month: list[tuple[object, str, Decimal]]  # (month, currency, amount spent: owed + approved + paid)

    def amount(self, status: str, currency: str) -> Decimal:
        return self.by_status.get((status, currency), Decimal(0))

    @property
    def rows(self) -> list[dict]:
        currencies = sorted({currency for _, currency in self.by_status})
        return [{"currency": c, **{s: self.amount(s, c) for s in IncentiveStatus.values}} for c in currencies]


def incentive_totals(*, round_id: int | None = None, study_id: int | None = None) -> Totals:
    """Totals by status and currency, and spent per month, for a round, a study or the whole workspace (two
    queries)."""
    rows = IncentiveEntry.objects.all()
    if round_id:
        rows = rows.filter(round_id=round_id)
    if study_id:
        rows = rows.filter(round__study_id=study_id)
    by_status = {
        (r["status"], r["currency"]): r["total"]
        for r in rows.values("status", "currency").annotate(total=Sum("amount")).order_by()
    }
    by_month = [
        (r["month"], r["currency"], r["total"])
        for r in rows.filter(status__in=COUNTED)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "currency")
        .annotate(total=Sum("amount"))
        .order_by("-month", "currency")
    ]
    return Totals(by_status=by_status, by_month=by_month)


@dataclass(frozen=True)
class BudgetWarning:
    study: Study
    spent: Decimal
    budget: Decimal
    currency: str


def budget_warning(study: Study) -> BudgetWarning | None:
    """A warning when what the study owes, has approved and has paid (in its currency) passes its planned budget."""
    if study.incentive_budget is None:
        return None
    spent = IncentiveEntry.objects.filter(
        round__study=study, status__in=COUNTED, currency=study.incentive_currency
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if spent <= study.incentive_budget:
        return None
    return BudgetWarning(study=study, spent=spent, budget=study.incentive_budget, currency=study.incentive_currency)


def budget_warnings() -> list[BudgetWarning]:
    """Every study over its incentive budget (one query)."""
    studies = (
        Study.objects.filter(incentive_budget__isnull=False)
        .annotate(spent=Sum("rounds__incentives__amount", filter=Q(
            rounds__incentives__status__in=COUNTED,
            rounds__incentives__currency=F("incentive_currency"),
        )))
    )  # fmt: skip
    return [
        BudgetWarning(study=s, spent=s.spent, budget=s.incentive_budget, currency=s.incentive_currency)
        for s in studies
        if s.spent is not None and s.spent > s.incentive_budget
    ]
