"""Speech to text through an OpenAI-compatible `/audio/transcriptions` endpoint (OpenAI, or a self-hosted
faster-whisper or whisper.cpp server) with the official `openai` client, connecting only through the outbound policy.

One chunk at a time: the server's segments come back with times relative to the chunk, which `transcribe_chunk`
moves by the chunk's offset. Speakers come from `diarized_json` when the model diarizes; otherwise there are none
and the researcher says who spoke in the import preview.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import openai
from django.conf import settings

from interviews.interviewer.services import llm_config
from workspaces import outbound

MAX_REPLY_BYTES = 5_000_000  # verbose JSON of ten minutes of speech is well under 1 MB


class TranscriptionError(Exception):
    """The server refused, failed or did not answer; the message is for the researcher."""


@dataclass(frozen=True)
class TranscriptionConfig:
    base_url: str | None
    api_key: str = field(repr=False)
    model: str
    timeout: float

    @property
    def diarize(self) -> bool:
        return "diarize" in self.model

    def client(self) -> openai.OpenAI:
        return openai.OpenAI(
            base_url=self.base_url, api_key=self.api_key, timeout=self.timeout, max_retries=1,
            http_client=outbound.client(timeout=self.timeout, follow_redirects=True, max_bytes=MAX_REPLY_BYTES),
        )  # fmt: skip


NOT_SET = (
    "No transcription server is set: give the workspace an OpenAI-compatible endpoint and key in its interviewer "
    "settings, or ask the operator to set PARLEY_TRANSCRIPTION_BASE_URL (a self-hosted Whisper server)."
)


def transcription_config() -> TranscriptionConfig | None:
    """The operator's transcription server when set, else the workspace's OpenAI-compatible endpoint (its LLM
    settings, or the server's OPENAI_* defaults); None when there is neither."""
    llm = llm_config()
    base_url = settings.PARLEY_TRANSCRIPTION_BASE_URL or (llm.base_url if llm else None)
    api_key = llm.api_key if llm else settings.OPENAI_API_KEY
    if not api_key and settings.PARLEY_TRANSCRIPTION_BASE_URL:
        api_key = "not-needed"  # self-hosted Whisper servers take any key; the client insists on one
    if not api_key:
        return None
    return TranscriptionConfig(base_url=base_url or None, api_key=api_key, model=settings.PARLEY_TRANSCRIPTION_MODEL,
                               timeout=float(settings.PARLEY_TRANSCRIPTION_TIMEOUT))  # fmt: skip


def _ms(value) -> int | None:
    try:
        return max(0, round(float(value) * 1000))
    except (TypeError, ValueError):
        return None


def segments_of(data: dict, *, offset_ms: int, length_ms: int) -> list[dict]:
    """The reply's segments as {start_ms, end_ms, text, speaker}, on the recording's clock; a reply with only
    `text` is one segment spanning the chunk."""
    segments = []
    for item in data.get("segments") or []:
        text = " ".join(str(item.get("text") or "").split())
        if not text:
            continue
        start, end = _ms(item.get("start")), _ms(item.get("end"))
        segments.append({
            "start_ms": offset_ms + (start or 0), "end_ms": offset_ms + (end if end is not None else length_ms),
            "text": text, "speaker": str(item.get("speaker") or "").strip()[:60],
        })  # fmt: skip
    if not segments and str(data.get("text") or "").strip():
        text = " ".join(str(data["text"]).split())
        segments.append({"start_ms": offset_ms, "end_ms": offset_ms + length_ms, "text": text, "speaker": ""})
    return segments


def transcribe_chunk(config: TranscriptionConfig, path: Path, *, offset_ms: int, length_ms: int) -> list[dict]:
    """One chunk's segments. Raises TranscriptionError with what went wrong, in words a researcher can act on."""
    response_format = "diarized_json" if config.diarize else "verbose_json"
    extra = {"chunking_strategy": "auto"} if config.diarize else {"timestamp_granularities": ["segment"]}
    try:
        with path.open("rb") as audio:
            raw = config.client().audio.transcriptions.with_raw_response.create(
                file=(path.name, audio, "audio/mpeg"), model=config.model, response_format=response_format, **extra
            )
        data = json.loads(raw.http_response.content)
    except openai.APITimeoutError:
        raise TranscriptionError(
            f"The transcription server did not answer within {config.timeout:g} seconds (tried twice)."
        ) from None
    except openai.APIStatusError as error:
        message = error.message if isinstance(error.message, str) else ""
        raise TranscriptionError(
            f"The transcription server answered HTTP {error.status_code}: {message[:200]}".rstrip(": ")
        ) from None
    except openai.APIConnectionError as error:
        cause = error.__cause__ or error.__context__
        why = str(cause) if isinstance(cause, outbound.OutboundError) else "it could not be reached"
        raise TranscriptionError(f"The transcription server cannot be used: {why}.") from None
    except (ValueError, AttributeError):
        raise TranscriptionError("The transcription server's answer is not JSON.") from None
    if not isinstance(data, dict):
        raise TranscriptionError("The transcription server's answer has no segments or text.")
    return segments_of(data, offset_ms=offset_ms, length_ms=length_ms)
