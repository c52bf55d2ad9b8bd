"""The participant's interview: intro and consent, one question at a time, resume, finish later, thank you.

Every step is a plain form POST that also works without JavaScript; with htmx the next turn replaces the chat in
place. The answer is committed before the interviewer is asked for the next turn. Pages speak the participant's
language (`participant_page`) and name the study by its public title."""

import logging
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from interviews import public_cache
from interviews.interviewer.services import llm_config
from interviews.links import selectors, services
from interviews.models import InterviewLink, LinkKind, MessageKind, Role, Session, SessionStatus
from interviews.participant_pages import participant_page, public_study, use_participant
from interviews.screening import views as screening
from studies.models import Screener
from workspaces import ratelimit

logger = logging.getLogger(__name__)
COOKIE_AGE = 60 * 60 * 24 * 60  # an open link's session can be resumed on this device for 60 days
# A refused answer comes back in its box to be shortened, up to this length: more than a person writes over the
# limit. A longer one (a 1 MB paste) is not sent back: the page says so and the browser's Back button restores it.
DRAFT_KEPT_CHARS = 2 * services.MAX_ANSWER_CHARS


def _opened(request, token: str, *, per_link: bool = True) -> tuple[InterviewLink, bool]:
    """The link with its round and study, and whether the round screens strangers (from the cache: `_screened`);
    and whether this visitor is within the rate limits, counted in the same round trip to the cache. Polling counts
    against the visitor's address only (`per_link` False)."""
    limits = {f"addr:{ratelimit.client_address(request)}": settings.PARLEY_RATE_LIMIT_PER_ADDRESS}
    if per_link:
        limits[f"link:{token}"] = settings.PARLEY_RATE_LIMIT_PER_LINK
    allowed, found = ratelimit.allow_all_and_get(limits, public_cache.keys("link", token))
    link = selectors.link_by_token(token, found)
    if link is None:
        raise Http404
    return link, allowed


def _texts(request, link: InterviewLink) -> dict:
    return public_study(link.round, request.tenant.name)


COOKIE_PREFIX = "parley_interview_"


def _cookie(link: InterviewLink) -> str:
    return f"{COOKIE_PREFIX}{link.pk}"


def _too_many(request, link) -> HttpResponse:
    reason = gettext("Too many requests at once. Please wait a minute and try again: your answers so far are saved.")
    response = _unavailable(request, link, reason, status=429)
    response["Retry-After"] = "60"
    return response


def _unavailable(request, link, reason: str, *, status: int) -> HttpResponse:
    context = {"link": link, "reason": reason, **_texts(request, link)}
    return render(request, "interviews/links/unavailable.html", context, status=status)


def _session(request, link) -> tuple[Session | None, list | None]:
    """This visitor's interview on the link with its messages (None: not read), with their person, whose language
    the page then speaks."""
    session, messages = selectors.interview_of(link=link, resume_tokens=_resume_tokens(request))
    if session is None and _screened(link) and (passed := screening.passed_screening(request, link.round)):
        # Screened in on another device, or back from the emailed link: their interview resumes where it stopped.
        session, messages = link.sessions.filter(participant=passed.participant).first(), None
    use_participant(request, session.participant if session is not None else link.participant)
    return session, messages


def _screened(link: InterviewLink) -> bool:
    """Whether strangers answer the round's screener before this link lets them in (personal links do not)."""
    if not hasattr(link, "_screened"):
        has = link.screener if hasattr(link, "screener") else Screener.objects.filter(round=link.round_id).exists()
        link._screened = link.kind == LinkKind.OPEN and has
    return link._screened


def _hidden_query(request, link) -> str:
    """The link's hidden fields given in the address (?plan=team), to carry through the screener to the intro."""
    return urlencode({k: v for k, v in request.GET.items() if k in link.round.hidden_fields})


def _screener(request, link, **extra) -> HttpResponse:
    action = reverse("interviews:screener", kwargs={"token": link.token})
    if query := _hidden_query(request, link):
        action += f"?{query}"
    return screening.screener_page(request, link.round, action=action, **extra)


@participant_page
@require_POST
def screener(request: HttpRequest, token: str) -> HttpResponse:
    """The answers to an open link's screener: in, or a polite ending."""
    link, allowed = _opened(request, token)
    use_participant(request, link.participant)
    if not allowed:
        return _too_many(request, link)
    if not _screened(link):
        return redirect("interviews:interview", token=link.token)
    if reason := services.link_unavailable(link):
        return _unavailable(request, link, reason, status=410)
    query = _hidden_query(request, link)
    return screening.screen(request, link.round, action=request.get_full_path(),
                            enter=lambda response: screening.enter_round(request, response, query=query))  # fmt: skip


