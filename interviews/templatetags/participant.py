"""Template helpers of the participant pages: times in the participant's clock, dates as their language writes
them, and the language switcher."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from interviews.participant_pages import format_day, format_day_month, format_time

register = template.Library()


@register.filter(expects_localtime=True)
def clock_time(value, clock=24) -> str:
    """`{{ slot.start|clock_time:request.clock }}`: "15:00" or "3:00 PM", in the `{% timezone %}` around it."""
    return format_time(value, int(clock or 24)) if value else ""


@register.filter(expects_localtime=True)
def weekday_date(value, year="") -> str:
    """`{{ day|weekday_date }}`: "Monday 4 March"; `{{ start|weekday_date:"year" }}`: "Monday 4 March 2030"."""
    return format_day(value, year=bool(year)) if value else ""


@register.filter(expects_localtime=True)
def day_month(value) -> str:
    """`{{ day|day_month }}`: "4 March", "4. März"."""
    return format_day_month(value) if value else ""


@register.simple_tag(takes_context=True)
def language_switcher(context) -> str:
    """Links to this page in each language (a plain link: one tap on a phone, no script needed). Built here, not in
    an included template: every participant page shows it, and the template took a fifth of the chat page's
    rendering."""
    request = context["request"]
    current = translation.get_language()
    query = urlencode({key: value for key, value in request.GET.items() if key != "lang"})
    address = f"{request.path}?{query}&lang=" if query else f"{request.path}?lang="  # encoded once, not per language
    links = format_html_join(
        "",
        '<li><a href="{}" lang="{}" hreflang="{}" data-lang="{}"{}>{}</a></li>',
        (
            (f"{address}{code}", code, code, code, CURRENT if code == current else "", name)
            for code, name in settings.LANGUAGES
        ),
    )
    return format_html(
        '<nav class="languages" aria-label="{}" data-languages>\n  <ul>{}</ul>\n</nav>', gettext("Language"), links
    )


CURRENT = mark_safe(' aria-current="true"')


@register.simple_tag
def chat_messages(messages) -> str:
    """The interview's messages as the chat's list items, each text escaped with its line breaks kept (as
    `linebreaksbr`): built here rather than by a template loop, which took most of a long interview's page (the page
    and a resend render them all). No item carries an id: a turn appends its items to the list."""
    labels = {"interviewer": escape(gettext("Question:")), "participant": escape(gettext("Your answer:"))}
    # Every value below is escaped, or one of our own constants.
    return mark_safe(
        "".join(
            f'<li class="bubble bubble--{escape(m.role)}">\n        <span class="sr-only">'
            f"{labels.get(m.role, labels['participant'])}</span>{_breaks(m.text)}\n      </li>\n"
            for m in messages
        )
    )


def _breaks(text: str) -> str:
    """`linebreaksbr`: the text escaped, each line break a <br>."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
