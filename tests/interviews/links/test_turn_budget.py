"""An offline interview turn (the htmx POST of an answer, answered with the next question) has a query budget."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.interviews.links.test_participant_flow import _token, link, start, visitor  # noqa: F401

# The target is under 12 statements, the `SET search_path`s and savepoints included: a turn makes 11 (the
# tenant's domain, the session with its link and guide, the interviewer settings, the session locked with its
# messages, the question locked, one insert of answer and reply, the session's update). It made 52 at first.
TURN_QUERY_BUDGET = 12


def test_an_offline_turn_stays_within_its_query_budget_however_long_the_interview(world, link):  # noqa: F811
    client = visitor()
    start(client, link)
    chat = client.get(f"/i/{link.token}/")
    counts = []
    for n in range(3):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                f"/i/{link.token}/answer/",
                {"text": f"The import failed on my spreadsheet again, time {n}.", "client_token": _token(chat)},
                HTTP_HX_REQUEST="true",
            )
        assert response.status_code == 200, response.text[:300]
        chat = response
        counts.append(len(queries))
    assert max(counts) < TURN_QUERY_BUDGET
