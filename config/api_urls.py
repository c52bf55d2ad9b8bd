"""`/api/v1/`: every app's API, one router."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import DefaultRouter

from interviews.booking.api import (
    BookingViewSet,
    HandoffView,
    HostCalendarDetailView,
    HostCalendarRefreshView,
    HostCalendarsView,
    HostListView,
    RoundSlotsView,
)
from interviews.incentives.api import IncentiveViewSet
from interviews.links.api import InvitationView, LinkViewSet, SessionViewSet
from interviews.panel.api import SegmentInviteView
from interviews.transcripts.api import BookingRecordingView, BookingTranscriptView, RecordingImportView
from roadmap.api import RoadmapItemViewSet
from studies.audit.api import AuditEntryViewSet
from studies.guides.api import GuideLintView, QuestionViewSet
from studies.participants.api import ParticipantViewSet, SegmentViewSet
from studies.planner.api import PlannerView
from studies.programme.api import RoundViewSet, StudyViewSet
from studies.recruitment.api import RoundQuotasView
from synthesis.ask.api import AskInsightView, AskView
from synthesis.briefs.api import BookingBriefView
from synthesis.codebook.api import TagViewSet
from synthesis.coding.api import HighlightViewSet, TranscriptViewSet
from synthesis.insights.api import InsightViewSet
from synthesis.jobs.api import BulkAcceptanceViewSet, SuggestionViewSet, SynthesisJobViewSet
from synthesis.qdpx.api import StudyProjectView
from synthesis.search.api import SearchView
from synthesis.shortlist.api import ShortlistView
from synthesis.validation.api import InsightValidationView, ValidateView
from webhooks.api import WebhookEndpointViewSet
from workspaces.access import workspace_open
from workspaces.api import InvitationViewSet, MemberViewSet, WorkspaceView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("members", MemberViewSet, basename="member")
router.register("audit-log", AuditEntryViewSet, basename="audit-entry")
router.register("member-invitations", InvitationViewSet, basename="member-invitation")
router.register("studies", StudyViewSet, basename="study")
router.register("rounds", RoundViewSet, basename="round")
router.register("questions", QuestionViewSet, basename="question")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("segments", SegmentViewSet, basename="segment")
router.register("tags", TagViewSet, basename="tag")
router.register("transcripts", TranscriptViewSet, basename="transcript")
router.register("highlights", HighlightViewSet, basename="highlight")
router.register("synthesis-jobs", SynthesisJobViewSet, basename="synthesis-job")
router.register("suggestions", SuggestionViewSet, basename="suggestion")
router.register("bulk-acceptances", BulkAcceptanceViewSet, basename="bulk-acceptance")
router.register("insights", InsightViewSet, basename="insight")
router.register("links", LinkViewSet, basename="link")
router.register("sessions", SessionViewSet, basename="session")
router.register("bookings", BookingViewSet, basename="booking")
router.register("incentives", IncentiveViewSet, basename="incentive")
router.register("webhook-endpoints", WebhookEndpointViewSet, basename="webhook-endpoint")
router.register("roadmap-items", RoadmapItemViewSet, basename="roadmap-item")


@csrf_exempt  # a POST to a path that does not exist is a 404 whoever sends it, not a CSRF page
def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [
    path("workspace/", WorkspaceView.as_view(), name="api-workspace"),
    path("planner/", PlannerView.as_view(), name="api-planner"),
    path("guide-lint/", GuideLintView.as_view(), name="api-guide-lint"),
    path("invitations/", InvitationView.as_view(), name="api-invitations"),
    # Before the router, so that rounds/<id>/ does not swallow it.
    path("rounds/<int:pk>/slots/", RoundSlotsView.as_view(), name="api-round-slots"),
    path("studies/<int:pk>/qdpx/", StudyProjectView.as_view(), name="api-study-qdpx"),
    path("rounds/<int:pk>/shortlist/", ShortlistView.as_view(), name="api-round-shortlist"),
    path("rounds/<int:pk>/quotas/", RoundQuotasView.as_view(), name="api-round-quotas"),
    path("segments/<int:pk>/invite/", SegmentInviteView.as_view(), name="api-segment-invite"),
    path("rounds/<int:pk>/handoff/", HandoffView.as_view(), name="api-round-handoff"),
    path("bookings/<int:pk>/transcript/", BookingTranscriptView.as_view(), name="api-booking-transcript"),
    path("bookings/<int:pk>/recording/", BookingRecordingView.as_view(), name="api-booking-recording"),
    path("bookings/<int:pk>/recording/import/", RecordingImportView.as_view(), name="api-booking-recording-import"),
    path("bookings/<int:pk>/brief/", BookingBriefView.as_view(), name="api-booking-brief"),
    path("hosts/", HostListView.as_view(), name="api-hosts"),
    path("hosts/<int:pk>/calendars/", HostCalendarsView.as_view(), name="api-host-calendars"),
    path("hosts/<int:pk>/calendars/<int:calendar_id>/", HostCalendarDetailView.as_view(), name="api-host-calendar"),
    path(
        "hosts/<int:pk>/calendars/<int:calendar_id>/refresh/",
        HostCalendarRefreshView.as_view(),
        name="api-host-calendar-refresh",
    ),
    path("search/", SearchView.as_view(), name="api-search"),
    path("ask/", AskView.as_view(), name="api-ask"),
    path("ask/<int:pk>/insight/", AskInsightView.as_view(), name="api-ask-insight"),
    path("insights/validate/", ValidateView.as_view(), name="api-insights-validate"),
    path("insights/<int:pk>/validation/", InsightValidationView.as_view(), name="api-insight-validation"),
    *router.urls,
    # Last: any other path under /api/v1/ (`/studies/0.5/`, a typo) is the API's JSON 404, not the HTML page.
    re_path(r"^[\s\S]*/$", workspace_open(not_found)),  # [\s\S]: a %0A in an id is part of the path too
]
