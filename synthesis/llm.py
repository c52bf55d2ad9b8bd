"""One strict-JSON request to the workspace's OpenAI-compatible model, shared by synthesis's capabilities (validation
questions and verdicts, the host's brief): the official client with the short timeout and one retry, and a
wall-clock guard; any failure is an `LLMError` and the caller uses its offline backend instead."""

import json
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import openai

from interviews.interviewer.config import LLMConfig
from workspaces import outbound


class LLMError(Exception):
    pass


def chat(system: str, user: str) -> list[dict]:
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def response_format(name: str, schema: dict) -> dict:
    return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}}


def ask_json(config: LLMConfig, *, messages: list[dict], name: str, schema: dict, usage: dict | None = None) -> dict:
    """The model's JSON reply; LLMError on an HTTP error, a timeout, a refusal or a reply that is not JSON. A given
    `usage` dict receives the call's token counts (`tokens_in`, `tokens_out`) when the endpoint reports them."""
    client = config.client()

    def call():
        return client.chat.completions.create(
            model=config.model,
            messages=messages,
            response_format=response_format(name, schema),
        )

    # The client's own timeout ends a call; the guard also ends slow-drip answers.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-llm")
    try:
        completion = pool.submit(call).result(timeout=2 * config.timeout + 1)
    except FutureTimeout:
        raise LLMError(f"no answer within {config.timeout:g} s") from None
    except openai.APIStatusError as err:
        raise LLMError(f"the model endpoint answered HTTP {err.status_code}") from None
    except openai.APITimeoutError:
        raise LLMError(f"no answer within {config.timeout:g} s") from None
    except openai.APIConnectionError:
        raise LLMError("could not connect to the model endpoint") from None
    except outbound.OutboundError as err:  # a refused address, a reply too large or too slow
        raise LLMError(str(err)) from None
    except Exception as err:
        raise LLMError(f"the OpenAI client failed: {type(err).__name__}") from None
    finally:
        pool.shutdown(wait=False)
    if usage is not None:
        counted = getattr(completion, "usage", None)
        usage["tokens_in"] = getattr(counted, "prompt_tokens", None)
        usage["tokens_out"] = getattr(counted, "completion_tokens", None)
    try:
        choice = completion.choices[0]
        if getattr(choice.message, "refusal", None) or choice.finish_reason == "length":
            raise LLMError("the model refused or was cut off")
        payload = json.loads(choice.message.content or "")
        if not isinstance(payload, dict):
            raise TypeError
    except LLMError:
        raise
    except (AttributeError, IndexError, TypeError, ValueError):
        raise LLMError("the model's reply is not the JSON asked for") from None
    return payload
