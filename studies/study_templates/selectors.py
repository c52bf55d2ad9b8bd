"""Reads for study templates: what the linter says of a study just started from one."""

from dataclasses import dataclass

from django.db.models import Prefetch

from studies.guides.lint import lint_guide
from studies.models import GuideQuestion, Round, Study


@dataclass(frozen=True)
class TemplateReport:
    rounds: int
    questions: int
    flags: list[str]  # one line per flagged question: where it is and what the linter says
    warnings: list[str]  # guide-wide warnings (an async guide over its time budget)


def study_report(study: Study) -> TemplateReport:
    """Lint every round's guide of a study started from a template, as a guide copied from the library is linted;
    two queries whatever the number of rounds and questions."""
    rounds = (
        Round.objects.filter(study=study)
        .order_by("order")
        .prefetch_related(Prefetch("questions", queryset=GuideQuestion.objects.order_by("order")))
    )
    flags, warnings, count = [], [], 0
    for round_ in rounds:
        questions = list(round_.questions.all())
        count += len(questions)
        if not questions:
            continue
        lint = lint_guide([q.text for q in questions], kind=round_.kind,
                          minutes=[float(q.estimated_minutes) for q in questions],
                          time_budget=round_.time_budget_minutes or 10)  # fmt: skip
        for question, issues in zip(questions, lint.questions, strict=True):
            if issues:
                said = "; ".join(issue.message for issue in issues)
                flags.append(f"Round {round_.order}, question {question.order} “{question.text}”: {said}")
        warnings += [f"Round {round_.order}: {warning}" for warning in lint.warnings]
    return TemplateReport(rounds=len(rounds), questions=count, flags=flags, warnings=warnings)
