"""The admin credential: ``Authorization: Bearer <ADMIN_TOKEN>`` on every admin route."""
from __future__ import annotations

import hmac
from typing import Optional

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.settings import Settings, get_settings

# Declares the bearer scheme in the OpenAPI document; the checks and their answers are ours.
admin_bearer = HTTPBearer(auto_error=False, scheme_name="admin", description="Authorization: Bearer ADMIN_TOKEN")


def require_admin(credentials: Optional[HTTPAuthorizationCredentials] = Depends(admin_bearer),
                  settings: Settings = Depends(get_settings)) -> None:
    """401 without a bearer token, 403 with a wrong one or while ADMIN_TOKEN is not set."""
    if credentials is None:
        raise HTTPException(status_code=401, detail="需要管理员凭据 (Authorization: Bearer ADMIN_TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    if not settings.admin_token:
        raise HTTPException(status_code=403, detail="admin routes are closed: ADMIN_TOKEN is not set")
    # Header values arrive decoded as Latin-1: compare bytes, so any byte is a clean mismatch.
    if not hmac.compare_digest(credentials.credentials.encode("latin-1", "replace"),
                               settings.admin_token.encode("utf-8")):
        raise HTTPException(status_code=403, detail="wrong admin token")
