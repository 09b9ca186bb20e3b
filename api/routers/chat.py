"""POST /api/chat: one turn of the caller's conversation; GET /api/chat/history: its turns so far;
POST /api/chat/new: start a fresh conversation ("新对话"). The conversation is the one of the
caller's cookie (api/web_sessions.py): no route takes a conversation id from the client."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Dict, Optional

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api.conversation import history, welcome
from api.deps import ChatServices, get_chat_services, get_guide, get_web_sessions, limit_by_address, web_conversation
from api.errors import error_responses
from api.history_pages import page_of
from api.schemas import ChatRequest, ChatResponse, HistoryResponse, NewConversationRequest, NewConversationResponse
from api.turns import chat_turn
from api.web_sessions import WebConversation, WebSessions
from guide.scenarios import FieldGuide

router = APIRouter(prefix="/api/chat", tags=["chat"])
HISTORY_PAGE = 40  # messages (both sides) per history page
MAX_HISTORY_PAGE = 100


@router.post(
    "",
    response_model=ChatResponse,
    responses=error_responses(400, 413, 415, 422, 429, 503),
    dependencies=[Depends(limit_by_address)],
)
async def chat(
    request: ChatRequest,
    response: Response,
    after_answer: BackgroundTasks,
    conversation: WebConversation = Depends(web_conversation),
    sessions: WebSessions = Depends(get_web_sessions),
    services: ChatServices = Depends(get_chat_services),
) -> Dict[str, Any]:
    """Send the officer's message (or a button's payload) in the caller's conversation and get the answer.

    The conversation is the one of the ``fengqiao_conversation`` cookie; without a valid cookie a
    new conversation starts and the response sets the cookie. The question log is written once
    the answer is sent.
    """
    sessions.renew(response, conversation)
    turn = await chat_turn(
        services, conversation.id, request.message, channel="web", after_answer=after_answer.add_task
    )
    return asdict(turn)  # validated once, against the response model


@router.get(
    "/history",
    response_model=HistoryResponse,
    responses=error_responses(413, 429, 503),
    dependencies=[Depends(limit_by_address)],
)
async def chat_history(
    response: Response,
    request: Request,
    before: Optional[int] = Query(None, ge=0, le=2**53 - 1, description="the `older` cursor of the page after it"),
    limit: int = Query(HISTORY_PAGE, ge=1, le=MAX_HISTORY_PAGE, description="messages per page"),
    conversation: WebConversation = Depends(web_conversation),
    sessions: WebSessions = Depends(get_web_sessions),
    services: ChatServices = Depends(get_chat_services),
    guide: FieldGuide = Depends(get_guide),
) -> HistoryResponse:
    """The latest messages of the caller's conversation, oldest first (button presses are shown as their
    titles), a cursor for the page before them, and the welcome message the page shows before a first turn."""
    sessions.renew(response, conversation)
    if conversation.new:
        return HistoryResponse.parse_obj({"items": [], "welcome": welcome()})
    services.rate_limiter.check(f"web:{conversation.id}")
    store = getattr(request.app.state, "tracker_history", None)
    if store is not None:
        page = await run_in_threadpool(store.page, conversation.id, before, limit)
    else:
        page = page_of((await services.bot.tracker(conversation.id)).get("events") or [], before, limit)
    return HistoryResponse.parse_obj({"items": history(page.events, guide), "welcome": welcome(), "older": page.older})


@router.post(
    "/new", response_model=NewConversationResponse, status_code=201, responses=error_responses(400, 413, 415, 422, 503)
)
def new_conversation(
    _: NewConversationRequest,
    response: Response,
    conversation: WebConversation = Depends(web_conversation),
    sessions: WebSessions = Depends(get_web_sessions),
) -> NewConversationResponse:
    """Start a fresh conversation ("新对话"): the old one is revoked (its cookie, wherever copied, no longer
    reaches it) and the cookie now names a new, empty conversation."""
    sessions.revoke(conversation)
    sessions.renew(response, sessions.fresh())
    return NewConversationResponse()
