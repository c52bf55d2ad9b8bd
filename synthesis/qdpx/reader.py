"""Reading a REFI-QDA project (.qdpx) made elsewhere, defensively: the zip's sizes are bounded before and while
anything is unpacked (a zip bomb stops at the limit, whatever its headers say), the XML is parsed with DOCTYPE and
entity declarations refused, and every problem is a ValidationError({"file": ...}) that names it.

Selections' positions count code points; the end is taken as exclusive (QualCoder, MAXQDA) unless the selections'
names show the file counts it inclusively (the standard's wording, which some tools follow).
"""

import bisect
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from synthesis.codebook.refiqda import DECLARATION, codes_of_codebook, parse_xml, split_tag
from synthesis.codebook.services import CodeSpec

MAX_BYTES = 20 * 1024 * 1024  # the upload
MAX_UNPACKED = 100 * 1024 * 1024  # everything read from it
MAX_PROJECT_BYTES = 20 * 1024 * 1024  # project.qde
MAX_SOURCE_CHARS = 2_000_000  # one source's text
MAX_SOURCES = 500
MAX_SELECTIONS = 50_000
MAX_MEMBERS = 5_000
TEXT_SOURCE = "TextSource"
OTHER_SOURCES = {"PictureSource", "PDFSource", "AudioSource", "VideoSource"}


def _error(message: str) -> ValidationError:
    return ValidationError({"file": message})


@dataclass
class SelectionSpec:
    start: int
    end: int
    code_refs: list[str]
    note: str
    line: int
    name: str = ""  # the quoted text, where the tool writes it


@dataclass
class SourceSpec:
    ref: str
    name: str
    text: str
    created: datetime | None
    selections: list[SelectionSpec] = field(default_factory=list)
    raw: str = ""  # the text as written, when its line ends were "\r\n" (the text above has "\n")


@dataclass
class CaseSpec:
    ref: str
    name: str
    values: dict[str, object]
    source_refs: list[str]


@dataclass
class ProjectSpec:
    name: str
    origin: str
    codes: list[CodeSpec]
    cases: list[CaseSpec]
    sources: list[SourceSpec]
    skipped_sources: int = 0  # pictures, PDFs, audio and video: Parley has no place for them
    inclusive_end: bool = False


class _Budget:
    """What may still be unpacked from the archive, in bytes."""

    def __init__(self):
        self.left = MAX_UNPACKED

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, what: str) -> bytes:
        cap = min(limit, self.left)
        try:
            with archive.open(info) as member:
                data = member.read(cap + 1)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
            raise _error(f"{what} cannot be unpacked: the archive is damaged or encrypted.") from None
        if len(data) > cap:
            raise _error(f"{what} unpacks to more than {cap // (1024 * 1024)} MB: refused (is it a zip bomb?).")
        self.left -= len(data)
        return data


