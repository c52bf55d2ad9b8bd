"""Participant pages under load, against the bare Django view in the same run, on docs/operations.md's processes.

In acme's schema this module commits a study with an async round (an open link, and one interview started on it)
and a sync round whose public booking page offers a host's times (bench/booking.py's `build_round` with one host),
then gunicorn (gthread, as docs/operations.md runs it; rate limits raised out of reach, every client being
127.0.0.1) serves 32 clients asking for, in turns: the bare view `/healthz`, the interview's intro page (a new
visitor), the chat page (the started interview, by its resume token) and the booking page with its times. Each page
gets the same time in slices that take turns (bench/loadgen.py). Everything is removed afterwards; leftovers of an
interrupted run are recognised by name.
"""

import secrets

from django.db import transaction
from django_tenants.utils import schema_context

from bench import booking, throughput
from interviews.links.services import link_create, session_start
from interviews.models import Booking, BookingRules
from studies.models import GuideQuestion, Participant, RoundKind, Study
from studies.programme.services import round_add, study_create
from workspaces.models import User, Workspace

WORKSPACE = "acme"
HOST = "acme.localhost"
TITLE_PREFIX = "bench-pages-"
UNREACHABLE = "1000000000"


def measure(*, clients: int, seconds: float, rounds: int) -> dict:
    acme = Workspace.objects.get(slug=WORKSPACE)
    with schema_context(acme.schema_name):
        _remove_leftovers()
        paths, study_ids = _create()
        try:
            targets = {name: {"host": HOST, "path": path, "headers": {}} for name, path in paths.items()}
            env = {"PARLEY_RATE_LIMIT_PER_LINK": UNREACHABLE, "PARLEY_RATE_LIMIT_PER_ADDRESS": UNREACHABLE}
            with throughput.gunicorn(env, production=True) as port:
                for target in targets.values():
                    throughput.expect_ok(port, **target)
                results = throughput.load(port, targets, clients=clients, seconds=seconds, rounds=rounds)
        finally:
            _remove(study_ids)
    for name, result in results.items():
        if result["non_200"] or result["transport_errors"]:
            raise SystemExit(
                f"GET {paths[name]}: {result['non_200']} non-200 responses {result['statuses']} and"
                f" {result['transport_errors']} transport errors (first: {result['first_error'] or '-'})"
            )
    return results


@transaction.atomic
def _create() -> tuple[dict[str, str], list[int]]:
    run = secrets.token_hex(3)
    study = study_create(title=f"{TITLE_PREFIX}{run}", goal="continuous_feedback", actor=None)
    round_ = round_add(study=study, kind=RoundKind.ASYNC, purpose="Participant pages", target_participants=100,
                       actor=None)  # fmt: skip
    GuideQuestion.objects.bulk_create(
        GuideQuestion(round=round_, order=order, text=f"Tell me about the last time you {topic}.")
        for order, topic in enumerate(("exported a report", "planned your week", "asked for help"), start=1)
    )
    link = link_create(round=round_, actor=None, label="bench pages")
    session = session_start(link=link)
    rules = booking.build_round(hosts=1)
    rules.round.study.title = f"{TITLE_PREFIX}{run} booking"
    rules.round.study.save(update_fields=["title"])
    rules.is_public = True
    rules.save(update_fields=["is_public"])
    paths = {
        "bare_view": "/healthz",
        "intro": f"/i/{link.token}/",
        "chat": f"/i/{link.token}/?resume={session.resume_token}",
        "booking": f"/book/{rules.public_token}/",
    }
    return paths, [study.pk, rules.round.study_id]


def _remove(study_ids: list[int]) -> None:
    """The studies (their rounds, link, session, rules and calls cascade), then the booking round's host and the
    people of its existing calls."""
    hosts = list(BookingRules.objects.filter(round__study__in=study_ids).values_list("hosts", flat=True))
    people = list(Booking.objects.filter(round__study__in=study_ids).values_list("participant", flat=True))
    Study.objects.filter(pk__in=study_ids).delete()
    Participant.objects.filter(pk__in=people).delete()
    User.objects.filter(pk__in=[pk for pk in hosts if pk]).delete()


def _remove_leftovers() -> None:
    _remove(list(Study.objects.filter(title__startswith=TITLE_PREFIX).values_list("pk", flat=True)))
