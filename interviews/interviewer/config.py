"""How to reach the OpenAI-compatible model behind the interviewer; no config means the offline interviewer."""

import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

import openai
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from workspaces import outbound

DEFAULT_MODEL = "gpt-4o-mini"
# A participant is waiting for the next question: one attempt never gets more than this, retry included at most
# twice this (see openai_backend.py).
MAX_TIMEOUT = 15.0


_CLIENTS: OrderedDict[tuple, openai.OpenAI] = OrderedDict()
_CLIENTS_LOCK = threading.Lock()
CLIENTS_KEPT = 32


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
        (workspaces/outbound.py): a base URL on a private address is refused unless the operator allowed it.

        Kept in this process per workspace, endpoint and allow list: building one costs 10-20 ms (its TLS
        context), most of Parley's own time in a model turn, and a kept one reuses its open connections. The
        clients are thread-safe; a changed allow list gets a new one, which checks every address again."""
        key = (connection.schema_name, self, tuple(settings.PARLEY_OUTBOUND_ALLOW))
        with _CLIENTS_LOCK:
            if (kept := _CLIENTS.get(key)) is not None:
                _CLIENTS.move_to_end(key)
                return kept
        made = openai.OpenAI(
            base_url=self.base_url, api_key=self.api_key, timeout=self.timeout, max_retries=1,
            http_client=outbound.client(timeout=self.timeout, follow_redirects=True),
        )  # fmt: skip
        with _CLIENTS_LOCK:
            _CLIENTS[key] = made
            while len(_CLIENTS) > CLIENTS_KEPT:
                _CLIENTS.popitem(last=False)  # closed once no call holds it any more (workspaces/outbound.py)
        return made

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
