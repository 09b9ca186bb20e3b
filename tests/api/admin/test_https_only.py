"""Outside development the console and the admin API answer only over HTTPS: to the gateway itself, or
through a trusted proxy that says so. A closed lab network may say plainly that plain HTTP is fine."""

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.settings import Settings
from tests.api.admin.conftest import PASSWORD, account

PRODUCTION = {"environment": "production", "session_secret": "s" * 40, "rasa_auth_token": "r" * 40}
SIGN_IN = {"name": "张警官", "password": PASSWORD}


def test_outside_development_the_console_needs_https_or_a_plain_override():
    console = {**PRODUCTION, "admin_console": True, "admin_accounts": [account("张警官")]}
    with pytest.raises(ValidationError, match="ADMIN_OVER_PLAIN_HTTP"):
        Settings(**console)
    assert Settings(**console, session_cookie_secure=True).admin_console
    assert Settings(**console, admin_over_plain_http=True).admin_over_plain_http


def test_over_plain_http_the_console_and_its_api_refuse(console_client_with):
    client = console_client_with(**PRODUCTION, session_cookie_secure=True)
    assert client.get("/admin/sign-in").status_code == 403
    refused = client.post("/api/admin/session", json=SIGN_IN)
    assert refused.status_code == 403 and "HTTPS" in refused.json()["message"]


def test_over_https_the_sign_in_works_and_its_cookie_is_secure(console_client_with):
    client = console_client_with(**PRODUCTION, session_cookie_secure=True)
    secure = TestClient(client.app, base_url="https://testserver")
    with secure:
        response = secure.post("/api/admin/session", json=SIGN_IN)
        assert response.status_code == 200
        assert (
            "secure" in response.headers["set-cookie"].lower() and "httponly" in response.headers["set-cookie"].lower()
        )


def test_a_forwarded_https_counts_only_from_a_trusted_proxy(console_client_with):
    trusting = console_client_with(**PRODUCTION, session_cookie_secure=True, trusted_proxies=["testclient"])
    assert trusting.post("/api/admin/session", json=SIGN_IN, headers={"X-Forwarded-Proto": "https"}).status_code == 200
    distrusting = console_client_with(**PRODUCTION, session_cookie_secure=True)
    assert (
        distrusting.post("/api/admin/session", json=SIGN_IN, headers={"X-Forwarded-Proto": "https"}).status_code == 403
    )


def test_a_closed_lab_network_may_use_the_console_over_plain_http(console_client_with):
    client = console_client_with(**PRODUCTION, admin_over_plain_http=True)
    assert client.post("/api/admin/session", json=SIGN_IN).status_code == 200
