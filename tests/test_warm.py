"""config/warm.py: a process about to serve has its URLconfs and learned models loaded, and what it loaded is out of
the garbage collector's full collections."""

import gc

from config import warm
from interviews.interviewer.learned import MODEL
from studies.guides.learned import MODELS


def test_a_ready_process_has_its_models_loaded_and_frozen_out_of_full_collections():
    gc.unfreeze()
    try:
        warm.ready()
        assert MODEL._value is not None and MODELS._value is not None
        # What a full collection walks: only what was made after the process got ready.
        assert gc.get_freeze_count() > 100_000
        assert len(gc.get_objects()) < gc.get_freeze_count() / 10
    finally:
        gc.unfreeze()  # the test process's objects go back to the collector
