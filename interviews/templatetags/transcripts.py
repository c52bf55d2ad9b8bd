from django import template

register = template.Library()


@register.filter
def mmss(ms: int | None) -> str:
    """Milliseconds into a call as mm:ss (minutes keep counting past the hour, as in the coding page)."""
    if ms is None:
        return ""
    seconds = int(ms) // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
