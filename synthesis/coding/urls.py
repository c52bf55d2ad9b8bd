from django.urls import path

from synthesis.coding import views

app_name = "coding"

urlpatterns = [
    path("transcripts/", views.transcript_list, name="transcripts"),
    path("transcripts/<int:transcript_id>/", views.transcript_detail, name="transcript"),
    path("transcripts/<int:transcript_id>/highlights/", views.highlight_create, name="highlight_create"),
    path("highlights/<int:highlight_id>/tags/", views.highlight_tag, name="highlight_tag"),
    path("highlights/<int:highlight_id>/tags/<int:tag_id>/remove/", views.highlight_untag, name="highlight_untag"),
    path("highlights/<int:highlight_id>/pain/", views.highlight_pain, name="highlight_pain"),
    path("highlights/<int:highlight_id>/delete/", views.highlight_delete, name="highlight_delete"),
]
