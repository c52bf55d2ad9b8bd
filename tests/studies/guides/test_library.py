"""The library: a researcher staff allowed to publish saves acme's guide, a researcher of globex copies it into a
globex round, where it is linted; nothing of acme travels but the questions; roles and outsiders as everywhere."""

import json

import pytest
from django_tenants.utils import schema_context

from studies.models import GuideQuestion, Participant
from tests.conftest import GLOBEX_HOST
from tests.studies.factories import QuestionFactory, RoundFactory, StudyFactory
from workspaces.models import LibraryItem

PUBLIC = "localhost"


@pytest.fixture
def acme_guide(world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(title="Acme secret pricing study")
        round_ = RoundFactory(study=study, kind="async", purpose="Why teams leave in month one")
        QuestionFactory(round=round_, text="Tell me about the week you decided to stop using the tool.",
                        intent="The trigger, in their words", probing="Ask who else was involved.")  # fmt: skip
        QuestionFactory(round=round_, text="Rate your satisfaction with onboarding.", intent="Survey-speak on purpose")
        Participant.objects.create(name="Zed Acmeperson", email="zed@acme-customer.example")
    return round_


def test_publish_from_one_workspace_copy_into_another_linted_and_nothing_else_travels(
    client_for, world, acme_guide
):  # fmt: skip
    world.researcher.library_publisher = True
    world.researcher.save(update_fields=["library_publisher"])
    response = client_for(world.researcher).post(f"/rounds/{acme_guide.pk}/guide/publish/", {"title": "Churn trigger"})
    assert response.status_code == 302
    item = LibraryItem.objects.get(title="Churn trigger")
    stored = json.dumps(item.content)
    assert "Tell me about the week" in stored and "The trigger, in their words" in stored
    for leak in ("Acme secret pricing study", "Zed", "acme-customer", "Why teams leave"):
        assert leak not in stored
    assert set(item.content) == {"kind", "questions"}  # no ids, study, round or participants
    fields = {"text", "intent", "probing", "max_follow_ups", "estimated_minutes"}
    assert all(set(q) == fields for q in item.content["questions"])

    # The globex owner reads the library on the public host and copies the guide into a globex round.
    assert item.title in client_for(world.outsider, host=PUBLIC).get("/library/").text
    with schema_context(world.globex.schema_name):
        target = RoundFactory(kind="async", purpose="Globex wide net")
    globex = client_for(world.outsider, host=GLOBEX_HOST)
    page = globex.post(f"/rounds/{target.pk}/guide/library/", {"item": item.pk}, follow=True)
    assert page.status_code == 200
    assert "Copied 2 questions from the library guide “Churn trigger”" in page.text
    assert "The linter flags 1 question" in page.text and 'class="lint"' in page.text
    with schema_context(world.globex.schema_name):
        copied = list(GuideQuestion.objects.filter(round=target).order_by("order"))
        assert [q.intent for q in copied] == ["The trigger, in their words", "Survey-speak on purpose"]
        assert copied[0].probing == "Ask who else was involved."
        assert not Participant.objects.filter(email="zed@acme-customer.example").exists()


def test_only_publishers_publish_and_only_writers_copy(client_for, world, acme_guide):
    assert client_for(world.researcher).post(f"/rounds/{acme_guide.pk}/guide/publish/").status_code == 403
    assert not LibraryItem.objects.exists()
    item = LibraryItem.objects.create(kind="guide", title="Shared", content={"questions": [{"text": "Tell me."}]})
    with schema_context(world.acme.schema_name):
        target = RoundFactory()
    assert client_for(world.viewer).post(f"/rounds/{target.pk}/guide/library/", {"item": item.pk}).status_code == 403
    assert client_for(world.pm).post(f"/rounds/{target.pk}/guide/library/", {"item": item.pk}).status_code == 403
    # An outsider of acme gets 404 on acme's rounds, whatever the library holds.
    assert client_for(world.outsider).post(f"/rounds/{target.pk}/guide/library/", {"item": item.pk}).status_code == 404
    with schema_context(world.acme.schema_name):
        assert not GuideQuestion.objects.filter(round=target).exists()


def test_the_library_page_is_for_owners_and_researchers(client_for, world):
    assert client_for(world.owner, host=PUBLIC).get("/library/").status_code == 200
    assert client_for(world.researcher, host=PUBLIC).get("/library/").status_code == 200
    assert client_for(world.viewer, host=PUBLIC).get("/library/").status_code == 404
    assert client_for(world.pm, host=PUBLIC).get("/library/").status_code == 404
    assert client_for(None, host=PUBLIC).get("/library/").status_code == 302


def test_a_bad_library_choice_changes_nothing(client_for, world):
    with schema_context(world.acme.schema_name):
        target = RoundFactory()
    for bad in ("", "abc", "999999"):
        response = client_for(world.researcher).post(f"/rounds/{target.pk}/guide/library/", {"item": bad}, follow=True)
        assert response.status_code == 200 and "Choose a guide from the library." in response.text
    with schema_context(world.acme.schema_name):
        assert not GuideQuestion.objects.filter(round=target).exists()
