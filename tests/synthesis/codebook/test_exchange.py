"""REFI-QDA (.qdc) and CSV codebooks: export, round trips between workspaces, and malformed files that change
nothing."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from synthesis.codebook.refiqda import NAMESPACE, code_guid
from synthesis.codebook.services import codebook_export, codebook_import, import_format
from synthesis.models import Tag
from tests.synthesis.codebook.test_services import highlight, tag, tree_shape

pytestmark = pytest.mark.django_db
NS = {"qdc": NAMESPACE}


@pytest.fixture
def acme(world):
    with schema_context(world.acme.schema_name):
        yield world.acme


def acme_codebook() -> None:
    pain = tag("Pain", description="Where it hurts.", colour="#b42318")
    onboarding = tag("Onboarding", pain, description='First week, "setup" & <import>.')
    tag("Import fails", onboarding, colour="#8a5a00")
    tag("Billing", pain)
    tag("Delight", colour="#1f7a4d")
    highlight(onboarding)


def shape_without_counts() -> list[tuple[str, str, str]]:
    return [(path, description, colour) for path, description, colour, _ in tree_shape()]


def import_file(data: bytes | str, filename: str = "codebook.qdc"):
    return codebook_import(data=data.encode() if isinstance(data, str) else data, filename=filename, actor=None)


def file_error(data: bytes | str, filename: str = "codebook.qdc") -> str:
    with pytest.raises(ValidationError) as excinfo:
        import_file(data, filename)
    assert list(excinfo.value.message_dict) == ["file"]
    return excinfo.value.message_dict["file"][0]


# ---------------------------------------------------------------------------------------------------------------
# REFI-QDA export


def test_qdc_export_is_a_namespaced_codebook_with_nested_codes(acme):
    acme_codebook()
    data = codebook_export(kind="qdc")
    root = ET.fromstring(data)
    assert root.tag == f"{{{NAMESPACE}}}CodeBook" and root.get("origin") == "Parley"
    top = root.findall("qdc:Codes/qdc:Code", NS)
    assert [code.get("name") for code in top] == ["Delight", "Pain"]
    pain = top[1]
    assert pain.get("isCodable") == "true" and pain.get("color") == "#B42318"
    assert pain.findtext("qdc:Description", namespaces=NS) == "Where it hurts."
    assert [code.get("name") for code in pain.findall("qdc:Code", NS)] == ["Billing", "Onboarding"]
    deep = pain.find("qdc:Code[@name='Onboarding']/qdc:Code", NS)
    assert deep.get("name") == "Import fails" and deep.get("color") == "#8A5A00"
    # The Description comes before the nested Codes, as the schema orders them.
    assert [child.tag.split("}")[1] for child in pain.find("qdc:Code[@name='Onboarding']", NS)] == [
        "Description", "Code",
    ]  # fmt: skip


def test_qdc_guids_are_stable_per_tag_and_differ_between_workspaces(world, acme):
    acme_codebook()
    pain = Tag.objects.get(name="Pain")
    first, second = codebook_export(kind="qdc"), codebook_export(kind="qdc")
    assert first == second
    guids = [code.get("guid") for code in ET.fromstring(first).iter(f"{{{NAMESPACE}}}Code")]
    assert len(set(guids)) == 5 and code_guid(world.acme.schema_name, pain.pk) in guids
    assert code_guid(world.acme.schema_name, pain.pk) != code_guid(world.globex.schema_name, pain.pk)


def test_qdc_round_trip_into_another_workspace_gives_the_same_tree(world):
    with schema_context(world.acme.schema_name):
        acme_codebook()
        data, expected = codebook_export(kind="qdc"), shape_without_counts()
    with schema_context(world.globex.schema_name):
        tag("Delight", description="Kept as it was.", colour="#000000")  # already there: matched, not changed
        result = import_file(data, "acme-codebook.qdc")
        assert (result.created, result.existing) == (4, 1)
        assert result.summary == "Imported 5 codes: 4 new, 1 already there."
        imported = shape_without_counts()
        assert imported[0] == ("Delight", "Kept as it was.", "#000000")
        assert imported[1:] == expected[1:]
        again = import_file(data)
        assert (again.created, again.existing) == (0, 5) and Tag.objects.count() == 5


# ---------------------------------------------------------------------------------------------------------------
# REFI-QDA import from other tools

QUALCODER = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="urn:QDA-XML:codebook:1.0 Codebook.xsd" origin="QualCoder-3.6">
<Codes>
<Code guid="0b0a1b8c-0000-4000-8000-000000000001" name="Trust" isCodable="true" color="#5a9bd5">
<Description>Do they trust the numbers?</Description>
<Code guid="0b0a1b8c-0000-4000-8000-000000000002" name="Data quality" isCodable="true" color="#70AD47"></Code>
</Code>
<Code guid="0b0a1b8c-0000-4000-8000-000000000003" name="Workarounds" isCodable="false"/>
</Codes>
<Sets><Set guid="0b0a1b8c-0000-4000-8000-000000000004" name="A set">
<MemberCode guid="0b0a1b8c-0000-4000-8000-000000000001"/></Set></Sets>
</CodeBook>
"""


