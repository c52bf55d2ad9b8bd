"""Study templates in the library: a researcher staff allowed to publish saves acme's study (its plan, rounds,
guides and booking rules); the globex owner starts a draft study from it, from the library on the public host
("Use this template in…", then the hand-off to globex's host) or from globex's new study page. The copied guides
are linted and the flags reported; nothing of what acme's study met travels. Roles, outsiders, bad input."""

import json
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django_tenants.utils import schema_context

from interviews.models import (
    BookingInvite,
    BookingQuestion,
    BookingRules,
    HostSchedule,
    InterviewLink,
    Message,
    Session,
)
from studies.models import GuideQuestion, Participant, Round, Study
from studies.study_templates.services import ROUND_KEYS, STUDY_KEYS
from tests.conftest import GLOBEX_HOST
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import QuestionFactory, RoundFactory, StudyFactory
from workspaces.models import LibraryItem, User

PUBLIC = "localhost"
LEADING = "How easy was the setup?"


def _publisher(user: User) -> User:
    user.library_publisher = True
    user.save(update_fields=["library_publisher"])
    return user


@pytest.fixture
def acme_study(world):
    """A running acme study with a participant, a link, a session with answers, an invitation and a host: the things
    that must stay in acme."""
    with schema_context(world.acme.schema_name):
        study = StudyFactory(
            title="Onboarding discovery", goal="understanding_workflows", research_questions=["How do teams set up?"],
            method="both", programme_model="funnel", public_title="A chat about getting started",
            public_description="Twenty minutes about your first week.", incentive_amount=Decimal("25.00"),
            incentive_currency="EUR", incentive_description="a 25 EUR voucher", status="running", owner=world.owner,
            starts_on="2030-01-06", ends_on="2030-02-28", plan={"participants": 40},
        )  # fmt: skip
        wide = RoundFactory(study=study, order=1, kind="async", purpose="Wide net", target_participants=200,
                            time_budget_minutes=8, hidden_fields=["plan"], reminder_after_days=3, status="live",
                            starts_on="2030-01-06")  # fmt: skip
        QuestionFactory(round=wide, order=1, text="Tell me about your first week with the tool.",
                        intent="The first week, in their words", probing="Ask what they tried first.")  # fmt: skip
        QuestionFactory(round=wide, order=2, text=LEADING, intent="Leading on purpose")
        rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"), duration_minutes=30,
                                      buffer_after_minutes=10, location="Olive's desk, Quietmoor Street")  # fmt: skip
        deep = rules.round
        Round.objects.filter(pk=deep.pk).update(study=study, order=2, target_participants=8, incentive_amount=60)
        QuestionFactory(round=deep, order=1, text="Walk me through the last time you invited your team.")
        BookingQuestion.objects.create(rules=rules, order=1, label="Your role?")
        HostSchedule.objects.filter(user=world.owner).update(meeting_url="https://meet.quietmoor.example/olive")

        zed = Participant.objects.create(name="Zed Acmeperson", email="zed@acme-customer.example")
        link = InterviewLink.objects.create(round=wide, kind="personal", participant=zed, label="Zed's link")
        session = Session.objects.create(link=link, round=wide, participant=zed)
        Message.objects.create(session=session, order=1, role="participant", kind="answer",
                               text="Honestly the Zebraquartz import broke twice.")  # fmt: skip
        invite = BookingInvite.objects.create(round=deep, participant=zed)
        study.acme_token = rules.public_token
        study.leaks = [
            "Zed", "acme-customer", "Zebraquartz", "Olive", "owner@acme.test", "Quietmoor", "quietmoor", link.token,
            session.resume_token, invite.token, rules.public_token, "2030-01-06", "2030-02-28",
            HostSchedule.objects.get(user=world.owner).feed_token,
        ]  # fmt: skip
        return study


def _publish(client_for, world, study, title="Onboarding programme") -> LibraryItem:
    response = client_for(_publisher(world.researcher)).post(f"/studies/{study.pk}/library/publish/", {"title": title})
    assert response.status_code == 302
    return LibraryItem.objects.get(title=title, kind="study_template")


