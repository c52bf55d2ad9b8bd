"""How to reach the OpenAI-compatible model behind the interviewer; no config means the offline interviewer."""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import openai
from django.core.exceptions import ImproperlyConfigured

from workspaces import outbound

DEFAULT_MODEL = "gpt-4o-mini"
# A participant is waiting for the next question: one attempt never gets more than this, retry included at most
# twice this (see openai_backend.py).
MAX_TIMEOUT = 15.0


@dataclass(frozen=True)
class LLMConfig:
    """An OpenAI-compatible endpoint: `base_url` None means api.openai.com; `timeout` is capped at 15 seconds."""

    base_url: str | None
    api_key: str = field(repr=False)  # never in logs or tracebacks
    model: str
    timeout: float = MAX_TIMEOUT

    def __post_init__(self):
        if not self.api_key:
            raise ValueError("LLMConfig needs an API key; use None for the offline interviewer.")
        timeout = float(self.timeout)
        if not timeout > 0:
            raise ValueError(f"LLMConfig timeout must be positive, not {self.timeout!r}.")
        object.__setattr__(self, "timeout", min(timeout, MAX_TIMEOUT))
        object.__setattr__(self, "base_url", self.base_url or None)
        object.__setattr__(self, "model", self.model or DEFAULT_MODEL)

    def client(self) -> openai.OpenAI:
        """The official client for this endpoint, with one retry, connecting only through the outbound policy
        (workspaces/outbound.py): a base URL on a private address is refused unless the operator allowed it."""
        return openai.OpenAI(
            base_url=self.base_url, api_key=self.api_key, timeout=self.timeout, max_retries=1,
            http_client=outbound.client(timeout=self.timeout, follow_redirects=True),
        )  # fmt: skip

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "LLMConfig | None":
        """Read OPENAI_API_KEY, OPENAI_BASE_URL, PARLEY_LLM_MODEL and PARLEY_LLM_TIMEOUT; None without a key."""
        env = os.environ if environ is None else environ
        api_key = env.get("OPENAI_API_KEY", "").strip()
        if not api_key:
            return None
        raw_timeout = env.get("PARLEY_LLM_TIMEOUT", "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else MAX_TIMEOUT
        except ValueError:
            raise ImproperlyConfigured(
                f"PARLEY_LLM_TIMEOUT must be a number of seconds, not {raw_timeout!r}."
            ) from None
        if not timeout > 0:
            raise ImproperlyConfigured(f"PARLEY_LLM_TIMEOUT must be positive, not {raw_timeout!r}.")
        return cls(
            base_url=env.get("OPENAI_BASE_URL", "").strip() or None,
            api_key=api_key,
            model=env.get("PARLEY_LLM_MODEL", "").strip() or DEFAULT_MODEL,
            timeout=timeout,
        )
