"""POST /api/parse: which scenario a text asks, without touching any conversation."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.bot import BotClient
from api.deps import get_bot, limit_by_address
from api.errors import error_responses
from api.schemas import BoundaryKind, ParseRequest, ParseResponse, RankedIntent
from guide.boundaries import EmergencyVerdict
from guide.protocol import BOUNDARY_INTENTS, EMERGENCY_REPORT
from guide.scenarios import scenario_id_from_intent

router = APIRouter(prefix="/api/parse", tags=["nlu"])
RANKING_SIZE = 5


@router.post(
    "",
    response_model=ParseResponse,
    dependencies=[Depends(limit_by_address)],
    responses=error_responses(400, 413, 415, 422, 429, 503),
)
async def parse(request: ParseRequest, bot: BotClient = Depends(get_bot)) -> ParseResponse:
    """The NLU result: the scenario (null for fallback and general intents), the boundary kind (a possible
    emergency, police procedure, another body's work; null otherwise) and the top 5 intents."""
    result = await bot.parse(request.text)
    intent = result.get("intent") or {}
    ranking = [
        RankedIntent(
            scenario=scenario_id_from_intent(entry.get("name")),
            intent=entry.get("name", ""),
            confidence=float(entry.get("confidence") or 0.0),
        )
        for entry in (result.get("intent_ranking") or [])[:RANKING_SIZE]
    ]
    name = intent.get("name") or ""
    return ParseResponse(
        scenario=scenario_id_from_intent(name),
        intent=name,
        confidence=float(intent.get("confidence") or 0.0),
        ranking=ranking,
        boundary=BoundaryKind(name) if name in BOUNDARY_INTENTS else None,
        emergency_signs=list(EmergencyVerdict.from_report(result.get(EMERGENCY_REPORT)).signs),
    )
