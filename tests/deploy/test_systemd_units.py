"""The systemd units of deploy/systemd: valid for systemd itself, started through scripts/serve.sh
(the Procfile's commands), restarted on failure, in the right order, as the service user."""

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from rasa_runtime.stack import ROOT

UNITS = ROOT / "deploy" / "systemd"
SERVICES = {
    "rasa": "fengqiao-rasa.service",
    "actions": "fengqiao-actions.service",
    "gateway": "fengqiao-gateway.service",
}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def installed_here(tmp_path: Path) -> Path:
    """The units as docs/deploy.md installs them, with /opt/fengqiao being this checkout."""
    environment = tmp_path / "fengqiao.env"
    shutil.copy(UNITS / "fengqiao.env.example", environment)
    for path in UNITS.glob("fengqiao*.*"):
        if path.suffix in (".service", ".target"):
            text = path.read_text(encoding="utf-8").replace("/etc/fengqiao/fengqiao.env", str(environment))
            (tmp_path / path.name).write_text(text.replace("/opt/fengqiao", str(ROOT)), encoding="utf-8")
    return tmp_path


@pytest.mark.e2e  # needs systemd-analyze, which `make browser` installs when missing
def test_systemd_accepts_every_unit(tmp_path):
    assert shutil.which("systemd-analyze"), "systemd-analyze is missing: apt-get install systemd"
    here = installed_here(tmp_path)
    names = sorted(path.name for path in here.iterdir() if path.suffix in (".service", ".target"))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *names], cwd=here, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.e2e
def test_systemd_refuses_a_broken_unit(tmp_path):
    here = installed_here(tmp_path)
    broken = here / SERVICES["gateway"]
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("scripts/serve.sh", "scripts/missing.sh"), encoding="utf-8"
    )
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", broken.name], cwd=here, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "missing.sh" in result.stderr


@pytest.mark.parametrize("process, name", SERVICES.items())
def test_each_service_runs_the_procfile_s_command_as_the_service_user_and_restarts_on_failure(process, name):
    service = unit(name)["Service"]
    assert service["ExecStart"] == f"/opt/fengqiao/scripts/serve.sh {process}"
    assert f"scripts/serve.sh {process}" in (ROOT / "Procfile").read_text(encoding="utf-8")
    assert service["User"] == "fengqiao" and service["EnvironmentFile"] == "/etc/fengqiao/fengqiao.env"
    assert service["Restart"] == "on-failure" and service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict" and "/opt/fengqiao/var" in service["ReadWritePaths"].split()


def test_the_gateway_starts_after_rasa_and_rasa_after_the_action_server():
    assert "fengqiao-rasa.service" in unit(SERVICES["gateway"])["Unit"]["After"].split()
    assert "fengqiao-actions.service" in unit(SERVICES["rasa"])["Unit"]["After"].split()
    target = unit("fengqiao.target")
    assert set(target["Unit"]["Wants"].split()) == set(SERVICES.values())
    assert target["Install"]["WantedBy"] == "multi-user.target"


def test_the_environment_example_is_for_production_behind_https_with_secrets_to_fill_in():
    example = dict(
        line.split("=", 1)
        for line in (UNITS / "fengqiao.env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert example["ENVIRONMENT"] == "production" and example["SESSION_COOKIE_SECURE"] == "true"
    assert example["RASA_AUTH_TOKEN"].startswith("<") and example["SESSION_SECRET"].startswith("<")
    assert {
        "RASA_HOST",
        "RASA_PORT",
        "ACTIONS_PORT",
        "GATEWAY_HOST",
        "GATEWAY_PORT",
        "GATEWAY_WORKERS",
        "MODEL",
    } <= set(example)


def test_serve_refuses_an_unknown_process():
    result = subprocess.run([str(ROOT / "scripts" / "serve.sh"), "shell"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "usage" in result.stderr


def test_the_gateway_s_workers_share_a_metrics_directory_made_empty_at_each_start():
    service = unit(SERVICES["gateway"])["Service"]
    assert service["RuntimeDirectory"] == "fengqiao-metrics"
    assert service["Environment"] == "PROMETHEUS_MULTIPROC_DIR=/run/fengqiao-metrics"
