"""Import participants from a CSV file: a preview that writes nothing, then an import that writes in bulk."""

import csv
import io
import logging
import re
import zoneinfo
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from studies.audit.services import audit_record
from studies.models import LOCALE_RE, ChangeSource, Participant, ParticipantChange
from studies.participants.services import CONSENT_FIELDS, consent_change

logger = logging.getLogger(__name__)

MAX_ROWS = 10_000
MAX_VALUE_LENGTH = 200
DELIMITERS = (",", ";", "\t")
BATCH_SIZE = 1_000

# Header aliases, after lowercasing and stripping, mapped to the participant field they fill.
KNOWN_COLUMNS = {
    "email": "email",
    "name": "name",
    "timezone": "timezone",
    "time_zone": "timezone",
    "tz": "timezone",
    "locale": "locale",
    "consent": "consent_to_contact",
    "consent_to_contact": "consent_to_contact",
    "do_not_contact": "do_not_contact",
}
TRUE_WORDS = frozenset({"yes", "true", "1", "y"})
FALSE_WORDS = frozenset({"no", "false", "0", "n"})
LOCALE_MAX_LENGTH = Participant._meta.get_field("locale").max_length
# Control characters other than tab, newline, carriage return and form feed never appear in a text CSV.
BINARY_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
BINARY_BYTES_RE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
NOT_TEXT = "The file is not a CSV text file: it looks binary (a spreadsheet or an image?). Save it as CSV first."


@dataclass(frozen=True)
class ImportRow:
    line: int  # as a spreadsheet numbers it: the header is line 1
    email: str
    name: str
    timezone: str
    locale: str
    attributes: dict[str, str]
    consent_to_contact: bool | None  # None: the cell is empty or the column absent, keep what is stored
    do_not_contact: bool | None
    action: str  # "create", "update" or "merge"
    merged_into: int | None = None  # for a "merge" row, the line of the earlier row that carries its values


@dataclass(frozen=True)
class RowError:
    line: int
    reasons: list[str]


@dataclass(frozen=True)
class ImportPreview:
    rows: list[ImportRow]
    errors: list[RowError]
    columns: list[str]

    @property
    def creates(self) -> int:
        return sum(row.action == "create" for row in self.rows)

    @property
    def updates(self) -> int:
        return sum(row.action == "update" for row in self.rows)

    @property
    def merged(self) -> int:
        return sum(row.action == "merge" for row in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "rows": [asdict(row) for row in self.rows],
            "errors": [asdict(error) for error in self.errors],
            "counts": {
                "creates": self.creates,
                "updates": self.updates,
                "merged": self.merged,
                "errors": len(self.errors),
            },
        }


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped_lines: list[int] = field(default_factory=list)


@dataclass
class _Parsed:
    """A valid row as read from the file, before it is compared with the stored participants."""

    line: int
    email: str
    name: str
    timezone: str
    locale: str
    attributes: dict[str, str]
    consent_to_contact: bool | None
    do_not_contact: bool | None


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _decode(data: bytes | str) -> str:
    # Looking at the start is enough: an .xlsx, a PDF or a UTF-16 file shows itself in its first bytes.
    if isinstance(data, str):
        if BINARY_RE.search(data[:8192]):
            raise _file_error(NOT_TEXT)
        text = data.removeprefix("\ufeff")
    else:
        if BINARY_BYTES_RE.search(data[:8192]):
            raise _file_error(NOT_TEXT)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel on Windows saves "CSV" as cp1252, a superset of Latin-1's printable characters: a Latin-1
            # file decodes the same, and the few bytes neither encoding can mean are refused below.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise _file_error(
                    "The file's characters could not be read: save it as “CSV UTF-8” and upload it again."
                ) from None
    if not text.strip():
        raise _file_error("The file is empty.")
    return text


def _sniff_delimiter(text: str) -> str:
    # The header decides: column names rarely contain a delimiter, data cells (names, companies) often do.
    header = next(line for line in text.splitlines() if line.strip())
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])  # ties go to the comma, listed first
    return best if counts[best] else ","


def _boolean(column: str, value: str, reasons: list[str]) -> bool | None:
    word = value.lower()
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    reasons.append(f"{column} “{value}” is not yes or no (write yes/no, true/false, 1/0 or y/n).")
    return None