def _globex_rows(study: Study) -> str:
    """Everything written in globex for the new study, as text."""
    rows = [model_to_dict(study)]
    for round_ in study.rounds.all():
        rows.append(model_to_dict(round_))
        rows += [model_to_dict(q) for q in round_.questions.all()]
        rules = BookingRules.objects.filter(round=round_).first()
        if rules:
            rows += [model_to_dict(rules)] + [model_to_dict(q) for q in rules.questions.all()]
    return json.dumps(rows, default=str)


def _check_the_copy(world, acme_study, *, owner: User) -> Study:
    with schema_context(world.globex.schema_name):
        study = Study.objects.get(title="Onboarding discovery")
        assert (study.status, study.owner_id, study.starts_on, study.ends_on, study.plan) == (
            "draft", owner.pk, None, None, {}
        )  # fmt: skip
        assert (study.goal, study.method, study.programme_model) == ("understanding_workflows", "both", "funnel")
        assert study.research_questions == ["How do teams set up?"]
        assert (study.public_title, study.incentive_amount, study.incentive_currency) == (
            "A chat about getting started", Decimal("25.00"), "EUR"
        )  # fmt: skip
        rounds = list(study.rounds.order_by("order"))
        assert [(r.order, r.kind, r.purpose, r.target_participants, r.status) for r in rounds] == [
            (1, "async", "Wide net", 200, "planned"), (2, "sync", "Deep dives", 8, "planned")
        ]  # fmt: skip
        wide_round = rounds[0]
        assert (wide_round.time_budget_minutes, wide_round.hidden_fields, wide_round.reminder_after_days) == (
            8, ["plan"], 3
        )  # fmt: skip
        assert rounds[0].starts_on is None and rounds[1].incentive_amount == Decimal("60.00")
        wide = list(GuideQuestion.objects.filter(round=rounds[0]).order_by("order"))
        assert [(q.text, q.intent) for q in wide] == [
            ("Tell me about your first week with the tool.", "The first week, in their words"),
            (LEADING, "Leading on purpose"),
        ]
        assert wide[0].probing == "Ask what they tried first."
        rules = BookingRules.objects.get(round=rounds[1])
        assert (rules.duration_minutes, rules.buffer_after_minutes, rules.location) == (30, 10, "")
        assert not rules.hosts.exists() and rules.public_token != acme_study.acme_token
        assert list(rules.questions.values_list("label", flat=True)) == ["Your role?"]
        assert not Participant.objects.filter(email="zed@acme-customer.example").exists()
        round_ids = [r.pk for r in rounds]
        assert not InterviewLink.objects.filter(round_id__in=round_ids).exists()
        assert not Session.objects.filter(round_id__in=round_ids).exists()
        assert not BookingInvite.objects.filter(round_id__in=round_ids).exists()
        rows = _globex_rows(study)
    for leak in acme_study.leaks:
        assert leak not in rows, leak
    return study


def test_publish_then_use_from_the_library_page_in_another_workspace(client_for, world, acme_study):
    item = _publish(client_for, world, acme_study)
    assert set(item.content) == {"study", "rounds"}
    assert set(item.content["study"]) == set(STUDY_KEYS)
    for row in item.content["rounds"]:
        assert set(row) <= {"order", *ROUND_KEYS, "guide", "booking_preset"}
    assert "booking_preset" in item.content["rounds"][1] and "booking_preset" not in item.content["rounds"][0]
    stored = json.dumps(item.content)
    for leak in acme_study.leaks:
        assert leak not in stored, leak
    assert "acme" not in stored.lower()
    assert item.description == "Understanding workflows: 2 rounds (async → sync), 3 questions"

    # The globex owner reads it on the public host: rounds with their kinds and question counts, and a choice of
    # their own workspaces where they may start it.
    public = client_for(world.outsider, host=PUBLIC)
    page = public.get("/library/", {"kind": "study_template"}).text
    assert "Onboarding programme" in page and "Wide net" in page and "2 questions" in page and "1 question " in page
    assert "Use this template in…" in page and "Globex</option>" in page and "Acme Corp" not in page

    response = public.post("/library/templates/use/", {"item": item.pk, "workspace": world.globex.pk})
    assert response.status_code == 302
    with schema_context(world.globex.schema_name):
        new = Study.objects.get(title="Onboarding discovery")
    assert response["Location"] == f"/go/globex/?next=%2Fstudies%2F{new.pk}%2Ffrom-library%2F"
    # The hand-off opens the new study on globex's host, signed in, with what came and what the linter flags.
    hop = public.get(response["Location"])
    target = urlsplit(hop["Location"])
    assert target.netloc == "globex.localhost:8000" and target.path == "/accounts/arrive/"
    globex = Client(HTTP_HOST=GLOBEX_HOST)
    page = globex.get(f"{target.path}?{target.query}", follow=True)
    assert page.status_code == 200 and page.redirect_chain[-1][0] == f"/studies/{new.pk}/"
    assert "Started the draft study “Onboarding discovery” from a library template: 2 rounds, 3 questions" in page.text
    assert "The linter flags 1 question" in page.text
    assert f"Round 1, question 2 “{LEADING}”: Leading: the adjective suggests the answer." in page.text
    _check_the_copy(world, acme_study, owner=world.outsider)


