"""The chat's messages are built in Python (interviews/templatetags/participant.py): the same markup as the template
loop they replaced, escaped the same way."""

from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from interviews.templatetags.participant import chat_messages

LOOP = engines["django"].from_string(
    "{% load i18n %}{% for message in messages %}"
    '<li class="bubble bubble--{{ message.role }}">'
    '<span class="sr-only">{% if message.role == "interviewer" %}{% translate "Question:" %}{% else %}'
    '{% translate "Your answer:" %}{% endif %}</span>{{ message.text|linebreaksbr }}</li>{% endfor %}'
)
TEXTS = [
    "How do you pay your suppliers?",
    "<script>alert('x')</script> & \"quotes\"",
    "First line\r\nsecond line\rthird\nfourth",
    "Überweisung — 30 € « ok » 🙂",
    "",
]


def _flat(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_messages_are_the_template_loops_markup(language):
    messages = [SimpleNamespace(role="interviewer" if i % 2 else "participant", text=t) for i, t in enumerate(TEXTS)]
    with translation.override(language):
        built = chat_messages(messages)
        looped = LOOP.render({"messages": messages})
    assert _flat(built) == _flat(looped)
    assert "<script>" not in built and "&lt;script&gt;" in built
    assert "second line<br>third<br>fourth" in built


def test_no_messages_no_items():
    assert chat_messages([]) == ""
