"""Settings fail loudly on bad values, and production settings pass Django's deploy checks."""

import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django_tenants.utils import schema_context

from config.env import env_bool, env_int, env_list, env_str, load_dotenv
from tests.processes import ROOT


def test_env_bool(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG", False)


def test_env_int_list_and_required(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert env_int("N", 0) == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N", 0)
    monkeypatch.setenv("HOSTS", "a.test, b.test,")
    assert env_list("HOSTS", []) == ["a.test", "b.test"]
    monkeypatch.delenv("MISSING_ONE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="MISSING_ONE is required"):
        env_str("MISSING_ONE")


def test_dotenv_does_not_override_the_environment(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nFROM_FILE=1\nALREADY=file\n")
    monkeypatch.setenv("ALREADY", "environment")
    monkeypatch.delenv("FROM_FILE", raising=False)
    load_dotenv(env_file)
    assert os.environ["FROM_FILE"] == "1" and os.environ["ALREADY"] == "environment"
    monkeypatch.delenv("FROM_FILE")
    env_file.write_text("no equals sign\n")
    with pytest.raises(ImproperlyConfigured, match=r"\.env:1"):
        load_dotenv(env_file)


def test_check_deploy_is_clean_with_debug_off_and_a_real_secret():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for Playwright only
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "-real-secret-with-enough-entropy-" + "x7Q" * 10,
        "PARLEY_BASE_DOMAIN": "parley.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_cache_keys_carry_the_schema(db):
    with schema_context("ws_acme"):
        cache.set("answer", "acme's")
    with schema_context("ws_globex"):
        assert cache.get("answer") is None
        cache.set("answer", "globex's")
    with schema_context("ws_acme"):
        assert cache.get("answer") == "acme's"
        cache.delete("answer")
    with schema_context("ws_globex"):
        cache.delete("answer")
    assert connection.schema_name == "public"


def test_log_records_carry_the_schema(db, caplog):
    import logging

    from django_tenants.log import TenantContextFilter

    record = logging.LogRecord("parley", logging.INFO, __file__, 1, "hello", None, None)
    with schema_context("ws_globex"):
        TenantContextFilter().filter(record)
    assert record.schema_name == "ws_globex"


def test_model_checks_pass_inside_a_workspace_schema(world):
    """Tenant models' database checks (e.g. the bookings' exclusion constraint) only run inside a tenant schema,
    which is where `migrate_schemas --tenant` runs them: a missing app there broke `make demo` on a second run."""
    from django.core import checks

    with schema_context(world.acme.schema_name):
        errors = [e for e in checks.run_checks(databases=["default"]) if e.level >= checks.ERROR]
    assert errors == []


def test_the_cache_keeps_one_redis_client_per_pool_and_serves_threads():
    """config/cache.py: Django's Redis cache without a new client per call; one client serves every thread."""
    from concurrent.futures import ThreadPoolExecutor

    assert cache._cache.get_client("a", write=True) is cache._cache.get_client("b", write=True)

    def round_trip(n: int) -> int:
        cache.set(f"config-cache-test-{n}", n, timeout=30)
        return cache.get(f"config-cache-test-{n}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(round_trip, range(64))) == list(range(64))
    cache.delete_many([f"config-cache-test-{n}" for n in range(64)])
