"""Reading call transcripts: WebVTT (Zoom, Teams, Meet), SRT, SubViewer (.sbv) and plain "Speaker: text" files
become `Cue`s.

Parsing is pure (bytes in, `Cue`s out) and raises `TranscriptFormatError`, a ValidationError on `file` whose message
names the line, before anything is written (`transcripts/services.py` writes).
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError

from interviews.models import Utterance

MAX_BYTES = 5 * 1024 * 1024
MAX_MS = 2_147_483_647  # Utterance.start_ms / end_ms are PositiveIntegerFields
SPEAKER_MAX_LENGTH = Utterance._meta.get_field("speaker_name").max_length


@dataclass(frozen=True)
class Cue:
    """One stretch of speech: a cue of the file, or consecutive cues of one speaker merged into an utterance."""

    speaker: str
    text: str
    start_ms: int | None
    end_ms: int | None
    line: int


class TranscriptFormatError(ValidationError):
    """The file cannot be read as a transcript; `line` is where (None when it is about the whole file)."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__({"file": [f"Line {line}: {message}" if line else message]})


# --- Reading the bytes ---------------------------------------------------------------------------------------------


def decode(content: bytes) -> str:
    """The file's text without BOM, with "\\n" line ends; refuses empty, oversized, binary and non-UTF-8 files."""
    if len(content) > MAX_BYTES:
        raise TranscriptFormatError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    if not content.strip():
        raise TranscriptFormatError("The file is empty.")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # some Windows tools save captions as UTF-16
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError:
            raise TranscriptFormatError("The file says it is UTF-16 but cannot be read as such.") from None
    else:
        if b"\x00" in content:
            line = content[: content.index(b"\x00")].count(b"\n") + 1
            raise TranscriptFormatError("this is not a text file (it looks like a binary file).", line)
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = content[: error.start].count(b"\n") + 1
            message = "this line is not UTF-8 text; save the file as UTF-8 and try again."
            raise TranscriptFormatError(message, line) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(text: str, filename: str = "") -> str:
    """ "vtt", "srt", "sbv" or "plain": a WEBVTT header or the file's extension decide, else numbered cues with
    timings, else SubViewer timings ("0:00:01.000,0:00:04.000", YouTube and Google Meet captions)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if text.startswith("WEBVTT") or extension == "vtt":
        return "vtt"  # a .vtt without its header is refused by the WebVTT parser, naming line 1
    if extension in ("srt", "sbv"):
        return extension
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if SBV_TIMING.match(lines[0]):
        return "sbv"
    if "-->" in lines[0] or (lines[0].isdigit() and len(lines) > 1 and "-->" in lines[1]):
        return "srt"
    return "plain"


# --- Timestamps and cue text ---------------------------------------------------------------------------------------

VTT_TIME = re.compile(r"^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
SRT_TIME = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)[,.](\d{1,3})$")
VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>", re.IGNORECASE)
TAG = re.compile(r"</?[a-z][^>]*>|<\d[\d:.]*>", re.IGNORECASE)  # <c.x>, <i>, </v>, <00:01:02.000> …
ASS_TAG = re.compile(r"\{\\[^}]*\}")  # {\an8} in SRTs from subtitle editors
PREFIX = re.compile(r"^(?:>>\s*)?([^:<>\[\]]{1,80}?)\s*:\s+(\S.*)$")
BRACKET_PREFIX = re.compile(r"^\[([^\]\d][^\]]{0,79})\]\s*:?\s*(\S.*)$")
PARTICLES = {"de", "da", "del", "der", "den", "di", "du", "la", "le", "van", "von", "bin", "al", "el", "dos", "y"}


def _ms(hours, minutes, seconds, fraction) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(fraction.ljust(3, "0"))


def _timing(line: str, number: int, pattern: re.Pattern, example: str) -> tuple[int, int]:
    """Start and end of a "start --> end [settings]" line, in milliseconds."""
    left, _, right = line.partition("-->")
    parts = right.split()
    start_match = pattern.match(left.strip())
    end_match = pattern.match(parts[0]) if parts else None
    if not start_match or not end_match:
        bad = left.strip() if not start_match else (parts[0] if parts else "(nothing)")
        raise TranscriptFormatError(f"“{bad[:40]}” is not a timestamp like {example}.", number)
    start, end = _ms(*start_match.groups()), _ms(*end_match.groups())
    if end < start:
        raise TranscriptFormatError("the cue ends before it starts.", number)
    if end > MAX_MS:
        raise TranscriptFormatError("the timestamp is too large.", number)
    return start, end


def _clean(text: str) -> str:
    text = html.unescape(ASS_TAG.sub("", TAG.sub("", text)))
    return re.sub(r"\s+", " ", text.replace("\u200e", "").replace("\u200f", "")).strip()


def _name_like(name: str) -> bool:
    """ "Priya Singh", "Speaker 2", "Ana de la Cruz": capitalised words, not the start of a sentence."""
    words = name.split()
    if not 1 <= len(words) <= 5 or any(ch in name for ch in '?!;"“”'):
        return False
    words = [w.strip("()") or "-" for w in words]  # "Marco Rossi (Guest)"
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in PARTICLES for w in words) and words[0][0].isupper()


def _prefix(text: str) -> tuple[str, str] | None:
    match = PREFIX.match(text) or BRACKET_PREFIX.match(text)
    if not match or match.group(1).strip().lower().startswith(("http", "www")):
        return None
    return match.group(1).strip(), match.group(2).strip()


def _speakers_from_prefixes(cues: list[Cue]) -> list[Cue]:
    """Give speakerless cues the speaker of their "Name: text" prefix. A prefix counts when it looks like a name or
    recurs, so that "The thing is: nobody had time" stays speech. Many tools name the speaker only when it changes:
    a cue without one continues the previous speaker's turn."""
    prefixes = [(cue, _prefix(cue.text)) if not cue.speaker else (cue, None) for cue in cues]
    seen = Counter(found[0] for _, found in prefixes if found)
    result, speaker = [], ""
    for cue, found in prefixes:
        if found and (seen[found[0]] > 1 or _name_like(found[0])) and len(found[0].split()) <= 8:
            cue = replace(cue, speaker=found[0], text=found[1])
        elif not cue.speaker and speaker:
            cue = replace(cue, speaker=speaker)
        speaker = cue.speaker
        result.append(cue)
    return result


