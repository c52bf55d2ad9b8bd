"""Template helpers of the participant pages: times in the participant's clock, dates as their language writes
them, and the language switcher."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import translation

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


@register.inclusion_tag("interviews/_languages.html", takes_context=True)
def language_switcher(context) -> dict:
    """Links to this page in each language (a plain link: one tap on a phone, no script needed)."""
    request = context["request"]
    current = translation.get_language()
    query = {key: value for key, value in request.GET.items() if key != "lang"}
    return {
        "languages": [
            {
                "code": code,
                "name": name,
                "current": code == current,
                "url": f"{request.path}?{urlencode({**query, 'lang': code})}",
            }
            for code, name in settings.LANGUAGES
        ],
    }
