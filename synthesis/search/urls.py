from django.urls import path

from synthesis.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("search/palette/", views.palette_items, name="palette"),
]
