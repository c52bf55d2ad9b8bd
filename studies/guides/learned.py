"""A second reader for the guide linter: per-code classifiers learned from the labelled development questions.

The rules in lint.py name what is wrong and where; on questions by authors they were not written against they missed
a quarter to a third of the leading, double-barrelled, hypothetical and jargon questions, put in words no rule knew.
This module learns each of `CODES` from every development set in `training/` (some 11,700 questions by 36 authors,
B2B and consumer): a logistic regression over word 1-3-grams and character 2-5-grams, one per code. `lint_guide`
(what researchers see while writing a guide) adds a code the rules did not raise when its model is at least as sure
as the code's threshold in `CONFIDENT`, as an issue with the code's usual advice: over the whole question, or for
jargon over the words that weigh most for it.

The thresholds were chosen leaving one author out on the three sets no rule was written against (blind6-8), models
trained on every other set (precision/recall, rules alone -> with the models): leading 0.96/0.78 -> 0.93/0.90,
double_barrelled 0.86/0.73 -> 0.82/0.84, yes_no_opener 0.98/0.94 -> 0.97/0.96, hypothetical 0.97/0.87 ->
0.96/0.94, jargon 0.89/0.74 -> 0.90/0.86, survey_speak 1.00/0.98 -> 0.99/1.00.

Held-out sets (tests/studies/guides/data/) are never read here. The models are trained (a few seconds) once per
machine and kept on disk (config/trained.py); web processes load them at start. They are deterministic.
"""

import json
import re
from collections import Counter
from pathlib import Path

from config.trained import Trained
from studies.guides.issues import LintIssue
from studies.guides.patterns import DOUBLE, HYPOTHETICAL, LEADING, STORY, SURVEY, YES_NO

TRAINING_DIR = Path(__file__).parent / "training"
CODES = ("survey_speak", "leading", "double_barrelled", "yes_no_opener", "hypothetical", "jargon")
# A flag the rules did not raise costs the researcher a look: only when the model is this sure (see above). Leading
# and jargon went from 0.6 and 0.7 to 0.65 and 0.75 once blind20 was in the training: no development set loses a
# right flag, "Do you like it?" (0.62) is no longer read as leading nor "the cloth you're using" (0.73) as jargon.
# Leading 0.72 since blind46 joined the training: it read "How often do you have nightmares after a night shift?" as
# leading at 0.71 (no development set loses a right flag; one false alarm goes; blind47's figures are unchanged); 0.75
# since blind47 joined it, which read the same question at 0.74 (no development flag and none of blind48's changes).
CONFIDENT = {
    "survey_speak": 0.8, "leading": 0.75, "double_barrelled": 0.8, "yes_no_opener": 0.8, "hypothetical": 0.7,
    "jargon": 0.75,
}  # fmt: skip


def training_questions(directory: Path = TRAINING_DIR) -> list[tuple[str, set[str]]]:
    """Every labelled question of the development sets, with its codes."""
    return [
        (row["text"], set(row["codes"]))
        for path in sorted(directory.glob("questions*.json"))
        for row in json.loads(path.read_text())["questions"]
    ]


class _Models:
    def __init__(self, questions: list[tuple[str, set[str]]]):
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self._stack = sparse.hstack
        self.words = TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
        texts = [text for text, _ in questions]
        features = self._stack([self.words.fit_transform(texts), self.chars.fit_transform(texts)]).tocsr()
        # Words that two or more questions use without being labelled jargon ("project", "onboarding calls"): the
        # participants' words, never named as jargon whatever their weight ("Project Harbour" taught it "project").
        analyse, used = self.words.build_analyzer(), Counter()
        for text, codes in questions:
            if "jargon" not in codes:
                used.update(set(analyse(text)))
        self.everyday = frozenset(gram for gram, count in used.items() if count >= 2)
        self.by_code = {
            code: LogisticRegression(C=10, max_iter=3000, class_weight="balanced").fit(
                features, [code in codes for _, codes in questions]
            )
            for code in CODES
        }

    def weightiest(self, text: str, code: str, ignore: frozenset[str]) -> str:
        """The word n-gram of `text` that counts most towards `code`, ignoring n-grams of stop words only, everyday
        n-grams and those with a word in `ignore`."""
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        row = self.words.transform([text]).tocoo()
        weights = self.by_code[code].coef_[0][: len(self.words.vocabulary_)]
        names = self.words.get_feature_names_out()
        scored = [
            (value * weights[column], names[column])
            for column, value in zip(row.col, row.data, strict=True)
            if not set(names[column].split()) <= ENGLISH_STOP_WORDS
            and not set(names[column].split()) & ignore
            and names[column] not in self.everyday
        ]
        return max(scored)[1] if scored and max(scored)[0] > 0 else ""

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        features = self._stack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()
        by_code = {code: model.predict_proba(features)[:, 1] for code, model in self.by_code.items()}
        return [{code: float(p[i]) for code, p in by_code.items()} for i in range(len(texts))]