def _resume_tokens(request) -> list[str]:
    """The session tokens this visitor holds: the resume address's first, then those of their interview cookies."""
    tokens = [request.GET["resume"]] if request.GET.get("resume") else []
    for name in request.COOKIES:
        if name.startswith(COOKIE_PREFIX) and (token := request.get_signed_cookie(name, default="")):
            tokens.append(token)
    return tokens


# When the page first asks for a reply the model is writing: as long as the model's last reply in this interview
# took (the time it will likely take again; in a new interview, its last reply in the workspace), else a second;
# then every POLL_AGAIN_MS. A reply is seen within that of being stored, at one to three polls a turn.
FIRST_POLL_MS, POLL_AGAIN_MS, MAX_FIRST_POLL_MS = 1000, 300, 10_000


def _first_poll_ms(messages: list) -> int:
    last = next((m.latency_ms for m in reversed(messages) if m.backend == "openai" and m.latency_ms), None)
    if last is None:  # one indexed read: a new interview, or one whose messages read hold no model reply
        last = selectors.last_model_reply_ms()
    return min(max(last, POLL_AGAIN_MS), MAX_FIRST_POLL_MS) if last else FIRST_POLL_MS


def _chat_context(request, session: Session, messages: list | None = None, config=None, **extra) -> dict:
    messages = selectors.messages_of(session) if messages is None else messages
    # The questions of the version it started on: a guide changed meanwhile does not move the progress bar.
    version = session.guide_version
    total = len(version.questions) if version else session.round.questions.count()
    done = total if session.status == SessionStatus.COMPLETED else session.current_index
    waiting = session.status != SessionStatus.COMPLETED and messages[-1].role == Role.PARTICIPANT
    return {
        "session": session,
        "link": session.link,
        **public_study(session.round, request.tenant.name),
        "messages": messages,
        "awaiting_answer": session.status != SessionStatus.COMPLETED and messages[-1].role == Role.INTERVIEWER,
        # A worker is asking the model: the page shows the interviewer typing and polls (or, without JavaScript,
        # refreshes itself) until the reply is stored.
        "typing": waiting and config is not None,
        "poll_ms": _first_poll_ms(messages) if waiting and config is not None else None,
        "after": messages[-1].order,  # the poller's: the latest message the page shows
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


@participant_page
def interview(request: HttpRequest, token: str) -> HttpResponse:
    link, allowed = _opened(request, token)
    if not allowed:
        return _too_many(request, link)
    session, messages = _session(request, link)
    if request.method == "POST":
        return _start(request, link, session)
    if session is None:
        reason = services.link_unavailable(link)
        if reason:
            return _unavailable(request, link, reason, status=410)
        if _screened(link):
            passed = screening.passed_screening(request, link.round)
            if passed is None:
                return _screener(request, link)
            use_participant(request, passed.participant)
        hidden = {k: v for k, v in request.GET.items() if k in link.round.hidden_fields}
        context = {"link": link, "hidden": hidden, **_texts(request, link)}
        response = render(request, "interviews/links/intro.html", context)
        return screening.remember_pass(response, passed) if _screened(link) else response
    if session.status == SessionStatus.COMPLETED:
        context = _done_context(request, session, messages=messages)
        return _remember(render(request, "interviews/links/done.html", context), link, session)
    messages, config = messages or selectors.messages_of(session), None
    if messages[-1].role == Role.PARTICIPANT:  # a reply is due: the interviewer settings say who writes it
        config = llm_config()
        messages = _reply_unless_a_worker_is_on_it(session, config, messages=messages)
    context = _chat_context(request, session, messages, config)
    return _remember(render(request, "interviews/links/chat.html", context), link, session)


def _start(request, link, session) -> HttpResponse:
    if session is None:
        if not request.POST.get("consent"):
            context = {"link": link, "hidden": request.POST.dict(), **_texts(request, link),
                       "error": gettext("Please tick the box to agree before you start.")}  # fmt: skip
            return render(request, "interviews/links/intro.html", context, status=400)
        passed = screening.passed_screening(request, link.round) if _screened(link) else None
        if _screened(link) and passed is None:
            return _screener(request, link)
        hidden = {k: v for k, v in request.POST.items() if k in link.round.hidden_fields}
        try:
            session = services.session_start(link=link, hidden=hidden, participant=passed and passed.participant)
        except services.InterviewUnavailable as error:
            return _unavailable(request, link, str(error), status=410)
    return _remember(redirect("interviews:interview", token=link.token), link, session)


def _reply_if_pending(session: Session, config=None) -> None:
    """An answer waiting for its reply (the interviewer failed last time): try again, without failing the page."""
    try:
        services.interviewer_reply(session=session, config=config)
    except Exception:
        logger.exception("interviewer reply failed for session %s; the answer is saved", session.pk)


def _reply_unless_a_worker_is_on_it(
    session: Session, config, *, worker: bool = True, messages: list | None = None
) -> list | None:
    """The session's messages after asking the interviewer for a pending reply here, unless a worker is still
    within its time for it (then the page shows the interviewer typing; `worker` False: none was reached). None
    when the messages must be read again. `messages`: the session's, when the caller has just read them."""
    messages = selectors.messages_of(session) if messages is None else messages
    if session.status == SessionStatus.COMPLETED or messages[-1].role != Role.PARTICIPANT:
        return messages
    if worker and config is not None and not services.reply_overdue(messages[-1], config):
        return messages
    _reply_if_pending(session, config)  # the offline interviewer, or a worker that died or was never reached
    session.refresh_from_db(fields=["status", "current_index", "probes_on_current", "minutes_elapsed"])
    return None


def _started(
    request, token: str, *, per_link: bool = True
) -> tuple[InterviewLink, Session | None, HttpResponse | None]:
    """The link and this visitor's session for a request inside the interview, or the response that stops it."""
    link, allowed = _opened(request, token, per_link=per_link)
    if not allowed:
        return link, None, _too_many(request, link)
    session = selectors.session_of(link=link, resume_tokens=_resume_tokens(request))
    if session is None:
        return link, None, redirect("interviews:interview", token=link.token)
    use_participant(request, session.participant)
    return link, session, None


def _to_chat(request, link) -> HttpResponse:
    """Back to the interview page: a redirect, or with htmx a full load (the interview is done, say thank you)."""
    if not request.htmx:
        return redirect("interviews:interview", token=link.token)
    response = HttpResponse(status=204)
    response["HX-Redirect"] = reverse("interviews:interview", kwargs={"token": link.token})
    return response


@participant_page
@require_POST
def answer(request: HttpRequest, token: str) -> HttpResponse:
    link, session, stop = _started(request, token)
    if stop:
        return stop
    config = llm_config()  # read once for the whole turn
    text, error, draft, answered = request.POST.get("text", ""), "", "", None
    try:
        # The view runs outside a transaction: when this returns, the answer (and an offline reply) is committed.
        answered = services.turn_submit(
            session=session, text=text, client_token=request.POST.get("client_token", ""), config=config
        )
    except ValidationError as exc:
        error, draft = _refused_answer(exc.message_dict["text"][0], text)
    except services.InterviewUnavailable:
        return _to_chat(request, link)  # completed meanwhile: the page says thank you
    messages, new = None, []
    if answered is not None:
        session, messages = answered.session, answered.messages
        # What the page lacks: the answer it sent and what came after it (the offline interviewer's reply).
        new = messages[messages.index(answered.answer) :] if answered.new else []
        if answered.pending and not (config is not None and services.reply_enqueue(session=session)):
            # No worker can be reached (the broker is down), or the offline interviewer failed: ask here, as before.
            messages, new = _reply_unless_a_worker_is_on_it(session, config, worker=False), []
    if not request.htmx:
        if error:
            context = _chat_context(request, session, error=error, draft=draft)
            return render(request, "interviews/links/chat.html", context, status=400)
        return redirect("interviews:interview", token=link.token)
    if session.status == SessionStatus.COMPLETED:
        return _to_chat(request, link)
    if new:  # the turn joins the page in place of its form, as the poll's reply does
        return _turn(request, session, messages, config, new)
    # A refused answer (with its reason), a resend, or a reply asked here: the whole chat, as the form targets it.
    if answered is not None and not answered.whole and messages is answered.messages:
        messages = None  # the turn read only its tail: the chat is read whole
    context = _chat_context(request, session, messages, config, error=error, draft=draft)
    return render(request, "interviews/links/chat.html#chat", context, status=400 if error else 200)


@participant_page
def reply(request: HttpRequest, token: str) -> HttpResponse:
    """What the typing interviewer's page polls: 204 while a worker is still asking the model, then the reply (asked
    here once the worker is overdue). Polling counts against the visitor's address only.

    The poller names the answer the page shows last (`?after=` its order): the reply comes as what to add to the
    page, the new messages and the answer box, read and rendered alike whatever the interview's length. A poll
    without it, or one whose page fell behind (another tab answered meanwhile), gets the whole chat."""
    # Every waiting participant polls: an open link shared by hundreds must not run out of its own limit.
    link, session, stop = _started(request, token, per_link=False)
    if stop:
        return stop
    config = llm_config()
    if session.status == SessionStatus.COMPLETED or not request.htmx:
        return _to_chat(request, link)
    after = _order(request.GET.get("after", ""))
    messages = selectors.messages_since(session, after) if after is not None else []
    # The latest answer alone while its reply is awaited, else the page's answer with the interviewer's lines after it.
    follows = bool(messages) and messages[0].order == after and messages[0].role == Role.PARTICIPANT
    if not (follows and all(m.role == Role.INTERVIEWER for m in messages[1:])):
        messages, follows = selectors.messages_unless_awaited(session), False
    if messages[-1].role == Role.PARTICIPANT:
        if config is not None and not services.reply_overdue(messages[-1], config):
            # Still typing: a new poller, due a little later.
            context = {"link": link, "poll_ms": POLL_AGAIN_MS, "after": messages[-1].order}
            return render(request, "interviews/links/chat.html#poller", context)
        messages, follows = _reply_unless_a_worker_is_on_it(session, config), False  # overdue, or no model: here
    # The session was read before the messages: a worker's closing (committed with the session's completion, in one
    # transaction) shows in the messages only. The page thanks them rather than offer a box nobody reads.
    if session.status == SessionStatus.COMPLETED or (messages and messages[-1].kind == MessageKind.CLOSE):
        return _to_chat(request, link)
    if follows:  # the reply joins the page: the messages after its answer, the progress, the answer box
        return _turn(request, session, messages, config, messages[1:])
    response = render(request, "interviews/links/chat.html#chat", _chat_context(request, session, messages, config))
    response["HX-Retarget"], response["HX-Reswap"] = "#chat", "outerHTML"
    return response


def _turn(request, session: Session, messages: list, config, new: list) -> HttpResponse:
    """What a turn adds to the chat page, in place of its answer box or typing line (#composer): the `new` messages
    appended to the list, the progress, and the next answer box or typing line (`messages` ends with the latest)."""
    response = render(request, "interviews/links/chat.html#turn", _chat_context(request, session, messages, config,
                                                                                  new=new))  # fmt: skip
    response["HX-Retarget"], response["HX-Reswap"] = "#composer", "outerHTML"
    return response


def _order(value: str) -> int | None:
    """A message's order as the poller sends it; None for anything else."""
    return int(value) if value.isdigit() and len(value) < 10 else None


def _refused_answer(message: str, text: str) -> tuple[str, str]:
    """The error to show and the draft to put back in the box. The message never repeats the answer; the box gets
    it back unless it is far too long to be anyone's answer."""
    if len(text) <= DRAFT_KEPT_CHARS:
        return message, text
    note = gettext(
        "Your text (%(count)s characters) is not shown again here: use your browser's Back button to get it back,"
        " then shorten it."
    ) % {"count": number_format(len(text), force_grouping=True)}
    return f"{message} {note}", ""


@participant_page
@require_POST
def finish_later(request: HttpRequest, token: str) -> HttpResponse:
    link, session, stop = _started(request, token)
    if stop:
        return stop
    try:
        services.session_remember(session=session, email=request.POST.get("email", "").strip())
    except ValidationError as exc:
        context = _chat_context(request, session, later_error=exc.message_dict["email"][0], show_later=True)
        return render(request, "interviews/links/chat.html", context, status=400)
    return render(request, "interviews/links/later.html", {"session": session, **_texts(request, link)})


def _done_context(request, session: Session, **extra) -> dict:
    person = session.participant
    # Ask for what is missing: an open link's respondent gives name and email; a known person only their consent.
    ask = session.followup_opt_in_at is None and (person is None or not person.consent_to_contact)
    return _chat_context(request, session, ask_followup=ask, anonymous=person is None, do_not_contact=bool(
        person and person.do_not_contact), **extra)  # fmt: skip


@participant_page
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
        context = _done_context(request, session, followup_errors=errors, followup_form=form)
        return _remember(render(request, "interviews/links/done.html", context, status=400), link, session)
    session.refresh_from_db()
    context = _done_context(request, session, followup_saved=True)
    return _remember(render(request, "interviews/links/done.html", context), link, session)
