"""GET /healthz: the gateway's, Rasa's, the action server's and the database's state, and the loaded model."""
from __future__ import annotations

from typing import Union

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.bot import BotClient
from api.db import database_ok
from api.deps import get_bot
from api.errors import error_responses
from api.schemas import ComponentHealth, ErrorResponse, HealthResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse, responses={
    **error_responses(413),
    503: {"model": Union[HealthResponse, ErrorResponse],
          "description": "a part is down (the health body), or the gateway is busy (an error body, Retry-After: 1)"},
})
async def healthz(request: Request, bot: BotClient = Depends(get_bot)) -> JSONResponse:
    """200 when every part is up, 503 (same body) when one is down."""
    statuses = {base: await bot.instance_status(base) for base in bot.instances.urls}
    down = [base for base, status in statuses.items() if not status.get("model_file")]
    models = {status.get("model_file") for status in statuses.values() if status.get("model_file")}
    model = next(iter(models)) if len(models) == 1 else (", ".join(sorted(models)) or None)
    rasa = ComponentHealth(ok=not down, detail=f"down or no model: {', '.join(down)}" if down else
                           f"{len(statuses)} instance(s)")
    actions_ok = await bot.action_server_healthy()
    database = await run_in_threadpool(database_ok, request.app.state.engine)
    body = HealthResponse(
        ok=rasa.ok and actions_ok and database,
        gateway=ComponentHealth(ok=True),
        rasa=rasa,
        action_server=ComponentHealth(ok=actions_ok, detail="" if actions_ok else "not reachable"),
        database=ComponentHealth(ok=database, detail="" if database else "not reachable"),
        model=model,
    )
    return JSONResponse(status_code=200 if body.ok else 503, content=body.dict())
