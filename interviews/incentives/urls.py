from django.urls import path

from interviews.incentives import views

urlpatterns = [
    path("incentives/", views.ledger, name="incentives"),
    path("incentives/bulk/", views.bulk, name="incentives_bulk"),
    path("incentives/export.csv", views.export, name="incentives_export"),
    path("bookings/<int:booking_id>/incentive/", views.no_show_grant, name="incentive_no_show"),
]
