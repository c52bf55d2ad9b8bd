"""Clustering quotes into candidate themes: TF-IDF, then Ward agglomerative clustering (or k-means when large).

A theme gets a label from its most distinctive words (and the tag most of its quotes carry, when they are coded),
its size, and the quotes closest to its centre as representatives. The result depends only on the texts and their
order (fixed random seeds), so a resumed job finds the same themes again.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from synthesis.jobs.autotag import analyse, words

# Ward linkage keeps an n x n distance matrix: above this many quotes k-means takes over (see bench/synthesis_jobs.py).
AGGLOMERATIVE_MAX = 3000
SVD_DIMENSIONS = 100
MAX_THEMES = 40
REPRESENTATIVES = 3
SILHOUETTE_SAMPLE = 2000
SILHOUETTE_TOLERANCE = 0.15
LABEL_TERMS = 3
TAG_LABEL_SHARE = 0.5  # a theme is named after a tag when at least half its quotes carry it


@dataclass
class Cluster:
    """Indices into the clustered texts: every member, and the representatives closest to the centre first."""

    members: list[int]
    label: str
    representatives: list[int]


def _vectors(texts: list[str]):
    n = len(texts)
    vectorizer = TfidfVectorizer(
        analyzer=analyse, sublinear_tf=True, min_df=2 if n >= 50 else 1, max_df=0.5 if n >= 50 else 1.0,
        dtype=np.float32,
    )  # fmt: skip
    try:
        tfidf = vectorizer.fit_transform(texts)
    except ValueError:  # no word survives (stop words only, or min_df): everything in one theme
        return None, None, None
    if n > AGGLOMERATIVE_MAX:
        points = normalize(tfidf)  # k-means works on the sparse rows: cheaper than reducing them first
    elif tfidf.shape[1] > SVD_DIMENSIONS * 2 and n > SVD_DIMENSIONS * 2:
        # Ward needs dense points: a few hundred dimensions keep the distances and the memory small.
        points = normalize(TruncatedSVD(n_components=SVD_DIMENSIONS, random_state=0).fit_transform(tfidf))
    else:
        points = normalize(tfidf.toarray())
    return tfidf, points, vectorizer.get_feature_names_out()


def _candidate_counts(n: int, wanted: int | None) -> list[int]:
    if wanted:
        return [max(1, min(wanted, n))]
    if n <= AGGLOMERATIVE_MAX:
        return list(range(2, min(15, n - 1) + 1))
    return [k for k in (8, 12, 16, 20, 25, 30, MAX_THEMES) if k < min(n, SILHOUETTE_SAMPLE)]


def _best(labelings: list[np.ndarray], points) -> int:
    """Which labelling to keep: the fewest themes whose silhouette (cosine) is within `SILHOUETTE_TOLERANCE` of
    the best one's.

    Short quotes give flat silhouette curves, and the top often sits on many small, near-duplicate themes: a
    researcher reads fewer, larger themes more easily. `labelings` come in increasing numbers of themes."""
    scored = []
    for index, labels in enumerate(labelings):
        if 2 <= len(set(labels.tolist())) < len(labels):
            scored.append((silhouette_score(points, labels, metric="cosine"), index))
    if len(scored) < 2:
        return scored[0][1] if scored else 0
    top = max(score for score, _ in scored)
    return next(index for score, index in scored if score >= top - SILHOUETTE_TOLERANCE * abs(top))


def _assign(points, wanted: int | None) -> np.ndarray:
    n = points.shape[0]
    counts = _candidate_counts(n, wanted)
    if n <= AGGLOMERATIVE_MAX:
        tree = linkage(points, method="ward")
        labelings = [fcluster(tree, t=k, criterion="maxclust") for k in counts]
        return labelings[_best(labelings, points)]
    # Many quotes: choose the number of themes on a fixed sample, then cluster everything once.
    k = counts[0]
    if len(counts) > 1:
        sample = points[np.random.default_rng(0).choice(n, SILHOUETTE_SAMPLE, replace=False)]
        labelings = [MiniBatchKMeans(n_clusters=c, random_state=0, n_init=1).fit_predict(sample) for c in counts]
        k = counts[_best(labelings, sample)]
    return MiniBatchKMeans(n_clusters=k, random_state=0, n_init=3, batch_size=2048).fit_predict(points)


def _surface_forms(texts: list[str]) -> dict[str, str]:
    """The most common spelling of each stem, to write labels in the participants' words."""
    seen = defaultdict(Counter)
    for text in texts:
        for stem, surface in words(text):
            seen[stem][surface.lower()] += 1
    return {stem: counts.most_common(1)[0][0] for stem, counts in seen.items()}


def _label(scores: np.ndarray, features, surface: dict[str, str]) -> str:
    chosen, used = [], set()
    for index in np.argsort(-scores)[:50]:
        if scores[index] <= 0 or len(chosen) == LABEL_TERMS:
            break
        stems = str(features[index]).split(" ")
        if used & set(stems):
            continue
        used.update(stems)
        chosen.append(" ".join(surface.get(stem, stem) for stem in stems))
    return ", ".join(chosen)


def cluster_texts(
    texts: list[str], *, n_themes: int | None = None, tags: list[list[str]] | None = None
) -> list[Cluster]:
    """Group `texts` into themes, largest first; `tags` (per text, optional) name a theme after its common tag."""
    n = len(texts)
    if n == 0:
        return []
    tfidf, points, features = _vectors(texts) if n >= 3 else (None, None, None)
    labels = np.ones(n, dtype=np.int64) if points is None else _assign(points, n_themes)
    surface = _surface_forms(texts) if features is not None else {}
    overall = np.asarray(tfidf.mean(axis=0)).ravel() if tfidf is not None else None
    clusters = []
    for value in np.unique(labels):
        members = np.flatnonzero(labels == value)
        if points is not None:
            centre = np.asarray(points[members].mean(axis=0)).ravel()
            closeness = np.asarray(points[members] @ centre).ravel()
            representatives = members[np.argsort(-closeness, kind="stable")[:REPRESENTATIVES]].tolist()
            inside = np.asarray(tfidf[members].mean(axis=0)).ravel()
            label = _label(inside - overall, features, surface)
        else:
            representatives, label = members[:REPRESENTATIVES].tolist(), ""
        if tags is not None:
            common = Counter(tag for i in members for tag in set(tags[i])).most_common(1)
            if common and common[0][1] >= TAG_LABEL_SHARE * len(members):
                label = f"{common[0][0]}: {label}" if label else common[0][0]
        clusters.append(
            Cluster(members=members.tolist(), label=label or "Miscellaneous", representatives=representatives)
        )
    clusters.sort(key=lambda c: (-len(c.members), c.members[0]))
    return clusters
