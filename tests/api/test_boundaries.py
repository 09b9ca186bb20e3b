"""Messages outside the visit guide through the real bot, on every channel: a possible emergency gets
the emergency reply (never a visit method), police procedure and other bodies their fixed replies."""

import uuid

import pytest

from tests.api.test_telegram import telegram  # noqa: F401 - the Telegram gateway fixture
from tests.api.test_wecom import wecom  # noqa: F401 - the WeCom gateway fixture
from tests.fake_telegram import HEADERS, sample_update
from tests.wecom_messages import plaintext_message, post_encrypted, reply_content

# Written for these tests (not from any evaluation set): one per kind, in the officer's words.
MESSAGES = {
    "emergency": "敲了十分钟门没人应，门缝里一股煤气味",
    "police_procedure": "入户发现他家里聚众赌博，赌资多少够刑事立案",
    "other_body": "社区党支部下个月的主题党日活动怎么安排",
}
OPENINGS = {
    "emergency": "⚠️ 这可能是紧急情况",
    "police_procedure": "这是案件办理或执法程序方面的问题",
    "other_body": "这是社区其他组织的工作",
}


@pytest.mark.parametrize("kind", MESSAGES)
def test_the_web_chat_answers_each_kind_with_its_fixed_reply_and_reports_it(client, kind):
    body = client.post("/api/chat", json={"message": MESSAGES[kind]}).json()
    assert body["boundary"] == kind and body["scenario"] is None
    assert body["messages"][0]["text"].startswith(OPENINGS[kind])
    assert "警民联系卡" not in body["messages"][0]["text"]


@pytest.mark.parametrize(
    "text", ["楼顶有人要跳", "屋里有煤气味没人应", "old man on the balcony railing says he wants to jump"]
)
def test_parse_reports_a_short_emergency_in_chinese_or_english(client, text):
    body = client.post("/api/parse", json={"text": text}).json()
    assert body["boundary"] == "emergency" and body["scenario"] is None and body["emergency_signs"]


def test_an_emergency_at_a_door_that_does_not_open_is_never_told_to_come_back_another_day(client):
    body = client.post("/api/chat", json={"message": "独居的赵奶奶三天没露面了，敲门没人应，门里挂着防盗链"}).json()
    text = body["messages"][0]["text"]
    assert body["boundary"] == "emergency" and "下一次再来" not in text and "插入门缝" not in text


@pytest.mark.parametrize("kind", MESSAGES)
def test_wecom_answers_each_kind_with_its_fixed_reply(wecom, kind):  # noqa: F811
    sender = f"officer{uuid.uuid4().hex[:8]}"
    content, _ = reply_content(post_encrypted(wecom, plaintext_message(sender, MESSAGES[kind])))
    assert content.startswith(OPENINGS[kind])


@pytest.mark.parametrize("kind", MESSAGES)
def test_telegram_answers_each_kind_with_its_fixed_reply(telegram, telegram_api, kind):  # noqa: F811
    response = telegram.post("/bridges/telegram", json=sample_update(MESSAGES[kind]), headers=HEADERS)
    assert response.status_code == 200
    assert telegram_api.of("sendMessage")[0]["text"].startswith(OPENINGS[kind])
