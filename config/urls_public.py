"""The public host (PARLEY_BASE_DOMAIN): sign-in, your workspaces, new workspace, the staff admin."""

from django.contrib import admin
from django.urls import path

from config.urls_common import auth_urlpatterns
from studies.study_templates import views as study_templates
from workspaces import views
from workspaces.handoff import views as handoff
from workspaces.library import views as library
from workspaces.portfolio import urls as portfolio

urlpatterns = [
    *portfolio.urlpatterns,
    path("go/<slug:slug>/", handoff.go, name="handoff_go"),
    path("library/", library.library, name="library"),
    path("library/templates/use/", study_templates.template_use, name="library_template_use"),
    path("workspaces/new/", views.workspace_new, name="workspace_new"),
    path("admin/", admin.site.urls),
    *auth_urlpatterns,
]
