"""The docs say what the code does: the API reference is generated, and every variable, path and link is checked."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").rglob("*.md"))]
TOP_FOLDERS = (
    "config", "workspaces", "outbox", "webhooks", "studies", "interviews", "synthesis", "roadmap", "demo",
    "templates", "tests", "bench", "bin", "docs", "static",
)  # fmt: skip
ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list"}


def test_api_reference_is_generated_from_the_schema():
    from workspaces.management.commands.api_docs import api_markdown

    written = (ROOT / "docs" / "api.md").read_text() if (ROOT / "docs" / "api.md").exists() else ""
    assert written == api_markdown(), "docs/api.md differs from the OpenAPI schema: run `manage.py api_docs`"


def _literal_name(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_os_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", None) == "os"


def variables_read_by_config() -> set[str]:
    """Names passed as literals to env_str/env_bool/env_int/env_list, os.environ.get, os.environ[...], os.getenv."""
    names = set()
    for path in sorted((ROOT / "config").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                helper = isinstance(func, ast.Name) and func.id in ENV_HELPERS
                environ_get = isinstance(func, ast.Attribute) and func.attr == "get" and _is_os_environ(func.value)
                getenv = (
                    isinstance(func, ast.Attribute)
                    and func.attr == "getenv"
                    and getattr(func.value, "id", None) == "os"
                )
                if (helper or environ_get or getenv) and _literal_name(node.args[0]):
                    names.add(node.args[0].value)
            elif isinstance(node, ast.Subscript) and _is_os_environ(node.value) and _literal_name(node.slice):
                names.add(node.slice.value)
    # DJANGO_SETTINGS_MODULE is how Django finds the settings, not a setting.
    return names - {"DJANGO_SETTINGS_MODULE"}


def variables_documented() -> set[str]:
    """The variables in the first column of docs/configuration.md's tables."""
    names = set()
    for line in (ROOT / "docs" / "configuration.md").read_text().splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def variables_in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_every_variable_read_is_documented_and_in_env_example():
    read = variables_read_by_config()
    assert len(read) > 20, f"found too few variables in config/*.py: {sorted(read)}"
    documented = variables_documented()
    undocumented = sorted(read - documented)
    assert not undocumented, f"read in config/ but not in docs/configuration.md's tables: {undocumented}"
    stale = sorted(documented - read)
    assert not stale, f"documented in docs/configuration.md but no longer read in config/: {stale}"
    missing = sorted(read - variables_in_env_example())
    assert not missing, f"read in config/ but not listed in .env.example: {missing}"


def _code_spans(text: str) -> list[str]:
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)  # fenced blocks hold commands, not paths
    return re.findall(r"`([^`\n]+)`", text)


def repository_paths(text: str) -> set[str]:
    """Backticked paths in this repository: they start with a top-level folder and hold no placeholder."""
    paths = set()
    for span in _code_spans(text):
        candidate = span.strip()
        if " " in candidate or not candidate.startswith(tuple(f"{folder}/" for folder in TOP_FOLDERS)):
            continue
        if any(mark in candidate for mark in "*<>{}?…") or "..." in candidate:
            continue
        paths.add(candidate.rstrip(".,:;"))
    return paths


def test_every_path_named_in_the_docs_exists():
    missing = []
    for doc in DOCS:
        for path in sorted(repository_paths(doc.read_text())):
            if not (ROOT / path).exists():
                missing.append(f"{doc.relative_to(ROOT)}: `{path}`")
    assert not missing, "paths named in the docs that do not exist:\n" + "\n".join(missing)


def test_every_relative_link_resolves():
    broken = []
    for doc in DOCS:
        text = re.sub(r"^```.*?^```", "", doc.read_text(), flags=re.MULTILINE | re.DOTALL)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue  # a URL, or an anchor in the same page
            file_part = target.split("#", 1)[0]
            if not (doc.parent / file_part).resolve().exists():
                broken.append(f"{doc.relative_to(ROOT)}: ({target})")
    assert not broken, "relative links in the docs that lead nowhere:\n" + "\n".join(broken)
