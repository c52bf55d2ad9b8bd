"""Emails are committed with the change that caused them and reach people even through a broker outage."""

import time

from django.core import mail
from django_tenants.utils import schema_context

from outbox.models import Email
from outbox.services import email_deliver, email_deliver_pending, email_queue


def test_an_email_renders_text_and_html(world, in_schema):
    with in_schema(world.acme.schema_name):
        email = email_queue(
            template="workspace-ready",
            to="x@example.com",
            context={
                "workspace_name": "Acme",
                "role": "PM",
                "inviter": "Olive",
                "link": "http://l/",
                "new_account": True,
            },
        )
        email_deliver(email_id=email.pk)
    message = mail.outbox[-1]
    assert message.subject == "Your workspace Acme is ready on Parley"
    assert "Choose a password to start:\nhttp://l/" in message.body
    assert '<a href="http://l/">Choose a password to start</a>' in message.alternatives[0].content


def test_delivery_happens_once(world, in_schema):
    with in_schema(world.acme.schema_name):
        email = Email.objects.create(template="t", to="x@example.com", subject="s", body_text="b")
        email_deliver(email_id=email.pk)
        email_deliver(email_id=email.pk)
        email.refresh_from_db()
    assert len(mail.outbox) == 1 and email.status == Email.Status.SENT and email.attempts == 1


def test_a_broker_outage_keeps_the_invitation_and_the_sweep_sends_it(
    client_for, world, broker_down, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.owner).post("/members/invite/", {"email": "late@example.com", "role": "viewer"})
    assert response.status_code == 302  # the owner sees success, not a 500
    assert time.monotonic() - started < 10
    with schema_context(world.acme.schema_name):
        email = Email.objects.get(to="late@example.com")
        assert email.status == Email.Status.PENDING
        Email.objects.filter(pk=email.pk).update(created_at=email.created_at.replace(year=2000))
        assert email_deliver_pending() >= 1
        email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert mail.outbox[-1].to == ["late@example.com"]


def test_a_failing_mail_server_is_retried_then_given_up(world, in_schema, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}  # fmt: skip
    with in_schema(world.acme.schema_name):
        email = Email.objects.create(template="t", to="x@example.com", subject="s", body_text="b")
        for _ in range(5):
            email_deliver(email_id=email.pk)
        email.refresh_from_db()
    assert email.status == Email.Status.FAILED and email.attempts == 5
    assert email.last_error.startswith("ConnectionRefusedError")


def test_emails_stay_in_their_workspaces_schema(world, in_schema):
    with in_schema(world.acme.schema_name):
        email_queue(
            template="password-reset",
            to="x@example.com",
            context={"user": "x", "protocol": "http", "domain": "d", "uid": "u", "token": "t"},
        )
    with in_schema(world.globex.schema_name):
        assert not Email.objects.filter(to="x@example.com").exists()
    with in_schema(world.acme.schema_name):
        assert Email.objects.filter(to="x@example.com").exists()


def test_deleting_public_emails_does_not_reach_for_workspace_tables(world):
    """outbox.Email lives in `public` and in every workspace; workspace tables that point at it (the roadmap's
    shipped notices) must not make deleting the public copies fail."""
    email = Email.objects.create(template="t", to="someone@example.com", subject="s", body_text="b")
    Email.objects.filter(pk=email.pk).delete()
    assert not Email.objects.filter(pk=email.pk).exists()
