"""Which sync round an async round's people move on to: the funnel's next step, or the episode it feeds."""

from collections.abc import Iterable

from studies.models import Round, RoundKind, RoundStatus


def handoff_target(round_: Round, rounds: Iterable[Round] | None = None) -> Round | None:
    """The sync round an async round hands its people to, or None.

    An always-on async round that feeds episodic sync rounds (`source_round`) hands to its newest episode that is
    not closed; otherwise the study's next round by order, when that round is sync. `rounds` are the study's rounds
    when the caller has them (no query then)."""
    if round_.kind != RoundKind.ASYNC:
        return None
    if rounds is None:
        rounds = Round.objects.filter(study_id=round_.study_id)
    rounds = sorted(rounds, key=lambda r: r.order)
    episodes = [r for r in rounds if r.source_round_id == round_.pk and r.kind == RoundKind.SYNC]
    open_episodes = [r for r in episodes if r.status != RoundStatus.CLOSED]
    if open_episodes:
        return max(open_episodes, key=lambda r: r.pk)
    later = [r for r in rounds if r.order > round_.order]
    if later and later[0].kind == RoundKind.SYNC:
        return later[0]
    return None


def shortlist_round_ids(rounds: Iterable[Round]) -> set[int]:
    """The async rounds among a study's `rounds` that have a shortlist (a sync round follows or is fed)."""
    rounds = list(rounds)
    return {r.pk for r in rounds if handoff_target(r, rounds) is not None}
