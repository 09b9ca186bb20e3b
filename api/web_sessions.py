"""Who owns a web conversation: a signed, HttpOnly cookie that carries a random conversation id, the
time it was created and the time of its last use.

The server makes the id (``web-`` and 128 random bits), so a client can neither choose nor guess
another officer's conversation, and the bridges' conversations (``wecom-…``, ``telegram-…``) are
out of reach of the web API. The signature (itsdangerous, the audited signing library Starlette's own
sessions use: HMAC-SHA256 with SESSION_SECRET, a salt of its own, and a timestamp of the last use)
makes the cookie unforgeable. A new conversation starts instead when the cookie

- does not verify, was idle longer than SESSION_IDLE_MINUTES or is older than SESSION_MAX_HOURS
  (a copied cookie dies even while it is used);
- names a conversation ended with "新对话" (revoked in the database, for every gateway process);
- arrives twice in one request (one of them was planted);
- comes from a browser page that does not hold the conversation's binding. A page on another port
  or a sibling host can plant a genuine cookie of its own (cookies are not isolated by port), but
  it cannot write this origin's storage: the chat page keeps the binding the gateway sends
  (``X-Conversation-Binding``) in its own ``localStorage`` and sends it back with every request.
  Browsers say they are browsers (``Sec-Fetch-Site``); other clients (scripts, the bridges' tests)
  cannot have a cookie planted and need no binding.

Behind HTTPS (SESSION_COOKIE_SECURE) the cookie is ``__Host-``-prefixed: Secure, Path=/, no Domain,
so no sibling host can set it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Optional, Tuple

import sqlalchemy as sa
from fastapi import Request, Response
from itsdangerous import BadData, Signer, TimestampSigner, URLSafeTimedSerializer

from api.schema import ensure_schema
from api.settings import Settings
from api.tables import revoked_conversations

COOKIE_NAME = "fengqiao_conversation"
SECURE_COOKIE_NAME = "__Host-" + COOKIE_NAME
BINDING_HEADER = "X-Conversation-Binding"
BROWSER_HEADER = "sec-fetch-site"  # sent by every current browser on fetch(); never by scripts unless they choose to
ID_PREFIX = "web-"
COOKIE_SALT = "fengqiao-conversation"
BINDING_SALT = "fengqiao-conversation-binding"


@dataclass(frozen=True)
class WebConversation:
    """The caller's conversation: its Rasa sender id, when it was created, and whether it was just started."""

    id: str
    new: bool
    created: int = 0


def new_conversation_id() -> str:
    return ID_PREFIX + secrets.token_hex(16)


