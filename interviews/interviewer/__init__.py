"""The AI interviewer: what the app calls to get the next turn of an async interview, and to audit a probe.

`next_turn` uses the OpenAI-compatible backend when a config is given and the offline interviewer otherwise; any
failure of the model (timeout, HTTP error, unusable output) falls back to the offline interviewer for that turn, so a
participant always gets a next turn. The policy in `policy.py` (probe limits, time budget) applies to both.
The workspace's choice of backend is read and saved by `services.py`; `views.py` is its settings page.
"""

import functools
import logging
import threading
import time
from collections import Counter
from dataclasses import replace

from interviews.interviewer.base import BackendError, InterviewState, Turn
from interviews.interviewer.config import LLMConfig
from interviews.interviewer.offline import TEMPLATES, OfflineInterviewer
from interviews.interviewer.openai_backend import OpenAIInterviewer
from interviews.interviewer.policy import decide
from interviews.interviewer.quotes import quoted_spans
from interviews.interviewer.signals import WORD, content_words
from studies.guides.lint import lint_question

__all__ = ["FALLBACKS", "LLMConfig", "audit_probe", "fallback_count", "next_turn"]

logger = logging.getLogger("interviews.interviewer")

FALLBACKS: Counter[str] = Counter()  # fallbacks to offline since the process started, by BackendError.kind
_FALLBACKS_LOCK = threading.Lock()
_OFFLINE = OfflineInterviewer()
# Words any probe may use ("example", "happened"): sharing one with the answer is not building on it.
TEMPLATE_WORDS = frozenset(w for texts in TEMPLATES.values() for text in texts for w in content_words(text))


@functools.lru_cache(maxsize=8)
def _openai(config: LLMConfig) -> OpenAIInterviewer:
    # One client per config keeps its connection pool across turns.
    return OpenAIInterviewer(config)


def next_turn(state: InterviewState, config: LLMConfig | None) -> Turn:
    """The interviewer's next turn after the participant's latest answer; never raises for a failing model."""
    if config is None:
        return decide(state, _OFFLINE)
    started = time.monotonic()
    try:
        return decide(state, _openai(config))
    except BackendError as err:
        waited_ms = int((time.monotonic() - started) * 1000)
        with _FALLBACKS_LOCK:
            FALLBACKS[err.kind] += 1
        logger.warning("Interviewer model failed (%s, after %d ms), offline answered: %s", err.kind, waited_ms, err)
        turn = decide(state, _OFFLINE)
        return replace(
            turn,
            fallback_error=str(err)[:300],
            meta={**turn.meta, "fallback_kind": err.kind, "fallback_waited_ms": waited_ms},
        )


def fallback_count(kind: str | None = None) -> int:
    """How many turns fell back to offline since the process started, of one kind or in all."""
    with _FALLBACKS_LOCK:
        return FALLBACKS[kind] if kind else sum(FALLBACKS.values())


def audit_probe(probe: str, last_answer: str) -> dict:
    """What the staff page shows about a probe: the linter's codes, and whether it builds on the participant's words.

    A probe refers to the answer when it quotes part of it or reuses one of its content words (four letters or
    more, not a stopword, not a word of the probe templates such as "example" or "happened")."""
    codes = list(dict.fromkeys(issue.code for issue in lint_question(probe)))
    answer = " ".join(last_answer.split()).casefold()
    quoted = any(WORD.search(q) and " ".join(q.split()).casefold() in answer for q in quoted_spans(probe))
    reused = (content_words(probe) - TEMPLATE_WORDS) & content_words(last_answer)
    return {"lint": codes, "refers_to_answer": quoted or bool(reused)}
