"""The screener in front of an open link or a public booking page, as strangers see it (no login, no JavaScript
needed), and the researcher's screener editor, quotas and review queue for a round."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from interviews.participant_pages import public_study
from interviews.screening import services
from studies.models import Round, RoundKind, ScreeningStatus
from studies.recruitment import services as recruitment
from studies.recruitment.rules import field_name
from studies.recruitment.selectors import screener_for

COOKIE_AGE = 60 * 60 * 24 * 60


def cookie_name(round_: Round) -> str:
    return f"parley_screened_{round_.pk}"


def passed_screening(request: HttpRequest, round_: Round):
    """The visitor's qualified screening for the round, from the emailed link or this device's cookie."""
    token = request.GET.get("screening") or request.get_signed_cookie(cookie_name(round_), default="")
    return services.passed(token, round_)


def remember_pass(response: HttpResponse, screening) -> HttpResponse:
    response.set_signed_cookie(
        cookie_name(screening.round), services.pass_token(screening), max_age=COOKIE_AGE, httponly=True,
        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
    return response


def screener_page(request: HttpRequest, round_: Round, *, action: str, status: int = 200, **extra) -> HttpResponse:
    """The screener's questions, with what was typed and the errors when a submission was refused."""
    screener = extra.pop("screener", None) or screener_for(round_)
    given = request.POST if request.method == "POST" else {}
    questions = [
        {
            "question": q,
            "name": field_name(q),
            "value": given.get(field_name(q), "") if given else "",
            "values": given.getlist(field_name(q)) if given else [],
            "error": extra.get("errors", {}).get(field_name(q), ""),
        }
        for q in screener.question_list
    ]
    context = {
        "screener": screener, "questions": questions, "action": action, "round": round_,
        "email": given.get("email", "") if given else "", "name": given.get("name", "") if given else "",
        "keep": bool(given.get("keep")) if given else False, **public_study(round_, request.tenant.name), **extra,
    }  # fmt: skip
    return render(request, "interviews/screening/screener.html", context, status=status)


def ending(request: HttpRequest, round_: Round, *, kind: str, status: int = 200) -> HttpResponse:
    """The page a screening ends on when it does not lead in: screened out, full, waiting, or already answered."""
    screener = screener_for(round_)
    default_out = gettext(
        "Thank you for your answers! This study is looking for people with a different background this time, so we"
        " will not ask you to take part now."
    )
    messages = {
        "out": (screener.screen_out_message if screener else "") or default_out,
        "full": gettext("Thank you for your answers! This study has heard from enough people like you already."),
        "review": gettext("Thank you! We will get back to you by email once a researcher has looked at your answers."),
        "again": gettext(
            "You have already answered these questions for this study. Thank you! If you were invited to take part,"
            " we have just emailed you the link to continue where you stopped."
        ),
    }
    context = {"message": messages[kind], "kind": kind, **public_study(round_, request.tenant.name)}
    return render(request, "interviews/screening/ending.html", context, status=status)


def screen(request: HttpRequest, round_: Round, *, action: str, enter) -> HttpResponse:
    """Handle a screener's POST: store the screening, then end politely or `enter(screening)` the round."""
    try:
        screening = recruitment.screening_submit(
            round=round_, email=request.POST.get("email", ""), name=request.POST.get("name", ""),
            keep_answers=bool(request.POST.get("keep")), answers=request.POST,
        )  # fmt: skip
    except recruitment.AlreadyScreened as already:
        services.screening_resend(response=already.response, email=request.POST.get("email", ""))
        return ending(request, round_, kind="again")
    except ValidationError as invalid:
        errors = {name: messages[0] for name, messages in invalid.message_dict.items()}
        return screener_page(request, round_, action=action, status=400, errors=errors)
    if screening.status == ScreeningStatus.SCREENED_OUT:
        return ending(request, round_, kind="out")
    if screening.status == ScreeningStatus.QUOTA_FULL:
        return ending(request, screening.round, kind="full")
    if screening.status == ScreeningStatus.PENDING_REVIEW:
        return ending(request, screening.round, kind="review")
    return enter(screening.response)


def enter_round(request: HttpRequest, response, *, query: str = "") -> HttpResponse:
    """A qualified person goes on: into an async round's interview (its open link, with the link's hidden fields
    in `query`) or to their booking link."""
    round_ = response.round
    if round_.kind == RoundKind.SYNC:
        invite = services.admitted_invite(response=response)
        return redirect("booking:invite", token=invite.token)
    link = services.open_link(round_)
    if link is None:
        context = {"message": gettext("This interview is not open yet. Please try again later."), "kind": "closed",
                   **public_study(round_, request.tenant.name)}  # fmt: skip
        return render(request, "interviews/screening/ending.html", context, status=410)
    url = reverse("interviews:interview", kwargs={"token": link.token}) + (f"?{query}" if query else "")
    return remember_pass(redirect(url), response)
