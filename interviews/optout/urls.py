from django.urls import path

from interviews.optout import views

app_name = "optout"

urlpatterns = [
    path("opt-out/<str:token>/", views.opt_out_page, name="page"),
]
