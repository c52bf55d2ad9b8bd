"""The validation pages: "Validate at scale" from the insight list and a study, the result on the insight page
(numbers, interval, segments, contradicting quotes), a researcher's review, the catch-up action; roles and
outsiders; the insight page's query budget."""

import re

import pytest
from django_tenants.utils import schema_context

from studies.models import Round
from synthesis.models import ValidationAnswer, Verdict
from tests.synthesis.validation.world import answered_session, build, many_answers, validation_round

NEW = "/insights/validate/"


@pytest.fixture
def w(world):
    with schema_context(world.acme.schema_name):
        return build()


def test_the_insight_list_ticks_insights_for_validation(client_for, world, w):
    page = client_for(world.researcher).get("/insights/")
    assert f'<form method="get" action="{NEW}" id="validate-form">' in page.text
    assert f'name="insight" value="{w.insight.pk}" form="validate-form"' in page.text
    assert "Validate at scale" in page.text
    assert "validate-form" not in client_for(world.viewer).get("/insights/").text


def test_the_study_page_links_to_its_insights(client_for, world, w):
    study_page = client_for(world.researcher).get(f"/studies/{w.study.pk}/")
    assert f'href="{NEW}?study={w.study.pk}"' in study_page.text
    page = client_for(world.researcher).get(NEW, {"study": w.study.pk})
    assert page.status_code == 200 and w.insight.statement in page.text


def test_validate_page_preselects_insights_and_the_study_of_their_quotes(client_for, world, w):
    page = client_for(world.researcher).get(NEW, {"insight": w.insight.pk})
    assert re.search(rf'value="{w.insight.pk}" checked', page.text)
    assert f'<option value="{w.study.pk}" selected>' in page.text


def test_posting_creates_the_round_and_shows_invited_and_refused(client_for, world, w):
    with schema_context(world.acme.schema_name):
        w.crowd[0].do_not_contact = True
        w.crowd[0].save()
    data = {"insight": [w.insight.pk], "study": w.study.pk, "filters": "segment=smb", "size": 10}
    response = client_for(world.researcher).post(NEW, data)
    assert response.status_code == 201
    assert "Tell me about the last time you dealt with onboarding" in response.text
    assert f"{w.crowd[0].name} asked not to be contacted." in response.text
    assert w.crowd[2].email in response.text and w.crowd[1].email not in response.text  # enterprise filtered out
    assert w.producers[0].email not in response.text
    with schema_context(world.acme.schema_name):
        round_ = Round.objects.get(study=w.study, order=2)
    assert f'href="/rounds/{round_.pk}/guide/"' in response.text  # the guide is edited on its usual page


def test_bad_input_is_a_form_error_and_writes_nothing(client_for, world, w):
    response = client_for(world.researcher).post(
        NEW, {"insight": [w.insight.pk], "study": w.study.pk, "filters": "segment", "size": 0}
    )
    assert (
        response.status_code == 400 and "attribute=value" in response.text and "greater than or equal" in response.text
    )
    with schema_context(world.acme.schema_name):
        assert not Round.objects.filter(study=w.study, order=2).exists()


def test_roles_and_outsiders(client_for, world, w):
    data = {"insight": [w.insight.pk], "study": w.study.pk, "size": 3}
    for user in (world.viewer, world.pm):
        assert client_for(user).get(NEW).status_code == 403
        assert client_for(user).post(NEW, data).status_code == 403
    assert client_for(world.outsider).get(NEW).status_code == 404
    assert client_for(world.outsider).post(NEW, data).status_code == 404
    assert client_for(world.outsider).get(f"/insights/{w.insight.pk}/").status_code == 404


@pytest.fixture
def answered(world, w):
    """Ten answers: 8 confirm (6 smb, 2 enterprise), 2 contradict (enterprise), and 1 unclear."""
    with schema_context(world.acme.schema_name):
        from tests.studies.factories import ParticipantFactory

        round_ = validation_round(w).round
        people = [ParticipantFactory(attributes={"segment": "smb" if i < 6 else "enterprise"}) for i in range(11)]
        many_answers(round_, people, [Verdict.CONFIRMS] * 8 + [Verdict.CONTRADICTS] * 2 + [Verdict.UNCLEAR])
        ValidationAnswer.objects.filter(participant=people[8]).update(quote="Setup took one afternoon.")
        return round_, people


