"""The carecommons command, settings from the environment and the deployment checklist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from carecommons.core import env

CARECOMMONS = str(Path(sys.executable).with_name("carecommons"))


def _run(
    *args: str, extra_env: dict[str, str] | None = None, tmp_path: Path
) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    environment.update({"CARECOMMONS_DATA_DIR": str(tmp_path), **(extra_env or {})})
    return subprocess.run(
        [CARECOMMONS, *args], capture_output=True, text=True, env=environment, timeout=300
    )


def test_database_matches_what_ci_asked_for():
    """In CI, a PostgreSQL run that silently fell back to SQLite must fail, not pass."""
    wanted = os.environ.get("DATABASE_URL", "")
    if wanted.startswith("postgres"):
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor == "sqlite"


def test_debug_is_off_unless_asked_for():
    assert settings.DEBUG is False


def test_env_helpers_explain_bad_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(env.SettingError, match="SOME_FLAG must be true or false"):
        env.flag("SOME_FLAG")
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(env.SettingError, match="SOME_NUMBER must be a whole number"):
        env.integer("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_LIST", "a.org, b.org,,")
    assert env.words("SOME_LIST", []) == ["a.org", "b.org"]


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        extra_env={
            "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
            "HTTPS": "true",
            "ALLOWED_HOSTS": "community.example.org",
            "SECURE_HSTS_PRELOAD": "true",
            "EMAIL_HOST": "smtp.example.org",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_generated_secret_key_is_kept_private(tmp_path):
    result = _run("check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_help_lists_the_subcommands(tmp_path):
    result = _run("help", tmp_path=tmp_path)
    for word in ("demo", "serve", "worker", "labs", "safety"):
        assert word in result.stdout


def test_demo_without_serving_is_idempotent(tmp_path):
    first = _run("demo", "--no-serve", "--data-dir", str(tmp_path / "data"), tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Demo community loaded" in first.stdout and "Demo logins" in first.stdout
    second = _run("demo", "--no-serve", "--data-dir", str(tmp_path / "data"), tmp_path=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "already loaded; nothing was changed" in second.stdout
    assert (tmp_path / "data" / "carecommons.sqlite3").exists()
