"""Only signed-in trainers (or the ADMIN_TOKEN bearer) reach the console and its API."""
import pytest
from pydantic import ValidationError

from api.admin.sessions import COOKIE_NAME
from api.settings import Settings
from tests.api.admin.conftest import PASSWORD

ADMIN_TOKEN = "t" * 40
ADMIN_READS = ["/api/admin/me", "/api/admin/queue", "/api/admin/decisions", "/api/admin/training",
               "/api/admin/charts", "/api/admin/audit"]


def sign_in(client, name="张警官", password=PASSWORD):
    return client.post("/api/admin/session", json={"name": name, "password": password})


def test_the_console_is_not_there_unless_it_is_enabled(stand_in_client):
    assert stand_in_client.get("/admin", follow_redirects=False).status_code == 404
    assert stand_in_client.get("/api/admin/queue").status_code == 404


def test_enabling_the_console_without_accounts_is_a_clear_start_up_error():
    with pytest.raises(ValidationError, match="ADMIN_CONSOLE=true needs ADMIN_ACCOUNTS"):
        Settings(admin_console=True)


def test_a_malformed_account_entry_is_refused_at_start_up():
    with pytest.raises(ValidationError, match="expected name:hash"):
        Settings(admin_console=True, admin_accounts=["张警官-no-hash"])


@pytest.mark.parametrize("path", ADMIN_READS)
def test_nothing_of_the_admin_api_answers_without_signing_in(console, path):
    response = console.get(path)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_the_console_page_sends_a_stranger_to_the_sign_in_page(console):
    response = console.get("/admin", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/admin/sign-in")
    assert "登录" in console.get("/admin/sign-in").text


def test_a_wrong_password_is_refused_and_recorded(signed_in):
    assert sign_in(signed_in, password="wrong password").status_code == 401
    assert sign_in(signed_in, name="无此人").status_code == 401
    failures = signed_in.get("/api/admin/audit").json()["entries"]
    assert [(e["action"], e["subject"]) for e in failures[:2]] == [("sign_in_failed", "无此人"), ("sign_in_failed", "张警官")]


def test_a_right_password_opens_a_strict_http_only_session_that_reaches_the_console(console):
    response = sign_in(console)
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert COOKIE_NAME in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert console.get("/api/admin/me").json() == {"name": "张警官"}
    page = console.get("/admin", follow_redirects=False)
    assert page.status_code == 200 and "枫桥助手训练台" in page.text


def test_after_five_failures_even_the_right_password_waits(console):
    for _ in range(5):
        assert sign_in(console, password="guess").status_code == 401
    refused = sign_in(console)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) == 15 * 60
    assert console.get("/api/admin/me").status_code == 401


def test_failures_count_per_account_name_and_per_address(console_client_with):
    client = console_client_with(admin_sign_in_failures=2, trusted_proxies=["testclient"])
    office, elsewhere = {"X-Forwarded-For": "10.0.0.1"}, {"X-Forwarded-For": "10.0.0.2"}
    for _ in range(2):
        client.post("/api/admin/session", json={"name": "李教官", "password": "guess"}, headers=office)
    assert client.post("/api/admin/session", json={"name": "李教官", "password": PASSWORD}, headers=elsewhere).status_code == 429
    assert client.post("/api/admin/session", json={"name": "张警官", "password": PASSWORD}, headers=office).status_code == 429
    assert client.post("/api/admin/session", json={"name": "张警官", "password": PASSWORD}, headers=elsewhere).status_code == 200


def test_signing_out_ends_the_session_for_good(console):
    sign_in(console)
    token = console.cookies.get(COOKIE_NAME)
    assert console.delete("/api/admin/session").status_code == 200
    console.cookies.set(COOKIE_NAME, token)  # the old cookie, replayed
    assert console.get("/api/admin/me").status_code == 401


def test_the_admin_token_reaches_the_api_and_is_named_in_the_audit(console_client_with):
    client = console_client_with(admin_token=ADMIN_TOKEN)
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    assert client.get("/api/admin/me", headers=headers).json() == {"name": "ADMIN_TOKEN"}
    assert client.get("/api/admin/me", headers={"Authorization": "Bearer wrong"}).status_code == 403
