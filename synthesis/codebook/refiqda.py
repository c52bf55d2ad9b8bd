"""REFI-QDA codebooks (.qdc), the exchange format of QualCoder, MAXQDA, NVivo and ATLAS.ti: read and write.

Reading is defensive: the file is parsed by expat into an ElementTree with DOCTYPE and ENTITY declarations refused
(no entity expansion, no external entities), after a size check; every problem is reported as
ValidationError({"file": ...}) with a line number where there is one.
"""

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING
from xml.parsers import expat

from django.core.exceptions import ValidationError

from synthesis.codebook.services import COLOUR_RE, CodeSpec, clean_name

if TYPE_CHECKING:
    from synthesis.codebook.services import TagNode

NAMESPACE = "urn:QDA-XML:codebook:1.0"
SCHEMA_LOCATION = f"{NAMESPACE} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MAX_BYTES = 2 * 1024 * 1024
MAX_CODES = 5_000
MAX_DEPTH = 50
# Fixed forever: a tag's GUID is derived from it, the schema name and the tag's id, so re-exports match.
GUID_NAMESPACE = uuid.UUID("0b5c6a8e-4f7d-5d43-9a55-2f1c8e7b9d10")
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)  # shared with the project reader (qdpx)
# Characters XML 1.0 cannot carry, even escaped.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def code_guid(schema_name: str, tag_id: int) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{schema_name}:{tag_id}"))


def tag_guid(schema_name: str, tag) -> str:
    """The GUID a tag is exported under: the one it came with from another tool, else one derived from its id."""
    return str(tag.guid) if tag.guid else code_guid(schema_name, tag.pk)


def _bool(value: str | None, default: bool = True) -> bool:
    if value is None:
        return default
    return value.strip().lower() not in ("false", "0")


# ---------------------------------------------------------------------------------------------------------------
# Writing


