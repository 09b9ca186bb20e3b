"""Limits enforced before any route runs: the size of a request body (413) and how many costly
requests are in progress at once (503 at once instead of a queue that ends in timeouts).

Both are plain ASGI middleware, so they hold for every route, including the bridges that read
their bodies themselves.
"""
from __future__ import annotations

import json
from typing import Iterable, Tuple

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """Raised while the body is read, as soon as it passes the limit; answered 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"请求体过大，最多{limit}字节 (body larger than {limit} bytes)")


async def send_error(send: Send, status: int, code: str, message: str, headers: Iterable[Tuple[bytes, bytes]] = ()) -> None:
    """The gateway's JSON error shape, sent straight from middleware."""
    body = json.dumps({"error": code, "message": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Refuses bodies over ``max_bytes``: by Content-Length before reading, else while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            error = BodyTooLarge(self.max_bytes)
            await send_error(send, 413, "body_too_large", error.detail, [(b"connection", b"close")])
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge as error:  # read outside a route's error handling (e.g. by middleware)
            if started:
                raise
            await send_error(send, 413, "body_too_large", error.detail, [(b"connection", b"close")])


class ConcurrencyCap:
    """At most ``limit`` requests under ``prefixes`` in progress; the next one gets 503 at once."""

    def __init__(self, app: ASGIApp, limit: int, prefixes: Tuple[str, ...]) -> None:
        self.app = app
        self.limit = limit
        self.prefixes = prefixes
        self.in_progress = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        if self.in_progress >= self.limit:
            await send_error(send, 503, "busy", "助手正忙，请稍后重试。(too many requests in progress, retry shortly)",
                             [(b"retry-after", b"1")])
            return
        self.in_progress += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress -= 1
