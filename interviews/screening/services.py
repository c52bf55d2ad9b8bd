"""What follows a screening, where the round is taken: an open link's interview or a booking page's call.

A qualified person gets in at once (their own booking link on a booking page); one waiting for review hears from
a researcher, whose approval sends the booking link through the contact rules; someone screened before gets an
email with the way back to where they stopped, never the page itself (an email is not proof of who is typing)."""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from interviews.booking import services as booking_services
from interviews.models import BookingInvite, BookingRules, InterviewLink, LinkKind, Session
from interviews.participant_pages import email_language, public_study
from outbox.services import email_queue
from studies.models import Round, RoundKind, ScreenerResponse, ScreeningStatus
from studies.programme.services import round_go_live
from studies.recruitment import services as recruitment
from workspaces.models import User
from workspaces.selectors import current_workspace

SALT = "parley.screening"


def pass_token(response: ScreenerResponse) -> str:
    """What proves, in a cookie or an emailed link, that this visitor passed the round's screener."""
    return signing.dumps(response.pk, salt=SALT)


def passed(token: str, round_: Round) -> ScreenerResponse | None:
    """The qualified screening a pass token stands for, if it is for this round."""
    try:
        pk = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None
    return (
        ScreenerResponse.objects.select_related("participant")
        .filter(pk=pk, round=round_, status=ScreeningStatus.QUALIFIED, participant__isnull=False)
        .first()
    )


def open_link(round_: Round) -> InterviewLink | None:
    """The open link that takes an async round's screened people in: the newest that is not disabled."""
    return InterviewLink.objects.filter(round=round_, kind=LinkKind.OPEN, disabled_at__isnull=True).first()


def booking_rules(round_: Round) -> BookingRules | None:
    return BookingRules.objects.filter(round=round_).first()


@transaction.atomic
def admitted_invite(*, response: ScreenerResponse) -> BookingInvite:
    """The qualified person's own booking link for a sync round. They asked for it on the page: no email, and the
    contact rules apply when they book (booking_create)."""
    invite, _ = BookingInvite.objects.get_or_create(round=response.round, participant=response.participant)
    round_go_live(round=response.round)
    return invite


def continue_url(response: ScreenerResponse) -> str:
    """Where a qualified person continues: their booking link, or the open link with their pass."""
    base = current_workspace().url.rstrip("/")
    if response.round.kind == RoundKind.SYNC:
        return booking_services.invite_url(admitted_invite(response=response))
    link = open_link(response.round)
    if link is None:
        return ""
    return f"{base}{reverse('interviews:interview', kwargs={'token': link.token})}?screening={pass_token(response)}"


def screening_resend(*, response: ScreenerResponse, email: str) -> bool:
    """Someone screened before came back: a qualified person is emailed the way back in (their interview resumes
    where they stopped); anyone else gets nothing. True when an email went."""
    if response.status != ScreeningStatus.QUALIFIED or response.participant is None:
        return False
    person = response.participant
    if person.email != email.strip().lower():
        return False
    url = continue_url(response)
    if not url:
        return False
    with transaction.atomic(), translation.override(email_language(person)):
        email_queue(
            template="screening-continue", to=person.email,
            context={"name": person.name, "link": url, **public_study(response.round, current_workspace().name)},
        )  # fmt: skip
    return True


def session_for(link: InterviewLink, response: ScreenerResponse) -> Session | None:
    return link.sessions.filter(participant=response.participant).first()


@transaction.atomic
def screening_approve(*, response: ScreenerResponse, actor: User | None) -> BookingInvite:
    """Approve a person waiting for review: their place is kept and their booking link is emailed, through the
    contact rules (ContactRefused leaves them waiting, with the reason)."""
    response = recruitment.screening_review(response=response, approve=True, actor=actor)
    return booking_services.booking_invite_create(round=response.round, participant=response.participant, actor=actor)


@transaction.atomic
def screening_reject(*, response: ScreenerResponse, actor: User | None, note: str = "") -> ScreenerResponse:
    """Reject a person waiting for review, freeing their place; a kind note, when written, is emailed."""
    response = recruitment.screening_review(response=response, approve=False, actor=actor)
    person = response.participant
    if note.strip() and person is not None and not person.do_not_contact:
        with translation.override(email_language(person)):
            email_queue(
                template="screening-declined", to=person.email,
                context={"name": person.name, "note": note.strip()[:2000],
                         **public_study(response.round, current_workspace().name)},
            )  # fmt: skip
    return response
