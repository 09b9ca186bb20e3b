"""POST /api/chat: one turn of the caller's conversation; GET /api/chat/history: its turns so far;
POST /api/chat/new: start a fresh conversation ("新对话"). The conversation is the one of the
caller's cookie (api/web_sessions.py): no route takes a conversation id from the client."""
from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Callable, Dict, Optional

from fastapi import APIRouter, Depends, Response
from starlette.concurrency import run_in_threadpool

from api.bot import BotClient, BotUnavailable
from api.conversation import history, parse_confidence, parse_payload, reply_messages, reply_scenario
from api.deps import ChatServices, get_chat_services, get_guide, get_web_sessions, limit_by_address, web_conversation
from api.question_log import candidates_of, kind_of
from api.schemas import ChatRequest, ChatResponse, ErrorResponse, HistoryResponse, NewConversationResponse
from api.web_sessions import WebConversation, WebSessions
from guide.scenarios import FieldGuide

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/chat", tags=["chat"])
FEEDBACK_INTENTS = {"feedback_helpful": True, "feedback_unhelpful": False}
SCENARIO_NUMBER = re.compile(r"[0-9]{1,3}")  # ASCII digits only: "²".isdigit() is true but int("²") fails
ERRORS = {400: {"model": ErrorResponse}, 413: {"model": ErrorResponse}, 415: {"model": ErrorResponse},
          422: {"model": ErrorResponse}, 429: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


def feedback_of(message: str, guide: FieldGuide) -> Optional[Dict[str, Any]]:
    """``{"helpful", "scenario"}`` when the message is a "有帮助 / 没帮助" button payload."""
    parsed = parse_payload(message)
    if parsed is None or parsed[0] not in FEEDBACK_INTENTS:
        return None
    scenario = str(parsed[1].get("scenario", ""))
    number = int(scenario) if SCENARIO_NUMBER.fullmatch(scenario) and int(scenario) in guide.scenarios else None
    return {"helpful": FEEDBACK_INTENTS[parsed[0]], "scenario": number}


def previous_question(tracker: Dict[str, Any]) -> str:
    """The last text the officer typed before the latest message (button payloads skipped)."""
    texts = [e.get("text") or "" for e in tracker.get("events") or [] if e.get("event") == "user"]
    typed = [text for text in texts[:-1] if text and not text.startswith("/")]
    return typed[-1] if typed else ""


async def best_effort(write: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """A bookkeeping write (feedback, question log) that must never fail a turn Rasa already stored:
    a failure (locked database, full disk, refused text) is logged and the answer still goes out."""
    try:
        await run_in_threadpool(write, *args, **kwargs)
    except Exception:
        logger.exception("bookkeeping write %s failed; the turn itself was answered",
                         getattr(write, "__qualname__", write))


async def chat_turn(services: ChatServices, sender_id: str, message: str, channel: str) -> ChatResponse:
    """Send one message to the bot and describe the turn; shared by the web chat and the bridges.

    A typed question is parsed first (stateless, a few ms) for its confidence and candidates;
    the turn's scenario comes marked in the bot's replies. Raises :class:`RateLimited` when the
    sender is over the limit (nothing reaches the bot), :class:`BotUnavailable` when the bot fails
    or the turn takes longer than its deadline.
    """
    services.rate_limiter.check(f"{channel}:{sender_id}")
    bot, feedback = services.bot, feedback_of(message, services.guide)
    typed = not message.startswith("/")
    try:
        parse, replies, tracker = await asyncio.wait_for(
            ask_bot(bot, sender_id, message, typed, wants_tracker=bool(feedback and not feedback["helpful"])),
            services.deadline_seconds)
    except asyncio.TimeoutError as late:
        raise BotUnavailable(f"turn deadline of {services.deadline_seconds} s passed") from late
    messages = reply_messages(replies)
    number = reply_scenario(replies)
    if feedback is not None:
        await best_effort(services.feedback.add, sender_id=sender_id, channel=channel, **feedback)
        if not feedback["helpful"]:
            question = previous_question(tracker) or message
            await best_effort(services.questions.record, channel, sender_id, "unhelpful", question,
                              scenario=feedback["scenario"])
    elif typed:
        intent = (parse.get("intent") or {}).get("name")
        await best_effort(services.questions.record, channel, sender_id, kind_of(intent), message,
                          scenario=number, confidence=parse_confidence(parse), candidates=candidates_of(parse))
    scenario = services.guide.scenarios.get(number) if number else None
    return ChatResponse(
        messages=messages,
        scenario={"id": scenario.id, "title": scenario.title} if scenario else None,
        confidence=parse_confidence(parse),
    )


async def ask_bot(bot: BotClient, sender_id: str, message: str, typed: bool, wants_tracker: bool):
    """The Rasa calls of one turn: parse (typed text), send, and the tracker when feedback needs it."""
    parse = await bot.parse(message) if typed else {}
    replies = await bot.send(sender_id, message)
    if not reply_messages(replies):  # every rule answers something: silence means a custom action failed
        state = "up" if await bot.action_server_healthy() else "down"
        raise BotUnavailable(f"the bot returned no reply (action server {state})")
    tracker = await bot.tracker(sender_id) if wants_tracker else {}
    return parse, replies, tracker


@router.post("", response_model=ChatResponse, responses=ERRORS, dependencies=[Depends(limit_by_address)])
async def chat(request: ChatRequest, response: Response, conversation: WebConversation = Depends(web_conversation),
               sessions: WebSessions = Depends(get_web_sessions),
               services: ChatServices = Depends(get_chat_services)) -> ChatResponse:
    """Send the officer's message (or a button's payload) in the caller's conversation and get the answer.

    The conversation is the one of the ``fengqiao_conversation`` cookie; without a valid cookie a
    new conversation starts and the response sets the cookie.
    """
    sessions.renew(response, conversation)
    return await chat_turn(services, conversation.id, request.message, channel="web")


@router.get("/history", response_model=HistoryResponse, responses=ERRORS, dependencies=[Depends(limit_by_address)])
async def chat_history(
    response: Response,
    conversation: WebConversation = Depends(web_conversation),
    sessions: WebSessions = Depends(get_web_sessions),
    services: ChatServices = Depends(get_chat_services),
    guide: FieldGuide = Depends(get_guide),
) -> HistoryResponse:
    """The caller's conversation so far, oldest first; button presses are shown as their titles."""
    sessions.renew(response, conversation)
    if conversation.new:
        return HistoryResponse(items=[])
    services.rate_limiter.check(f"web:{conversation.id}")
    return HistoryResponse(items=history(await services.bot.tracker(conversation.id), guide))


@router.post("/new", response_model=NewConversationResponse, status_code=201, responses=ERRORS)
def new_conversation(response: Response, sessions: WebSessions = Depends(get_web_sessions)) -> NewConversationResponse:
    """Start a fresh conversation ("新对话"): the cookie now names a new, empty conversation."""
    sessions.renew(response, sessions.fresh())
    return NewConversationResponse()
