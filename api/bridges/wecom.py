"""WeCom (企业微信) self-built app callback: URL verification and encrypted messages.

Crypto (signature, AES-256-CBC, receive-id check) is wechatpy's; replies are encrypted passive
text replies within WeCom's 5-second window.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from typing import Optional

import xmltodict
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from wechatpy.crypto import _get_signature
from wechatpy.enterprise import parse_message
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.enterprise.replies import TextReply
from wechatpy.exceptions import InvalidSignatureException

from api import metrics
from api.bridges import other_messages, require_configured
from api.bridges.state import BridgeState
from api.bridges.text_rendering import as_single_text
from api.deps import ChatServices, get_bridge_state, get_chat_services
from api.errors import error_responses
from api.settings import Settings, get_settings
from api.turns import bridge_turn

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/bridges/wecom", tags=["bridges"])
CHANNEL = "wecom"
MAX_REPLY_BYTES = 2048
BOT_DEADLINE_SECONDS = 4.0  # WeCom waits 5 s for a passive reply
GREETING = "/greet"
WECOM_KINDS = {
    "voice": "voice",
    "image": "image",
    "video": "video",
    "shortvideo": "video",
    "location": "location",
    "link": "link",
    "file": "file",
}  # WeCom's MsgType -> the kinds of api/bridges/other_messages.py
SLOW_REPLY = "助手正在处理，请稍后再发一次您的问题。"
GREETING_EVENTS = {"subscribe", "enter_agent"}
RETRY_POLL_SECONDS = 0.2


MAX_TIMESTAMP_DIGITS = 12  # seconds since 1970 have 10 digits until the year 2286


def check_request(settings: Settings, msg_signature: str, timestamp: str, nonce: str, signed: str) -> None:
    """403 unless the timestamp is within the window and the signature matches (constant time)."""
    if (
        not timestamp.isascii()
        or not timestamp.isdigit()
        or len(timestamp) > MAX_TIMESTAMP_DIGITS
        or abs(time.time() - int(timestamp)) > settings.wecom_timestamp_window_seconds
    ):
        raise HTTPException(status_code=403, detail="timestamp outside the accepted window")
    expected = _get_signature(settings.wecom_token, timestamp, nonce, signed)
    if not hmac.compare_digest(msg_signature.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(status_code=403, detail="signature or receive id check failed")


def encrypted_part(body: bytes) -> str:
    """The ``Encrypt`` element of a callback body (400 when the body is not that XML)."""
    try:
        encrypt = xmltodict.parse(body.decode("utf-8"))["xml"]["Encrypt"]
    except Exception:  # malformed XML or encoding, missing elements; the body is never logged
        raise HTTPException(status_code=400, detail="message could not be decrypted") from None
    if not isinstance(encrypt, str):
        raise HTTPException(status_code=400, detail="message could not be decrypted")
    return encrypt


def wecom_crypto(settings: Settings = Depends(get_settings)) -> WeChatCrypto:
    """The app's crypto; the route does not exist (404) while WeCom is not configured."""
    require_configured(settings.wecom_enabled)
    return WeChatCrypto(settings.wecom_token, settings.wecom_encoding_aes_key, settings.wecom_corp_id)


ERRORS = error_responses(400, 403, 404, 413, 422, 503)


@router.get(
    "",
    response_class=Response,
    responses={  # Response: the errors stay documented as JSON
        **ERRORS,
        200: {"description": "the decrypted echostr", "content": {"text/plain": {"schema": {"type": "string"}}}},
    },
)
def verify_url(
    msg_signature: str = Query(...),
    timestamp: str = Query(...),
    nonce: str = Query(...),
    echostr: str = Query(...),
    crypto: WeChatCrypto = Depends(wecom_crypto),
    settings: Settings = Depends(get_settings),
) -> PlainTextResponse:
    """URL verification: check the timestamp and signature, answer the decrypted echostr exactly."""
    check_request(settings, msg_signature, timestamp, nonce, echostr)
    try:
        plaintext = crypto.check_signature(msg_signature, timestamp, nonce, echostr)
    except (InvalidSignatureException, InvalidCorpIdException):
        raise HTTPException(status_code=403, detail="signature or receive id check failed") from None
    except Exception:  # malformed base64 or padding: the key must not be logged
        raise HTTPException(status_code=400, detail="echostr could not be decrypted") from None
    return PlainTextResponse(plaintext if isinstance(plaintext, str) else plaintext.decode("utf-8"))


