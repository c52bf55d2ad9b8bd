"""The participant's interview: intro and consent, one question at a time, resume, finish later, thank you.

Every step is a plain form POST that also works without JavaScript; with htmx the next turn replaces the chat in
place. The answer is committed before the interviewer is asked for the next turn."""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from interviews.links import services
from interviews.models import InterviewLink, LinkKind, Role, Session, SessionStatus
from workspaces import ratelimit
from workspaces.access import workspace_open

logger = logging.getLogger(__name__)
COOKIE_AGE = 60 * 60 * 24 * 60  # an open link's session can be resumed on this device for 60 days


def _link(token: str) -> InterviewLink:
    link = InterviewLink.objects.select_related("round__study", "participant").filter(token=token).first()
    if link is None:
        raise Http404
    return link


def _cookie(link: InterviewLink) -> str:
    return f"parley_interview_{link.pk}"


def _limited(request, link) -> HttpResponse | None:
    ok = ratelimit.allow(f"link:{link.pk}", limit=settings.PARLEY_RATE_LIMIT_PER_LINK) and ratelimit.allow(
        f"addr:{ratelimit.client_address(request)}", limit=settings.PARLEY_RATE_LIMIT_PER_ADDRESS
    )
    if ok:
        return None
    reason = "Too many requests at once. Please wait a minute and try again: your answers so far are saved."
    response = render(request, "interviews/links/unavailable.html", {"link": link, "reason": reason}, status=429)
    response["Retry-After"] = "60"
    return response


def _session(request, link) -> Session | None:
    resume = request.GET.get("resume") or request.get_signed_cookie(_cookie(link), default="")
    return services.session_find(link=link, resume_token=resume)


def _chat_context(session: Session, **extra) -> dict:
    messages = list(session.messages.order_by("order"))
    total = session.round.questions.count()
    done = total if session.status == SessionStatus.COMPLETED else session.current_index
    study = session.round.study
    return {
        "session": session,
        "link": session.link,
        "study": study,
        "messages": messages,
        "awaiting_answer": session.status != SessionStatus.COMPLETED and messages[-1].role == Role.INTERVIEWER,
        "done": done,
        "total": total,
        "client_token": secrets.token_urlsafe(16),
        "max_answer_chars": services.MAX_ANSWER_CHARS,
        "later_email": session.email or (session.participant.email if session.participant else ""),
        **extra,
    }


def _remember(response: HttpResponse, link: InterviewLink, session: Session) -> HttpResponse:
    if link.kind == LinkKind.OPEN:
        response.set_signed_cookie(
            _cookie(link), session.resume_token, max_age=COOKIE_AGE, httponly=True, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )  # fmt: skip
    return response


@workspace_open
def interview(request: HttpRequest, token: str) -> HttpResponse:
    link = _link(token)
    if limited := _limited(request, link):
        return limited
    session = _session(request, link)
    if request.method == "POST":
        return _start(request, link, session)
    if session is None:
        reason = services.link_unavailable(link)
        if reason:
            return render(request, "interviews/links/unavailable.html", {"link": link, "reason": reason}, status=410)
        hidden = {k: v for k, v in request.GET.items() if k in link.round.hidden_fields}
        return render(
            request, "interviews/links/intro.html", {"link": link, "study": link.round.study, "hidden": hidden}
        )
    if session.status == SessionStatus.COMPLETED:
        return _remember(render(request, "interviews/links/done.html", _done_context(session)), link, session)
    _reply_if_pending(session)
    return _remember(render(request, "interviews/links/chat.html", _chat_context(session)), link, session)


def _start(request, link, session) -> HttpResponse:
    if session is None:
        if not request.POST.get("consent"):
            context = {"link": link, "study": link.round.study, "hidden": request.POST.dict(),
                       "error": "Please tick the box to agree before you start."}  # fmt: skip
            return render(request, "interviews/links/intro.html", context, status=400)
        hidden = {k: v for k, v in request.POST.items() if k in link.round.hidden_fields}
        try:
            session = services.session_start(link=link, hidden=hidden)
        except services.InterviewUnavailable as error:
            return render(
                request, "interviews/links/unavailable.html", {"link": link, "reason": str(error)}, status=410
            )
    return _remember(redirect("interviews:interview", token=link.token), link, session)


