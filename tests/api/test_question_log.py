"""The learning loop's log: what is recorded for each kind of turn (even when the log cannot be
written), and the stats endpoint, which only an admin may read."""

import logging

import pytest
import sqlalchemy as sa

STATS_TOKEN = "a" * 40
ADMIN = {"Authorization": f"Bearer {STATS_TOKEN}"}


def say(gateway, message):
    assert gateway.post("/api/chat", json={"message": message}).status_code == 200


@pytest.fixture
def admin_client(gateway_with):
    return gateway_with(stats_tokens=[f"monitoring:{STATS_TOKEN}"])


def test_each_typed_question_is_logged_with_its_kind_and_candidates(gateway):
    for message in (
        "居民不开门怎么办",
        "走访中遇到的事情",
        "今天天气怎么样",
        '/feedback_unhelpful{"scenario":"4"}',
        "/scenario_05",
    ):
        say(gateway, message)
    rows = gateway.app.state.questions.rows()
    assert [(r.kind, r.text, r.scenario, r.channel) for r in rows] == [
        ("answered", "居民不开门怎么办", 4, "web"),
        ("fallback", "走访中遇到的事情", None, "web"),
        ("out_of_scope", "今天天气怎么样", None, "web"),
        ("unhelpful", "居民不开门怎么办", 4, "web"),  # the question answered with scenario 4, not the latest
    ]
    fallback = rows[1]
    assert len(fallback.candidates) == 3 and fallback.candidates[0]["scenario"] is not None
    assert len({row.sender_id for row in rows}) == 1 and rows[0].sender_id.startswith("web-")


def test_stats_count_questions_answered_share_and_top_lists(admin_client):
    for message in ("居民不开门怎么办", "居民不开门怎么办", "调解时当事人蛮不讲理咋整", "今天天气怎么样"):
        say(admin_client, message)
    body = admin_client.get("/api/stats", params={"days": 7}, headers=ADMIN).json()
    assert body["questions"] == 4 and body["share_answered"] == 0.75
    assert body["per_day"][-1]["questions"] == 4 and body["per_day"][-1]["answered"] == 3
    assert body["top_scenarios"][0] == {"scenario": 4, "count": 2, "title": "居民不愿开门"}
    assert body["top_unanswered"] == [{"text": "今天天气怎么样", "kind": "out_of_scope", "count": 1}]


def test_stats_reject_a_bad_window(admin_client):
    assert admin_client.get("/api/stats", params={"days": 0}, headers=ADMIN).status_code == 422


@pytest.mark.parametrize(
    "headers, status",
    [
        ({}, 401),
        ({"Authorization": "Basic " + STATS_TOKEN}, 401),
        ({"Authorization": "Bearer wrong-token"}, 403),
        ({"Authorization": ("Bearer " + "é" * 40).encode("utf-8")}, 403),
    ],
)
def test_stats_need_a_stats_token(admin_client, headers, status):
    say(admin_client, "今天天气怎么样")
    response = admin_client.get("/api/stats", headers=headers)
    assert response.status_code == status
    assert "今天天气怎么样" not in response.text


def test_without_stats_tokens_configured_stats_are_closed_to_every_bearer(gateway):
    assert gateway.get("/api/stats", headers={"Authorization": "Bearer anything"}).status_code == 403
    assert gateway.get("/api/stats").status_code == 401


def test_a_failing_question_log_write_never_fails_the_answered_turn(gateway, caplog):
    with gateway.app.state.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE question_log"))  # every write now fails
    with caplog.at_level(logging.ERROR):
        response = gateway.post("/api/chat", json={"message": "居民不开门怎么办"})
        helpful = gateway.post("/api/chat", json={"message": '/feedback_unhelpful{"scenario":"4"}'})
    assert response.status_code == 200 and response.json()["scenario"]["id"] == 4
    assert helpful.status_code == 200
    assert "bookkeeping write" in caplog.text
    assert [i["role"] for i in gateway.get("/api/chat/history").json()["items"]] == ["user", "bot", "user", "bot"]
