"""The panel's saved segments: filters by attribute, activity, last contacted, rounds taken and rating; roles."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from studies.models import ContactEvent, ContactKind, Segment
from studies.participants.forms import SegmentFilterForm
from studies.participants.selectors import participants_list
from studies.participants.services import participant_rate
from tests.queries import reads
from tests.studies.factories import ParticipantFactory, RoundFactory


def _interview(person, round_, days_ago):
    ContactEvent.objects.create(participant=person, kind=ContactKind.INTERVIEW, channel=round_.kind, round=round_,
                                occurred_at=timezone.now() - timedelta(days=days_ago))  # fmt: skip


def _panel(world):
    """Ana: team plan, two rounds (5 and 200 days ago), rated 5 and 4. Bo: team plan, invited 10 days ago, never
    interviewed. Cy: free plan, one round 40 days ago, rated 2. Di: team plan, asked not to be contacted."""
    first, second = RoundFactory(), RoundFactory()
    ana = ParticipantFactory(name="Ana", attributes={"plan": "team"})
    bo = ParticipantFactory(name="Bo", attributes={"plan": "team"})
    cy = ParticipantFactory(name="Cy", attributes={"plan": "free"})
    di = ParticipantFactory(name="Di", attributes={"plan": "team"}, do_not_contact=True)
    _interview(ana, first, 200)
    _interview(ana, second, 5)
    _interview(cy, first, 40)
    ContactEvent.objects.create(participant=bo, kind=ContactKind.INVITATION, channel="async", round=first,
                                occurred_at=timezone.now() - timedelta(days=10))  # fmt: skip
    participant_rate(participant=ana, round=first, rating=5, note="Sharp, many examples", actor=world.researcher)
    participant_rate(participant=ana, round=second, rating=4, actor=world.researcher)
    participant_rate(participant=cy, round=first, rating=2, note="Distracted", actor=world.researcher)
    return ana, bo, cy, di


def _names(data):
    form = SegmentFilterForm(data)
    assert form.is_valid(), form.errors
    return sorted(p.name for p in participants_list(filters=form.filters()))


def test_each_filter_narrows_the_panel(world):
    with schema_context(world.acme.schema_name):
        _panel(world)
        assert _names({}) == ["Ana", "Bo", "Cy", "Di"]
        assert _names({"attr": "plan", "value": "team"}) == ["Ana", "Bo", "Di"]
        assert _names({"interviewed_within_days": 30}) == ["Ana"]
        assert _names({"not_interviewed_days": 30}) == ["Bo", "Cy", "Di"]
        assert _names({"not_contacted_days": 7}) == ["Bo", "Cy", "Di"]
        assert _names({"not_contacted_days": 30}) == ["Cy", "Di"]
        assert _names({"rounds_min": 2}) == ["Ana"]
        assert _names({"rounds_min": 1, "rounds_max": 1}) == ["Cy"]
        assert _names({"rounds_max": 0}) == ["Bo", "Di"]
        assert _names({"rating_min": 4}) == ["Ana"]  # Ana averages 4.5; two ratings do not double her contacts
        assert _names({"contactable": "on", "attr": "plan", "value": "team"}) == ["Ana", "Bo"]
        ana = participants_list().get(name="Ana")
        assert (ana.contact_count, ana.rounds_taken, float(ana.rating_avg)) == (2, 2, 4.5)


def test_bad_filters_are_field_errors_not_500(client_for, world):
    client = client_for(world.researcher)
    response = client.get("/participants/?rating_min=9&rounds_min=3&rounds_max=1&attr=plan")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"rating_min", "rounds_max", "value"}


def test_save_a_segment_then_its_page_follows_the_panel(client_for, world, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        _panel(world)
    client = client_for(world.researcher)
    page = client.get("/participants/?attr=plan&value=team&not_contacted_days=7")
    assert "Save segment" in page.text and "Bo" in page.text and "Ana" not in page.text
    data = {"name": "Team plan, quiet lately", "attr": "plan", "value": "team", "not_contacted_days": "7"}
    saved = client.post("/participants/segments/", data, follow=True)
    assert saved.status_code == 200 and "Team plan, quiet lately" in saved.text
    with schema_context(world.acme.schema_name):
        segment = Segment.objects.get()
        assert segment.filters == {"attributes": {"plan": "team"}, "not_contacted_days": 7}
        assert segment.created_by == world.researcher
        ParticipantFactory(name="Eli", attributes={"plan": "team"})
        ParticipantFactory.create_batch(5, attributes={"plan": "team"})
    with django_assert_max_num_queries(30) as few:
        page = client.get(f"/participants/segments/{segment.pk}/")
    assert "Eli" in page.text and "Bo" in page.text and "Invite 8 participants" in page.text
    with schema_context(world.acme.schema_name):
        ParticipantFactory.create_batch(20, attributes={"plan": "team"})
    with django_assert_max_num_queries(30) as many:
        client.get(f"/participants/segments/{segment.pk}/")
    assert len(reads(few)) == len(reads(many))
    again = client.post("/participants/segments/", {**data, "name": "team plan, QUIET lately"})
    assert again.status_code == 400 and "already exists" in again.text


def test_viewers_read_segments_only_and_outsiders_get_404(client_for, world):
    with schema_context(world.acme.schema_name):
        segment = Segment.objects.create(name="Everyone", filters={})
    viewer = client_for(world.viewer)
    assert viewer.get(f"/participants/segments/{segment.pk}/").status_code == 200
    assert "Invite this segment" not in viewer.get(f"/participants/segments/{segment.pk}/").text
    assert viewer.post("/participants/segments/", {"name": "Mine"}).status_code == 403
    assert viewer.post(f"/participants/segments/{segment.pk}/delete/").status_code == 403
    outsider = client_for(world.outsider)
    assert outsider.get(f"/participants/segments/{segment.pk}/").status_code == 404
    with schema_context(world.globex.schema_name):
        assert not Segment.objects.exists()
    owner = client_for(world.owner)
    assert owner.post(f"/participants/segments/{segment.pk}/delete/").status_code == 302
    with schema_context(world.acme.schema_name):
        assert not Segment.objects.exists()


def test_ratings_and_no_shows_show_on_the_participant_page_for_the_team(client_for, world):
    with schema_context(world.acme.schema_name):
        ana, *_ = _panel(world)
    page = client_for(world.viewer).get(f"/participants/{ana.pk}/")
    assert "5/5" in page.text and "Sharp, many examples" in page.text and "0 no-shows" in page.text


def test_segments_and_panel_filters_over_the_api(api_for, world, django_assert_max_num_queries):
    from workspaces.models import Role

    with schema_context(world.acme.schema_name):
        _panel(world)
    client = api_for(role=Role.RESEARCHER)
    found = client.get("/api/v1/participants/?attr=plan&value=team&rating_min=4").json()
    assert [p["name"] for p in found["results"]] == ["Ana"] and found["results"][0]["rounds_taken"] == 2
    assert client.get("/api/v1/participants/?rounds_min=-1").status_code == 400
    made = client.post("/api/v1/segments/", {"name": "Quiet team", "filters": {"attr": "plan", "value": "team",
                                             "not_contacted_days": 7}}, format="json")  # fmt: skip
    assert made.status_code == 201, made.json()
    assert made.json()["filters"] == {"attr": "plan", "value": "team", "not_contacted_days": 7}
    segment_id = made.json()["id"]
    bad = client.post("/api/v1/segments/", {"name": "Bad", "filters": {"rating_min": 8}}, format="json")
    assert bad.status_code == 400 and "rating_min" in bad.json()["filters"]
    assert client.post("/api/v1/segments/", {"name": "quiet TEAM"}, format="json").status_code == 400
    with django_assert_max_num_queries(12):
        members = client.get(f"/api/v1/segments/{segment_id}/participants/").json()
    assert sorted(p["name"] for p in members["results"]) == ["Bo", "Di"]
    viewer = api_for(role=Role.VIEWER)
    assert viewer.get("/api/v1/segments/").status_code == 200
    assert viewer.post("/api/v1/segments/", {"name": "Mine"}, format="json").status_code == 403
    outsider = api_for(role=Role.OWNER, workspace=world.globex, host="globex.localhost")
    assert outsider.get(f"/api/v1/segments/{segment_id}/").status_code == 404
    assert outsider.get(f"/api/v1/segments/{segment_id}/participants/").status_code == 404
