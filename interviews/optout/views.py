"""The opt-out page a participant reaches from any email: confirm, and do-not-contact is set."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from interviews.optout.services import opt_out_participant, participant_opt_out
from interviews.participant_pages import participant_page, use_participant


@participant_page
@require_http_methods(["GET", "POST"])
def opt_out_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a mail scanner following links must not opt anyone out); POST sets do-not-contact."""
    ours, participant = opt_out_participant(token)
    if not ours:
        raise Http404
    use_participant(request, participant)
    done = participant is None or participant.do_not_contact
    if request.method == "POST" and participant is not None:
        participant_opt_out(participant=participant)
        done = True
    context = {"done": done, "public_title": request.tenant.name, "workspace_name": request.tenant.name}
    response = render(request, "interviews/optout/page.html", context)
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response
