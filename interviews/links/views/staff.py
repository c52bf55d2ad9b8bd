"""Staff pages of async interviews: a round's links, invitations and sessions; a session's conversation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews.booking.handoffs import episode_plan
from interviews.links import selectors, services
from interviews.links.forms import EpisodeForm, InviteForm, LinkForm
from interviews.models import InterviewLink, LinkKind, Session, SessionStatus
from studies.guides.selectors import latest_version
from studies.models import Participant, Round, RoundKind
from studies.pages import add_errors
from studies.participants.contact_rules import contact_decisions
from studies.programme.funnel import handoff_target
from workspaces.access import WRITE_RESEARCH, require_role

INVITE_LIST_LIMIT = 300


def _round(round_id) -> Round:
    round_ = Round.objects.select_related("study").filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


def _round_context(request, round_: Round, **extra) -> dict:
    # People who already finished this round have nothing left to be invited to.
    finished = Session.objects.filter(round=round_, status=SessionStatus.COMPLETED, participant__isnull=False)
    candidates = list(
        Participant.objects.exclude(pk__in=finished.values("participant_id")).order_by("email")[:INVITE_LIST_LIMIT]
    )
    decisions = contact_decisions(candidates)
    for participant in candidates:
        participant.decision = decisions[participant.pk]
    links = list(selectors.links_for_round(round_.pk))
    sessions = list(selectors.sessions_list(round_id=round_.pk)[:200])
    for session in sessions:
        session.state = selectors.session_state(session)
    return {
        "round": round_,
        "study": round_.study,
        "links": links,
        "links_open": any(link.kind == LinkKind.OPEN for link in links),
        "links_personal": any(link.kind == LinkKind.PERSONAL for link in links),
        "sessions": sessions,
        "stats": selectors.round_stats(round_.pk),
        "candidates": candidates,
        "link_form": LinkForm(),
        "invite_form": InviteForm(choices=[(p.pk, p.email) for p in candidates]),
        "handoff_to": handoff_target(round_),
        "episode_form": EpisodeForm(),
        "can_write": request.membership.role in WRITE_RESEARCH,
        "link_url": services.link_url,
        **extra,
    }


def round_interviews(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(round_id)
    if round_.kind != RoundKind.ASYNC:
        raise Http404("Sync rounds are booked, not linked.")
    return render(request, "interviews/links/round.html", _round_context(request, round_))


@require_POST
def link_new(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.link_create(round=round_, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Open link created: share it where your participants are.")
            return redirect("interviews:round", round_.pk)
    return render(request, "interviews/links/round.html", _round_context(request, round_, link_form=form), status=400)


@require_POST
def invite(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    choices = [(p, p) for p in Participant.objects.values_list("pk", flat=True)]
    form = InviteForm(request.POST, choices=choices)
    if not form.is_valid():
        context = _round_context(request, round_)
        context["invite_form"] = InviteForm(request.POST, choices=[(p.pk, p.email) for p in context["candidates"]])
        context["invite_form"].is_valid()
        return render(request, "interviews/links/round.html", context, status=400)
    invited, refused = 0, []
    for participant in Participant.objects.filter(pk__in=form.cleaned_data["participants"]):
        try:
            services.invitation_create(
                round=round_, email=participant.email, actor=request.user, event=form.cleaned_data["event"],
                send_email=form.cleaned_data["send_email"],
            )  # fmt: skip
            invited += 1
        except services.InvitationRefused as error:
            refused.append(f"{participant.email}: {error.decision.reason}")
    if invited:
        messages.success(request, f"Invited {invited} participant{'s' if invited != 1 else ''}.")
    for line in refused:
        messages.error(request, line)
    return redirect("interviews:round", round_.pk)


@require_POST
def episode_new(request: HttpRequest, round_id: int) -> HttpResponse:
    """“Plan next deep dives”: a sync round fed by this async round; its shortlist is the next page."""
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    form = EpisodeForm(request.POST)
    if form.is_valid():
        try:
            episode = episode_plan(source=round_, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Round {episode.order} planned: pick who to invite from this shortlist.")
            return redirect("synthesis_shortlist:round", round_.pk)
    context = _round_context(request, round_, episode_form=form)
    return render(request, "interviews/links/round.html", context, status=400)


@require_POST
def link_disable(request: HttpRequest, link_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    link = InterviewLink.objects.filter(pk=link_id).first()
    if link is None:
        raise Http404
    services.link_disable(link=link, actor=request.user)
    messages.success(request, "Link disabled: new visitors see that the interview is closed.")
    return redirect("interviews:round", link.round_id)


def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_detail(session_id)
    if session is None:
        raise Http404
    conversation = list(session.messages.all())
    probes = [m for m in conversation if m.kind == "probe"]
    context = {
        "session": session,
        "state": selectors.session_state(session),
        "conversation": conversation,
        "probe_count": len(probes),
        "probes_flagged": sum(1 for m in probes if m.audit.get("lint")),
        "probes_referring": sum(1 for m in probes if m.audit.get("refers_to_answer")),
        "fallbacks": sum(1 for m in conversation if m.fallback_error),
        "latest_version": latest_version(session.round_id) if session.guide_version_id else None,
    }
    return render(request, "interviews/links/session.html", context)
