"""GET /healthz: the gateway's, Rasa's and the action server's state, and the loaded model."""
from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.bot import BotClient, BotUnavailable
from api.deps import get_bot
from api.schemas import ComponentHealth, HealthResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
async def healthz(bot: BotClient = Depends(get_bot)) -> JSONResponse:
    """200 when every part is up, 503 (same body) when one is down."""
    model = None
    try:
        status = await bot.status()
        model = status.get("model_file")
        rasa = ComponentHealth(ok=bool(model), detail="" if model else "no model loaded")
    except BotUnavailable as error:
        rasa = ComponentHealth(ok=False, detail=str(error))
    actions_ok = await bot.action_server_healthy()
    body = HealthResponse(
        ok=rasa.ok and actions_ok,
        gateway=ComponentHealth(ok=True),
        rasa=rasa,
        action_server=ComponentHealth(ok=actions_ok, detail="" if actions_ok else "not reachable"),
        model=model,
    )
    return JSONResponse(status_code=200 if body.ok else 503, content=body.dict())
