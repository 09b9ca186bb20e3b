"""The gateway's app factory. Run: ``uvicorn api.main:app --ws none`` (see the Makefile)."""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator, Optional

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api.bot import RasaInstances
from api.bridges.state import BridgeState
from api.db import make_engine
from api.errors import install_error_handlers
from api.feedback import FeedbackStore
from api.question_log import QuestionLog
from api.rate_limit import RateLimiter
from api.routers import chat, feedback, health, parse, policy, scenarios, stats, telegram, web, wecom
from api.settings import Settings, settings_from_environment
from guide.policy_basis import reviewed_policy_basis
from guide.search import policy_ranker

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    """A gateway app; ``settings`` default to the environment's."""
    settings = settings or settings_from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.http = httpx.AsyncClient(limits=httpx.Limits(max_connections=100))
        app.state.rasa_instances = RasaInstances(settings.rasa_instances)
        engine = make_engine(settings.db_url)
        app.state.feedback = FeedbackStore(engine)
        app.state.bridge_state = BridgeState(engine)
        app.state.questions = QuestionLog(engine)
        app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
        policy_ranker()  # build the search index and resolve the reviewed links before the first request
        reviewed_policy_basis()
        try:
            yield
        finally:
            await app.state.http.aclose()
            engine.dispose()

    app = FastAPI(
        title="枫桥助手 API",
        description="Field-guide answers and cited policy text for community police officers.",
        version="1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings  # read by the get_settings dependency (no per-request override cost)
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"])
    for router in (chat.router, parse.router, scenarios.router, policy.router, feedback.router, stats.router,
                   health.router, wecom.router, telegram.router, web.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


app = create_app()
