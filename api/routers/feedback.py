"""POST /api/feedback: "helpful / not helpful" on an answer, stored durably."""
from __future__ import annotations

from fastapi import APIRouter, Depends

from api.deps import get_feedback_store
from api.feedback import FeedbackStore
from api.schemas import ErrorResponse, FeedbackRequest, FeedbackResponse

router = APIRouter(prefix="/api/feedback", tags=["feedback"])


@router.post("", response_model=FeedbackResponse, status_code=201, responses={422: {"model": ErrorResponse}})
def post_feedback(request: FeedbackRequest, store: FeedbackStore = Depends(get_feedback_store)) -> FeedbackResponse:
    """Store feedback on an answer (the scenario it was about, whether it helped, a comment)."""
    feedback_id = store.add(sender_id=request.sender_id, helpful=request.helpful, scenario=request.scenario,
                            comment=request.comment, channel="api")
    return FeedbackResponse(id=feedback_id)
