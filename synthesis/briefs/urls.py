from django.urls import path

from synthesis.briefs import views

app_name = "briefs"

urlpatterns = [
    path("bookings/<int:booking_id>/brief/", views.brief_page, name="page"),
    path("bookings/<int:booking_id>/brief/regenerate/", views.brief_regenerate, name="regenerate"),
]
