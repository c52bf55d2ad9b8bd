"""What every participant page shares: the study as participants see it, and the language and clock of their
pages and emails. Staff pages stay English: only views marked with `participant_page` (and emails rendered in
`email_language`) switch language.

A page's language is, in order: the one chosen with the page's switcher (`?lang=`, then remembered in a cookie),
the participant record's `locale` when the page knows who it is for, the browser's Accept-Language, English.
The clock (12 or 24 hours) is the one chosen (`?clock=`, then a cookie), else the browser's locale's habit.
"""

from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from django.utils.translation.trans_real import parse_accept_lang_header

from workspaces.access import workspace_open


def public_study(round_, workspace_name: str) -> dict:
    """The study as a participant sees it: its public title and description (never the internal title), and the
    thank-you of the round they take part in."""
    study = round_.study
    return {
        "public_title": study.participant_title(workspace_name),
        "public_description": study.public_description,
        "incentive": round_.participant_incentive(),
    }


CLOCK_COOKIE = "parley_clock"
# Where people read "3:00 PM" rather than "15:00" (a browser's Accept-Language tag, lower case). A language
# without a region counts as its most spoken variant: English as American.
TWELVE_HOUR_TAGS = frozenset(
    {
        "en", "en-us", "en-ca", "en-au", "en-nz", "en-in", "en-ph", "en-pk", "es-us", "es-mx", "es-co", "ar-eg",
        "ar-sa", "hi", "hi-in", "bn", "ko", "ko-kr", "ur", "fil",
    }
)  # fmt: skip


def supported(code: str | None) -> str | None:
    """The participant language for a tag such as `pt-BR`, `de_AT` or `fr` (None when we do not speak it)."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code.replace("_", "-").lower())
    except LookupError:
        return None


def _chosen_language(request) -> str | None:
    return supported(request.GET.get("lang")) or supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))


def page_language(request, participant=None) -> str:
    chosen = _chosen_language(request)
    if chosen:
        return chosen
    if participant is not None and (own := supported(participant.locale)):
        return own
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if tag != "*" and (found := supported(tag)):
            return found
    return supported(settings.LANGUAGE_CODE) or "en"


def page_locale(request) -> str:
    """The locale to remember for a participant who books on this page: the browser's own tag when it is in the
    page's language ("en-GB", so emails keep the 24-hour clock), else the page's language."""
    language = translation.get_language()
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if tag != "*" and supported(tag) == language:
            return tag if len(tag) <= 35 else language
    return language


def clock_for_tag(tag: str | None) -> int:
    """12 or 24 for a language tag (`en-US` 12, `en-GB` 24, `de` 24); 24 when nothing is known."""
    if not tag:
        return 24
    tag = tag.replace("_", "-").lower()
    return 12 if tag in TWELVE_HOUR_TAGS or tag.endswith("-us") else 24


def page_clock(request) -> int:
    for value in (request.GET.get("clock"), request.COOKIES.get(CLOCK_COOKIE)):
        if value in ("12", "24"):
            return int(value)
    tags = parse_accept_lang_header(request.headers.get("Accept-Language", ""))
    return clock_for_tag(tags[0][0] if tags else None)


def use_participant(request, participant) -> None:
    """Now that the page knows whose it is: their recorded language, unless the visitor chose another."""
    if participant is None or _chosen_language(request):
        return
    if own := supported(participant.locale):
        translation.activate(own)
        request.LANGUAGE_CODE = own


def _remember(request, response) -> None:
    secure = settings.LANGUAGE_COOKIE_SECURE
    if lang := supported(request.GET.get("lang")):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, lang, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax", secure=secure
        )
    if (clock := request.GET.get("clock")) in ("12", "24"):
        response.set_cookie(CLOCK_COOKIE, clock, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax", secure=secure)


def participant_page(view):
    """A page for participants: open without membership, rendered in the participant's language and clock
    (`request.clock`), with the choice made on the page remembered for the next ones."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(page_language(request)):
            request.LANGUAGE_CODE = translation.get_language()
            request.clock = page_clock(request)
            response = view(request, *args, **kwargs)
            language = translation.get_language()
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        _remember(request, response)
        return response

    return workspace_open(wrapper)


# --- Emails ------------------------------------------------------------------------------------------------------


def email_language(participant=None) -> str:
    """The language of an email to `participant`: their recorded one, else the page's they are on (an email sent
    while they use a page), else English."""
    if participant is not None and (own := supported(participant.locale)):
        return own
    return supported(translation.get_language()) or "en"


def email_clock(participant=None) -> int:
    """12 or 24 hours for an email: their locale's habit ("en-US" 12, "en-GB" 24), 24 when it is not known."""
    return clock_for_tag(participant.locale if participant is not None else "")


# --- Dates and times in the active language ------------------------------------------------------------------------


def format_time(moment, clock: int) -> str:
    """ "15:00", or "3:00 PM" as the language writes PM (what the `date` filter's "g:i A" gives, faster: the zone
    picker writes several hundred)."""
    if clock == 24:
        return f"{moment.hour:02d}:{moment.minute:02d}"
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {gettext('AM') if moment.hour < 12 else gettext('PM')}"


def format_day(moment, *, year: bool = False) -> str:
    """A weekday and date as the active language writes it: "Monday 4 March", "Montag, 4. März", "lunes 4 de
    marzo" (with the year: "Monday 4 March 2030")."""
    # Translators: date formats in Django's `date` filter letters: weekday, day, month (and year).
    return date_format(moment, pgettext("date format", "l j F Y") if year else pgettext("date format", "l j F"))


def format_day_month(moment) -> str:
    """A date without its weekday or year: "4 March", "4. März", "4 de marzo"."""
    # Translators: a date format in Django's `date` filter letters: day and month.
    return date_format(moment, pgettext("date format", "j F"))