def test_the_insight_page_shows_the_share_its_interval_segments_and_contradicting_quotes(
    client_for, world, w, answered
):
    page = client_for(world.viewer).get(f"/insights/{w.insight.pk}/")
    text = page.text
    assert '<div class="stat" data-stat="validation-n">11</div>' in text
    assert '<span data-stat="validation-unclear">1</span> unclear' in text
    assert '<div class="stat" data-stat="validation-share">80%</div>' in text
    assert '<span data-stat="validation-interval">0.49\u20130.94</span>' in text
    segments = re.search(r"<table class=\"segment-table\" data-by-segment>.*?</table>", text, re.S).group()
    assert "<td>smb</td><td>6</td><td>6</td><td>0</td><td>0</td>" in segments
    assert "<td>enterprise</td><td>5</td><td>2</td><td>2</td><td>1</td>" in segments
    contradicting = re.search(r"<ul class=\"quotes\" data-contradicting>.*?</ul>", text, re.S).group()
    assert "“Setup took one afternoon.”" in contradicting and contradicting.count("<li") == 2
    assert "Set verdict" not in text  # the viewer reads only


def test_a_researcher_changes_a_verdict(client_for, world, w, answered):
    with schema_context(world.acme.schema_name):
        answer = ValidationAnswer.objects.get(participant=answered[1][8])
    url = f"/insights/{w.insight.pk}/validation/answers/{answer.pk}/review/"
    assert client_for(world.viewer).post(url, {"verdict": "confirms"}).status_code == 403
    assert client_for(world.outsider).post(url, {"verdict": "confirms"}).status_code == 404
    response = client_for(world.researcher).post(url, {"verdict": "confirms"})
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        answer.refresh_from_db()
    assert answer.verdict == Verdict.CONFIRMS and answer.reviewed_by == world.researcher
    page = client_for(world.researcher).get(f"/insights/{w.insight.pk}/")
    assert '<div class="stat" data-stat="validation-share">90%</div>' in page.text
    assert "reviewed by researcher@acme.test" in page.text


def test_the_catch_up_action_classifies_completed_answers(client_for, world, w):
    with schema_context(world.acme.schema_name):
        round_ = validation_round(w).round
        answered_session(round_, w.crowd[0], ["It dragged on for two months before we saw any value."])
    url = f"/insights/{w.insight.pk}/validation/classify/"
    assert client_for(world.viewer).post(url).status_code == 403
    assert client_for(world.outsider).post(url).status_code == 404
    response = client_for(world.researcher).post(url, follow=True)
    assert "Classified 1 answer that had no verdict yet." in response.text
    assert '<span data-stat="validation-unclear">0</span>' in response.text


@pytest.mark.parametrize("count", [1, 40])
def test_the_insight_page_reads_a_fixed_number_of_queries(client_for, world, w, count, django_assert_max_num_queries,
                                                          report):  # fmt: skip
    from tests.studies.factories import ParticipantFactory

    with schema_context(world.acme.schema_name):
        round_ = validation_round(w).round
        people = [ParticipantFactory(attributes={"segment": ("smb", "mid", "enterprise")[i % 3]}) for i in range(count)]
        many_answers(round_, people, [(Verdict.CONFIRMS, Verdict.CONTRADICTS)[i % 2] for i in range(count)])
    client = client_for(world.researcher)
    with django_assert_max_num_queries(32) as captured:  # the same with 1 answer and with 40
        page = client.get(f"/insights/{w.insight.pk}/")
    assert page.status_code == 200 and f'data-stat="validation-n">{count}<' in page.text
    report(f"insight page with {count} validation answer(s): {len(captured.captured_queries)} queries")
