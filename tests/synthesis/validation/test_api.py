"""`POST /api/v1/insights/validate/` and `GET /api/v1/insights/{id}/validation/`: bodies, bad input, roles,
outsiders."""

import pytest
from django_tenants.utils import schema_context

from studies.models import Round
from synthesis.models import Verdict
from tests.synthesis.validation.world import build, many_answers, validation_round
from workspaces.models import Role

VALIDATE = "/api/v1/insights/validate/"


@pytest.fixture
def w(world):
    with schema_context(world.acme.schema_name):
        return build()


def test_validate_creates_the_round_and_says_who_was_invited_and_refused(api_for, world, w):
    with schema_context(world.acme.schema_name):
        w.crowd[0].do_not_contact = True
        w.crowd[0].save()
    body = {"insights": [w.insight.pk], "filters": {"segment": "smb"}, "size": 10, "send_email": False}
    response = api_for(role=Role.RESEARCHER).post(VALIDATE, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["study"] == w.study.pk  # the study the insight's quotes come from
    [question] = data["questions"]
    assert question["insight"] == w.insight.pk and question["backend"] == "offline" and question["lint"] == []
    smb = {p.pk for p in w.crowd if p.attributes["segment"] == "smb"}
    # Only this test's crowd: browser tests commit people of their own in the same workspace.
    assert {p["participant"] for p in data["invited"]} & {p.pk for p in w.crowd} == smb - {w.crowd[0].pk}
    assert data["refused"] == [{"participant": w.crowd[0].pk, "email": w.crowd[0].email, "code": "do_not_contact",
                                "reason": f"{w.crowd[0].name} asked not to be contacted."}]  # fmt: skip
    assert data["excluded"] == 2
    with schema_context(world.acme.schema_name):
        assert Round.objects.get(pk=data["round"]).questions.get().pk == question["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"insights": [], "size": 5}, "insights"), ({"insights": [987654], "size": 5}, "insights"),
     ({"size": 0}, "size"), ({"filters": {"a b": "x"}}, "filters"), ({"study": 987654}, "study")],
)  # fmt: skip
def test_bad_input_is_400_with_the_field_and_writes_nothing(api_for, world, w, body, field):
    payload = {"insights": [w.insight.pk], "size": 5, **body}
    response = api_for(role=Role.OWNER).post(VALIDATE, payload, format="json")
    assert response.status_code == 400 and field in response.json()
    with schema_context(world.acme.schema_name):
        assert not Round.objects.filter(study=w.study, order=2).exists()


def test_readers_cannot_validate_and_outsiders_do_not_see_it(api_for, world, w):
    body = {"insights": [w.insight.pk], "size": 5}
    assert api_for(role=Role.VIEWER).post(VALIDATE, body, format="json").status_code == 403
    assert api_for(role=Role.PM).post(VALIDATE, body, format="json").status_code == 403
    assert api_for(user=world.outsider).post(VALIDATE, body, format="json").status_code == 404
    url = f"/api/v1/insights/{w.insight.pk}/validation/"
    assert api_for(user=world.outsider).get(url).status_code == 404
    assert api_for(role=Role.VIEWER, workspace=world.globex, host="globex.localhost").get(url).status_code == 404


def test_the_result_counts_the_share_its_interval_segments_and_contradicting_quotes(api_for, world, w):
    from tests.studies.factories import ParticipantFactory

    with schema_context(world.acme.schema_name):
        round_ = validation_round(w).round
        people = [ParticipantFactory(attributes={"segment": "smb" if i < 6 else "enterprise"}) for i in range(11)]
        many_answers(round_, people, [Verdict.CONFIRMS] * 8 + [Verdict.CONTRADICTS] * 2 + [Verdict.UNCLEAR])
    data = api_for(role=Role.VIEWER).get(f"/api/v1/insights/{w.insight.pk}/validation/").json()
    assert (data["n"], data["confirms"], data["contradicts"], data["unclear"]) == (11, 8, 2, 1)
    assert data["share"] == 0.8 and data["interval"] == [
        pytest.approx(0.4902, abs=1e-4),
        pytest.approx(0.9433, abs=1e-4),
    ]
    assert data["by_segment"]["smb"] == {"n": 6, "confirms": 6, "contradicts": 0, "unclear": 0, "share": 1.0,
                                         "interval": [pytest.approx(0.6097, abs=1e-4), 1.0]}  # fmt: skip
    assert data["by_segment"]["enterprise"]["n"] == 5
    assert len(data["contradicting"]) == 2 and set(data["contradicting"][0]) == {"quote", "session"}


def test_an_insight_never_validated_has_no_interval(api_for, w):
    data = api_for(role=Role.VIEWER).get(f"/api/v1/insights/{w.insight.pk}/validation/").json()
    assert data["n"] == 0 and data["share"] is None and data["interval"] is None and data["by_segment"] == {}
