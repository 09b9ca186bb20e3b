"""Who may use the admin surface: a trainer signed in to the console (session cookie) may use all of
it; a caller with ``Authorization: Bearer <token>`` of one of ``STATS_TOKENS`` (a monitoring script)
may only read the figures (/api/stats, /api/health), and is named in the audit by its token's name.

Failed sign-ins slow further attempts down (api/admin/sign_in_throttle.py); one check at a time per
address or known browser in each gateway, so parallel guesses cannot all pass the count before any is
recorded, and nobody waits for anybody else's checks."""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional
from weakref import WeakValueDictionary

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from api.admin.accounts import Account, hash_password, password_matches
from api.admin.sessions import COOKIE_NAME, AdminSessions
from api.admin.sign_in_throttle import DEVICE_COOKIE, NAME_FREE_FACTOR, known_device, new_device_cookie, wait_seconds
from api.rate_limit import RateLimited, client_address, over_https
from api.settings import MIN_SECRET_CHARS, Settings, get_settings
from learning.audit import SIGN_IN_FAILED, AuditLog

STATS_TOKEN_ACTOR = "stats:{name}"  # the audit trail's name for a caller with a stats token
# Declare the two ways in (the OpenAPI document's security schemes); the checks and their answers are ours.
stats_bearer = HTTPBearer(
    auto_error=False, scheme_name="stats", description="Authorization: Bearer <a token of STATS_TOKENS>"
)
trainer_session = APIKeyCookie(
    name=COOKIE_NAME,
    auto_error=False,
    scheme_name="trainer_session",
    description="the session cookie of a trainer signed in at /admin",
)


def require_https(request: Request, settings: Settings = Depends(get_settings)) -> None:
    """The console and the admin API carry passwords and session cookies: outside development they
    answer only over HTTPS (403 over plain HTTP), unless ADMIN_OVER_PLAIN_HTTP says otherwise."""
    if settings.environment == "development" or settings.admin_over_plain_http:
        return
    if not over_https(request, settings.trusted_proxies):
        raise HTTPException(status_code=403, detail="控制台只能通过 HTTPS 使用 (the console answers over HTTPS only)")


def stats_tokens_by_name(entries: List[str]) -> Dict[str, str]:
    """``name:token`` entries (token 32+ characters) as ``{name: token}``; ValueError names a bad one."""
    tokens: Dict[str, str] = {}
    for entry in entries:
        name, _, token = entry.partition(":")
        if not name.strip() or len(name) > 32 or len(token) < MIN_SECRET_CHARS:
            raise ValueError(
                f"STATS_TOKENS entry {name[:32]!r}…: expected name:token, a name of 1–32 characters "
                f"and a token of {MIN_SECRET_CHARS}+ characters"
            )
        if name in tokens:
            raise ValueError(f"STATS_TOKENS: the name {name!r} is given twice")
        tokens[name] = token
    return tokens


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


def require_admin(request: Request, session: Optional[str] = Depends(trainer_session)) -> str:
    """The signed-in trainer's name. 401 without a live session; 403 for a bearer token (a stats token
    only reads the figures)."""
    account = signed_in_account(request)
    if account is not None:
        return account
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        raise HTTPException(
            status_code=403,
            detail="a bearer token only reads /api/stats and /api/health; "
            "the admin API needs a trainer signed in at /admin",
        )
    raise HTTPException(
        status_code=401,
        detail="需要登录：请在 /admin 登录（读取统计也可用 Authorization: Bearer <STATS_TOKENS 之一>）",
        headers={"WWW-Authenticate": "Bearer"},
    )


def require_reader(
    request: Request,
    credentials: Optional[HTTPAuthorizationCredentials] = Depends(stats_bearer),
    session: Optional[str] = Depends(trainer_session),
    settings: Settings = Depends(get_settings),
) -> str:
    """Who reads the figures: the signed-in trainer, or ``stats:<name>`` for a token of STATS_TOKENS.

    401 with neither; 403 with a token that is none of them (or while STATS_TOKENS is empty)."""
    if credentials is None:
        return require_admin(request, session)
    # Header values arrive decoded as Latin-1: compare bytes, so any byte is a clean mismatch; every
    # token is compared, so the answer time does not tell which name nearly matched.
    offered = credentials.credentials.encode("latin-1", "replace")
    matched = [
        name
        for name, token in stats_tokens_by_name(settings.stats_tokens).items()
        if hmac.compare_digest(offered, token.encode("utf-8"))
    ]
    if not matched:
        raise HTTPException(status_code=403, detail="not a token of STATS_TOKENS")
    return STATS_TOKEN_ACTOR.format(name=matched[0])


@dataclass
class SignIn:
    """Checks a name and password against the accounts and opens a session."""

    accounts: Dict[str, Account]
    sessions: AdminSessions
    audit: AuditLog
    free_failures: int
    window_minutes: float
    secret: str
    checking: "WeakValueDictionary[str, threading.Lock]" = field(default_factory=WeakValueDictionary)
    guard: threading.Lock = field(default_factory=threading.Lock)

    def _lock(self, key: str) -> threading.Lock:
        with self.guard:
            lock = self.checking.get(key)
            if lock is None:
                lock = self.checking[key] = threading.Lock()
            return lock

    def wait(self, name: str, address: str, device: Optional[str]) -> float:
        """Seconds this attempt must still wait (see the module api/admin/sign_in_throttle.py)."""
        failures = self.audit.failed_sign_ins(self.window_minutes, name, address, device)
        window = self.window_minutes * 60
        if failures.device is not None:
            return wait_seconds(failures.device, self.free_failures, window)
        return max(
            wait_seconds(failures.address, self.free_failures, window),
            wait_seconds(failures.name, NAME_FREE_FACTOR * self.free_failures, window),
        )

    def __call__(self, request: Request, name: str, password: str, settings: Settings) -> SignedIn:
        """A new session token (and the browser's device cookie); raises RateLimited while this attempt
        must wait, 401 on a wrong password."""
        address = client_address(request, settings.trusted_proxies)
        device = known_device(self.secret, name, request.cookies.get(DEVICE_COOKIE))
        lock = self._lock(f"device:{device}" if device else f"address:{address}")
        with lock:
            waiting = self.wait(name, address, device)
            if waiting > 0:
                raise RateLimited(waiting)
            account = self.accounts.get(name)
            matches = password_matches(password, account.password_hash if account else _unknown_account_hash())
            if account is None or not matches:
                self.audit.record(
                    name, SIGN_IN_FAILED, subject=name, address=address, detail={"device": device} if device else None
                )
                raise HTTPException(status_code=401, detail="账号或密码不正确")
        self.audit.record(name, "sign_in", address=address)
        return SignedIn(
            self.sessions.start(name, account.credential),
            device_cookie=None if device else new_device_cookie(self.secret, name),
        )


@dataclass(frozen=True)
class SignedIn:
    """A session token for the session cookie; a device cookie for a browser not yet known."""

    session: str
    device_cookie: Optional[str]
