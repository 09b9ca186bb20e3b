"""The learning loop's log: what is recorded for each kind of turn, and the stats endpoint."""
import uuid


def say(client, sender, message):
    assert client.post("/api/chat", json={"sender_id": sender, "message": message}).status_code == 200


def test_each_typed_question_is_logged_with_its_kind_and_candidates(client):
    sender = f"log-{uuid.uuid4().hex[:8]}"
    for message in ("居民不开门怎么办", "走访中遇到的事情", "今天天气怎么样", '/feedback_unhelpful{"scenario":"4"}', "/scenario_05"):
        say(client, sender, message)
    rows = client.app.state.questions.rows()
    assert [(r["kind"], r["text"], r["scenario"], r["channel"]) for r in rows] == [
        ("answered", "居民不开门怎么办", 4, "web"),
        ("fallback", "走访中遇到的事情", None, "web"),
        ("out_of_scope", "今天天气怎么样", None, "web"),
        ("unhelpful", "今天天气怎么样", 4, "web"),
    ]
    fallback = rows[1]
    assert len(fallback["candidates"]) == 3 and fallback["candidates"][0]["scenario"] is not None
    assert all(row["sender_id"] == sender for row in rows)


def test_stats_count_questions_answered_share_and_top_lists(client):
    sender = f"log-{uuid.uuid4().hex[:8]}"
    for message in ("居民不开门怎么办", "居民不开门怎么办", "调解时当事人蛮不讲理咋整", "今天天气怎么样"):
        say(client, sender, message)
    body = client.get("/api/stats", params={"days": 7}).json()
    assert body["questions"] == 4 and body["share_answered"] == 0.75
    assert body["per_day"][-1]["questions"] == 4 and body["per_day"][-1]["answered"] == 3
    assert body["top_scenarios"][0] == {"scenario": 4, "count": 2, "title": "居民不愿开门"}
    assert body["top_unanswered"] == [{"text": "今天天气怎么样", "kind": "out_of_scope", "count": 1}]


def test_stats_reject_a_bad_window(client):
    assert client.get("/api/stats", params={"days": 0}).status_code == 422