def test_start_from_a_template_inside_a_workspace(client_for, world, acme_study):
    item = _publish(client_for, world, acme_study)
    globex = client_for(world.outsider, host=GLOBEX_HOST)
    new_page = globex.get("/studies/new/").text
    assert "Start from a library template" in new_page and "Onboarding programme" in new_page
    page = globex.post("/studies/from-library/", {"item": item.pk}, follow=True)
    assert page.status_code == 200 and "Started the draft study “Onboarding discovery”" in page.text
    assert "Leading: the adjective suggests the answer." in page.text
    _check_the_copy(world, acme_study, owner=world.outsider)


def test_only_publishers_who_write_research_publish(client_for, world, acme_study):
    url = f"/studies/{acme_study.pk}/library/publish/"
    assert client_for(world.researcher).post(url, {"title": "No"}).status_code == 403  # staff have not allowed it
    for member in (world.pm, world.viewer):
        assert client_for(_publisher(member)).post(url, {"title": "No"}).status_code == 403
    assert client_for(_publisher(world.outsider)).post(url, {"title": "No"}).status_code == 404
    assert client_for(world.staff).post(url, {"title": "No"}).status_code == 404
    assert not LibraryItem.objects.filter(kind="study_template").exists()
    study_page = f"/studies/{acme_study.pk}/"
    assert "Share as a study template" not in client_for(world.owner).get(study_page).text
    assert "Share as a study template" in client_for(_publisher(world.researcher)).get(study_page).text
    with schema_context(world.acme.schema_name):
        empty = StudyFactory(title="No rounds yet")
    page = client_for(world.researcher).post(f"/studies/{empty.pk}/library/publish/", {"title": "Empty"}, follow=True)
    assert "This study has no rounds to share yet" in page.text
    assert not LibraryItem.objects.filter(kind="study_template").exists()


def _studies(world, title="Onboarding discovery") -> tuple[int, int]:
    counts = []
    for workspace in (world.acme, world.globex):
        with schema_context(workspace.schema_name):
            counts.append(Study.objects.filter(title=title).count())
    return tuple(counts)


def test_a_template_goes_only_where_the_person_owns_or_researches(client_for, world, acme_study):
    item = _publish(client_for, world, acme_study)
    before = _studies(world)

    def use(user, workspace) -> int:
        data = {"item": item.pk, "workspace": getattr(workspace, "pk", workspace)}
        return client_for(user, host=PUBLIC).post("/library/templates/use/", data).status_code

    # Acme's researcher may not start it in globex; acme's viewer and PM not in acme; staff belong nowhere.
    assert use(world.researcher, world.globex) == 404
    assert use(world.viewer, world.acme) == 404 and use(world.pm, world.acme) == 404
    assert use(world.staff, world.acme) == 404 and use(world.outsider, world.acme) == 404
    assert use(world.outsider, "abc") == 404
    assert use(None, world.acme) == 302  # to sign in
    # Inside a workspace: read-only members are refused, outsiders get 404.
    assert client_for(world.viewer).post("/studies/from-library/", {"item": item.pk}).status_code == 403
    assert client_for(world.pm).post("/studies/from-library/", {"item": item.pk}).status_code == 403
    assert client_for(world.outsider).post("/studies/from-library/", {"item": item.pk}).status_code == 404
    assert client_for(world.outsider).get(f"/studies/{acme_study.pk}/from-library/").status_code == 404
    assert _studies(world) == before


