"""Only signed-in trainers reach the console and its API; a stats token reads the figures only."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import ValidationError

from api.admin.sessions import COOKIE_NAME
from api.admin.sign_in_throttle import DEVICE_COOKIE
from api.settings import Settings
from tests.api.admin.conftest import PASSWORD, account

STATS_TOKEN = "t" * 40
ADMIN_READS = [
    "/api/admin/me",
    "/api/admin/queue",
    "/api/admin/decisions",
    "/api/admin/training",
    "/api/admin/charts",
    "/api/admin/audit",
]


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
    assert [(e["action"], e["subject"]) for e in failures[:2]] == [
        ("sign_in_failed", "无此人"),
        ("sign_in_failed", "张警官"),
    ]


def test_a_right_password_opens_a_strict_http_only_session_that_reaches_the_console(console):
    response = sign_in(console)
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert COOKIE_NAME in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert console.get("/api/admin/me").json() == {"name": "张警官"}
    page = console.get("/admin", follow_redirects=False)
    assert page.status_code == 200 and "枫桥助手训练台" in page.text


def test_after_five_failures_from_a_new_browser_even_the_right_password_waits_a_moment(console):
    for _ in range(5):
        assert sign_in(console, password="guess").status_code == 401
    refused = sign_in(console)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 2  # a delay of seconds, not a lock of minutes
    assert console.get("/api/admin/me").status_code == 401


def post_from(client, address, name, password):
    return client.post(
        "/api/admin/session", json={"name": name, "password": password}, headers={"X-Forwarded-For": address}
    ).status_code


def test_guesses_slow_down_their_own_address_but_not_a_colleague_elsewhere(console_client_with):
    client = console_client_with(admin_sign_in_failures=2, trusted_proxies=["testclient"])
    assert [post_from(client, "10.0.0.1", "李教官", "guess") for _ in range(3)] == [401, 401, 429]
    assert post_from(client, "10.0.0.1", "李教官", PASSWORD) == 429
    assert post_from(client, "10.0.0.2", "李教官", PASSWORD) == 200


def test_one_address_guessing_many_names_is_slowed_down(console_client_with):
    client = console_client_with(admin_sign_in_failures=2, trusted_proxies=["testclient"])
    statuses = [post_from(client, "10.0.0.9", f"猜{n}", "guess") for n in range(3)]
    assert statuses == [401, 401, 429]


def test_one_name_guessed_from_many_addresses_is_slowed_down_for_unknown_browsers(console_client_with):
    client = console_client_with(admin_sign_in_failures=2, trusted_proxies=["testclient"])
    statuses = [post_from(client, f"10.1.0.{n}", "张警官", "guess") for n in range(21)]
    assert statuses == [401] * 20 + [429]


def test_a_trainers_known_browser_signs_in_whatever_strangers_guessed(console_client_with):
    client = console_client_with(admin_sign_in_failures=2, trusted_proxies=["testclient"])
    assert post_from(client, "10.0.0.5", "张警官", PASSWORD) == 200  # the trainer's browser becomes known
    device = client.cookies.get(DEVICE_COOKIE)
    assert device
    client.cookies.clear()
    # a stranger behind the same address (a proxy not in TRUSTED_PROXIES looks like this) guesses the name
    assert [post_from(client, "10.0.0.5", "张警官", "guess") for _ in range(3)] == [401, 401, 429]
    assert [post_from(client, f"10.2.0.{n}", "张警官", "guess") for n in range(20)].count(429) >= 1
    client.cookies.set(DEVICE_COOKIE, device, path="/api/admin/session")
    assert post_from(client, "10.0.0.5", "张警官", PASSWORD) == 200


def test_a_device_cookie_counts_only_for_the_name_it_was_issued_to(console_client_with):
    client = console_client_with(admin_sign_in_failures=2, trusted_proxies=["testclient"])
    assert post_from(client, "10.0.0.6", "李教官", PASSWORD) == 200
    assert [post_from(client, "10.0.0.6", "张警官", "guess") for _ in range(3)] == [401, 401, 429]


def test_the_device_cookie_is_http_only_strict_and_sent_only_to_the_sign_in_route(console):
    cookies = sign_in(console).headers.get_list("set-cookie")
    device = next(cookie for cookie in cookies if cookie.startswith(DEVICE_COOKIE))
    assert "HttpOnly" in device and "SameSite=strict" in device and "Path=/api/admin/session" in device


def test_parallel_guesses_cannot_all_slip_under_the_limit(console):
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: sign_in(console, password="guess").status_code, range(12)))
    assert sorted(statuses) == [401] * 5 + [429] * 7


def test_a_session_ends_when_its_account_is_removed_or_its_password_changed(console_client_with, db_url):
    first = console_client_with()
    sign_in(first)
    token = first.cookies.get(COOKIE_NAME)
    assert first.get("/api/admin/me").status_code == 200
    for accounts in ([account("李教官")], [account("张警官", "a new password!")]):
        gateway = console_client_with(admin_accounts=accounts)  # restarted with other accounts, same database
        gateway.cookies.set(COOKIE_NAME, token)
        assert gateway.get("/api/admin/me").status_code == 401
    assert first.get("/api/admin/me").status_code == 200


def test_signing_out_ends_the_session_for_good(console):
    sign_in(console)
    token = console.cookies.get(COOKIE_NAME)
    assert console.delete("/api/admin/session").status_code == 200
    console.cookies.set(COOKIE_NAME, token)  # the old cookie, replayed
    assert console.get("/api/admin/me").status_code == 401


def test_a_stats_token_reads_the_figures_only_and_each_read_is_audited_by_its_name(console_client_with):
    client = console_client_with(stats_tokens=[f"monitoring:{STATS_TOKEN}"])
    bearer = {"Authorization": f"Bearer {STATS_TOKEN}"}
    assert client.get("/api/stats", headers=bearer).status_code == 200
    assert client.get("/api/health", headers=bearer).status_code == 200
    for path in ADMIN_READS:
        assert client.get(path, headers=bearer).status_code == 403, path
    assert client.post("/api/admin/training", json={}, headers=bearer).status_code == 403
    sign_in(client)
    reads = client.get("/api/admin/audit").json()["entries"]
    assert ("stats:monitoring", "read_stats") in [(entry["actor"], entry["action"]) for entry in reads]


def test_the_old_admin_token_stops_the_start_with_what_to_do_instead():
    with pytest.raises(ValidationError, match="STATS_TOKENS"):
        Settings(admin_token=STATS_TOKEN)


@pytest.mark.parametrize("entry", ["monitoring", "monitoring:short", ":" + "x" * 40])
def test_a_malformed_stats_token_entry_is_refused_at_start_up(entry):
    with pytest.raises(ValidationError, match="STATS_TOKENS entry"):
        Settings(stats_tokens=[entry])


def test_signing_out_documents_every_answer_it_gives(console):
    responses = console.app.openapi()["paths"]["/api/admin/session"]["delete"]["responses"]
    assert {"200", "401", "403"} <= set(responses)
    assert console.delete("/api/admin/session", headers={"Authorization": "Bearer wrong"}).status_code in (401, 403)
