"""One neutral, open question per insight: about the participant's own experience of the insight's topic, never
its claim ("Tell me about the last time you dealt with the permissions settings…", not "Do you agree that the
permissions settings are confusing?").

The offline backend keeps the statement's topic and drops its verdict (the evaluative words, the frequency, the
"because"); the model's questions are linted like any guide question, and one the linter flags as leading,
survey-speak or a yes/no opener is replaced by the offline question (the replacement is recorded).
"""

import re
from dataclasses import dataclass, field

from interviews.interviewer.config import LLMConfig
from studies.guides.lint import lint_question
from synthesis.llm import LLMError, ask_json, chat

REJECTED = frozenset({"leading", "survey_speak", "yes_no_opener"})
MAX_TOPIC_WORDS = 5

# Words that carry the statement's judgement or frequency, not its topic: a neutral question leaves them out.
EVALUATIVE = frozenset(
    """
    confusing confused confuse hard harder difficult difficulty struggle struggles struggling easy easier simple slow
    slower fast faster quick quickly too unreliable reliable frustrated frustrating frustrates annoyed annoying late
    rarely often always never every mainly mostly only weeks week months month days hours hour minutes few many much
    more less lot lots surprised surprise worry worried worries trust unfair fair inconsistent expensive cheap
    prefer prefers want wants need needs expect expects love loves hate hates lose loses losing waste wastes spend
    spends abandon abandons quit quits churn churns stop stops leave leaves switch switches miss misses chase chases
    use uses rely relies find finds instead because before after until when while due time
""".split()  # noqa: SIM905 (a word list reads better as text)
)
STOP = frozenset(
    """
    a an the to of in on at for by with from and or but their they them its it is are be been being that this those
    these than then so up out into over about as per new own our your my his her we you i between within down
    through several no not any""".split()  # noqa: SIM905 (a word list reads better as text)
)
SUBJECTS = re.compile(
    r"^(?:(?:small|large|enterprise|new|most|many|some|b2b|our|the)\s+)*"
    r"(?:[a-z-]+\s+){0,2}(?:teams?|users?|customers?|admins?|administrators?|managers?|people|reps?|agents?|developers?|"
    r"engineers?|staff|families|parents|students|runners|riders|readers|listeners|travell?ers|shoppers|diners|"
    r"patients|gamers|homeowners|commuters|owners|businesses|companies|agencies|recruiters|designers|freelancers|"
    r"organisers|organizers|receptionists|buyers|members|employees|clients|viewers|players)\b",
    re.I,
)
# Verbs end a topic: "onboarding takes weeks" is about onboarding.
VERBS = frozenset(
    """
    take takes took taking go goes went appear appears have has had is are was were be get gets got make makes do does
    did read reads ask asks discover discovers sell sells based order orders plan plans share shares export exports
    compare compares install installs installing cancel cancels approve approves book books check checks using
""".split()  # noqa: SIM905 (a word list reads better as text)
)
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


@dataclass
class Drafted:
    insight_id: int
    text: str
    intent: str
    backend: str  # "offline" or "openai"
    lint: list[str] = field(default_factory=list)  # the lint codes the final text still has
    note: str = ""  # why the model's question was replaced, if it was


def topic_of(statement: str) -> str:
    """The words the statement is about, without who says it or what it claims about them."""
    text = " ".join(statement.split()).rstrip(".!?")
    cause = re.search(r"\b(?:because|since|as soon as|when|until)\b(.+)$", text, re.I)
    for clause in ([cause.group(1)] if cause else []) + [
        SUBJECTS.sub("", text[: cause.start()] if cause else text, count=1)
    ]:
        if topic := _longest_run(clause):
            return topic
    return " ".join([w for w in WORD.findall(text) if w.lower() not in STOP][:MAX_TOPIC_WORDS])


