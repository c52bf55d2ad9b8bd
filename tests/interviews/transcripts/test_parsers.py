"""Parsing call transcripts: the real-shaped exports in samples/ (Zoom, Teams, Google Meet, SRT, plain text) and
the malformed files, which must be refused with the line that is wrong. No database needed."""

import itertools
import time
from pathlib import Path

import pytest

from demo.interviews import CALL, zoom_vtt
from interviews.transcripts.parsers import (
    MAX_BYTES,
    TranscriptFormatError,
    decode,
    detect_format,
    parse_plain,
    parse_srt,
    parse_transcript,
    parse_vtt,
)

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def turns(name: str) -> list[tuple[str, str, int | None, int | None]]:
    return [(c.speaker, c.text, c.start_ms, c.end_ms) for c in parse_transcript(sample(name), name)]


def refused(content: bytes, filename: str) -> TranscriptFormatError:
    with pytest.raises(TranscriptFormatError) as caught:
        parse_transcript(content, filename)
    return caught.value


def test_zoom_numbered_cues_with_name_prefixes_merge_consecutive_cues_of_one_speaker():
    result = turns("zoom.vtt")
    assert [speaker for speaker, *_ in result] == ["Dana Demo", "Priya"] * 5 + ["Dana Demo"]
    # Cues 3 and 4 are one sentence Zoom split in two: one utterance, start of the first, end of the last.
    assert result[2] == (
        "Dana Demo",
        "Great. So as I mentioned in the email, we're talking to teams who tried the product in their first month "
        "and then stopped. There are no wrong answers.",
        8_900,
        18_210,
    )
    assert result[5][2:] == (32_500, 47_390)
    assert "München" in result[5][1] and "7 p.m. — I gave up" in result[5][1]
    assert result[7][1] == 'A red banner that said "something went wrong", nothing else. No line, no file name. 🙃'
    # A colon later in the text is speech, not a speaker.
    assert result[9][1].endswith("That's when my co\u2011founder said: let's just stay on spreadsheets.")


def test_teams_voice_tags_guid_cue_ids_bom_crlf_and_two_voices_in_one_cue():
    raw = sample("teams.vtt")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = turns("teams.vtt")
    assert [speaker for speaker, *_ in result] == [
        "Dana Demo", "Marco Rossi (Guest)", "Priya Singh", "Dana Demo", "Priya Singh", "Dana Demo", "Priya Singh",
        "Dana Demo", "Marco Rossi (Guest)", "Priya Singh",
    ]  # fmt: skip
    assert result[0] == (
        "Dana Demo",
        "Okay, I think we're recording now. Thanks for joining, Priya. "
        "Marco from our team is here too, just taking notes.",
        3_512,
        10_910,
    )
    # A multi-line cue is one text; entities are decoded; no "</v>" or "\r" is left anywhere.
    assert result[4][1].startswith(
        "Mostly that nobody else on the team accepted the invites. I was using it alone, and"
    )
    assert "calendars didn't sync & people missed" in result[6][1]
    assert all("<" not in text and "\r" not in text for _, text, *_ in result)
    # "<v Dana Demo>Got it.</v> <v Marco Rossi (Guest)>Sorry…</v>": two speakers sharing the cue's times.
    assert result[7] == ("Dana Demo", "Got it.", 59_400, 62_110)
    assert result[8] == ("Marco Rossi (Guest)", "Sorry, can I ask which calendar?", 59_400, 62_110)


def test_meet_header_style_note_region_settings_voice_classes_inline_tags_and_hourless_times():
    result = turns("meet.vtt")
    assert result == [
        ("Dana Demo", "Welcome back. Last time you said pricing was part of it?", 1_000, 4_500),
        (
            "Kofi Okafor",
            "Yes! The fourth seat doubled our bill. That was the moment my manager asked why we pay for it.",
            5_200,
            13_050,
        ),
        ("Dana Demo", "How did you answer her?", 13_600, 17_000),
        (
            "Kofi Okafor",
            "I couldn't. We had no report to show what the team actually used — ça n'existait pas.",
            17_400,
            24_250,
        ),
    ]


def test_srt_comma_decimals_numbered_cues_multiline_and_formatting_tags():
    result = turns("okafor.srt")
    assert [speaker for speaker, *_ in result] == ["Dana Demo", "Kofi Okafor"] * 3
    assert result[1] == ("Kofi Okafor", "No problem. I only have twenty minutes though.", 5_100, 9_450)
    assert result[3] == (
        "Kofi Okafor",
        "Reporting. Our finance team needed a CSV every Friday. The export broke in week two and the fix took three "
        "weeks.",
        15_500,
        27_900,
    )
    assert result[4][1] == "Three weeks is a long time."  # {\an8} positioning dropped


