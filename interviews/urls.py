"""The "interviews" URL namespace, assembled from its capabilities (booking has a namespace of its own)."""

from interviews.incentives import urls as incentives_urls
from interviews.interviewer import urls as interviewer_urls
from interviews.links import urls as links_urls
from interviews.screening import urls as screening_urls
from interviews.transcripts import urls as transcripts_urls
from interviews.wording import urls as wording_urls

app_name = "interviews"

urlpatterns = [
    *links_urls.urlpatterns,
    *interviewer_urls.urlpatterns,
    *transcripts_urls.urlpatterns,
    *screening_urls.urlpatterns,
    *incentives_urls.urlpatterns,
    *wording_urls.urlpatterns,
]
