"""Web page and API hygiene: security headers on every response, and JSON routes that accept
only a JSON body (which also keeps plain cross-site forms from posting to them)."""
from __future__ import annotations

import logging
from typing import List

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.limits import send_error

logger = logging.getLogger(__name__)
DOCS_PATHS = ("/docs", "/redoc")  # FastAPI's pages load their scripts from a CDN: no strict CSP there
BODY_METHODS = {"POST", "PUT", "PATCH"}
# Answers that hold officers' own words (conversations, the question log, the console): never cached.
PRIVATE_PREFIXES = ("/api/chat", "/api/admin", "/api/stats", "/admin")
NO_STORE = (b"cache-control", b"no-store")


def content_security_policy(frame_ancestors: List[str]) -> str:
    """Only the gateway's own scripts, styles and API; frames only from the configured origins."""
    ancestors = " ".join(["'self'", *frame_ancestors])
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            f"base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}")


class SecurityHeaders:
    """Adds CSP, X-Content-Type-Options, Referrer-Policy, (without a widget origin) X-Frame-Options, and
    ``Cache-Control: no-store`` on answers with officers' own words; a bug's 500 gets them too."""

    def __init__(self, app: ASGIApp, frame_ancestors: List[str]) -> None:
        self.app = app
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if not frame_ancestors:
            self.headers.append((b"x-frame-options", b"SAMEORIGIN"))
        self.csp = (b"content-security-policy", content_security_policy(frame_ancestors).encode("ascii"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        strict = not scope["path"].startswith(DOCS_PATHS)
        private = [NO_STORE] if scope["path"].startswith(PRIVATE_PREFIXES) else []

        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(name, value) for name, value in message.get("headers", []) if not private or name != NO_STORE[0]]
                message["headers"] = [*headers, *self.headers, *([self.csp] if strict else []), *private]
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:  # a bug: logged once, answered as JSON with the same headers as every answer
            if started:
                raise
            logger.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            await send_error(with_headers, 500, "internal_error", "服务器内部错误，已记录。(internal error, logged)")


def has_route(scope: Scope) -> bool:
    """Whether a route of the app takes this method on this path (else the router answers 404 or 405)."""
    return any(route.matches(scope)[0] == Match.FULL for route in scope["app"].router.routes)


class JsonBodiesOnly:
    """A POST, PUT or PATCH to a route under ``/api/`` must say ``Content-Type: application/json``
    (else 415); a method the route does not take still gets its 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in BODY_METHODS and scope["path"].startswith("/api/") \
                and has_route(scope):
            content_type = dict(scope["headers"]).get(b"content-type", b"").split(b";")[0].strip().lower()
            if content_type != b"application/json":
                await send_error(send, 415, "unsupported_media_type",
                                 "请求体必须是 JSON (Content-Type: application/json)")
                return
        await self.app(scope, receive, send)
