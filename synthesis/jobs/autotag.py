"""Auto-tagging: proposals of tags and pain for the sentences of uncoded participant utterances.

Two backends share one output, `Proposal` (a span of code points of one utterance, tags, pain 1-5, a reason):

- `OfflineTagger` (no network): TF-IDF similarity between each sentence and each tag's profile, which is the tag's
  name and description and the quotes already coded with it; pain from a lexical rubric aligned with `PAIN_RUBRIC`.
  Every proposal says which words matched.
- `OpenAITagger`: the workspace's OpenAI-compatible model, a few utterances per request under a strict JSON schema,
  a bounded number of requests at a time, each with a short timeout; a request that fails or answers unusably is
  tagged offline instead (counted in the job's stats).
"""

import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import openai
from django.core.exceptions import ValidationError
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer

from interviews.interviewer.config import LLMConfig
from synthesis.codebook.services import clean_name
from synthesis.coding.services import tag_paths
from synthesis.models import PAIN_RUBRIC, Highlight, Tag
from workspaces import outbound

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.15
MIN_SHARED_WORDS = 2  # word features (stems and pairs) a sentence shares with a quote or definition
MAX_EXAMPLES_PER_TAG = 200
MAX_TAGS_PER_PROPOSAL = 3
REASON_MAX_LENGTH = 500
LLM_UTTERANCES_PER_REQUEST = 8
LLM_CONCURRENCY = 3
LLM_MAX_UTTERANCE_CHARS = 2000


@dataclass(frozen=True)
class Unit:
    """An utterance to tag: its id and text."""

    id: int
    text: str


@dataclass
class Proposal:
    """A suggested highlight: `text[start:end]` of one utterance (code points), its tags, pain and why."""

    utterance_id: int
    start: int
    end: int
    tag_ids: list[int]
    new_tag_names: list[str]
    pain: int | None
    reason: str
    score: float


@dataclass
class Tagged:
    proposals: list[Proposal]
    stats: Counter = field(default_factory=Counter)


# Words ---------------------------------------------------------------------------------------------------------------

APOSTROPHE = "\u2019"  # the typographic apostrophe of phones and word processors
WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_SUFFIXES = (("ingly", ""), ("edly", ""), ("ings", ""), ("ing", ""), ("ied", "y"), ("ies", "y"), ("ed", ""),
             ("ly", ""), ("s", ""))  # fmt: skip


