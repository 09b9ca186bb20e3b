"""Fixtures for the admin console's API: a gateway with the console on, in front of the stand-in bot,
writing its reviewed file and models into a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from api.admin.accounts import hash_password

PASSWORD = "correct horse battery"
FAST_HASH_ITERATIONS = 1000  # real accounts use many more; tests only need the format


def account(name: str, password: str = PASSWORD) -> str:
    return f"{name}:{hash_password(password, iterations=FAST_HASH_ITERATIONS)}"


@pytest.fixture
def console_settings(tmp_path: Path) -> dict:
    model = tmp_path / "models" / "live.tar.gz"
    model.parent.mkdir()
    model.write_bytes(b"the live model")
    return {
        "admin_console": True,
        "admin_accounts": [account("张警官"), account("李教官")],
        "reviewed_nlu_file": str(tmp_path / "nlu" / "reviewed.yml"),
        "model": str(model),
        "models_dir": str(tmp_path / "models" / "station"),
    }


@pytest.fixture
def console_client_with(
    stand_in_client_with: Callable[..., TestClient], console_settings: dict
) -> Callable[..., TestClient]:
    def build(**settings: object) -> TestClient:
        return stand_in_client_with(**{**console_settings, **settings})

    return build


@pytest.fixture
def console(console_client_with: Callable[..., TestClient]) -> TestClient:
    """A gateway with the console on (not signed in)."""
    return console_client_with()


@pytest.fixture
def signed_in(console: TestClient) -> Iterator[TestClient]:
    """The same gateway, signed in as 张警官."""
    response = console.post("/api/admin/session", json={"name": "张警官", "password": PASSWORD})
    assert response.status_code == 200, response.text
    yield console