async def answer_text(services: ChatServices, state: BridgeState, sender_id: str, text: str, lead: str = "") -> str:
    """The bot's answer to one WeCom text, as one text within 2048 bytes with numbered options (after
    ``lead``, a line of ours, when given: the whole reply stays within the limit)."""
    message = await run_in_threadpool(state.chosen_payload, CHANNEL, sender_id, text) or text.strip()
    try:
        turn = await asyncio.wait_for(bridge_turn(services, CHANNEL, sender_id, message), BOT_DEADLINE_SECONDS)
    except asyncio.TimeoutError:
        return SLOW_REPLY
    if isinstance(turn, str):
        return lead + turn
    reply, options = as_single_text(turn.messages, MAX_REPLY_BYTES - len(lead.encode("utf-8")))
    await run_in_threadpool(state.offer, CHANNEL, sender_id, options)
    return lead + reply


@router.post(
    "",
    response_class=Response,
    responses={
        **ERRORS,
        200: {
            "description": "the encrypted passive reply, or an empty body when there is nothing to say",
            "content": {"application/xml": {}, "text/plain": {}},
        },
    },
)
async def receive(
    request: Request,
    msg_signature: str = Query(...),
    timestamp: str = Query(...),
    nonce: str = Query(...),
    crypto: WeChatCrypto = Depends(wecom_crypto),
    settings: Settings = Depends(get_settings),
    services: ChatServices = Depends(get_chat_services),
    state: BridgeState = Depends(get_bridge_state),
) -> Response:
    """An encrypted message or event: check, decrypt, answer once per MsgId, reply encrypted."""
    body = await request.body()
    check_request(settings, msg_signature, timestamp, nonce, encrypted_part(body))
    try:
        plaintext = crypto.decrypt_message(body, msg_signature, timestamp, nonce)
    except (InvalidSignatureException, InvalidCorpIdException):
        raise HTTPException(status_code=403, detail="signature or receive id check failed") from None
    except Exception:  # malformed XML, base64 or padding; never log the body or the key
        raise HTTPException(status_code=400, detail="message could not be decrypted") from None
    try:
        message = parse_message(plaintext)
    except Exception:
        raise HTTPException(status_code=400, detail="message could not be parsed") from None

    message_key = str(getattr(message, "id", None) or f"{message.source}-{message.create_time}-{message.type}")
    if not await run_in_threadpool(state.claim, CHANNEL, message_key):
        return encrypted_or_empty(crypto, await reply_of_first_copy(state, message_key), message, nonce)

    reply = await reply_for_message(message, services, state)
    await run_in_threadpool(state.save_reply, CHANNEL, message_key, reply)
    metrics.BRIDGE_DELIVERIES.labels("wecom", "replied" if reply else "nothing").inc()
    return encrypted_or_empty(crypto, reply, message, nonce)


async def reply_of_first_copy(state: BridgeState, message_key: str) -> Optional[str]:
    """The reply given to the first copy of a retried message, waiting while it is still being
    answered (WeCom retries after 5 s without an answer, and takes the answer of any copy)."""
    deadline = time.monotonic() + BOT_DEADLINE_SECONDS
    while True:
        reply = await run_in_threadpool(state.reply_for, CHANNEL, message_key)
        if reply is not None or time.monotonic() >= deadline:
            return reply
        await asyncio.sleep(RETRY_POLL_SECONDS)


async def reply_for_message(message, services: ChatServices, state: BridgeState) -> str:
    """The text to answer a parsed WeCom message with ("" for events that need no answer)."""
    if message.type == "text":
        return await answer_text(services, state, message.source, message.content or "")
    if message.type == "event" and getattr(message, "event", "") in GREETING_EVENTS:
        return await answer_text(services, state, message.source, GREETING)
    if message.type == "event":
        return ""
    recognised = (getattr(message, "recognition", None) or "").strip() if message.type == "voice" else ""
    if recognised:  # WeCom's own speech recognition: answered like typed text, saying what was understood
        lead = other_messages.understood_voice(recognised[:200]) + "\n"
        return await answer_text(services, state, message.source, recognised, lead)
    return other_messages.reply_for(WECOM_KINDS.get(message.type, "other"))


def encrypted_or_empty(crypto: WeChatCrypto, reply: Optional[str], message, nonce: str) -> Response:
    """An encrypted passive text reply, or an empty 200 (WeCom then sends nothing)."""
    if not reply:
        return PlainTextResponse("")
    xml = TextReply(source=message.target, target=message.source, content=reply).render()
    return Response(crypto.encrypt_message(xml, nonce, str(int(time.time()))), media_type="application/xml")
