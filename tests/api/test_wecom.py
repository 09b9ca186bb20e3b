"""The WeCom bridge through the real endpoint, with WeCom's official sample vectors."""

import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from wechatpy.enterprise.crypto import WeChatCrypto

from api.bridges.other_messages import reply_for
from guide.policy_basis import reviewed_policy_basis
from tests.data import wecom_official_samples as sample
from tests.wecom_messages import plaintext_message, post_encrypted, reply_content


@pytest.fixture
def wecom(client_with):
    return client_with(
        wecom_token=sample.TOKEN, wecom_encoding_aes_key=sample.ENCODING_AES_KEY, wecom_corp_id=sample.CORP_ID
    )


@pytest.fixture
def wecom_for_samples(client_with):
    """The official samples were signed years ago: a window wide enough to accept their timestamps."""
    return client_with(
        wecom_token=sample.TOKEN,
        wecom_encoding_aes_key=sample.ENCODING_AES_KEY,
        wecom_corp_id=sample.CORP_ID,
        wecom_timestamp_window_seconds=10**10,
    )


def test_url_verification_with_the_official_sample_answers_the_plaintext_exactly(wecom_for_samples):
    response = wecom_for_samples.get("/bridges/wecom", params=sample.VERIFY_URL)
    assert response.status_code == 200
    assert response.content == sample.VERIFY_URL_PLAINTEXT.encode()
    assert response.headers["content-type"].startswith("text/plain")


def test_url_verification_with_a_bad_signature_is_403(wecom_for_samples):
    response = wecom_for_samples.get("/bridges/wecom", params={**sample.VERIFY_URL, "msg_signature": "0" * 40})
    assert response.status_code == 403


def test_the_official_encrypted_message_is_decrypted_and_answered_encrypted(wecom_for_samples):
    response = wecom_for_samples.post(
        "/bridges/wecom", params=sample.MESSAGE_QUERY, content=sample.MESSAGE_BODY.encode()
    )
    assert response.status_code == 200
    content, xml = reply_content(response)
    assert f"<ToUserName><![CDATA[{sample.MESSAGE_SENDER}]]></ToUserName>" in xml
    assert "枫桥助手" in content  # "hello" is a greeting


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


@pytest.mark.parametrize("shift", [-301, 301, -86400])
def test_a_timestamp_outside_five_minutes_is_403_and_nothing_is_processed(wecom, shift):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    response = post_encrypted(
        wecom, plaintext_message(sender, "居民不开门怎么办", msg_id=42), timestamp=int(time.time()) + shift
    )
    assert response.status_code == 403
    assert wecom.app.state.bridge_state.reply_for("wecom", "42") is None


def test_a_timestamp_within_the_window_is_accepted(wecom):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    response = post_encrypted(wecom, plaintext_message(sender, "你好"), timestamp=int(time.time()) - 250)
    assert response.status_code == 200


@pytest.mark.parametrize("signature", ["é" * 40, "", "0" * 39])
def test_odd_signatures_are_a_clean_403(wecom, signature):
    params = {"msg_signature": signature, "timestamp": str(int(time.time())), "nonce": "1", "echostr": "abc"}
    assert wecom.get("/bridges/wecom", params=params).status_code == 403


def test_entering_the_app_is_greeted_and_an_image_asks_for_text(wecom):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    event = plaintext_message(
        sender, "", msg_type="event", extra="<Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey>"
    )
    greeting, _ = reply_content(post_encrypted(wecom, event))
    assert "枫桥助手" in greeting
    image = plaintext_message(
        sender,
        "",
        msg_type="image",
        extra="<PicUrl><![CDATA[http://x/y.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId>",
    )
    answer, _ = reply_content(post_encrypted(wecom, image))
    assert answer == reply_for("image")


def test_a_bad_signature_is_403_and_nothing_is_processed(wecom_for_samples):
    wecom = wecom_for_samples
    response = wecom.post(
        "/bridges/wecom",
        params={**sample.MESSAGE_QUERY, "msg_signature": "f" * 40},
        content=sample.MESSAGE_BODY.encode(),
    )
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert wecom.app.state.bridge_state.reply_for("wecom", "4561255354251345929") is None


def test_a_message_for_another_corp_id_is_403(wecom):
    other_corp = WeChatCrypto(sample.TOKEN, sample.ENCODING_AES_KEY, "ww0000000000000000")
    response = post_encrypted(wecom, plaintext_message("someone", "你好"), crypto=other_corp)
    assert response.status_code == 403


def test_truncated_ciphertext_is_400(wecom_for_samples):
    wecom = wecom_for_samples
    body = sample.MESSAGE_BODY.replace("R07+qN+E7Q==", "")
    encrypted = re.search(r"<Encrypt><!\[CDATA\[(.*?)\]\]>", body).group(1)
    from wechatpy.crypto import _get_signature

    signature = _get_signature(
        sample.TOKEN, sample.MESSAGE_QUERY["timestamp"], sample.MESSAGE_QUERY["nonce"], encrypted
    )
    response = wecom.post(
        "/bridges/wecom", params={**sample.MESSAGE_QUERY, "msg_signature": signature}, content=body.encode()
    )
    assert response.status_code == 400 and response.json()["error"] == "bad_request"


@pytest.mark.parametrize("body", [b"<xml><Encrypt>", b"not xml at all", b"<xml><Nothing/></xml>", b"\xff\xfe"])
def test_malformed_xml_is_400(wecom_for_samples, body):
    assert wecom_for_samples.post("/bridges/wecom", params=sample.MESSAGE_QUERY, content=body).status_code == 400


def test_missing_query_parameters_are_422(wecom):
    assert wecom.post("/bridges/wecom", content=sample.MESSAGE_BODY.encode()).status_code == 422


def test_without_wecom_settings_the_route_is_404(client):
    assert client.get("/bridges/wecom", params=sample.VERIFY_URL).status_code == 404
    assert (
        client.post("/bridges/wecom", params=sample.MESSAGE_QUERY, content=sample.MESSAGE_BODY.encode()).status_code
        == 404
    )