def test_plain_speaker_lines_with_timestamps_continuations_and_a_preamble():
    result = turns("notes.txt")
    assert result == [
        ("Dana Demo", "Thanks for joining. How long did your team use the product?", 5_000, None),
        (
            "Lena Müller",
            "About three weeks. We signed up because our old tool kept losing notes, but the import failed twice and "
            "I gave up for a week.",
            12_000,
            None,
        ),
        ("Dana Demo", "What happened after that week?", 100_000, None),
        (
            "Lena Müller",
            "Honestly? Nothing. When deadlines hit, nobody opens a new tool. The thing is: nobody on my team had time "
            "to learn it.",
            108_000,
            None,
        ),
        ("Dana Demo", "Would anything have kept you?", None, None),
        ("Lena Müller", "If reporting had worked for our finance team, we would have stayed.", None, None),
    ]


def test_google_meet_transcript_document_skips_title_and_attendees_and_uses_section_times():
    result = turns("meet_transcript.txt")
    assert [speaker for speaker, *_ in result] == ["Dana Demo", "Hana Tanaka"] * 3
    assert [start for _, _, start, _ in result] == [0, None, None, None, 300_000, None]
    assert result[-1][1] == "One call where someone set it up with us. That's all. 一回だけ。"


def test_otter_export_with_speaker_and_time_on_their_own_line():
    assert turns("otter.txt") == [
        ("Dana Demo", "Thanks for joining, Uma. How did the first week go?", 3_000, None),
        (
            "Uma Kim",
            "Badly, to be honest. The import failed twice, and our Outlook calendars never synced. By Friday half the "
            "team had gone back to the spreadsheet.",
            9_000,
            None,
        ),
        ("Dana Demo", "What would have helped?", 30_000, None),
        ("Uma Kim", "A person. One onboarding call on day one.", 41_000, None),
    ]


def test_a_cue_without_a_speaker_continues_the_previous_speaker():
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nSpeaker 1: Why did you leave?\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nSpeaker 2: The export broke.\n\n"
        "3\n00:00:04,000 --> 00:00:06,000\nAnd nobody fixed it for weeks.\n\n"
        "4\n00:00:06,500 --> 00:00:07,000\nSpeaker 1: I see.\n"
    )
    assert turns_of(srt.encode(), "call.srt") == [
        ("Speaker 1", "Why did you leave?", 1_000, 2_000),
        ("Speaker 2", "The export broke. And nobody fixed it for weeks.", 2_500, 6_000),
        ("Speaker 1", "I see.", 6_500, 7_000),
    ]


def test_plain_names_with_parentheses_and_particles():
    text = "Marco Rossi (Guest): Hi all.\nAna de la Cruz: Hello.\nSo the answer was: no.\n"
    assert turns_of(text.encode(), "notes.txt") == [
        ("Marco Rossi (Guest)", "Hi all.", None, None),
        ("Ana de la Cruz", "Hello. So the answer was: no.", None, None),
    ]


def test_cue_line_numbers_point_at_the_cue_text():
    cues = parse_vtt(decode(sample("teams.vtt")))
    assert [cue.line for cue in cues[:3]] == [5, 9, 13]
    assert [cue.line for cue in parse_srt(decode(sample("okafor.srt")))[:2]] == [3, 7]
    assert [cue.line for cue in parse_plain(decode(sample("notes.txt")))[:2]] == [3, 4]


def test_format_is_detected_from_the_content_then_the_name():
    assert detect_format(decode(sample("zoom.vtt")), "call.txt") == "vtt"
    assert detect_format(decode(sample("okafor.srt")), "call.txt") == "srt"
    assert detect_format(decode(sample("okafor.srt")), "") == "srt"
    assert detect_format(decode(sample("notes.txt")), "") == "plain"
    assert detect_format("Dana: hi", "call.srt") == "srt"
    # A .vtt name without the header is a WebVTT file missing it, not another format.
    assert detect_format(decode(sample("no_header.vtt")), "no_header.vtt") == "vtt"


def test_captions_without_speakers_stay_separate_cues():
    content = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nSo we left.\n\n00:00:02.500 --> 00:00:04.000\nThe thing is: time.\n"
    )
    assert turns_of(content, "captions.vtt") == [
        ("", "So we left.", 1_000, 2_000),
        ("", "The thing is: time.", 2_500, 4_000),
    ]


def turns_of(content: bytes, name: str):
    return [(c.speaker, c.text, c.start_ms, c.end_ms) for c in parse_transcript(content, name)]


