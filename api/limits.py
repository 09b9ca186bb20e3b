"""Limits enforced before any route runs: how many requests one address has in flight (429), the
size of a request body and the time it may take to arrive (413, 408), and how many costly requests
are in progress at once (503 at once instead of a queue that ends in timeouts).

All are plain ASGI middleware, so they hold for every route, including the bridges that read their
bodies themselves. The body is read whole, within its deadline, before the concurrency cap counts
the request: a client that sends its body slowly holds its own connection, never a slot.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import TYPE_CHECKING, Awaitable, Callable, Iterable, List, Optional, Tuple

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import metrics
from api.rate_limit import client_address

if TYPE_CHECKING:
    from api.shared_limits import SharedSlots


class BodyTooLarge(HTTPException):
    """Raised while the body is read, as soon as it passes the limit; answered 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"请求体过大，最多{limit}字节 (body larger than {limit} bytes)")


async def send_error(
    send: Send, status: int, code: str, message: str, headers: Iterable[Tuple[bytes, bytes]] = (), refusal: bool = True
) -> None:
    """The gateway's JSON error shape, sent straight from middleware; a ``refusal`` (before any work) is
    counted under its ``code``."""
    if refusal:
        metrics.REFUSALS.labels(code).inc()
    body = json.dumps({"error": code, "message": message}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyIntake:
    """Reads each request's body whole before the app runs: at most ``max_bytes`` (by Content-Length
    before reading, else while reading: 413) within ``seconds`` (else 408 and the connection closed).
    The app then reads the buffered body at once."""

    def __init__(self, app: ASGIApp, max_bytes: int, seconds: float = 10.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            error = BodyTooLarge(self.max_bytes)
            await send_error(send, 413, "body_too_large", error.detail, [(b"connection", b"close")])
            return
        chunks: List[bytes] = []

        async def read_whole_body() -> bool:
            """True when the body arrived whole; False when the client went away."""
            received = 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return False
                chunks.append(message.get("body", b""))
                received += len(chunks[-1])
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
                if not message.get("more_body", False):
                    return True

        try:
            arrived = await asyncio.wait_for(read_whole_body(), self.seconds)
        except BodyTooLarge as error:
            await send_error(send, 413, "body_too_large", error.detail, [(b"connection", b"close")])
            return
        except asyncio.TimeoutError:
            await send_error(
                send,
                408,
                "body_too_slow",
                f"请求体未在{self.seconds:g}秒内传完 (body not received within {self.seconds:g} s)",
                [(b"connection", b"close")],
            )
            return
        if not arrived:
            return
        buffered: List[Message] = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def buffered_receive() -> Message:
            return buffered.pop() if buffered else await receive()

        await self.app(scope, buffered_receive, send)


class AddressInFlightCap:
    """At most ``limit`` requests from one client address in flight at once, counted from the first
    byte of the body on (a slow client cannot open many); the next one gets 429 at once. The
    address is the one the rate limits use (``X-Forwarded-For`` only from ``trusted_proxies``)."""

    def __init__(
        self, app: ASGIApp, limit: int, trusted_proxies: Iterable[str] = (), shared: Optional[SharedSlots] = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.trusted_proxies = list(trusted_proxies)
        self.in_flight: Counter[str] = Counter()
        self.shared = shared  # with REDIS_URL: counted across every gateway process

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        address = client_address(Request(scope), self.trusted_proxies)
        if self.shared is not None:
            await in_shared_slot(
                self.shared,
                f"address:{address}",
                self.limit,
                lambda: self.app(scope, receive, send),
                lambda: refuse_too_many_in_flight(send),
            )
            return
        if self.in_flight[address] >= self.limit:
            await refuse_too_many_in_flight(send)
            return
        self.in_flight[address] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight[address] -= 1
            if not self.in_flight[address]:
                del self.in_flight[address]


async def in_shared_slot(
    shared: "SharedSlots",
    key: str,
    limit: int,
    serve: Callable[[], Awaitable[None]],
    refuse: Callable[[], Awaitable[None]],
) -> None:
    """``serve`` holding one of the ``limit`` slots of ``key`` across every process, else ``refuse``."""
    token = await shared.take(key, limit)
    if token is None:
        await refuse()
        return
    try:
        await serve()
    finally:
        await shared.give_back(key, token)


async def refuse_too_many_in_flight(send: Send) -> None:
    await send_error(
        send,
        429,
        "too_many_in_flight",
        "同一地址的请求过多，请稍后重试。(too many requests in flight from this address)",
        [(b"retry-after", b"1")],
    )


async def refuse_busy(send: Send) -> None:
    await send_error(
        send,
        503,
        "busy",
        "助手正忙，请稍后重试。(too many requests in progress, retry shortly)",
        [(b"retry-after", b"1")],
    )


class ConcurrencyCap:
    """At most ``limit`` requests under ``prefixes`` in progress; the next one gets 503 at once."""

    def __init__(
        self, app: ASGIApp, limit: int, prefixes: Tuple[str, ...], shared: Optional[SharedSlots] = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.prefixes = prefixes
        self.in_progress = 0
        self.shared = shared  # with REDIS_URL: counted across every gateway process

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        if self.shared is not None:
            await in_shared_slot(
                self.shared, "busy", self.limit, lambda: self.app(scope, receive, send), lambda: refuse_busy(send)
            )
            return
        if self.in_progress >= self.limit:
            await refuse_busy(send)
            return
        self.in_progress += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress -= 1
