"""The chat router: what it sends to Rasa, how it reads the answer, the history, bad requests and the
failures. Tests taking ``gateway`` run twice, against the stand-in (fast tier) and the real bot (e2e
tier); the others need the stand-in's control (what Rasa was sent, a failing Rasa).
tests/api/test_chat.py holds what only the real model can answer."""

import json
import re
import time

import pytest

from api.main import STATIC
from api.web_sessions import COOKIE_NAME
from guide import protocol
from guide.policy_basis import reviewed_policy_basis
from tests.conftest import conversation_of


def say(client, message):
    return client.post("/api/chat", json={"message": message})


def test_a_typed_question_goes_to_rasa_in_the_callers_conversation_and_its_answer_comes_back(stand_in_client, stand_in):
    response = say(stand_in_client, "居民不开门怎么办")
    assert response.status_code == 200
    body = response.json()
    assert stand_in.sent() == [(conversation_of(stand_in_client), "居民不开门怎么办")]
    assert body["scenario"] == {"id": 4, "title": "居民不愿开门"}  # marked by the action's custom message
    assert body["confidence"] == 0.93  # the top intent of the parse the turn reported
    assert body["messages"][0]["text"].startswith("【第4问】居民不愿开门")
    buttons = body["messages"][0]["buttons"]
    assert buttons[0] == {"title": "查看政策依据", "payload": '/ask_policy_basis{"scenario":"4"}', "kind": None}
    assert [b["title"] for b in buttons if b["kind"] == "feedback"] == ["有帮助", "没帮助"]
    assert len(body["messages"]) == 1  # the custom messages (scenario, parse report) are read, never shown


def test_every_message_of_a_turn_is_passed_on_in_order(stand_in_client):
    say(stand_in_client, "居民不开门怎么办")
    body = say(stand_in_client, '/ask_policy_basis{"scenario":"4"}').json()
    assert len(body["messages"]) == 1 + len(reviewed_policy_basis()[4].links)
    assert body["messages"][0]["text"].startswith("「居民不愿开门」（第4问）的政策依据")
    assert body["scenario"]["id"] == 4


def test_a_typed_turn_is_one_call_to_rasa_whose_replies_report_the_understanding(stand_in_client, stand_in):
    say(stand_in_client, "居民不开门怎么办")
    assert stand_in.paths() == ["/webhooks/rest/webhook"]


def test_a_button_payload_is_sent_as_it_is_and_has_no_confidence(stand_in_client, stand_in):
    body = say(stand_in_client, "/scenario_05").json()
    assert body["scenario"]["id"] == 5 and body["confidence"] is None
    assert stand_in.sent() == [(conversation_of(stand_in_client), "/scenario_05")]


def test_one_conversation_keeps_its_id_and_another_browser_gets_its_own(stand_in_client_with, stand_in):
    officer, other = stand_in_client_with(), stand_in_client_with()
    say(officer, "你好")
    say(officer, "居民不开门怎么办")
    say(other, "你好")
    senders = [sender for sender, _ in stand_in.sent()]
    assert senders[0] == senders[1] == conversation_of(officer) and senders[2] == conversation_of(other)
    assert senders[0] != senders[2] and all(sender.startswith("web-") for sender in senders)


def test_a_token_rasa_refuses_is_a_503_that_never_shows_the_token(stand_in_client_with):
    wrong = stand_in_client_with(rasa_auth_token="not-the-token")
    response = say(wrong, "你好")
    assert response.status_code == 503 and response.json()["error"] == "bot_unavailable"
    assert "not-the-token" not in response.text


def test_the_history_shows_both_sides_with_button_presses_as_titles(gateway):
    say(gateway, "居民不开门怎么办")
    say(gateway, "/scenario_05")
    items = gateway.get("/api/chat/history").json()["items"]
    assert [item["role"] for item in items] == ["user", "bot", "user", "bot"]
    assert items[0]["text"] == "居民不开门怎么办" and items[2]["text"] == "住户经常不在家"
    assert items[1]["text"].startswith("【第4问】") and items[3]["text"].startswith("【第5问】")
    assert items[1]["buttons"][0]["title"] == "查看政策依据" and items[0]["buttons"] == []


def test_a_new_callers_history_is_empty_without_asking_rasa(stand_in_client, stand_in):
    assert stand_in_client.get("/api/chat/history").json()["items"] == []
    assert stand_in.paths() == []


def test_a_new_conversation_sends_the_next_message_under_a_new_id(stand_in_client, stand_in):
    say(stand_in_client, "居民不开门怎么办")
    assert stand_in_client.post("/api/chat/new", json={}).status_code == 201
    say(stand_in_client, "查看政策依据")
    first, second = (sender for sender, _ in stand_in.sent())
    assert first != second and stand_in_client.get("/api/chat/history").json()["items"][0]["text"] == "查看政策依据"


