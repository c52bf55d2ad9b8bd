"""An offline interview turn (the htmx POST of an answer, answered with the next question) has a query budget."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.interviews.links.test_participant_flow import _token, link, start, visitor  # noqa: F401

# The target is under 12 statements, the `SET search_path`s and savepoints included. A turn makes 8: the
# tenant's domain, the session with its link and guide, the session locked with its messages (a savepoint around it
# here, the test's transaction being open), the question locked, one insert of answer and reply, the session's
# update; 9 when the interviewer settings are not in the cache yet. No `SET search_path`: the connection is in the
# workspace already (workspaces.database); one more where it was elsewhere. It made 52 at first, then 11.
TURN_QUERY_BUDGET = 10


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
