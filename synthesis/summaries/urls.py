from django.urls import path

from synthesis.summaries import views

app_name = "summaries"

urlpatterns = [path("summaries/start/", views.summaries_start, name="start")]
