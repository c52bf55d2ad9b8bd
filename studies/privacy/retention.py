"""Retention: a workspace that sets `Governance.retention_days` has raw answers, transcripts and recordings older
than that deleted every night by beat; each app deletes its own (studies.privacy.registry). Recordings' files also
have a period of their own (`recording_retention_days`, 90 days by default), applied even with retention off."""

from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from studies.audit.services import audit_record
from studies.models import Governance
from studies.privacy.registry import file_retainers, retainers


@transaction.atomic
def retention_apply(*, now=None) -> dict[str, int] | None:
    """Delete what is older than the workspace's retention period; None when retention is off (the default).

    Kept highlights lose their link to the person (a pseudonym replaces it) but keep their words, so insights and
    the roadmap keep their evidence."""
    rules = Governance.current()
    now = now or timezone.now()
    files: Counter[str] = Counter()
    for retainer in file_retainers():
        files.update(retainer(now=now, rules=rules))
    files = Counter({kind: n for kind, n in files.items() if n})
    if not rules.retention_days:
        if files:
            audit_record(actor=None, action="retention.applied",
                         detail={"recording_days": rules.recording_retention_days, **files})  # fmt: skip
        return None
    cutoff = now - timedelta(days=rules.retention_days)
    counts: Counter[str] = Counter(files)
    for retainer in retainers():
        counts.update(retainer(cutoff=cutoff, keep_highlights=rules.retention_keep_highlights))
    counts = Counter({kind: n for kind, n in counts.items() if n})
    if counts:
        audit_record(actor=None, action="retention.applied", detail={"days": rules.retention_days, **counts})
    return dict(counts)
