"""Asking: retrieve the quotes, answer (the model citing numbered quotes, or offline: the quotes grouped by tag),
save the question for the person who asked; and turn an answer into an insight with its cited quotes as evidence."""

import json
import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from interviews.interviewer.services import llm_config
from interviews.models import Utterance
from studies.models import Study
from synthesis.ask import offline
from synthesis.ask.llm import AskLLMError, llm_answer
from synthesis.ask.selectors import retrieve, segment_in
from synthesis.coding import services as coding
from synthesis.insights.services import STATEMENT_MAX_LENGTH, insight_create
from synthesis.models import Highlight, Insight, Question
from workspaces.models import User

logger = logging.getLogger(__name__)

QUESTION_MAX_LENGTH = 500


def _clean_question(text) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        raise ValidationError({"question": "Type a question."})
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError({"question": f"Keep the question under {QUESTION_MAX_LENGTH} characters."})
    return text


def question_ask(*, text: str, study: Study | None, actor: User | None) -> Question:
    """Answer and save a question. The model (if the workspace has one) is asked outside any transaction; when it
    fails, or cites nothing that holds, the answer is the offline one and the reason is kept."""
    text = _clean_question(text)
    segment = segment_in(text)
    quotes = retrieve(question=text, study_id=study.pk if study else None, segment=segment)
    if segment and not quotes:  # the segment said nothing on it: widen rather than answer empty
        segment, quotes = "", retrieve(question=text, study_id=study.pk if study else None)
    grouped = offline.groups(quotes)
    fields = {
        "backend": "offline",
        "model": "",
        "prompt": "",
        "tokens_in": None,
        "tokens_out": None,
        "dropped": 0,
        "fallback": "",
        "content": {"groups": grouped, "segment": segment},
        "answer": offline.answer_text(grouped, len(quotes)),
        "citations": [q.citation() for q in quotes],
    }
    config = llm_config()
    if config is not None and quotes:
        try:
            sentences, dropped, messages, usage = llm_answer(config, text, quotes)
        except AskLLMError as error:
            logger.warning("ask: the model failed, answered offline: %s", error)
            fields["fallback"] = str(error)[:300]
        else:
            cited = sorted({c["n"] for s in sentences for c in s["citations"]})
            by_n = {q.n: q for q in quotes}
            fields.update(
                backend="openai",
                model=config.model,
                dropped=dropped,
                prompt=json.dumps(messages, ensure_ascii=False),
                tokens_in=usage.get("tokens_in"),
                tokens_out=usage.get("tokens_out"),
                content={"sentences": sentences, "groups": grouped, "segment": segment},
                answer=" ".join(s["text"] + "".join(f" [{c['n']}]" for c in s["citations"]) for s in sentences),
                citations=[by_n[n].citation() for n in cited],
            )
            logger.info(
                "ask: model %s, %s tokens in, %s out, %d sentences, %d dropped",
                config.model,
                fields["tokens_in"],
                fields["tokens_out"],
                len(sentences),
                dropped,
            )
    return _question_save(text=text, study=study, actor=actor, fields=fields)


@transaction.atomic
def _question_save(*, text: str, study: Study | None, actor: User | None, fields: dict) -> Question:
    question = Question(text=text, study=study, asked_by=actor, **fields)
    question.full_clean()
    question.save()
    return question


def _evidence(citation: dict, actor: User | None) -> Highlight | None:
    """The highlight a citation names, or a new highlight of the whole answer it quotes (None if it is gone)."""
    if citation["kind"] == "highlight":
        return Highlight.objects.filter(pk=citation["id"]).first()
    utterance = Utterance.objects.select_related("transcript__round").filter(pk=citation["id"]).first()
    if utterance is None:
        return None
    existing = Highlight.objects.filter(utterance=utterance, start=0, end=len(utterance.text)).first()
    return existing or coding.highlight_create(utterance=utterance, start=0, end=len(utterance.text), actor=actor)


@transaction.atomic
def question_make_insight(*, question: Question, actor: User | None, statement: str = "") -> Insight:
    """A draft insight whose evidence is the answer's cited quotes (uncoded answers become highlights)."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.insight_id:
        raise ValidationError({"insight": "This answer is already an insight."})
    statement = " ".join((statement or "").split()) or default_statement(locked)
    highlights = [h for c in locked.citations if (h := _evidence(c, actor)) is not None]
    if not highlights:
        raise ValidationError({"citations": "None of the cited quotes is still there."})
    insight = insight_create(statement=statement[:STATEMENT_MAX_LENGTH], highlights=highlights, actor=actor)
    locked.insight = insight
    locked.save(update_fields=["insight"])
    return insight


def default_statement(question: Question) -> str:
    """The model's answer without its citation marks, or (offline) the question as what the quotes are about."""
    sentences = question.content.get("sentences") if isinstance(question.content, dict) else None
    if sentences:
        return " ".join(s["text"] for s in sentences)
    return f"What participants say: {question.text}"
