"""A transcript as the plain text of a REFI-QDA text source, and back, with exact character offsets.

Each utterance is one line, "Speaker: text" (the label is the speaker's name, else the role for async interviews),
lines joined by "\\n". A line break inside an utterance is written as a space: one character for one, so offsets
stay exact. Reading splits the text into lines again; a line starting with a speaker label becomes that speaker's
utterance. Writing what was read gives back the same text, which is what makes a round trip lossless.
"""

import re
from collections import Counter
from dataclasses import dataclass

LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
LABEL_MAX = 80
ROLE_LABELS = {"interviewer": "Interviewer", "participant": "Participant"}


def speaker_label(speaker_name: str, speaker_role: str) -> str:
    return (speaker_name or ROLE_LABELS.get(speaker_role, "")).replace(": ", ":\u00a0")


@dataclass(frozen=True)
class Line:
    """An utterance placed in the source text: its speaker label and where its own text starts and ends."""

    speaker: str
    text: str
    start: int  # offset of the utterance's text (after "Speaker: ") in the source
    end: int


def write_source(utterances) -> tuple[str, dict[int, int]]:
    """The source text of (pk, speaker_name, speaker_role, text) rows in order, and each utterance's text offset."""
    parts, offsets, position = [], {}, 0
    for pk, name, role, text in utterances:
        label = speaker_label(name, role)
        prefix = f"{label}: " if label else ""
        line = prefix + LINE_BREAKS.sub(" ", text)
        offsets[pk] = position + len(prefix)
        parts.append(line)
        position += len(line) + 1
    return "\n".join(parts), offsets


def _name_like(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 6 and words[0][:1].isupper() and not any(ch in name for ch in '?!;"“”')


def read_source(text: str) -> list[Line]:
    """The utterances of a source text: one per non-blank line, with a speaker when the line starts with a label
    that looks like a name or recurs ("The thing is: …" stays speech)."""
    lines, position = [], 0
    for raw in text.split("\n"):
        label, separator, rest = raw.partition(": ")
        lines.append((position, raw, label if separator and rest.strip() and len(label) <= LABEL_MAX else None, rest))
        position += len(raw) + 1
    seen = Counter(label for _, _, label, _ in lines if label)
    result = []
    for start, raw, label, rest in lines:
        if not raw.strip():
            continue
        if label and (seen[label] > 1 or _name_like(label)):
            offset = start + len(label) + 2
            result.append(Line(speaker=label, text=rest, start=offset, end=offset + len(rest)))
        else:
            result.append(Line(speaker="", text=raw, start=start, end=start + len(raw)))
    return result