def test_bad_input_says_why_and_writes_nothing(client_for, world, acme_study):
    guide = LibraryItem.objects.create(kind="guide", title="A guide", content={"questions": [{"text": "Tell me."}]})
    public = client_for(world.outsider, host=PUBLIC)
    globex = client_for(world.outsider, host=GLOBEX_HOST)
    for bad in ("", "abc", "999999", str(guide.pk)):
        page = public.post("/library/templates/use/", {"item": bad, "workspace": world.globex.pk}, follow=True)
        assert page.status_code == 200 and "Choose a study template from the library." in page.text
        page = globex.post("/studies/from-library/", {"item": bad}, follow=True)
        assert page.status_code == 200 and "Choose a study template from the library." in page.text

    # A template whose second round cannot be made undoes the whole study, and says which round.
    broken = LibraryItem.objects.create(kind="study_template", title="Broken plan", content={
        "study": {"title": "Half a study", "goal": "early_problem_discovery"},
        "rounds": [
            {"order": 1, "kind": "sync", "purpose": "Calls", "target_participants": 5,
             "guide": {"questions": [{"text": "Tell me about it."}]}, "booking_preset": {"duration_minutes": 30}},
            {"order": 2, "kind": "weekly", "purpose": "Odd", "target_participants": 5},
        ],
    })  # fmt: skip
    page = public.post("/library/templates/use/", {"item": broken.pk, "workspace": world.globex.pk}, follow=True)
    assert "No study was created in Globex from “Broken plan”: Round 2:" in page.text
    bad_preset = LibraryItem.objects.create(kind="study_template", title="Bad preset", content={
        "study": {"title": "Half a study", "goal": "early_problem_discovery"},
        "rounds": [{"order": 1, "kind": "sync", "purpose": "Calls", "target_participants": 5,
                    "booking_preset": {"duration_minutes": 9999}}],
    })  # fmt: skip
    page = globex.post("/studies/from-library/", {"item": bad_preset.pk}, follow=True)
    assert "No study was created from “Bad preset”: Round 1:" in page.text
    not_a_plan = LibraryItem.objects.create(kind="study_template", title="Not a plan", content={"rounds": "many"})
    page = globex.post("/studies/from-library/", {"item": not_a_plan.pk}, follow=True)
    assert "This library item is not a study template." in page.text
    with schema_context(world.globex.schema_name):
        assert not Study.objects.filter(title="Half a study").exists()
        assert not Round.objects.filter(purpose="Calls").exists()
        assert not GuideQuestion.objects.filter(text="Tell me about it.").exists()


def test_the_library_page_reads_in_a_fixed_number_of_queries(client_for, world, django_assert_max_num_queries):
    rounds = [{"order": 1, "kind": "sync", "purpose": "Calls", "target_participants": 5, "time_budget_minutes": 45,
               "guide": {"questions": [{"text": "Tell me."}]}, "booking_preset": {"duration_minutes": 25}}]  # fmt: skip
    for n in range(6):
        LibraryItem.objects.create(kind="study_template", title=f"Plan {n}", published_by=world.owner,
                                   content={"study": {"title": f"Plan {n}"}, "rounds": rounds})  # fmt: skip
        LibraryItem.objects.create(kind="booking_preset", title=f"Rules {n}", published_by=world.researcher,
                                   content={"duration_minutes": 30 + n, "questions": []})  # fmt: skip
    public = client_for(world.owner, host=PUBLIC)
    with django_assert_max_num_queries(8):  # routing, session, user, membership, workspaces, items
        page = public.get("/library/")
    assert page.text.count("Start a draft study there") == 6 and page.text.count("25 min calls") == 6
    assert "Rules 5" in page.text and "35 min calls" in page.text
    only_rules = public.get("/library/", {"kind": "booking_preset"}).text
    assert "Rules 0" in only_rules and "Plan 0" not in only_rules
