"""The workspace's interviewer settings page: the key is stored encrypted, never shown back, per workspace."""

from django_tenants.utils import schema_context

from interviews.models import LLMSettings


def test_interviewer_settings_store_the_key_encrypted(client_for, world):
    client = client_for(world.owner)
    missing = client.post("/settings/interviewer/", {"backend": "openai", "model": "gpt-4o-mini"})
    assert missing.status_code == 400 and "needs an API key" in missing.text
    client.post("/settings/interviewer/", {"backend": "openai", "base_url": "http://127.0.0.1:8080/v1",
                                           "model": "local", "api_key": "sk-secret-123"})  # fmt: skip
    page = client.get("/settings/interviewer/")
    assert "sk-secret-123" not in page.text and "a key is stored" in page.text
    with schema_context(world.acme.schema_name):
        saved = LLMSettings.objects.get()
        assert "sk-secret-123" not in saved.api_key_encrypted
    with schema_context(world.globex.schema_name):
        assert not LLMSettings.objects.exists()
