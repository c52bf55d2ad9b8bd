"""Leave-one-author-out models, trained side by side.

The interviewer's and the linter's honest figures train their learned models once per author, on every other
author's set: about fifty trainings of 20-40 s each per reader. One after another, each spread over the two cores
through OpenBLAS's threads, which made it slower, not faster (41.5 s against 36.6 s with one thread, the L-BFGS-B
step being most of it). Here they run in one spawned process per core, each with one BLAS thread (spawned, not
forked: the test process has threads and open connections a fork would copy). Each fold is trained exactly as
before, so the figures are the same, and each test module asks for them once (a module fixture), not once per test.
"""

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import django
from threadpoolctl import threadpool_limits


def trained_without_each[Row, Model](train: Callable[[list[Row]], Model], authors: dict[str, list[Row]]) -> dict:
    """{author: train(every other author's rows)} for each author, the rows in the authors' order."""
    folds = [[row for other, rows in authors.items() if other != left_out for row in rows] for left_out in authors]
    with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=get_context("spawn"), initializer=_start) as pool:
        return dict(zip(authors, pool.map(train, folds), strict=True))


def _start() -> None:
    django.setup()
    threadpool_limits(1)
