"""Writes to the roadmap: items and their moves, evidence links, share links, segment weights, closing the loop.

Every function validates before it writes and runs in one transaction. A status change emits the
`roadmap_item.status_changed` webhook with the change, and a move to `shipped` tells the item's consenting
participants, once per item and participant whatever the status does afterwards.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from interviews.links.services import InvitationRefused, invitation_create
from outbox.services import email_queue
from roadmap.models import (
    EvidenceLink,
    Horizon,
    Importance,
    ItemStatus,
    RoadmapItem,
    RoadmapShare,
    SegmentWeight,
    ShippedNotice,
)
from roadmap.selectors import item_participants
from studies.models import Participant, Round, RoundKind
from studies.participants.contact_rules import HEAR_BACK_REFUSALS, contact_decisions
from synthesis.models import Highlight, Insight
from webhooks.services import webhook_emit
from workspaces.models import Membership, User
from workspaces.selectors import current_workspace

logger = logging.getLogger(__name__)

STATUS_CHANGED = "roadmap_item.status_changed"
ITEM_FIELDS = frozenset({"title", "description", "status", "horizon", "owner", "external_url", "effort", "position"})
MOVE_FIELDS = frozenset({"status", "horizon", "position"})
MAX_SEGMENT_WEIGHT = Decimal(100)


# Items ---------------------------------------------------------------------------------------------------------------


def _check_fields(fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set here."))


def _clean_owner(owner: User | None) -> User | None:
    if owner is None:
        return None
    if not Membership.objects.filter(user=owner, workspace=current_workspace()).exists():
        raise ValidationError({"owner": f"{owner.email} is not a member of this workspace."})
    return owner


def _clean_choice(field: str, value, choices) -> str:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise ValidationError({field: f"“{value}” is not a {field}: use one of {allowed}."})
    return value


def _set_item_fields(item: RoadmapItem, fields: dict) -> None:
    for name, value in fields.items():
        if name == "owner":
            value = _clean_owner(value)
        elif name in ("title", "description", "external_url"):
            value = (value or "").strip()
        setattr(item, name, value)


def _next_position(status: str) -> int:
    last = RoadmapItem.objects.filter(status=status).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def item_create(*, actor: User | None, **fields) -> RoadmapItem:
    """A new item, at the end of its status column unless `position` is given."""
    _check_fields(fields, ITEM_FIELDS)
    item = RoadmapItem()
    _set_item_fields(item, fields)
    _clean_choice("status", item.status, ItemStatus)
    _clean_choice("horizon", item.horizon, Horizon)
    if "position" not in fields:
        item.position = _next_position(item.status)
    if item.status == ItemStatus.SHIPPED:
        item.shipped_at = timezone.now()
    item.full_clean()
    item.save()
    logger.info("roadmap item %s created by %s", item.pk, actor)
    return item


@transaction.atomic
def item_update(*, item: RoadmapItem, actor: User | None, **fields) -> RoadmapItem:
    """Change the given fields; a change of status, horizon or position goes through `item_move` (webhook,
    close-the-loop)."""
    _check_fields(fields, ITEM_FIELDS)
    move = {name: fields.pop(name) for name in MOVE_FIELDS & set(fields)}
    _set_item_fields(item, fields)
    item.full_clean()
    if fields:  # only what changed: a stale copy of the item must not undo someone else's move
        item.save(update_fields=[*fields, "updated_at"])
    if move:
        item = item_move(item=item, actor=actor, **move)
    return item


@transaction.atomic
def item_move(
    *,
    item: RoadmapItem,
    status: str | None = None,
    horizon: str | None = None,
    position: int | None = None,
    actor: User | None,
) -> RoadmapItem:
    """Move an item to another status and/or horizon and/or place in its column.

    A status change emits `roadmap_item.status_changed` (old and new status). Moving to `shipped` writes the
    shipped emails of the item's consenting participants in this same transaction: they commit with the move (or
    not at all) and the outbox delivers them after commit, so a broker outage or a crash right after the commit
    cannot lose them, and the row lock below makes two simultaneous moves send them once."""
    locked = RoadmapItem.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise ValidationError("This item no longer exists.")
    old_status = locked.status
    # Start from the row as it is now, not from the caller's copy, which may be stale.
    item.status, item.horizon, item.position = locked.status, locked.horizon, locked.position
    item.shipped_at = locked.shipped_at
    if status is not None:
        item.status = _clean_choice("status", status, ItemStatus)
    if horizon is not None:
        item.horizon = _clean_choice("horizon", horizon, Horizon)
    if position is not None:
        try:
            position = int(position)
        except (TypeError, ValueError):
            raise ValidationError({"position": "Give the position as a whole number."}) from None
        if position < 0:
            raise ValidationError({"position": "The position cannot be negative."})
        # Make room: the items of the destination column at or after this place move down one.
        RoadmapItem.objects.filter(status=item.status, position__gte=position).exclude(pk=item.pk).update(
            position=F("position") + 1
        )
        item.position = position
    elif item.status != old_status:
        item.position = _next_position(item.status)

    changed = item.status != old_status
    if changed:
        item.shipped_at = timezone.now() if item.status == ItemStatus.SHIPPED else None
    item.full_clean()
    item.save(update_fields=["status", "horizon", "position", "shipped_at", "updated_at"])
    if changed:
        webhook_emit(
            event=STATUS_CHANGED,
            data={
                "item": {
                    "id": item.pk,
                    "title": item.title,
                    "status": item.status,
                    "horizon": item.horizon,
                    "external_url": item.external_url,
                },
                "old_status": old_status,
                "new_status": item.status,
                "changed_by": actor.email if actor is not None else None,
            },
        )
        logger.info("roadmap item %s moved from %s to %s by %s", item.pk, old_status, item.status, actor)
        if item.status == ItemStatus.SHIPPED:
            shipped_notify(item=item)
    return item


@transaction.atomic
def item_delete(*, item: RoadmapItem, actor: User | None) -> None:
    logger.info("roadmap item %s (%s) deleted by %s", item.pk, item.title, actor)
    item.delete()


# Evidence ------------------------------------------------------------------------------------------------------------


def _clean_importance(importance) -> int:
    try:
        value = int(importance)
    except (TypeError, ValueError):
        value = None
    if value not in Importance.values or isinstance(importance, bool):
        raise ValidationError({"importance": "Importance goes from 0 (context only) to 3 (critical)."})
    return value


@transaction.atomic
def evidence_link(
    *,
    item: RoadmapItem,
    insight: Insight | None = None,
    highlight: Highlight | None = None,
    importance: int,
    note: str = "",
    actor: User | None,
) -> EvidenceLink:
    """Link one insight or one quote to the item, once."""
    if (insight is None) == (highlight is None):
        message = "Link an insight or a quote, not both." if insight else "Choose an insight or a quote to link."
        raise ValidationError({"insight" if insight is None else "highlight": message})
    importance = _clean_importance(importance)
    if insight is not None and item.links.filter(insight=insight).exists():
        raise ValidationError({"insight": "This insight is already linked to this item."})
    if highlight is not None and item.links.filter(highlight=highlight).exists():
        raise ValidationError({"highlight": "This quote is already linked to this item."})
    link = EvidenceLink(
        item=item, insight=insight, highlight=highlight, importance=importance, note=(note or "").strip(),
        added_by=actor,
    )  # fmt: skip
    link.full_clean(exclude=["added_by"])
    link.save()
    RoadmapItem.objects.filter(pk=item.pk).update(updated_at=timezone.now())
    return link


@transaction.atomic
def evidence_update(*, link: EvidenceLink, importance: int, note: str, actor: User | None) -> EvidenceLink:
    link.importance = _clean_importance(importance)
    link.note = (note or "").strip()
    link.full_clean(exclude=["added_by"])
    link.save(update_fields=["importance", "note"])
    return link


@transaction.atomic
def evidence_unlink(*, link: EvidenceLink, actor: User | None) -> None:
    logger.info("evidence link %s removed from roadmap item %s by %s", link.pk, link.item_id, actor)
    link.delete()


# Sharing and segment weights -----------------------------------------------------------------------------------------


@transaction.atomic
def share_create(*, actor: User | None, attributes: list[str] | None = None) -> RoadmapShare:
    """A share link; the shared page counts participants only by `attributes` (by default, those with segment
    weights), so an attribute that names a customer (company, email domain) is never shown unless chosen."""
    chosen = sorted({a.strip() for a in attributes or [] if isinstance(a, str) and a.strip()})
    share = RoadmapShare.objects.create(created_by=actor, attributes=chosen)
    logger.info("roadmap share %s created by %s", share.pk, actor)
    return share


@transaction.atomic
def share_revoke(*, share: RoadmapShare, actor: User | None) -> RoadmapShare:
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        logger.info("roadmap share %s revoked by %s", share.pk, actor)
    return share


@transaction.atomic
def segment_weights_save(*, weights: list[dict], actor: User | None) -> list[SegmentWeight]:
    """Replace the workspace's segment weights with `weights` ({attribute, value, weight} each); all or nothing."""
    rows, errors, seen = [], [], set()
    for number, entry in enumerate(weights, start=1):
        attribute = str(entry.get("attribute") or "").strip()
        value = str(entry.get("value") or "").strip()
        try:
            weight = Decimal(str(entry.get("weight", 1))).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            weight = None
        if not attribute or not value:
            errors.append(f"Row {number}: give both an attribute and a value (e.g. plan and enterprise).")
        elif weight is None or not Decimal(0) < weight <= MAX_SEGMENT_WEIGHT:
            errors.append(f"Row {number}: the weight of {attribute}={value} must be above 0 and at most 100.")
        elif (attribute, value) in seen:
            errors.append(f"Row {number}: {attribute}={value} appears twice.")
        else:
            seen.add((attribute, value))
            rows.append(SegmentWeight(attribute=attribute, value=value, weight=weight))
    if errors:
        raise ValidationError({"weights": errors})
    for row in rows:
        row.full_clean(validate_unique=False)
    SegmentWeight.objects.all().delete()
    saved = SegmentWeight.objects.bulk_create(rows)
    logger.info("segment weights replaced (%s) by %s", len(saved), actor)
    return saved


