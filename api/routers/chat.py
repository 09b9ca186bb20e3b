"""POST /api/chat: one turn of the caller's conversation; GET /api/chat/history: its turns so far;
POST /api/chat/new: start a fresh conversation ("新对话"). The conversation is the one of the
caller's cookie (api/web_sessions.py): no route takes a conversation id from the client."""
from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Depends, Response

from api.conversation import history, welcome
from api.deps import ChatServices, get_chat_services, get_guide, get_web_sessions, limit_by_address, web_conversation
from api.errors import error_responses
from api.schemas import ChatRequest, ChatResponse, HistoryResponse, NewConversationRequest, NewConversationResponse
from api.turns import chat_turn
from api.web_sessions import WebConversation, WebSessions
from guide.scenarios import FieldGuide

router = APIRouter(prefix="/api/chat", tags=["chat"])


@router.post("", response_model=ChatResponse, responses=error_responses(400, 413, 415, 422, 429, 503),
             dependencies=[Depends(limit_by_address)])
async def chat(request: ChatRequest, response: Response, after_answer: BackgroundTasks,
               conversation: WebConversation = Depends(web_conversation),
               sessions: WebSessions = Depends(get_web_sessions),
               services: ChatServices = Depends(get_chat_services)) -> ChatResponse:
    """Send the officer's message (or a button's payload) in the caller's conversation and get the answer.

    The conversation is the one of the ``fengqiao_conversation`` cookie; without a valid cookie a
    new conversation starts and the response sets the cookie. The question log is written once
    the answer is sent.
    """
    sessions.renew(response, conversation)
    return await chat_turn(services, conversation.id, request.message, channel="web",
                           after_answer=after_answer.add_task)


@router.get("/history", response_model=HistoryResponse, responses=error_responses(413, 429, 503),
            dependencies=[Depends(limit_by_address)])
async def chat_history(
    response: Response,
    conversation: WebConversation = Depends(web_conversation),
    sessions: WebSessions = Depends(get_web_sessions),
    services: ChatServices = Depends(get_chat_services),
    guide: FieldGuide = Depends(get_guide),
) -> HistoryResponse:
    """The caller's conversation so far, oldest first (button presses are shown as their titles), and
    the welcome message the page shows before a first turn."""
    sessions.renew(response, conversation)
    if conversation.new:
        return HistoryResponse(items=[], welcome=welcome())
    services.rate_limiter.check(f"web:{conversation.id}")
    return HistoryResponse(items=history(await services.bot.tracker(conversation.id), guide), welcome=welcome())


@router.post("/new", response_model=NewConversationResponse, status_code=201,
             responses=error_responses(400, 413, 415, 422, 503))
def new_conversation(_: NewConversationRequest, response: Response,
                     sessions: WebSessions = Depends(get_web_sessions)) -> NewConversationResponse:
    """Start a fresh conversation ("新对话"): the cookie now names a new, empty conversation."""
    sessions.renew(response, sessions.fresh())
    return NewConversationResponse()
