"""`/api/v1/transcripts/` and `/api/v1/highlights/`: spans in code points, field messages, roles, isolation, budgets."""

import pytest
from django_tenants.utils import schema_context

from synthesis.coding import services as coding
from synthesis.models import Highlight, Tag
from tests.conftest import GLOBEX_HOST
from tests.queries import reads
from tests.synthesis.coding.test_services import MENU, first_utterance, make_transcript
from workspaces.models import Role


@pytest.fixture
def menu(world):
    with schema_context(world.acme.schema_name):
        return first_utterance(make_transcript(MENU, "Second answer."))


def test_create_with_new_tags_and_pain(api_for, world, menu):
    response = api_for(role=Role.RESEARCHER).post(
        "/api/v1/highlights/",
        {"utterance": menu.pk, "start": 15, "end": 25, "tags": ["Speed", "Pain > Waiting"], "pain": 4},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["text"] == "zu langsam" and body["pain"] == 4 and body["pain_ai"] is None
    assert sorted(body["tags"]) == ["Speed", "Waiting"]
    assert (body["transcript"], body["round"]) == (menu.transcript_id, menu.transcript.round_id)
    assert body["study"] == menu.transcript.round.study_id and body["participant"] == menu.transcript.participant_id
    with schema_context(world.acme.schema_name):
        assert Tag.objects.get(name="Waiting").parent.name == "Pain"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start": 0, "end": 26}, "end", "The end is beyond the utterance: it has 25 characters."),
        ({"start": 5, "end": 5}, "end", "The end must come after the start"),
        ({"start": 9, "end": 2}, "end", "The end must come after the start"),
        ({"start": -1, "end": 2}, "start", "greater than or equal to 0"),
        ({"start": 0, "end": 2, "utterance": 999_999}, "utterance", "No utterance 999999 in this workspace."),
        ({"start": 0, "end": 2, "pain": 6}, "pain", "less than or equal to 5"),
        ({"start": 0, "end": 2, "tags": ["  "]}, "tags", ""),
    ],
)
def test_bad_spans_get_field_messages(api_for, world, menu, data, field, message):
    response = api_for(role=Role.OWNER).post("/api/v1/highlights/", {"utterance": menu.pk, **data}, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert message in str(response.json()[field])
    with schema_context(world.acme.schema_name):
        assert not Highlight.objects.exists()


def test_update_pain_tags_and_note_but_never_the_span(api_for, world, menu):
    with schema_context(world.acme.schema_name):
        highlight = coding.highlight_create(utterance=menu, start=0, end=3, actor=None, tags=["Old"])
    client = api_for(role=Role.RESEARCHER)
    url = f"/api/v1/highlights/{highlight.pk}/"
    changed = client.patch(url, {"pain": 2, "tags": ["New"], "note": "Said twice."}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["pain"], changed.json()["tags"], changed.json()["note"]) == (2, ["New"], "Said twice.")
    cleared = client.patch(url, {"pain": None}, format="json")
    assert cleared.json()["pain"] is None and cleared.json()["tags"] == ["New"]
    moved = client.patch(url, {"start": 1}, format="json")
    assert moved.status_code == 400 and "start" in moved.json()
    assert client.put(url, {"pain": 1}, format="json").status_code == 405
    assert client.delete(url).status_code == 204
    with schema_context(world.acme.schema_name):
        assert not Highlight.objects.exists()


def test_highlight_filters(api_for, world, menu):
    with schema_context(world.acme.schema_name):
        other = first_utterance(make_transcript("Another interview entirely."))
        here = coding.highlight_create(utterance=menu, start=0, end=3, actor=None, tags=["Pain > Slow"])
        there = coding.highlight_create(utterance=other, start=0, end=7, actor=None, tags=["Delight"])
        pain = Tag.objects.get(name="Pain")
    client = api_for(role=Role.VIEWER)

    def ids(query):
        response = client.get(f"/api/v1/highlights/?{query}")
        assert response.status_code == 200, response.json()
        return [h["id"] for h in response.json()["results"]]

    assert sorted(ids("")) == sorted([here.pk, there.pk])
    assert ids(f"transcript={menu.transcript_id}") == [here.pk]
    assert ids(f"tag={pain.pk}") == [here.pk]  # the tag's children count
    assert ids(f"study={other.transcript.round.study_id}") == [there.pk]
    assert ids(f"round={menu.transcript.round_id}") == [here.pk]
    empty = client.get(f"/api/v1/highlights/?round={menu.transcript.round_id}&tag=")  # the document says an id
    assert empty.status_code == 400 and "tag" in empty.json()
    bad = client.get("/api/v1/highlights/?round=first")
    assert bad.status_code == 400 and "round" in bad.json()


def test_transcripts_list_and_detail(api_for, world, menu):
    with schema_context(world.acme.schema_name):
        highlight = coding.highlight_create(utterance=menu, start=4, end=8, actor=None, tags=["Menu"], pain=2)
        Highlight.objects.filter(pk=highlight.pk).update(pain_ai=2, pain_ai_reason="Mild.")
        make_transcript("Async answer.", kind="async")
    client = api_for(role=Role.PM)
    listing = client.get("/api/v1/transcripts/").json()
    assert listing["count"] == 2
    synced = client.get("/api/v1/transcripts/?kind=sync").json()["results"]
    assert [(t["id"], t["utterance_count"], t["highlight_count"]) for t in synced] == [(menu.transcript_id, 2, 1)]
    assert client.get("/api/v1/transcripts/?kind=video").status_code == 400
    detail = client.get(f"/api/v1/transcripts/{menu.transcript_id}/").json()
    assert [u["text"] for u in detail["utterances"]] == [MENU, "Second answer."]
    (only,) = detail["utterances"][0]["highlights"]
    assert (only["start"], only["end"], only["text"], only["tags"]) == (4, 8, "Menü", ["Menu"])
    assert (only["pain"], only["pain_ai"], only["pain_ai_reason"]) == (2, 2, "Mild.")
    assert detail["pain_agreement"] == {"n": 1, "kappa": None}
    assert client.get("/api/v1/transcripts/999999/").status_code == 404


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PM])
def test_read_only_roles_cannot_code(api_for, world, menu, role):
    with schema_context(world.acme.schema_name):
        highlight = coding.highlight_create(utterance=menu, start=0, end=3, actor=None)
    client = api_for(role=role)
    assert client.get(f"/api/v1/highlights/{highlight.pk}/").status_code == 200
    created = client.post("/api/v1/highlights/", {"utterance": menu.pk, "start": 0, "end": 2}, format="json")
    assert created.status_code == 403
    assert client.patch(f"/api/v1/highlights/{highlight.pk}/", {"pain": 3}, format="json").status_code == 403
    assert client.delete(f"/api/v1/highlights/{highlight.pk}/").status_code == 403