def stem(word: str) -> str:
    """A light English stemmer: "exporting", "exports" and "exported" all become "export"."""
    word = word.lower().replace(APOSTROPHE, "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3:
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def words(text: str) -> list[tuple[str, str]]:
    """(stem, surface word) for every word that is not a stop word."""
    found = []
    for match in WORD_RE.finditer(text):
        surface = match.group()
        lower = surface.lower().replace(APOSTROPHE, "'")
        if lower in ENGLISH_STOP_WORDS or len(lower) < 2:
            continue
        found.append((stem(lower), surface))
    return found


def analyse(text: str) -> list[str]:
    """Features: word stems and pairs of neighbouring stems."""
    stems = [s for s, _ in words(text)]
    return stems + [f"{a} {b}" for a, b in pairwise(stems)]


SENTENCE_RE = re.compile(r"[^.!?…\n]+(?:[.!?…]+[\"”\u2019')]*|\n|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` (code points), without surrounding whitespace."""
    spans = []
    for match in SENTENCE_RE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


# Pain ----------------------------------------------------------------------------------------------------------------

# Phrases for each level of PAIN_RUBRIC: the highest level found wins, and the reason quotes the words.
PAIN_LEXICON: dict[int, tuple[str, ...]] = {
    5: (r"cancel(?:l?ed|l?ing)?", r"quit(?:ting)?", r"churn(?:ed)?", r"switch(?:ed|ing)? to", r"gave up",
        r"giv(?:e|ing) up", r"stop(?:ped)? using", r"deal[- ]?breaker", r"unusable", r"leav(?:e|ing)",
        r"(?:look(?:ing)? for|moving to) (?:an? )?(?:alternative|competitor)s?", r"can(?:no|')t do my job"),
    4: (r"block(?:ed|s|ing|er)?", r"stuck", r"can(?:no|')t", r"couldn'?t", r"impossible", r"broken", r"crash(?:es|ed)?",
        r"lost (?:all |my |our )?(?:data|work)", r"(?:had|have|need(?:ed)?) to ask", r"call(?:ed)? support",
        r"escalat(?:e|ed|ing)", r"fail(?:s|ed|ing)?"),
    3: (r"workarounds?", r"work around", r"manual(?:ly)?", r"by hand", r"every (?:day|week|month|time)", r"hours?",
        r"spreadsheets?", r"copy(?:ing)? and past(?:e|ing)", r"wast(?:e|es|ed|ing)", r"takes? (?:forever|ages)",
        r"re-?enter(?:ing)?", r"double (?:entry|work)", r"slow(?:ly|s)?"),
    2: (r"frustrat(?:ing|ed|ion)", r"irritat(?:ing|ed)", r"tedious", r"clunky", r"confusing", r"a pain",
        r"hassle", r"extra steps?", r"minutes"),
    1: (r"annoy(?:ing|ed|s)?", r"a (?:bit|little)", r"slightly", r"minor", r"small thing", r"nitpick",
        r"would be nice", r"i wish"),
}  # fmt: skip
_PAIN_RES = {level: re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.I) for level, phrases in PAIN_LEXICON.items()}


def pain_of(text: str) -> tuple[int | None, str]:
    """The pain level the words of `text` point to, and a reason naming them; (None, "") without pain words."""
    for level in sorted(_PAIN_RES, reverse=True):
        found = list(dict.fromkeys(m.group().lower() for m in _PAIN_RES[level].finditer(text)))
        if found:
            quoted = ", ".join(f"“{word}”" for word in found[:3])
            return level, f"Pain {level}, {PAIN_RUBRIC[level].rstrip('.')}: says {quoted}"
    return None, ""


# Tag profiles --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TagProfile:
    """What a tag means: its path, its definition (name and description) and quotes already coded with it."""

    id: int
    path: str
    description: str
    definition: str
    examples: tuple[str, ...]


def tag_profiles(max_examples: int = MAX_EXAMPLES_PER_TAG) -> list[TagProfile]:
    """Every tag of the codebook with its latest coded quotes (two queries)."""
    tags = list(Tag.objects.all())
    paths = tag_paths(tags)
    examples = defaultdict(list)
    rows = Highlight.tags.through.objects.order_by("tag_id", "-highlight_id").values_list("tag_id", "highlight__text")
    for tag_id, text in rows.iterator(chunk_size=5000):
        if len(examples[tag_id]) < max_examples:
            examples[tag_id].append(text)
    return [
        TagProfile(
            id=tag.pk,
            path=paths[tag.pk],
            description=" ".join(tag.description.split()),
            # The name counts twice: it is the tag's most telling words.
            definition=f"{tag.name}. {tag.name}. {paths[tag.pk]}. {tag.description}",
            examples=tuple(examples[tag.pk]),
        )
        for tag in tags
    ]


# Offline -------------------------------------------------------------------------------------------------------------


def _binary(matrix):
    return (matrix > 0).astype(np.float32)


def _name_stems(name: str) -> list[str]:
    return [s for s, _ in words(name)]


class OfflineTagger:
    """TF-IDF cosine similarity between sentences and each tag's definition and coded quotes (the best of them).

    `corpus` (answers of the job's scope) widens the vocabulary; `threshold` is the similarity a tag needs."""

    name = "offline"

    def __init__(self, profiles: list[TagProfile], *, corpus: Iterable[str] = (), threshold: float = DEFAULT_THRESHOLD):
        self.profiles = profiles
        self.threshold = threshold
        self.vectorizer = None
        if not profiles:
            return
        definitions = [p.definition for p in profiles]
        examples = [(i, text) for i, p in enumerate(profiles) for text in p.examples]
        codebook_documents = [*definitions, *(text for _, text in examples)]
        # The vocabulary spans the codebook and the scope's answers, so that a sentence's other words weigh in its
        # length; the weights (IDF) come from the codebook alone: a word in every tag's quotes tells tags apart
        # badly, while a topic many participants raise ("export") must not lose weight for being common.
        self.vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, dtype=np.float32)
        self.vectorizer.fit([*codebook_documents, *corpus])
        counts = CountVectorizer(analyzer=analyse, vocabulary=self.vectorizer.vocabulary_).transform(codebook_documents)
        in_documents = np.asarray((counts > 0).sum(axis=0)).ravel()
        self.vectorizer.idf_ = np.log((1 + len(codebook_documents)) / (1 + in_documents)) + 1
        self.definitions = self.vectorizer.transform(definitions)
        # The examples grouped by tag: a tag's examples are one slice of the columns.
        self.example_owner = np.array([i for i, _ in examples], dtype=np.int64)
        self.examples = self.vectorizer.transform([text for _, text in examples]) if examples else None
        self.example_starts = np.searchsorted(self.example_owner, np.arange(len(profiles)))
        self.has_examples = np.array([bool(p.examples) for p in profiles])
        self.features = self.vectorizer.get_feature_names_out()
        # Evidence rules: see `scores`.
        self.definition_words = _binary(self.definitions)
        self.example_words = _binary(self.examples) if examples else None
        names = CountVectorizer(analyzer=_name_stems, vocabulary=self.vectorizer.vocabulary_)
        self.name_words = _binary(names.transform([p.path.rsplit(" > ", 1)[-1] for p in profiles]))
        self.name_sizes = np.asarray(self.name_words.sum(axis=1)).ravel()

    def scores(self, texts: list[str]) -> tuple[np.ndarray, object, np.ndarray]:
        """(scores[sentence, tag], sentence vectors, index of the best example per sentence and tag or -1)."""
        vectors = self.vectorizer.transform(texts)
        present = _binary(vectors)
        # One shared word is no evidence ("calendar" alone does not make a sentence about onboarding): a tag counts
        # when the sentence names it, or shares at least two words with its definition or with one of its quotes.
        scores = (vectors @ self.definitions.T).toarray()
        names_it = ((present @ self.name_words.T).toarray() >= self.name_sizes) & (self.name_sizes > 0)
        scores[((present @ self.definition_words.T).toarray() < MIN_SHARED_WORDS) & ~names_it] = 0
        best_example = np.full(scores.shape, -1, dtype=np.int64)
        if self.examples is not None:
            by_example = (vectors @ self.examples.T).toarray()
            by_example[(present @ self.example_words.T).toarray() < MIN_SHARED_WORDS] = 0
            owners = np.flatnonzero(self.has_examples)
            starts = self.example_starts[owners]
            stops = [*starts[1:], by_example.shape[1]]
            for tag, start, stop in zip(owners, starts, stops, strict=True):
                argmax = start + by_example[:, start:stop].argmax(axis=1)
                best = by_example[np.arange(len(texts)), argmax]
                better = best > scores[:, tag]
                scores[:, tag] = np.where(better, best, scores[:, tag])
                best_example[:, tag] = np.where(better, argmax, -1)
        return scores, vectors, best_example

    def _matched_words(self, sentence: str, vector, match_vector) -> list[str]:
        """The sentence's own words behind the similarity, strongest first."""
        contribution = vector.multiply(match_vector).tocoo()
        order = np.argsort(-contribution.data)
        surface = defaultdict(list)
        for s, word in words(sentence):
            surface[s].append(word)
        found = []
        for index in order[:6]:
            for part in str(self.features[contribution.col[index]]).split(" "):
                for word in surface.get(part, [])[:1]:
                    if word.lower() not in (f.lower() for f in found):
                        found.append(word)
        return found[:4]

    def suggest(self, units: list[Unit]) -> Tagged:
        if self.vectorizer is None or not units:
            return Tagged([], Counter(units=len(units)))
        spans = [(unit, start, end) for unit in units for start, end in sentences(unit.text)]
        if not spans:
            return Tagged([], Counter(units=len(units)))
        texts = [unit.text[start:end] for unit, start, end in spans]
        scores, vectors, best_example = self.scores(texts)
        matched: dict[int, list[tuple[int, int, dict[int, float], int]]] = defaultdict(list)
        for row, (unit, start, end) in enumerate(spans):
            above = {int(t): float(scores[row, t]) for t in np.flatnonzero(scores[row] >= self.threshold)}
            if above:
                top = dict(sorted(above.items(), key=lambda item: -item[1])[:MAX_TAGS_PER_PROPOSAL])
                matched[unit.id].append((start, end, top, row))
        proposals = []
        for unit in units:
            for group in self._merge(matched.get(unit.id, [])):
                proposals.append(self._proposal(unit, group, texts, vectors, best_example))
        return Tagged(proposals, Counter(units=len(units)))

    @staticmethod
    def _merge(rows):
        """Neighbouring sentences that share a tag make one quote."""
        groups = []
        for row in rows:
            if groups and set(groups[-1][-1][2]) & set(row[2]):
                groups[-1].append(row)
            else:
                groups.append([row])
        return groups

    def _proposal(self, unit: Unit, group, texts, vectors, best_example) -> Proposal:
        start, end = group[0][0], group[-1][1]
        tag_scores: dict[int, float] = {}
        for _, _, top, _ in group:
            for tag, score in top.items():
                tag_scores[tag] = max(score, tag_scores.get(tag, 0.0))
        ranked = sorted(tag_scores, key=lambda t: -tag_scores[t])[:MAX_TAGS_PER_PROPOSAL]
        explanations = []
        for tag in ranked:
            row = max(group, key=lambda r: r[2].get(tag, 0.0))[3]
            example = best_example[row, tag]
            match_vector = self.examples[example] if example >= 0 else self.definitions[tag]
            matched = self._matched_words(texts[row], vectors[row], match_vector)
            source = "a quote already coded with it" if example >= 0 else "its name and description"
            said = ", ".join(f"“{w}”" for w in matched) or "its wording"
            explanations.append(f"“{self.profiles[tag].path}” ({tag_scores[tag]:.2f}): {said} match {source}")
        pain, pain_reason = pain_of(unit.text[start:end])
        reason = ". ".join([*([pain_reason] if pain_reason else []), "Tags " + "; ".join(explanations)]) + "."
        return Proposal(
            utterance_id=unit.id, start=start, end=end, tag_ids=[self.profiles[t].id for t in ranked],
            new_tag_names=[], pain=pain, reason=reason[:REASON_MAX_LENGTH], score=round(tag_scores[ranked[0]], 4),
        )  # fmt: skip


