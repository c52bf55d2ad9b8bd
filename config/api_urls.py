"""`/api/v1/`: every app's API, one router."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from interviews.api import InvitationView, LinkViewSet, SessionViewSet
from studies.api import GuideLintView, ParticipantViewSet, PlannerView, QuestionViewSet, RoundViewSet, StudyViewSet
from synthesis.api_codebook import TagViewSet
from synthesis.api_coding import HighlightViewSet, TranscriptViewSet
from webhooks.api import WebhookEndpointViewSet
from workspaces.api import MemberViewSet, WorkspaceView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("members", MemberViewSet, basename="member")
router.register("studies", StudyViewSet, basename="study")
router.register("rounds", RoundViewSet, basename="round")
router.register("questions", QuestionViewSet, basename="question")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("tags", TagViewSet, basename="tag")
router.register("transcripts", TranscriptViewSet, basename="transcript")
router.register("highlights", HighlightViewSet, basename="highlight")
router.register("links", LinkViewSet, basename="link")
router.register("sessions", SessionViewSet, basename="session")
router.register("webhook-endpoints", WebhookEndpointViewSet, basename="webhook-endpoint")

urlpatterns = [
    path("workspace/", WorkspaceView.as_view(), name="api-workspace"),
    path("planner/", PlannerView.as_view(), name="api-planner"),
    path("guide-lint/", GuideLintView.as_view(), name="api-guide-lint"),
    path("invitations/", InvitationView.as_view(), name="api-invitations"),
    *router.urls,
]
