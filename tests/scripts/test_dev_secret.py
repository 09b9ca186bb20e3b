"""scripts/dev_secret.sh: development secrets made once, kept owner-only, the same on every call."""

import stat
import subprocess

from rasa_runtime.stack import ROOT

SCRIPT = ROOT / "scripts" / "dev_secret.sh"


def secret(name, path):
    return subprocess.run(
        [str(SCRIPT), name], env={"SECRETS_FILE": str(path), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True
    )


def test_a_secret_is_made_once_and_then_kept(tmp_path):
    path = tmp_path / "var" / "secrets.env"
    first = secret("SESSION_SECRET", path).stdout
    assert len(first) == 64 and int(first, 16) >= 0
    assert secret("SESSION_SECRET", path).stdout == first
    assert secret("RASA_AUTH_TOKEN", path).stdout not in ("", first)


def test_the_secrets_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "secrets.env"
    secret("RASA_AUTH_TOKEN", path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_unknown_secret_name_is_refused(tmp_path):
    result = secret("PATH", tmp_path / "secrets.env")
    assert result.returncode == 2 and "unknown secret" in result.stderr
