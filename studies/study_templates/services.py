"""Whole studies as library templates: what a study's plan is (its goal, questions, public words, incentive and
rounds, each with its guide and parts such as booking rules), saved for every workspace and started again as a new
draft study in any workspace. Nothing of what the study met travels: no participants, links, sessions, answers,
bookings, screenings, insights, hosts, dates, owner or ids."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction

from studies.guides.services import guide_content, guide_copy_from_library
from studies.models import Round, Study
from studies.programme.services import round_add, study_create
from studies.study_templates.parts import round_parts
from workspaces.library.services import library_item_publish
from workspaces.models import LibraryItem, LibraryKind, User

# What describes the study and reads the same in any workspace; its status, dates, owner and plan stay.
STUDY_KEYS = (
    "title", "goal", "research_questions", "method", "programme_model", "public_title", "public_description",
    "incentive_amount", "incentive_currency", "incentive_description",
)  # fmt: skip
# A round's plan; its dates, status and the round it draws a shortlist from stay.
ROUND_KEYS = (
    "kind", "purpose", "target_participants", "time_budget_minutes", "hidden_fields", "reminder_after_days",
    "incentive_amount", "incentive_currency", "incentive_description",
)  # fmt: skip


def _value(obj, name):
    value = getattr(obj, name)
    return str(value) if name == "incentive_amount" and value is not None else value


def study_template_content(study: Study) -> dict:
    """What the library keeps of a study: see the module's docstring."""
    rounds = []
    for round_ in Round.objects.filter(study=study).order_by("order"):
        row = {"order": round_.order, **{name: _value(round_, name) for name in ROUND_KEYS}}
        row["guide"] = guide_content(round_)
        for part in round_parts():
            content = part.content(round_)
            if content is not None:
                row[part.key] = content
        rounds.append(row)
    return {"study": {name: _value(study, name) for name in STUDY_KEYS}, "rounds": rounds}


def template_words(study: Study, content: dict) -> str:
    """A template in one line: its goal, its rounds' kinds and how many questions their guides ask."""
    rounds = content["rounds"]
    questions = sum(len(r["guide"]["questions"]) for r in rounds)
    kinds = " → ".join(r["kind"] for r in rounds)
    plural = "s" if len(rounds) != 1 else ""
    return f"{study.get_goal_display()}: {len(rounds)} round{plural} ({kinds}), {questions} questions"


@transaction.atomic
def study_template_publish(*, study: Study, title: str, actor: User) -> LibraryItem:
    """Save this study's plan to the library (the caller checked the role here; publishing is checked there)."""
    content = study_template_content(study)
    if not content["rounds"]:
        raise ValidationError({"study": "This study has no rounds to share yet: plan them first."})
    return library_item_publish(kind=LibraryKind.STUDY_TEMPLATE, title=title or study.title, content=content,
                                actor=actor, description=template_words(study, content))  # fmt: skip


def _fields(row: dict, keys) -> dict:
    return {name: row[name] for name in keys if name in row}


def _round_from(row: dict, *, study: Study, item: LibraryItem, actor: User | None) -> Round:
    fields = _fields(row, ROUND_KEYS)
    round_ = round_add(study=study, kind=str(fields.pop("kind", "")), purpose=str(fields.pop("purpose", "")),
                       target_participants=fields.pop("target_participants", None), actor=actor, **fields)  # fmt: skip
    guide = row.get("guide")
    if isinstance(guide, dict) and guide.get("questions"):
        guide_copy_from_library(item=SimpleNamespace(title=item.title, content=guide), target=round_, actor=actor)
    for part in round_parts():
        if row.get(part.key) is not None:
            part.apply(round=round_, content=row[part.key], actor=actor)
    return round_


@transaction.atomic
def study_from_template(*, item: LibraryItem, actor: User | None) -> Study:
    """Start a new draft study in the active workspace from a library template: the study, its rounds in order,
    each round's guide (copied as a library guide is) and its parts (a sync round's booking rules). Any refusal
    undoes everything and names the round it came from."""
    content = item.content if item.kind == LibraryKind.STUDY_TEMPLATE else None
    source = content.get("study") if isinstance(content, dict) else None
    rows = content.get("rounds") if isinstance(content, dict) else None
    if not isinstance(source, dict) or not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValidationError({"item": "This library item is not a study template."})
    fields = _fields(source, STUDY_KEYS)
    title = str(fields.pop("title", "") or item.title)[:200]
    try:
        study = study_create(title=title, goal=str(fields.pop("goal", "")), actor=actor, **fields)
    except ValidationError as error:
        raise ValidationError({"item": f"The study: {' '.join(error.messages)}"}) from None
    ordered = sorted(rows, key=lambda r: r["order"] if isinstance(r.get("order"), int) else 0)
    for number, row in enumerate(ordered, start=1):
        try:
            _round_from(row, study=study, item=item, actor=actor)
        except ValidationError as error:
            raise ValidationError({"item": f"Round {number}: {' '.join(error.messages)}"}) from None
        except (TypeError, ValueError, ArithmeticError):  # a guide's numbers that are not numbers
            raise ValidationError({"item": f"Round {number}: its guide is not valid."}) from None
    return study
