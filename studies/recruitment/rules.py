"""A screener's answers, cleaned, and the rules that decide on them: picked conditions, never code.

Rules are checked in order and the first that matches decides; none matching leaves the screener's default."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from studies.models import Round, RuleOperator, Screener, ScreenerQuestion, ScreenerQuestionKind, ScreenerRule

MAX_TEXT_CHARS = 300

Answer = str | list[str] | Decimal | None


def field_name(question: ScreenerQuestion) -> str:
    return f"q{question.pk}"


def clean_answers(questions: list[ScreenerQuestion], raw) -> dict[int, Answer]:
    """The answers by question id, from a form's or an API's data (`raw.getlist` when it has one). Raises a
    ValidationError naming each field (`q<id>`) that is missing or not one of its choices."""
    answers: dict[int, Answer] = {}
    errors: dict[str, str] = {}
    for question in questions:
        name = field_name(question)
        if question.kind == ScreenerQuestionKind.MULTIPLE:
            given = raw.getlist(name) if hasattr(raw, "getlist") else raw.get(name) or []
            given = [given] if isinstance(given, str) else list(given)
            picked = [c for c in question.choices if c in given]
            if len(picked) != len([g for g in given if g]):
                errors[name] = gettext("Pick from the choices shown.")
            elif not picked and question.required:
                errors[name] = gettext("Pick at least one.")
            answers[question.pk] = picked
            continue
        value = raw.get(name, "")
        value = value.strip() if isinstance(value, str) else str(value if value is not None else "").strip()
        if not value:
            if question.required:
                errors[name] = gettext("Please answer this question.")
            answers[question.pk] = None
        elif question.kind == ScreenerQuestionKind.SINGLE:
            if value not in question.choices:
                errors[name] = gettext("Pick one of the choices shown.")
            answers[question.pk] = value
        elif question.kind == ScreenerQuestionKind.NUMBER:
            try:
                number = Decimal(value.replace(",", "."))
                if not number.is_finite() or abs(number) > 10**9:
                    raise InvalidOperation
            except InvalidOperation:
                errors[name] = gettext("Give a number, such as 12.")
                number = None
            answers[question.pk] = number
        else:
            if len(value) > MAX_TEXT_CHARS:
                errors[name] = gettext("Keep it under %(limit)s characters.") % {"limit": MAX_TEXT_CHARS}
            answers[question.pk] = value[:MAX_TEXT_CHARS]
    if errors:
        raise ValidationError(errors)
    return answers


def _number(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def rule_matches(rule: ScreenerRule, answer: Answer) -> bool:
    """Whether the answer meets the rule's condition. An unanswered question meets only “is not” and “does not
    include”: nothing was said that the rule looks for."""
    op, value = rule.operator, rule.value
    if op == RuleOperator.INCLUDES:
        return value in (answer or [])
    if op == RuleOperator.EXCLUDES:
        return value not in (answer or [])
    if answer is None or answer == []:
        return op == RuleOperator.IS_NOT
    if isinstance(answer, Decimal):
        wanted = _number(value)
        if wanted is None:
            return False
        return {
            RuleOperator.IS: answer == wanted, RuleOperator.IS_NOT: answer != wanted,
            RuleOperator.LESS: answer < wanted, RuleOperator.AT_MOST: answer <= wanted,
            RuleOperator.MORE: answer > wanted, RuleOperator.AT_LEAST: answer >= wanted,
        }.get(op, False)  # fmt: skip
    text, wanted = str(answer).casefold(), value.casefold().strip()
    if op == RuleOperator.IS:
        return text == wanted
    if op == RuleOperator.IS_NOT:
        return text != wanted
    if op == RuleOperator.CONTAINS:
        return wanted in text
    return False


@dataclass(frozen=True)
class Decision:
    outcome: str  # a ScreenerOutcome
    route_to: Round | None = None
    rule: ScreenerRule | None = None  # the rule that decided; None for the default. Never shown to the person.


def decide(screener: Screener, rules: list[ScreenerRule], answers: dict[int, Answer]) -> Decision:
    for rule in rules:
        if rule_matches(rule, answers.get(rule.question_id)):
            return Decision(outcome=rule.outcome, route_to=rule.route_to, rule=rule)
    return Decision(outcome=screener.default_outcome)


def attribute_value(answer: Answer):
    """An answer as a participant attribute (text, number): several choices read as one text."""
    if isinstance(answer, list):
        return ", ".join(answer)
    if isinstance(answer, Decimal):
        return int(answer) if answer == answer.to_integral_value() else float(answer)
    return answer


def readable(answer: Answer) -> str:
    if isinstance(answer, list):
        return ", ".join(answer)
    return "" if answer is None else str(attribute_value(answer))
