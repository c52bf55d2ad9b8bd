"""Swagger UI is a page: serve it whatever the client's Accept header asks for (API clients send JSON)."""

from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.negotiation import BaseContentNegotiation


class FirstRendererNegotiation(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class SwaggerView(SpectacularSwaggerView):
    content_negotiation_class = FirstRendererNegotiation
