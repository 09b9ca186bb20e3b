"""The WeCom bridge in front of the real bot: what the trained model answers, in WeCom's size limits,
retries processed once. The protocol itself is in tests/api/bridges/test_wecom.py."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from guide.policy_basis import reviewed_policy_basis
from tests.data import wecom_official_samples as sample
from tests.wecom_messages import plaintext_message, post_encrypted, reply_content


@pytest.fixture
def wecom(client_with):
    return client_with(
        wecom_token=sample.TOKEN, wecom_encoding_aes_key=sample.ENCODING_AES_KEY, wecom_corp_id=sample.CORP_ID
    )


def test_a_chinese_question_is_answered_with_its_scenario_and_a_digit_chooses_an_option(wecom):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    content, _ = reply_content(post_encrypted(wecom, plaintext_message(sender, "居民不开门怎么办")))
    assert content.startswith("【第4问】居民不愿开门") and "警民联系卡插入门缝" in content
    assert "回复数字选择：\n1. 查看政策依据\n2. 相关：住户经常不在家" in content
    assert len(content.encode("utf-8")) <= 2048
    follow_up, _ = reply_content(post_encrypted(wecom, plaintext_message(sender, "2")))
    assert follow_up.startswith("【第5问】住户经常不在家")


def test_the_policy_option_fits_in_2048_bytes(wecom):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    post_encrypted(wecom, plaintext_message(sender, "调解时当事人蛮不讲理咋整"))
    content, _ = reply_content(post_encrypted(wecom, plaintext_message(sender, "1")))
    assert "（第21问）的政策依据" in content and len(content.encode("utf-8")) <= 2048
    assert f"为什么相关：{reviewed_policy_basis()[21].links[0].reason}" in content


def test_a_replayed_msg_id_is_answered_the_same_and_processed_once(wecom, bot):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    message = plaintext_message(sender, "居民不开门怎么办", msg_id=987654321012345)
    first, _ = reply_content(post_encrypted(wecom, message))
    second, _ = reply_content(post_encrypted(wecom, message))
    assert first == second
    tracker = httpx.get(
        f"{bot.rasa_url}/conversations/wecom-{sender}/tracker", params={"token": bot.rasa_auth_token}, timeout=30
    ).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["居民不开门怎么办"]


def test_a_retry_arriving_while_the_first_copy_is_answered_gets_the_same_answer(wecom, bot):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    message = plaintext_message(sender, "居民不开门怎么办", msg_id=uuid.uuid4().int % 10**19)
    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(lambda _: post_encrypted(wecom, message), range(2)))
    answers = [reply_content(response)[0] for response in responses]
    assert answers[0] == answers[1] and answers[0].startswith("【第4问】")
