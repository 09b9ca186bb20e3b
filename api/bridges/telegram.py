"""Telegram bot webhook: updates in, sendMessage out (buttons as an inline keyboard).

Telegram gets its 200 at once; the turn runs as a background task after the response. Bot API
calls go through their own HTTP client (app.state.telegram_http, at most
TELEGRAM_MAX_CONCURRENT_CALLS connections), so a slow Telegram never takes the connections the
Rasa calls of web and WeCom turns need. TELEGRAM_ALLOWED_CHAT_IDS, when set, limits who is answered.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any, Dict, List, Optional

import httpx
from fastapi import APIRouter, BackgroundTasks, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api import metrics
from api.bridges import other_messages, require_configured
from api.bridges.state import BridgeState
from api.bridges.text_rendering import split_text
from api.deps import ChatServices, get_bridge_state, get_chat_services
from api.errors import error_responses
from api.settings import Settings, get_settings
from api.turns import bridge_turn
from guide import protocol

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/bridges/telegram", tags=["bridges"])
CHANNEL = "telegram"
MAX_MESSAGE_CHARS = 4096
MAX_CALLBACK_BYTES = 64
COMMANDS = {"/start": protocol.payload(protocol.GREET), "/help": protocol.payload(protocol.LIST_TOPICS)}
CALL_TIMEOUT = httpx.Timeout(10.0, pool=30.0)  # waiting for one of the capped connections counts too


def telegram_settings(settings: Settings = Depends(get_settings)) -> Settings:
    """The settings; the route does not exist (404) while Telegram is not configured."""
    require_configured(settings.telegram_enabled)
    return settings


class TelegramApi:
    """The few Bot API methods the bridge calls."""

    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self.base = f"{settings.telegram_api_base}/bot{settings.telegram_bot_token}"
        self.http = http

    async def call(self, method: str, payload: Dict[str, Any]) -> bool:
        """Call a Bot API method once (no retries); whether Telegram accepted it."""
        try:
            response = await self.http.post(f"{self.base}/{method}", json=payload, timeout=CALL_TIMEOUT)
        except httpx.HTTPError as error:
            logger.warning("telegram %s failed: %s", method, type(error).__name__)
            if method == "sendMessage":
                metrics.BRIDGE_DELIVERIES.labels("telegram", "failed").inc()
            return False
        if response.status_code != 200:
            logger.warning("telegram %s answered HTTP %s", method, response.status_code)
        if method == "sendMessage":
            metrics.BRIDGE_DELIVERIES.labels("telegram", "sent" if response.status_code == 200 else "refused").inc()
        return response.status_code == 200

    async def send_messages(self, chat_id: int, messages: List[Dict[str, Any]]) -> None:
        """Each bot message as one or more sendMessage calls; buttons go on its last piece."""
        for message in messages:
            pieces = split_text(message["text"] or "…", MAX_MESSAGE_CHARS)
            keyboard = inline_keyboard(message.get("buttons") or [])
            for index, piece in enumerate(pieces):
                payload: Dict[str, Any] = {"chat_id": chat_id, "text": piece}
                if keyboard and index == len(pieces) - 1:
                    payload["reply_markup"] = {"inline_keyboard": keyboard}
                await self.call("sendMessage", payload)


def inline_keyboard(buttons: List[Dict[str, str]]) -> List[List[Dict[str, str]]]:
    """One button per row; a payload over Telegram's 64-byte callback limit is left out (logged)."""
    rows = []
    for button in buttons:
        if len(button["payload"].encode("utf-8")) > MAX_CALLBACK_BYTES:
            logger.warning("telegram: payload over 64 bytes left out: %s", button["payload"][:40])
            continue
        rows.append([{"text": button["title"], "callback_data": button["payload"]}])
    return rows


# A message's field -> the kinds of api/bridges/other_messages.py (the Bot API gives bots no transcript of a
# voice message)
TELEGRAM_KINDS = {
    "voice": "voice",
    "audio": "voice",
    "video_note": "video",
    "photo": "image",
    "video": "video",
    "animation": "video",
    "location": "location",
    "venue": "location",
    "document": "file",
}
MAX_CHAT_ID = 2**53  # Telegram's ids fit in 52 bits (its Bot API documentation)