@pytest.mark.parametrize(
    "document",
    [
        QUALCODER,
        QUALCODER.replace(' xmlns="urn:QDA-XML:codebook:1.0"', ""),  # no namespace at all
        QUALCODER.replace("<Code", "<qdc:Code")
        .replace("</Code", "</qdc:Code")  # a prefixed namespace
        .replace('xmlns="urn:QDA-XML:codebook:1.0"', 'xmlns:qdc="urn:QDA-XML:codebook:1.0"')
        .replace("<Description>", "<qdc:Description>")
        .replace("</Description>", "</qdc:Description>"),
        QUALCODER.replace("codebook:1.0", "project:1.0"),  # older exports used the project namespace
    ],
    ids=["default-namespace", "no-namespace", "prefixed", "project-namespace"],
)
def test_qdc_import_reads_what_qda_tools_write(acme, document):
    result = import_file(document)
    assert (result.created, result.existing) == (3, 0)
    assert shape_without_counts() == [
        ("Trust", "Do they trust the numbers?", "#5a9bd5"),
        ("Trust > Data quality", "", "#70ad47"),
        ("Workarounds", "", "#3452c7"),
    ]


def test_qdc_import_adds_under_existing_parents(acme):
    trust = tag("Trust", description="Ours.")
    tag("Data quality", trust)
    more = QUALCODER.replace(
        '<Code guid="0b0a1b8c-0000-4000-8000-000000000002" name="Data quality" isCodable="true" color="#70AD47">',
        '<Code guid="x" name="Data quality" isCodable="true"><Code guid="y" name="Stale numbers" isCodable="true"/>',
    )
    result = import_file(more)
    assert (result.created, result.existing) == (2, 2)
    assert [path for path, *_ in shape_without_counts()] == [
        "Trust", "Trust > Data quality", "Trust > Data quality > Stale numbers", "Workarounds",
    ]  # fmt: skip
    assert Tag.objects.get(name="Trust").description == "Ours."


# What QualCoder writes as its codebook (.qdc, refi.py's codebook export): categories are codes with
# isCodable="false" and no colour, their codes first and sub-categories after, as deep as the category tree goes;
# codes have a GUID, a colour (either case), a description when they have a memo, and nest under codes too.
QUALCODER_CATEGORIES = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xsi:schemaLocation="urn:QDA-XML:codebook:1.0 Codebook.xsd"
 origin="QualCoder" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Codes>
