"""The brief's threads and follow-ups written by the workspace's OpenAI-compatible model.

One request under a strict JSON schema (`synthesis.llm`: the client's short timeout, the interviewer's, at most
15 s, one retry, and a wall-clock guard). The model sees the participant under a pseudonym (P12): never
their email or name. Every statement it returns must cite one of this session's answers by message id, with a quote
that occurs in that answer; a statement without such a citation, or a follow-up placed after a question the call's
guide lacks, is dropped and counted. Any failure raises `BriefLLMError`, and the caller builds the brief offline.
"""

import re

from interviews.interviewer.config import LLMConfig
from synthesis.briefs.citations import cited
from synthesis.briefs.offline import lint_codes, statement
from synthesis.briefs.selectors import Source
from synthesis.llm import LLMError, ask_json

MAX_ANSWER_CHARS = 1500
THREAD_KINDS = ("unprobed", "pain_without_story", "contradicts_theme", "other")


class BriefLLMError(Exception):
    pass


_CITED = {"message": {"type": "integer"}, "quote": {"type": "string"}}
SCHEMA = {
    "type": "object",
    "properties": {
        "threads": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "enum": list(THREAD_KINDS)},
                    "text": {"type": "string"},
                    **_CITED,
                },
                "required": ["kind", "text", "message", "quote"],
                "additionalProperties": False,
            },
        },
        "follow_ups": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"after_question": {"type": "integer"}, "text": {"type": "string"}, **_CITED},
                "required": ["after_question", "text", "message", "quote"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["threads", "follow_ups"],
    "additionalProperties": False,
}

SYSTEM_PROMPT = """\
You prepare a host for a live user-research call with a participant who already took an asynchronous interview. \
From their answers, write:
- threads: what the host should pull on, each one sentence for the host. Kinds: "unprobed" (an answer the \
interviewer had no time to follow up on), "pain_without_story" (strong pain with no specific episode told), \
"contradicts_theme" (an answer that differs from what most other participants said on that question), "other".
- follow_ups: questions for the host to ask, each placed after the call's guide question it relates to \
(after_question is that question's id). Neutral, one question at a time, under 25 words, asking for stories and \
examples, never ratings; build on the participant's own words ("Earlier you said “…”. Can you walk me through the \
last time that happened?").
Every thread and follow-up cites the answer it comes from: message is the answer's id ([message=ID] below) and \
quote is words copied exactly, character for character, from that answer. Never invent what they said. The \
participant is called {pseudonym}. Reply with JSON only."""


def _redact(text: str, source: Source) -> str:
    participant = source.booking.participant
    for secret in (participant.email, participant.name):
        if secret and secret.strip():
            text = re.sub(re.escape(secret.strip()), "[email]" if "@" in secret else source.pseudonym, text,
                          flags=re.I)  # fmt: skip
    return text


def messages(source: Source, hints: list[dict]) -> list[dict]:
    """The system rules, then the interview (answers marked with their ids), highlights, hints and the call's guide."""
    lines = [f"Study: {source.session.round.study.title}", f"Participant: {source.pseudonym}", "", "Async interview:"]
    for turn in source.turns:
        text = " ".join(_redact(turn.text, source).split())[:MAX_ANSWER_CHARS]
        if turn.role == "participant":
            lines.append(f"[message={turn.id}] {source.pseudonym}: {text}")
        else:
            lines.append(f"Interviewer ({turn.kind}): {text}")
    if source.quotes:
        lines += ["", "Highlights (pain 1-5; a person's score, else the AI's):"]
        for quote in source.quotes:
            tags = ", ".join(name for _, name in (*quote.tags, *quote.themes)) or "untagged"
            lines.append(f"- [message={quote.message_id}] pain {quote.pain_score or '-'} ({tags}): "
                         f"{_redact(quote.text, source)}")  # fmt: skip
    if hints:
        lines += ["", "Found by rules (use, reword or drop):"]
        lines += [f"- {h['kind']} [message={h['citation']['message']}]: {_redact(h['text'], source)}" for h in hints]
    lines += ["", "The call's guide:"]
    lines += [f"[question={q.id}] {q.text}" for q in source.sync_guide]
    system = SYSTEM_PROMPT.format(pseudonym=source.pseudonym)
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n".join(lines)}]


def llm_threads(source: Source, config: LLMConfig, hints: list[dict]) -> tuple[list[dict], list[dict], int]:
    """(threads, follow-ups with `after`, dropped) from the model; raises BriefLLMError on any failure."""
    try:
        payload = ask_json(config, messages=messages(source, hints), name="host_brief", schema=SCHEMA)
    except LLMError as err:
        raise BriefLLMError(str(err)) from None
    if not isinstance(payload.get("threads"), list) or not isinstance(payload.get("follow_ups"), list):
        raise BriefLLMError("the model's reply is not the JSON asked for")
    answers = {t.id: t.text for t in source.answers}
    guide = {q.id for q in source.sync_guide}
    threads, follow_ups, dropped = [], [], 0
    for item in payload["threads"]:
        item = item if isinstance(item, dict) else {}
        kind = item.get("kind") if item.get("kind") in THREAD_KINDS else "other"
        checked = cited(statement(str(item.get("text") or "").strip(), item.get("message"), item.get("quote"),
                                  kind=kind), answers)  # fmt: skip
        if checked is None:
            dropped += 1
            continue
        threads.append(checked)
    for item in payload["follow_ups"]:
        item = item if isinstance(item, dict) else {}
        text = " ".join(str(item.get("text") or "").split())
        checked = cited(statement(text, item.get("message"), item.get("quote"), lint=lint_codes(text),
                                  after=item.get("after_question"), thread="model"), answers)  # fmt: skip
        after = checked["after"] if checked else None
        if checked is None or isinstance(after, bool) or not isinstance(after, int) or after not in guide:
            dropped += 1
            continue
        follow_ups.append(checked)
    return threads, follow_ups, dropped
