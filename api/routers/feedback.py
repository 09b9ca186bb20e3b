"""POST /api/feedback: "helpful / not helpful" on an answer of the caller's conversation, stored durably."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from api.deps import get_feedback_store, get_web_sessions, limit_by_address, web_conversation
from api.errors import error_responses
from api.feedback import FeedbackStore
from api.schemas import FeedbackRequest, FeedbackResponse
from api.web_sessions import WebConversation, WebSessions

router = APIRouter(prefix="/api/feedback", tags=["feedback"])


@router.post(
    "",
    response_model=FeedbackResponse,
    status_code=201,
    responses=error_responses(400, 413, 415, 422, 429, 503),
    dependencies=[Depends(limit_by_address)],
)
def post_feedback(
    request: FeedbackRequest,
    response: Response,
    conversation: WebConversation = Depends(web_conversation),
    sessions: WebSessions = Depends(get_web_sessions),
    store: FeedbackStore = Depends(get_feedback_store),
) -> FeedbackResponse:
    """Store feedback on an answer of the caller's conversation (scenario, whether it helped, a comment)."""
    sessions.renew(response, conversation)
    feedback_id = store.add(
        sender_id=conversation.id,
        helpful=request.helpful,
        scenario=request.scenario,
        comment=request.comment,
        channel="api",
    )
    return FeedbackResponse(id=feedback_id)
