"""The offline summary, extractive: it writes nothing of its own. Key points are the interview's (or round's, or
study's) most central sentences by TF-IDF (a sentence that shares words with many others says what many said),
weighted up by the pain of the highlight covering them and chosen to cover the tags the highlights carry, never two
near-duplicates; the strongest quotes are the most painful highlights (else the next most central sentences).
Every point is a participant's own sentence, cited to its utterance (and highlight)."""

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from synthesis.summaries.selectors import Material, Sentence

POINTS = 5
QUOTES = 3
DUPLICATE = 0.6  # cosine similarity above which a sentence repeats a chosen point
PAIN_WEIGHT = 0.15  # per pain level
NEW_TAG_BONUS = 1.0  # a sentence coded with a tag no point covers yet: every theme coded gets a say


def _citations(sentence: Sentence, highlight_texts: dict[int, str]) -> list[dict]:
    """The sentence's utterance, and the first highlight overlapping it (its own words)."""
    cites = [
        {
            "kind": "utterance",
            "id": sentence.utterance_id,
            "quote": sentence.text,
            "transcript_id": sentence.transcript_id,
        }
    ]
    return cites + [
        {"kind": "highlight", "id": h, "quote": highlight_texts[h], "transcript_id": sentence.transcript_id}
        for h in sentence.highlight_ids[:1]
    ]


def centrality(texts: list[str], stop_words) -> tuple[np.ndarray, np.ndarray]:
    """Each text's mean cosine similarity to the others, and the similarity matrix."""
    if len(texts) == 1:
        return np.ones(1), np.ones((1, 1))
    try:
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words=stop_words, min_df=1).fit_transform(texts)
    except ValueError:  # only stop words
        return np.zeros(len(texts)), np.eye(len(texts))
    similarity = (matrix @ matrix.T).toarray()
    np.fill_diagonal(similarity, 0)
    return similarity.sum(axis=1) / (len(texts) - 1), similarity


def _scores(sentences: list[Sentence], language: str) -> tuple[np.ndarray, np.ndarray]:
    central, similarity = centrality([s.text for s in sentences], "english" if language == "english" else None)
    return central / (central.max() or 1) + np.array([PAIN_WEIGHT * s.pain for s in sentences]), similarity


def order(material: Material, *, language: str = "english") -> list[int]:
    """The sentences' indices, most central (and painful) first: what a model is shown first."""
    if not material.sentences:
        return []
    return [int(i) for i in np.argsort(-_scores(material.sentences, language)[0], kind="stable")]


def summarise(material: Material, *, language: str = "english") -> dict:
    """The content of an extractive summary: points with citations and the strongest quotes."""
    sentences = material.sentences
    if not sentences:
        return {"points": [], "quotes": [], "read": {"answers": 0, "sentences": 0, "highlights": 0}}
    base, similarity = _scores(sentences, language)
    chosen: list[int] = []
    covered: set[str] = set()
    while len(chosen) < min(POINTS, len(sentences)):
        best, best_score = None, -1.0
        for i, sentence in enumerate(sentences):
            if i in chosen or (chosen and similarity[i, chosen].max() > DUPLICATE):
                continue
            score = base[i] + (NEW_TAG_BONUS if sentence.tags - covered else 0)
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        chosen.append(best)
        covered |= sentences[best].tags
    texts = {h["id"]: h["text"] for h in material.highlights}
    points = [
        {
            "text": sentences[i].text,
            "citations": _citations(sentences[i], texts),
            "tags": sorted(sentences[i].tags),
            "pain": sentences[i].pain or None,
        }
        for i in chosen
    ]
    painful = sorted(
        (h for h in material.highlights if h["pain"]), key=lambda h: (-h["pain"], -len(h["tags"]), h["id"])
    )
    quotes = [
        {
            "kind": "highlight",
            "id": h["id"],
            "quote": h["text"],
            "pain": h["pain"],
            "tags": h["tags"],
            "transcript_id": h["transcript_id"],
        }
        for h in painful[:QUOTES]
    ]
    if len(quotes) < QUOTES:
        rest = [i for i in np.argsort(-base) if i not in chosen][: QUOTES - len(quotes)]
        quotes += [
            {
                "kind": "utterance",
                "id": sentences[i].utterance_id,
                "quote": sentences[i].text,
                "pain": sentences[i].pain or None,
                "tags": sorted(sentences[i].tags),
                "transcript_id": sentences[i].transcript_id,
            }
            for i in rest
        ]
    read = {"answers": material.answers, "sentences": len(sentences), "highlights": len(material.highlights)}
    return {"points": points, "quotes": quotes, "read": read}
