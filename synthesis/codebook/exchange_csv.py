"""The codebook as CSV: one row per tag with its `path` ("Pain > Onboarding > Import fails"), `description` and
`colour`. Reading reports the first problem with its line and changes nothing."""

import csv
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from synthesis.codebook.refiqda import MAX_BYTES, MAX_CODES
from synthesis.codebook.services import PATH_SEPARATOR, CodeSpec, clean_colour, clean_name

if TYPE_CHECKING:
    from synthesis.codebook.services import TagNode

COLUMNS = ["path", "description", "colour"]
COLUMN_ALIASES = {"path": "path", "description": "description", "colour": "colour", "color": "colour"}
# Spreadsheets run a cell that starts with one of these as a formula: written with a leading ' and read back without.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _protect(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def _unprotect(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def codebook_to_csv(nodes: Iterable["TagNode"]) -> bytes:
    """Parents before their children, so the file imports in one pass; UTF-8 with a BOM for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for node in nodes:
        writer.writerow([_protect(node.path), _protect(node.tag.description), node.tag.colour])
    return out.getvalue().encode("utf-8-sig")


def parse_csv(data: bytes | str) -> list[CodeSpec]:
    """The codes of a CSV codebook, nested by path; a parent missing a row of its own is created with defaults."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise _error(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: that is not a codebook.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise _error(f"Line {line}: the file is not UTF-8 text. Save it as “CSV UTF-8” and try again.") from None
    else:
        text = data
    if match := BINARY.search(text):
        line = text.count("\n", 0, match.start()) + 1
        raise _error(f"Line {line}: the file is not a CSV text file (a spreadsheet or an image?). Save it as CSV.")
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise _error("Line 1: the file is empty. Its first line names the columns: path, description, colour.")
    delimiter = next((sign for sign in (",", ";", "\t") if sign in first_line), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
        columns = {}
        for index, cell in enumerate(header):
            columns.setdefault(COLUMN_ALIASES.get(cell, ""), index)
        if "path" not in columns:
            found = ", ".join(cell for cell in header if cell) or "none"
            raise _error(f"Line 1: there is no “path” column (columns found: {found}).")
        return _read_rows(reader, columns)
    except csv.Error as error:
        raise _error(f"Line {reader.line_num}: {error}.") from None


def _read_rows(reader, columns: dict[str, int]) -> list[CodeSpec]:
    roots: list[CodeSpec] = []
    by_path: dict[tuple[str, ...], CodeSpec] = {}
    explicit: dict[tuple[str, ...], int] = {}  # path -> the line that gave it a row of its own
    line = reader.line_num + 1
    for row in reader:
        line, start = reader.line_num + 1, line  # a quoted cell may span lines: report where the row starts

        def cell(column: str, row=row) -> str:
            index = columns.get(column)
            return _unprotect(row[index].strip()) if index is not None and index < len(row) else ""

        if not any(value.strip() for value in row):
            continue
        path_text = cell("path")
        if not path_text:
            raise _error(f"Line {start}: the path is empty.")
        parts = [part.strip() for part in f" {path_text} ".split(PATH_SEPARATOR)]
        if not all(parts) or path_text.startswith(">") or path_text.endswith(">"):
            raise _error(f"Line {start}: the path “{path_text}” has an empty level.")
        try:
            path = tuple(clean_name(part) for part in parts)
        except ValidationError as error:
            raise _error(f"Line {start}: {error.messages[0]}") from None
        colour = cell("colour")
        if colour:
            try:
                colour = clean_colour(colour)
            except ValidationError:
                raise _error(f"Line {start}: the colour “{colour}” is not a colour like #3452c7.") from None
        if path in explicit:
            raise _error(f"Line {start}: “{PATH_SEPARATOR.join(path)}” is already on line {explicit[path]}.")
        explicit[path] = start
        for depth in range(1, len(path) + 1):
            if path[:depth] not in by_path:
                code = CodeSpec(name=path[depth - 1], line=start)
                siblings = by_path[path[: depth - 1]].children if depth > 1 else roots
                siblings.append(code)
                by_path[path[:depth]] = code
                if len(by_path) > MAX_CODES:
                    raise _error(f"Line {start}: the file has more than {MAX_CODES:,} codes; split it.")
        code = by_path[path]
        code.description, code.colour = cell("description"), colour or None
    return roots
