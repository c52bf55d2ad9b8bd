"""Charts: the saturation computation on a hand-made example, tag frequency by segment, pain distribution, the SVG
page (readable without JavaScript), roles and query budgets that do not grow with the data."""

import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import schema_context

from synthesis.charts import layout, selectors
from synthesis.charts.selectors import Scope, saturation_curve
from tests.conftest import GLOBEX_HOST
from tests.studies.factories import ParticipantFactory, RoundFactory
from tests.synthesis.insight_data import export_world, interview, quote, tag

CHARTS = reverse("insights:charts")


def _facts(i):
    return {"transcript_id": i, "title": f"Interview {i}", "kind": "async", "occurred_at": None}


def test_saturation_on_a_hand_made_example():
    # Tags per interview, in order: A B | B C | A | C | B  -> new 2, 1, 0, 0, 0; distinct so far 2, 3, 3, 3, 3.
    sequence = [{1, 2}, {2, 3}, {1}, {3}, {2}]
    curve = saturation_curve([(_facts(i), tags) for i, tags in enumerate(sequence, start=1)], window=3)
    assert [p.new for p in curve.points] == [2, 1, 0, 0, 0]
    assert [p.cumulative for p in curve.points] == [2, 3, 3, 3, 3]
    assert [p.new_tag_ids for p in curve.points][:2] == [(1, 2), (3,)]
    assert curve.saturated and curve.recent_new == 0 and curve.total_tags == 3
    assert curve.hint == "Saturation: the last 3 interviews added no new tags."
    # With a window of 4, the second interview (which added C) is inside it: not saturated.
    four = saturation_curve([(_facts(i), tags) for i, tags in enumerate(sequence, start=1)], window=4)
    assert not four.saturated and four.recent_new == 1
    assert four.hint == "Not saturated yet: the last 4 interviews added 1 new tag."
    # Five interviews cannot show that the last five added nothing: the first always adds its tags.
    five = saturation_curve([(_facts(i), tags) for i, tags in enumerate(sequence, start=1)], window=5)
    assert not five.saturated and five.hint.startswith("Only 5 coded interviews so far")
    assert saturation_curve([]).hint.startswith("No coded interviews yet")
    untagged = saturation_curve([(_facts(i), set()) for i in range(1, 8)], window=3)
    assert not untagged.saturated  # nothing was ever tagged: no curve to flatten


def test_saturation_follows_interview_dates_in_scope_and_leaves_uncoded_ones_out(world):
    with schema_context(world.acme.schema_name):
        round_, other = RoundFactory(kind="async"), RoundFactory(kind="sync")
        # Created out of order: the curve follows occurred_at, not creation.
        third = interview("Gamma and alpha.", round_=round_, days=3)
        first = interview("Alpha and beta.", round_=round_, days=1)
        second = interview("Beta again.", round_=round_, days=2)
        interview("Nobody coded this one.", round_=round_, days=4)
        quote(first, "Alpha", tags=["Alpha"])
        quote(first, "beta", tags=["Beta"])
        quote(second, "Beta", tags=["Beta"])
        quote(third, "Gamma", tags=["Gamma"])
        quote(third, "alpha", tags=["Alpha"])
        quote(interview("Delta elsewhere.", round_=other, kind="sync"), "Delta", tags=["Delta"])
        curve = selectors.saturation(scope=Scope(round=round_.pk), window=1)
        assert [p.transcript_id for p in curve.points] == [first.pk, second.pk, third.pk]
        assert [(p.tags, p.new, p.cumulative) for p in curve.points] == [(2, 2, 2), (1, 0, 2), (2, 1, 3)]
        assert curve.uncoded == 1 and not curve.saturated
        assert selectors.saturation(scope=Scope(study=round_.study_id)).total_tags == 3
        assert selectors.saturation().total_tags == 4  # the whole workspace