def _check_speaker(cue: Cue) -> Cue:
    if len(cue.speaker) > SPEAKER_MAX_LENGTH:
        raise TranscriptFormatError(f"the speaker's name is longer than {SPEAKER_MAX_LENGTH} characters.", cue.line)
    return cue


# --- Parsers -------------------------------------------------------------------------------------------------------


def _blocks(text: str):
    """(first line number, lines) of each block of non-blank lines."""
    block, start = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line.rstrip())
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _vtt_payload(lines: list[str], first_line: int, start: int, end: int) -> list[Cue]:
    """A cue's text lines: one cue per voice, "<v Name>" spans split the payload (Teams puts two voices in one)."""
    cues: list[Cue] = []
    speaker, parts, line_of = "", [], first_line
    for offset, raw in enumerate(lines):
        voices = list(VOICE.finditer(raw))
        pieces = []
        position = 0
        for voice in voices:
            pieces.append((None, raw[position : voice.start()]))
            pieces.append(((voice.group(1) or "").strip(), ""))
            position = voice.end()
        pieces.append((None, raw[position:]))
        for name, chunk in pieces:
            if name is not None:
                if parts and name != speaker:
                    cues.append(Cue(speaker, " ".join(parts), start, end, line_of))
                    parts = []
                if not parts:
                    line_of = first_line + offset
                speaker = name
            elif _clean(chunk):
                if not parts:
                    line_of = first_line + offset
                parts.append(_clean(chunk))
    if parts:
        cues.append(Cue(speaker, " ".join(parts), start, end, line_of))
    return cues


