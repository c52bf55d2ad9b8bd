"""Writing a REFI-QDA project: `project.qde` (the XML, urn:QDA-XML:project:1.0) and `sources/<guid>.txt` in a zip.

Elements follow the order of the standard's Project.xsd (Users, CodeBook, Variables, Cases, Sources; in a source,
its selections; in a case, its variable values then source references). Selections are PlainTextSelections whose
startPosition and endPosition count Unicode code points, the end exclusive, as QualCoder writes them. GUIDs are
derived from the workspace and the rows' ids, and the archive's timestamps are fixed, so two exports of an unchanged
study are the same bytes.
"""

import io
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from synthesis.codebook.refiqda import GUID_NAMESPACE, NOT_XML

NAMESPACE = "urn:QDA-XML:project:1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NAMESPACE} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def guid(schema_name: str, kind: str, key) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{schema_name}:{kind}:{key}"))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def clean(text: str) -> str:
    return NOT_XML.sub("", text or "")


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    text: str
    code_guids: list[str]
    note: str = ""


@dataclass
class Source:
    guid: str
    name: str
    text: str
    created: datetime
    selections: list[Selection] = field(default_factory=list)


@dataclass
class Variable:
    guid: str
    name: str
    type: str  # Text, Boolean, Integer, Float


@dataclass
class Case:
    guid: str
    name: str
    values: dict[str, object]  # variable name -> value
    source_guids: list[str]


@dataclass
class Project:
    name: str
    created: datetime
    user_guid: str
    codes: ET.Element  # the <Codes> of the codebook, as refiqda writes them
    variables: list[Variable]
    cases: list[Case]
    sources: list[Source]


def variable_type(values) -> str:
    values = list(values)
    if values and all(isinstance(v, bool) for v in values):
        return "Boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "Integer"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "Float"
    return "Text"


VALUE_ELEMENTS = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue", "Float": "FloatValue"}


def _value_text(value, kind: str) -> str:
    if kind == "Boolean":
        return "true" if value else "false"
    return clean(str(value))


def project_xml(project: Project) -> bytes:
    root = ET.Element("Project", {
        "xmlns": NAMESPACE, "xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA_LOCATION, "name": clean(project.name),
        "origin": "Parley", "creatingUserGUID": project.user_guid, "creationDateTime": stamp(project.created),
    })  # fmt: skip
    users = ET.SubElement(root, "Users")
    ET.SubElement(users, "User", {"guid": project.user_guid, "name": "Parley"})
    if len(project.codes):  # a <Codes> needs at least one <Code>
        ET.SubElement(root, "CodeBook").append(project.codes)
    if project.variables:
        variables = ET.SubElement(root, "Variables")
        for variable in project.variables:
            attributes = {"guid": variable.guid, "name": clean(variable.name), "typeOfVariable": variable.type}
            ET.SubElement(variables, "Variable", attributes)
    kinds = {variable.name: (variable.guid, variable.type) for variable in project.variables}
    if project.cases:
        cases = ET.SubElement(root, "Cases")
        for case in project.cases:
            element = ET.SubElement(cases, "Case", {"guid": case.guid, "name": clean(case.name)})
            for name, value in case.values.items():
                variable_guid, kind = kinds[name]
                holder = ET.SubElement(element, "VariableValue")
                ET.SubElement(holder, "VariableRef", {"targetGUID": variable_guid})
                ET.SubElement(holder, VALUE_ELEMENTS[kind]).text = _value_text(value, kind)
            for source_guid in case.source_guids:
                ET.SubElement(element, "SourceRef", {"targetGUID": source_guid})
    sources = ET.SubElement(root, "Sources")
    for source in project.sources:
        element = ET.SubElement(sources, "TextSource", {
            "guid": source.guid, "name": clean(source.name), "plainTextPath": f"internal://{source.guid}.txt",
            "creatingUser": project.user_guid, "creationDateTime": stamp(source.created),
        })  # fmt: skip
        for selection in source.selections:
            item = ET.SubElement(element, "PlainTextSelection", {
                "guid": selection.guid, "name": clean(selection.text[:500]), "startPosition": str(selection.start),
                "endPosition": str(selection.end), "creatingUser": project.user_guid,
            })  # fmt: skip
            if selection.note:
                ET.SubElement(item, "Description").text = clean(selection.note)
            for code_guid in selection.code_guids:
                coding = ET.SubElement(item, "Coding", {"guid": guid(selection.guid, "coding", code_guid),
                                                        "creatingUser": project.user_guid})  # fmt: skip
                ET.SubElement(coding, "CodeRef", {"targetGUID": code_guid})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def project_archive(project: Project) -> bytes:
    """The .qdpx: project.qde, then each source's text as UTF-8 under sources/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("project.qde", ZIP_TIME), project_xml(project), zipfile.ZIP_DEFLATED)
        for source in project.sources:
            info = zipfile.ZipInfo(f"sources/{source.guid}.txt", ZIP_TIME)
            archive.writestr(info, source.text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