<Code guid="7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e01" name="04 Barri&#xE8;res" isCodable="false">
<Description>Obstacles to research</Description>
<Code guid="7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e04" name="Budget" isCodable="true" color="#7BA2D4" />
<Code guid="7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e02" name="Time" isCodable="false">
<Code guid="7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e03" name="B : No time to plan" isCodable="true" color="#eb7333">
<Description>Says planning time is missing.</Description>
</Code>
</Code>
</Code>
<Code guid="7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e05" name="Motivation" isCodable="true" color="#2E8B57">
<Description>Why they do it at all.</Description>
</Code>
</Codes>
</CodeBook>
"""


def exchange_shape() -> list[tuple]:
    """Every tag with what a REFI-QDA codebook carries: path, description, colour, GUID, codability."""
    paths = {path: (description, colour) for path, description, colour in shape_without_counts()}
    tags = {tag.pk: tag for tag in Tag.objects.all()}

    def path(tag):
        return f"{path(tags[tag.parent_id])} > {tag.name}" if tag.parent_id else tag.name

    return sorted((path(t), *paths[path(t)], str(t.guid), t.is_codable) for t in tags.values())


def test_a_qualcoder_codebook_survives_import_export_import_unchanged(world):
    with schema_context(world.acme.schema_name):
        result = import_file(QUALCODER_CATEGORIES, "Codebook-thesis.qdc")
        assert (result.created, result.existing) == (5, 0)
        first = exchange_shape()
        assert first == [
            ("04 Barrières", "Obstacles to research", "#3452c7", "7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e01", False),
            ("04 Barrières > Budget", "", "#7ba2d4", "7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e04", True),
            ("04 Barrières > Time", "", "#3452c7", "7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e02", False),
            ("04 Barrières > Time > B : No time to plan", "Says planning time is missing.", "#eb7333",
             "7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e03", True),
            ("Motivation", "Why they do it at all.", "#2e8b57", "7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e05", True),
        ]  # fmt: skip
        exported = codebook_export(kind="qdc")
    codes = {code.get("guid"): code for code in ET.fromstring(exported).iter(f"{{{NAMESPACE}}}Code")}
    original = {code.get("guid"): code for code in ET.fromstring(QUALCODER_CATEGORIES).iter(f"{{{NAMESPACE}}}Code")}
    assert set(codes) == set(original)  # the other tool gets its own GUIDs back
    for guid, code in original.items():
        assert codes[guid].get("name") == code.get("name")
        assert codes[guid].get("isCodable") == code.get("isCodable")
    with schema_context(world.globex.schema_name):
        again = import_file(exported, "from-acme.qdc")
        assert (again.created, again.existing) == (5, 0)
        assert exchange_shape() == first
        assert codebook_export(kind="qdc") == exported  # and a second round trip changes nothing either
        assert (import_file(exported).created, Tag.objects.count()) == (0, 5)


def test_a_code_is_matched_by_its_guid_before_its_name(acme):
    acme_codebook()
    exported = codebook_export(kind="qdc")  # GUIDs derived from the tags' ids
    pain = Tag.objects.get(name="Pain")
    pain.name = "Pains"
    pain.save()
    result = import_file(exported)
    assert (result.created, result.existing) == (0, 5)  # "Pain" is "Pains" now, found by its GUID
    assert not Tag.objects.filter(name="Pain").exists()
    qualcoder_trust = QUALCODER.replace('name="Trust"', 'name="Delight"')  # same name as ours, a GUID of its own
    import_file(qualcoder_trust)
    delight = Tag.objects.get(name="Delight", parent=None)
    assert str(delight.guid) == "0b0a1b8c-0000-4000-8000-000000000001" and delight.is_codable  # adopted, kept
    workarounds = Tag.objects.get(name="Workarounds")
    assert (str(workarounds.guid), workarounds.is_codable) == ("0b0a1b8c-0000-4000-8000-000000000003", False)
    root = ET.fromstring(codebook_export(kind="qdc"))
    flags = {code.get("name"): code.get("isCodable") for code in root.iter(f"{{{NAMESPACE}}}Code")}
    assert flags["Workarounds"] == "false" and flags["Delight"] == "true"


# ---------------------------------------------------------------------------------------------------------------
# malformed REFI-QDA files: a clear message, nothing changed

VALID_START = '<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="t">\n<Codes>\n'
VALID_CODE = '<Code guid="1" name="Fine" isCodable="true"/>\n'


def codebook_with(*codes: str) -> str:
    return VALID_START + VALID_CODE + "".join(codes) + "</Codes>\n</CodeBook>\n"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="1" name="&lol2;" isCodable="true"/></Codes></CodeBook>
"""


