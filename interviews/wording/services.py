"""Every write to a workspace's email wording: saving it from the settings page, and the library (a set of wording
travels as the subjects and opening paragraphs alone, with their placeholders unfilled)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from interviews.models import EmailKind, EmailWording
from interviews.wording.text import clean_opening, clean_subject
from workspaces.library.services import library_item_publish
from workspaces.models import LibraryItem, LibraryKind, User


def field_name(kind: str, part: str) -> str:
    """The settings form's field for one part ("subject" or "opening") of one kind: errors name it."""
    return f"{kind}-{part}"


def _cleaned(wordings: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """Each kind's (subject, opening) as stored; ValidationError naming every field that is wrong."""
    errors, cleaned = {}, {}
    for kind, parts in wordings.items():
        if kind not in EmailKind.values:
            raise ValidationError({"kind": f"Parley sends no email called “{kind}”."})
        try:
            subject = clean_subject(parts.get("subject"))
        except ValidationError as error:
            errors[field_name(kind, "subject")] = error.messages
        try:
            opening = clean_opening(parts.get("opening"))
        except ValidationError as error:
            errors[field_name(kind, "opening")] = error.messages
        if not errors:
            cleaned[kind] = (subject, opening)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _write(cleaned: dict[str, tuple[str, str]], actor: User | None) -> int:
    """Store each kind's wording (blank subject and opening: the built-in wording again); how many rows changed."""
    rows = {row.kind: row for row in EmailWording.objects.select_for_update().filter(kind__in=cleaned)}
    changed = 0
    for kind, (subject, opening) in cleaned.items():
        row = rows.get(kind)
        if not subject and not opening:
            if row is not None:
                row.delete()
                changed += 1
            continue
        if row is not None and (row.subject, row.opening) == (subject, opening):
            continue
        row = row or EmailWording(kind=kind)
        row.subject, row.opening, row.updated_by = subject, opening, actor if getattr(actor, "pk", None) else None
        row.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # someone saved this kind's first wording at the same moment: all of it rolls back
            message = "Someone saved this email at the same time: try again."
            raise ValidationError({field_name(kind, "subject"): message}) from None
        changed += 1
    return changed


def email_wording_check(*, wordings: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """The wording as it would be saved, {kind: (subject, opening)}, without saving it (for a preview); the same
    ValidationError as saving."""
    return _cleaned(wordings)


@transaction.atomic
def email_wording_save(*, wordings: dict[str, dict], actor: User | None) -> int:
    """Save the subject and opening paragraph of each kind in `wordings` ({kind: {"subject", "opening"}}). One
    wrong field refuses the whole save: ValidationError names each wrong field as the settings form does."""
    return _write(_cleaned(wordings), actor)


# The library (workspaces.library) ----------------------------------------------------------------------------------


def email_wording_content() -> dict:
    """What the library keeps of a workspace's wording: per kind its subject and opening as written, placeholders
    unfilled, and the kind's label for the library page. Nothing else of the workspace: no names, ids or hosts."""
    return {
        "emails": [
            {"kind": row.kind, "label": row.get_kind_display(), "subject": row.subject, "opening": row.opening}
            for row in EmailWording.objects.order_by("kind")
            if row.subject or row.opening
        ]
    }


@transaction.atomic
def email_wording_publish(*, title: str, actor: User) -> LibraryItem:
    """Save this workspace's email wording to the library (the caller checked the role here; publishing is checked
    there)."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give the wording a title, so that others know what they copy."})
    content = email_wording_content()
    if not content["emails"]:
        raise ValidationError({"title": "This workspace uses the built-in wording: there is nothing to share yet."})
    labels = ", ".join(row["label"].lower() for row in content["emails"])
    return library_item_publish(kind=LibraryKind.EMAIL, title=title, content=content, actor=actor,
                                description=f"Wording of the {labels}")  # fmt: skip


@transaction.atomic
def email_wording_copy_from_library(*, item: LibraryItem, actor: User | None) -> list[str]:
    """Take a library set of wording: each kind it holds replaces this workspace's wording of that kind, the other
    kinds stay as they are. Wording that would not pass the settings form is refused whole; kinds this version of
    Parley does not send are left out. Returns the kinds copied."""
    if item.kind != LibraryKind.EMAIL:
        raise ValidationError({"item": "Choose a set of email wording from the library."})
    rows = item.content.get("emails") if isinstance(item.content, dict) else None
    wordings = {
        str(row["kind"]): {"subject": str(row.get("subject") or ""), "opening": str(row.get("opening") or "")}
        for row in (rows if isinstance(rows, list) else [])
        if isinstance(row, dict) and row.get("kind") in EmailKind.values
    }
    if not wordings:
        raise ValidationError({"item": f"“{item.title}” holds no wording of the emails Parley sends."})
    try:
        cleaned = _cleaned(wordings)
    except ValidationError as error:
        raise ValidationError({"item": f"“{item.title}” cannot be copied: {' '.join(error.messages)}"}) from None
    _write(cleaned, actor)
    return list(cleaned)
