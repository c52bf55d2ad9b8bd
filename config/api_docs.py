"""Swagger UI is a page: serve it whatever the client's Accept header asks for (API clients send JSON).

The split view serves its start-up script from its own URL (`?script`), so the page needs no inline script under the
Content-Security-Policy.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.negotiation import BaseContentNegotiation


class FirstRendererNegotiation(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class SwaggerView(SpectacularSwaggerSplitView):
    content_negotiation_class = FirstRendererNegotiation
    template_name = "api_docs/swagger_ui.html"