# OpenAI-compatible model ----------------------------------------------------------------------------------------------


class LLMBatchError(Exception):
    pass


SYSTEM_PROMPT = """\
You help a user-research team code interview transcripts. For each participant utterance you are given, find the \
passages that say something the team should code: problems, needs, workarounds, goals, feelings about a product. \
For each passage give:
- utterance_id: the id of the utterance it comes from;
- quote: the passage copied exactly, character for character, from that utterance (one or a few sentences);
- tags: names from the codebook below that apply (use the full path as written there);
- new_tags: at most two short new tag names when no codebook tag fits (otherwise an empty list);
- pain: the intensity of the pain the passage expresses on this rubric, or null when it expresses none:
{rubric}
- confidence: from 0 to 1, how sure you are that the tags fit;
- reason: one sentence for the team on why these tags and this pain.
Suggest nothing for small talk or passages that say nothing worth coding. Reply with JSON only."""


def _schema(tag_names: list[str]) -> dict:
    tag_item = {"type": "string", "enum": tag_names} if tag_names else {"type": "string"}
    suggestion = {
        "type": "object",
        "properties": {
            "utterance_id": {"type": "integer"},
            "quote": {"type": "string"},
            "tags": {"type": "array", "items": tag_item},
            "new_tags": {"type": "array", "items": {"type": "string"}},
            "pain": {"type": ["integer", "null"]},
            "confidence": {"type": "number"},
            "reason": {"type": "string"},
        },
        "required": ["utterance_id", "quote", "tags", "new_tags", "pain", "confidence", "reason"],
        "additionalProperties": False,
    }
    schema = {
        "type": "object",
        "properties": {"suggestions": {"type": "array", "items": suggestion}},
        "required": ["suggestions"],
        "additionalProperties": False,
    }
    return {"type": "json_schema", "json_schema": {"name": "autotag_suggestions", "strict": True, "schema": schema}}


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where the model's quote is in the utterance: exactly, else ignoring case and runs of whitespace."""
    quote = (quote or "").strip()
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, text, re.I)
    return match.span() if match else None


