"""Screening strangers: every rule kind, routing, re-screening refused, answers kept only with consent, quotas."""

import pytest
from django.core.exceptions import ValidationError

from studies.models import Participant, ScreenerResponse, ScreeningStatus
from studies.recruitment import services
from studies.recruitment.selectors import quota_fill
from tests.studies.factories import RoundFactory
from tests.studies.recruitment.factories import answers, plan_screener

pytestmark = pytest.mark.usefixtures("acme_schema")


def submit(round_, questions, email, keep=False, **given):
    return services.screening_submit(round=round_, email=email, name="Ana Lima", keep_answers=keep,
                                     answers=answers(questions, **given))  # fmt: skip


def test_a_fitting_person_qualifies_and_their_answers_become_attributes():
    round_ = RoundFactory(kind="async")
    _, questions = plan_screener(round_)
    screening = submit(round_, questions, "Ana@Example.com", tools=("Jira", "Linear"))
    assert screening.status == ScreeningStatus.QUALIFIED
    person = Participant.objects.get(email="ana@example.com")
    assert person.attributes == {"plan": "Team", "tools": "Jira, Linear", "team_size": 8, "role": "Product manager"}
    assert screening.response.participant == person
    assert screening.response.answers["Which plan is your team on?"] == "Team"


@pytest.mark.parametrize(
    "given",
    [
        {"role": "PhD student in design"},  # text contains
        {"size": "1"},  # number less than
        {"tools": ("Trello",)},  # multiple choice includes
    ],
)
def test_each_rule_kind_screens_out_without_keeping_answers_unless_agreed(given):
    round_ = RoundFactory(kind="async")
    _, questions = plan_screener(round_)
    screening = submit(round_, questions, "out@example.com", **given)
    assert screening.status == ScreeningStatus.SCREENED_OUT
    assert screening.response.participant is None and screening.response.answers == {}
    assert not Participant.objects.filter(email="out@example.com").exists()
    kept = submit(round_, questions, "keep@example.com", keep=True, **given)
    assert kept.status == ScreeningStatus.SCREENED_OUT
    assert kept.response.answers and Participant.objects.get(email="keep@example.com").attributes["plan"] == "Team"


def test_single_choice_is_not_and_the_default_outcome():
    round_ = RoundFactory(kind="async")
    screener, questions = plan_screener(round_, default="reject")
    services.screener_rule_add(screener=screener, actor=None, question=questions["plan"], operator="is_not",
                               value="Free", outcome="accept")  # fmt: skip
    assert submit(round_, questions, "a@example.com", plan="Business").status == ScreeningStatus.QUALIFIED
    # No rule matches a Free-plan person: the default (screen out) decides.
    assert submit(round_, questions, "b@example.com", plan="Free").status == ScreeningStatus.SCREENED_OUT


def test_routing_seats_the_person_in_the_other_round():
    round_ = RoundFactory(kind="async")
    other = RoundFactory(kind="sync", study=round_.study)
    _, questions = plan_screener(round_, route_to=other)
    screening = submit(round_, questions, "route@example.com", tools=("Trello",))
    assert screening.status == ScreeningStatus.QUALIFIED and screening.round == other
    here = ScreenerResponse.objects.get(round=round_)
    assert here.status == ScreeningStatus.ROUTED and here.routed_to == other


def test_the_same_email_cannot_be_screened_twice_in_a_round():
    round_ = RoundFactory(kind="async")
    _, questions = plan_screener(round_)
    submit(round_, questions, "twice@example.com", size="1")
    with pytest.raises(services.AlreadyScreened) as refused:
        submit(round_, questions, " TWICE@example.com ", size="10")
    assert refused.value.response.status == ScreeningStatus.SCREENED_OUT
    assert ScreenerResponse.objects.filter(round=round_).count() == 1


def test_bad_answers_name_their_field_and_store_nothing():
    round_ = RoundFactory(kind="async")
    _, questions = plan_screener(round_)
    with pytest.raises(ValidationError) as error:
        submit(round_, questions, "bad@example.com", plan="Enterprise", size="lots")
    assert set(error.value.message_dict) == {f"q{questions['plan'].pk}", f"q{questions['size'].pk}"}
    with pytest.raises(ValidationError) as error:
        services.screening_submit(round=round_, email="not-an-email", answers=answers(questions))
    assert "email" in error.value.message_dict
    assert not ScreenerResponse.objects.exists()


def test_a_full_quota_cell_closes_while_others_stay_open():
    round_ = RoundFactory(kind="async", target_participants=10)
    _, questions = plan_screener(round_)
    services.quota_save(round=round_, attribute="plan", value="team", target=1, actor=None)
    services.quota_save(round=round_, attribute="plan", value="Business", target=5, actor=None)
    assert submit(round_, questions, "t1@example.com", plan="Team").status == ScreeningStatus.QUALIFIED
    assert submit(round_, questions, "t2@example.com", plan="Team").status == ScreeningStatus.QUOTA_FULL
    assert submit(round_, questions, "b1@example.com", plan="Business").status == ScreeningStatus.QUALIFIED
    fill = quota_fill(round_).as_dict()
    assert fill["total"] == 10 and fill["filled"] == 2
    assert {(c["value"], c["filled"], c["open"]) for c in fill["cells"]} == {("team", 1, False), ("Business", 1, True)}


def test_the_total_closes_the_round():
    round_ = RoundFactory(kind="async", target_participants=1)
    _, questions = plan_screener(round_)
    assert submit(round_, questions, "first@example.com", plan="Free").status == ScreeningStatus.QUALIFIED
    assert submit(round_, questions, "second@example.com", plan="Free").status == ScreeningStatus.QUOTA_FULL


def test_review_mode_holds_a_place_until_decided(world):
    round_ = RoundFactory(kind="sync", target_participants=1)
    _, questions = plan_screener(round_, review=True)
    waiting = submit(round_, questions, "wait@example.com")
    assert waiting.status == ScreeningStatus.PENDING_REVIEW
    assert submit(round_, questions, "next@example.com").status == ScreeningStatus.QUOTA_FULL
    services.screening_review(response=waiting.response, approve=False, actor=world.researcher)
    assert quota_fill(round_).filled == 0


def test_rules_refuse_conditions_that_do_not_fit_the_question():
    round_ = RoundFactory(kind="async")
    screener, questions = plan_screener(round_)
    with pytest.raises(ValidationError) as error:
        services.screener_rule_add(screener=screener, actor=None, question=questions["plan"], operator="gt",
                                   value="3", outcome="reject")  # fmt: skip
    assert "operator" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.screener_rule_add(screener=screener, actor=None, question=questions["plan"], operator="is",
                                   value="Enterprise", outcome="reject")  # fmt: skip
    assert "value" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.screener_rule_add(screener=screener, actor=None, question=questions["plan"], operator="is",
                                   value="Free", outcome="route")  # fmt: skip
    assert "route_to" in error.value.message_dict
