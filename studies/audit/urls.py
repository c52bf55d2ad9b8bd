from django.urls import path

from studies.audit import views

urlpatterns = [path("audit/", views.audit_log, name="audit")]
