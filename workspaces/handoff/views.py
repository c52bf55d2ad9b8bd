"""The two ends of a hand-off: the public host sends a signed-in member on with a token, the workspace host takes
it and signs them in there."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from workspaces.access import membership_for, workspace_open
from workspaces.handoff.services import HandoffRefused, handoff_redeem, handoff_token, safe_next
from workspaces.models import Workspace


@never_cache
@login_required
def go(request: HttpRequest, slug: str) -> HttpResponse:
    """Public host: open a page of a workspace the person belongs to, signed in there without asking again."""
    workspace = Workspace.objects.prefetch_related("domains").filter(slug=slug).exclude(schema_name="public").first()
    if workspace is None or membership_for(request.user, workspace) is None:
        raise Http404("No such workspace.")
    domain = next((d.domain for d in workspace.domains.all() if d.is_primary), None)
    if domain is None:
        raise Http404("No such workspace.")
    query = urlencode({"token": handoff_token(user=request.user, host=domain), "next": request.GET.get("next", "/")})
    return redirect(settings.PARLEY_URL_TEMPLATE.format(host=domain) + "/accounts/arrive/?" + query)


@never_cache
@workspace_open
def arrive(request: HttpRequest) -> HttpResponse:
    """Workspace host: the token signs the person in, then the usual membership check applies to the next page."""
    host = request.get_host()
    next_path = safe_next(request.GET.get("next"), host)
    try:
        user = handoff_redeem(token=request.GET.get("token", ""), host=host)
    except HandoffRefused as refused:
        if request.user.is_authenticated and request.membership is not None:
            return redirect(next_path)  # a reload after arriving: already signed in here
        return render(request, "registration/handoff_refused.html", {"reason": str(refused)}, status=403)
    if membership_for(user, request.tenant) is None:
        raise Http404("No such workspace.")
    if not (request.user.is_authenticated and request.user.pk == user.pk):
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    return redirect(next_path)
