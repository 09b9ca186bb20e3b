"""POST /api/chat through the real bot: what the trained model and the real action server answer. The
gateway's own behaviour, whatever Rasa answers, is in tests/api/routers/test_chat.py (run against the
stand-in and the real bot). Each test client holds its own conversation cookie, like one officer's browser."""

import time

from api.bot import BotClient
from api.web_sessions import COOKIE_NAME, sign
from guide.policy_basis import reviewed_policy_basis


def say(client, message):
    return client.post("/api/chat", json={"message": message})


def test_a_question_about_a_locked_door_is_answered_with_scenario_4(client):
    response = say(client, "居民不开门怎么办")
    assert response.status_code == 200
    body = response.json()
    assert body["scenario"] == {"id": 4, "title": "居民不愿开门"}
    assert body["confidence"] > 0.4
    assert "警民联系卡插入门缝" in body["messages"][0]["text"]
    buttons = body["messages"][0]["buttons"]
    assert buttons[0] == {"title": "查看政策依据", "payload": '/ask_policy_basis{"scenario":"4"}', "kind": None}
    assert [b["title"] for b in buttons if b["kind"] == "feedback"] == ["有帮助", "没帮助"]


def test_a_button_payload_sent_as_message_works_like_the_click(client):
    say(client, "居民不开门怎么办")
    body = say(client, '/ask_policy_basis{"scenario":"4"}').json()
    assert body["messages"][0]["text"].startswith("「居民不愿开门」（第4问）的政策依据：")
    assert len(body["messages"]) == 1 + len(reviewed_policy_basis()[4].links)
    assert all("为什么相关：" in m["text"] and "——出处：" in m["text"] for m in body["messages"][1:])
    assert body["scenario"]["id"] == 4


def test_policy_basis_remembers_the_scenario_of_the_conversation(client):
    say(client, "调解时当事人蛮不讲理咋整")
    body = say(client, "查看政策依据").json()
    assert "（第21问）" in body["messages"][0]["text"]


def test_an_out_of_scope_question_is_declined_politely(client):
    body = say(client, "今天天气怎么样").json()
    assert body["scenario"] is None
    assert body["messages"][0]["text"].startswith("抱歉，这个问题不在我的职责范围内")


def test_an_unclear_question_offers_three_scenarios_and_yes_answers_the_first(client):
    body = say(client, "走访中遇到的事情").json()
    assert "您是想问" in body["messages"][0]["text"]
    suggested = [b["payload"] for b in body["messages"][0]["buttons"]][:3]
    assert all(p.startswith("/scenario_") for p in suggested)
    answer = say(client, "是的").json()
    assert answer["scenario"]["id"] == int(suggested[0][len("/scenario_") :])


def test_when_rasa_is_down_chat_answers_503_with_a_clear_error(client_without_bot):
    response = client_without_bot.post("/api/chat", json={"message": "居民不开门怎么办"})
    assert response.status_code == 503
    assert response.json() == {
        "error": "bot_unavailable",
        "message": "助手暂时无法回答，请稍后重试。(the assistant is temporarily unavailable)",
    }


def test_a_failed_first_turn_still_names_the_conversation_so_a_retry_continues_it(client_without_bot):
    response = client_without_bot.post("/api/chat", json={"message": "居民不开门怎么办"})
    assert response.status_code == 503 and COOKIE_NAME in response.headers["set-cookie"]
    assert client_without_bot.get("/api/chat/history").status_code == 503  # a known conversation: Rasa is asked


def test_when_rasa_is_down_history_answers_503(client_without_bot):
    assert client_without_bot.get("/api/chat/history").json()["items"] == []  # a new conversation: no need to ask
    client_without_bot.cookies.clear()
    client_without_bot.cookies.set(
        COOKIE_NAME,
        sign(
            client_without_bot.app.state.settings.session_secret,
            "web-0123456789abcdef",
            int(time.time()),
            int(time.time()),
        ),
        path="/api",
    )
    assert client_without_bot.get("/api/chat/history").status_code == 503


def test_a_typed_question_is_understood_once_the_turn_itself_reports_confidence_and_candidates(client, monkeypatch):
    async def no_second_parse(self, text):
        raise AssertionError("the gateway asked Rasa to parse a message the turn already understood")

    monkeypatch.setattr(BotClient, "parse", no_second_parse)
    body = say(client, "居民不开门怎么办").json()
    assert body["scenario"]["id"] == 4 and body["confidence"] > 0.7
    rows = client.app.state.questions.rows()
    assert rows[-1].candidates[0]["scenario"] == 4
