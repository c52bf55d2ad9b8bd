"""A story from the participant's own life told after saying a word of the question back: "pedals, right, I did a
pedalo race on holiday in Menorca with my brother..." to "Which wheel and pedals do you use?".

The echo shares the question's word, so the classifier's test for an aside (an answer sharing no word with the
question, classify._aside) misses it; read without the echo, the story shares nothing with the question and is about
family, a holiday or a time long ago. Written against blind34, whose author answered off the question this way
fifteen times in four languages."""

import re

from interviews.interviewer.phrases import ASIDE_RE, FUNCTION_WORDS
from interviews.interviewer.signals import STOPWORDS

# One to three words, then an ellipsis or a comma ("ceremony...", "Bio, ja, ...", "found out... I found out ...").
ECHO = re.compile(r"\W*(?P<echo>[\w'-]+(?:\s+[\w'-]+){0,2}?)\s*(?:\.{2,}|\u2026|,)\s*", re.I)
_CLOSE = (
    r"wife|husband|partner|dad|mum|mom|mother|father|parents|gran|granny|nan|nana|grandad|grandpa|grandma|aunt|auntie"
    r"|uncle|cousin|brother|sister|son|daughter|kids?|children|family|boyfriend|girlfriend|frau|mann|vater|mutter"
    r"|oma|opa|bruder|schwester|sohn|tochter|femme|mari|père|mère|frère|sœur|fils|fille|esposa|marido|padre|madre"
    r"|abuela|abuelo|hermano|hermana|hijo|hija|suegra|suegro|mulher|pai|mãe|avó|avô|irmão|irmã|filho|filha|sogra"
    r"|sogro"
)
# Life outside the question: someone close, a holiday, a time long ago.
LIFE = re.compile(
    rf"\b(?:(?:my|our|mein\w*|unser\w*|mon|ma|mes|mi|mis|meu|minha|meus|minhas)\s+(?:own\s+)?(?:{_CLOSE})\b"
    r"|when i was (?:a |\d)|on (?:holiday|my (?:hen|stag) do)|last week|years ago|once\b)",
    re.I,
)
# A question about the people close to them or their life at home asks for such stories.
LIFE_ASKED = re.compile(rf"\b(?:{_CLOSE}|families|friends?|home life|personal|outside work)\b", re.I)
# A thing named in a few words as the first sentence ("A wedding dress. Well, ..."; 52 of 54 such answers in the sets
# are answers): what follows is about it, whatever life it brings in.
THING_FIRST = re.compile(r"\W*(?:an?|the)\s+\w+(?:\s+\w+){0,2}\s*[.!]", re.I)
STORY_WORDS = (12, 45)  # a story, not "my wife does that" (someone who deals with it, an answer)


COMMON = STOPWORDS | FUNCTION_WORDS | {"cada", "para", "minha", "meine", "mein"}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())  # "Bio-Bäumen" holds "bio"


def _prefixes(text: str) -> set[str]:
    """The first four letters of each word of four letters or more that is no function word."""
    return {w[:4] for w in _words(text) if len(w) >= 4 and w not in COMMON}


def echoed_aside(text: str, question: str) -> str:
    """The story's first words when `text` says a word of `question` back, then tells a story of the participant's
    own life that shares no other word with the question; "" otherwise."""
    m = ECHO.match(text)
    if not m or not question or LIFE_ASKED.search(question):
        return ""
    echo, asked = set(_words(m.group("echo"))), set(_words(question))
    said_back = _prefixes(m.group("echo"))
    if not (said_back & _prefixes(question) or (echo & asked) - COMMON):
        return ""
    story = text[m.end() :]
    low, high = STORY_WORDS
    if not low <= len(_words(story)) <= high or not (LIFE.search(story) or ASIDE_RE.search(story)):
        return ""
    if (_prefixes(story) - said_back) & _prefixes(question):
        return ""
    return " ".join(story.split())[:60]