def _payload(lines: list[str], timing_at: int, number: int) -> list[str]:
    """The text lines of a cue whose timing is `lines[timing_at]`, on line `number` of the file."""
    payload = lines[timing_at + 1 :]
    for offset, line in enumerate(payload, start=1):
        if "-->" in line:
            raise TranscriptFormatError("a cue timing inside another cue's text; separate cues by a blank line.",
                                        number + offset)  # fmt: skip
    return payload


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file, in file order, with their speakers: from voice tags (`<v Name>`, `<v.loud Name>`)
    or, failing those, a "Name: text" prefix (Zoom). NOTE, STYLE and REGION blocks and cue settings are skipped."""
    if not re.match(r"WEBVTT(?:[ \t].*)?$", text.split("\n", 1)[0]):
        raise TranscriptFormatError("a WebVTT file must start with “WEBVTT”.", 1)
    cues: list[Cue] = []
    header, *blocks = _blocks(text)
    for offset, line in enumerate(header[1]):
        if "-->" in line:
            raise TranscriptFormatError("leave a blank line between the WEBVTT header and the first cue.", 1 + offset)
    for first_line, lines in blocks:
        head = lines[0].strip()
        if re.match(r"(NOTE|STYLE|REGION)(?:\s|$)", head) and "-->" not in head:
            continue
        if "-->" in head:
            timing_at = 0
        elif len(lines) > 1 and "-->" in lines[1]:
            timing_at = 1  # a cue identifier: "1" (Zoom), "9f3c…/12-0" (Teams)
        else:
            raise TranscriptFormatError(
                "expected a cue timing such as “00:01:02.000 --> 00:01:05.000”.",
                first_line + (1 if len(lines) > 1 else 0),
            )
        number = first_line + timing_at
        start, end = _timing(lines[timing_at], number, VTT_TIME, "00:01:02.000 or 01:02.000")
        cues.extend(_vtt_payload(_payload(lines, timing_at, number), number + 1, start, end))
    if not cues:
        raise TranscriptFormatError("The file has no cues with text: nothing to import.")
    return [_check_speaker(cue) for cue in _speakers_from_prefixes(cues)]


def parse_srt(text: str) -> list[Cue]:
    """The cues of an SRT file: an optional number, "00:01:02,000 --> 00:01:05,000", then the text lines."""
    cues: list[Cue] = []
    for first_line, lines in _blocks(text):
        head = lines[0].strip()
        if "-->" in head:
            timing_at = 0
        elif head.isdigit() and len(lines) > 1 and "-->" in lines[1]:
            timing_at = 1
        elif head.isdigit():
            raise TranscriptFormatError(
                "expected a timing such as “00:01:02,000 --> 00:01:05,000” after the cue number.", first_line + 1
            )
        else:
            raise TranscriptFormatError("expected a cue number or a timing such as “00:01:02,000 --> 00:01:05,000”.",
                                        first_line)  # fmt: skip
        number = first_line + timing_at
        start, end = _timing(lines[timing_at], number, SRT_TIME, "00:01:02,000")
        cues.extend(_vtt_payload(_payload(lines, timing_at, number), number + 1, start, end))
    if not cues:
        raise TranscriptFormatError("The file has no cues with text: nothing to import.")
    return [_check_speaker(cue) for cue in _speakers_from_prefixes(cues)]


SBV_TIMING = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)\.(\d{3}),(\d+):([0-5]\d):([0-5]\d)\.(\d{3})$")


def parse_sbv(text: str) -> list[Cue]:
    """The cues of a SubViewer (.sbv) file: "0:00:01.000,0:00:04.000" then the text lines, speakers given as
    ">> Name: text" or "Name: text" prefixes."""
    cues: list[Cue] = []
    for first_line, lines in _blocks(text):
        timing = SBV_TIMING.match(lines[0].strip())
        if not timing:
            raise TranscriptFormatError("expected a timing such as “0:01:02.000,0:01:05.000”.", first_line)
        start, end = _ms(*timing.groups()[:4]), _ms(*timing.groups()[4:])
        if end < start:
            raise TranscriptFormatError("the cue ends before it starts.", first_line)
        if end > MAX_MS:
            raise TranscriptFormatError("the timestamp is too large.", first_line)
        payload = " ".join(_clean(line) for line in lines[1:] if _clean(line))
        if payload:
            cues.append(Cue("", payload, start, end, first_line + 1))
    if not cues:
        raise TranscriptFormatError("The file has no cues with text: nothing to import.")
    return [_check_speaker(cue) for cue in _speakers_from_prefixes(cues)]


OTTER_HEAD = re.compile(r"^([^:]{1,80}?)\s+((?:\d{1,2}:)?\d{1,2}:\d{2})$")  # Otter: "Priya Singh  0:03"
PLAIN_STAMP = re.compile(r"^(\[)?((?:\d{1,2}:)?\d{1,2}:\d{2})(?:[.,]\d{1,3})?(?(1)\])\s*")


def _plain_ms(stamp: str, number: int) -> int:
    parts = [int(p) for p in stamp.split(":")]
    if any(part > 59 for part in parts[1:]):
        raise TranscriptFormatError(f"“{stamp}” is not a time like 00:01:02.", number)
    hours, minutes, seconds = ([0] * (3 - len(parts)) + parts)[-3:]
    return ((hours * 60 + minutes) * 60 + seconds) * 1000


def parse_plain(text: str) -> list[Cue]:
    """ "Speaker: text" lines; other lines continue the previous speaker's turn. A timestamp before the speaker
    (`[00:01:02] Dana: …`), after it on a line of its own (Otter: "Dana Demo  0:03", the text below) or alone on
    its line (Google Meet's transcript document) gives the turn's start. Lines before the first speaker (a title,
    the attendees) are skipped."""
    lines = []  # (line number, text without its timestamp, timestamp or None, "Name: text" split or None)
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        head = OTTER_HEAD.match(line)
        if head:
            lines.append((number, line, _plain_ms(head.group(2), number), (head.group(1).strip(), "")))
            continue
        match = PLAIN_STAMP.match(line)
        rest = line[match.end() :] if match else line
        # "10:30 was when…" is speech: a bare time counts only alone, bracketed, or before a speaker.
        if match and (not rest or match.group(1) or _prefix(rest)):
            lines.append((number, rest, _plain_ms(match.group(2), number), _prefix(rest) if rest else None))
        else:
            lines.append((number, line, None, _prefix(line)))
    seen = Counter(found[0] for *_, found in lines if found)
    cues: list[Cue] = []
    pending: int | None = None
    for number, line, stamp, found in lines:
        if not line:
            pending = stamp
        elif found and (seen[found[0]] > 1 or _name_like(found[0])) and len(found[0].split()) <= 8:
            start = stamp if stamp is not None else pending
            cues.append(Cue(found[0], _clean(found[1]), start, None, number))
            pending = None
        elif cues:
            cues[-1] = replace(cues[-1], text=f"{cues[-1].text} {_clean(line)}".strip())
    if not cues:
        raise TranscriptFormatError("No “Speaker: text” lines found: nothing to import.")
    return [_check_speaker(cue) for cue in cues if cue.text]


def merge_turns(cues: list[Cue]) -> list[Cue]:
    """Consecutive cues of one speaker become one utterance (start of the first, end of the last). Cues without a
    speaker stay apart: nothing says they are one turn."""
    merged: list[Cue] = []
    for cue in cues:
        if not cue.text:
            continue
        previous = merged[-1] if merged else None
        if previous and cue.speaker and previous.speaker == cue.speaker:
            end = cue.end_ms if cue.end_ms is not None else previous.end_ms
            merged[-1] = replace(previous, text=f"{previous.text} {cue.text}", end_ms=end)
        else:
            merged.append(cue)
    return merged


PARSERS = {"vtt": parse_vtt, "srt": parse_srt, "sbv": parse_sbv, "plain": parse_plain}


def parse_transcript(content: bytes, filename: str = "") -> list[Cue]:
    """The file's utterances in order: decoded, its format detected, parsed, one speaker's cues merged."""
    text = decode(content)
    return merge_turns(PARSERS[detect_format(text, filename)](text))
