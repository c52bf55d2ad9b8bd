"""The answer written by the workspace's OpenAI-compatible model, under a strict JSON schema.

The model sees the question and the numbered quotes, each under its speaker's pseudonym (P12) with names and emails
of the quoted participants masked; never who they are. Every sentence must cite at least one quote by number with
words copied from it; a citation whose number is not one of the quotes, or whose words are not in that quote, is
dropped, and a sentence left without one is dropped and counted. Any failure raises `AskLLMError`: the caller answers
offline."""

import re

from interviews.interviewer.config import LLMConfig
from studies.models import Participant
from synthesis.ask.selectors import Quote
from synthesis.briefs.citations import exact_quote
from synthesis.llm import LLMError, ask_json, chat

MAX_QUOTE_CHARS = 800

SCHEMA = {
    "type": "object",
    "properties": {
        "sentences": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "citations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"n": {"type": "integer"}, "quote": {"type": "string"}},
                            "required": ["n", "quote"],
                            "additionalProperties": False,
                        },
                    },
                },
                "required": ["text", "citations"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["sentences"],
    "additionalProperties": False,
}

SYSTEM_PROMPT = """\
You answer a product team's question from what research participants said. Use only the numbered quotes below. \
Write a short answer of two to six sentences. Every sentence cites at least one quote: n is the quote's number and \
quote is words copied exactly, character for character, from that quote. Say how many participants and which \
segments when it matters. Never invent what anyone said; if the quotes do not answer the question, say so in one \
sentence citing the closest quote. Reply with JSON only."""


class AskLLMError(Exception):
    pass


def _masked(text: str, people: dict[int, Participant], quote: Quote) -> str:
    person = people.get(quote.participant_id)
    if person is not None:
        for secret in (person.email, person.name):
            if secret and secret.strip():
                text = re.sub(re.escape(secret.strip()), quote.who, text, flags=re.I)
    return " ".join(text.split())[:MAX_QUOTE_CHARS]


def prompt(question: str, quotes: list[Quote]) -> list[dict]:
    people = Participant.objects.in_bulk([q.participant_id for q in quotes if q.participant_id])
    lines = [f"Question: {question}", "", "Quotes:"]
    for q in quotes:
        about = [q.who, q.segment and f"segment {q.segment}", q.method]
        about += [q.tags and "tags " + "/".join(q.tags), q.pain and f"pain {q.pain}"]
        about = ", ".join(filter(None, about))
        lines.append(f"[{q.n}] ({about}) {_masked(q.text, people, q)}")
    return chat(SYSTEM_PROMPT, "\n".join(lines))


def checked_sentences(payload: dict, quotes: list[Quote]) -> tuple[list[dict], int]:
    """The sentences whose citations hold (each citation's quote made exact), and how many were dropped."""
    by_n = {q.n: q for q in quotes}
    kept, dropped = [], 0
    for item in payload.get("sentences") or []:
        text = " ".join(str(item.get("text") or "").split()) if isinstance(item, dict) else ""
        citations = []
        for cite in (item.get("citations") or []) if isinstance(item, dict) else []:
            n = cite.get("n") if isinstance(cite, dict) else None
            if isinstance(n, bool) or not isinstance(n, int) or n not in by_n:
                continue
            words = exact_quote(by_n[n].text, cite.get("quote"))
            if words is not None and all(c["n"] != n for c in citations):
                citations.append({"n": n, "quote": words})
        if text and citations:
            kept.append({"text": text, "citations": citations})
        else:
            dropped += 1
    return kept, dropped


def llm_answer(config: LLMConfig, question: str, quotes: list[Quote]) -> tuple[list[dict], int, list[dict], dict]:
    """(sentences, dropped, messages sent, usage); raises AskLLMError on any failure or when nothing holds."""
    messages = prompt(question, quotes)
    usage: dict = {}
    try:
        payload = ask_json(config, messages=messages, name="cited_answer", schema=SCHEMA, usage=usage)
    except LLMError as err:
        raise AskLLMError(str(err)) from None
    sentences, dropped = checked_sentences(payload, quotes)
    if not sentences:
        raise AskLLMError(f"no sentence of the model's answer cited a quote correctly ({dropped} dropped)")
    return sentences, dropped, messages, usage
