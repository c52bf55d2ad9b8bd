"""The developer's set-up: links follow the port the demo serves on, and running tests never rewrites `.env`.

Both run real processes (the settings, `bin/services.py`) against a `.env` of their own (PARLEY_ENV_FILE), never
the developer's."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests import processes
from tests.processes import ROOT


def _settings(tmp_path, **env) -> str:
    env_file = tmp_path / "settings.env"
    env_file.write_text("SECRET_KEY=" + "x" * 50 + "\n")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PARLEY_", "DEBUG"))}
    script = "import django; django.setup(); from django.conf import settings; print(settings.PARLEY_URL_TEMPLATE)"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "PARLEY_ENV_FILE": str(env_file), **env},
    )  # fmt: skip
    return result.stdout.strip()


def test_links_follow_the_demo_port(tmp_path):
    assert _settings(tmp_path, DEBUG="1", PARLEY_PORT="8101") == "http://{host}:8101"
    assert _settings(tmp_path, DEBUG="1") == "http://{host}:8000"
    assert _settings(tmp_path, DEBUG="0") == "https://{host}"
    assert _settings(tmp_path, DEBUG="1", PARLEY_PORT="8101", PARLEY_URL_TEMPLATE="https://{host}") == "https://{host}"


def _services(tmp_path, *args, **env) -> str:
    # The settings loaded the developer's .env into this process's environment: the script must not see it.
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG")
             and not k.startswith("PARLEY_")}  # fmt: skip
    subprocess.run(
        [sys.executable, "bin/services.py", *args], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**clean, "PARLEY_ENV_FILE": str(tmp_path / ".env"), **env},
    )  # fmt: skip
    return (tmp_path / ".env").read_text()


@pytest.mark.django_db
def test_services_never_write_urls_given_in_the_environment(tmp_path):
    urls = {"DATABASE_URL": processes.test_database_url(), "REDIS_URL": settings.REDIS_URL}
    earlier = "# mine\nDATABASE_URL=postgresql://elsewhere/demo\nPARLEY_URL_TEMPLATE=http://{host}:8000\n"
    (tmp_path / ".env").write_text(earlier)
    written = _services(tmp_path, **urls)
    assert "DATABASE_URL=postgresql://elsewhere/demo" in written  # the developer's demo database stays
    assert "REDIS_URL" not in written and settings.REDIS_URL not in written
    assert "SECRET_KEY=" in written and "DEBUG=1" in written
    # The fixed port an earlier version wrote is gone: links follow PARLEY_PORT now.
    assert "PARLEY_URL_TEMPLATE" not in written
    # The demo remembers the port it was asked to serve on; a test run does not.
    assert "PARLEY_PORT" not in _services(tmp_path, PARLEY_PORT="8101", **urls)
    assert "PARLEY_PORT=8101" in _services(tmp_path, "--demo", PARLEY_PORT="8101", **urls)


def test_pages_name_a_favicon_that_exists(client_for):
    from django.contrib.staticfiles import finders

    page = client_for(None).get("/accounts/login/")
    assert page.status_code == 200 and 'rel="icon"' in page.text and "favicon.svg" in page.text
    assert finders.find("favicon.svg")
