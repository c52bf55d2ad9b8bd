"""A study as a REFI-QDA project (.qdpx) and back: the export's structure and exact positions, a round trip that
changes nothing, projects written by other tools, and files refused whole with nothing saved."""

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from interviews.models import Transcript, Utterance
from studies.models import Participant, Round
from synthesis.models import Highlight, Tag
from synthesis.qdpx.reader import MAX_BYTES
from synthesis.qdpx.selectors import study_qdpx
from synthesis.qdpx.services import study_import_qdpx
from tests.studies.factories import RoundFactory, StudyFactory
from tests.synthesis.qdpx.projects import GUID, NS, coded_study, members, read

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(world):
    with schema_context(world.acme.schema_name):
        yield world.acme


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Transcript, Utterance, Highlight, Tag, Participant,
                                                                Round)}  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# Export


def test_export_follows_the_project_schema_and_keeps_no_email(acme):
    data = study_qdpx(coded_study())
    files = members(data)
    root = ET.fromstring(files["project.qde"])
    assert root.tag == f"{NS}Project" and root.get("origin") == "Parley" and root.get("name") == "Churn deep dives"
    order = ["Users", "CodeBook", "Variables", "Cases", "Sources"]  # Project.xsd's sequence
    children = [child.tag.removeprefix(NS) for child in root]
    assert children == order
    required = {"User": ["guid"], "Code": ["guid", "name", "isCodable"], "Variable": ["guid", "name", "typeOfVariable"],
                "Case": ["guid"], "TextSource": ["guid", "plainTextPath"], "Coding": ["guid"],
                "PlainTextSelection": ["guid", "startPosition", "endPosition"], "CodeRef": ["targetGUID"],
                "SourceRef": ["targetGUID"], "VariableRef": ["targetGUID"]}  # fmt: skip
    guids = set()
    for element in root.iter():
        name = element.tag.removeprefix(NS)
        for attribute in required.get(name, []):
            assert element.get(attribute), (name, attribute)
        for attribute in ("guid", "targetGUID", "creatingUser"):
            if element.get(attribute):
                assert GUID.match(element.get(attribute)), (name, element.get(attribute))
        if element.get("guid"):
            assert element.get("guid") not in guids, name
            guids.add(element.get("guid"))
    for case in root.iter(f"{NS}Case"):  # Description?, CodeRef*, VariableValue*, SourceRef*
        kinds = [child.tag.removeprefix(NS) for child in case]
        assert kinds == sorted(kinds, key=["Description", "CodeRef", "VariableValue", "SourceRef"].index)
    for source in root.iter(f"{NS}TextSource"):
        assert f"sources/{source.get('plainTextPath').removeprefix('internal://')}" in files
    everything = b"".join(files.values())
    assert b"@secret.example" not in everything and b"@" not in files["project.qde"]
    assert study_qdpx(acme_study := Transcript.objects.first().round.study) == study_qdpx(acme_study)  # stable


def test_export_carries_sources_codes_cases_and_variables_at_exact_positions(acme):
    study = coded_study()
    project = read(study_qdpx(study))
    call, answers = project["sources"]
    assert call[0] == "Call with Priya"
    assert call[1] == (
        "Dana Demo: Thanks for joining. What happened in your first week?\n"
        "Priya: The import failed twice. Then I gave up 🙃 and went back to spreadsheets.\n"
        "Dana Demo: What would have helped?\n"
        "Priya: A person: one onboarding call on day one."
    )
    for text, selections in ((call[1], call[2]), (answers[1], answers[2])):
        quoted = {Highlight.objects.get(text=text[start:end]).text for start, end, *_ in selections}
        assert len(quoted) == len(selections)  # every selection is exactly one highlight's words
    assert [(call[1][s:e], note) for s, e, note, _ in call[2]] == [
        ("import failed twice", ""), ("Then I gave up 🙃 and went back to spreadsheets.", "Gave up."), ("A person", ""),
    ]  # fmt: skip
    assert answers[1].startswith("Interviewer: Walk me through") and "\nParticipant: Last Friday: the CSV" in answers[1]
    no_time = Tag.objects.get(name="No time")
    assert str(no_time.guid) in call[2][0][3] and len(call[2][0][3]) == 2
    codes = {path: (guid, codable, colour) for path, guid, codable, colour, _ in project["codes"]}
    assert codes["Barriers"] == ("7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e01", "false", "#3452C7")
    assert codes["Barriers > No time"] == ("7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e03", "true", "#EB7333")
    assert project["variables"] == [("mrr", "Float"), ("seats", "Integer"), ("segment", "Text"), ("trial", "Boolean")]
    anonymous = Participant.objects.get(email="anon@secret.example")
    assert project["cases"] == [
        (f"Participant {anonymous.pk}", (("segment", "TextValue", "enterprise"),), ("Async interview",)),
        ("Priya Singh", (("mrr", "FloatValue", "49.5"), ("seats", "IntegerValue", "12"),
                         ("segment", "TextValue", "smb"), ("trial", "BooleanValue", "true")), ("Call with Priya",)),
    ]  # fmt: skip


