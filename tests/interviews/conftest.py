import pytest

from tests.interviews.llm_server import FakeLLM


@pytest.fixture(scope="session")
def _llm_server_running():
    server = FakeLLM().start()
    yield server
    server.stop()


@pytest.fixture
def llm_server(_llm_server_running):
    """The local OpenAI-compatible server, in "good" mode with no requests recorded."""
    _llm_server_running.reset()
    yield _llm_server_running
    _llm_server_running.reset()