def codebook_to_qdc(roots: Iterable["TagNode"], *, schema_name: str) -> bytes:
    """A REFI-QDA Codebook document: <CodeBook origin="Parley"><Codes> with nested <Code> elements."""
    # Unqualified names, with the default namespace declared on the root: ElementTree would otherwise invent
    # "ns0:" prefixes (and cannot mix a default namespace with unqualified attributes).
    root = ET.Element(
        "CodeBook",
        {"xmlns": NAMESPACE, "xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA_LOCATION, "origin": "Parley"},
    )
    root.append(codes_element(roots, schema_name=schema_name))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def codes_element(roots: Iterable["TagNode"], *, schema_name: str) -> ET.Element:
    """The <Codes> of a codebook, nested, unqualified (the document's default namespace applies): a .qdc's, or a
    project's."""
    codes = ET.Element("Codes")
    pending = [(codes, list(roots))]
    while pending:
        parent, nodes = pending.pop()
        for node in nodes:
            tag = node.tag
            element = ET.SubElement(
                parent,
                "Code",
                {
                    "guid": tag_guid(schema_name, tag),
                    "name": NOT_XML.sub("", tag.name),
                    "isCodable": "true" if tag.is_codable else "false",
                    "color": tag.colour.upper(),
                },
            )
            if tag.description:
                ET.SubElement(element, "Description").text = NOT_XML.sub("", tag.description)
            if node.children:  # after the Description, as the schema orders them
                pending.append((element, node.children))
    return codes


# ---------------------------------------------------------------------------------------------------------------
# Reading


def _error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def parse_qdc(data: bytes) -> list[CodeSpec]:
    """The codes of a REFI-QDA codebook, nested; <Sets> and notes are ignored."""
    if len(data) > MAX_BYTES:
        raise _error(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: that is not a codebook.")
    if match := DECLARATION.search(data):
        line = data.count(b"\n", 0, match.start()) + 1
        raise _error(f"Line {line}: the file declares a DOCTYPE or entities, which a codebook never needs. Refused.")
    root, lines = parse_xml(data)
    return codes_of_codebook(root, lines)


def codes_of_codebook(root: ET.Element, lines: dict[ET.Element, int]) -> list[CodeSpec]:
    """The nested codes of a parsed <CodeBook> element (a .qdc's root, or the one inside a project)."""
    namespace, local = split_tag(root.tag)
    if local != "CodeBook":
        hint = " It is a whole project: export the codebook (.qdc) instead." if local == "Project" else ""
        raise _error(f"This is not a REFI-QDA codebook: the document is a <{local}>, not a <CodeBook>.{hint}")
    if namespace and not namespace.startswith("urn:QDA-XML:"):
        raise _error(f"This <CodeBook> is in the namespace “{namespace}”, not {NAMESPACE}.")
    count = sum(1 for element in root.iter() if split_tag(element.tag)[1] == "Code")
    if count > MAX_CODES:
        raise _error(f"The codebook has {count:,} codes; at most {MAX_CODES:,} can be imported at once.")
    code_lists = [child for child in root if split_tag(child.tag)[1] == "Codes"]
    if not code_lists:
        raise _error("The codebook has no <Codes> element.")
    codes: list[CodeSpec] = []
    pending = [(element, codes, "the top level", 1) for element in _codes_in(code_lists)]
    pending.reverse()
    siblings: dict[int, dict[str, int]] = {}  # id of a children list -> name -> line
    guids: dict[str, int] = {}  # GUID -> line
    while pending:
        element, into, where, depth = pending.pop()
        line = lines.get(element, 0)
        code = _read_code(element, line)
        if depth > MAX_DEPTH:
            raise _error(f"Line {line}: “{code.name}” is nested more than {MAX_DEPTH} levels deep.")
        if code.guid:
            if code.guid in guids:
                raise _error(f"Line {line}: the GUID of “{code.name}” is also on line {guids[code.guid]}.")
            guids[code.guid] = line
        seen = siblings.setdefault(id(into), {})
        if code.name in seen:
            raise _error(f"Line {line}: “{code.name}” appears twice in {where} (also on line {seen[code.name]}).")
        seen[code.name] = line
        into.append(code)
        children = [child for child in element if split_tag(child.tag)[1] == "Code"]
        pending.extend((child, code.children, f"“{code.name}”", depth + 1) for child in reversed(children))
    return codes


def _codes_in(code_lists: list[ET.Element]) -> list[ET.Element]:
    return [element for codes in code_lists for element in codes if split_tag(element.tag)[1] == "Code"]


def _read_code(element: ET.Element, line: int) -> CodeSpec:
    raw_name = element.get("name")
    if raw_name is None or not raw_name.strip():
        raise _error(f"Line {line}: a <Code> has no name.")
    try:
        name = clean_name(raw_name)
    except ValidationError as error:
        raise _error(f"Line {line}: {error.messages[0]}") from None
    colour = element.get("color")
    if colour is not None:
        colour = colour.strip()
        if not COLOUR_RE.match(colour):
            raise _error(f"Line {line}: the color “{colour}” of “{name}” is not a colour like #3452C7.")
        colour = colour.lower()
    description = next(
        ("".join(child.itertext()).strip() for child in element if split_tag(child.tag)[1] == "Description"), ""
    )
    # GUIDs are kept when they are GUIDs; some tools write other identifiers there, which match nothing here.
    try:
        guid = str(uuid.UUID(element.get("guid", "").strip()))
    except ValueError:
        guid = None
    return CodeSpec(name=name, line=line, description=description, colour=colour, guid=guid,
                    is_codable=_bool(element.get("isCodable")), ref=(element.get("guid") or "").strip())  # fmt: skip


def split_tag(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag: "{urn:x}Code" -> ("urn:x", "Code")."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _refuse_declaration(*args) -> None:
    raise _error("The file declares a DOCTYPE or entities, which a codebook never needs. Refused.")


def parse_xml(data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse with expat into an ElementTree, remembering each element's line; declarations are refused."""
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")

    def qualify(name: str) -> str:
        return "{" + name if "}" in name else name

    def start(name: str, attributes: dict[str, str]) -> None:
        element = builder.start(qualify(name), {qualify(key): value for key, value in attributes.items()})
        lines[element] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(qualify(name))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        raise _error(f"The file is not valid XML: {reason} (line {error.lineno}, column {error.offset + 1}).") from None
    return builder.close(), lines
