"""A workspace host (<slug>.PARLEY_BASE_DOMAIN): staff pages, the workspace admin and the API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from config.api_docs import SwaggerView
from config.urls_common import auth_urlpatterns
from workspaces.admin_sites import workspace_admin_site
from workspaces.handoff import views as handoff

urlpatterns = [
    path("", include("workspaces.urls")),
    path("", include("studies.urls")),
    path("", include("interviews.urls")),
    path("", include("interviews.booking.urls")),
    path("", include("interviews.panel.urls")),
    path("", include("interviews.optout.urls")),
    path("", include("webhooks.urls")),
    path("", include("synthesis.coding.urls")),
    path("", include("synthesis.codebook.urls")),
    path("", include("synthesis.qdpx.urls")),
    path("", include("synthesis.jobs.urls")),
    path("", include("synthesis.shortlist.urls")),
    path("", include("roadmap.urls")),
    path("", include("synthesis.insights.urls")),
    path("", include("synthesis.briefs.urls")),
    path("", include("synthesis.validation.urls")),
    path("", include("synthesis.search.urls")),
    path("", include("synthesis.ask.urls")),
    path("", include("synthesis.summaries.urls")),
    path("admin/", workspace_admin_site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("accounts/arrive/", handoff.arrive, name="handoff_arrive"),
    *auth_urlpatterns,
]