def _longest_run(clause: str) -> str:
    runs: list[list[str]] = [[]]
    for match in WORD.finditer(clause):
        word = match.group()
        lower = word.lower()
        if lower in EVALUATIVE or lower in STOP or lower in VERBS or lower.endswith("n't"):
            if runs[-1]:  # the topic is one run of words: a verb or a judgement ends it
                runs.append([])
            continue
        runs[-1].append(word)
    # The longest run of topic words; the first of equals (the statement's subject matter comes first).
    return " ".join(max(runs, key=len)[:MAX_TOPIC_WORDS])


def _timed(statement: str) -> bool:
    return bool(re.search(r"\b(?:takes?|took|weeks?|months?|days?|hours?|slow|fast|quick|late|wait|time)\b",
                          statement, re.I))  # fmt: skip


def _routine(statement: str) -> bool:
    return bool(re.search(r"\b(?:every|daily|weekly|monthly|rarely|often|mainly|mostly|only|usually)\b", statement,
                          re.I))  # fmt: skip


def offline_question(statement: str) -> str:
    """A neutral, open question about the participant's own experience of the statement's topic."""
    topic = topic_of(statement) or "this part of your work"
    if _timed(statement):
        return f"Tell me about the last time you dealt with {topic}. How long did it take, from start to finish?"
    if _routine(statement):
        return f"Walk me through how {topic} fits into a normal week for you."
    return f"Tell me about the last time you dealt with {topic}. What happened, step by step?"


def _intent(statement: str) -> str:
    return f"Tests the insight “{statement[:250]}” without naming it."[:300]


def draft_offline(insights: list[tuple[int, str]]) -> list[Drafted]:
    drafted = []
    for insight_id, statement in insights:
        text = offline_question(statement)
        codes = [issue.code for issue in lint_question(text)]
        drafted.append(Drafted(insight_id, text, _intent(statement), "offline", codes))
    return drafted


SYSTEM = """\
You write questions for an asynchronous user-research interview that tests the team's insights at scale. For each \
insight, write one question a participant answers in a minute or two, in writing. The question must:
- be neutral and open: never mention the insight's claim, never ask whether they agree, never suggest an answer \
or a feeling ("Do you agree that…", "How frustrating was…" are wrong);
- ask about the participant's own recent experience of the topic, as a story: "Tell me about the last time you…";
- be one short question (under 30 words), in plain words, no rating scales, no yes/no opener.
Reply with JSON only: {"questions": [{"insight_id": ..., "text": ...}]}, one item per insight."""

SCHEMA = {
    "type": "object",
    "properties": {
        "questions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"insight_id": {"type": "integer"}, "text": {"type": "string"}},
                "required": ["insight_id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["questions"],
    "additionalProperties": False,
}


def draft_questions(insights: list[tuple[int, str]], config: LLMConfig | None) -> list[Drafted]:
    """A question per (insight id, statement): the model's when it answers usably and neutrally, else offline."""
    offline = draft_offline(insights)
    if config is None or not insights:
        return offline
    user = "Insights:\n" + "\n".join(f"[insight_id={pk}] {' '.join(s.split())[:500]}" for pk, s in insights)
    try:
        payload = ask_json(config, messages=chat(SYSTEM, user), name="validation_questions", schema=SCHEMA)
        items = payload["questions"]
        if not isinstance(items, list):
            raise LLMError("the model's reply is not the JSON asked for")
    except (LLMError, KeyError) as error:
        note = f"The model failed ({error or 'no questions'}); the offline question stands."
        for drafted in offline:
            drafted.note = note
        return offline
    by_id = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
            by_id.setdefault(item.get("insight_id"), " ".join(item["text"].split())[:500])
    drafted = []
    for fallback in offline:
        text = by_id.get(fallback.insight_id)
        if text is None:
            fallback.note = "The model wrote no question for this insight; the offline question stands."
            drafted.append(fallback)
            continue
        codes = [issue.code for issue in lint_question(text)]
        if REJECTED & set(codes):
            fallback.note = f"The model's question was {', '.join(sorted(REJECTED & set(codes)))}: “{text[:200]}”."
            drafted.append(fallback)
            continue
        drafted.append(Drafted(fallback.insight_id, text, fallback.intent, "openai", codes))
    return drafted
