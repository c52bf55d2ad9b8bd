"""The audit log page: owners read who did what to participant data and settings, and when."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from studies.audit.selectors import audit_actions, audit_entries
from workspaces.access import MANAGE_WORKSPACE, require_role


def audit_log(request: HttpRequest) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    action = request.GET.get("action", "").strip()
    page = Paginator(audit_entries(action=action), 50).get_page(request.GET.get("page"))
    context = {"page": page, "action": action, "actions": audit_actions()}
    return render(request, "studies/audit/list.html", context)
