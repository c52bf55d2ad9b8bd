"""`GET /api/v1/search/?q=`: one search over the workspace, answering
`{"results": [{"kind", "id", "title", "snippet", "url"}], "counts": {kind: n}}`. Every member reads; participants
and their names only for owners and researchers (and keys of those roles)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from synthesis.search.forms import SearchForm
from synthesis.search.selectors import MAX_PER_KIND, PER_KIND, search
from workspaces.permissions import api_role


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="utterance, highlight, insight, study, round, roadmap_item or participant.")
    id = serializers.IntegerField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: the matching words (escaped) with <mark> around the matches.")
    url = serializers.CharField(help_text="The exact place on the staff pages, e.g. the utterance in its transcript.")
    rank = serializers.FloatField()


class SearchAnswerSerializer(serializers.Serializer):
    query = serializers.CharField()
    results = HitSerializer(many=True)
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Matches per kind (all, not a page).")


PARAMETERS = [
    OpenApiParameter("q", str, required=True, description='Words (stemmed), "a phrase", -excluded.'),
    OpenApiParameter("kind", str, description="Only this kind of result."),
    OpenApiParameter("study", int),
    OpenApiParameter("round", int),
    OpenApiParameter("method", str, enum=["sync", "async"]),
    OpenApiParameter("tag", int, description="Quotes coded with this tag or one of its children."),
    OpenApiParameter("attribute", str, description="A participant attribute, e.g. segment:enterprise."),
    OpenApiParameter("pain", int, description="Quotes with pain at least this (1-5)."),
    OpenApiParameter("since", OpenApiTypes.DATE),
    OpenApiParameter("until", OpenApiTypes.DATE),
    OpenApiParameter("limit", int, description=f"Results per kind, default {PER_KIND}, at most {MAX_PER_KIND}."),
]


class SearchView(APIView):
    @extend_schema(parameters=PARAMETERS, responses=SearchAnswerSerializer, summary="Search the workspace")
    def get(self, request):
        role = api_role(request)
        form = SearchForm(request.query_params, role=role, with_choices=False)
        limit = request.query_params.get("limit", str(PER_KIND))
        errors = {} if form.is_valid() else {name: list(messages) for name, messages in form.errors.items()}
        if not errors and not form.cleaned_data["q"]:
            errors["q"] = ["Give the words to look for."]
        if not limit.isdigit() or not 1 <= int(limit) <= MAX_PER_KIND:
            errors["limit"] = [f"A whole number from 1 to {MAX_PER_KIND}."]
        if errors:
            return Response(errors, status=400)
        data = form.cleaned_data
        results = search(query=data["q"], role=role, filters=form.filters(), only=data["kind"], limit=int(limit))
        hits = [
            {
                "kind": h.kind,
                "id": h.id,
                "title": h.title,
                "snippet": str(h.snippet),
                "url": h.url,
                "rank": round(h.rank, 4),
            }
            for h in results.hits
        ]
        return Response({"query": results.query, "results": hits, "counts": results.counts})
