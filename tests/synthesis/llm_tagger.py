"""The interviewer tests' OpenAI-compatible server, answering auto-tagging requests instead of interview turns.

In mode "good" it reads the utterances of the request ("[utterance_id=N] text") and, for each one containing a
keyword it was given, suggests the first sentence holding it, with that keyword's tag and pain; `fail_containing`
makes every request whose prompt contains that text answer HTTP 500 (one failing batch among good ones). The other
modes behave as in `tests/interviews/llm_server.py`.
"""

import json
import re
import time

from tests.interviews.llm_server import FakeLLM, _Handler

UTTERANCE_RE = re.compile(r"^\[utterance_id=(\d+)\] (.*)$", re.M)


class _TaggerHandler(_Handler):
    def do_POST(self):
        fake: TaggerLLM = self.server.fake
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        mode, content, raw, release = fake.record(body, {k.lower(): v for k, v in self.headers.items()})
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        if mode == "error" or (fake.fail_containing and fake.fail_containing in prompt):
            return self._send(500, {"error": {"message": "The server had an error.", "type": "server_error"}})
        if mode == "hang":
            release.wait(fake.hang_seconds)
        if raw is not None:
            return self._send(200, raw, content_type="text/html")
        if content is None:
            content = json.dumps(fake.answer(prompt)) if mode in ("good", "hang") else "Sure, here are some tags!"
        choice = {"index": 0, "message": {"role": "assistant", "content": content, "refusal": None},
                  "finish_reason": "stop", "logprobs": None}  # fmt: skip
        self._send(200, {"id": "chatcmpl-tagger", "object": "chat.completion", "created": int(time.time()),
                         "model": body.get("model", "test-model"), "choices": [choice],
                         "usage": {"prompt_tokens": 500, "completion_tokens": 80, "total_tokens": 580}})  # fmt: skip


class TaggerLLM(FakeLLM):
    """`keywords` maps a word to (tag name, pain); a tag name the codebook lacks comes back as a new tag."""

    def __init__(self, keywords: dict[str, tuple[str, int | None]], **kwargs):
        super().__init__(**kwargs)
        self.keywords = keywords
        self.known_tags: set[str] = set()
        self.fail_containing: str | None = None
        self._httpd.RequestHandlerClass = _TaggerHandler

    def answer(self, prompt: str) -> dict:
        codebook = set(re.findall(r"^- ([^:\n]+)", prompt, re.M))
        suggestions = []
        for utterance_id, text in UTTERANCE_RE.findall(prompt):
            for keyword, (tag, pain) in self.keywords.items():
                sentence = next((s for s in re.split(r"(?<=[.!?])\s+", text) if keyword in s.lower()), None)
                if sentence is None:
                    continue
                known = tag in codebook
                suggestions.append({
                    "utterance_id": int(utterance_id), "quote": sentence, "tags": [tag] if known else [],
                    "new_tags": [] if known else [tag], "pain": pain, "confidence": 0.8,
                    "reason": f"The participant talks about {keyword}.",
                })  # fmt: skip
        return {"suggestions": suggestions}
