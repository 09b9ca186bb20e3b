"""Rate limiting: token buckets per conversation and per client address, in this gateway process."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, List, Protocol, Tuple

from starlette.requests import Request

from api import metrics


class RateLimited(Exception):
    """A sender sent more messages than the limit allows; retry after ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited, retry after {retry_after:.1f} s")
        self.retry_after = retry_after


class Limiter(Protocol):
    """What takes one message's token: :class:`RateLimiter` here, or ``api.shared_limits.SharedRateLimiter``."""

    def check(self, sender_id: str) -> None: ...


@dataclass
class Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``burst`` messages at once, then ``per_minute`` a minute; the least recently seen senders
    are forgotten beyond ``max_senders`` so memory stays bounded."""

    def __init__(
        self, per_minute: float, burst: int, max_senders: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self.max_senders = max_senders
        self.clock = clock
        self.buckets: "OrderedDict[str, Bucket]" = OrderedDict()
        self.lock = threading.Lock()

    def check(self, sender_id: str) -> None:
        """Take one token for ``sender_id`` or raise :class:`RateLimited`."""
        allowed, retry_after = self._take(sender_id)
        if not allowed:
            metrics.REFUSALS.labels("rate_limited").inc()
            raise RateLimited(retry_after)

    def _take(self, sender_id: str) -> Tuple[bool, float]:
        now = self.clock()
        with self.lock:
            bucket = self.buckets.pop(sender_id, None) or Bucket(tokens=float(self.burst), updated=now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            self.buckets[sender_id] = bucket
            while len(self.buckets) > self.max_senders:
                self.buckets.popitem(last=False)
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return True, 0.0
            return False, (1 - bucket.tokens) / self.rate if self.rate else float("inf")


def over_https(request: Request, trusted_proxies: List[str]) -> bool:
    """Whether the request came over HTTPS: to the gateway itself, or to a trusted proxy that says so
    (``X-Forwarded-Proto: https``; the header of anyone else counts for nothing)."""
    if request.url.scheme == "https":
        return True
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return peer in trusted_proxies and forwarded == "https"


def client_address(request: Request, trusted_proxies: List[str]) -> str:
    """The address a request came from. ``X-Forwarded-For`` counts only when the connection comes
    from a trusted proxy; then the right-most address that is not itself a trusted proxy is the
    client (everything left of it could have been written by the client)."""
    peer = request.client.host if request.client else "unknown"
    if peer not in trusted_proxies:
        return peer
    forwarded = [
        part.strip() for part in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if part.strip()
    ]
    for address in reversed(forwarded):
        if address not in trusted_proxies:
            return address
    return peer
