"""Writing a brief: generate it from the participant's async interview (model or offline) and store it."""

import logging

from django.db import IntegrityError, transaction
from django.http import Http404

from interviews.interviewer.services import llm_config
from interviews.models import Booking
from synthesis.briefs import offline
from synthesis.briefs.citations import verify
from synthesis.briefs.llm import BriefLLMError, llm_threads
from synthesis.briefs.selectors import Source, brief_session, brief_source, fingerprint
from synthesis.models import Brief
from workspaces.models import User

logger = logging.getLogger(__name__)

CONTENT_VERSION = 1


class NoAsyncInterview(Http404):
    """The booking's participant took no completed async interview in this workspace: there is no brief."""


def compose(source: Source, config=None) -> tuple[dict, str, str, int]:
    """(content, backend, model, dropped): the model's threads and follow-ups when a config is given and it
    answers, the offline ones otherwise; the interview, highlights and themes come from the stored data either way."""
    sections = offline.build(source)
    backend, model, dropped, fallback = "offline", "", 0, ""
    if config is not None:
        try:
            threads, follow_ups, dropped = llm_threads(source, config, sections["threads"])
        except BriefLLMError as error:
            logger.warning("brief for booking %s: the model failed, built offline: %s", source.booking.pk, error)
            fallback = str(error)[:300]
        else:
            backend, model = "openai", config.model
            sections["threads"] = threads
            sections["guide"] = offline.guide_with_follow_ups(source, follow_ups)
    dropped += verify(sections, {t.id: t.text for t in source.answers})
    content = {
        "version": CONTENT_VERSION,
        "pseudonym": source.pseudonym,
        "fingerprint": fingerprint(source.quotes),
        "fallback": fallback,
        **sections,
    }
    return content, backend, model, dropped


def brief_generate(*, booking: Booking, actor: User | None) -> Brief:
    """Make (or remake) the booking's brief. The model is asked outside any transaction, so a slow answer holds no
    lock; the brief is then saved in one."""
    session = brief_session(booking)
    if session is None:
        raise NoAsyncInterview("This participant took no async interview.")
    content, backend, model, dropped = compose(brief_source(booking=booking, session=session), llm_config())
    return _brief_save(booking=booking, session=session, content=content, backend=backend, model=model,
                       dropped=dropped)  # fmt: skip


@transaction.atomic
def _brief_save(*, booking, session, content, backend, model, dropped) -> Brief:
    fields = {"session": session, "content": content, "backend": backend, "model": model, "dropped": dropped}
    try:
        with transaction.atomic():
            brief, _ = Brief.objects.update_or_create(booking=booking, defaults=fields)
    except IntegrityError:  # two first views at once: the other one's brief is as good
        brief = Brief.objects.get(booking=booking)
    return brief


def brief_get_or_generate(*, booking: Booking, actor: User | None) -> Brief:
    """The stored brief, generated on first use."""
    brief = Brief.objects.select_related("session__round__study").filter(booking=booking).first()
    return brief or brief_generate(booking=booking, actor=actor)
