"""The LLM base URL goes through the outbound policy: refused with the reason when saved, and at connect time the
OpenAI client (interviewer and synthesis alike) never reaches a refused address; the participant still gets a turn."""

import pytest
from django_tenants.utils import schema_context

from interviews.interviewer import next_turn
from interviews.interviewer.config import LLMConfig
from interviews.models import LLMSettings
from synthesis.llm import LLMError, ask_json, chat
from tests.interviews.interviewer.test_openai import make_state


@pytest.fixture
def nothing_allowed(settings):
    settings.PARLEY_OUTBOUND_ALLOW = []
    settings.OPENAI_BASE_URL = ""


@pytest.mark.parametrize(
    ("base_url", "reason"),
    [("http://127.0.0.1:8080/v1", "loopback"), ("http://169.254.169.254/v1", "link-local"),
     ("http://localhost:11434/v1", "loopback"), ("http://[::1]:8000/v1", "loopback")],
)  # fmt: skip
def test_the_settings_page_refuses_an_internal_base_url(client_for, world, nothing_allowed, base_url, reason):
    response = client_for(world.owner).post(
        "/settings/interviewer/", {"backend": "openai", "base_url": base_url, "model": "m", "api_key": "sk-1"}
    )
    assert response.status_code == 400 and reason in response.text and "PARLEY_OUTBOUND_ALLOW" in response.text
    with schema_context(world.acme.schema_name):
        assert not LLMSettings.objects.exists()


def test_an_allow_listed_model_server_may_be_saved(client_for, world, settings):
    settings.PARLEY_OUTBOUND_ALLOW = ["127.0.0.1:8080"]
    response = client_for(world.owner).post(
        "/settings/interviewer/",
        {"backend": "openai", "base_url": "http://127.0.0.1:8080/v1", "model": "m", "api_key": "sk-1"},
    )
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        assert LLMSettings.objects.get().base_url == "http://127.0.0.1:8080/v1"


def test_the_interviewer_never_reaches_a_refused_address_and_offline_answers(llm_server, nothing_allowed):
    config = LLMConfig(base_url=llm_server.base_url, api_key="k", model="m", timeout=2)
    turn = next_turn(make_state(), config)
    assert llm_server.requests == []
    assert turn.backend == "offline" and turn.meta["fallback_kind"] == "refused"
    assert "loopback" in turn.fallback_error


def test_synthesis_calls_are_refused_the_same_way(llm_server, nothing_allowed):
    config = LLMConfig(base_url=llm_server.base_url, api_key="k", model="m", timeout=2)
    with pytest.raises(LLMError, match="loopback"):
        ask_json(config, messages=chat("system", "user"), name="x", schema={"type": "object"})
    assert llm_server.requests == []


def test_the_allow_list_lets_the_model_server_answer(llm_server):
    config = LLMConfig(base_url=llm_server.base_url, api_key="k", model="m", timeout=2)
    turn = next_turn(make_state(), config)
    assert turn.backend == "openai" and len(llm_server.requests) == 1


def test_a_client_is_kept_per_workspace_endpoint_and_allow_list(world, llm_server, settings):
    """Building an OpenAI client costs a model turn 10-20 ms, so each process keeps one; a workspace never gets
    another's, and a narrower allow list gets a new one that checks the address again."""
    config = LLMConfig(base_url=llm_server.base_url, api_key="k", model="m", timeout=2)
    with schema_context(world.acme.schema_name):
        kept = config.client()
        assert config.client() is kept
        assert next_turn(make_state(), config).backend == "openai"
    with schema_context(world.globex.schema_name):
        assert config.client() is not kept
    settings.PARLEY_OUTBOUND_ALLOW = []
    with schema_context(world.acme.schema_name):
        assert config.client() is not kept
        assert next_turn(make_state(), config).meta["fallback_kind"] == "refused"
    assert len(llm_server.requests) == 1
