"""The insight pages: list, new, edit, one insight with its evidence and picker, adding from the coding page; roles,
bad input, htmx and plain forms, query budgets independent of the number of insights and quotes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import schema_context

from synthesis.insights import services as insights
from synthesis.models import Insight
from tests.conftest import GLOBEX_HOST
from tests.studies.factories import RoundFactory
from tests.synthesis.insight_data import export_world, interview, quote

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def data(world):
    with schema_context(world.acme.schema_name):
        return export_world()


def _url(name, *args):
    return reverse(f"insights:{name}", args=args)


def test_every_member_reads_the_list_and_an_insight(client_for, world, data):
    for user in (world.owner, world.researcher, world.pm, world.viewer):
        client = client_for(user)
        page = client.get(_url("list")).content.decode()
        assert "Exporting costs teams real time." in page and "Invoices live in spreadsheets." in page
        detail = client.get(_url("detail", data.published.pk)).content.decode()
        assert "We pay someone to clean the export." in detail
        writes = user in (world.owner, world.researcher)
        assert ("Add selected" in detail or "Find highlights" in detail) is writes
        assert ("Remove from insight" in detail) is writes


def test_outsiders_get_404_everywhere(client_for, world, data):
    own = client_for(world.outsider, host=GLOBEX_HOST)  # in their own workspace, acme's insights do not exist
    assert own.get(_url("detail", data.published.pk)).status_code == 404
    assert "Exporting costs" not in own.get(_url("list")).content.decode()
    assert b"We pay someone" not in b"".join(own.get(_url("export_highlights")).streaming_content)
    client = client_for(world.outsider)  # acme's host, not a member
    for url in (_url("list"), _url("detail", data.published.pk), _url("new"), _url("charts"), _url("export_csv")):
        assert client.get(url).status_code == 404
    assert client.post(_url("new"), {"statement": "x", "status": "draft"}).status_code == 404


def test_the_detail_shows_the_profile_and_links_back_to_the_transcript(client_for, world, data):
    page = client_for(world.viewer).get(_url("detail", data.published.pk)).content.decode()
    assert 'data-stat="quotes">3<' in page and 'data-stat="participants">2<' in page
    assert 'data-stat="interviews">2<' in page and "1 live, 1 async" in page
    assert "4.0 <span" in page and "5 <span" in page  # average (3, 5 from the AI, 4) and maximum
    for h in data.quotes[:3]:
        assert f'{reverse("coding:transcript", args=[h.transcript_id])}#h-{h.pk}"' in page
    assert "Ana Example" in page and "segment: enterprise" in page and "Export &gt; Cleanup" in page
    assert "(AI: Sounds costly.)" in page  # the AI's score with its reason when no person scored


def test_list_filters_and_htmx(client_for, world, data):
    client = client_for(world.viewer)
    page = client.get(_url("list"), {"status": "published"}).content.decode()
    assert "Exporting costs" in page and "Invoices live" not in page
    partial = client.get(_url("list"), {"q": "spreadsheets"}, **HTMX).content.decode()
    assert "Invoices live" in partial and "Exporting costs" not in partial and "<html" not in partial
    assert "Draft (1)" in page and "Published (1)" in page


def test_create_edit_delete_as_researcher(client_for, world, data):
    client = client_for(world.researcher)
    response = client.post(
        _url("new"), {"statement": "Admins fear the export.", "status": "draft", "highlight": [data.quotes[0].pk]}
    )
    with schema_context(world.acme.schema_name):
        insight = Insight.objects.get(statement="Admins fear the export.")
        assert response.url == _url("detail", insight.pk)
        assert list(insight.highlights.all()) == [data.quotes[0]] and insight.author == world.researcher
    assert (
        client.post(_url("edit", insight.pk), {"statement": "Admins dread it.", "status": "published"}).status_code
        == 302
    )
    with schema_context(world.acme.schema_name):
        insight.refresh_from_db()
        assert (insight.statement, insight.status) == ("Admins dread it.", "published")
    assert client.post(_url("delete", insight.pk)).url == _url("list")
    with schema_context(world.acme.schema_name):
        assert not Insight.objects.filter(pk=insight.pk).exists()


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"statement": "", "status": "draft"}, "This field is required."),
        ({"statement": "Fine.", "status": "archived"}, "Select a valid choice."),
        ({"statement": "Fine.", "status": "draft", "highlight": ["999999"]}, "No highlight with id 999999"),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_nothing_written(client_for, world, data, post, message):
    client = client_for(world.researcher)
    response = client.post(_url("new"), post)
    assert response.status_code == 400 and message in response.content.decode()
    if "highlight" not in post:  # the edit form has no evidence field
        response = client.post(_url("edit", data.draft.pk), post)
        assert response.status_code == 400 and message in response.content.decode()
    with schema_context(world.acme.schema_name):
        assert Insight.objects.count() == 2
        assert Insight.objects.get(pk=data.draft.pk).statement == "Invoices live in spreadsheets."


def test_read_only_roles_cannot_write(client_for, world, data):
    pk, h = data.published.pk, data.quotes[3].pk
    for user in (world.pm, world.viewer):
        client = client_for(user)
        assert client.get(_url("new")).status_code == 403
        assert client.post(_url("new"), {"statement": "x", "status": "draft"}).status_code == 403
        assert client.post(_url("edit", pk), {"statement": "x", "status": "draft"}).status_code == 403
        assert client.post(_url("delete", pk)).status_code == 403
        assert client.post(_url("add", pk), {"highlight": [h]}).status_code == 403
        assert client.post(_url("remove", pk, data.quotes[0].pk)).status_code == 403
        assert client.post(_url("from_highlight", h), {"insight": pk}).status_code == 403
    with schema_context(world.acme.schema_name):
        assert data.published.highlights.count() == 3 and Insight.objects.count() == 2


def test_picker_finds_adds_and_removes(client_for, world, data):
    client = client_for(world.researcher)
    pk = data.published.pk
    partial = client.get(_url("detail", pk), {"q": "invoices", "picker": "1"}, **HTMX).content.decode()
    assert 'id="picker-results"' in partial and "=SUM(A1)" in partial and "<html" not in partial
    assert "We pay someone" not in partial  # already evidence
    page = client.get(_url("detail", pk), {"q": "invoices"}).content.decode()  # the same without JavaScript
    assert f'value="{data.quotes[3].pk}"' in page
    response = client.post(_url("add", pk), {"highlight": [data.quotes[3].pk]})
    assert response.url == _url("detail", pk) + "#quotes"
    assert client.post(_url("add", pk), {"highlight": []}).url.endswith("#picker")  # nothing ticked
    response = client.post(_url("remove", pk, data.quotes[0].pk))
    with schema_context(world.acme.schema_name):
        ids = set(data.published.highlights.values_list("pk", flat=True))
    assert ids == {data.quotes[1].pk, data.quotes[2].pk, data.quotes[3].pk}


def test_adding_from_the_coding_page(client_for, world, data):
    client = client_for(world.researcher)
    h = data.quotes[3]
    coding_page = client.get(reverse("coding:transcript", args=[h.transcript_id])).content.decode()
    assert f'action="{_url("from_highlight", h.pk)}"' in coding_page and "Exporting costs teams" in coding_page
    answer = client.post(_url("from_highlight", h.pk), {"insight": data.published.pk}, **HTMX)
    assert answer.status_code == 200 and "Added to" in answer.content.decode()
    answer = client.post(_url("from_highlight", h.pk), {"insight": "", "statement": "Totals are manual."}, **HTMX)
    assert "Started the insight" in answer.content.decode()
    answer = client.post(_url("from_highlight", h.pk), {"insight": "", "statement": " "}, **HTMX)
    assert answer.status_code == 400 and "Pick an insight, or write the statement" in answer.content.decode()
    answer = client.post(_url("from_highlight", h.pk), {"insight": "999999"}, **HTMX)
    assert answer.status_code == 400 and "That insight no longer exists" in answer.content.decode()
    # After any change on the coding page, the re-rendered utterance still offers the insights.
    retagged = client.post(reverse("coding:highlight_tag", args=[h.pk]), {"tag": "Spreadsheets"}, **HTMX)
    assert f'id="insight-{h.pk}"' in retagged.content.decode() and "Totals are manual." in retagged.content.decode()
    plain = client.post(_url("from_highlight", h.pk), {"insight": data.draft.pk})
    assert plain.url == reverse("coding:transcript", args=[h.transcript_id]) + f"#h-{h.pk}"
    with schema_context(world.acme.schema_name):
        assert data.published.highlights.filter(pk=h.pk).exists()
        assert Insight.objects.get(statement="Totals are manual.").highlights.get() == h
        assert Insight.objects.count() == 3
    # Back on the coding page, the highlight names the insights it is evidence for, linked.
    coding_page = client.get(reverse("coding:transcript", args=[h.transcript_id])).content.decode()
    assert f'href="{reverse("insights:detail", args=[data.published.pk])}"' in coding_page
    assert "Evidence for:" in coding_page and "Totals are manual." in coding_page


def _grow(n_insights: int, quotes_each: int):
    round_ = RoundFactory(kind="sync")
    ids = []
    for i in range(quotes_each):
        transcript = interview(f"Quote {i} about billing.", round_=round_, kind="sync", days=i)
        ids.append(quote(transcript, f"Quote {i}", tags=[f"Theme {i % 3}"], pain=1 + i % 5).pk)
    made = [insights.insight_create(statement=f"Insight {i}", highlights=ids, actor=None) for i in range(n_insights)]
    quote(interview("Quote left out of every insight.", round_=round_, kind="sync"), "Quote left out")  # for the picker
    return made[-1]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_pages_keep_their_query_budget(client_for, world, report):
    """The same number of queries for 1 insight of 1 quote as for 30 insights of 25 quotes each."""
    client = client_for(world.researcher)
    counts = []
    for n_insights, quotes_each in ((1, 1), (30, 25)):
        with schema_context(world.acme.schema_name):
            last = _grow(n_insights, quotes_each)
        page = client.get(_url("detail", last.pk)).content.decode()
        assert page.count('class="quote card"') == quotes_each
        counts.append(
            (_queries(client, _url("list")), _queries(client, _url("detail", last.pk)),
             _queries(client, _url("detail", last.pk) + "?q=Quote"))
        )  # fmt: skip
    assert counts[0] == counts[1], counts
    report(f"insight pages, queries (list, detail, detail with search): {counts[1]}")


def test_the_roadmap_links_are_included_only_when_their_template_exists(client_for, world, data, monkeypatch):
    from synthesis.insights import views

    url = _url("detail", data.published.pk)
    monkeypatch.setattr(views, "ROADMAP_LINKS", "roadmap/no_such_template.html")
    without = client_for(world.viewer).get(url)
    assert without.status_code == 200 and without.context["roadmap_enabled"] is False
    monkeypatch.setattr(views, "ROADMAP_LINKS", "synthesis/insights/added.html")  # any template that exists
    assert client_for(world.viewer).get(url).context["roadmap_enabled"] is True
