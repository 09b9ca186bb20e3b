"""What WeCom sends and how its replies are read, built with WeCom's official sample key (tests only)."""

import re
import time
import uuid

from wechatpy.enterprise.crypto import WeChatCrypto

from tests.data import wecom_official_samples as sample

CRYPTO = WeChatCrypto(sample.TOKEN, sample.ENCODING_AES_KEY, sample.CORP_ID)


def plaintext_message(sender, content, msg_id=None, msg_type="text", extra=""):
    body = f"<Content><![CDATA[{content}]]></Content>" if msg_type == "text" else extra
    return (
        f"<xml><ToUserName><![CDATA[{sample.CORP_ID}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{body}"
        f"<MsgId>{msg_id or uuid.uuid4().int % 10**19}</MsgId><AgentID>1000002</AgentID></xml>"
    )


def post_encrypted(client, plaintext, crypto=CRYPTO, timestamp=None):
    """What WeCom sends: the encrypted envelope with msg_signature, timestamp and nonce."""
    nonce, timestamp = "1372623149", str(timestamp or int(time.time()))
    envelope = crypto.encrypt_message(plaintext, nonce, timestamp)
    signature = re.search(r"<MsgSignature><!\[CDATA\[(.*?)\]\]>", envelope).group(1)
    encrypted = re.search(r"<Encrypt><!\[CDATA\[(.*?)\]\]>", envelope).group(1)
    body = f"<xml><ToUserName><![CDATA[{sample.CORP_ID}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    return client.post(
        "/bridges/wecom",
        params={"msg_signature": signature, "timestamp": timestamp, "nonce": nonce},
        content=body.encode("utf-8"),
    )


def reply_content(response):
    """Check the reply's signature, decrypt it and return its text content."""
    envelope = response.text
    signature = re.search(r"<MsgSignature><!\[CDATA\[(.*?)\]\]>", envelope).group(1)
    timestamp = re.search(r"<TimeStamp>(.*?)</TimeStamp>", envelope).group(1)
    nonce = re.search(r"<Nonce><!\[CDATA\[(.*?)\]\]>", envelope).group(1)
    xml = CRYPTO.decrypt_message(envelope, signature, timestamp, nonce)
    return re.search(r"<Content><!\[CDATA\[(.*?)\]\]></Content>", xml, re.S).group(1), xml
