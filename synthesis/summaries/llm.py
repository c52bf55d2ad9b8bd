"""Summaries written by the workspace's OpenAI-compatible model under a strict JSON schema: key points, each citing
the answers ([u=ID]) or highlights ([h=ID]) it rests on with words copied from them, and the strongest quotes.
Participants appear as pseudonyms (P12); their names and emails are masked. Citations are checked afterwards
(`synthesis.summaries.citations.verify`). Any failure raises `SummaryLLMError`: the caller summarises offline."""

import re

from interviews.interviewer.config import LLMConfig
from studies.models import Participant
from synthesis.llm import LLMError, ask_json, chat
from synthesis.summaries.selectors import Material, Scope

MAX_UNITS = 120
MAX_CHARS = 600

_CITE = {
    "type": "object",
    "properties": {
        "kind": {"type": "string", "enum": ["utterance", "highlight"]},
        "id": {"type": "integer"},
        "quote": {"type": "string"},
    },
    "required": ["kind", "id", "quote"],
    "additionalProperties": False,
}
SCHEMA = {
    "type": "object",
    "properties": {
        "points": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"text": {"type": "string"}, "citations": {"type": "array", "items": _CITE}},
                "required": ["text", "citations"],
                "additionalProperties": False,
            },
        },
        "quotes": {"type": "array", "items": _CITE},
    },
    "required": ["points", "quotes"],
    "additionalProperties": False,
}

SYSTEM_PROMPT = """\
You summarise user-research interviews for a product team. From the participants' answers ([u=ID]) and the \
researchers' highlights ([h=ID], with pain 1-5 and tags), write 3 to 6 key points, one sentence each, most \
important first, and pick the 3 strongest quotes. Every point cites at least one answer or highlight: kind is \
"utterance" for [u=ID] and "highlight" for [h=ID], id is its number, quote is words copied exactly from it. A \
quote is copied exactly too. Never invent what anyone said. Reply with JSON only."""


class SummaryLLMError(Exception):
    pass


def _masker(material: Material):
    ids = {s.participant_id for s in material.sentences} | {h["participant_id"] for h in material.highlights}
    secrets = []
    for person in Participant.objects.filter(pk__in=[i for i in ids if i]):
        secrets += [
            (value.strip(), f"P{person.pk}") for value in (person.email, person.name) if value and value.strip()
        ]

    def mask(text: str) -> str:
        for secret, pseudonym in secrets:
            text = re.sub(re.escape(secret), pseudonym, text, flags=re.I)
        return " ".join(text.split())[:MAX_CHARS]

    return mask


def messages(scope: Scope, material: Material, order: list[int]) -> list[dict]:
    """The prompt: highlights by pain, then the most central sentences (`order`) of answers not yet listed."""
    mask = _masker(material)
    lines = [f"Summarise {scope.title()}.", "", "Highlights:"]
    painful = sorted(material.highlights, key=lambda h: (-(h["pain"] or 0), h["id"]))[: MAX_UNITS // 2]
    for h in painful:
        who = f"P{h['participant_id']}" if h["participant_id"] else "Anonymous"
        lines.append(
            f"[h={h['id']}] ({who}, pain {h['pain'] or '-'}, tags {', '.join(h['tags']) or '-'}) {mask(h['text'])}"
        )
    lines += ["", "Answers (sentences):"]
    for i in order[: MAX_UNITS - len(painful)]:
        s = material.sentences[i]
        who = f"P{s.participant_id}" if s.participant_id else "Anonymous"
        lines.append(f"[u={s.utterance_id}] ({who}) {mask(s.text)}")
    return chat(SYSTEM_PROMPT, "\n".join(lines))


def llm_summary(config: LLMConfig, scope: Scope, material: Material, order: list[int]) -> tuple[dict, dict]:
    """(content with unchecked citations, usage); raises SummaryLLMError on any failure."""
    usage: dict = {}
    try:
        payload = ask_json(
            config, messages=messages(scope, material, order), name="cited_summary", schema=SCHEMA, usage=usage
        )
    except LLMError as err:
        raise SummaryLLMError(str(err)) from None
    if not isinstance(payload.get("points"), list) or not isinstance(payload.get("quotes"), list):
        raise SummaryLLMError("the model's reply is not the JSON asked for")
    return {"points": payload["points"], "quotes": payload["quotes"]}, usage
