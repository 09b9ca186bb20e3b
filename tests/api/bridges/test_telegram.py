"""The Telegram bridge (api/bridges/telegram.py) with a fake Bot API: which conversation a chat is, what
reaches the bot, what Telegram is sent, bad updates and secrets. Tests taking ``any_telegram`` or
``gateway_with`` run against the stand-in (fast tier) and the real bot (e2e tier); the others need the
stand-in's control. tests/api/test_telegram.py holds what only the real model answers."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from api.turns import UNAVAILABLE_REPLY
from tests.fake_telegram import BOT_TOKEN, HEADERS, SECRET, callback_update, sample_update


@pytest.fixture
def any_telegram(gateway_with, telegram_api):
    return gateway_with(telegram_bot_token=BOT_TOKEN, telegram_secret_token=SECRET, telegram_api_base=telegram_api.url)


@pytest.fixture
def telegram(stand_in_client_with, telegram_api):
    return stand_in_client_with(
        telegram_bot_token=BOT_TOKEN, telegram_secret_token=SECRET, telegram_api_base=telegram_api.url
    )


def test_a_chat_is_one_conversation_and_its_answer_comes_with_an_inline_keyboard(telegram, telegram_api, stand_in):
    chat_id = uuid.uuid4().int % 10**9
    assert telegram.post(
        "/bridges/telegram", json=sample_update("居民不开门怎么办", chat_id=chat_id), headers=HEADERS
    ).json() == {"ok": True}
    assert stand_in.sent() == [(f"telegram-{chat_id}", "居民不开门怎么办")]
    (sent,) = telegram_api.of("sendMessage")
    assert sent["chat_id"] == chat_id and sent["text"].startswith("【第4问】居民不愿开门")
    assert sent["reply_markup"]["inline_keyboard"][0] == [
        {"text": "查看政策依据", "callback_data": '/ask_policy_basis{"scenario":"4"}'}
    ]


def test_a_button_press_is_acknowledged_and_its_payload_sent_to_the_bot(telegram, telegram_api, stand_in):
    chat_id = uuid.uuid4().int % 10**9
    telegram.post("/bridges/telegram", json=callback_update("/scenario_05", chat_id), headers=HEADERS)
    assert telegram_api.of("answerCallbackQuery") == [{"callback_query_id": "4382bfdwdsb323b2d9"}]
    assert stand_in.sent() == [(f"telegram-{chat_id}", "/scenario_05")]
    assert telegram_api.sent_texts()[-1].startswith("【第5问】住户经常不在家")


def test_start_and_help_are_sent_as_the_greet_and_topics_payloads(telegram, stand_in):
    chat_id = uuid.uuid4().int % 10**9
    for command in ("/start", "/help@fengqiao_bot"):
        telegram.post("/bridges/telegram", json=sample_update(command, chat_id=chat_id), headers=HEADERS)
    assert [message for _, message in stand_in.sent()] == ["/greet", "/list_topics"]


def test_a_repeated_update_reaches_the_bot_once(telegram, stand_in):
    update = sample_update("居民不开门怎么办")
    for _ in range(2):
        assert telegram.post("/bridges/telegram", json=update, headers=HEADERS).status_code == 200
    assert len(stand_in.sent()) == 1


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
def test_a_missing_or_wrong_secret_is_403_and_nothing_reaches_the_bot_or_telegram(
    telegram, telegram_api, stand_in, headers
):
    response = telegram.post("/bridges/telegram", json=sample_update("你好"), headers=headers)
    assert response.status_code == 403 and stand_in.paths() == [] and telegram_api.calls == []


def test_when_the_bot_is_down_the_user_gets_one_short_apology(telegram, telegram_api, stand_in):
    stand_in.down()
    assert (
        telegram.post("/bridges/telegram", json=sample_update("居民不开门怎么办"), headers=HEADERS).status_code == 200
    )
    assert telegram_api.sent_texts() == [UNAVAILABLE_REPLY]


def test_without_a_bot_token_the_route_is_404(stand_in_client):
    assert stand_in_client.post("/bridges/telegram", json=sample_update("你好"), headers=HEADERS).status_code == 404


def test_thousands_of_nested_arrays_are_a_clean_400(telegram, stand_in):
    body = "[" * 5000 + "]" * 5000
    response = telegram.post("/bridges/telegram", content=body, headers={**HEADERS, "Content-Type": "application/json"})
    assert response.status_code == 400 and stand_in.paths() == []


@pytest.mark.parametrize("chat_id", [True, 10**300, "12", 1.5])
def test_a_chat_id_that_is_no_telegram_id_is_ignored(telegram, telegram_api, stand_in, chat_id):
    update = sample_update("居民不开门怎么办")
    update["message"]["chat"]["id"] = chat_id
    assert telegram.post("/bridges/telegram", json=update, headers=HEADERS).status_code == 200
    assert stand_in.sent() == [] and telegram_api.calls == []


@pytest.mark.parametrize(
    "field, value, says",
    [
        ("voice", {"file_id": "v1", "duration": 3}, "收到一条语音"),
        ("photo", [{"file_id": "p1", "width": 90, "height": 90}], "收到一张图片"),
        ("location", {"latitude": 23.1, "longitude": 113.3}, "收到一个位置"),
        ("document", {"file_id": "d1", "file_name": "a.pdf"}, "收到一个文件"),
    ],
)
def test_a_voice_photo_location_or_file_gets_a_reply_that_says_what_the_assistant_understands(
    telegram, telegram_api, stand_in, field, value, says
):
    update = sample_update("", chat_id=uuid.uuid4().int % 10**9)
    del update["message"]["text"]
    update["message"][field] = value
    assert telegram.post("/bridges/telegram", json=update, headers=HEADERS).json() == {"ok": True}
    assert telegram_api.sent_texts()[-1].startswith(says) and stand_in.sent() == []


def test_a_photo_with_a_caption_is_answered_as_its_caption(telegram, telegram_api, stand_in):
    chat_id = uuid.uuid4().int % 10**9
    update = sample_update("", chat_id=chat_id)
    del update["message"]["text"]
    update["message"]["photo"] = [{"file_id": "p1", "width": 90, "height": 90}]
    update["message"]["caption"] = "居民不开门怎么办"
    telegram.post("/bridges/telegram", json=update, headers=HEADERS)
    assert stand_in.sent() == [(f"telegram-{chat_id}", "居民不开门怎么办")]


def test_malformed_updates_are_400_and_unknown_kinds_are_ignored(any_telegram, telegram_api):
    assert any_telegram.post("/bridges/telegram", content=b"{oops", headers=HEADERS).status_code == 400
    assert any_telegram.post("/bridges/telegram", json={"no": "update_id"}, headers=HEADERS).status_code == 400
    assert (
        any_telegram.post(
            "/bridges/telegram", json={"update_id": 5, "edited_channel_post": {}}, headers=HEADERS
        ).status_code
        == 200
    )
    assert telegram_api.calls == []


def test_a_sticker_gets_asked_for_text(any_telegram, telegram_api):
    update = sample_update("x")
    del update["message"]["text"]
    any_telegram.post("/bridges/telegram", json=update, headers=HEADERS)
    assert "只能处理文字消息" in telegram_api.sent_texts()[0]


def test_a_non_ascii_secret_header_is_a_clean_403(any_telegram, telegram_api):
    response = any_telegram.post(
        "/bridges/telegram",
        json=sample_update("你好"),
        headers={"X-Telegram-Bot-Api-Secret-Token": "秘密".encode("utf-8")},
    )
    assert response.status_code == 403 and telegram_api.calls == []


def test_only_allowed_chats_are_answered_when_an_allowlist_is_set(gateway_with, telegram_api):
    allowed, stranger = 111111, 222222
    any_telegram = gateway_with(
        telegram_bot_token=BOT_TOKEN,
        telegram_secret_token=SECRET,
        telegram_api_base=telegram_api.url,
        telegram_allowed_chat_ids=[allowed],
    )
    assert (
        any_telegram.post(
            "/bridges/telegram", json=sample_update("你好", chat_id=stranger), headers=HEADERS
        ).status_code
        == 200
    )
    assert telegram_api.calls == []
    any_telegram.post("/bridges/telegram", json=sample_update("你好", chat_id=allowed), headers=HEADERS)
    assert [call["payload"]["chat_id"] for call in telegram_api.calls] == [allowed]


def test_bot_api_calls_use_their_own_capped_connections_not_the_rasa_pool(gateway_with, telegram_api):
    any_telegram = gateway_with(
        telegram_bot_token=BOT_TOKEN,
        telegram_secret_token=SECRET,
        telegram_api_base=telegram_api.url,
        telegram_max_concurrent_calls=2,
    )
    assert any_telegram.app.state.telegram_http is not any_telegram.app.state.http
    telegram_api.delay_seconds = 0.5
    updates = [sample_update("/start") for _ in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda update: any_telegram.post("/bridges/telegram", json=update, headers=HEADERS), updates))
    assert len(telegram_api.sent_texts()) == 6
    assert telegram_api.most_at_once == 2
