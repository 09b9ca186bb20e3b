"""Trainers' sessions: a random token in an HttpOnly, SameSite=Strict cookie; the database keeps only
its SHA-256, the account, a fingerprint of the account's password hash and the expiry, so every
gateway knows the session, signing out ends it everywhere, and a changed password or a removed
account ends it too."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from typing import Optional, Tuple

import sqlalchemy as sa

from api.db import as_utc
from api.schema import ensure_schema
from api.tables import sessions_table

COOKIE_NAME = "fengqiao_admin"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class AdminSessions:
    """Start, find and end trainers' sessions."""

    def __init__(self, engine: sa.engine.Engine, hours: float) -> None:
        self.engine = engine
        self.lifetime = timedelta(hours=hours)
        ensure_schema(engine)

    def start(self, account: str, credential: str) -> str:
        """A new session's token (for the cookie); expired sessions are removed on the way."""
        token = secrets.token_urlsafe(32)
        now = datetime.now(timezone.utc)
        with self.engine.begin() as connection:
            connection.execute(sessions_table.delete().where(sessions_table.c.expires_at < now))
            connection.execute(
                sessions_table.insert().values(
                    token_hash=_digest(token),
                    account=account,
                    credential=credential,
                    created_at=now,
                    expires_at=now + self.lifetime,
                )
            )
        return token

    def find(self, token: Optional[str]) -> Optional[Tuple[str, str]]:
        """``(account, credential)`` of a live session, or ``None``."""
        if not token:
            return None
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(sessions_table).where(sessions_table.c.token_hash == _digest(token))
            ).first()
        if row is None or as_utc(row.expires_at) <= datetime.now(timezone.utc):
            return None
        return row.account, row.credential

    def end(self, token: Optional[str]) -> None:
        if token:
            with self.engine.begin() as connection:
                connection.execute(sessions_table.delete().where(sessions_table.c.token_hash == _digest(token)))