def test_export_reads_a_fixed_number_of_queries(acme, django_assert_max_num_queries):
    study = coded_study()
    with django_assert_max_num_queries(12) as small:
        study_qdpx(study)
    for round_ in Round.objects.filter(study=study):
        for transcript in round_.transcripts.all():
            for copy in range(4):
                utterances = list(transcript.utterances.all())
                transcript.pk, transcript.title = None, f"{transcript.title} {copy}"
                transcript.save()
                Utterance.objects.bulk_create(
                    Utterance(transcript=transcript, order=u.order, speaker_name=u.speaker_name,
                              speaker_role=u.speaker_role, text=u.text) for u in utterances
                )  # fmt: skip
    with django_assert_max_num_queries(len(small)):
        assert len(read(study_qdpx(study))["sources"]) == 10


# ---------------------------------------------------------------------------------------------------------------
# Round trips


def test_a_studys_project_survives_export_import_export_unchanged(world):
    with schema_context(world.acme.schema_name):
        study = coded_study()
        first = study_qdpx(study)
        again = StudyFactory(title="Copy of the deep dives")
        before = {"participants": Participant.objects.count(), "tags": Tag.objects.count()}
        result = study_import_qdpx(study=again, data=first, filename="churn.qdpx", actor=None)
        assert (result.transcripts, result.highlights, result.dropped_selections) == (2, 4, 0)
        assert (result.codes_created, result.participants_created, result.participants_matched) == (0, 0, 2)
        assert {"participants": Participant.objects.count(), "tags": Tag.objects.count()} == before
        assert result.round.study == again and result.round.kind == "sync"
        second = study_qdpx(again)
        assert read(second) == read(first)
        call = Transcript.objects.get(round__study=again, title="Call with Priya")
        roles = dict(call.utterances.values_list("speaker_name", "speaker_role"))
        assert roles == {"Dana Demo": "interviewer", "Priya": "participant"}
        assert call.participant.email == "priya@secret.example"
    with schema_context(world.globex.schema_name):  # another workspace: a tool that never saw these rows
        elsewhere = StudyFactory(title="Imported")
        result = study_import_qdpx(study=elsewhere, data=first, filename="churn.qdpx", actor=None)
        assert (result.codes_created, result.participants_created) == (4, 2)
        imported = Participant.objects.get(name="Priya Singh")
        assert imported.do_not_contact and imported.email.endswith("@qdpx.invalid")
        assert imported.attributes == {"segment": "smb", "seats": 12, "trial": True, "mrr": 49.5}
        assert read(study_qdpx(elsewhere)) | {"cases": None} == read(first) | {"cases": None}
        names = [name for name, *_ in read(study_qdpx(elsewhere))["cases"]]
        assert names == sorted(name for name, *_ in read(first)["cases"])  # "Participant 12" keeps its name
        again = study_import_qdpx(study=elsewhere, data=first, filename="churn.qdpx", actor=None)
        assert (again.participants_created, again.participants_matched, again.codes_created) == (0, 2, 0)


# ---------------------------------------------------------------------------------------------------------------
# Projects from other tools


def qdpx(project: str, files: dict[str, bytes | str] | None = None, name: str = "project.qde") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, project)
        for path, content in (files or {}).items():
            archive.writestr(path, content)
    return buffer.getvalue()


INTERVIEW = (
    "I: So how do you plan the week?\nR: On Sundays. By Wednesday it falls apart.\n\nI: Why Wednesday?\nR: Meetings."
)
QUALCODER_PROJECT = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 name="thesis.qda" origin="QualCoder 3.6" creatingUserGUID="5c94bc9e-db8c-4f1d-9cd6-e900c7440860"
 xmlns="urn:QDA-XML:project:1.0">
