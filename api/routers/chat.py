"""POST /api/chat: one turn of a conversation; GET /api/chat/{sender_id}/history: the turns so far."""
from __future__ import annotations

from typing import Any, Dict, Optional

from fastapi import APIRouter, Depends, Path
from starlette.concurrency import run_in_threadpool

from api.bot import BotClient, BotUnavailable
from api.conversation import history, parse_confidence, parse_payload, reply_messages, reply_scenario
from api.deps import ChatServices, get_bot, get_chat_services, get_guide
from api.question_log import candidates_of, kind_of
from api.schemas import SENDER_ID_PATTERN, ChatRequest, ChatResponse, ErrorResponse, HistoryResponse
from guide.scenarios import FieldGuide

router = APIRouter(prefix="/api/chat", tags=["chat"])
FEEDBACK_INTENTS = {"feedback_helpful": True, "feedback_unhelpful": False}


def feedback_of(message: str) -> Optional[Dict[str, Any]]:
    """``{"helpful", "scenario"}`` when the message is a "有帮助 / 没帮助" button payload."""
    parsed = parse_payload(message)
    if parsed is None or parsed[0] not in FEEDBACK_INTENTS:
        return None
    scenario = str(parsed[1].get("scenario", ""))
    number = int(scenario) if scenario.isdigit() and 1 <= int(scenario) <= 30 else None
    return {"helpful": FEEDBACK_INTENTS[parsed[0]], "scenario": number}


def previous_question(tracker: Dict[str, Any]) -> str:
    """The last text the officer typed before the latest message (button payloads skipped)."""
    texts = [e.get("text") or "" for e in tracker.get("events") or [] if e.get("event") == "user"]
    typed = [text for text in texts[:-1] if text and not text.startswith("/")]
    return typed[-1] if typed else ""


async def chat_turn(services: ChatServices, sender_id: str, message: str, channel: str) -> ChatResponse:
    """Send one message to the bot and describe the turn; shared by the web chat and the bridges.

    A typed question is parsed first (stateless, a few ms) for its confidence and candidates;
    the turn's scenario comes marked in the bot's replies. Raises :class:`RateLimited` when the
    sender is over the limit (nothing reaches the bot).
    """
    services.rate_limiter.check(f"{channel}:{sender_id}")
    bot, feedback = services.bot, feedback_of(message)
    typed = not message.startswith("/")
    parse = await bot.parse(message) if typed else {}
    replies = await bot.send(sender_id, message)
    messages = reply_messages(replies)
    if not messages:  # every rule answers something: silence means a custom action failed
        state = "up" if await bot.action_server_healthy() else "down"
        raise BotUnavailable(f"the bot returned no reply (action server {state})")
    number = reply_scenario(replies)
    if feedback is not None:
        await run_in_threadpool(services.feedback.add, sender_id=sender_id, channel=channel, **feedback)
        if not feedback["helpful"]:
            question = previous_question(await bot.tracker(sender_id)) or message
            await run_in_threadpool(services.questions.record, channel, sender_id, "unhelpful", question,
                                    scenario=feedback["scenario"])
    elif typed:
        intent = (parse.get("intent") or {}).get("name")
        await run_in_threadpool(services.questions.record, channel, sender_id, kind_of(intent), message,
                                scenario=number, confidence=parse_confidence(parse),
                                candidates=candidates_of(parse))
    scenario = services.guide.scenarios.get(number) if number else None
    return ChatResponse(
        sender_id=sender_id,
        messages=messages,
        scenario={"id": scenario.id, "title": scenario.title} if scenario else None,
        confidence=parse_confidence(parse),
    )


@router.post("", response_model=ChatResponse,
             responses={422: {"model": ErrorResponse}, 429: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
async def chat(request: ChatRequest, services: ChatServices = Depends(get_chat_services)) -> ChatResponse:
    """Send the officer's message (or a button's payload) and get the assistant's answer."""
    return await chat_turn(services, request.sender_id, request.message, channel="web")


@router.get("/{sender_id}/history", response_model=HistoryResponse, responses={503: {"model": ErrorResponse}})
async def chat_history(
    sender_id: str = Path(..., pattern=SENDER_ID_PATTERN),
    bot: BotClient = Depends(get_bot),
    guide: FieldGuide = Depends(get_guide),
) -> HistoryResponse:
    """The conversation so far, oldest first; button presses are shown as their titles."""
    return HistoryResponse(sender_id=sender_id, items=history(await bot.tracker(sender_id), guide))