def test_a_feedback_button_is_stored_and_unhelpful_logs_the_question_it_was_about(gateway):
    say(gateway, "居民不开门怎么办")
    say(gateway, '/feedback_unhelpful{"scenario":"4"}')
    feedback = gateway.app.state.feedback.all()
    assert [(r["scenario"], r["helpful"], r["channel"], r["sender_id"]) for r in feedback] == [
        (4, False, "web", conversation_of(gateway))
    ]
    logged = [(r.kind, r.text, r.scenario) for r in gateway.app.state.questions.rows()]
    assert logged == [("answered", "居民不开门怎么办", 4), ("unhelpful", "居民不开门怎么办", 4)]


def test_unhelpful_pressed_under_an_older_answer_is_logged_against_that_answer_s_question(stand_in_client):
    say(stand_in_client, "居民不开门怎么办")
    say(stand_in_client, "走访中遇到的事情")
    say(stand_in_client, '/feedback_unhelpful{"scenario":"4"}')
    logged = [(r.kind, r.text, r.scenario) for r in stand_in_client.app.state.questions.rows()]
    assert logged[-1] == ("unhelpful", "居民不开门怎么办", 4)


def test_a_typed_question_is_logged_with_its_kind_and_top_three_candidates(stand_in_client):
    say(stand_in_client, "走访中遇到的事情")
    (row,) = stand_in_client.app.state.questions.rows()
    assert (row.kind, row.scenario) == ("fallback", None)
    assert [c["scenario"] for c in row.candidates] == [1, 4, 2]


