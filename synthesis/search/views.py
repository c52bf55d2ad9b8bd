"""The search page (works without JavaScript; htmx swaps only the results) and the keyboard palette's jump list."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from synthesis.search import palette
from synthesis.search.forms import SearchForm
from synthesis.search.selectors import search


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    role = request.membership.role
    form = SearchForm(request.GET or None, role=role)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = search(
            query=data["q"], role=role, filters=form.filters(), only=data["kind"], limit=50 if data["kind"] else 10
        )
    context = {"form": form, "results": results, "query": request.GET.urlencode()}
    template = "synthesis/search/page.html#results" if request.htmx else "synthesis/search/page.html"
    return render(request, template, context)


@require_GET
def palette_items(request: HttpRequest) -> HttpResponse:
    """The palette's list for what was typed: pages, studies, rounds and (for roles that see them) participants."""
    q = request.GET.get("q", "")[:100]
    return render(
        request, "synthesis/search/palette.html", {"items": palette.items(q=q, role=request.membership.role), "q": q}
    )
