"""The Telegram bridge in front of the real bot, replying to a local fake Bot API server: what the trained
model answers, split to Telegram's sizes. The protocol itself is in tests/api/bridges/test_telegram.py."""

import asyncio
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient

from api.bridges.telegram import TelegramApi
from api.main import create_app
from api.settings import Settings
from api.turns import UNAVAILABLE_REPLY
from guide.policy_basis import reviewed_policy_basis
from guide.scenarios import field_guide
from rasa_runtime.stack import free_port
from tests.fake_telegram import BOT_TOKEN, HEADERS, SECRET, callback_update, sample_update


@pytest.fixture
def telegram(client_with, telegram_api):
    return client_with(telegram_bot_token=BOT_TOKEN, telegram_secret_token=SECRET, telegram_api_base=telegram_api.url)


def test_a_text_message_is_answered_with_its_scenario_and_an_inline_keyboard(telegram, telegram_api):
    response = telegram.post("/bridges/telegram", json=sample_update("居民不开门怎么办"), headers=HEADERS)
    assert response.status_code == 200 and response.json() == {"ok": True}
    sent = telegram_api.of("sendMessage")
    assert sent[0]["text"].startswith("【第4问】居民不愿开门") and "警民联系卡插入门缝" in sent[0]["text"]
    keyboard = sent[0]["reply_markup"]["inline_keyboard"]
    assert keyboard[0] == [{"text": "查看政策依据", "callback_data": '/ask_policy_basis{"scenario":"4"}'}]
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in keyboard)
    assert {call["token"] for call in telegram_api.calls} == {BOT_TOKEN}


def test_a_button_press_is_acknowledged_and_answered(telegram, telegram_api):
    chat_id = uuid.uuid4().int % 10**9
    telegram.post("/bridges/telegram", json=sample_update("居民不开门怎么办", chat_id=chat_id), headers=HEADERS)
    telegram.post("/bridges/telegram", json=callback_update("/scenario_05", chat_id), headers=HEADERS)
    assert telegram_api.of("answerCallbackQuery") == [{"callback_query_id": "4382bfdwdsb323b2d9"}]
    assert telegram_api.sent_texts()[-1].startswith("【第5问】住户经常不在家")


def test_the_policy_button_sends_each_passage_with_its_reason_and_citation(telegram, telegram_api):
    chat_id = uuid.uuid4().int % 10**9
    telegram.post("/bridges/telegram", json=sample_update("调解时当事人蛮不讲理咋整", chat_id=chat_id), headers=HEADERS)
    telegram.post(
        "/bridges/telegram", json=callback_update('/ask_policy_basis{"scenario":"21"}', chat_id), headers=HEADERS
    )
    texts = "\n".join(telegram_api.sent_texts())
    assert "（第21问）的政策依据" in texts
    for link in reviewed_policy_basis()[21].links:
        assert f"为什么相关：{link.reason}" in texts and link.passage.citation in texts


def test_start_greets_and_help_lists_the_topics(telegram, telegram_api):
    chat_id = uuid.uuid4().int % 10**9
    telegram.post("/bridges/telegram", json=sample_update("/start", chat_id=chat_id), headers=HEADERS)
    telegram.post("/bridges/telegram", json=sample_update("/help", chat_id=chat_id), headers=HEADERS)
    greeting, topics = telegram_api.sent_texts()
    assert "我是枫桥助手" in greeting
    assert f"{len(field_guide().scenarios)}个常见问题" in topics


def test_a_duplicate_update_id_is_processed_once(telegram, telegram_api):
    update = sample_update("居民不开门怎么办")
    assert telegram.post("/bridges/telegram", json=update, headers=HEADERS).status_code == 200
    assert telegram.post("/bridges/telegram", json=update, headers=HEADERS).status_code == 200
    assert len(telegram_api.sent_texts()) == 1


def test_when_the_bot_is_down_the_user_gets_one_short_apology(telegram_api, db_url):
    down = Settings(
        rasa_url=f"http://127.0.0.1:{free_port()}",
        action_server_url=f"http://127.0.0.1:{free_port()}/webhook",
        db_url=db_url,
        telegram_bot_token=BOT_TOKEN,
        telegram_secret_token=SECRET,
        telegram_api_base=telegram_api.url,
    )
    with TestClient(create_app(down)) as down_client:
        response = down_client.post("/bridges/telegram", json=sample_update("居民不开门怎么办"), headers=HEADERS)
    assert response.status_code == 200
    assert telegram_api.sent_texts() == [UNAVAILABLE_REPLY]


def test_a_6000_character_reply_is_split_under_4096_and_the_keyboard_goes_last(telegram_api):
    settings = Settings(telegram_bot_token=BOT_TOKEN, telegram_secret_token=SECRET, telegram_api_base=telegram_api.url)
    text = (("第一段内容" * 20)[:99] + "\n") * 60
    assert len(text) == 6000

    async def send():
        async with httpx.AsyncClient() as http:
            await TelegramApi(settings, http).send_messages(
                42, [{"text": text, "buttons": [{"title": "查看政策依据", "payload": "/ask_policy_basis"}]}]
            )

    asyncio.run(send())
    sent = telegram_api.of("sendMessage")
    assert len(sent) == 2 and all(len(s["text"]) <= 4096 for s in sent)
    assert "".join(s["text"] for s in sent).replace("\n", "") == text.replace("\n", "")
    assert "reply_markup" not in sent[0] and sent[1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "查看政策依据"


def test_a_bot_token_without_a_strong_secret_is_refused_at_start():
    with pytest.raises(ValueError):
        Settings(telegram_bot_token=BOT_TOKEN, telegram_secret_token="short")
