"""GET /healthz (public: up or not) and GET /api/health (for operators: each part and the model)."""

from __future__ import annotations

from typing import Union

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from api.admin.auth import require_reader
from api.bot import BotClient
from api.deps import get_bot
from api.errors import error_responses
from api.health import check_health
from api.schemas import ErrorResponse, HealthResponse, PublicHealthResponse

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=PublicHealthResponse,
    responses={
        **error_responses(413),
        503: {
            "model": Union[PublicHealthResponse, ErrorResponse],
            "description": 'a part is down (`{"ok": false}`), or the gateway is busy (an error body, Retry-After: 1)',
        },
    },
)
async def healthz(request: Request, bot: BotClient = Depends(get_bot)) -> JSONResponse:
    """200 ``{"ok": true}`` when every part is up, 503 ``{"ok": false}`` when one is down; checked at
    most every few seconds whoever asks. Which part: ``GET /api/health``."""
    ok = await request.app.state.public_health.current(bot, request.app.state.engine)
    return JSONResponse(status_code=200 if ok else 503, content={"ok": ok})


@router.get(
    "/api/health",
    response_model=HealthResponse,
    responses={
        **error_responses(401, 403, 413),
        503: {
            "model": Union[HealthResponse, ErrorResponse],
            "description": "a part is down (the health body), or the gateway is busy (an error body, Retry-After: 1)",
        },
    },
)
async def health(
    request: Request, bot: BotClient = Depends(get_bot), reader: str = Depends(require_reader)
) -> JSONResponse:
    """Each part (gateway, Rasa's instances, action server, database) and the loaded model, checked now.
    For a signed-in trainer or a ``STATS_TOKENS`` bearer. 200 when every part is up, 503 (same body) when not."""
    body = await check_health(bot, request.app.state.engine)
    return JSONResponse(status_code=200 if body.ok else 503, content=body.dict())