def train(questions: list[tuple[str, set[str]]]) -> _Models:
    """Models learned from `questions` (tests train without one author to measure them on that author)."""
    return _Models(questions)


MODELS = Trained(
    "linter",
    lambda: list(TRAINING_DIR.glob("questions*.json")),
    lambda: train(training_questions()),
    code=Path(__file__),
)


def learned_codes(text: str, models: _Models | None = None) -> dict[str, float]:
    """The codes the learned models give `text`, each with its probability, when at least as sure as `CONFIDENT`."""
    return learned_codes_of([text], models)[0]


def learned_codes_of(texts: list[str], models: _Models | None = None) -> list[dict[str, float]]:
    """`learned_codes` for many texts at once (a guide's questions): one pass through the models."""
    if not texts:
        return []
    models = models or MODELS.get()
    return [{code: p for code, p in found.items() if p >= CONFIDENT[code]} for found in models.probabilities(texts)]


def weightiest_words(text: str, code: str, *, ignore: frozenset[str] = frozenset(), models: _Models | None = None):
    """The words of `text` (a word n-gram, lowercased) that weigh most for `code`, or "" when none weighs for it;
    n-grams with a word in `ignore` are passed over."""
    return (models or MODELS.get()).weightiest(text, code, ignore)


# What a learned flag says: no rule names the words, so the advice is the code's own, for the whole question.
LEARNED_MESSAGES = {
    "survey_speak": SURVEY,
    "leading": LEADING.format(why="it reads like the questions researchers flag as suggesting an answer"),
    "double_barrelled": DOUBLE,
    "yes_no_opener": YES_NO,
    "hypothetical": HYPOTHETICAL,
    "jargon": (
        "Jargon: {term} reads like our word, not the participant's (like the terms researchers flag). Say what it"
        " means in the words they would use, e.g. “the first week with us” rather than the name we give it."
    ),
}
# What to do instead, per code: the rules' own advice for the same fault.
LEARNED_SUGGESTIONS = {
    "survey_speak": STORY,
    "leading": 'Ask it neutrally: "What was that like?" or "Tell me about the last time …"',
    "double_barrelled": "Ask one thing at a time: split it into two questions, one for each thing.",
    "yes_no_opener": 'Open it up: start with "What", "How" or "Tell me about …" so they tell you what happened.',
    "hypothetical": 'Ask about what they did: "Tell me about the last time you …"',
    "jargon": "Say it in the participant's words.",
}


def learned_issue(text: str, code: str, *, ignore: frozenset[str] = frozenset()) -> LintIssue | None:
    """A flag of the learned models: over the whole question, or for jargon over the words that weigh most for it,
    passing over the words in `ignore` (none when only those weigh, as in "Tell me about your experience with the
    checkout.")."""
    if code != "jargon":
        return LintIssue(code, LEARNED_MESSAGES[code], LEARNED_SUGGESTIONS[code], 0, len(text))
    words = weightiest_words(text, code, ignore=ignore)
    # The n-grams leave out one-letter words: "run full phonosemantic" is "run a full phonosemantic" in the question.
    between = r"\W+(?:\w\W+)*"
    if not (m := re.search(between.join(map(re.escape, words.split())), text, re.I) if words else None):
        return None
    message = LEARNED_MESSAGES[code].format(term=f"“{m.group()}”")
    return LintIssue(code, message, LEARNED_SUGGESTIONS[code], *m.span())
