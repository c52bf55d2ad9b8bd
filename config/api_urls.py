"""`/api/v1/`: every app's API, one router."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from workspaces.api import MemberViewSet, WorkspaceView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("members", MemberViewSet, basename="member")

urlpatterns = [
    path("workspace/", WorkspaceView.as_view(), name="api-workspace"),
    *router.urls,
]
