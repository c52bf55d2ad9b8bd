"""The planner endpoint: a recommendation for any member, saving nothing; field messages on bad input."""

from django_tenants.utils import schema_context

from studies.models import Study
from workspaces.models import Role

PLANNER = {"goal": "usability_testing", "participants": 6, "timezone_spread": "one_region"}


def test_planner_returns_a_recommendation_without_saving(api_for, world):
    response = api_for(role=Role.VIEWER).post("/api/v1/planner/", PLANNER, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["method"] == "sync" and body["model"] == "single"
    assert body["rounds"] == [{"kind": "sync", "purpose": body["rounds"][0]["purpose"], "target": 6,
                               "time_budget_minutes": body["rounds"][0]["time_budget_minutes"]}]  # fmt: skip
    assert {"low", "high", "currency"} <= set(body["cost_estimate"]) and body["cost_estimate"]["low"] == "300.00"
    assert any(r["input"] == "goal" for r in body["reasons"])
    with schema_context(world.acme.schema_name):
        assert not Study.objects.exists()


def test_planner_bad_input_gets_field_messages(api_for):
    response = api_for(role=Role.VIEWER).post(
        "/api/v1/planner/", {"goal": "not_a_goal", "participants": -3, "timezone_spread": "mars"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"goal", "participants", "timezone_spread"}
