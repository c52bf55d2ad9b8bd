"""Versions of a live round's guide: every change asks to be confirmed (page and API), each confirmed change is a
numbered version with its questions, who and when, and the guide page shows what changed from one to the next."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from studies.guides import services
from studies.guides.services import LiveEditNotConfirmed
from studies.guides.versions import diff
from studies.models import GuideQuestion, GuideVersion, RoundStatus
from tests.studies.factories import QuestionFactory, RoundFactory
from workspaces.models import Role

LIVE_SINCE = timezone.now() - timedelta(days=3)


def live_round(questions=3, **fields):
    round_ = RoundFactory(kind="async", status=RoundStatus.LIVE, live_at=LIVE_SINCE, **fields)
    for i in range(questions):
        QuestionFactory(round=round_, order=i + 1, text=f"Tell me about step {i + 1}.")
    return round_


@pytest.fixture
def live(world):
    with schema_context(world.acme.schema_name):
        return live_round()


def texts(round_) -> list[str]:
    return list(GuideQuestion.objects.filter(round=round_).order_by("order").values_list("text", flat=True))


def versions(round_) -> list[tuple[int, list[str], str | None]]:
    return [
        (v.number, [q["text"] for q in v.questions], v.created_by.email if v.created_by else None)
        for v in GuideVersion.objects.filter(round=round_).select_related("created_by").order_by("number")
    ]


# Services -----------------------------------------------------------------------------------------------------------


def test_a_planned_round_changes_freely_and_keeps_no_versions(acme_schema, world):
    round_ = RoundFactory()
    question = services.question_add(round=round_, text="Tell me about your week.", actor=world.researcher)
    services.question_update(question=question, text="Tell me about your last week.", actor=world.researcher)
    services.question_delete(question=question, actor=world.researcher)
    assert not GuideVersion.objects.filter(round=round_).exists()


def test_an_unconfirmed_change_to_a_live_guide_is_refused_and_changes_nothing(acme_schema, world):
    round_ = live_round()
    first = round_.questions.get(order=1)
    with pytest.raises(LiveEditNotConfirmed) as refused:
        services.question_update(question=first, text="Tell me about the first step.", actor=world.researcher)
    assert "no interview is in progress" in str(refused.value) and "new version (v2)" in str(refused.value)
    assert refused.value.change.startswith("Edited question 1")
    for call in (
        lambda: services.question_add(round=round_, text="And then?", actor=world.researcher),
        lambda: services.question_delete(question=first, actor=world.researcher),
        lambda: services.question_move(question=first, direction="down", actor=world.researcher),
        lambda: services.questions_reorder(round=round_, question_ids=[*texts_ids(round_)][::-1], actor=None),
        lambda: services.guide_apply_template(round=round_, template="churn", actor=world.researcher),
        lambda: services.guide_copy(source=live_round(), target=round_, actor=world.researcher),
    ):
        with pytest.raises(LiveEditNotConfirmed):
            call()
    assert texts(round_) == ["Tell me about step 1.", "Tell me about step 2.", "Tell me about step 3."]
    assert not GuideVersion.objects.filter(round=round_).exists()


def texts_ids(round_) -> list[int]:
    return list(round_.questions.order_by("order").values_list("pk", flat=True))


def test_a_confirmed_change_records_the_guide_before_it_and_a_new_version(acme_schema, world):
    round_ = live_round()
    first = round_.questions.get(order=1)
    services.question_update(question=first, text="Walk me through the first step.", actor=world.researcher,
                             confirm_live_edit=True)  # fmt: skip
    v1, v2 = GuideVersion.objects.filter(round=round_).order_by("number")
    # The first version stands for the guide since the round went live; nobody in particular made it.
    assert (v1.number, v1.created_by, v1.created_at) == (1, None, LIVE_SINCE)
    assert v1.questions[0] == {"id": first.pk, "text": "Tell me about step 1.", "intent": "", "probing": "",
                               "max_follow_ups": 2, "estimated_minutes": "1.5"}  # fmt: skip
    assert (v2.number, v2.created_by) == (2, world.researcher)
    assert v2.questions[0]["text"] == "Walk me through the first step." and v2.change.startswith("Edited question 1")
    assert [c.kind for c in diff(v1.questions, v2.questions)] == ["reworded"]


def test_every_kind_of_confirmed_change_makes_one_version(acme_schema, world):
    round_ = live_round()
    source = live_round(questions=1)
    ok = {"actor": world.owner, "confirm_live_edit": True}
    q1, _, q3 = round_.questions.order_by("order")
    services.question_add(round=round_, text="What happened next?", **ok)
    services.question_move(question=q3, direction="up", **ok)
    services.question_delete(question=q1, **ok)
    services.questions_reorder(round=round_, question_ids=texts_ids(round_)[::-1], **ok)
    services.guide_copy(source=source, target=round_, **ok)
    services.guide_apply_template(round=round_, template="churn", **ok)
    rows = versions(round_)
    assert [number for number, _, _ in rows] == list(range(1, 8))
    assert rows[-1][1] == texts(round_) and rows[0][1] == ["Tell me about step 1.", "Tell me about step 2.",
                                                           "Tell me about step 3."]  # fmt: skip
    changes = list(GuideVersion.objects.filter(round=round_).order_by("number").values_list("change", flat=True))
    assert changes[1:4] == [
        "Added question 4: “What happened next?”", "Moved question 3 up: “Tell me about step 3.”",
        "Deleted question 1: “Tell me about step 1.”",
    ]  # fmt: skip
    assert changes[4:] == ["Reordered the questions", "Copied the questions of “Wide net”",
                           "Added the questions of the template “Churn: why they left”"]  # fmt: skip


def test_saving_a_question_unchanged_asks_nothing_and_makes_no_version(acme_schema, world):
    round_ = live_round()
    first = round_.questions.get(order=1)
    services.question_update(question=first, text="Tell me about step 1.", max_follow_ups=2, actor=world.researcher)
    services.questions_reorder(round=round_, question_ids=texts_ids(round_), actor=world.researcher)
    assert not GuideVersion.objects.filter(round=round_).exists()


def test_bad_input_is_refused_before_any_confirmation(acme_schema, world):
    round_ = live_round()
    with pytest.raises(Exception) as error:
        services.question_add(round=round_, text="", actor=world.researcher)
    assert not isinstance(error.value, LiveEditNotConfirmed) and "text" in error.value.message_dict


def test_a_guide_changed_while_closed_gets_its_version_when_an_interview_starts(acme_schema, world):
    round_ = live_round()
    first = round_.questions.get(order=1)
    services.question_update(question=first, text="Walk me through it.", actor=world.owner, confirm_live_edit=True)
    round_.status = RoundStatus.CLOSED
    round_.save()
    services.question_delete(question=first, actor=world.owner)  # closed: no confirmation, no version yet
    assert [n for n, _, _ in versions(round_)] == [1, 2]
    version = services.guide_version_for_start(round=round_)
    assert (version.number, version.created_by, version.change) == (3, None, "Changed while the round was not live")
    assert services.guide_version_for_start(round=round_) == version  # unchanged since: the same version


def test_the_diff_tells_additions_removals_edits_and_moves_apart():
    def q(id, text, **extra):
        return {"id": id, "text": text, "intent": "", "probing": "", "max_follow_ups": 2, "estimated_minutes": "1.5",
                **extra}  # fmt: skip

    old = [q(1, "One"), q(2, "Two"), q(3, "Three"), q(4, "Four")]
    new = [q(5, "New first"), q(3, "Three"), q(1, "One, reworded"), q(4, "Four", max_follow_ups=0)]
    changes = diff(old, new)
    assert [(c.kind, c.position) for c in changes] == [
        ("removed", 2), ("added", 1), ("moved", 2), ("reworded", 3), ("moved", 3), ("edited", 4),
    ]  # fmt: skip
    assert changes[3].old == "One" and changes[3].text == "One, reworded"
    assert (changes[5].field, changes[5].old, changes[5].new) == ("follow-up limit", "2", "0")
    assert changes[2].summary == "Moved question 3 to 2"
    # An addition above a question does not move it.
    assert [c.kind for c in diff([q(1, "One")], [q(2, "Zero"), q(1, "One")])] == ["added"]


# Pages --------------------------------------------------------------------------------------------------------------


def test_deleting_a_question_of_a_live_guide_asks_first(client_for, world, live):
    client = client_for(world.researcher)
    with schema_context(world.acme.schema_name):
        second = live.questions.get(order=2)
    asked = client.post(f"/questions/{second.pk}/delete/")
    assert asked.status_code == 200 and "Change the live guide?" in asked.text
    assert "Deleted question 2: “Tell me about step 2.”" in asked.text
    assert "no interview is in progress" in asked.text and "Yes, make v2" in asked.text
    assert 'name="confirm_live_edit" value="1"' in asked.text
    with schema_context(world.acme.schema_name):
        assert live.questions.count() == 3 and not GuideVersion.objects.filter(round=live).exists()
    done = client.post(f"/questions/{second.pk}/delete/", {"confirm_live_edit": "1"}, follow=True)
    assert "Saved as guide v2" in done.text
    with schema_context(world.acme.schema_name):
        assert texts(live) == ["Tell me about step 1.", "Tell me about step 3."]
        assert [n for n, _, _ in versions(live)] == [1, 2]


def test_the_confirmation_keeps_what_was_typed(client_for, world, live):
    client = client_for(world.researcher)
    data = {"text": "What did you try before?", "intent": "Alternatives & workarounds", "probing": "",
            "max_follow_ups": "1", "estimated_minutes": "2"}  # fmt: skip
    asked = client.post(f"/rounds/{live.pk}/guide/questions/", data)
    assert asked.status_code == 200 and "Added question 4: “What did you try before?”" in asked.text
    assert 'name="intent" value="Alternatives &amp; workarounds"' in asked.text
    assert f'action="/rounds/{live.pk}/guide/questions/"' in asked.text
    client.post(f"/rounds/{live.pk}/guide/questions/", {**data, "confirm_live_edit": "1"})
    with schema_context(world.acme.schema_name):
        added = live.questions.get(order=4)
        assert (added.intent, added.max_follow_ups) == ("Alternatives & workarounds", 1)
        assert versions(live)[-1] == (2, [*texts(live)], world.researcher.email)


def test_editing_a_live_question_warns_then_confirms(client_for, world, live):
    client = client_for(world.owner)
    with schema_context(world.acme.schema_name):
        first = live.questions.get(order=1)
    form = client.get(f"/questions/{first.pk}/edit/")
    assert "This round is live: saving asks you to confirm first." in form.text
    data = {"text": "Walk me through step 1.", "intent": "", "probing": "", "max_follow_ups": "2",
            "estimated_minutes": "1.5"}  # fmt: skip
    asked = client.post(f"/questions/{first.pk}/edit/", data)
    assert "Edited question 1" in asked.text
    with schema_context(world.acme.schema_name):
        assert texts(live)[0] == "Tell me about step 1."
    assert client.post(f"/questions/{first.pk}/edit/", {**data, "confirm_live_edit": "1"}).status_code == 302
    with schema_context(world.acme.schema_name):
        assert texts(live)[0] == "Walk me through step 1."


def test_htmx_move_on_a_live_guide_swaps_in_the_confirmation(client_for, world, live):
    with schema_context(world.acme.schema_name):
        first = live.questions.get(order=1)
    response = client_for(world.researcher).post(
        f"/questions/{first.pk}/move/", {"direction": "down"}, headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<div id="questions">')
    assert "Moved question 1 down" in response.text and 'name="direction" value="down"' in response.text
    assert "<html" not in response.text  # the confirmation's own form posts the page without htmx


def test_template_and_copy_on_a_live_guide_ask_first(client_for, world, live):
    client = client_for(world.owner)
    asked = client.post(f"/rounds/{live.pk}/guide/template/", {"template": "churn"})
    assert "Change the live guide?" in asked.text and 'name="template" value="churn"' in asked.text
    client.post(f"/rounds/{live.pk}/guide/template/", {"template": "churn", "confirm_live_edit": "1"})
    with schema_context(world.acme.schema_name):
        assert live.questions.count() > 3 and GuideVersion.objects.filter(round=live).count() == 2


def test_the_guide_page_lists_versions_with_what_changed(client_for, world, live, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        q1, q2, _ = live.questions.order_by("order")
        services.question_update(question=q1, text="Walk me through step 1.", actor=world.owner, confirm_live_edit=True)
    client = client_for(world.viewer)
    page = client.get(f"/rounds/{live.pk}/guide/")
    assert 'This round is live on <a href="#version-2">guide v2</a>' in page.text
    assert 'id="version-2"' in page.text and 'id="version-1"' in page.text
    assert "<del>Tell me about step 1.</del> → <ins>Walk me through step 1.</ins>" in page.text
    assert "by Olive Owner" in page.text and "Reworded question 1" in page.text
    assert "Each change asks you to confirm first" not in page.text  # a viewer changes nothing
    with django_assert_max_num_queries(24) as few:
        client.get(f"/rounds/{live.pk}/guide/")
    few_queries = len(few.captured_queries)  # read now: the next request clears the log
    with schema_context(world.acme.schema_name):
        for i in range(8):
            services.question_update(question=q2, text=f"Tell me about step 2, take {i}.", actor=world.owner,
                                     confirm_live_edit=True)  # fmt: skip
    with django_assert_max_num_queries(few_queries):
        many = client.get(f"/rounds/{live.pk}/guide/")
    assert 'id="version-10"' in many.text


def test_a_planned_round_shows_no_versions_and_deletes_after_the_browser_asks(client_for, world):
    with schema_context(world.acme.schema_name):
        question = QuestionFactory()
    client = client_for(world.researcher)
    page = client.get(f"/rounds/{question.round_id}/guide/")
    assert 'id="versions"' not in page.text and 'hx-confirm="Delete this question?"' in page.text
    assert client.post(f"/questions/{question.pk}/delete/").status_code == 302


def test_roles_and_outsiders_on_a_live_guide(client_for, world, live):
    with schema_context(world.acme.schema_name):
        first = live.questions.get(order=1)
    viewer, outsider = client_for(world.viewer), client_for(world.outsider)
    for path, data in [
        (f"/questions/{first.pk}/delete/", {"confirm_live_edit": "1"}),
        (f"/questions/{first.pk}/move/", {"direction": "down", "confirm_live_edit": "1"}),
        (f"/rounds/{live.pk}/guide/questions/", {"text": "x", "confirm_live_edit": "1"}),
    ]:
        assert viewer.post(path, data).status_code == 403
        assert outsider.post(path, data).status_code == 404
    assert outsider.get(f"/rounds/{live.pk}/guide/").status_code == 404
    assert client_for(world.outsider, host="globex.localhost").get(f"/rounds/{live.pk}/guide/").status_code == 404
    with schema_context(world.acme.schema_name):
        assert live.questions.count() == 3 and not GuideVersion.objects.exists()


# API ----------------------------------------------------------------------------------------------------------------


def test_the_api_answers_409_until_a_live_change_is_confirmed(api_for, world, live):
    client = api_for(role=Role.RESEARCHER)
    with schema_context(world.acme.schema_name):
        first, second, third = live.questions.order_by("order")
    refused = client.patch(f"/api/v1/questions/{first.pk}/", {"text": "Walk me through step 1."}, format="json")
    assert refused.status_code == 409
    body = refused.json()
    assert (body["code"], body["guide_version"], body["sessions_in_progress"]) == ("live_round", 1, 0)
    assert body["detail"].startswith("This round is live") and body["change"].startswith("Edited question 1")
    assert client.delete(f"/api/v1/questions/{first.pk}/").status_code == 409
    assert client.post(f"/api/v1/rounds/{live.pk}/questions/", {"text": "Then?"}, format="json").status_code == 409
    reorder = f"/api/v1/rounds/{live.pk}/questions/reorder/"
    assert client.post(reorder, {"order": [third.pk, second.pk, first.pk]}, format="json").status_code == 409
    with schema_context(world.acme.schema_name):
        assert texts(live)[0] == "Tell me about step 1." and not GuideVersion.objects.filter(round=live).exists()

    ok = client.patch(f"/api/v1/questions/{first.pk}/?confirm_live_edit=true", {"text": "Walk me through step 1."},
                      format="json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["text"] == "Walk me through step 1."
    in_body = client.post(reorder, {"order": [third.pk, second.pk, first.pk], "confirm_live_edit": True},
                          format="json")  # fmt: skip
    assert in_body.status_code == 200
    added = client.post(f"/api/v1/rounds/{live.pk}/questions/?confirm_live_edit=1", {"text": "Then?"}, format="json")
    assert added.status_code == 201
    assert client.delete(f"/api/v1/questions/{second.pk}/?confirm_live_edit=true").status_code == 204
    with schema_context(world.acme.schema_name):
        assert [n for n, _, _ in versions(live)] == [1, 2, 3, 4, 5]
    bad = client.patch(f"/api/v1/questions/{first.pk}/?confirm_live_edit=true", {"max_follow_ups": 9}, format="json")
    assert bad.status_code == 400 and "max_follow_ups" in bad.json()


def test_the_api_lists_versions_with_their_changes(api_for, world, live, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        first = live.questions.get(order=1)
        services.question_delete(question=first, actor=world.owner, confirm_live_edit=True)
    client = api_for(role=Role.VIEWER)
    url = f"/api/v1/rounds/{live.pk}/guide-versions/"
    with django_assert_max_num_queries(16) as few:
        rows = client.get(url).json()
    few_queries = len(few.captured_queries)  # read now: the next request clears the log
    assert [r["number"] for r in rows] == [2, 1]
    assert rows[0]["created_by"] == world.owner.email and rows[1]["created_by"] is None
    assert rows[0]["changes"][0]["kind"] == "removed" and rows[0]["changes"][0]["summary"] == "Removed question 1"
    assert [q["text"] for q in rows[1]["questions"]] == ["Tell me about step 1.", "Tell me about step 2.",
                                                          "Tell me about step 3."]  # fmt: skip
    assert rows[0]["sessions"] == 0
    with schema_context(world.acme.schema_name):
        second = live.questions.get(order=1)
        for i in range(6):
            services.question_update(question=second, text=f"Take {i}.", actor=world.owner, confirm_live_edit=True)
    with django_assert_max_num_queries(few_queries):
        assert len(client.get(url).json()) == 8
    assert api_for(role=Role.VIEWER, workspace=world.globex).get(url).status_code == 404
    assert api_for(user=world.outsider).get(url).status_code == 404
    assert api_for(role=Role.VIEWER).patch(f"/api/v1/questions/{second.pk}/?confirm_live_edit=true",
                                           {"text": "x"}, format="json").status_code == 403  # fmt: skip
