"""How long a sign-in attempt must wait after failures: a growing delay, never a hard lock.

Failures are counted in the audit trail (so across gateways) within the window, in buckets:
- a **known browser** (the signed device cookie a successful sign-in leaves, bound to the account
  name) counts only its own failures, so nobody else's guesses ever slow a trainer at their own
  browser;
- any other attempt counts the failures of its **address** (whatever the names) and of the **name**
  (from any address; ten times as many are free, so guessing one name from many addresses slows
  down without a few guesses locking anybody out).

The first ``free`` failures of a bucket cost nothing; after that each attempt waits 1, 2, 4, … seconds
after the bucket's last failure, at most the window. Refused attempts are answered at once (429 with
Retry-After): nothing sleeps while holding a concurrency slot."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

DEVICE_COOKIE = "fengqiao_admin_device"
DEVICE_COOKIE_DAYS = 180
NAME_FREE_FACTOR = 10  # failures for one name from any address: ten times a single bucket's


@dataclass(frozen=True)
class Failures:
    """Failed sign-ins of one bucket within the window."""

    count: int
    last: Optional[datetime]


def wait_seconds(failures: Failures, free: int, window_seconds: float, now: Optional[datetime] = None) -> float:
    """How long this bucket must still wait before its next attempt is checked (0: go ahead)."""
    if failures.count < free or failures.last is None:
        return 0.0
    delay = min(2.0 ** (failures.count - free), window_seconds)
    elapsed = ((now or datetime.now(timezone.utc)) - failures.last).total_seconds()
    return max(0.0, delay - elapsed)


def _signature(secret: str, name: str, device: str) -> str:
    message = f"admin-device\x00{name}\x00{device}".encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()[:32]


def new_device_cookie(secret: str, name: str) -> str:
    """A device cookie value for a browser that just signed in as ``name``."""
    device = secrets.token_hex(12)
    return f"{device}.{_signature(secret, name, device)}"


def known_device(secret: str, name: str, cookie: Optional[str]) -> Optional[str]:
    """The device id of ``cookie`` when it was issued to a browser that signed in as ``name``."""
    device, _, signature = (cookie or "").partition(".")
    if len(device) != 24 or not all(c in "0123456789abcdef" for c in device):
        return None
    return (
        device
        if hmac.compare_digest(signature.encode("ascii", "replace"), _signature(secret, name, device).encode("ascii"))
        else None
    )
