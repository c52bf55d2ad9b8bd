"""Studies list, study page with its programme, rounds: roles and outsiders across the pages, htmx and plain forms."""

import pytest
from django_tenants.utils import schema_context

from studies.models import Study
from tests.studies.factories import RoundFactory, StudyFactory
from tests.studies.planner.test_pages import PLANNER


def test_researcher_creates_a_study(client_for, world):
    response = client_for(world.researcher).post(
        "/studies/new/",
        {"title": "Churn", "goal": "measuring_pain_intensity", "research_questions": "Why?\n\n  How much?  ",
         "method": "async", "programme_model": "single", "incentive_currency": "USD"},
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        study = Study.objects.get(title="Churn")
    assert study.research_questions == ["Why?", "How much?"] and study.owner == world.researcher
    assert study.status == "draft"


def test_study_form_errors_change_nothing(client_for, world):
    response = client_for(world.owner).post(
        "/studies/new/", {"title": "", "goal": "astrology", "starts_on": "2026-12-10", "ends_on": "2026-12-01"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"title", "goal"}
    with schema_context(world.acme.schema_name):
        assert not Study.objects.exists()


def test_list_filters_and_query_budget(client_for, world, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        StudyFactory(title="Only one", status="running", goal="win_loss_analysis")
    client = client_for(world.viewer)
    with django_assert_max_num_queries(16):
        one = client.get("/studies/")
    with schema_context(world.acme.schema_name):
        for i in range(49):
            RoundFactory(study=StudyFactory(title=f"Bulk {i}"), order=1)
    with django_assert_max_num_queries(16):
        fifty = client.get("/studies/")
    assert "Only one" in one.text and fifty.text.count("Bulk ") == 49
    filtered = client.get("/studies/?status=running&goal=win_loss_analysis", headers={"HX-Request": "true"})
    assert "Only one" in filtered.text and "Bulk" not in filtered.text
    assert filtered.text.lstrip().startswith('<div id="results">')


def test_rounds_move_with_htmx_and_without(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory()
        first = RoundFactory(study=study, order=1, purpose="First")
        RoundFactory(study=study, order=2, purpose="Second")
    client = client_for(world.researcher)
    response = client.post(f"/rounds/{first.pk}/move/", {"direction": "down"}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="programme">')
    assert response.text.index("Second") < response.text.index("First")
    assert client.post(f"/rounds/{first.pk}/move/", {"direction": "up"}).status_code == 302
    with schema_context(world.acme.schema_name):
        assert list(study.rounds.order_by("order").values_list("purpose", flat=True)) == ["First", "Second"]


def test_status_moves_only_along_allowed_steps(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory()
    client = client_for(world.owner)
    page = client.post(f"/studies/{study.pk}/status/", {"status": "done"}, follow=True)
    assert "A draft study cannot become done" in page.text
    client.post(f"/studies/{study.pk}/status/", {"status": "recruiting"})
    with schema_context(world.acme.schema_name):
        study.refresh_from_db()
    assert study.status == "recruiting"


@pytest.mark.parametrize("persona", ["viewer", "pm"])
def test_read_only_members_read_but_cannot_write(client_for, world, persona):
    with schema_context(world.acme.schema_name):
        study = StudyFactory()
        round_ = RoundFactory(study=study)
    client = client_for(getattr(world, persona))
    assert client.get(f"/studies/{study.pk}/").status_code == 200
    assert "Apply plan" not in client.get(f"/studies/{study.pk}/").text
    for url, data in [
        ("/studies/new/", {"title": "x", "goal": "feature_validation"}),
        (f"/studies/{study.pk}/edit/", {"title": "x", "goal": "feature_validation"}),
        (f"/studies/{study.pk}/status/", {"status": "recruiting"}),
        (f"/studies/{study.pk}/planner/apply/", PLANNER),
        (f"/studies/{study.pk}/rounds/new/", {"kind": "sync", "purpose": "x", "target_participants": 5}),
        (f"/rounds/{round_.pk}/move/", {"direction": "up"}),
        (f"/rounds/{round_.pk}/delete/", {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    with schema_context(world.acme.schema_name):
        study.refresh_from_db()
        assert study.title != "x" and study.status == "draft" and study.rounds.count() == 1


def test_outsider_gets_404_everywhere(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory()
        round_ = RoundFactory(study=study)
    client = client_for(world.outsider)
    for url in ["/studies/", f"/studies/{study.pk}/", f"/rounds/{round_.pk}/guide/", "/participants/"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/rounds/{round_.pk}/delete/").status_code == 404


def test_another_workspaces_study_is_not_reachable_by_id(client_for, world):
    with schema_context(world.globex.schema_name):
        theirs = StudyFactory(title="Globex secret")
    # acme has no studies in this test, so whatever id globex's study got, acme's host finds nothing.
    assert client_for(world.owner).get(f"/studies/{theirs.pk}/").status_code == 404


def test_researcher_overrides_the_planners_method(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(goal="usability_testing", method="sync")
    data = {"title": study.title, "goal": study.goal, "research_questions": "Can they find export?",
            "method": "both", "programme_model": "validation", "incentive_currency": "USD"}  # fmt: skip
    assert client_for(world.researcher).post(f"/studies/{study.pk}/edit/", data).status_code == 302
    with schema_context(world.acme.schema_name):
        study.refresh_from_db()
    assert (study.method, study.programme_model) == ("both", "validation")


def test_round_form_takes_hidden_fields_and_a_reminder_delay(client_for, world):
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory(kind="async")
    data = {"kind": "async", "purpose": "Always-on", "target_participants": 100, "status": "planned",
            "time_budget_minutes": 8, "hidden_fields": "plan, event", "reminder_after_days": 3,
            "incentive_currency": "USD"}  # fmt: skip
    assert client_for(world.researcher).post(f"/rounds/{round_.pk}/edit/", data).status_code == 302
    with schema_context(world.acme.schema_name):
        round_.refresh_from_db()
    assert round_.hidden_fields == ["plan", "event"] and round_.reminder_after_days == 3
    bad = client_for(world.researcher).post(f"/rounds/{round_.pk}/edit/", {**data, "hidden_fields": "plan, bad-name"})
    assert bad.status_code == 400 and "bad-name" in bad.text


def test_the_study_form_edits_what_participants_see(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(title="Churn hypothesis B")
    page = client_for(world.researcher).get(f"/studies/{study.pk}/edit/")
    assert 'name="public_title"' in page.text and 'name="public_description"' in page.text
    response = client_for(world.researcher).post(
        f"/studies/{study.pk}/edit/",
        {"title": "Churn hypothesis B", "public_title": "Your first month with Acme",
         "public_description": "How your team got started.", "goal": "measuring_pain_intensity", "method": "async",
         "programme_model": "single", "incentive_currency": "USD"},
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        study.refresh_from_db()
    assert (study.public_title, study.public_description) == ("Your first month with Acme",
                                                              "How your team got started.")  # fmt: skip
    detail = client_for(world.viewer).get(f"/studies/{study.pk}/")
    assert "Participants see" in detail.text and "Your first month with Acme" in detail.text
    assert client_for(world.viewer).post(f"/studies/{study.pk}/edit/", {"public_title": "x"}).status_code == 403
    assert client_for(world.outsider).get(f"/studies/{study.pk}/edit/").status_code == 404