def test_outsiders_get_404_and_workspaces_stay_apart(api_for, world, menu):
    with schema_context(world.acme.schema_name):
        highlight = coding.highlight_create(utterance=menu, start=0, end=3, actor=None)
    # An acme key on globex's host is nobody there.
    stray = api_for(role=Role.OWNER, workspace=world.acme, host=GLOBEX_HOST)
    assert stray.get("/api/v1/transcripts/").status_code == 404
    assert stray.get(f"/api/v1/highlights/{highlight.pk}/").status_code == 404
    signed_in = api_for(user=world.outsider)  # globex's owner on acme
    assert signed_in.get("/api/v1/highlights/").status_code == 404
    # Globex's own key sees globex only, and cannot reach acme's utterances.
    globex = api_for(role=Role.OWNER, workspace=world.globex, host=GLOBEX_HOST)
    assert globex.get("/api/v1/transcripts/").json()["count"] == 0
    assert globex.get(f"/api/v1/transcripts/{menu.transcript_id}/").status_code == 404
    response = globex.post("/api/v1/highlights/", {"utterance": menu.pk, "start": 0, "end": 2}, format="json")
    assert response.status_code == 400 and "utterance" in response.json()


def test_list_query_budgets(api_for, world, django_assert_max_num_queries):
    client = api_for(role=Role.VIEWER)

    def seed(count):
        with schema_context(world.acme.schema_name):
            for _ in range(count):
                utterance = first_utterance(make_transcript("The export is slow again."))
                coding.highlight_create(utterance=utterance, start=4, end=10, actor=world.owner, tags=["A", "B"])

    seed(1)
    client.get("/api/v1/workspace/")  # the key's first use records it: not part of any list's cost
    with django_assert_max_num_queries(20) as one_transcript:
        assert client.get("/api/v1/transcripts/").json()["count"] == 1
    with django_assert_max_num_queries(20) as one_highlight:
        assert client.get("/api/v1/highlights/").json()["count"] == 1
    seed(49)
    with django_assert_max_num_queries(20) as fifty_transcripts:
        assert len(client.get("/api/v1/transcripts/").json()["results"]) == 50
    with django_assert_max_num_queries(20) as fifty_highlights:
        body = client.get("/api/v1/highlights/").json()
    assert len(body["results"]) == 50 and all(h["tags"] == ["A", "B"] for h in body["results"])
    assert all(h["author"] == world.owner.email for h in body["results"])
    assert len(reads(one_transcript)) == len(reads(fifty_transcripts))
    assert len(reads(one_highlight)) == len(reads(fifty_highlights))
