"""A study's REFI-QDA project: download it (every member), import one made elsewhere (owners and researchers).
Plain GET and POST, no JavaScript needed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from studies.pages import add_errors, or_404
from studies.programme.selectors import study_detail
from synthesis.qdpx.forms import ProjectImportForm
from synthesis.qdpx.selectors import study_qdpx
from synthesis.qdpx.services import study_import_qdpx
from workspaces.access import WRITE_RESEARCH, require_role

CONTENT_TYPE = "application/zip"


def download_name(study) -> str:
    return f"{slugify(study.title) or 'study'}-{study.pk}.qdpx"


def study_export(request: HttpRequest, study_id: int) -> HttpResponse:
    study = or_404(study_detail(study_id))
    disposition = content_disposition_header(True, download_name(study))
    return HttpResponse(study_qdpx(study), content_type=CONTENT_TYPE, headers={"Content-Disposition": disposition})


def study_import(request: HttpRequest, study_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    study = or_404(study_detail(study_id))
    rounds = list(study.rounds.all())
    bound = request.method == "POST"
    form = ProjectImportForm(request.POST if bound else None, request.FILES if bound else None, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = study_import_qdpx(study=study, data=upload.read(), filename=upload.name,
                                       round=form.cleaned_data["round"], actor=request.user)  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, result.summary)
            return redirect("studies:detail", study.pk)
    status = 400 if form.errors else 200
    return render(request, "synthesis/qdpx/import.html", {"study": study, "form": form}, status=status)