def _header(records: Iterator[tuple[int, list[str]]]) -> list[str]:
    """Read up to the first non-empty record and return its column names, lowercased and stripped."""
    for _, record in records:
        if any(cell.strip() for cell in record):
            columns = [cell.strip().lower() for cell in record]
            break
    else:
        raise _file_error("The file is empty.")
    if "email" not in columns:
        if any("@" in column for column in columns):
            raise _file_error(
                "The first line must be a header naming the columns, such as email,name,timezone; "
                "it looks like data instead."
            )
        raise _file_error("The header has no “email” column: name the column of email addresses “email”.")
    seen: dict[str, str] = {}
    for column in filter(None, columns):
        target = KNOWN_COLUMNS.get(column, f"attribute:{column}")
        if target in seen:
            if seen[target] == column:
                raise _file_error(f"The column “{column}” appears twice in the header: keep one of them.")
            raise _file_error(f"The columns “{seen[target]}” and “{column}” say the same thing: keep one of them.")
        seen[target] = column
    return columns


def _parse_record(
    line: int, record: list[str], columns: list[str], zones: dict[str, str]
) -> tuple[_Parsed | None, list[str]]:
    reasons: list[str] = []
    if len(record) > len(columns) and any(cell.strip() for cell in record[len(columns) :]):
        reasons.append(f"The row has {len(record)} values but the header names only {len(columns)} columns.")
    values: dict[str, str] = {}
    labels: dict[str, str] = {}
    too_long: set[str] = set()
    attributes: dict[str, str] = {}
    for position, column in enumerate(columns):
        value = record[position].strip() if position < len(record) else ""
        if not column:
            if value:
                reasons.append(f"The value “{value[:40]}” is in column {position + 1}, which has no header.")
            continue
        if len(value) > MAX_VALUE_LENGTH:
            reasons.append(f"{column} is {len(value)} characters long; the limit is {MAX_VALUE_LENGTH}.")
            too_long.add(column)
            value = ""  # reported once, as too long, rather than also as invalid
        target = KNOWN_COLUMNS.get(column)
        if target:
            values[target], labels[target] = value, column
        elif value:
            attributes[column] = value

    email = values.get("email", "").lower()
    if not email and labels["email"] not in too_long:
        reasons.append("email is missing.")
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(f"email “{email}” is not a valid email address.")

    zone = values.get("timezone", "")
    if zone:
        canonical = zones.get(zone.lower())
        if canonical is None:
            reasons.append(f"{labels['timezone']} “{zone}” is not a time zone name such as Europe/Berlin.")
        zone = canonical or zone

    locale = values.get("locale", "")
    if locale and (len(locale) > LOCALE_MAX_LENGTH or not LOCALE_RE.match(locale)):
        reasons.append(f"locale “{locale}” is not a language code such as en or pt-BR.")

    consent = _boolean(labels.get("consent_to_contact", ""), values.get("consent_to_contact", ""), reasons)
    do_not_contact = _boolean("do_not_contact", values.get("do_not_contact", ""), reasons)

    if reasons:
        return None, reasons
    parsed = _Parsed(
        line=line,
        email=email,
        name=values.get("name", ""),
        timezone=zone,
        locale=locale,
        attributes=attributes,
        consent_to_contact=consent,
        do_not_contact=do_not_contact,
    )
    return parsed, []


def _merge(earlier: _Parsed, later: _Parsed) -> None:
    """Fold a later row for the same email into the earlier one: later non-empty values win."""
    earlier.name = later.name or earlier.name
    earlier.timezone = later.timezone or earlier.timezone
    earlier.locale = later.locale or earlier.locale
    earlier.attributes = {**earlier.attributes, **later.attributes}
    if later.consent_to_contact is not None:
        earlier.consent_to_contact = later.consent_to_contact
    if later.do_not_contact is not None:
        earlier.do_not_contact = later.do_not_contact


@dataclass
class _File:
    columns: list[str]
    firsts: dict[str, _Parsed]  # by email, the first valid row, carrying the values merged into it
    rows: list[_Parsed]  # every valid row in file order, as read
    errors: list[RowError]


def _read(data: bytes | str, *, max_rows: int) -> _File:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    zones = {name.lower(): name for name in zoneinfo.available_timezones()}
    firsts: dict[str, _Parsed] = {}
    rows: list[_Parsed] = []
    errors: list[RowError] = []
    count = 0
    # A spreadsheet numbers records, not physical lines: a quoted cell may span several lines.
    records = enumerate(reader, start=1)
    try:
        columns = _header(records)
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue
            count += 1
            if count > max_rows:
                raise _file_error(f"The file has more than {max_rows:,} participants: split it into smaller files.")
            parsed, reasons = _parse_record(line, record, columns, zones)
            if parsed is None:
                errors.append(RowError(line=line, reasons=reasons))
                continue
            rows.append(parsed)
            if parsed.email in firsts:
                _merge(firsts[parsed.email], parsed)
            else:
                firsts[parsed.email] = replace(parsed, attributes=dict(parsed.attributes))
    except csv.Error as error:
        raise _file_error(f"The file could not be read as CSV ({error}).") from None
    return _File(columns=columns, firsts=firsts, rows=rows, errors=errors)


