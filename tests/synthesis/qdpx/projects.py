"""A coded study to export, and a reading of .qdpx files to compare: what the REFI-QDA tests share."""

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import timedelta

from django.utils import timezone

from interviews.models import Transcript, Utterance
from studies.models import Study
from synthesis.codebook.refiqda import parse_qdc
from synthesis.codebook.services import codebook_import_specs
from synthesis.coding.services import highlight_create
from synthesis.models import Tag
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory

NS = "{urn:QDA-XML:project:1.0}"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)

QUALCODER_CODES = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder 3.6"><Codes>
<Code guid="7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e01" name="Barriers" isCodable="false">
<Description>Obstacles</Description>
<Code guid="7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e03" name="No time" isCodable="true" color="#eb7333"/>
</Code></Codes></CodeBook>"""


def _utterances(transcript, rows) -> list[Utterance]:
    return [Utterance.objects.create(transcript=transcript, order=i, speaker_name=name, speaker_role=role, text=text)
            for i, (name, role, text) in enumerate(rows, start=1)]  # fmt: skip


def coded_study() -> Study:
    """A study with a call (named speakers, a line break and an emoji in an answer) and an async interview
    (speakers by role only, a participant known only by email), highlighted with nested and imported codes."""
    codebook_import_specs(codes=parse_qdc(QUALCODER_CODES.encode()), actor=None)
    pain = Tag.objects.create(name="Pain", description="Where it hurts.", colour="#b42318")
    onboarding = Tag.objects.create(name="Onboarding", parent=pain)
    no_time = Tag.objects.get(name="No time")
    study = StudyFactory(title="Churn deep dives")
    sync, async_ = RoundFactory(study=study, kind="sync", order=1), RoundFactory(study=study, kind="async", order=2)
    priya = ParticipantFactory(name="Priya Singh", email="priya@secret.example",
                               attributes={"segment": "smb", "seats": 12, "trial": True, "mrr": 49.5})  # fmt: skip
    anonymous = ParticipantFactory(name="", email="anon@secret.example", attributes={"segment": "enterprise"})
    call = Transcript.objects.create(kind="sync", round=sync, participant=priya, title="Call with Priya",
                                     occurred_at=timezone.now() - timedelta(days=3))  # fmt: skip
    lines = _utterances(call, [
        ("Dana Demo", "interviewer", "Thanks for joining. What happened in your first week?"),
        ("Priya", "participant", "The import failed twice.\nThen I gave up 🙃 and went back to spreadsheets."),
        ("Dana Demo", "interviewer", "What would have helped?"),
        ("Priya", "participant", "A person: one onboarding call on day one."),
    ])  # fmt: skip
    highlight_create(utterance=lines[1], start=4, end=23, tags=[onboarding, no_time], actor=None)
    highlight_create(utterance=lines[1], start=25, end=len(lines[1].text), tags=[pain], note="Gave up.", actor=None)
    highlight_create(utterance=lines[3], start=0, end=8, tags=[], actor=None)
    answers = Transcript.objects.create(kind="async", round=async_, participant=anonymous, title="Async interview",
                                        occurred_at=timezone.now() - timedelta(days=1))  # fmt: skip
    said = _utterances(answers, [
        ("", "interviewer", "Walk me through the last time you exported a report."),
        ("", "participant", "Last Friday: the CSV had no headers, so finance sent it back."),
    ])  # fmt: skip
    highlight_create(utterance=said[1], start=13, end=len(said[1].text) - 1, tags=[pain], actor=None)
    return study


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def read(data: bytes) -> dict:
    """What a QDA tool takes from the file, without the GUIDs Parley derives from row ids (sources, selections,
    cases); codes keep theirs."""
    files = members(data)
    root = ET.fromstring(files["project.qde"])
    codes, pending = [], [(c, "") for c in root.iterfind(f"{NS}CodeBook/{NS}Codes/{NS}Code")]
    while pending:
        code, prefix = pending.pop()
        path = prefix + code.get("name")
        codes.append((path, code.get("guid"), code.get("isCodable"), code.get("color"),
                      code.findtext(f"{NS}Description") or ""))  # fmt: skip
        pending.extend((child, path + " > ") for child in code.iterfind(f"{NS}Code"))
    variables = {v.get("guid"): (v.get("name"), v.get("typeOfVariable")) for v in root.iter(f"{NS}Variable")}
    sources, names = [], {}
    for source in root.iter(f"{NS}TextSource"):
        text = files["sources/" + source.get("plainTextPath").removeprefix("internal://")].decode("utf-8")
        names[source.get("guid")] = source.get("name")
        selections = sorted(
            (int(s.get("startPosition")), int(s.get("endPosition")), s.findtext(f"{NS}Description") or "",
             tuple(sorted(ref.get("targetGUID") for ref in s.iter(f"{NS}CodeRef"))))
            for s in source.iter(f"{NS}PlainTextSelection")
        )  # fmt: skip
        sources.append((source.get("name"), text, selections))
    cases = sorted(
        (case.get("name"),
         tuple(sorted((variables[v.find(f"{NS}VariableRef").get("targetGUID")][0], v[1].tag.removeprefix(NS), v[1].text)
                      for v in case.iter(f"{NS}VariableValue"))),
         tuple(sorted(names[ref.get("targetGUID")] for ref in case.iter(f"{NS}SourceRef"))))
        for case in root.iter(f"{NS}Case")
    )  # fmt: skip
    return {"codes": sorted(codes), "variables": sorted(variables.values()), "cases": cases, "sources": sources}
