"""Web page and API hygiene: security headers on every response, and JSON routes that accept
only a JSON body (which also keeps plain cross-site forms from posting to them)."""

from __future__ import annotations

import logging
from typing import Dict, List, Optional, Tuple

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import metrics
from api.limits import send_error

logger = logging.getLogger(__name__)
DOCS_PATHS = ("/docs", "/redoc")  # FastAPI's pages: scripts from one CDN (docs are on only in development)
CHAT_PAGE = "/"  # the one page a widget origin (FRAME_ANCESTORS) may show in a frame
CONSOLE_PREFIX = "/admin"  # the trainers' console: never in a frame, whatever the settings
BODY_METHODS = {"POST", "PUT", "PATCH"}
# Answers that hold officers' own words (conversations, the question log, the console): never cached.
PRIVATE_PREFIXES = ("/api/chat", "/api/admin", "/api/stats", "/admin")
NO_STORE = (b"cache-control", b"no-store")
# FastAPI's /docs and /redoc load Swagger UI and ReDoc from this CDN and start them with an inline script.
DOCS_SCRIPTS = "https://cdn.jsdelivr.net 'unsafe-inline'"
FrameRules = Tuple[str, Optional[bytes]]  # CSP frame-ancestors, X-Frame-Options (None: not sent)


def content_security_policy(frame_ancestors: str, scripts: str = "'self'") -> str:
    """Scripts and styles only from ``scripts`` (the gateway's own), its API, frames only from ``frame_ancestors``."""
    return (
        f"default-src 'none'; script-src {scripts}; style-src {scripts}; img-src 'self' data:; connect-src 'self'; "
        f"manifest-src 'self'; worker-src 'self'; "
        f"base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )


def frame_rules(path: str, widget_origins: List[str]) -> FrameRules:
    """Who may frame the answer to ``path``: the console nobody, the chat page the widget origins
    too, everything else only the gateway's own pages."""
    if path.startswith(CONSOLE_PREFIX):
        return "'none'", b"DENY"
    if path == CHAT_PAGE and widget_origins:
        return " ".join(["'self'", *widget_origins]), None
    return "'self'", b"SAMEORIGIN"


class SecurityHeaders:
    """Adds CSP, X-Content-Type-Options, Referrer-Policy, X-Frame-Options (by :func:`frame_rules`), and
    ``Cache-Control: no-store`` on answers with officers' own words; a bug's 500 gets them too."""

    def __init__(self, app: ASGIApp, frame_ancestors: List[str]) -> None:
        self.app = app
        self.widget_origins = frame_ancestors
        self.headers_of_kind: Dict[Tuple[str, Optional[bytes], bool], List[Tuple[bytes, bytes]]] = {}
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    def path_headers(self, path: str) -> List[Tuple[bytes, bytes]]:
        """The CSP and frame headers of one path (built once for each kind of path, not per request)."""
        ancestors, frame_options = frame_rules(path, self.widget_origins)
        kind = (ancestors, frame_options, path.startswith(DOCS_PATHS))
        if kind not in self.headers_of_kind:
            policy = content_security_policy(ancestors, DOCS_SCRIPTS if kind[2] else "'self'")
            self.headers_of_kind[kind] = [
                (b"content-security-policy", policy.encode("ascii")),
                *([(b"x-frame-options", frame_options)] if frame_options else []),
            ]
        return self.headers_of_kind[kind]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        private = [NO_STORE] if path.startswith(PRIVATE_PREFIXES) else []
        added = [*self.headers, *self.path_headers(path), *private]

        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (name, value) for name, value in message.get("headers", []) if not private or name != NO_STORE[0]
                ]
                message["headers"] = [*headers, *added]
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:  # a bug: logged once, answered as JSON with the same headers as every answer
            if started:
                raise
            logger.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            metrics.ERRORS.labels("internal_error").inc()
            await send_error(
                with_headers, 500, "internal_error", "服务器内部错误，已记录。(internal error, logged)", refusal=False
            )


def has_route(scope: Scope) -> bool:
    """Whether a route of the app takes this method on this path (else the router answers 404 or 405)."""
    return any(route.matches(scope)[0] == Match.FULL for route in scope["app"].router.routes)


class JsonBodiesOnly:
    """A POST, PUT or PATCH to a route under ``/api/`` must say ``Content-Type: application/json``
    (else 415); a method the route does not take still gets its 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in BODY_METHODS
            and scope["path"].startswith("/api/")
            and has_route(scope)
        ):
            content_type = dict(scope["headers"]).get(b"content-type", b"").split(b";")[0].strip().lower()
            if content_type != b"application/json":
                await send_error(
                    send, 415, "unsupported_media_type", "请求体必须是 JSON (Content-Type: application/json)"
                )
                return
        await self.app(scope, receive, send)
