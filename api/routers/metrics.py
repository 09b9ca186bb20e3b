"""GET /metrics: the gateway's Prometheus metrics (api/metrics.py), for the station's monitoring host."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from api import metrics
from api.admin.auth import require_reader
from api.errors import error_responses

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        **error_responses(401, 403, 413),
        200: {"description": "Prometheus' text format", "content": {"text/plain": {}}},
    },
)
def scrape(reader: str = Depends(require_reader)) -> Response:
    """Turns by channel and outcome, turn and Rasa call latency, NLU confidence, refusals, errors, bridge
    deliveries, training runs and promotions, the live model. Only for ``Authorization: Bearer <a token of
    STATS_TOKENS>`` (Prometheus' ``authorization`` setting) or a signed-in trainer."""
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
