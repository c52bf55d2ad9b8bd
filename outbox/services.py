"""Queue and deliver emails through the outbox, so that a broker or mail server outage loses nothing."""

import base64
import logging
from collections.abc import Callable
from datetime import timedelta
from email.message import MIMEPart

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.models import Email

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def email_render(template: str, context: dict) -> tuple[str, str, str]:
    """Render `emails/<template>-subject.txt`, `-body.txt` and `-body.html`. Subject and text are rendered without
    HTML escaping (the "text" template engine); only the HTML body escapes what it shows."""
    subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context, using="text").split())
    text = render_to_string(f"emails/{template}-body.txt", context, using="text")
    html = render_to_string(f"emails/{template}-body.html", context)
    return subject, text, html


def attachment(*, filename: str, mimetype: str, content: str | bytes) -> dict:
    """One attachment as the outbox stores it. `mimetype` may carry parameters ("text/calendar; method=REQUEST");
    text is kept as text, anything else as base64."""
    if mimetype.startswith("text/"):
        content = content.decode() if isinstance(content, bytes) else content
    else:
        content = base64.b64encode(content.encode() if isinstance(content, str) else content).decode()
    return {"filename": filename, "mimetype": mimetype, "content": content}


def _mime_part(item: dict) -> MIMEPart:
    kind, *params = (piece.strip() for piece in item["mimetype"].split(";"))
    maintype, subtype = kind.split("/", 1)
    part = MIMEPart()
    if maintype == "text":
        # Parameters such as method=REQUEST tell mail clients to show an invitation with accept/decline buttons.
        extra = dict(param.split("=", 1) for param in params if "=" in param)
        part.set_content(item["content"], subtype=subtype, charset="utf-8", params=extra)
    else:
        part.set_content(base64.b64decode(item["content"]), maintype=maintype, subtype=subtype)
    part.add_header("Content-Disposition", "attachment", filename=item["filename"])
    return part


# Context that depends on who an email is for, whatever the email: e.g. the opt-out link every email to a
# participant carries (interviews.optout registers it). The domain apps register; outbox imports none of them.
RecipientContext = Callable[[str], dict]
_RECIPIENT_CONTEXT: list[RecipientContext] = []


def register_recipient_context(source: RecipientContext) -> RecipientContext:
    if source not in _RECIPIENT_CONTEXT:
        _RECIPIENT_CONTEXT.append(source)
    return source


def _with_footer(context: dict, text: str, html: str) -> tuple[str, str]:
    """Every email that has an opt-out link ends with it, whichever template made the body."""
    if not context.get("opt_out_url"):
        return text, html
    text = text.rstrip("\n") + "\n\n" + render_to_string("emails/_opt-out.txt", context, using="text").strip() + "\n"
    html = html.rstrip("\n") + "\n" + render_to_string("emails/_opt-out.html", context).strip() + "\n"
    return text, html


def email_queue(*, template: str, to: str, context: dict, attachments: list[dict] | None = None) -> Email:
    """Store the rendered email in the current schema and hand it to the worker once the transaction commits.
    `attachments` are dicts made by `attachment()`."""
    for source in _RECIPIENT_CONTEXT:
        context = {**source(to), **context}
    subject, text, html = email_render(template, context)
    text, html = _with_footer(context, text, html)
    email = Email.objects.create(
        template=template, to=to, subject=subject, body_text=text, body_html=html, attachments=attachments or []
    )
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(email_id: int) -> None:
    from outbox.tasks import deliver

    try:
        deliver.delay(email_id)
    except Exception:
        # The row is committed; the periodic sweep delivers it when the broker is back.
        logger.warning("broker unavailable: email %s waits for the outbox sweep", email_id, exc_info=True)


def email_deliver(*, email_id: int) -> Email | None:
    """Send one pending email. Safe to call twice: the row lock and status make delivery happen once."""
    with transaction.atomic():
        email = Email.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        if email is None or email.status != Email.Status.PENDING:
            return email
        email.attempts += 1
        message = EmailMultiAlternatives(email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, [email.to])
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        for item in email.attachments:
            message.attach(_mime_part(item))
        try:
            message.send()
        except Exception as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"
            if email.attempts >= MAX_ATTEMPTS:
                email.status = Email.Status.FAILED
            logger.warning("email %s to %s failed (attempt %s)", email.pk, email.to, email.attempts)
        else:
            email.status = Email.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return email


def email_deliver_pending(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Deliver what the broker never got to (or what failed before). Returns how many were tried."""
    cutoff = timezone.now() - older_than
    ids = list(
        Email.objects.filter(status=Email.Status.PENDING, created_at__lt=cutoff).values_list("pk", flat=True)[:500]
    )
    for email_id in ids:
        email_deliver(email_id=email_id)
    return len(ids)
