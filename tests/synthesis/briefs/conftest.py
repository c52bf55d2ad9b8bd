import pytest

from tests.interviews.llm_server import FakeLLM


@pytest.fixture(scope="module")
def _llm_running():
    server = FakeLLM(hang_seconds=5).start()
    yield server
    server.stop()


@pytest.fixture
def llm_server(_llm_running):
    _llm_running.reset()
    yield _llm_running
    _llm_running.reset()
