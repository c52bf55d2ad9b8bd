"""At scale: the codebook, insight list, an insight and the charts run the same queries for a small and a larger
workspace (built in bulk by bench/synthesis_pages.py, the same code `make bench` times at 10,000 highlights)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from bench.synthesis_pages import build_synthesis, pages
from synthesis.models import Highlight, Insight


def _counts(client, built) -> dict[str, int]:
    counts = {}
    for name, path in pages(built).items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured)
    return counts


def test_synthesis_pages_keep_their_query_budgets(client_for, world, report):
    client = client_for(world.researcher)
    sizes = [(3, 4, 5), (60, 10, 40)]  # interviews, highlights each, quotes of the big insight
    counts = []
    for interviews, per_interview, big in sizes:
        with schema_context(world.acme.schema_name):
            built = build_synthesis(
                interviews=interviews, per_interview=per_interview, insights=interviews, insight_size=5, big_insight=big
            )
            assert Insight.objects.get(pk=built["big_insight"]).highlights.count() == big
        counts.append(_counts(client, built))
    with schema_context(world.acme.schema_name):
        assert Highlight.objects.count() == sum(i * p for i, p, _ in sizes)
    assert counts[0] == counts[1], counts
    report(f"synthesis pages, queries with 12 and with 612 highlights: {counts[1]}")
