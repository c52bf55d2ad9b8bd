"""The public host's home page: every workspace the person belongs to, with its numbers and health flags."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from workspaces.portfolio import registry
from workspaces.portfolio.selectors import Query, portfolio_export, portfolio_page


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    page = portfolio_page(request.user, Query.from_params(request.GET))
    template = "workspaces/portfolio.html#table" if request.htmx else "workspaces/portfolio.html"
    return render(request, template, {"page": page})


class _Echo:
    def write(self, value):
        return value


@login_required
def portfolio_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The same rows as the page (filters and sort included, every page), one line per workspace."""
    query = Query.from_params(request.GET)
    columns = registry.columns()
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(
            ["workspace", "slug", "your role", *(c.label for c in columns), "flags", "last activity", "computed at"]
        )
        for row in portfolio_export(request.user, query):
            values = [
                " ".join(str(v) for v in cell.value) if isinstance(cell.value, list) else cell.value
                for cell in row.cells
            ]
            yield writer.writerow([
                row.name, row.slug, row.role, *("" if v is None else v for v in values),
                "; ".join(flag.label for flag, _, _ in row.flags),
                row.last_activity_at.isoformat() if row.last_activity_at else "",
                row.computed_at.isoformat() if row.computed_at else "",
            ])  # fmt: skip

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="parley-portfolio.csv"'
    return response
