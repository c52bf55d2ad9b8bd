"""The layout keeps its promises: dependencies point one way, every app has one shape, beat names real tasks.

These read the source as text (`ast`), so they hold for imports inside functions too.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# Lower layers first: an app may import the apps before it, never the ones after it.
LAYERS = ["workspaces", "studies", "interviews", "synthesis", "roadmap"]
SHARED = ["outbox", "webhooks"]  # used by every domain app; they use none of the domain
APPS = [*LAYERS, *SHARED]
# A module longer than this is several things: split it by meaning.
MAX_LINES = 600


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path: Path) -> set[tuple[int, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        found.update((node.lineno, name.split(".")[0]) for name in names)
    return found


def _allowed(app: str) -> set[str]:
    if app in SHARED:
        return {"workspaces"}
    return set(LAYERS[: LAYERS.index(app)]) | set(SHARED)


@pytest.mark.parametrize("app", APPS)
def test_dependencies_point_one_way(app):
    forbidden = (set(APPS) | {"demo"}) - _allowed(app) - {app}
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in _sources(app)
        for line, name in sorted(_imported_apps(path))
        if name in forbidden
    ]
    assert not wrong, f"{app} may import only {sorted(_allowed(app))}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", APPS)
def test_capabilities_are_folders_not_prefixed_files(app):
    # views_codebook.py beside api_codebook.py and urls_codebook.py is one capability spread over three names:
    # it belongs in codebook/views.py, codebook/api.py, codebook/urls.py.
    prefixed = [
        str(path.relative_to(ROOT))
        for path in _sources(app)
        if "management" not in path.parts
        and re.fullmatch(r"(views|api|urls|services|selectors|forms|tasks)_\w+\.py", path.name)
    ]
    assert not prefixed, f"move these into their capability's folder: {prefixed}"


@pytest.mark.parametrize("app", APPS)
def test_modules_read_in_one_sitting(app):
    long = {
        str(path.relative_to(ROOT)): n
        for path in _sources(app)
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, f"split these along their own sections (over {MAX_LINES} lines): {long}"


@pytest.mark.parametrize("app", ["studies", "interviews", "synthesis"])
def test_views_are_not_grouped_by_kind_at_app_level(app):
    # An app of several capabilities keeps views, API and services inside each capability's folder.
    by_kind = [
        name for name in ("views", "api.py", "services.py", "selectors.py", "views.py") if (ROOT / app / name).exists()
    ]
    assert not by_kind, f"{app}/ groups by kind: {by_kind}; move them into its capability folders"


def test_beat_schedule_names_registered_tasks():
    from config.celery import app

    app.loader.import_default_modules()
    missing = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] not in app.tasks]
    assert not missing, f"beat would send tasks no worker knows: {missing}"