class _SignerAt(TimestampSigner):
    """Signs with the time ``now`` given to it (the caller's clock), not the system's."""

    def __init__(self, *args: Any, now: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def get_timestamp(self) -> int:
        return int(self.now)


def _serializer(secret: str, now: float) -> URLSafeTimedSerializer:
    """Signs ``[id, created]`` with the time ``now`` as the cookie's last use (and checks ages against it)."""
    return URLSafeTimedSerializer(
        secret, salt=COOKIE_SALT, signer=_SignerAt, signer_kwargs={"digest_method": hashlib.sha256, "now": now}
    )


def sign(secret: str, conversation_id: str, created: int, now: float) -> str:
    """The cookie value for a conversation created at ``created`` and used at ``now``."""
    return _serializer(secret, now).dumps([conversation_id, created])


def verify(secret: str, value: str, idle_seconds: float, max_seconds: float, now: float) -> Optional[Tuple[str, int]]:
    """``(conversation id, created)`` of a cookie value that is genuine, not idle too long and not too
    old, else ``None``. Any malformed value is simply not genuine."""
    try:
        payload, used_at = _serializer(secret, now).loads(value, max_age=int(idle_seconds), return_timestamp=True)
        conversation_id, created = payload
    except (BadData, ValueError, TypeError):
        return None
    if not isinstance(conversation_id, str) or not conversation_id.startswith(ID_PREFIX):
        return None
    if not isinstance(created, int) or not 0 <= now - created <= max_seconds or used_at.timestamp() < created:
        return None
    return conversation_id, created


def _binding_signer(secret: str) -> Signer:
    return Signer(secret, salt=BINDING_SALT, digest_method=hashlib.sha256)


def binding(secret: str, conversation_id: str) -> str:
    """The token a chat page keeps for its conversation and sends back (``X-Conversation-Binding``)."""
    return _binding_signer(secret).get_signature(conversation_id).decode("ascii")


def holds_binding(secret: str, conversation_id: str, token: str) -> bool:
    """Whether ``token`` is exactly the conversation's binding (compared in constant time)."""
    return hmac.compare_digest(token.encode("utf-8", "replace"), binding(secret, conversation_id).encode("ascii"))


def cookie_count(request: Request, name: str) -> int:
    """How many cookies called ``name`` the request carries (the parsed cookies keep only the last)."""
    return sum(
        1
        for header in request.headers.getlist("cookie")
        for part in header.split(";")
        if part.strip().split("=", 1)[0] == name
    )


class RevokedConversations:
    """Conversations ended with "新对话", kept until their cookie could no longer be valid anyway."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        ensure_schema(engine)

    def revoke(self, conversation_id: str, until: datetime) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                revoked_conversations.delete().where(revoked_conversations.c.until < datetime.now(timezone.utc))
            )
            exists = connection.execute(
                sa.select(revoked_conversations.c.conversation_id).where(
                    revoked_conversations.c.conversation_id == conversation_id
                )
            ).first()
            if exists is None:
                connection.execute(revoked_conversations.insert().values(conversation_id=conversation_id, until=until))

    def is_revoked(self, conversation_id: str) -> bool:
        query = sa.select(revoked_conversations.c.conversation_id).where(
            revoked_conversations.c.conversation_id == conversation_id
        )
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None


class WebSessions:
    """Reads, renews and revokes the conversation cookie of one gateway (its settings and clock)."""

    def __init__(
        self, settings: Settings, clock: Callable[[], float] = time.time, revoked: Optional[RevokedConversations] = None
    ) -> None:
        self.secret = settings.session_secret
        self.idle_seconds = settings.session_idle_minutes * 60
        self.max_seconds = settings.session_max_hours * 3600
        self.secure = settings.session_cookie_secure
        self.samesite = settings.session_cookie_samesite
        self.cookie_name = SECURE_COOKIE_NAME if self.secure else COOKIE_NAME
        self.clock = clock
        self.revoked = revoked

    def current(self, request: Request) -> WebConversation:
        """The caller's conversation, or a new one when the cookie is missing, forged, expired, revoked,
        doubled, or not this browser page's own."""
        value = request.cookies.get(self.cookie_name, "")
        found = None
        if value and cookie_count(request, self.cookie_name) == 1:
            found = verify(self.secret, value, self.idle_seconds, self.max_seconds, self.clock())
        if found is None:
            return self.fresh()
        conversation_id, created = found
        if request.headers.get(BROWSER_HEADER) is not None and not holds_binding(
            self.secret, conversation_id, request.headers.get(BINDING_HEADER, "")
        ):
            return self.fresh()
        if self.revoked is not None and self.revoked.is_revoked(conversation_id):
            return self.fresh()
        return WebConversation(id=conversation_id, new=False, created=created)

    def fresh(self) -> WebConversation:
        """A new conversation ("新对话")."""
        return WebConversation(id=new_conversation_id(), new=True, created=int(self.clock()))

    def revoke(self, conversation: WebConversation) -> None:
        """End ``conversation`` for good: its cookie, wherever copied, starts a new one from now on."""
        if self.revoked is not None and not conversation.new:
            until = datetime.fromtimestamp(conversation.created + self.max_seconds, timezone.utc)
            self.revoked.revoke(conversation.id, until)

    def renew(self, response: Response, conversation: WebConversation) -> None:
        """Set the cookie for ``conversation``, its idle time counted from now, and send the page its binding."""
        response.set_cookie(
            self.cookie_name,
            sign(self.secret, conversation.id, conversation.created, self.clock()),
            max_age=int(self.idle_seconds),
            path="/" if self.secure else "/api",
            httponly=True,
            secure=self.secure,
            samesite=self.samesite,  # type: ignore[arg-type]
        )
        response.headers[BINDING_HEADER] = binding(self.secret, conversation.id)