def test_utf16_with_bom_is_read():
    text = "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\n<v Zoë>Ça va.\r\n"
    assert turns_of(text.encode("utf-16"), "captions.vtt") == [("Zoë", "Ça va.", 1_000, 2_000)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_timestamp.vtt", "Line 8: “00:00:5.000” is not a timestamp like 00:01:02.000 or 01:02.000."),
        ("end_before_start.srt", "Line 6: the cue ends before it starts."),
        ("no_header.vtt", "Line 1: a WebVTT file must start with “WEBVTT”."),
        (
            "missing_timing.srt",
            "Line 6: expected a timing such as “00:01:02,000 --> 00:01:05,000” after the cue number.",
        ),
        ("no_cues.vtt", "The file has no cues with text: nothing to import."),
        ("no_speakers.txt", "No “Speaker: text” lines found: nothing to import."),
    ],
)
def test_malformed_samples_are_refused_naming_the_line(name, message):
    error = refused(sample(name), name)
    assert error.message_dict == {"file": [message]}


def test_more_malformed_input_is_refused_naming_the_line():
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>One.\n\n00:00:03.000 --> 00:00:61.000\n<v B>Two.\n"
    assert refused(vtt.encode(), "x.vtt").line == 6  # seconds above 59
    cue_in_cue = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>One.\n00:00:03.000 --> 00:00:04.000\n<v B>Two.\n"
    assert refused(cue_in_cue.encode(), "x.vtt").line == 5
    no_blank = "WEBVTT\n00:00:01.000 --> 00:00:02.000\n<v A>One.\n"
    assert refused(no_blank.encode(), "x.vtt").messages == [
        "Line 2: leave a blank line between the WEBVTT header and the first cue."
    ]
    stray = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: One.\n\nthis is not a cue\n"
    assert refused(stray.encode(), "x.vtt").line == 6
    long_name = f"WEBVTT\n\n00:01.000 --> 00:02.000\n<v {'N' * 121}>Hi.\n"
    assert "longer than 120 characters" in refused(long_name.encode(), "x.vtt").messages[0]
    latin1 = "Dana: Grüß dich\nLena: Hallo\nLena: Schön\n".encode("latin-1")
    assert refused(latin1, "notes.txt").messages == [
        "Line 1: this line is not UTF-8 text; save the file as UTF-8 and try again."
    ]
    binary = b"PK\x03\x04\x14\x00\x06\x00word/document.xml"
    assert refused(binary, "call.docx").messages == ["Line 1: this is not a text file (it looks like a binary file)."]
    assert refused(b"", "x.vtt").messages == ["The file is empty."]
    assert refused(b" \n\n", "x.txt").messages == ["The file is empty."]
    too_big = b"WEBVTT\n\n" + b"00:01.000 --> 00:02.000\n<v A>Hi.\n\n" * (MAX_BYTES // 30)
    assert refused(too_big, "x.vtt").messages == ["The file is larger than 5 MB."]


def test_a_two_hour_teams_call_parses_quickly(report):
    cues = "".join(
        f"7f2b1e55-90c4-4c1a-8d0e-3e5a6b2f1c44/{i}-0\n"
        f"{i * 4 // 3600:02d}:{i * 4 // 60 % 60:02d}:{i * 4 % 60:02d}.000 --> "
        f"{i * 4 // 3600:02d}:{i * 4 // 60 % 60:02d}:{i * 4 % 60:02d}.900\n"
        f"<v {['Dana Demo', 'Priya Singh'][i // 3 % 2]}>Sentence {i} of the call, with a few more words in it.</v>\n\n"
        for i in range(1800)
    )
    content = f"WEBVTT\n\n{cues}".encode()
    started = time.perf_counter()
    utterances = parse_transcript(content, "call.vtt")
    elapsed = time.perf_counter() - started
    assert len(utterances) == 600  # three cues a turn
    report(f"transcript import: a 2-hour Teams WebVTT ({len(content) // 1024} KB, 1800 cues) parsed in "
           f"{elapsed * 1000:.0f} ms")  # fmt: skip
    assert elapsed < 5


def test_the_demo_call_survives_zoom_splitting_its_turns_word_for_word():
    names = {"H": "Dana Demo", "P": "Ana Silva"}
    call = [(speaker, text.format(first="Ana")) for speaker, text in CALL]
    content = zoom_vtt(call, names)
    assert content.decode().count("\nDana Demo: ") + content.decode().count("\nAna Silva: ") > len(call)  # split cues
    cues = parse_transcript(content, "zoom_recording.vtt")
    # The synthesis demo quotes these words exactly.
    assert [(cue.speaker, cue.text) for cue in cues] == [(names[speaker], text) for speaker, text in call]
    assert all(a.end_ms <= b.start_ms for a, b in itertools.pairwise(cues))
