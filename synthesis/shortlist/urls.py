from django.urls import path

from synthesis.shortlist import views

app_name = "synthesis_shortlist"

urlpatterns = [
    path("rounds/<int:round_id>/shortlist/", views.shortlist_page, name="round"),
    path("rounds/<int:round_id>/shortlist/invite/", views.invite, name="invite"),
    path("rounds/<int:round_id>/shortlist/quotas/", views.quotas_save, name="quotas"),
]
