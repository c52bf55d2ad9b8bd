from django.urls import path

from roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("roadmap/", views.board, name="board"),
    path("roadmap/new/", views.item_new, name="new"),
    path("roadmap/export.csv", views.export_csv, name="export_csv"),
    path("roadmap/settings/", views.roadmap_settings, name="configure"),
    path("roadmap/settings/weights/", views.weights_save, name="weights"),
    path("roadmap/settings/shares/", views.share_new, name="share_new"),
    path("roadmap/settings/shares/<int:share_id>/revoke/", views.share_revoke_view, name="share_revoke"),
    path("roadmap/shared/<str:token>/", views.shared, name="shared"),
    path("roadmap/<int:item_id>/", views.item_detail, name="item"),
    path("roadmap/<int:item_id>/edit/", views.item_edit, name="edit"),
    path("roadmap/<int:item_id>/move/", views.item_move_view, name="move"),
    path("roadmap/<int:item_id>/delete/", views.item_delete_view, name="delete"),
    path("roadmap/<int:item_id>/evidence/", views.evidence_search_view, name="evidence_search"),
    path("roadmap/<int:item_id>/evidence/link/", views.evidence_link_view, name="evidence_link"),
    path("roadmap/<int:item_id>/validation/", views.validation_invite_view, name="validation_invite"),
    path("roadmap/evidence/<int:link_id>/", views.evidence_update_view, name="evidence_update"),
    path("roadmap/evidence/<int:link_id>/unlink/", views.evidence_unlink_view, name="evidence_unlink"),
    path("roadmap/insights/<int:insight_id>/", views.insight_links, name="insight_links"),
    path("roadmap/insights/<int:insight_id>/link/", views.insight_link_view, name="insight_link"),
]
