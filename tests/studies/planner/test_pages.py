"""The planner on the study page: preview with htmx saving nothing, field errors, applying the plan as rounds."""

from django_tenants.utils import schema_context

from studies.models import Round
from tests.studies.factories import StudyFactory

PLANNER = {
    "goal": "measuring_pain_intensity", "participants": "200", "timezone_spread": "global",
    "seniority": "professionals", "budget": "6000", "deadline_days": "45",
}  # fmt: skip


def test_planner_preview_updates_with_htmx_and_saves_nothing(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(goal="measuring_pain_intensity")
    response = client_for(world.viewer).post(f"/studies/{study.pk}/planner/", PLANNER, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="recommendation"')
    assert "Recommended: async" in response.text
    with schema_context(world.acme.schema_name):
        assert not Round.objects.filter(study=study).exists()


def test_planner_shows_field_errors(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory()
    response = client_for(world.owner).post(f"/studies/{study.pk}/planner/", {**PLANNER, "participants": "0"})
    assert response.status_code == 400
    assert "Participants wanted: Ensure this value is greater than or equal to 1." in response.text


def test_applying_the_plan_creates_the_rounds(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(goal="measuring_pain_intensity")
    response = client_for(world.researcher).post(f"/studies/{study.pk}/planner/apply/", PLANNER, follow=True)
    assert "Plan applied: 3 rounds created." in response.text
    with schema_context(world.acme.schema_name):
        study.refresh_from_db()
        rounds = list(study.rounds.order_by("order").values_list("kind", "target_participants"))
    assert study.method == "async" and study.programme_model == "funnel"
    assert rounds[0] == ("async", 200) and rounds[1][0] == "sync" and rounds[2][0] == "async"
    assert study.plan["inputs"]["participants"] == 200
    page = client_for(world.viewer).get(f"/studies/{study.pk}/")
    assert page.text.count('class="round round--') == 3
