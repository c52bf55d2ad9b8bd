"""Attachments travel with the stored email and are attached when it is delivered: text as text, bytes as base64."""

from django.core import mail

from outbox.models import Email
from outbox.services import attachment, email_deliver, email_queue

CONTEXT = {"workspace_name": "Acme", "role": "PM", "inviter": "Olive", "link": "http://l/", "new_account": True}


def test_text_and_binary_attachments_are_stored_and_delivered(world, in_schema):
    png = bytes([0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 255])
    with in_schema(world.acme.schema_name):
        email = email_queue(
            template="workspace-ready", to="x@example.com", context=CONTEXT,
            attachments=[
                attachment(filename="invite.ics", mimetype="text/calendar; method=REQUEST",
                           content=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
                attachment(filename="dot.png", mimetype="image/png", content=png),
            ],
        )  # fmt: skip
        stored = Email.objects.get(pk=email.pk)
        assert stored.attachments[0]["content"] == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
        assert stored.attachments[1]["content"] == "iVBORwABAv8="
        email_deliver(email_id=email.pk)
    message = mail.outbox[-1].message()
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    assert parts["invite.ics"].get_content_type() == "text/calendar"
    assert parts["invite.ics"].get_param("method") == "REQUEST"
    assert parts["invite.ics"].get_content().startswith("BEGIN:VCALENDAR")
    assert parts["dot.png"].get_content_type() == "image/png" and parts["dot.png"].get_content() == png
    # The body is still text with an HTML alternative.
    assert "Choose a password to start" in mail.outbox[-1].body


def test_emails_without_attachments_are_unchanged(world, in_schema):
    with in_schema(world.acme.schema_name):
        email = email_queue(template="workspace-ready", to="x@example.com", context=CONTEXT)
        assert Email.objects.get(pk=email.pk).attachments == []
        email_deliver(email_id=email.pk)
    assert not [p for p in mail.outbox[-1].message().walk() if p.get_filename()]
