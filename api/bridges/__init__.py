"""Chat-app bridges: one module per app (its router, its protocol, its settings), on top of the
shared turn (api/turns.py), the bridges' memory (state.py) and text rendering (text_rendering.py).
A new app (DingTalk, Feishu) is one more module here and its settings."""

from __future__ import annotations

from fastapi import HTTPException


def require_configured(enabled: bool) -> None:
    """A bridge whose settings are missing does not exist: 404, as for any unknown route."""
    if not enabled:
        raise HTTPException(status_code=404, detail="Not Found")