def _open(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_BYTES:
        raise _error(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    if not data.startswith(b"PK"):
        raise _error("This is not a .qdpx file: a REFI-QDA project is a zip archive (a .qdc is only a codebook).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _error("The .qdpx archive is damaged: it cannot be opened as a zip file.") from None
    if len(infos) > MAX_MEMBERS:
        raise _error(f"The archive holds {len(infos):,} files; a project has at most {MAX_MEMBERS:,}.")
    return archive


def _members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Members by their lower-cased name with "\\" as "/" (tools write "Sources/" or "sources/")."""
    return {info.filename.replace("\\", "/").lower().lstrip("/"): info for info in archive.infolist()}


def _local(element) -> str:
    return split_tag(element.tag)[1]


def _children(element, name: str) -> list:
    return [child for child in element if _local(child) == name]


def _text_of(element, name: str) -> str:
    found = _children(element, name)
    return "".join(found[0].itertext()) if found else ""


def read_project(data: bytes) -> ProjectSpec:
    """The project in a .qdpx: its codes, cases with their variables, text sources with their text and selections."""
    archive = _open(data)
    members = _members(archive)
    budget = _Budget()
    info = members.get("project.qde") or next((i for n, i in members.items() if n.endswith(".qde")), None)
    if info is None:
        raise _error("The archive has no project.qde: it is not a REFI-QDA project.")
    xml = budget.read(archive, info, MAX_PROJECT_BYTES, "project.qde")
    if match := DECLARATION.search(xml):
        line = xml.count(b"\n", 0, match.start()) + 1
        raise _error(f"project.qde, line {line}: it declares a DOCTYPE or entities, which a project never needs.")
    root, lines = parse_xml(xml)
    namespace, local = split_tag(root.tag)
    if local != "Project":
        raise _error(f"project.qde is not a REFI-QDA project: its document is a <{local}>, not a <Project>.")
    if namespace and not namespace.startswith("urn:QDA-XML:"):
        raise _error(f"project.qde is in the namespace “{namespace}”, not urn:QDA-XML:project:1.0.")
    codebooks = _children(root, "CodeBook")
    codes = codes_of_codebook(codebooks[0], lines) if codebooks and _children(codebooks[0], "Codes") else []
    refs = _code_refs(codes)
    variables = _variables(root)
    cases = [_case(case, variables) for group in _children(root, "Cases") for case in _children(group, "Case")]
    project = ProjectSpec(name=root.get("name", "").strip(), origin=root.get("origin", "").strip(), codes=codes,
                          cases=cases, sources=[])  # fmt: skip
    for group in _children(root, "Sources"):
        for element in group:
            if _local(element) == TEXT_SOURCE:
                project.sources.append(_source(element, lines, archive, members, budget, refs))
            elif _local(element) in OTHER_SOURCES:
                project.skipped_sources += 1
    if not project.sources:
        raise _error("The project has no text sources: there is nothing to import as transcripts.")
    if len(project.sources) > MAX_SOURCES:
        raise _error(f"The project has {len(project.sources)} text sources; at most {MAX_SOURCES} can be imported.")
    if sum(len(s.selections) for s in project.sources) > MAX_SELECTIONS:
        raise _error(f"The project has more than {MAX_SELECTIONS:,} coded selections: too many to import at once.")
    for source in project.sources:
        if source.raw and _counts_carriage_returns(source):
            _drop_carriage_returns(source)
    project.inclusive_end = _inclusive(project.sources)
    if project.inclusive_end:
        for source in project.sources:
            for selection in source.selections:
                selection.end += 1
    for source in project.sources:
        _check_positions(source)
    return project


def _code_refs(codes: list[CodeSpec]) -> set[str]:
    found, pending = set(), list(codes)
    while pending:
        code = pending.pop()
        found.add(code.ref.lower())
        pending.extend(code.children)
    return found


def _variables(root) -> dict[str, tuple[str, str]]:
    """GUID (lower case) -> (name, type) of the project's variables."""
    found = {}
    for group in _children(root, "Variables"):
        for element in _children(group, "Variable"):
            name = " ".join((element.get("name") or "").split())
            if name:
                found[(element.get("guid") or "").strip().lower()] = (name[:100], element.get("typeOfVariable", "Text"))
    return found


def _value(holder):
    for child in holder:
        kind, text = _local(child), "".join(child.itertext()).strip()
        if kind == "BooleanValue":
            return text.lower() in ("true", "1")
        if kind == "IntegerValue":
            try:
                return int(text)
            except ValueError:
                return text
        if kind == "FloatValue":
            try:
                return float(text)
            except ValueError:
                return text
        if kind in ("TextValue", "DateValue", "DateTimeValue"):
            return text[:1000]
    return None


def _case(element, variables) -> CaseSpec:
    values = {}
    for holder in _children(element, "VariableValue"):
        refs = _children(holder, "VariableRef")
        target = (refs[0].get("targetGUID") or "").strip().lower() if refs else ""
        value = _value(holder)
        if target in variables and value is not None:
            values[variables[target][0]] = value
    sources = [(ref.get("targetGUID") or "").strip().lower() for ref in _children(element, "SourceRef")]
    name = " ".join((element.get("name") or "").split())
    return CaseSpec(ref=(element.get("guid") or "").strip().lower(), name=name, values=values, source_refs=sources)


def _source_text(element, line, archive, members, budget) -> str:
    name = element.get("name") or "a text source"
    if _children(element, "PlainTextContent"):
        text = _text_of(element, "PlainTextContent")
    else:
        path = (element.get("plainTextPath") or "").strip()
        if not path.lower().startswith("internal://"):
            where = f"“{path}”" if path else "nowhere"
            raise _error(f"Line {line}: the text of “{name}” is {where}, outside the file: export the project with "
                         "its sources embedded.")  # fmt: skip
        file_name = path[len("internal://") :].replace("\\", "/").lstrip("/").lower()
        info = members.get(f"sources/{file_name}") or members.get(file_name)
        if info is None:
            raise _error(f"Line {line}: the text of “{name}” ({path}) is missing from the archive.")
        raw = budget.read(archive, info, MAX_SOURCE_CHARS * 4, f"The text of “{name}”")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _error(f"Line {line}: the text of “{name}” is not UTF-8.") from None
    if len(text) > MAX_SOURCE_CHARS:
        raise _error(f"Line {line}: “{name}” has more than {MAX_SOURCE_CHARS:,} characters.")
    return text


def _datetime(value: str | None) -> datetime | None:
    try:
        moment = parse_datetime((value or "").strip())
    except ValueError:
        return None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _position(element, attribute: str, line: int) -> int:
    try:
        return int((element.get(attribute) or "").strip())
    except ValueError:
        raise _error(f"Line {line}: a selection's {attribute} “{element.get(attribute)}” is not a number.") from None


def _source(element, lines, archive, members, budget, code_refs: set[str]) -> SourceSpec:
    line = lines.get(element, 0)
    text = _source_text(element, line, archive, members, budget)
    created = _datetime(element.get("creationDateTime"))
    source = SourceSpec(ref=(element.get("guid") or "").strip().lower(),
                        name=" ".join((element.get("name") or "").split()) or "Imported source",
                        text=text.replace("\r\n", "\n").replace("\r", "\n"), created=created,
                        raw=text if "\r\n" in text else "")  # fmt: skip
    for selection in _children(element, "PlainTextSelection"):
        at = lines.get(selection, 0)
        start, end = _position(selection, "startPosition", at), _position(selection, "endPosition", at)
        refs = []
        for coding in _children(selection, "Coding"):
            for ref in _children(coding, "CodeRef"):
                target = (ref.get("targetGUID") or "").strip().lower()
                if target not in code_refs:
                    raise _error(f"Line {lines.get(ref, at)}: the code {target or '(none)'} is not in the codebook.")
                refs.append(target)
        source.selections.append(SelectionSpec(
            start=start, end=end, code_refs=refs, note=_text_of(selection, "Description").strip(), line=at,
            name=selection.get("name") or "",
        ))  # fmt: skip
    return source


def _inclusive(sources: list[SourceSpec]) -> bool:
    """Whether the selections' ends are inclusive: their names (the quoted text, where the tool writes it) match
    text[start:end + 1] more often than text[start:end]."""
    exclusive = inclusive = 0
    for source in sources:
        for selection in source.selections:
            name = selection.name.strip()
            if len(name) < 2:
                continue
            exclusive += source.text[selection.start : selection.end].strip() == name
            inclusive += source.text[selection.start : selection.end + 1].strip() == name
    return inclusive > exclusive


def _quoted(text: str, selection: SelectionSpec) -> bool:
    name = selection.name.strip()
    return (
        text[selection.start : selection.end].strip() == name
        or text[selection.start : selection.end + 1].strip() == name
    )


def _counts_carriage_returns(source: SourceSpec) -> bool:
    """Whether a source written with "\r\n" line ends counts the "\r"s in its positions (a Windows tool's export):
    its selections' names match the text as written more often than the text with "\n" line ends."""
    named = [s for s in source.selections if len(s.name.strip()) >= 2]
    as_written = sum(_quoted(source.raw, s) for s in named)
    return as_written > sum(_quoted(source.text, s) for s in named)


def _drop_carriage_returns(source: SourceSpec) -> None:
    """Move positions counted in the text as written to the text with "\n" line ends."""
    returns = [match.start() for match in re.finditer("\r\n", source.raw)]
    for selection in source.selections:
        selection.start -= bisect.bisect_left(returns, selection.start)
        selection.end -= bisect.bisect_left(returns, selection.end)


def _check_positions(source: SourceSpec) -> None:
    for selection in source.selections:
        if not 0 <= selection.start < selection.end <= len(source.text):
            raise _error(f"Line {selection.line}: a selection of “{source.name}” runs from {selection.start} to "
                         f"{selection.end}, outside its text ({len(source.text):,} characters).")  # fmt: skip
