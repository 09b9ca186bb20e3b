"""GET /api/stats: questions per day, share answered, top scenarios, top unanswered (admin only)."""
from __future__ import annotations

from typing import Any, Dict

from fastapi import APIRouter, Depends, Query, Request

from api.admin.auth import require_admin
from api.deps import get_guide
from api.errors import error_responses
from guide.scenarios import FieldGuide

router = APIRouter(prefix="/api/stats", tags=["admin"], dependencies=[Depends(require_admin)])


@router.get("", responses=error_responses(401, 403, 413, 422, 503))
def stats(request: Request, days: int = Query(30, ge=1, le=366), guide: FieldGuide = Depends(get_guide)) -> Dict[str, Any]:
    """Figures over the last ``days`` days from the question log (typed questions, not button presses).
    Needs ``Authorization: Bearer <ADMIN_TOKEN>``: the texts are officers' own words."""
    figures = request.app.state.questions.stats(days=days)
    for item in figures["top_scenarios"]:
        scenario = guide.scenarios.get(item["scenario"])
        item["title"] = scenario.title if scenario else None
    return figures
