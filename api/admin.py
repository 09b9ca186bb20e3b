"""The admin credential: ``Authorization: Bearer <ADMIN_TOKEN>`` on every admin route."""
from __future__ import annotations

import hmac
from typing import Optional

from fastapi import Depends, Header, HTTPException

from api.settings import Settings, get_settings


def require_admin(authorization: Optional[str] = Header(None, include_in_schema=False),
                  settings: Settings = Depends(get_settings)) -> None:
    """401 without a bearer token, 403 with a wrong one or while ADMIN_TOKEN is not set."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status_code=401, detail="需要管理员凭据 (Authorization: Bearer ADMIN_TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    if not settings.admin_token:
        raise HTTPException(status_code=403, detail="admin routes are closed: ADMIN_TOKEN is not set")
    # Header values arrive decoded as Latin-1: compare bytes, so any byte is a clean mismatch.
    if not hmac.compare_digest(token.encode("latin-1", "replace"), settings.admin_token.encode("utf-8")):
        raise HTTPException(status_code=403, detail="wrong admin token")
