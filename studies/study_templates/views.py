"""Study templates: save a study's plan to the library from its page, and start a new draft study from one, either
inside a workspace (the new study page) or from the library on the public host ("Use this template in…")."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tenants.utils import tenant_context

from studies.models import Study
from studies.pages import or_404
from studies.study_templates import selectors, services
from workspaces.access import WRITE_RESEARCH, require_role
from workspaces.handoff.services import handoff_link
from workspaces.library.selectors import can_publish, library_item, workspaces_to_copy_into
from workspaces.models import LibraryKind

NOT_A_TEMPLATE = "Choose a study template from the library."


@require_POST
def study_publish(request: HttpRequest, study_id: int) -> HttpResponse:
    """Save this study's plan to the library (owners and researchers whom staff allow to publish)."""
    require_role(request, WRITE_RESEARCH)
    study = or_404(Study.objects.filter(pk=study_id).first())
    if not can_publish(request.user):
        raise PermissionDenied("Staff have not allowed you to publish to the library.")
    try:
        item = services.study_template_publish(study=study, title=request.POST.get("title", "").strip(),
                                               actor=request.user)  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Saved “{item.title}” to the library as a study template: its rounds, guides and "
                                  "booking rules, never its participants, answers or hosts.")  # fmt: skip
    return redirect("studies:detail", study.pk)


def _started_path(study: Study) -> str:
    return reverse("studies:template_started", args=[study.pk], urlconf=settings.ROOT_URLCONF)


@require_POST
def study_from_library(request: HttpRequest) -> HttpResponse:
    """Inside a workspace: start a new draft study here from a library template."""
    require_role(request, WRITE_RESEARCH)
    item = library_item(request.POST.get("item", ""), kind=LibraryKind.STUDY_TEMPLATE)
    if item is None:
        messages.error(request, NOT_A_TEMPLATE)
        return redirect("studies:new")
    try:
        study = services.study_from_template(item=item, actor=request.user)
    except ValidationError as error:
        messages.error(request, f"No study was created from “{item.title}”: {' '.join(error.messages)}")
        return redirect("studies:new")
    return redirect(_started_path(study))


def template_started(request: HttpRequest, study_id: int) -> HttpResponse:
    """Where a study started from a template lands: say what came and what the linter flags, then show the study.
    Computed here because a study started from the public host cannot carry messages across hosts."""
    study = or_404(Study.objects.filter(pk=study_id).first())
    report = selectors.study_report(study)
    messages.success(request, f"Started the draft study “{study.title}” from a library template: {report.rounds} "
                              f"round{'s' if report.rounds != 1 else ''}, {report.questions} questions. Choose the "
                              "hosts of its sync rounds on their booking pages.")  # fmt: skip
    if report.flags:
        flagged = len(report.flags)
        messages.warning(request, f"The linter flags {flagged} question{'s' if flagged != 1 else ''}: "
                                  + " · ".join(report.flags))  # fmt: skip
    for warning in report.warnings:
        messages.warning(request, warning)
    return redirect("studies:detail", study.pk)


# The public host -----------------------------------------------------------------------------------------------------


@login_required
@require_POST
def template_use(request: HttpRequest) -> HttpResponse:
    """On the public host: start a new draft study from a library template in one of the person's workspaces where
    they own or research (any other workspace is a 404), then open it there, signed in through the hand-off."""
    workspace_id = request.POST.get("workspace", "")
    workspace = (
        workspaces_to_copy_into(request.user).filter(pk=workspace_id).first() if workspace_id.isdigit() else None
    )
    if workspace is None:
        raise Http404("No such workspace.")
    item = library_item(request.POST.get("item", ""), kind=LibraryKind.STUDY_TEMPLATE)
    if item is None:
        messages.error(request, NOT_A_TEMPLATE)
        return redirect("library")
    try:
        with tenant_context(workspace):
            study = services.study_from_template(item=item, actor=request.user)
    except ValidationError as error:
        messages.error(request, f"No study was created in {workspace.name} from “{item.title}”: "
                                f"{' '.join(error.messages)}")  # fmt: skip
        return redirect(reverse("library") + f"#item-{item.pk}")
    return redirect(handoff_link(workspace.slug, _started_path(study)))