@pytest.mark.parametrize(
    "body",
    [
        {"message": ""},
        {"message": "   \n\t "},
        {"message": "门" * 1001},
        {"message": 42},
        {"message": ["你好"]},
        {"text": "你好"},
        [],
    ],
)
def test_bad_chat_requests_get_a_clear_422_json_error(gateway, body):
    response = gateway.post("/api/chat", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request" and response.json()["message"]


@pytest.mark.parametrize(
    "raw", [b'{"message": "\\ud800"}', b'{"message": "\\udfff\\u4f60"}', b'{"message": "a\\u0000b"}']
)
def test_a_lone_surrogate_or_a_nul_character_is_refused_with_422(gateway, raw):
    response = gateway.post("/api/chat", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"] == "invalid_request"


def test_an_empty_message_error_says_so_in_chinese(gateway):
    assert "消息不能为空" in gateway.post("/api/chat", json={"message": " "}).json()["message"]


def test_invalid_json_or_a_non_utf8_body_gets_400_saying_which(gateway):
    broken = gateway.post("/api/chat", content=b'{"message": ', headers={"content-type": "application/json"})
    assert broken.status_code == 400 and broken.json()["error"] == "invalid_json"
    latin = gateway.post("/api/chat", content=b'{"message":"\xff\xfe"}', headers={"content-type": "application/json"})
    assert latin.status_code == 400 and "UTF-8" in latin.json()["message"]


def test_the_gateway_keeps_serving_after_bad_input(gateway):
    gateway.post("/api/chat", content=b"\xff", headers={"content-type": "application/json"})
    gateway.post("/api/chat", json={"message": ""})
    assert say(gateway, "居民不开门怎么办").json()["scenario"]["id"] == 4


@pytest.mark.parametrize(
    "message",
    [
        '/feedback_helpful{"scenario":"²"}',
        '/feedback_unhelpful{"scenario":"٣"}',
        '/ask_policy_basis{"scenario":"4"}\n',
        "居民\u202e不开门\u200b怎么办",
        "\ufeff你好",
        "a\n",
    ],
)
def test_edge_case_text_gets_a_normal_answer_never_a_500(gateway, message):
    response = say(gateway, message)
    assert response.status_code == 200, response.text
    assert response.json()["messages"]


@pytest.mark.parametrize("body", [{"message": ""}, {"message": "门" * 1001}, {"message": 7}, {"text": "你好"}])
def test_a_refused_request_never_reaches_rasa(stand_in_client, stand_in, body):
    assert stand_in_client.post("/api/chat", json=body).status_code == 422
    assert stand_in.paths() == []


def test_when_rasa_is_down_a_turn_is_503_and_the_conversation_continues_when_it_is_back(stand_in_client, stand_in):
    say(stand_in_client, "居民不开门怎么办")
    stand_in.down()
    response = say(stand_in_client, "查看政策依据")
    assert response.status_code == 503
    assert response.json() == {
        "error": "bot_unavailable",
        "message": "助手暂时无法回答，请稍后重试。(the assistant is temporarily unavailable)",
    }
    assert stand_in_client.get("/api/chat/history").status_code == 503
    stand_in.up()
    assert "（第4问）" in say(stand_in_client, "查看政策依据").json()["messages"][0]["text"]


def test_a_failed_first_turn_still_sets_the_cookie_so_a_retry_continues_it(stand_in_client, stand_in):
    stand_in.down()
    failed = say(stand_in_client, "居民不开门怎么办")
    assert failed.status_code == 503 and COOKIE_NAME in failed.headers["set-cookie"]
    stand_in.up()
    say(stand_in_client, "你好")
    assert stand_in.sent() == [(conversation_of(stand_in_client), "你好")]


@pytest.mark.parametrize("status", [500, 502, 401])
def test_an_error_answer_from_rasa_is_503(stand_in_client, stand_in, status):
    stand_in.failing_with = status
    assert say(stand_in_client, "你好").status_code == 503


def test_a_turn_without_replies_is_503_when_the_custom_actions_fail(stand_in_client, stand_in):
    stand_in.actions_up = False
    response = say(stand_in_client, "居民不开门怎么办")
    assert response.status_code == 503 and response.json()["error"] == "bot_unavailable"


def test_a_slow_bot_past_the_turn_deadline_is_a_prompt_503(stand_in_client_with, stand_in):
    client = stand_in_client_with(turn_deadline_seconds=0.3)
    stand_in.delay_seconds = 2.0
    started = time.monotonic()
    response = say(client, "居民不开门怎么办")
    assert response.status_code == 503 and time.monotonic() - started < 1.5


def test_a_slow_call_past_the_bot_timeout_is_503(stand_in_client_with, stand_in):
    client = stand_in_client_with(bot_timeout_seconds=0.2)
    stand_in.delay_seconds = 1.0
    assert say(client, "/scenario_05").status_code == 503


def test_the_answer_is_sent_before_the_question_is_logged(stand_in_client, monkeypatch):
    """The question log's write happens after the officer has the answer, so it adds nothing to the wait."""
    app, events = stand_in_client.app, []
    record = app.state.questions.record

    def recording(*args, **kwargs):
        events.append("logged")
        record(*args, **kwargs)

    monkeypatch.setattr(app.state.questions, "record", recording)
    body = json.dumps({"message": "居民不开门怎么办"}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/chat",
        "raw_path": b"/api/chat",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            events.append(message["status"])
        elif message["type"] == "http.response.body" and not message.get("more_body"):
            events.append("answered")

    stand_in_client.portal.call(app, scope, receive, send)
    assert events == [200, "answered", "logged"]
    assert [row.text for row in app.state.questions.rows()] == ["居民不开门怎么办"]


def test_the_history_brings_the_welcome_with_the_protocols_topics_button(stand_in_client):
    """The page shows this before the first turn: it spells no label or payload itself."""
    for _ in range(2):  # a new conversation, then one with turns
        welcome = stand_in_client.get("/api/chat/history").json()["welcome"]
        assert "我是枫桥助手" in welcome["text"]
        assert welcome["buttons"] == [
            {
                "title": protocol.LABELS[protocol.LIST_TOPICS],
                "payload": protocol.payload(protocol.LIST_TOPICS),
                "kind": None,
            }
        ]
        say(stand_in_client, "你好")


def test_the_chat_page_spells_no_button_label_or_payload():
    script = (STATIC / "chat.js").read_text(encoding="utf-8")
    assert not [label for label in protocol.LABELS.values() if label in script]
    # no payload ("/list_topics"): API paths and the public health check only
    assert not re.search(r"""["']/(?!api/|healthz["'])[a-z_0-9]+["'{]""", script)


def test_a_possible_emergency_is_answered_with_the_emergency_reply_and_reported_as_such(stand_in_client):
    body = say(stand_in_client, "屋里有煤气味没人应").json()
    assert body["boundary"] == "emergency" and body["scenario"] is None
    assert body["messages"][0]["text"].startswith("⚠️ 这可能是紧急情况")
    assert len(body["messages"]) == 1  # the boundary mark is read, never shown
    rows = stand_in_client.app.state.questions.rows()
    assert [(row.kind, row.text) for row in rows] == [("emergency", "屋里有煤气味没人应")]


def test_a_police_procedure_question_is_reported_as_its_kind_and_an_ordinary_turn_as_none(stand_in_client):
    assert say(stand_in_client, "嫌疑人拒绝签笔录怎么办").json()["boundary"] == "police_procedure"
    assert say(stand_in_client, "居民不开门怎么办").json()["boundary"] is None
