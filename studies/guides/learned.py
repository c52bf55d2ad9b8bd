"""A second reader for the guide linter: per-code classifiers learned from the labelled development questions.

The rules in lint.py name what is wrong and where; on questions by authors they were not written against they missed
a quarter to a third of the leading, hypothetical and jargon questions, put in words no rule knew. This module learns
each of `CODES` from every development set in `training/` (about 2,000 questions by seven authors, B2B and consumer):
a logistic regression over word 1-3-grams and character 2-5-grams, one per code. `lint_guide` (what researchers see
while writing a guide) adds a code the rules did not raise when its model is at least `CONFIDENT` sure, as an issue
over the whole question with the code's usual advice. Double-barrelled and yes/no questions are left to the rules
(their learned readers cost more precision than they gained recall), and so is jargon: its model added nothing on
the held-out set and flagged the linter's own rewrite "Tell me about your experience with onboarding.", since the
sets disagree on whether "onboarding" is the participant's word.

Held-out sets (tests/studies/guides/data/) are never read here. The models are trained (a few seconds) once per
machine and kept on disk (config/trained.py); web processes load them at start. They are deterministic.
"""

import json
from pathlib import Path

from config.trained import Trained

TRAINING_DIR = Path(__file__).parent / "training"
CODES = ("survey_speak", "leading", "hypothetical")
# A flag the rules did not raise costs the researcher a look: only when the model is this sure.
CONFIDENT = 0.8


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
        self.by_code = {
            code: LogisticRegression(C=10, max_iter=3000, class_weight="balanced").fit(
                features, [code in codes for _, codes in questions]
            )
            for code in CODES
        }

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
    """The codes the learned models give `text`, each with its probability, when at least `CONFIDENT`."""
    return learned_codes_of([text], models)[0]


def learned_codes_of(texts: list[str], models: _Models | None = None) -> list[dict[str, float]]:
    """`learned_codes` for many texts at once (a guide's questions): one pass through the models."""
    if not texts:
        return []
    models = models or MODELS.get()
    return [{code: p for code, p in found.items() if p >= CONFIDENT} for found in models.probabilities(texts)]
