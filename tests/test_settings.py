"""Settings fail safe: without DEBUG in the environment, DEBUG is off."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _settings(env):
    code = "import coverage_site.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_debug_is_off_unless_the_environment_turns_it_on():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["SECRET_KEY"] = "a-test-key"
    result = _settings(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False []"


def test_without_debug_a_secret_key_is_required():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    result = _settings(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
