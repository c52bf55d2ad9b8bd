"""Where each round of a study stands: its pipeline with counts and rates, and the study's synthesis numbers.

Studies cannot see interviews, synthesis or the roadmap, so those apps register counters here from their
`AppConfig.ready()`. A round counter takes rounds (of any studies) and answers `{round_id: {name: count}}`; a study
counter takes one study and answers `{name: count}`. Each runs a fixed number of queries whatever the rows.

The names counted: `invited`, `started`, `completed`, `completed_personal`, `shortlisted` (async); `invited`,
`invited_booked`, `booked`, `held`, `no_show`, `transcribed` (sync); `transcripts`, `coded` (both);
`insights`, `roadmap_links`, `roadmap_items` (study).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from studies.models import Round, RoundKind, RoundStatus, Study

RoundCounter = Callable[[list[int]], dict[int, dict[str, int]]]
StudyCounter = Callable[[Study], dict[str, int]]

_round_counters: dict[str, RoundCounter] = {}
_study_counters: dict[str, StudyCounter] = {}


def register_round_counter(name: str, counter: RoundCounter) -> None:
    _round_counters[name] = counter  # by name: registering twice (a reloaded app) replaces, never doubles


def register_study_counter(name: str, counter: StudyCounter) -> None:
    _study_counters[name] = counter


def round_counts(round_ids: Iterable[int], *, only: Iterable[str] | None = None) -> dict[int, dict[str, int]]:
    """Every registered counter's numbers for these rounds (or only the counters named)."""
    ids = list(round_ids)
    names = set(_round_counters) if only is None else set(only)
    merged: dict[int, dict[str, int]] = defaultdict(dict)
    if ids:
        for counter in (c for name, c in _round_counters.items() if name in names):
            for round_id, numbers in counter(ids).items():
                merged[round_id].update(numbers)
    return merged


def study_counts(study: Study) -> dict[str, int]:
    merged: dict[str, int] = {}
    for counter in _study_counters.values():
        merged.update(counter(study))
    return merged


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    count: int
    rate: int | None = None  # percent, None when the base is zero
    rate_of: str = ""  # what the rate is a share of, in words


@dataclass(frozen=True)
class RoundPipeline:
    round: Round
    stages: list[Stage]
    done: int  # interviews done: completed sessions (async) or calls held (sync)
    target: int
    transcripts: int
    coded: int

    @property
    def target_progress(self) -> int:
        return min(100, percent(self.done, self.target) or 0)

    @property
    def target_reached(self) -> bool:
        return self.done >= self.target

    @property
    def offer_close(self) -> bool:
        """The researcher is offered "Target reached: close this round"."""
        return self.target_reached and self.round.status == RoundStatus.LIVE


def _async_stages(n: dict[str, int]) -> list[Stage]:
    invited, started, completed = n.get("invited", 0), n.get("started", 0), n.get("completed", 0)
    stages = [
        Stage("invited", "Invited", invited),
        Stage("started", "Started", started),
        Stage("completed", "Completed", completed, percent(completed, started), "of started"),
    ]
    if invited:
        personal = n.get("completed_personal", 0)
        stages.append(Stage("completed_invited", "Completed (invited)", personal, percent(personal, invited),
                            "of invited"))  # fmt: skip
    shortlisted = n.get("shortlisted", 0)
    stages.append(Stage("shortlisted", "Shortlisted", shortlisted, percent(shortlisted, completed), "of completed"))
    return stages


def _sync_stages(n: dict[str, int]) -> list[Stage]:
    invited, held, no_show = n.get("invited", 0), n.get("held", 0), n.get("no_show", 0)
    return [
        Stage("invited", "Invited", invited),
        Stage("booked", "Booked", n.get("booked", 0), percent(n.get("invited_booked", 0), invited), "of invited"),
        Stage("held", "Held", held, percent(held, held + no_show), "of calls due"),
        Stage("no_show", "No-show", no_show, percent(no_show, held + no_show), "of calls due"),
        Stage("transcribed", "Transcribed", n.get("transcribed", 0), percent(n.get("transcribed", 0), held),
              "of held"),
    ]  # fmt: skip


def round_pipeline(round_: Round, numbers: dict[str, int]) -> RoundPipeline:
    is_async = round_.kind == RoundKind.ASYNC
    return RoundPipeline(
        round=round_,
        stages=_async_stages(numbers) if is_async else _sync_stages(numbers),
        done=numbers.get("completed" if is_async else "held", 0),
        target=round_.target_participants,
        transcripts=numbers.get("transcripts", 0),
        coded=numbers.get("coded", 0),
    )


@dataclass(frozen=True)
class StudyProgress:
    rounds: list[RoundPipeline]
    transcripts: int = 0
    coded: int = 0
    insights: int = 0
    roadmap_links: int = 0
    roadmap_items: int = 0

    @property
    def coded_share(self) -> int | None:
        return percent(self.coded, self.transcripts)


def study_progress(study: Study, rounds: list[Round]) -> StudyProgress:
    """Every round's pipeline and the study's synthesis numbers: a fixed number of queries (one per counter)."""
    counts = round_counts(r.pk for r in rounds)
    pipelines = [round_pipeline(r, counts.get(r.pk, {})) for r in rounds]
    numbers = study_counts(study)
    return StudyProgress(
        rounds=pipelines,
        transcripts=sum(p.transcripts for p in pipelines),
        coded=sum(p.coded for p in pipelines),
        insights=numbers.get("insights", 0),
        roadmap_links=numbers.get("roadmap_links", 0),
        roadmap_items=numbers.get("roadmap_items", 0),
    )