NESTED_TWICE = (
    '<Code guid="2" name="P" isCodable="true">\n<Code guid="3" name="c"/>\n<Code guid="4" name="c"/>\n</Code>\n'
)
MALFORMED_QDC = {
    "not-xml": ("this is not xml", "The file is not valid XML: syntax error (line 1, column 1)."),
    "unclosed": (
        VALID_START + VALID_CODE + "<Code name='Open'>\n</Codes>",
        "The file is not valid XML: mismatched tag (line 6, column 3).",
    ),
    "empty": ("", "The file is not valid XML: no element found (line 1, column 1)."),
    "wrong-root": (
        '<Project xmlns="urn:QDA-XML:project:1.0"><CodeBook><Codes/></CodeBook></Project>',
        "This is not a REFI-QDA codebook: the document is a <Project>, not a <CodeBook>. It is a whole project",
    ),
    "wrong-namespace": (
        '<CodeBook xmlns="urn:example"><Codes/></CodeBook>',
        "This <CodeBook> is in the namespace “urn:example”",
    ),
    "no-codes": ("<CodeBook origin='x'><Sets/></CodeBook>", "The codebook has no <Codes> element."),
    "no-name": (codebook_with('<Code guid="2" isCodable="true"/>\n'), "Line 5: a <Code> has no name."),
    "blank-name": (codebook_with('<Code guid="2" name="  " isCodable="true"/>\n'), "Line 5: a <Code> has no name."),
    "colour-word": (
        codebook_with('<Code guid="2" name="Red" isCodable="true" color="red"/>\n'),
        "Line 5: the color “red” of “Red” is not a colour like #3452C7.",
    ),
    "colour-short": (
        codebook_with('<Code guid="2" name="Short" isCodable="true" color="#fff"/>\n'),
        "Line 5: the color “#fff” of “Short” is not a colour like #3452C7.",
    ),
    "duplicate-top": (
        codebook_with('<Code guid="2" name="Fine" isCodable="true"/>\n'),
        "Line 5: “Fine” appears twice in the top level (also on line 4).",
    ),
    "duplicate-nested": (codebook_with(NESTED_TWICE), "Line 7: “c” appears twice in “P” (also on line 6)."),
    "duplicate-guid": (
        codebook_with(
            '<Code guid="7e3c2a10-5b1d-4c8e-9f21-0a1b2c3d4e01" name="A"/>\n',
            '<Code guid="7E3C2A10-5B1D-4C8E-9F21-0A1B2C3D4E01" name="B"/>\n',
        ),
        "Line 6: the GUID of “B” is also on line 5.",
    ),
    "separator-in-name": (
        codebook_with('<Code guid="2" name="A &gt; B" isCodable="true"/>\n'),
        "Line 5: “A > B” contains “ > ”",
    ),
    "doctype": (BILLION_LAUGHS, "Line 2: the file declares a DOCTYPE or entities, which a codebook never needs."),
    "too-many-codes": (
        codebook_with(*(f'<Code guid="g{i}" name="Code {i}" isCodable="true"/>\n' for i in range(5_000))),
        "The codebook has 5,001 codes; at most 5,000 can be imported at once.",
    ),
    "too-large": (codebook_with("<!-- padding -->" * 140_000), "The file is larger than 2 MB: that is not a codebook."),
}


@pytest.mark.parametrize(("data", "message"), MALFORMED_QDC.values(), ids=MALFORMED_QDC.keys())
def test_malformed_qdc_is_refused_whole_with_a_clear_message(acme, data, message):
    tag("Existing", description="Untouched")
    before = shape_without_counts()
    assert file_error(data).startswith(message)
    assert shape_without_counts() == before


def test_entity_declarations_are_refused_even_when_hidden_from_a_text_search(acme):
    # In UTF-16 the raw bytes hold no "<!DOCTYPE"; the parser itself still refuses the declaration.
    data = BILLION_LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    assert "DOCTYPE or entities" in file_error(data)
    assert not Tag.objects.exists()


