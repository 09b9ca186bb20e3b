"""Who may use the admin surface: a trainer signed in to the console (session cookie), or a caller
with ``Authorization: Bearer <ADMIN_TOKEN>`` (scripts, /api/stats).

Sign-in failures are counted in the audit trail (so across gateways) and limited within the window:
ADMIN_SIGN_IN_FAILURES for one name from one address, four times that from one address (whatever
the names), ten times that for one name (whatever the addresses). The per-name limit is high, so
that a stranger who knows a trainer's name cannot lock them out with a few guesses. One check at a
time per gateway, so parallel guesses cannot all pass the count before any is recorded."""
from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, Optional

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.admin.accounts import Account, hash_password, password_matches
from api.admin.audit import SIGN_IN_FAILED, AuditLog
from api.admin.sessions import COOKIE_NAME, AdminSessions
from api.rate_limit import RateLimited, client_address
from api.settings import Settings, get_settings

TOKEN_ACTOR = "ADMIN_TOKEN"  # the audit trail's name for a caller with the bearer token
# Declares the bearer scheme in the OpenAPI document; the checks and their answers are ours.
admin_bearer = HTTPBearer(auto_error=False, scheme_name="admin", description="Authorization: Bearer ADMIN_TOKEN")


@lru_cache(maxsize=1)
def _unknown_account_hash() -> str:
    """Checked against when the name is unknown, so that the answer time tells nothing."""
    return hash_password("no such account")


def signed_in_account(request: Request) -> Optional[str]:
    """The account of the request's session cookie, if the session is live and the account is still
    configured with the password the session was opened with."""
    accounts: Dict[str, Account] = getattr(request.app.state, "admin_accounts", {})  # none: console off
    if not accounts:
        return None
    found = request.app.state.admin_sessions.find(request.cookies.get(COOKIE_NAME))
    if found is None or found[0] not in accounts or accounts[found[0]].credential != found[1]:
        return None
    return found[0]


def require_admin(request: Request, credentials: Optional[HTTPAuthorizationCredentials] = Depends(admin_bearer),
                  settings: Settings = Depends(get_settings)) -> str:
    """The caller's name for the audit trail: the signed-in account, or ``ADMIN_TOKEN``.

    401 with neither a live session nor a bearer token; 403 with a wrong token or while
    ADMIN_TOKEN is not set."""
    if credentials is None:
        account = signed_in_account(request)
        if account is not None:
            return account
        raise HTTPException(status_code=401, detail="需要管理员凭据：请登录 /admin，或 Authorization: Bearer ADMIN_TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})
    if not settings.admin_token:
        raise HTTPException(status_code=403, detail="admin routes are closed: ADMIN_TOKEN is not set")
    # Header values arrive decoded as Latin-1: compare bytes, so any byte is a clean mismatch.
    if not hmac.compare_digest(credentials.credentials.encode("latin-1", "replace"),
                               settings.admin_token.encode("utf-8")):
        raise HTTPException(status_code=403, detail="wrong admin token")
    return TOKEN_ACTOR


@dataclass
class SignIn:
    """Checks a name and password against the accounts and opens a session."""

    accounts: Dict[str, Account]
    sessions: AdminSessions
    audit: AuditLog
    max_failures: int
    window_minutes: float
    one_at_a_time: threading.Lock = field(default_factory=threading.Lock)

    def locked_out(self, name: str, address: str) -> bool:
        pair, from_address, for_name = self.audit.failed_sign_ins(self.window_minutes, name, address)
        return pair >= self.max_failures or from_address >= 4 * self.max_failures or for_name >= 10 * self.max_failures

    def __call__(self, request: Request, name: str, password: str, settings: Settings) -> str:
        """A new session token; raises RateLimited after too many failures, 401 on a wrong password."""
        address = client_address(request, settings.trusted_proxies)
        with self.one_at_a_time:
            if self.locked_out(name, address):
                raise RateLimited(self.window_minutes * 60)
            account = self.accounts.get(name)
            matches = password_matches(password, account.password_hash if account else _unknown_account_hash())
            if account is None or not matches:
                self.audit.record(name, SIGN_IN_FAILED, subject=name, address=address)
                raise HTTPException(status_code=401, detail="账号或密码不正确")
        self.audit.record(name, "sign_in", address=address)
        return self.sessions.start(name, account.credential)