def _reply_if_pending(session: Session) -> None:
    """An answer waiting for its reply (the interviewer failed last time): try again, without failing the page."""
    try:
        services.interviewer_reply(session=session)
    except Exception:
        logger.exception("interviewer reply failed for session %s; the answer is saved", session.pk)


def _started(request, token: str) -> tuple[InterviewLink, Session | None, HttpResponse | None]:
    """The link and this visitor's session for a POST inside the interview, or the response that stops it."""
    link = _link(token)
    if limited := _limited(request, link):
        return link, None, limited
    session = _session(request, link)
    if session is None:
        return link, None, redirect("interviews:interview", token=link.token)
    return link, session, None


@workspace_open
@require_POST
def answer(request: HttpRequest, token: str) -> HttpResponse:
    link, session, stop = _started(request, token)
    if stop:
        return stop
    error = ""
    try:
        services.answer_submit(
            session=session, text=request.POST.get("text", ""), client_token=request.POST.get("client_token", "")
        )
    except ValidationError as exc:
        error = exc.message_dict["text"][0]
    except services.InterviewUnavailable:
        pass  # completed meanwhile: the page below says thank you
    else:
        _reply_if_pending(session)
    session.refresh_from_db()
    if not request.htmx:
        if error:
            return render(request, "interviews/links/chat.html", _chat_context(session, error=error,
                          draft=request.POST.get("text", "")), status=400)  # fmt: skip
        return redirect("interviews:interview", token=link.token)
    if session.status == SessionStatus.COMPLETED:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("interviews:interview", kwargs={"token": link.token})
        return response
    context = _chat_context(session, error=error, draft=request.POST.get("text", "") if error else "")
    return render(request, "interviews/links/chat.html#chat", context, status=400 if error else 200)


@workspace_open
@require_POST
def finish_later(request: HttpRequest, token: str) -> HttpResponse:
    link, session, stop = _started(request, token)
    if stop:
        return stop
    try:
        services.session_remember(session=session, email=request.POST.get("email", "").strip())
    except ValidationError as exc:
        context = _chat_context(session, later_error=exc.message_dict["email"][0], show_later=True)
        return render(request, "interviews/links/chat.html", context, status=400)
    return render(request, "interviews/links/later.html", {"session": session, "study": link.round.study})


def _done_context(session: Session, **extra) -> dict:
    person = session.participant
    # Ask for what is missing: an open link's respondent gives name and email; a known person only their consent.
    ask = session.followup_opt_in_at is None and (person is None or not person.consent_to_contact)
    return _chat_context(session, ask_followup=ask, anonymous=person is None, do_not_contact=bool(
        person and person.do_not_contact), **extra)  # fmt: skip


@workspace_open
@require_POST
def followup(request: HttpRequest, token: str) -> HttpResponse:
    """The done page's opt-in to a follow-up call."""
    link, session, stop = _started(request, token)
    if stop:
        return stop
    if session.status != SessionStatus.COMPLETED:
        return redirect("interviews:interview", token=link.token)
    form = {"name": request.POST.get("name", ""), "email": request.POST.get("email", "")}
    try:
        services.session_followup_opt_in(
            session=session, consent=bool(request.POST.get("consent")), name=form["name"], email=form["email"]
        )
    except ValidationError as exc:
        errors = {field: messages[0] for field, messages in exc.message_dict.items()}
        context = _done_context(session, followup_errors=errors, followup_form=form)
        return _remember(render(request, "interviews/links/done.html", context, status=400), link, session)
    session.refresh_from_db()
    context = _done_context(session, followup_saved=True)
    return _remember(render(request, "interviews/links/done.html", context), link, session)
