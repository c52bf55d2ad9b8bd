"""The workspace's interviewer: which backend answers its async interviews (read for every turn), and saving it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from config.crypto import decrypt, encrypt
from interviews import public_cache
from interviews.interviewer.config import LLMConfig
from interviews.models import LLMBackend, LLMSettings
from studies.audit.services import audit_record
from workspaces.models import User


def llm_config() -> LLMConfig | None:
    """The workspace's interviewer backend; None means the offline interviewer. Read on every turn and chat page:
    kept in the cache until the settings are saved (interviews.public_cache)."""
    saved = public_cache.cached("interviewer", "settings", _saved_settings)
    if saved.pk is not None:
        if saved.backend != LLMBackend.OPENAI:
            return None
        key = decrypt(saved.api_key_encrypted)
        return LLMConfig(
            base_url=saved.base_url or None, api_key=key, model=saved.model or settings.PARLEY_LLM_MODEL,
            timeout=settings.PARLEY_LLM_TIMEOUT,
        ) if key else None  # fmt: skip
    if settings.OPENAI_API_KEY:
        return LLMConfig(
            base_url=settings.OPENAI_BASE_URL or None, api_key=settings.OPENAI_API_KEY,
            model=settings.PARLEY_LLM_MODEL, timeout=settings.PARLEY_LLM_TIMEOUT,
        )  # fmt: skip
    return None


def _saved_settings() -> LLMSettings:
    """The workspace's saved settings, or unsaved defaults when it has none (then the server's own apply)."""
    return LLMSettings.objects.filter(pk=1).first() or LLMSettings()


@transaction.atomic
def llm_settings_save(
    *, backend: str, base_url: str, model: str, api_key: str | None, actor: User | None
) -> LLMSettings:
    """Save the workspace's interviewer; `api_key=None` keeps the stored key, "" removes it."""
    saved = LLMSettings.objects.select_for_update().filter(pk=1).first() or LLMSettings(pk=1)
    saved.backend, saved.base_url, saved.model = backend, base_url.strip(), model.strip()
    if api_key is not None:
        saved.api_key_encrypted = encrypt(api_key.strip())
    if saved.backend == LLMBackend.OPENAI and not saved.api_key_encrypted:
        raise ValidationError({"api_key": "The OpenAI-compatible backend needs an API key."})
    saved.full_clean()
    saved.save()
    changed = ["backend", "base_url", "model"] + (["api_key"] if api_key is not None else [])
    audit_record(actor=actor, action="interviewer_settings.changed", obj=saved, detail={"fields": changed})
    return saved