class OpenAITagger:
    """Asks the workspace's model, `LLM_UTTERANCES_PER_REQUEST` utterances a request, `LLM_CONCURRENCY` at a time."""

    name = "openai"

    def __init__(self, config: LLMConfig, profiles: list[TagProfile], *, fallback: OfflineTagger):
        self.config = config
        self.fallback = fallback
        self.by_name: dict[str, int] = {}
        for profile in profiles:
            self.by_name.setdefault(profile.path.casefold(), profile.id)
        for profile in profiles:  # a bare name works too when only one tag has it
            name = profile.path.rsplit(" > ", 1)[-1].casefold()
            if sum(1 for p in profiles if p.path.rsplit(" > ", 1)[-1].casefold() == name) == 1:
                self.by_name.setdefault(name, profile.id)
        self.response_format = _schema(sorted(p.path for p in profiles))
        codebook = "\n".join(f"- {p.path}" + (f": {p.description}" if p.description else "") for p in profiles)
        rubric = "\n".join(f"  {level}: {text}" for level, text in PAIN_RUBRIC.items())
        self.system = SYSTEM_PROMPT.format(rubric=rubric) + "\n\nCodebook:\n" + (codebook or "(empty)")
        self.client = config.client()

    def suggest(self, units: list[Unit]) -> Tagged:
        chunks = [units[i : i + LLM_UTTERANCES_PER_REQUEST] for i in range(0, len(units), LLM_UTTERANCES_PER_REQUEST)]
        stats = Counter(units=len(units))
        proposals = []
        with ThreadPoolExecutor(max_workers=LLM_CONCURRENCY, thread_name_prefix="parley-autotag") as pool:
            futures = [pool.submit(self._ask, chunk) for chunk in chunks]
            for chunk, future in zip(chunks, futures, strict=True):
                try:
                    # The client's own timeout ends a call; this guard also ends slow-drip answers.
                    found, dropped = future.result(timeout=2 * self.config.timeout + 1)
                    stats["llm_requests"] += 1
                    stats["dropped"] += dropped
                except (LLMBatchError, FutureTimeout) as error:
                    logger.warning("auto-tagging: a request for %s utterances fell back to offline: %s", len(chunk),
                                   error or "timeout")  # fmt: skip
                    stats["fallback_requests"] += 1
                    found = self.fallback.suggest(chunk).proposals
                proposals.extend(found)
        return Tagged(proposals, stats)

    def messages(self, units: list[Unit]) -> list[dict]:
        lines = [f"[utterance_id={u.id}] {' '.join(u.text.split())[:LLM_MAX_UTTERANCE_CHARS]}" for u in units]
        user = "Participant utterances:\n" + "\n".join(lines)
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]

    def _ask(self, units: list[Unit]) -> tuple[list[Proposal], int]:
        try:
            completion = self.client.chat.completions.create(
                model=self.config.model, messages=self.messages(units), response_format=self.response_format
            )
        except openai.APIStatusError as err:
            raise LLMBatchError(f"the model endpoint answered HTTP {err.status_code}") from None
        except openai.APITimeoutError:
            raise LLMBatchError(f"no answer within {self.config.timeout:g} s") from None
        except openai.APIConnectionError:
            raise LLMBatchError("could not connect to the model endpoint") from None
        except outbound.OutboundError as err:  # a refused address, a reply too large or too slow
            raise LLMBatchError(str(err)) from None
        except Exception as err:
            raise LLMBatchError(f"the OpenAI client failed: {type(err).__name__}") from None
        try:
            choice = completion.choices[0]
            if getattr(choice.message, "refusal", None) or choice.finish_reason == "length":
                raise LLMBatchError("the model refused or was cut off")
            payload = json.loads(choice.message.content or "")
            items = payload["suggestions"]
            if not isinstance(items, list):
                raise TypeError
        except LLMBatchError:
            raise
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            raise LLMBatchError("the model's reply is not the JSON asked for") from None
        return self.validate(items, units)

    def validate(self, items: list, units: list[Unit]) -> tuple[list[Proposal], int]:
        """Usable proposals from the model's items; an item with a quote not in its utterance is dropped."""
        by_id = {u.id: u for u in units}
        proposals, dropped, seen = [], 0, set()
        for item in items:
            unit = by_id.get(item.get("utterance_id")) if isinstance(item, dict) else None
            span = find_quote(unit.text, str(item.get("quote", ""))) if unit else None
            if span is None or (unit.id, *span) in seen:
                dropped += 1
                continue
            tag_ids, new_names = [], []
            for name in [*_strings(item.get("tags")), *_strings(item.get("new_tags"))]:
                tag_id = self.by_name.get(" ".join(name.split()).casefold())
                if tag_id is not None:
                    tag_ids.append(tag_id) if tag_id not in tag_ids else None
                    continue
                try:
                    cleaned = clean_name(name)
                except ValidationError:
                    continue
                if cleaned.casefold() not in (n.casefold() for n in new_names) and len(new_names) < 2:
                    new_names.append(cleaned)
            pain = item.get("pain")
            pain = pain if isinstance(pain, int) and not isinstance(pain, bool) and 1 <= pain <= 5 else None
            if not tag_ids and not new_names and pain is None:
                dropped += 1
                continue
            seen.add((unit.id, *span))
            reason = " ".join(str(item.get("reason") or "").split()) or "Suggested by the model."
            confidence = item.get("confidence")
            confidence = (
                float(confidence) if isinstance(confidence, int | float) and not isinstance(confidence, bool) else 0.5
            )
            proposals.append(
                Proposal(
                    utterance_id=unit.id,
                    start=span[0],
                    end=span[1],
                    tag_ids=tag_ids[:MAX_TAGS_PER_PROPOSAL],
                    new_tag_names=new_names,
                    pain=pain,
                    reason=reason[:REASON_MAX_LENGTH],
                    score=round(min(1.0, max(0.0, confidence)), 4),
                )
            )
        return proposals, dropped


def _strings(value) -> list[str]:
    return [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []
