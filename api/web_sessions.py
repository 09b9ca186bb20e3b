"""Who owns a web conversation: a signed, HttpOnly cookie that carries a random conversation id
and the time of its last use.

The server makes the id (``web-`` and 128 random bits), so a client can neither choose nor guess
another officer's conversation, and the bridges' conversations (``wecom-…``, ``telegram-…``) are
out of reach of the web API. The signature (HMAC-SHA256 with SESSION_SECRET) makes the cookie
unforgeable; a cookie older than SESSION_IDLE_MINUTES, or one that does not verify, starts a new
conversation. Every answer renews the cookie, so only idle time counts.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Callable, Optional

from fastapi import Request, Response

from api.settings import Settings

COOKIE_NAME = "fengqiao_conversation"
ID_PREFIX = "web-"


@dataclass(frozen=True)
class WebConversation:
    """The caller's conversation: its Rasa sender id, and whether it was just started."""

    id: str
    new: bool


def _signature(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), payload.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def new_conversation_id() -> str:
    return ID_PREFIX + secrets.token_hex(16)


def sign(secret: str, conversation_id: str, last_used: int) -> str:
    """The cookie value: ``id.last_used.signature``."""
    payload = f"{conversation_id}.{last_used}"
    return f"{payload}.{_signature(secret, payload)}"


def verify(secret: str, value: str, idle_seconds: float, now: float) -> Optional[str]:
    """The conversation id of a cookie value that is genuine and not idle too long, else ``None``."""
    try:
        conversation_id, last_used, signature = value.split(".")
        used_at = int(last_used)
    except ValueError:
        return None
    if not hmac.compare_digest(signature.encode("ascii", "replace"),
                               _signature(secret, f"{conversation_id}.{last_used}").encode("ascii")):
        return None
    if not conversation_id.startswith(ID_PREFIX) or not 0 <= now - used_at <= idle_seconds:
        return None
    return conversation_id


class WebSessions:
    """Reads and renews the conversation cookie of one gateway (its settings and clock)."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.time) -> None:
        self.secret = settings.session_secret
        self.idle_seconds = settings.session_idle_minutes * 60
        self.secure = settings.session_cookie_secure
        self.samesite = settings.session_cookie_samesite
        self.clock = clock

    def current(self, request: Request) -> WebConversation:
        """The caller's conversation, or a new one when the cookie is missing, forged or expired."""
        value = request.cookies.get(COOKIE_NAME, "")
        conversation_id = verify(self.secret, value, self.idle_seconds, self.clock()) if value else None
        if conversation_id is None:
            return WebConversation(id=new_conversation_id(), new=True)
        return WebConversation(id=conversation_id, new=False)

    def fresh(self) -> WebConversation:
        """A new conversation ("新对话")."""
        return WebConversation(id=new_conversation_id(), new=True)

    def renew(self, response: Response, conversation: WebConversation) -> None:
        """Set the cookie for ``conversation``, its idle time counted from now."""
        response.set_cookie(
            COOKIE_NAME, sign(self.secret, conversation.id, int(self.clock())), max_age=int(self.idle_seconds),
            path="/api", httponly=True, secure=self.secure, samesite=self.samesite,  # type: ignore[arg-type]
        )
