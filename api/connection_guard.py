"""The HTTP connection itself, before the app sees a request: uvicorn's httptools protocol with the
limits it lacks. A request's line and headers must arrive within ``HEADER_SECONDS`` of the
connection opening (or of the previous response, on a kept-alive connection); the headers may hold
at most ``MAX_HEADER_BYTES`` and ``MAX_HEADERS`` fields and the URL at most ``MAX_URL_BYTES``.
Otherwise the connection is answered (408, 431, 414) and closed, so a slow or bloated client holds
nothing. Bodies are the app's business (:class:`api.limits.BodyIntake`).

Run by the Procfile: ``uvicorn api.main:app --http api.connection_guard:GuardedHttpToolsProtocol``.
The limits are environment variables read at start (``GATEWAY_HEADER_SECONDS`` …).
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Optional

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

logger = logging.getLogger(__name__)


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


HEADER_SECONDS = _number("GATEWAY_HEADER_SECONDS", 10.0)
MAX_HEADER_BYTES = int(_number("GATEWAY_MAX_HEADER_BYTES", 16_384))
MAX_HEADERS = int(_number("GATEWAY_MAX_HEADERS", 100))
MAX_URL_BYTES = int(_number("GATEWAY_MAX_URL_BYTES", 8_192))
_REASONS = {408: b"Request Timeout", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline for each request's headers and bounds on their size."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_deadline: Optional[asyncio.TimerHandle] = None
        self.header_bytes = 0
        self.header_count = 0
        self.url_bytes = 0
        self.refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_deadline()

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self._disarm_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return
        if self.header_deadline is None and self.cycle is not None and self.cycle.response_complete:
            self._arm_deadline()  # kept alive: the next request's headers have their own deadline
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.header_bytes = self.header_count = self.url_bytes = 0
        if self.header_deadline is None:
            self._arm_deadline()

    def on_url(self, url: bytes) -> None:
        self.url_bytes += len(url)
        if self.url_bytes > MAX_URL_BYTES:
            self._refuse(414, "URL too long")
            return
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self.header_bytes += len(name) + len(value)
        self.header_count += 1
        if self.header_bytes > MAX_HEADER_BYTES or self.header_count > MAX_HEADERS:
            self._refuse(431, "headers too large")
            return
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._disarm_deadline()
        if self.refused:
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self.refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self.refused:
            super().on_message_complete()

    def _arm_deadline(self) -> None:
        self._disarm_deadline()
        self.header_deadline = self.loop.call_later(HEADER_SECONDS, self._refuse, 408, "headers too slow")

    def _disarm_deadline(self) -> None:
        if self.header_deadline is not None:
            self.header_deadline.cancel()
            self.header_deadline = None

    def _refuse(self, status: int, why: str) -> None:
        """Answer ``status`` and close; one log line, nothing else is read from this connection."""
        if self.refused or self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete and self.header_deadline is None:
            return  # a request is being served: its body and answer are the app's business
        self.refused = True
        self._disarm_deadline()
        client = "%s:%d" % self.client if self.client else "unknown"
        logger.warning("refused connection from %s: %s (%d)", client, why, status)
        body = b'{"error":"refused","message":"' + why.encode("ascii") + b'"}'
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
            b"connection: close\r\n\r\n%s" % (status, _REASONS[status], len(body), body)
        )
        self.transport.close()