# Closing the loop ----------------------------------------------------------------------------------------------------


@transaction.atomic
def shipped_notify(*, item: RoadmapItem) -> list[ShippedNotice]:
    """Email each participant behind the item who agreed to be contacted that it shipped, once per item and person.

    Do-not-contact wins over everything, and no consent means no email. The cooldown between invitations and the
    cap on interviews do not apply: they protect people from being asked for their time too often, and this email
    asks for nothing; holding back a thank-you because someone was interviewed last week would be the wrong way
    round. For the same reason it is not written to the contact history
    (`studies.participants.contact_rules.contact_record` knows invitations and interviews, and recording it as an
    invitation would start a cooldown and block a real one): the `ShippedNotice` rows are this email's history."""
    already = set(ShippedNotice.objects.filter(item=item).values_list("participant_id", flat=True))
    candidates = [p for p in item_participants(item) if p.pk not in already]
    if not candidates:
        return []
    decisions = contact_decisions(candidates, require_consent=True)
    workspace_name = current_workspace().name
    notices = []
    for participant in candidates:
        decision = decisions[participant.pk]
        # Only do-not-contact and consent hold for a thank-you; see the docstring for why the cooldown and cap do not.
        if not decision.allowed and decision.code in HEAR_BACK_REFUSALS:
            continue
        email = email_queue(
            template="roadmap-shipped",
            to=participant.email,
            context={
                "name": participant.name,
                "workspace_name": workspace_name,
                "title": item.title,
                "description": item.description,
            },
        )
        notices.append(ShippedNotice(item=item, participant=participant, email=email))
    # The item row is locked by item_move; ignore_conflicts still keeps a direct second call from failing.
    ShippedNotice.objects.bulk_create(notices, ignore_conflicts=True)
    logger.info("roadmap item %s shipped: %s participants told", item.pk, len(notices))
    return notices


