"""The WeCom bridge (api/bridges/wecom.py): WeCom's signatures, encryption and official sample vectors,
which conversation a user is, what reaches the bot (a digit chooses an offered option), retries and
outages. Tests taking ``any_wecom`` run against the stand-in (fast tier) and the real bot (e2e tier); the
others need the stand-in's control. tests/api/test_wecom.py holds what only the real model answers."""

import re
import time
import uuid

import pytest
from wechatpy.crypto import _get_signature
from wechatpy.enterprise.crypto import WeChatCrypto

from api.bridges.other_messages import reply_for
from api.turns import UNAVAILABLE_REPLY
from tests.data import wecom_official_samples as sample
from tests.wecom_messages import plaintext_message, post_encrypted, reply_content


@pytest.fixture
def wecom(stand_in_client_with):
    return stand_in_client_with(
        wecom_token=sample.TOKEN, wecom_encoding_aes_key=sample.ENCODING_AES_KEY, wecom_corp_id=sample.CORP_ID
    )


@pytest.fixture
def any_wecom(gateway_with):
    return gateway_with(
        wecom_token=sample.TOKEN, wecom_encoding_aes_key=sample.ENCODING_AES_KEY, wecom_corp_id=sample.CORP_ID
    )


@pytest.fixture
def any_wecom_for_samples(gateway_with):
    """The official samples were signed years ago: a window wide enough to accept their timestamps."""
    return gateway_with(
        wecom_token=sample.TOKEN,
        wecom_encoding_aes_key=sample.ENCODING_AES_KEY,
        wecom_corp_id=sample.CORP_ID,
        wecom_timestamp_window_seconds=10**10,
    )


def officer():
    return f"officer{uuid.uuid4().hex[:8]}"


def test_a_question_is_sent_as_the_users_conversation_and_answered_with_numbered_options(wecom, stand_in):
    sender = officer()
    content, _ = reply_content(post_encrypted(wecom, plaintext_message(sender, "居民不开门怎么办")))
    assert stand_in.sent() == [(f"wecom-{sender}", "居民不开门怎么办")]
    assert content.startswith("【第4问】居民不愿开门")
    assert "回复数字选择：\n1. 查看政策依据\n2. 相关：住户经常不在家" in content


def test_a_digit_sends_the_payload_of_the_option_it_names(wecom, stand_in):
    sender = officer()
    post_encrypted(wecom, plaintext_message(sender, "居民不开门怎么办"))
    follow_up, _ = reply_content(post_encrypted(wecom, plaintext_message(sender, "2")))
    assert stand_in.sent()[-1] == (f"wecom-{sender}", "/scenario_05")
    assert follow_up.startswith("【第5问】住户经常不在家")


def test_a_digit_with_no_options_offered_is_sent_as_typed(wecom, stand_in):
    sender = officer()
    post_encrypted(wecom, plaintext_message(sender, "7"))
    assert stand_in.sent() == [(f"wecom-{sender}", "7")]


def test_a_replayed_msg_id_gets_the_same_reply_and_reaches_the_bot_once(wecom, stand_in):
    message = plaintext_message(officer(), "居民不开门怎么办", msg_id=987654321012345)
    first, _ = reply_content(post_encrypted(wecom, message))
    second, _ = reply_content(post_encrypted(wecom, message))
    assert first == second and len(stand_in.sent()) == 1


def test_when_the_bot_is_down_the_user_is_told_so_in_the_encrypted_reply(wecom, stand_in):
    stand_in.down()
    content, _ = reply_content(post_encrypted(wecom, plaintext_message(officer(), "居民不开门怎么办")))
    assert content == UNAVAILABLE_REPLY


def test_a_bad_signature_is_403_and_nothing_reaches_the_bot(wecom, stand_in):
    params = {"msg_signature": "f" * 40, "timestamp": "1", "nonce": "1"}
    assert wecom.post("/bridges/wecom", params=params, content=sample.MESSAGE_BODY.encode()).status_code == 403
    assert stand_in.paths() == []


def test_without_wecom_settings_the_route_is_404(stand_in_client):
    assert stand_in_client.get("/bridges/wecom", params=sample.VERIFY_URL).status_code == 404


def test_a_timestamp_of_thousands_of_digits_is_a_clean_403(wecom, stand_in):
    params = {"msg_signature": "f" * 40, "timestamp": "9" * 5000, "nonce": "1"}
    assert wecom.post("/bridges/wecom", params=params, content=sample.MESSAGE_BODY.encode()).status_code == 403
    assert stand_in.paths() == []


VOICE = (
    "<MediaId><![CDATA[1J2dk-voice]]></MediaId><Format><![CDATA[amr]]></Format>"
    "<Recognition><![CDATA[{recognition}]]></Recognition>"
)


def test_a_voice_message_with_wecoms_recognition_is_answered_like_text_saying_what_was_understood(wecom, stand_in):
    sender = officer()
    message = plaintext_message(sender, "", msg_type="voice", extra=VOICE.format(recognition="居民不开门怎么办"))
    content, _ = reply_content(post_encrypted(wecom, message))
    assert stand_in.sent() == [(f"wecom-{sender}", "居民不开门怎么办")]
    assert content.startswith("您说的是：“居民不开门怎么办”\n【第4问】居民不愿开门")


def test_a_voice_message_without_recognition_suggests_the_keyboards_voice_input(wecom, stand_in):
    message = plaintext_message(officer(), "", msg_type="voice", extra=VOICE.format(recognition=""))
    content, _ = reply_content(post_encrypted(wecom, message))
    assert "语音输入" in content and stand_in.sent() == []


