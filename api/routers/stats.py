"""GET /api/stats: questions per day, share answered, top scenarios, top unanswered (admin only)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from api.admin.auth import require_reader
from api.admin.responses import StatsResponse
from api.deps import get_guide
from api.errors import error_responses
from api.rate_limit import client_address
from guide.scenarios import FieldGuide

router = APIRouter(prefix="/api/stats", tags=["admin"])


@router.get("", response_model=StatsResponse, responses=error_responses(401, 403, 413, 422, 503))
def stats(
    request: Request,
    days: int = Query(30, ge=1, le=366),
    guide: FieldGuide = Depends(get_guide),
    reader: str = Depends(require_reader),
) -> StatsResponse:
    """Figures over the last ``days`` station days (STATION_TIMEZONE, as in the console) from the question
    log (typed questions, not button presses).
    For a signed-in trainer or ``Authorization: Bearer <a token of STATS_TOKENS>``: the texts are officers'
    own words, so each read is in the audit under the reader's name."""
    address = client_address(request, request.app.state.settings.trusted_proxies)
    request.app.state.audit.record(reader, "read_stats", subject=f"days={days}", address=address)
    figures = request.app.state.questions.stats(request.app.state.settings.calendar, days=days)
    for item in figures["top_scenarios"]:
        item["title"] = guide.title(item["scenario"])
    return StatsResponse(**figures)
