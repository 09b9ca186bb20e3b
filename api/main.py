"""The gateway's app factory. Run: ``uvicorn api.main:app --ws none`` (see the Makefile)."""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator, Optional, Tuple

import httpx
import redis
import redis.asyncio as async_redis
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import Scope

from api.admin.accounts import accounts_by_name
from api.admin.auth import SignIn, require_https
from api.admin.sessions import AdminSessions
from api.bot import RasaInstances
from api.bridges import telegram, wecom
from api.bridges.state import BridgeState
from api.db import make_engine
from api.errors import document_any_request_errors, exception_handler, install_error_handlers
from api.feedback import FeedbackStore
from api.health import PublicHealth
from api.history_pages import TrackerStoreHistory
from api.hygiene import JsonBodiesOnly, SecurityHeaders
from api.limits import AddressInFlightCap, BodyIntake, ConcurrencyCap
from api.metrics import show_live_model
from api.rate_limit import Limiter, RateLimiter
from api.retention import prune_every_day, prune_logged
from api.routers import admin, chat, feedback, health, metrics, parse, policy, scenarios, stats, web
from api.routers.scenarios import knowledge_bundle
from api.settings import Settings, settings_from_environment
from api.shared_limits import SharedRateLimiter, SharedSlots
from api.web_sessions import BINDING_HEADER, RevokedConversations, WebSessions
from guide.lookup import lookup
from guide.policy_basis import reviewed_policy_basis
from guide.scenarios import field_guide
from learning.audit import AuditLog
from learning.console import AdminConsole, Refused
from learning.question_log import QuestionLog

STATIC = Path(__file__).resolve().parent / "static"
COSTLY_PREFIXES = ("/api/", "/bridges/", "/healthz")  # routes that reach Rasa or rank passages
REDIS_SECONDS = 0.5  # a call to the limits' Redis (REDIS_URL); beyond it the limit is not enforced for that request


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    """A gateway app; ``settings`` default to the environment's."""
    settings = settings or settings_from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.http = httpx.AsyncClient(limits=httpx.Limits(max_connections=100))
        app.state.telegram_http = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=settings.telegram_max_concurrent_calls)
        )
        app.state.rasa_instances = RasaInstances(settings.rasa_instances)
        engine = make_engine(settings.db_url)
        app.state.engine = engine
        app.state.feedback = FeedbackStore(engine)
        app.state.bridge_state = BridgeState(engine)
        app.state.questions = QuestionLog(engine)
        app.state.web_sessions.revoked = RevokedConversations(engine)
        app.state.rate_limiter, app.state.address_limiter = rate_limiters(settings)
        app.state.admin_sessions = AdminSessions(engine, settings.admin_session_hours)
        app.state.audit = AuditLog(engine)
        app.state.public_health = PublicHealth()
        if settings.admin_console:
            console = AdminConsole.from_settings(
                settings, engine, app.state.audit, app.state.questions, app.state.feedback
            )
            app.state.admin_console = console
            app.state.admin_accounts = accounts_by_name(settings.admin_accounts)
            app.state.admin_sign_in = SignIn(
                app.state.admin_accounts,
                app.state.admin_sessions,
                app.state.audit,
                settings.admin_sign_in_failures,
                settings.admin_sign_in_window_minutes,
                settings.session_secret,
            )
        tracker_engine = make_engine(settings.tracker_db_url) if settings.tracker_db_url else None
        app.state.tracker_history = TrackerStoreHistory(tracker_engine) if tracker_engine is not None else None
        await prune_logged(engine, settings.retention_days, tracker_engine)
        pruning = asyncio.create_task(prune_every_day(engine, settings.retention_days, tracker_engine))
        live_path = app.state.admin_console.models.live.current().path if settings.admin_console else settings.model
        show_live_model(Path(live_path).name)
        lookup()  # build the look-up index and resolve the reviewed links before the first request
        knowledge_bundle(field_guide())  # and the offline bundle (its keywords read the NLU examples)
        reviewed_policy_basis()
        try:
            yield
        finally:
            if settings.admin_console:
                await app.state.admin_console.stop()
            pruning.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pruning
            await app.state.http.aclose()
            await app.state.telegram_http.aclose()
            engine.dispose()
            if tracker_engine is not None:
                tracker_engine.dispose()

    docs = settings.docs_enabled
    app = FastAPI(
        title="枫桥助手 API",
        description="Field-guide answers and cited policy text for community police officers.",
        version="1.0",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.settings = settings  # read by the get_settings dependency (no per-request override cost)
    app.state.web_sessions = WebSessions(settings)
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", BINDING_HEADER],
            expose_headers=[BINDING_HEADER],
        )
    # Added last = runs first: headers on every answer, then the per-address in-flight cap, then the
    # body read whole within its size and time limits, only then the concurrency cap.
    app.add_middleware(JsonBodiesOnly)
    slots = (
        SharedSlots(
            async_redis.from_url(
                settings.redis_url, socket_timeout=REDIS_SECONDS, socket_connect_timeout=REDIS_SECONDS
            ),
            "fengqiao:slots",
        )
        if settings.redis_url
        else None
    )
    app.add_middleware(ConcurrencyCap, limit=settings.max_concurrent_requests, prefixes=COSTLY_PREFIXES, shared=slots)
    app.add_middleware(BodyIntake, max_bytes=settings.max_body_bytes, seconds=settings.body_read_seconds)
    app.add_middleware(
        AddressInFlightCap,
        limit=settings.max_in_flight_per_address,
        trusted_proxies=settings.trusted_proxies,
        shared=slots,
    )
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    for router in (
        chat.router,
        parse.router,
        scenarios.router,
        policy.router,
        feedback.router,
        stats.router,
        health.router,
        metrics.router,
        wecom.router,
        telegram.router,
        web.router,
    ):
        app.include_router(router)
    if settings.admin_console:
        for router in (admin.pages, admin.session_router, admin.router):
            app.include_router(router, dependencies=[Depends(require_https)])
        app.add_exception_handler(Refused, exception_handler(admin.refused))
    app.mount("/static", PlainStaticFiles(directory=STATIC), name="static")
    document_any_request_errors(app)
    return app


def rate_limiters(settings: Settings) -> Tuple[Limiter, Limiter]:
    """The per-conversation and per-address limiters: in this process, or with REDIS_URL in Redis."""
    if not settings.redis_url:
        return (
            RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
            RateLimiter(settings.address_rate_limit_per_minute, settings.address_rate_limit_burst),
        )
    client = redis.Redis.from_url(
        settings.redis_url, socket_timeout=REDIS_SECONDS, socket_connect_timeout=REDIS_SECONDS
    )
    return (
        SharedRateLimiter(client, "fengqiao:conversation", settings.rate_limit_per_minute, settings.rate_limit_burst),
        SharedRateLimiter(
            client, "fengqiao:address", settings.address_rate_limit_per_minute, settings.address_rate_limit_burst
        ),
    )


class PlainStaticFiles(StaticFiles):
    """The page's files; a path no file can have (a NUL byte: ``admin.js%00.html``) is a 404, not a 500."""

    def get_path(self, scope: Scope) -> str:
        path = super().get_path(scope)
        if "\x00" in path:
            raise HTTPException(status_code=404)
        return path


app = create_app()
