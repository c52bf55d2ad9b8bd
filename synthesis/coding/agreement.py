"""Agreement between two raters on an ordinal scale (a person and the AI scoring pain 1-5): weighted Cohen's kappa."""

from collections.abc import Iterable, Sequence
from fractions import Fraction

WEIGHTS = ("linear", "quadratic")


def weighted_kappa(
    pairs: Sequence[tuple[int, int]], categories: Iterable[int] = range(1, 6), weights: str = "quadratic"
) -> float | None:
    """Cohen's kappa for `pairs` of (rater A, rater B) scores, disagreements weighted by their distance on the scale.

    None when it is undefined: fewer than two pairs, or no variance (chance alone would agree perfectly)."""
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}, not {weights!r}")
    categories = list(categories)
    position = {category: i for i, category in enumerate(categories)}
    k = len(categories)
    if len(pairs) < 2 or k < 2:
        return None
    observed = [[0] * k for _ in range(k)]
    for a, b in pairs:
        if a not in position or b not in position:
            raise ValueError(f"({a!r}, {b!r}) is off the scale {categories}")
        observed[position[a]][position[b]] += 1
    n = len(pairs)
    rows = [sum(observed[i]) for i in range(k)]
    columns = [sum(observed[i][j] for i in range(k)) for j in range(k)]

    def weight(i: int, j: int) -> Fraction:
        distance = Fraction(abs(i - j), k - 1)
        return distance if weights == "linear" else distance * distance

    # Exact fractions: a hand-computed example in the tests comes out exactly, not to 15 digits.
    disagreement = sum(weight(i, j) * observed[i][j] for i in range(k) for j in range(k)) / n
    by_chance = sum(weight(i, j) * rows[i] * columns[j] for i in range(k) for j in range(k)) / (n * n)
    if by_chance == 0:
        return None
    return float(1 - disagreement / by_chance)
