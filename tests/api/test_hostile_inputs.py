"""Outside input that used to cost a 500 or poison a conversation: every one is a clean answer with the
security headers, and a hand-made command never reaches Rasa."""

import pytest

from guide import protocol


@pytest.mark.parametrize(
    "message",
    [
        "/restart",
        "/session_start",
        "/back",
        '/ask_policy_basis{"scenario":Infinity}',
        '/ask_policy_basis{"scenario":1e999}',
        '/ask_policy_basis{"scenario":true}',
        '/scenario_04{"scenario":"' + "9" * 100 + '"}',
        "/nlu_fallback",
    ],
)
def test_a_command_that_is_none_of_the_assistants_buttons_never_reaches_rasa(stand_in_client, stand_in, message):
    response = stand_in_client.post("/api/chat", json={"message": message})
    assert response.status_code == 200 and response.json()["messages"][0]["text"].startswith("这个指令不可用")
    assert stand_in.sent() == []


@pytest.mark.parametrize(
    "payload",
    [
        '/ask_policy_basis{"scenario":"4"}',
        "/scenario_05",
        '/ask_step{"scenario":"4","step":"2"}',
        '/list_topics{"topic_group":"mediation"}',
        "/greet",
        '/feedback_helpful{"scenario":"4"}',
    ],
)
def test_the_assistants_own_buttons_are_payloads_it_accepts(payload):
    assert protocol.is_button_payload(payload)


def test_a_path_no_file_can_have_is_a_404_with_the_security_headers(stand_in_client):
    response = stand_in_client.get("/static/admin.js%00.html")
    assert response.status_code == 404 and response.headers["x-content-type-options"] == "nosniff"


def test_a_bug_answers_json_with_the_security_headers_and_no_traceback(stand_in_client_with):
    client = stand_in_client_with()
    client.app.router.add_api_route("/api/broken", lambda: 1 / 0)
    response = client.get("/api/broken")
    assert response.status_code == 500 and response.json()["error"] == "internal_error"
    assert response.headers["x-content-type-options"] == "nosniff" and "Traceback" not in response.text


def test_answers_with_officers_words_are_never_cached(stand_in_client):
    stand_in_client.post("/api/chat", json={"message": "居民不开门怎么办"})
    assert stand_in_client.get("/api/chat/history").headers["cache-control"] == "no-store"
    assert "no-store" not in stand_in_client.get("/api/scenarios").headers.get("cache-control", "")


def test_control_characters_reach_neither_rasa_nor_the_log_but_the_words_do(stand_in_client, stand_in):
    typed = "居民\x1b[31m不开门\x85怎么办\x07\t？"
    assert stand_in_client.post("/api/chat", json={"message": typed}).status_code == 200
    assert [text for _, text in stand_in.sent()] == ["居民 [31m不开门 怎么办 \t？"]
    logged = stand_in_client.app.state.questions.rows()[0].text
    assert logged == "居民 [31m不开门 怎么办 \t？"


def test_a_message_of_control_characters_only_is_refused_as_empty(stand_in_client, stand_in):
    response = stand_in_client.post("/api/chat", json={"message": "\x01\x02\x9f"})
    assert response.status_code == 422 and stand_in.sent() == []