def is_chat_id(value: Any) -> bool:
    """Whether ``value`` can be a Telegram chat id: an integer (not ``true``) within Telegram's range."""
    return type(value) is int and abs(value) < MAX_CHAT_ID


def incoming(update: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """``{"chat_id", "text", "callback_id", "kind"}`` of an update the bridge handles (kind: text, or what else
    the message carries: voice, image, …), else ``None``."""
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        chat = ((callback.get("message") or {}).get("chat") or {}) if isinstance(callback.get("message"), dict) else {}
        if is_chat_id(chat.get("id") if isinstance(chat, dict) else None) and isinstance(callback.get("data"), str):
            return {"chat_id": chat["id"], "text": callback["data"], "callback_id": callback.get("id")}
        return None
    message = update.get("message")
    if isinstance(message, dict) and isinstance(message.get("chat"), dict) and is_chat_id(message["chat"].get("id")):
        text = (
            message.get("text") if isinstance(message.get("text"), str) else message.get("caption")
        )  # a photo's words
        kind = next((kind for field, kind in TELEGRAM_KINDS.items() if field in message), "other")
        return {
            "chat_id": message["chat"]["id"],
            "text": text if isinstance(text, str) else None,
            "callback_id": None,
            "kind": "text" if isinstance(text, str) else kind,
        }
    return None


async def handle(item: Dict[str, Any], api: TelegramApi, services: ChatServices) -> None:
    """Answer one message or button press; a bot failure gets one short apology, no retries."""
    if item["callback_id"]:
        await api.call("answerCallbackQuery", {"callback_query_id": item["callback_id"]})
    text = (item["text"] or "").strip()
    if not text:
        await api.call(
            "sendMessage", {"chat_id": item["chat_id"], "text": other_messages.reply_for(item.get("kind") or "other")}
        )
        return
    command = text.split()[0].split("@")[0] if text.startswith("/") else ""
    message = COMMANDS.get(command, text)[:1000]
    turn = await bridge_turn(services, CHANNEL, str(item["chat_id"]), message)
    if isinstance(turn, str):  # over the limit, or the bot is unavailable: one short text, no retries
        await api.call("sendMessage", {"chat_id": item["chat_id"], "text": turn})
        return
    await api.send_messages(item["chat_id"], turn.messages)


@router.post("", responses=error_responses(400, 403, 404, 413, 503))
async def receive(
    request: Request,
    background: BackgroundTasks,
    secret: Optional[str] = Header(None, alias="X-Telegram-Bot-Api-Secret-Token"),
    settings: Settings = Depends(telegram_settings),
    services: ChatServices = Depends(get_chat_services),
    state: BridgeState = Depends(get_bridge_state),
) -> JSONResponse:
    """A webhook update: check the secret, answer 200 at once, handle each update_id once."""
    # Header values arrive decoded as Latin-1: compare bytes, so a non-ASCII header is a clean 403.
    if not secret or not hmac.compare_digest(
        secret.encode("latin-1", "replace"), settings.telegram_secret_token.encode("utf-8")
    ):
        raise HTTPException(status_code=403, detail="secret token mismatch")
    try:
        update = await request.json()
    except (ValueError, RecursionError):  # RecursionError: thousands of nested arrays
        raise HTTPException(status_code=400, detail="update is not JSON") from None
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise HTTPException(status_code=400, detail="update has no update_id")
    item = incoming(update)
    if (
        item is not None
        and settings.telegram_allowed_chat_ids
        and item["chat_id"] not in settings.telegram_allowed_chat_ids
    ):
        logger.info("telegram: update from a chat not in TELEGRAM_ALLOWED_CHAT_IDS ignored")
        item = None
    if item is not None and await run_in_threadpool(state.claim, CHANNEL, str(update["update_id"])):
        background.add_task(handle, item, TelegramApi(settings, request.app.state.telegram_http), services)
    return JSONResponse({"ok": True})
