"""The race for a quota's last place, with real commits: 12 strangers submit the screener at once for a cell with
one place left, each on its own connection; exactly one is let in, the others read that the study is full."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from interviews.models import InterviewLink, LinkKind
from studies.models import Participant, ScreenerResponse, ScreeningStatus, Study
from studies.recruitment import services
from tests.conftest import ACME_HOST
from tests.processes import committed

RACERS = 12


@pytest.fixture
def race_link(world):
    tag = uuid.uuid4().hex[:8]

    def create():
        with schema_context(world.acme.schema_name):
            study = Study.objects.create(title=f"Quota race {tag}", goal="early_problem_discovery")
            round_ = study.rounds.create(order=1, kind="async", purpose="Wide net", target_participants=50)
            round_.questions.create(order=1, text="Tell me about the last time you planned a sprint.")
            link = InterviewLink.objects.create(round=round_, kind=LinkKind.OPEN)
            screener = services.screener_save(round=round_, actor=None)
            plan = services.screener_question_add(screener=screener, actor=None, text="Your plan?", kind="single",
                                                  choices=["Free", "Team"], attribute="plan")  # fmt: skip
            services.quota_save(round=round_, attribute="plan", value="Team", target=3, actor=None)
            # Two places taken already: one is left.
            for i in range(2):
                services.screening_submit(round=round_, email=f"seated-{tag}-{i}@example.org",
                                          answers={f"q{plan.pk}": "Team"})  # fmt: skip
            return round_.pk, link.token, plan.pk

    round_id, token, question_id = committed(create)
    yield round_id, token, question_id, tag

    def remove():
        with schema_context(world.acme.schema_name):
            Study.objects.filter(title=f"Quota race {tag}").delete()
            Participant.objects.filter(email__contains=f"-{tag}-").delete()

    committed(remove)


def test_twelve_racers_for_the_last_place_of_a_cell_let_one_in(race_link, world, report):
    round_id, token, question_id, tag = race_link
    barrier = threading.Barrier(RACERS)
    codes: list[int] = []
    lock = threading.Lock()

    def racer(i: int) -> None:
        client = Client(HTTP_HOST=ACME_HOST)
        try:
            barrier.wait(timeout=30)
            response = client.post(f"/i/{token}/screener/",
                                   {"email": f"racer-{tag}-{i}@example.org", f"q{question_id}": "Team"})  # fmt: skip
            with lock:
                codes.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(codes) == [200] * (RACERS - 1) + [302], codes  # one redirect into the interview

    def stored():
        with schema_context(world.acme.schema_name):
            rows = ScreenerResponse.objects.filter(round_id=round_id)
            return rows.filter(status=ScreeningStatus.QUALIFIED).count(), rows.filter(
                status=ScreeningStatus.QUOTA_FULL
            ).count()

    assert committed(stored) == (3, RACERS - 1)
    report(f"quota race: {RACERS} concurrent screeners for a cell's last place -> 1 in, {RACERS - 1} told it is full")