def test_tag_frequency_by_segment_and_pain_distribution(world):
    with schema_context(world.acme.schema_name):
        data = export_world()
        freq = selectors.tag_frequency_by_segment(attribute="segment")
        assert freq.segments == ["smb", "enterprise"] and freq.segment_sizes == {"smb": 2, "enterprise": 1}
        rows = {row.path: row for row in freq.rows}
        assert rows["Churn risk"].participants == {"smb": 1, "enterprise": 1}
        assert rows["Churn risk"].total_participants == 2 and rows["Churn risk"].total_highlights == 2
        assert rows["Export > Cleanup"].participants == {"smb": 0, "enterprise": 1}
        assert freq.rows[0].path == "Churn risk"  # the most participants first
        by_plan = selectors.tag_frequency_by_segment(attribute="plan", scope=Scope(round=data.wide.pk))
        assert by_plan.segments == ["(not set)", "pro"] or by_plan.segments == ["pro", "(not set)"]
        assert {row.path for row in by_plan.rows} == {"Export > Speed", "Churn risk", "Invoices"}
        folded = selectors.tag_frequency_by_segment(attribute="segment", max_segments=1)
        assert folded.segments == ["(other values)"] and folded.segment_sizes == {"(other values)": 3}
        assert {row.path: row.participants for row in folded.rows}["Churn risk"] == {"(other values)": 2}
        top = selectors.tag_frequency_by_segment(attribute="segment", top=2)
        assert len(top.rows) == 2 and top.tags_in_scope == 4

        pain = selectors.pain_distribution()
        assert pain.human == {1: 0, 2: 0, 3: 1, 4: 1, 5: 0} and pain.ai == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
        assert (pain.unscored, pain.total) == (1, 4)
        assert selectors.pain_distribution(scope=Scope(round=data.calls.pk)).human[4] == 1
        assert selectors.attribute_names() == ["plan", "segment"]


def test_nice_ticks():
    assert layout.nice_ticks(0) == [0, 1]
    assert layout.nice_ticks(4) == [0, 1, 2, 3, 4]
    assert layout.nice_ticks(23) == [0, 5, 10, 15, 20, 25]
    assert layout.nice_ticks(130)[-1] >= 130


def test_the_page_draws_svg_with_titles_tooltips_and_tables(client_for, world):
    with schema_context(world.acme.schema_name):
        export_world()
    page = client_for(world.viewer).get(CHARTS, {"attribute": "segment", "window": 2}).content.decode()
    assert page.count("<svg") == 3 and '<title id="freq-svg-title">Tag frequency by segment</title>' in page
    assert "<title>Churn risk · segment = enterprise: 1 participant, 1 highlights</title>" in page
    assert "<title>Pain 4, scored by people: 1 highlight</title>" in page
    assert "Participants who mentioned it" in page and "Interviews in the order they happened" in page
    assert '<caption id="pain-table-caption">' in page and '<caption id="sat-table-caption">' in page
    assert "Saturation: the last 2 interviews added no new tags." not in page  # the third interview added Invoices
    assert "Not saturated yet: the last 2 interviews added" in page


def test_the_page_with_no_data_and_for_outsiders(client_for, world):
    page = client_for(world.researcher).get(CHARTS).content.decode()
    assert "No coded interviews yet" in page and "<svg" not in page
    assert client_for(world.outsider).get(CHARTS).status_code == 404
    assert client_for(world.outsider, host=GLOBEX_HOST).get(CHARTS).status_code == 200  # their own, empty


def _grow(n: int):
    round_ = RoundFactory(kind="async")
    for i in range(n):
        person = ParticipantFactory(attributes={"segment": f"s{i % 4}", "plan": "pro"})
        transcript = interview(f"Line {i} on pricing.", round_=round_, participant=person, days=i)
        quote(transcript, f"Line {i}", tags=[f"Tag {i % 7}", "Parent > Child"], pain=1 + i % 5, pain_ai=1 + i % 3)


def test_the_page_keeps_its_query_budget(client_for, world, report):
    client = client_for(world.viewer)
    counts = []
    for n in (2, 40):
        with schema_context(world.acme.schema_name):
            _grow(n)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHARTS, {"attribute": "segment"}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    report(f"charts page: {counts[1]} queries for 2 and for 42 interviews")