<Users><User guid="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" name="default" /></Users>
<CodeBook><Codes>
<Code guid="1d2e3f40-0000-4000-8000-000000000001" name="Planning" isCodable="false">
<Description />
<Code guid="1d2e3f40-0000-4000-8000-000000000002" name="Falls apart" isCodable="true" color="#EB7333"></Code>
</Code>
</Codes></CodeBook>
<Variables>
<Variable guid="1d2e3f40-0000-4000-8000-000000000010" name="age" typeOfVariable="Float"><Description /></Variable>
<Variable guid="1d2e3f40-0000-4000-8000-000000000011" name="role" typeOfVariable="Text"><Description /></Variable>
</Variables>
<Cases>
<Case guid="1d2e3f40-0000-4000-8000-000000000020" name="Ana">
<Description />
<VariableValue><VariableRef targetGUID="1d2e3f40-0000-4000-8000-000000000010" />
<FloatValue>34</FloatValue></VariableValue>
<VariableValue><VariableRef targetGUID="1d2e3f40-0000-4000-8000-000000000011" />
<TextValue>nurse</TextValue></VariableValue>
<SourceRef targetGUID="1d2e3f40-0000-4000-8000-000000000030"/>
</Case>
</Cases>
<Sources>
<TextSource richTextPath="internal://interview.docx" plainTextPath="internal://1d2e3f40-plain.txt"
 creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2024-03-01T10:00:00Z"
 guid="1d2e3f40-0000-4000-8000-000000000030" name="Ana interview.docx">
<PlainTextSelection guid="1d2e3f40-0000-4000-8000-000000000040" startPosition="{start}" endPosition="{end}"
 name="{quote}" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2024-03-02T10:00:00Z">
