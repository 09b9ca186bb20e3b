"""POST /api/chat: one turn of a conversation; GET /api/chat/{sender_id}/history: the turns so far."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Path

from api.bot import BotClient, BotUnavailable
from api.conversation import history, parse_payload, reply_messages, turn_confidence, turn_scenario
from api.deps import get_bot, get_feedback_store, get_guide
from api.feedback import FeedbackStore
from api.schemas import SENDER_ID_PATTERN, ChatRequest, ChatResponse, ErrorResponse, HistoryResponse
from guide.scenarios import FieldGuide

router = APIRouter(prefix="/api/chat", tags=["chat"])
FEEDBACK_INTENTS = {"feedback_helpful": True, "feedback_unhelpful": False}


def record_feedback_payload(message: str, sender_id: str, channel: str, store: FeedbackStore) -> None:
    """Store the feedback a "有帮助 / 没帮助" button press carries, whichever channel it came from."""
    parsed = parse_payload(message)
    if parsed is None or parsed[0] not in FEEDBACK_INTENTS:
        return
    scenario = str(parsed[1].get("scenario", ""))
    store.add(
        sender_id=sender_id,
        helpful=FEEDBACK_INTENTS[parsed[0]],
        scenario=int(scenario) if scenario.isdigit() and 1 <= int(scenario) <= 30 else None,
        channel=channel,
    )


async def chat_turn(
    bot: BotClient, guide: FieldGuide, store: FeedbackStore, sender_id: str, message: str, channel: str
) -> ChatResponse:
    """Send one message to the bot and describe the turn; shared by the web chat and the bridges."""
    record_feedback_payload(message, sender_id, channel, store)
    messages = reply_messages(await bot.send(sender_id, message))
    if not messages:  # every rule answers something: silence means a custom action failed
        state = "up" if await bot.action_server_healthy() else "down"
        raise BotUnavailable(f"the bot returned no reply (action server {state})")
    tracker = await bot.tracker(sender_id)
    number = turn_scenario(tracker)
    scenario = guide.scenarios.get(number) if number else None
    return ChatResponse(
        sender_id=sender_id,
        messages=messages,
        scenario={"id": scenario.id, "title": scenario.title} if scenario else None,
        confidence=turn_confidence(tracker),
    )


@router.post("", response_model=ChatResponse, responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
async def chat(
    request: ChatRequest,
    bot: BotClient = Depends(get_bot),
    guide: FieldGuide = Depends(get_guide),
    store: FeedbackStore = Depends(get_feedback_store),
) -> ChatResponse:
    """Send the officer's message (or a button's payload) and get the assistant's answer."""
    return await chat_turn(bot, guide, store, request.sender_id, request.message, channel="web")


@router.get("/{sender_id}/history", response_model=HistoryResponse, responses={503: {"model": ErrorResponse}})
async def chat_history(
    sender_id: str = Path(..., pattern=SENDER_ID_PATTERN),
    bot: BotClient = Depends(get_bot),
    guide: FieldGuide = Depends(get_guide),
) -> HistoryResponse:
    """The conversation so far, oldest first; button presses are shown as their titles."""
    return HistoryResponse(sender_id=sender_id, items=history(await bot.tracker(sender_id), guide))