@dataclass(frozen=True)
class Refusal:
    participant: Participant
    code: str
    reason: str


@dataclass(frozen=True)
class Invited:
    participant: Participant
    link: object  # interviews.models.InterviewLink


@transaction.atomic
def validation_invite(*, item: RoadmapItem, round: Round, actor: User | None) -> dict:
    """Invite the item's participants to an async round to validate it: `{"invited": [...], "refused": [...]}`.

    The contact rules apply in full (do-not-contact, consent, cooldown, interview cap) since this asks for their
    time; each refusal carries the reason governance gives."""
    if round.kind != RoundKind.ASYNC:
        raise ValidationError({"round": "Validation rounds are async: choose an async round."})
    participants = list(item_participants(item))
    decisions = contact_decisions(participants, require_consent=True)
    invited, refused = [], []
    for participant in participants:
        decision = decisions[participant.pk]
        if not decision.allowed:
            refused.append(Refusal(participant=participant, code=decision.code, reason=decision.reason))
            continue
        try:
            link = invitation_create(round=round, email=participant.email, actor=actor, event=f"roadmap_item_{item.pk}")
        except InvitationRefused as refusal:
            refused.append(Refusal(participant, refusal.decision.code, refusal.decision.reason))
            continue
        invited.append(Invited(participant=participant, link=link))
    logger.info(
        "roadmap item %s: %s invited to round %s, %s refused, by %s", item.pk, len(invited), round.pk, len(refused),
        actor,
    )  # fmt: skip
    return {"invited": invited, "refused": refused}
