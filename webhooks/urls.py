from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("settings/webhooks/", views.endpoint_list, name="list"),
    path("settings/webhooks/<int:endpoint_id>/", views.endpoint_detail, name="detail"),
    path("settings/webhooks/<int:endpoint_id>/test/", views.endpoint_test, name="test"),
    path("settings/webhooks/<int:endpoint_id>/rotate-secret/", views.endpoint_rotate_secret, name="rotate_secret"),
    path("settings/webhooks/<int:endpoint_id>/delete/", views.endpoint_delete, name="delete"),
]
