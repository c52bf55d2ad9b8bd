"""A small OpenAI-compatible transcription server on the loopback interface, for the recordings' tests.

`POST /v1/audio/transcriptions` (multipart: `file`, `model`, `response_format`) reads the chunk it receives with
ffprobe, so it knows how long the chunk really is, and answers with the part of `script` (the known text the test
spoke with espeak-ng) that falls in that stretch of the recording: the words are spread evenly over `total_seconds`
and chunks are assumed to arrive in order, each starting where the previous one ended. Each sentence is a segment,
timed relative to the chunk; with `response_format=diarized_json` each segment also has a speaker, alternating
"A" and "B" by sentence. `delay` seconds before each answer let a test watch the progress; `status` answers every
request with that HTTP error instead. Every request is recorded: its form fields and the chunk's duration.
"""

import json
import re
import subprocess
import tempfile
import threading
import time
from email.parser import BytesParser
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def probe(data: bytes) -> float:
    with tempfile.NamedTemporaryFile(suffix=".mp3") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", f.name],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    return float(json.loads(out)["format"]["duration"])


def multipart(headers, body: bytes) -> dict[str, bytes]:
    message = BytesParser(policy=default_policy).parsebytes(
        b"Content-Type: " + headers["Content-Type"].encode() + b"\r\n\r\n" + body
    )
    return {part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
            for part in message.iter_parts()}  # fmt: skip


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format, *args):
        pass

    def do_POST(self):
        fake = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.rstrip("/") != "/v1/audio/transcriptions":
            return self._send(404, {"error": {"message": f"No route {self.path}"}})
        fields = multipart(self.headers, body)
        seconds = probe(fields["file"])
        reply = fake.answer({k: v.decode() for k, v in fields.items() if k != "file"}, seconds)
        if fake.delay:
            time.sleep(fake.delay)
        if fake.status:
            return self._send(fake.status, {"error": {"message": "The model is overloaded.", "type": "server_error"}})
        return self._send(200, reply)

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: "FakeWhisper"


class FakeWhisper:
    def __init__(self, script: str = "", total_seconds: float = 1.0):
        self.lock = threading.Lock()
        self.reset(script, total_seconds)

    def reset(self, script: str = "", total_seconds: float = 1.0) -> None:
        with self.lock:
            self.script, self.total_seconds = script, total_seconds
            self.requests: list[dict] = []
            self.elapsed = 0.0
            self.delay, self.status = 0.0, 0

    def answer(self, fields: dict, seconds: float) -> dict:
        """The sentences whose middle falls inside this chunk, timed within it."""
        with self.lock:
            start, self.elapsed = self.elapsed, self.elapsed + seconds
            self.requests.append({**fields, "seconds": seconds})
        sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", self.script) if s.strip()]
        total_words = sum(len(s.split()) for s in sentences) or 1
        per_word = self.total_seconds / total_words
        segments, words_before = [], 0
        for index, sentence in enumerate(sentences):
            count = len(sentence.split())
            begin, end = words_before * per_word, (words_before + count) * per_word
            words_before += count
            if start <= (begin + end) / 2 < start + seconds:
                segment = {"id": len(segments), "start": max(0.0, begin - start), "end": min(seconds, end - start),
                           "text": " " + sentence}  # fmt: skip
                if fields.get("response_format") == "diarized_json":
                    segment["speaker"] = "AB"[index % 2]
                segments.append(segment)
        return {"task": "transcribe", "duration": seconds, "text": " ".join(s["text"] for s in segments).strip(),
                "segments": segments}  # fmt: skip

    def start(self) -> "FakeWhisper":
        self.http = _Server(("127.0.0.1", 0), _Handler)
        self.http.fake = self
        self.base_url = f"http://127.0.0.1:{self.http.server_address[1]}/v1"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()
