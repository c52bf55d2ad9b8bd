"""The participant pages' translations, without GNU gettext on the machine (Django's makemessages and
compilemessages need it): Babel reads and writes the catalogues.

    bin/messages.py compile   locale/<lang>/LC_MESSAGES/django.po -> django.mo (only those that changed)
    bin/messages.py update    collect every marked string of the code and templates into each django.po: new
                              ones arrive untranslated, gone ones are dropped, translations are kept
    bin/messages.py check     fail when a .po misses a marked string or has one untranslated (the tests run it)

The .mo files are build output (`make install` and `make test` make them; tests/conftest.py too, when stale).
"""

import io
import os
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ["de", "fr", "es", "pt"]  # English is the source language
# Where marked strings live. Staff pages are English and mark nothing: only participant pages and emails do.
SOURCE_DIRS = ["config", "interviews", "studies", "outbox", "workspaces", "webhooks", "synthesis", "roadmap"]
TEMPLATE_DIRS = ["templates"]
HEADER = """\
# {language} translations of Parley's participant pages and emails.
# `bin/messages.py update` adds new strings (empty) and drops gone ones; `bin/messages.py compile` writes the .mo.
#"""
KEYWORDS = {
    "gettext": None,
    "gettext_lazy": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "_": None,
}


def _po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def compile_messages(*, force: bool = False) -> list[Path]:
    """Write each django.mo older than its django.po; returns the ones written."""
    written = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalog = _read(po)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        mo.write_bytes(buffer.getvalue())
        written.append(mo)
    return written


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _add(catalog: Catalog, messages, where: str) -> None:
    for lineno, funcname, message, comments in messages:
        context = None
        if isinstance(message, tuple):
            strings = [part for part in message if part is not None]  # the count argument is no string
            if funcname.startswith(("pgettext", "npgettext")):
                context, *strings = strings
            message = strings[0] if len(strings) == 1 else tuple(strings)
        if not message:
            continue
        catalog.add(message, locations=[(where, lineno)], auto_comments=comments, context=context)


# Django's templatize() turns a template into text for xgettext: the gettext calls stand among filler that is no
# Python. Keep the calls, each on its template line.
_STRING = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_CALL = re.compile(rf"\b(?:npgettext|pgettext|ngettext|gettext)\((?:{_STRING}|, |count|\s)*\)")


def _calls_only(code: str) -> str:
    return "\n".join("; ".join(_CALL.findall(line)) for line in code.split("\n"))


def extract() -> Catalog:
    """Every marked string: gettext calls in Python, {% translate %} and {% blocktranslate %} in templates."""
    _setup_django()
    from django.utils.translation.template import templatize

    catalog = Catalog(project="Parley", charset="utf-8")
    options = {"comment_tags": ("Translators:",)}
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            with path.open("rb") as handle:
                messages = extract_python(handle, KEYWORDS, ["Translators:"], options)
                _add(catalog, messages, str(path.relative_to(ROOT)))
    for folder in TEMPLATE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".html", ".txt") or not path.is_file():
                continue
            source = path.read_text(encoding="utf-8")
            if "i18n" not in source:
                continue
            code = _calls_only(templatize(source, origin=str(path)))
            messages = extract_python(io.BytesIO(code.encode()), KEYWORDS, ["Translators:"], options)
            _add(catalog, messages, str(path.relative_to(ROOT)))
    return catalog


def update() -> None:
    template = extract()
    for language in LANGUAGES:
        path = _po_path(language)
        if path.exists():
            catalog = _read(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, project="Parley", charset="utf-8")
        created = catalog.creation_date
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.creation_date = created  # the header changes only when a translation does
        catalog.header_comment = HEADER.format(language=catalog.locale.english_name)
        catalog.fuzzy = False  # a fuzzy header would keep the .mo from saying its charset and plural forms
        catalog.project, catalog.version = "Parley", ""
        catalog.copyright_holder, catalog.msgid_bugs_address = "Parley contributors", ""
        catalog.last_translator = catalog.language_team = "Parley contributors"
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120, ignore_obsolete=True, include_previous=False, include_lineno=False)
        print(f"{path.relative_to(ROOT)}: {sum(1 for m in catalog if m.id)} messages")


def problems() -> list[str]:
    """What keeps the catalogues from covering the participant pages, one line each ([] when none)."""
    template = extract()
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    found = []
    for language in LANGUAGES:
        path = _po_path(language)
        if not path.exists():
            found.append(f"{language}: no {path.relative_to(ROOT)}")
            continue
        catalog = _read(path)
        have = {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in catalog if m.id}
        for key in sorted(wanted - set(have), key=str):
            found.append(f"{language}: missing {key[0]!r}")
        for key, message in have.items():
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings) or message.fuzzy:
                found.append(f"{language}: untranslated {key[0]!r}")
            if key not in wanted:
                found.append(f"{language}: no longer used {key[0]!r} (run bin/messages.py update)")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "compile":
        for path in compile_messages(force="--force" in argv):
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if command == "update":
        update()
        return 0
    if command == "check":
        found = problems()
        print("\n".join(found) or "every participant string is translated in " + ", ".join(LANGUAGES))
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
