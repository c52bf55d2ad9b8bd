"""Counting a page's or a function's statements in tests."""

from django.test.utils import CaptureQueriesContext


def reads(queries: CaptureQueriesContext) -> list[str]:
    """The statements captured, less django-tenants' `SET search_path`: whether one is sent depends on where the
    connection was before (workspaces.database), not on the page, so a page's fixed count leaves them out."""
    return [query["sql"] for query in queries.captured_queries if not query["sql"].startswith("SET search_path")]