<Coding guid="1d2e3f40-0000-4000-8000-000000000050" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" >
<CodeRef targetGUID="1d2e3f40-0000-4000-8000-000000000002" />
</Coding>
</PlainTextSelection>
</TextSource>
<PictureSource guid="1d2e3f40-0000-4000-8000-000000000031" name="whiteboard.png" path="internal://board.png"/>
</Sources>
</Project>"""


def qualcoder(start: int, end: int, quote: str = "", **replacements) -> bytes:
    project = QUALCODER_PROJECT.format(start=start, end=end, quote=quote)
    for old, new in replacements.items():
        project = project.replace(old, new)
    return qdpx(project, {"Sources/1d2e3f40-plain.txt": INTERVIEW, "Sources/interview.docx": b"PK..."})


def test_a_qualcoder_project_becomes_transcripts_highlights_tags_and_a_participant(acme):
    study = StudyFactory()
    round_ = RoundFactory(study=study, kind="sync", purpose="Calls")
    start = INTERVIEW.index("On Sundays")
    end = INTERVIEW.index("Why Wednesday?") + len("Why Wednesday?")  # across three lines, a blank one included
    result = study_import_qdpx(study=study, data=qualcoder(start, end), filename="thesis.qdpx", round=round_,
                               actor=None)  # fmt: skip
    assert (result.round, result.transcripts, result.skipped_sources) == (round_, 1, 1)
    transcript = Transcript.objects.get(round=round_)
    assert (
        transcript.title == "Ana interview.docx" and transcript.occurred_at.isoformat() == "2024-03-01T10:00:00+00:00"
    )
    lines = list(transcript.utterances.order_by("order").values_list("speaker_name", "speaker_role", "text"))
    assert lines == [
        ("I", "interviewer", "So how do you plan the week?"),
        ("R", "participant", "On Sundays. By Wednesday it falls apart."),
        ("I", "interviewer", "Why Wednesday?"), ("R", "participant", "Meetings."),
    ]  # fmt: skip
    highlights = list(Highlight.objects.filter(transcript=transcript).order_by("utterance__order"))
    assert [h.text for h in highlights] == ["On Sundays. By Wednesday it falls apart.", "Why Wednesday?"]
    falls_apart = Tag.objects.get(name="Falls apart")
    assert all(list(h.tags.all()) == [falls_apart] for h in highlights)
    assert (str(falls_apart.parent.guid), falls_apart.parent.is_codable) == (
        "1d2e3f40-0000-4000-8000-000000000001",
        False,
    )
    ana = transcript.participant
    assert (ana.name, ana.attributes, ana.do_not_contact) == ("Ana", {"age": 34.0, "role": "nurse"}, True)
    assert highlights[0].participant == ana and highlights[0].study == study
    assert "1 picture, PDF or media source(s) skipped" in result.summary


def test_inclusive_end_positions_are_recognised_from_the_quotes(acme):
    start = INTERVIEW.index("On Sundays")
    end = start + len("On Sundays") - 1  # the standard's wording: the last character's position
    study_import_qdpx(study=StudyFactory(), data=qualcoder(start, end, quote="On Sundays"), filename="x.qdpx",
                      actor=None)  # fmt: skip
    assert Highlight.objects.get().text == "On Sundays"
    study_import_qdpx(study=StudyFactory(), data=qualcoder(start, end + 1, quote="On Sundays"), filename="y.qdpx",
                      actor=None)  # fmt: skip
    assert sorted(Highlight.objects.values_list("text", flat=True)) == ["On Sundays", "On Sundays"]


def test_positions_counting_windows_line_ends_are_recognised(acme):
    crlf = INTERVIEW.replace("\n", "\r\n")
    start = crlf.index("Meetings")  # four "\r"s earlier in the text as written
    project = QUALCODER_PROJECT.format(start=start, end=start + len("Meetings"), quote="Meetings")
    data = qdpx(project, {"Sources/1d2e3f40-plain.txt": crlf})
    study_import_qdpx(study=StudyFactory(), data=data, filename="windows.qdpx", actor=None)
    assert Highlight.objects.get().text == "Meetings"
    unix = QUALCODER_PROJECT.format(start=start - 4, end=start - 4 + len("Meetings"), quote="Meetings")
    study_import_qdpx(study=StudyFactory(), data=qdpx(unix, {"Sources/1d2e3f40-plain.txt": crlf}), filename="u.qdpx",
                      actor=None)  # fmt: skip
    assert list(Highlight.objects.values_list("text", flat=True)) == ["Meetings", "Meetings"]


# ---------------------------------------------------------------------------------------------------------------
# Refused: named, nothing saved


def bomb() -> bytes:
    return qdpx('<Project xmlns="urn:QDA-XML:project:1.0" name="p">' + " " * (25 * 1024 * 1024) + "</Project>")


FOUR = len("I: So")
REFUSED = {
    "not-a-zip": (b"<Project/>", "This is not a .qdpx file: a REFI-QDA project is a zip archive"),
    "damaged-zip": (b"PK\x03\x04 broken", "The .qdpx archive is damaged"),
    "no-project": (qdpx("x", name="readme.txt"), "The archive has no project.qde"),
    "codebook-only": (qdpx('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'),
                      "project.qde is not a REFI-QDA project: its document is a <CodeBook>"),
    "doctype": (qdpx('<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x "y">]><Project name="p"/>'),
                "project.qde, line 2: it declares a DOCTYPE or entities"),
    "not-xml": (qdpx("<Project"), "The file is not valid XML"),
    "zip-bomb": (bomb(), "project.qde unpacks to more than 20 MB: refused (is it a zip bomb?)."),
    "too-large": (b"PK" + b"\0" * MAX_BYTES, "The file is larger than 20 MB."),
    "no-text-sources": (qdpx('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources/></Project>'),
                        "The project has no text sources"),
    "external-text": (None, "the text of “Ana interview.docx” is “C:\\data\\ana.txt”, outside the file"),
    "missing-text": (None, "the text of “Ana interview.docx” (internal://gone.txt) is missing from the archive."),
    "outside-text": (None, "“Ana interview.docx” runs from 4 to 9999, outside its text (107 characters)."),
    "unknown-code": (None, "the code 1d2e3f40-0000-4000-8000-000000000099 is not in the codebook."),
    "bad-position": (None, "a selection's startPosition “four” is not a number."),
}  # fmt: skip
VARIANTS = {
    "external-text": lambda: qualcoder(0, 4, **{"internal://1d2e3f40-plain.txt": "C:\\data\\ana.txt"}),
    "missing-text": lambda: qualcoder(0, 4, **{"internal://1d2e3f40-plain.txt": "internal://gone.txt"}),
    "outside-text": lambda: qualcoder(4, 9999),
    "unknown-code": lambda: qualcoder(0, 4, **{'<CodeRef targetGUID="1d2e3f40-0000-4000-8000-000000000002"':
                                                '<CodeRef targetGUID="1d2e3f40-0000-4000-8000-000000000099"'}),
    "bad-position": lambda: qualcoder(0, 4, **{'startPosition="0"': 'startPosition="four"'}),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSED, ids=REFUSED)
def test_bad_or_foreign_files_are_refused_naming_the_problem_and_nothing_is_saved(acme, case):
    study = StudyFactory()
    Tag.objects.create(name="Existing")
    before = counts()
    data, message = REFUSED[case]
    with pytest.raises(ValidationError) as caught:
        study_import_qdpx(study=study, data=data if data is not None else VARIANTS[case](), filename="p.qdpx",
                          actor=None)  # fmt: skip
    assert list(caught.value.message_dict) == ["file"]
    assert message in caught.value.message_dict["file"][0]
    assert counts() == before


def test_a_round_of_another_study_is_refused(acme):
    other = RoundFactory()
    before = counts()
    with pytest.raises(ValidationError, match="Choose a round of this study"):
        study_import_qdpx(study=StudyFactory(), data=qualcoder(0, 4), filename="p.qdpx", round=other, actor=None)
    assert counts() == before
