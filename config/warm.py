"""Getting a web or worker process ready to serve: everything it will need loaded, then set aside from the garbage
collector.

A process holds about 280,000 objects once Django, every URLconf and view, and the learned models are loaded, and
they live as long as the process. Python's full garbage collection walks every tracked object each time it runs,
which a page that builds many objects (the charts of 10,000 highlights, a 200-quote insight) sets off every few
requests: each run took 140-160 ms on the bench's machine, the p95 of those pages and of the interview turns.
`gc.freeze()` moves what is alive once the process is loaded into a generation the collector skips, so a full
collection walks only what requests have made since: 10-25 ms (measured by bench/synthesis_pages.py's pages; see
docs/operations.md). Objects frozen are still freed when nothing refers to them; only cycles among them, which a
loaded process does not make, would stay.
"""

import gc
import threading

from django.conf import settings
from django.urls import get_resolver


def ready() -> None:
    """Load what every request may need (the URLconfs and their views, the interviewer's and the linter's learned
    models, built first if this machine has none), collect what loading left behind, then freeze the rest."""
    from interviews.interviewer.learned import MODEL
    from studies.guides.learned import MODELS

    for urlconf in (settings.ROOT_URLCONF, settings.PUBLIC_SCHEMA_URLCONF):
        get_resolver(urlconf).reverse_dict  # noqa: B018 (imports every view, builds what the first request would)
    MODEL.get()
    MODELS.get()
    gc.collect()
    gc.freeze()


def ready_in_background() -> None:
    """`ready()` on a thread of its own, for a web process (wsgi.py, asgi.py): the first requests are served while
    the models load, and a participant's turn does not wait for them."""
    threading.Thread(target=ready, name="warm", daemon=True).start()
