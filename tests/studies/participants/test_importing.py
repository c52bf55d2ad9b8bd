"""Importing participants from CSV: what the preview shows, what the import writes, and what it refuses."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from studies.models import Participant
from studies.participants.importing import participants_import, participants_preview


@pytest.fixture
def acme(world):
    with schema_context(world.acme.schema_name):
        yield world.acme


def _file_error(data, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        participants_preview(data, **kwargs)
    return error.value.message_dict["file"][0]


def _state() -> list[tuple]:
    return list(
        Participant.objects.order_by("email").values_list(
            "email", "name", "timezone", "locale", "attributes", "consent_to_contact", "do_not_contact"
        )
    )


def test_preview_reads_rows_and_says_what_would_happen(acme):
    Participant.objects.create(email="Ana@Example.com", name="Ana")
    preview = participants_preview(
        "Email,Name,Timezone,Locale,Consent,Do_not_contact,Segment,Plan\n"
        "ana@example.com,Ana Lima,Europe/Lisbon,pt-BR,yes,no,smb,pro\n"
        " BO@Example.com ,Bo,,,,,,\n"
    )
    assert preview.columns == ["email", "name", "timezone", "locale", "consent", "do_not_contact", "segment", "plan"]
    assert preview.errors == []
    ana, bo = preview.rows
    assert (ana.line, ana.email, ana.action) == (2, "ana@example.com", "update")
    assert (ana.timezone, ana.locale, ana.consent_to_contact, ana.do_not_contact) == (
        "Europe/Lisbon",
        "pt-BR",
        True,
        False,
    )
    assert ana.attributes == {"segment": "smb", "plan": "pro"}
    assert (bo.line, bo.email, bo.action, bo.attributes) == (3, "bo@example.com", "create", {})
    assert (bo.consent_to_contact, bo.do_not_contact) == (None, None)
    assert (preview.creates, preview.updates, preview.merged) == (1, 1, 0)


def test_preview_writes_nothing(acme):
    Participant.objects.create(email="ana@example.com", name="Ana", attributes={"plan": "free"})
    before = _state()
    preview = participants_preview("email,name,plan,consent\nana@example.com,Ana Lima,pro,yes\nnew@example.com,New,,\n")
    assert (preview.creates, preview.updates) == (1, 1)
    assert _state() == before


def test_preview_as_dict_is_json_ready(acme):
    preview = participants_preview("email,name,segment\na@example.com,A,smb\nbad,B,\na@example.com,,ent\n")
    data = json.loads(json.dumps(preview.as_dict()))
    assert data["counts"] == {"creates": 1, "updates": 0, "merged": 1, "errors": 1}
    assert data["errors"] == [{"line": 3, "reasons": ["email “bad” is not a valid email address."]}]
    assert data["rows"][0]["attributes"] == {"segment": "ent"}
    assert data["rows"][1]["merged_into"] == 2


def test_duplicates_in_the_file_merge_into_the_first_row(acme):
    preview = participants_preview(
        "email,name,timezone,consent,segment,plan\n"
        "ana@example.com,Ana,Europe/Berlin,no,smb,\n"
        "bo@example.com,Bo,,,,\n"
        "ANA@example.com,,Europe/Paris,yes,,pro\n"
        "ana@example.com,Ana L.,,,ent,\n"
    )
    first, bo, second, third = preview.rows
    assert (bo.action, bo.line) == ("create", 3)
    assert (first.action, first.line, first.name, first.timezone) == ("create", 2, "Ana L.", "Europe/Paris")
    assert first.consent_to_contact is True
    assert first.attributes == {"segment": "ent", "plan": "pro"}
    assert (second.action, second.merged_into, third.action, third.merged_into) == ("merge", 2, "merge", 2)
    assert (preview.creates, preview.updates, preview.merged) == (2, 0, 2)
    result = participants_import(data="email,name\nana@example.com,Ana\nana@example.com,Ana Lima\n")
    assert (result.created, result.updated) == (1, 0)
    assert Participant.objects.get().name == "Ana Lima"


def test_bad_rows_are_reported_with_every_reason_and_good_rows_still_preview(acme):
    long_company = "x" * 201
    preview = participants_preview(
        "email,timezone,consent,do_not_contact,locale,company\n"
        "bob@,Mars/Base,maybe,,en,\n"
        "ok@example.com,europe/berlin,Y,N,en-GB,Acme\n"
        f"long@example.com,,,,,{long_company}\n"
        "extra@example.com,UTC,,,,,surprise\n"
        ",UTC,,,,\n"
        "loc@example.com,,,perhaps,english please,\n"
    )
    errors = {error.line: error.reasons for error in preview.errors}
    assert errors == {
        2: [
            "email “bob@” is not a valid email address.",
            "timezone “Mars/Base” is not a time zone name such as Europe/Berlin.",
            "consent “maybe” is not yes or no (write yes/no, true/false, 1/0 or y/n).",
        ],
        4: ["company is 201 characters long; the limit is 200."],
        5: ["The row has 7 values but the header names only 6 columns."],
        6: ["email is missing."],
        7: [
            "locale “english please” is not a language code such as en or pt-BR.",
            "do_not_contact “perhaps” is not yes or no (write yes/no, true/false, 1/0 or y/n).",
        ],
    }
    [ok] = preview.rows
    # Time zone names are matched whatever their case and stored as the database of zones spells them.
    assert (ok.line, ok.timezone, ok.consent_to_contact, ok.do_not_contact) == (3, "Europe/Berlin", True, False)


def test_line_numbers_are_spreadsheet_rows_even_with_blank_lines_and_multiline_cells(acme):
    preview = participants_preview(
        'email,name,notes\n\na@example.com,A,"line one\nline two"\n\nnot-an-email,B,\n,,\nb@example.com,B,\n'
    )
    assert [error.line for error in preview.errors] == [5]
    assert [row.line for row in preview.rows] == [3, 7]
    assert preview.rows[0].attributes == {"notes": "line one\nline two"}


@pytest.mark.parametrize(
    "data",
    [
        "email;name;segment\nana@example.com;Lima, Ana;smb\n",
        "email\tname\tsegment\nana@example.com\tLima, Ana\tsmb\n",
        '"email","name","segment"\r\n"ana@example.com","Lima, Ana","smb"\r\n',
        '\ufeffEMAIL , Name,SEGMENT \nana@example.com,"Lima, Ana",smb\n'.encode(),
    ],
)
def test_delimiters_quotes_bom_and_header_case_are_understood(acme, data):
    [row] = participants_preview(data).rows
    assert (row.email, row.name, row.attributes) == ("ana@example.com", "Lima, Ana", {"segment": "smb"})


def test_latin1_and_utf8_files_read_the_same(acme):
    text = "email;name;city\njose@example.com;José Müller;Zürich\n"
    for data in (text.encode("utf-8"), text.encode("latin-1"), text.encode("utf-8-sig")):
        [row] = participants_preview(data).rows
        assert (row.name, row.attributes["city"]) == ("José Müller", "Zürich")


@pytest.mark.parametrize(
    "header",
    ["email,tz,consent_to_contact", "email,time_zone,consent", "email,timezone,consent"],
)
def test_column_aliases(acme, header):
    [row] = participants_preview(f"{header}\na@example.com,Asia/Tokyo,1\n").rows
    assert (row.timezone, row.consent_to_contact, row.attributes) == ("Asia/Tokyo", True, {})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        ("  \n\n", "The file is empty."),
        ("ana@example.com,Ana\n", "The first line must be a header naming the columns"),
        ("name,segment\nAna,smb\n", "The header has no “email” column"),
        ("email,name,Email\na@example.com,A,b@example.com\n", "The column “email” appears twice"),
        ("email,tz,timezone\n", "The columns “tz” and “timezone” say the same thing"),
        (b"PK\x03\x04\x14\x00\x06\x00", "it looks binary"),
        ("email,name\n\x00\x01", "it looks binary"),
        ("email,name\r\nana@example.com,Ana\r\n".encode("utf-16"), "it looks binary"),
        (b"email,name\nana@example.com,\x81\x8d\x8f\n", "could not be read: save it as “CSV UTF-8”"),
    ],
)
def test_file_level_problems_raise_one_clear_sentence(acme, data, message):
    assert message in _file_error(data)


def test_a_file_with_too_many_rows_is_refused(acme):
    rows = "".join(f"p{n}@example.com\n" for n in range(4))
    assert len(participants_preview("email\n" + rows, max_rows=4).rows) == 4
    assert "more than 3 participants" in _file_error("email\n" + rows, max_rows=3)


def test_import_creates_with_defaults_and_updates_only_what_the_file_says(acme, world):
    Participant.objects.create(
        email="Ana@Example.com",
        name="Ana",
        timezone="Europe/Lisbon",
        locale="pt",
        attributes={"plan": "free", "segment": "smb"},
        consent_to_contact=True,
        do_not_contact=False,
    )
    result = participants_import(
        data="email,name,timezone,locale,consent,do_not_contact,plan,company\n"
        "ana@example.com,,,,,yes,pro,\n"
        "new@example.com,New Person,,,,,,Initech\n",
        actor=world.owner,
    )
    assert (result.created, result.updated, result.skipped_lines) == (1, 1, [])
    ana = Participant.objects.get(email__iexact="ana@example.com")
    assert (ana.name, ana.timezone, ana.locale) == ("Ana", "Europe/Lisbon", "pt")
    assert ana.attributes == {"plan": "pro", "segment": "smb"}
    assert (ana.consent_to_contact, ana.do_not_contact) == (True, True)
    new = Participant.objects.get(email="new@example.com")
    assert (new.name, new.timezone, new.locale, new.attributes) == ("New Person", "UTC", "", {"company": "Initech"})
    assert (new.consent_to_contact, new.do_not_contact) == (False, False)
    assert new.created_at is not None


def test_import_overwrites_when_the_cell_has_a_value(acme):
    Participant.objects.create(email="ana@example.com", name="Ana", consent_to_contact=True)
    before = Participant.objects.get().updated_at
    participants_import(data="email,name,timezone,locale,consent\nana@example.com,Ana Lima,Asia/Tokyo,ja,no\n")
    ana = Participant.objects.get()
    assert (ana.name, ana.timezone, ana.locale, ana.consent_to_contact) == ("Ana Lima", "Asia/Tokyo", "ja", False)
    assert ana.updated_at > before


def test_import_refuses_a_file_with_errors_and_changes_nothing(acme):
    Participant.objects.create(email="ana@example.com", name="Ana")
    before = _state()
    data = "email,name\nana@example.com,Ana Lima\nbob@,Bob\nnew@example.com,New\n"
    with pytest.raises(ValidationError) as error:
        participants_import(data=data)
    assert error.value.message_dict["file"] == [
        "1 row has errors (line 3): correct them, or import the other rows and skip these."
    ]
    assert _state() == before


def test_import_skipping_errors_writes_the_good_rows_and_lists_the_skipped_lines(acme):
    data = "email,name\nana@example.com,Ana\nbob@,Bob\nnew@example.com,New\nx,\n"
    result = participants_import(data=data, skip_errors=True)
    assert (result.created, result.updated, result.skipped_lines) == (2, 0, [3, 5])
    assert list(Participant.objects.values_list("email", flat=True)) == ["ana@example.com", "new@example.com"]


def test_import_reparses_the_file_so_importing_twice_updates(acme):
    data = "email,name\nana@example.com,Ana\n"
    assert participants_import(data=data).created == 1
    second = participants_import(data=data)
    assert (second.created, second.updated) == (0, 1)
    assert Participant.objects.count() == 1


def test_import_stays_in_its_workspace(world):
    with schema_context(world.acme.schema_name):
        participants_import(data="email,name\nana@example.com,Ana\n")
        assert Participant.objects.filter(email="ana@example.com").exists()
    with schema_context(world.globex.schema_name):
        assert not Participant.objects.exists()
        # The same person in another workspace is someone new there.
        assert participants_preview("email\nana@example.com\n").creates == 1


def test_import_takes_the_same_number_of_queries_for_3_or_60_rows(acme):
    def queries(size: int) -> int:
        Participant.objects.all().delete()
        existing = [Participant(email=f"p{n}@example.com") for n in range(0, size, 2)]
        Participant.objects.bulk_create(existing)
        data = "email,segment\n" + "".join(f"p{n}@example.com,s{n}\n" for n in range(size))
        with CaptureQueriesContext(connection) as captured:
            result = participants_import(data=data)
        assert (result.created, result.updated) == (size // 2, size - size // 2)
        return len(captured)

    assert queries(3) == queries(60)
    assert Participant.objects.get(email="p59@example.com").attributes == {"segment": "s59"}