def test_a_bad_code_late_in_a_file_leaves_the_good_ones_out_too(acme):
    good = "".join(f'<Code guid="g{i}" name="Good {i}" isCodable="true"/>\n' for i in range(20))
    assert file_error(codebook_with(good, '<Code guid="x" name="Bad" color="#12345"/>\n')).startswith("Line 25:")
    assert not Tag.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# CSV


def test_csv_round_trip_into_another_workspace(world):
    with schema_context(world.acme.schema_name):
        acme_codebook()
        tag("=SUM(A1)", description="-starts like a formula")
        data, expected = codebook_export(kind="csv"), shape_without_counts()
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "path,description,colour"
    assert "Pain > Onboarding > Import fails,,#8a5a00" in text
    assert "'=SUM(A1),'-starts like a formula" in text  # a spreadsheet shows it rather than running it
    with schema_context(world.globex.schema_name):
        result = import_file(data, "codebook.csv")
        assert (result.created, result.existing) == (6, 0)
        assert shape_without_counts() == expected


def test_csv_creates_missing_parents_and_reads_semicolons(acme):
    data = "Path;Description;Color\nPain > Onboarding > Import fails;CSV imports;#112233\nPain;Where it hurts;\n"
    result = import_file(data, "tags.csv")
    assert (result.created, result.existing) == (3, 0)
    assert shape_without_counts() == [
        ("Pain", "Where it hurts", "#3452c7"),
        ("Pain > Onboarding", "", "#3452c7"),
        ("Pain > Onboarding > Import fails", "CSV imports", "#112233"),
    ]


MALFORMED_CSV = {
    "no-path-column": (
        "name,colour\nPain,#ffffff\n",
        "Line 1: there is no “path” column (columns found: name, colour).",
    ),
    "empty": ("", "Line 1: the file is empty."),
    "bad-colour": (
        "path,colour\nPain,#ffffff\nDelight,blue\n",
        "Line 3: the colour “blue” is not a colour like #3452c7.",
    ),
    "empty-path": ("path,description\nPain,\n\n,has a description\n", "Line 4: the path is empty."),
    "empty-level": ("path\nPain >  > Import\n", "Line 2: the path “Pain >  > Import” has an empty level."),
    "trailing-separator": ("path\nPain > Onboarding >\n", "Line 2: the path “Pain > Onboarding >” has an empty level."),
    "duplicate": (
        "path\nPain > Onboarding\nPain\nPain > Onboarding\n",
        "Line 4: “Pain > Onboarding” is already on line 2.",
    ),
    "duplicate-after-multiline": (
        'path,description\nPain,"two\nlines"\nPain\n',
        "Line 4: “Pain” is already on line 2.",
    ),
    "long-name": ("path\n" + "x" * 121 + "\n", "Line 2: “xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…” is too long"),
    "not-utf8": (b"path\nCaf\xe9\n", "Line 2: the file is not UTF-8 text."),
    "binary": (b"PK\x03\x04\x14\x00binary", "Line 1: the file is not a CSV text file"),
    "too-many": (
        "path\n" + "".join(f"Code {i}\n" for i in range(5_001)),
        "Line 5002: the file has more than 5,000 codes",
    ),
    "too-large": ("path\n" + "x" * (2 * 1024 * 1024), "The file is larger than 2 MB"),
}


@pytest.mark.parametrize(("data", "message"), MALFORMED_CSV.values(), ids=MALFORMED_CSV.keys())
def test_malformed_csv_is_refused_whole_with_its_line(acme, data, message):
    tag("Existing")
    assert file_error(data, "codebook.csv").startswith(message)
    assert [path for path, *_ in shape_without_counts()] == ["Existing"]


def test_format_is_told_by_extension_then_content():
    assert import_format("codes.QDC", b"path\n") == "qdc"
    assert import_format("codes.csv", b"<CodeBook/>") == "csv"
    assert import_format("upload", b"\xef\xbb\xbf  <?xml version='1.0'?><CodeBook/>") == "qdc"
    assert import_format("upload", b"path,description\n") == "csv"