def _existing(emails: list[str], *, lock: bool = False) -> dict[str, Participant]:
    queryset = Participant.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    if lock:
        queryset = queryset.select_for_update()
    return {participant.email_lower: participant for participant in queryset}


def _preview(file: _File, existing: dict[str, Participant]) -> ImportPreview:
    rows = []
    for parsed in file.rows:
        first = file.firsts[parsed.email]
        if first.line != parsed.line:
            values, action, merged_into = parsed, "merge", first.line
        else:
            values, action, merged_into = first, "update" if parsed.email in existing else "create", None
        rows.append(
            ImportRow(
                line=values.line,
                email=values.email,
                name=values.name,
                timezone=values.timezone,
                locale=values.locale,
                attributes=dict(values.attributes),
                consent_to_contact=values.consent_to_contact,
                do_not_contact=values.do_not_contact,
                action=action,
                merged_into=merged_into,
            )
        )
    return ImportPreview(rows=rows, errors=file.errors, columns=file.columns)


def participants_preview(data: bytes | str, *, max_rows: int = MAX_ROWS) -> ImportPreview:
    """Read a CSV file and say what importing it would do, row by row, without writing anything."""
    file = _read(data, max_rows=max_rows)
    return _preview(file, _existing(list(file.firsts)))


@transaction.atomic
def participants_import(*, data: bytes | str, skip_errors: bool = False, actor=None) -> ImportResult:
    """Create and update the participants a CSV file lists; a file with bad rows is refused unless told to skip them."""
    file = _read(data, max_rows=MAX_ROWS)
    skipped = [error.line for error in file.errors]
    if skipped and not skip_errors:
        lines = ", ".join(str(line) for line in skipped[:10]) + (", ..." if len(skipped) > 10 else "")
        count = "1 row has errors (line" if len(skipped) == 1 else f"{len(skipped)} rows have errors (lines"
        raise _file_error(f"{count} {lines}): correct them, or import the other rows and skip these.")
    # Two imports of one file (a double click) would both create the same people: take turns per workspace.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':participants_import'))")
    existing = _existing(list(file.firsts), lock=True)
    preview = _preview(file, existing)

    now = timezone.now()
    creates, updates, before = [], [], {}
    for row in preview.rows:
        if row.action == "create":
            creates.append(
                Participant(
                    email=row.email,
                    name=row.name,
                    timezone=row.timezone or "UTC",
                    locale=row.locale,
                    attributes=row.attributes,
                    consent_to_contact=bool(row.consent_to_contact),
                    do_not_contact=bool(row.do_not_contact),
                )
            )
        elif row.action == "update":
            participant = existing[row.email]
            before[participant.pk] = {name: getattr(participant, name) for name in CONSENT_FIELDS}
            participant.name = row.name or participant.name
            participant.timezone = row.timezone or participant.timezone
            participant.locale = row.locale or participant.locale
            participant.attributes = {**(participant.attributes or {}), **row.attributes}
            if row.consent_to_contact is not None:
                participant.consent_to_contact = row.consent_to_contact
            if row.do_not_contact is not None:
                participant.do_not_contact = row.do_not_contact
            participant.updated_at = now  # bulk_update does not run auto_now
            updates.append(participant)

    # Every value was validated while reading; full_clean() per row would cost a query (the unique email check)
    # and a time zone directory scan per participant.
    try:
        Participant.objects.bulk_create(creates, batch_size=BATCH_SIZE)
    except IntegrityError:
        raise _file_error(
            "Some of these participants were added by someone else while the file was importing: import it again."
        ) from None
    Participant.objects.bulk_update(
        updates,
        ["name", "timezone", "locale", "attributes", "consent_to_contact", "do_not_contact", "updated_at"],
        batch_size=BATCH_SIZE,
    )
    # Where each new participant and each change of consent came from, for their page.
    changes = [consent_change(p, None, source=ChangeSource.IMPORT, actor=actor) for p in creates]
    changes += [consent_change(p, before[p.pk], source=ChangeSource.IMPORT, actor=actor) for p in updates]
    ParticipantChange.objects.bulk_create([change for change in changes if change], batch_size=BATCH_SIZE)
    audit_record(
        actor=actor, action="participants.imported",
        detail={"created": len(creates), "updated": len(updates), "skipped_lines": len(skipped)},
    )  # fmt: skip
    logger.info(
        "participants imported by %s: %d created, %d updated, %d lines skipped",
        actor or "command line",
        len(creates),
        len(updates),
        len(skipped),
    )
    return ImportResult(created=len(creates), updated=len(updates), skipped_lines=skipped)
