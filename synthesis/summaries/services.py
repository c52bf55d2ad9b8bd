"""Writing summaries: one interview, round or study at a time (the model citing its material, or extractive
offline), stored with the backend, model, dropped points and the material's fingerprint; and starting the job that
summarises a study or round in the background (synthesis.jobs, kind "summary")."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from interviews.interviewer.services import llm_config
from interviews.models import Transcript
from studies.models import Round, Study
from synthesis.models import JobKind, Summary, SynthesisJob
from synthesis.search.selectors import language
from synthesis.summaries import extractive
from synthesis.summaries.citations import verify
from synthesis.summaries.llm import SummaryLLMError, llm_summary
from synthesis.summaries.selectors import Scope, material
from workspaces.models import User

logger = logging.getLogger(__name__)


def compose(scope: Scope, config=None) -> dict:
    """The summary's fields: content (points, quotes, what it read), backend, model, dropped, fallback, tokens."""
    found = material(scope)
    lang = language()
    content = extractive.summarise(found, language=lang)
    fields = {
        "backend": "extractive",
        "model": "",
        "dropped": 0,
        "fallback": "",
        "tokens_in": None,
        "tokens_out": None,
        "material": found.fingerprint,
    }
    allowed = {("utterance", s.utterance_id) for s in found.sentences} | {
        ("highlight", h["id"]) for h in found.highlights
    }
    if config is not None and found.sentences:
        try:
            generated, usage = llm_summary(config, scope, found, extractive.order(found, language=lang))
            dropped = verify(generated, allowed)
            if not generated["points"]:
                raise SummaryLLMError(f"no point of the model's summary cited its material ({dropped} dropped)")
        except SummaryLLMError as error:
            logger.warning("summary of %s: the model failed, extractive instead: %s", scope.title(), error)
            fields["fallback"] = str(error)[:300]
        else:
            content = {**generated, "read": content["read"]}
            fields.update(
                backend="openai",
                model=config.model,
                dropped=dropped,
                tokens_in=usage.get("tokens_in"),
                tokens_out=usage.get("tokens_out"),
            )
    fields["dropped"] += verify(content, allowed)
    fields["content"] = content
    return fields


def summary_generate(*, scope: Scope, actor: User | None = None) -> Summary:
    """Make (or remake) the scope's summary. The model is asked outside any transaction."""
    return summary_save(scope=scope, fields=compose(scope, llm_config()))


@transaction.atomic
def summary_save(*, scope: Scope, fields: dict) -> Summary:
    summary, _ = Summary.objects.update_or_create(**scope.key(), defaults=fields)
    return summary


def summaries_start(
    *, study: Study, round: Round | None = None, transcript: Transcript | None = None, actor: User | None
) -> SynthesisJob:
    """Queue the job that summarises a study (its interviews, rounds and itself), one round, or one interview."""
    from synthesis.jobs.services import job_start

    if transcript is not None and transcript.round.study_id != study.pk:
        raise ValidationError({"transcript": "This interview belongs to another study."})
    options = {"transcript": transcript.pk} if transcript is not None else {}
    round = transcript.round if transcript is not None else round
    return job_start(kind=JobKind.SUMMARY, study=study, round=round, options=options, actor=actor)