@pytest.mark.parametrize(
    "msg_type, extra, says",
    [
        (
            "image",
            "<PicUrl><![CDATA[http://example.com/a.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId>",
            "收到一张图片",
        ),
        (
            "location",
            "<Location_X>23.1</Location_X><Location_Y>113.3</Location_Y><Scale>15</Scale><Label><![CDATA[x]]></Label>",
            "收到一个位置",
        ),
        (
            "link",
            "<Title><![CDATA[t]]></Title><Description><![CDATA[d]]></Description><Url><![CDATA[http://example.com]]></Url>"
            "<PicUrl><![CDATA[]]></PicUrl>",
            "收到一个链接",
        ),
    ],
)
def test_other_messages_get_a_reply_that_says_what_the_assistant_understands(wecom, stand_in, msg_type, extra, says):
    content, _ = reply_content(post_encrypted(wecom, plaintext_message(officer(), "", msg_type=msg_type, extra=extra)))
    assert content.startswith(says) and stand_in.sent() == []


def test_a_recognised_voice_message_s_reply_stays_within_wecoms_2048_bytes(wecom, stand_in):
    long_recognition = "居民不开门怎么办" * 40
    message = plaintext_message(officer(), "", msg_type="voice", extra=VOICE.format(recognition=long_recognition))
    content, _ = reply_content(post_encrypted(wecom, message))
    assert content.startswith("您说的是：") and len(content.encode("utf-8")) <= 2048


def test_url_verification_with_the_official_sample_answers_the_plaintext_exactly(any_wecom_for_samples):
    response = any_wecom_for_samples.get("/bridges/wecom", params=sample.VERIFY_URL)
    assert response.status_code == 200
    assert response.content == sample.VERIFY_URL_PLAINTEXT.encode()
    assert response.headers["content-type"].startswith("text/plain")


def test_url_verification_with_a_bad_signature_is_403(any_wecom_for_samples):
    response = any_wecom_for_samples.get("/bridges/wecom", params={**sample.VERIFY_URL, "msg_signature": "0" * 40})
    assert response.status_code == 403


def test_the_official_encrypted_message_is_decrypted_and_answered_encrypted(any_wecom_for_samples):
    response = any_wecom_for_samples.post(
        "/bridges/wecom", params=sample.MESSAGE_QUERY, content=sample.MESSAGE_BODY.encode()
    )
    assert response.status_code == 200
    content, xml = reply_content(response)
    assert f"<ToUserName><![CDATA[{sample.MESSAGE_SENDER}]]></ToUserName>" in xml
    assert content.strip()  # the bot's answer to the sample's "hello", whatever it is


@pytest.mark.parametrize("shift", [-301, 301, -86400])
def test_a_timestamp_outside_five_minutes_is_403_and_nothing_is_processed(any_wecom, shift):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    response = post_encrypted(
        any_wecom, plaintext_message(sender, "居民不开门怎么办", msg_id=42), timestamp=int(time.time()) + shift
    )
    assert response.status_code == 403
    assert any_wecom.app.state.bridge_state.reply_for("wecom", "42") is None


def test_a_timestamp_within_the_window_is_accepted(any_wecom):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    response = post_encrypted(any_wecom, plaintext_message(sender, "你好"), timestamp=int(time.time()) - 250)
    assert response.status_code == 200


@pytest.mark.parametrize("signature", ["é" * 40, "", "0" * 39])
def test_odd_signatures_are_a_clean_403(any_wecom, signature):
    params = {"msg_signature": signature, "timestamp": str(int(time.time())), "nonce": "1", "echostr": "abc"}
    assert any_wecom.get("/bridges/wecom", params=params).status_code == 403


def test_entering_the_app_is_greeted_and_an_image_asks_for_text(any_wecom):
    sender = f"officer{uuid.uuid4().hex[:8]}"
    event = plaintext_message(
        sender, "", msg_type="event", extra="<Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey>"
    )
    greeting, _ = reply_content(post_encrypted(any_wecom, event))
    assert "枫桥助手" in greeting
    image = plaintext_message(
        sender,
        "",
        msg_type="image",
        extra="<PicUrl><![CDATA[http://x/y.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId>",
    )
    answer, _ = reply_content(post_encrypted(any_wecom, image))
    assert answer == reply_for("image")


def test_a_message_for_another_corp_id_is_403(any_wecom):
    other_corp = WeChatCrypto(sample.TOKEN, sample.ENCODING_AES_KEY, "ww0000000000000000")
    response = post_encrypted(any_wecom, plaintext_message("someone", "你好"), crypto=other_corp)
    assert response.status_code == 403


def test_truncated_ciphertext_is_400(any_wecom_for_samples):
    body = sample.MESSAGE_BODY.replace("R07+qN+E7Q==", "")
    encrypted = re.search(r"<Encrypt><!\[CDATA\[(.*?)\]\]>", body).group(1)
    signature = _get_signature(
        sample.TOKEN, sample.MESSAGE_QUERY["timestamp"], sample.MESSAGE_QUERY["nonce"], encrypted
    )
    response = any_wecom_for_samples.post(
        "/bridges/wecom", params={**sample.MESSAGE_QUERY, "msg_signature": signature}, content=body.encode()
    )
    assert response.status_code == 400 and response.json()["error"] == "bad_request"


@pytest.mark.parametrize("body", [b"<xml><Encrypt>", b"not xml at all", b"<xml><Nothing/></xml>", b"\xff\xfe"])
def test_malformed_xml_is_400(any_wecom_for_samples, body):
    assert any_wecom_for_samples.post("/bridges/wecom", params=sample.MESSAGE_QUERY, content=body).status_code == 400


def test_missing_query_parameters_are_422(any_wecom):
    assert any_wecom.post("/bridges/wecom", content=sample.MESSAGE_BODY.encode()).status_code == 422
