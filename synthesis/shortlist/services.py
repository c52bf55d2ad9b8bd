"""Writes of the shortlist: its quotas per attribute value (the hand-off itself is interviews.booking.handoffs)."""

from django.db import transaction

from studies.models import Round
from workspaces.models import User


@transaction.atomic
def shortlist_quotas_save(*, round: Round, quotas: dict, actor: User | None) -> Round:
    """Set how many people of each attribute value the round's shortlist should hold ({} for none)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    round.shortlist_quotas = {name: dict(values) for name, values in quotas.items() if values}
    round.full_clean()
    round.save(update_fields=["shortlist_quotas"])
    return round