def test_every_bar_links_to_the_quotes_behind_it(client_for, world):
    with schema_context(world.acme.schema_name):
        data = export_world()
        churn = tag("Churn risk")
    client = client_for(world.viewer)
    page = client.get(CHARTS, {"attribute": "segment", "study": data.study.pk}).content.decode()
    # The SVG stays server-rendered, its bars reachable links (a role="img" would hide them from assistive tech).
    assert page.count('role="group" aria-labelledby=') == 3 and 'role="img"' not in page
    links = dict(re.findall(r'<a href="([^"]+)" class="chart-bar-link" aria-label="([^"]+)"', page))
    by_label = {label: html.unescape(href) for href, label in links.items()}
    churn_smb = by_label["Churn risk · segment = smb: 1 participant, 1 highlights: show the quotes"]
    assert churn_smb == (f"/charts/quotes/?study={data.study.pk}&tag={churn.pk}&attribute=segment&value=smb")
    quotes = client.get(churn_smb).content.decode()
    assert "I gave up twice." in quotes and "clean the export" not in quotes and "Export takes forever" not in quotes
    assert f'href="/transcripts/{data.transcripts[0].pk}/#h-{data.quotes[1].pk}"' in quotes
    # Pain by people and by the AI are different bars, with different quotes.
    people = client.get(by_label["Pain 4, scored by people: 1 highlight: show the quotes"]).content.decode()
    ai = client.get(by_label["Pain 5, scored by AI: 1 highlight: show the quotes"]).content.decode()
    assert "clean the export" in people and "I gave up twice" not in people
    assert "I gave up twice." in ai and "clean the export" not in ai
    # A saturation bar: the interview's quotes carrying the tags it added.
    (first,) = [href for label, href in by_label.items() if label.startswith("Interview 1,")]
    added = client.get(first).content.decode()
    assert "Export takes forever." in added and "I gave up twice." in added and "=SUM(A1)" not in added
    # Bars of zero have nothing behind them: no link.
    assert not any(label.startswith("Export > Cleanup · segment = smb") for label in by_label)


def test_long_tag_paths_wrap_instead_of_being_cut(client_for, world):
    long_path = "Onboarding > Workspace setup > Inviting the rest of the finance team takes weeks"
    with schema_context(world.acme.schema_name):
        person = ParticipantFactory(attributes={"segment": "smb"})
        quote(interview("Inviting people took weeks.", participant=person), "took weeks", tags=[long_path])
        chart = layout.tag_frequency_chart(selectors.tag_frequency_by_segment(attribute="segment"))
    (group,) = [g for g in chart.groups if g.title == long_path]
    assert " ".join(line for line, _ in group.lines) == long_path and len(group.lines) == 3
    assert all(len(line) <= 34 for line, _ in group.lines)
    page = client_for(world.viewer).get(CHARTS, {"attribute": "segment"}).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert f"<title>{html.escape(long_path)}</title>" in svg and "…" not in svg
    assert ">Inviting the rest of the finance</tspan>" in svg
    assert layout.wrap_label("x" * 80, width=30) == ["x" * 30, "x" * 30, "x" * 20]
    assert layout.wrap_label("word " * 40, width=20, max_lines=2)[-1].endswith("…")


def test_the_quotes_page_filters_and_keeps_its_budget(client_for, world, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        data = export_world()
    client = client_for(world.viewer)
    url = reverse("insights:chart_quotes")
    not_set = client.get(url, {"attribute": "plan", "value": "(not set)"}).content.decode()
    assert "clean the export" in not_set and "=SUM(A1)" in not_set and "Export takes forever" not in not_set
    in_round = client.get(url, {"round": data.calls.pk}).content.decode()
    assert "clean the export" in in_round and "1 quote." in in_round and "Deep dives" in in_round
    assert "No quotes match." in client.get(url, {"pain": "5", "by": "people"}).content.decode()
    # Bad input is ignored, never a 500.
    assert client.get(url, {"pain": "x", "tag": "y", "transcript": "-1", "page": "z"}).status_code == 200
    counts = []
    for extra in (0, 30):
        with schema_context(world.acme.schema_name):
            if extra:
                _grow(extra)
        with django_assert_max_num_queries(30) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    assert client_for(world.outsider).get(url).status_code == 404


def test_bars_dots_and_rows_escape_what_people_typed(client_for, world):
    """The bars, the curve's dots and the saturation table are built in Python (hundreds of them at 500
    interviews): a tag or an interview title with markup in it is shown as text, never as markup."""
    with schema_context(world.acme.schema_name):
        person = ParticipantFactory(attributes={"segment": 'smb"><script>x</script>'})
        transcript = interview("Pricing hurts.", participant=person, title='<img src=x onerror="alert(1)">')
        quote(transcript, "Pricing hurts", tags=['<b>Price</b> & "value"'], pain=4)
    page = client_for(world.viewer).get(CHARTS, {"attribute": "segment"}).content.decode()
    assert "<script>x</script>" not in page and "<img src=x" not in page and "<b>Price</b>" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</a></td>" in page  # the saturation table's row
    assert "<title>&lt;b&gt;Price&lt;/b&gt; &amp; &quot;value&quot; · segment = smb&quot;&gt;&lt;script&gt;" in page
    dot = r'<circle cx="[\d.]+" cy="[\d.]+" r="3" fill="#\w+"><title>After interview 1: 1 distinct tags</title>'
    assert re.search(dot, page)
