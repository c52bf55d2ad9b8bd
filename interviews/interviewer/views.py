"""The workspace's interviewer settings page (owners): the backend that asks the async interviews' follow-ups."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from interviews.interviewer import services
from interviews.interviewer.forms import InterviewerSettingsForm
from interviews.models import LLMSettings
from studies.pages import add_errors
from workspaces.access import MANAGE_WORKSPACE, require_role


def interviewer_settings(request: HttpRequest) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    saved = LLMSettings.objects.filter(pk=1).first()
    initial = {"backend": saved.backend, "base_url": saved.base_url, "model": saved.model} if saved else {}
    form = InterviewerSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        api_key = "" if data["remove_key"] else (data["api_key"] or None)
        try:
            services.llm_settings_save(backend=data["backend"], base_url=data["base_url"], model=data["model"],
                                       api_key=api_key, actor=request.user)  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Interviewer settings saved.")
            return redirect("interviews:settings")
    context = {"form": form, "has_key": bool(saved and saved.api_key_encrypted), "config": services.llm_config()}
    return render(request, "interviews/interviewer/settings.html", context, status=400 if form.errors else 200)
