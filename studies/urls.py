"""The "studies" URL namespace: the staff pages of each capability (programme, planner, guides, participants...)."""

from studies.audit import urls as audit
from studies.guides import urls as guides
from studies.participants import urls as participants
from studies.planner import urls as planner
from studies.privacy import urls as privacy
from studies.programme import urls as programme
from studies.study_templates import urls as study_templates

app_name = "studies"

urlpatterns = [
    *programme.urlpatterns,
    *planner.urlpatterns,
    *guides.urlpatterns,
    *participants.urlpatterns,
    *privacy.urlpatterns,
    *audit.urlpatterns,
    *study_templates.urlpatterns,
]
