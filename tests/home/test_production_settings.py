"""Production settings: `check --deploy` is clean, and missing secrets stop start-up clearly."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args, "--settings=config.settings.production"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_issues():
    result = manage(
        "check",
        "--deploy",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="twinhub.example.org,www.twinhub.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_notices_a_weak_secret_key():
    result = manage("check", "--deploy", SECRET_KEY="short", ALLOWED_HOSTS="twinhub.example.org")
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_missing_secret_stops_start_up_with_a_clear_message(missing):
    env = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "twinhub.example.org"}
    del env[missing]
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set in the environment" in result.stderr
    assert "Traceback" not in result.stderr
