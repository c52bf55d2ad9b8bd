from django.urls import path

from synthesis.charts import views as charts_views
from synthesis.insights import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.insight_list, name="list"),
    path("insights/new/", views.insight_new, name="new"),
    path("insights/export.md", views.export_insights_markdown, name="export_markdown"),
    path("insights/export.csv", views.export_insights_csv, name="export_csv"),
    path("insights/<int:pk>/", views.insight_detail, name="detail"),
    path("insights/<int:pk>/edit/", views.insight_edit, name="edit"),
    path("insights/<int:pk>/delete/", views.insight_delete, name="delete"),
    path("insights/<int:pk>/highlights/", views.insight_add, name="add"),
    path("insights/<int:pk>/highlights/<int:highlight_id>/remove/", views.insight_remove, name="remove"),
    path("highlights/<int:highlight_id>/insight/", views.highlight_to_insight, name="from_highlight"),
    path("highlights/export.csv", views.export_highlights, name="export_highlights"),
    # The charts page is a capability of its own (`synthesis.charts`) but keeps the name and path it always had.
    path("charts/", charts_views.charts_page, name="charts"),
    path("charts/quotes/", charts_views.chart_quotes, name="chart_quotes"),
]
