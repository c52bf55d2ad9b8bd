"""The guide editor: add, lint as you type, reorder (htmx and plain), duplicate, templates, roles."""

from django_tenants.utils import schema_context

from studies.models import GuideQuestion
from tests.studies.factories import QuestionFactory, RoundFactory


def test_add_a_question_and_see_its_lint(client_for, world):
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory()
    client = client_for(world.researcher)
    response = client.post(
        f"/rounds/{round_.pk}/guide/questions/",
        {"text": "Rate your satisfaction with onboarding.", "max_follow_ups": 2, "estimated_minutes": "1.5"},
        follow=True,
    )
    assert "Rate your satisfaction with onboarding." in response.text
    assert 'class="lint"' in response.text


def test_lint_preview_as_you_type(client_for, world):
    response = client_for(world.viewer).post("/guide-lint/", {"text": "Don't you think the new editor is great?"})
    assert response.status_code == 200 and "<li>" in response.text
    assert (
        client_for(world.viewer).post("/guide-lint/", {"text": "Tell me about your last project."}).text.strip() == ""
    )


def test_async_guide_over_ten_minutes_warns(client_for, world):
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory(kind="async")
        for _ in range(4):
            QuestionFactory(round=round_, estimated_minutes=3)
    response = client_for(world.viewer).get(f"/rounds/{round_.pk}/guide/")
    assert "about <strong>12 minutes</strong>" in response.text
    assert 'role="alert"' in response.text


def test_reorder_with_htmx_and_plain_post(client_for, world):
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory()
        first = QuestionFactory(round=round_, order=1, text="Tell me about the first thing.")
        QuestionFactory(round=round_, order=2, text="Tell me about the second thing.")
    client = client_for(world.researcher)
    partial = client.post(f"/questions/{first.pk}/move/", {"direction": "down"}, headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="questions">')
    assert partial.text.index("second thing") < partial.text.index("first thing")
    assert client.post(f"/questions/{first.pk}/move/", {"direction": "up"}).status_code == 302
    with schema_context(world.acme.schema_name):
        assert round_.questions.order_by("order").first().text == "Tell me about the first thing."


def test_template_and_duplicate(client_for, world):
    with schema_context(world.acme.schema_name):
        source = RoundFactory()
        QuestionFactory(round=source, text="Tell me about the day you signed up.")
        target = RoundFactory(study=source.study, order=2)
    client = client_for(world.owner)
    client.post(f"/rounds/{target.pk}/guide/template/", {"template": "churn"})
    client.post(f"/rounds/{target.pk}/guide/copy/", {"source": source.pk})
    with schema_context(world.acme.schema_name):
        rows = list(GuideQuestion.objects.filter(round=target).order_by("order").values_list("order", "text"))
    assert len(rows) >= 5 and rows[-1][1] == "Tell me about the day you signed up."
    assert [order for order, _ in rows] == list(range(1, len(rows) + 1))


def test_viewer_cannot_change_a_guide(client_for, world):
    with schema_context(world.acme.schema_name):
        question = QuestionFactory()
    client = client_for(world.viewer)
    assert client.post(f"/rounds/{question.round_id}/guide/questions/", {"text": "x"}).status_code == 403
    assert client.post(f"/questions/{question.pk}/delete/").status_code == 403
    assert client.post(f"/questions/{question.pk}/move/", {"direction": "up"}).status_code == 403
    assert client.post(f"/rounds/{question.round_id}/guide/template/", {"template": "churn"}).status_code == 403
    assert client.get(f"/questions/{question.pk}/edit/").status_code == 403
    assert "Add a question" not in client.get(f"/rounds/{question.round_id}/guide/").text
