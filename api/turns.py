"""One turn of a conversation, whatever the channel: the use case the web chat and every bridge call.

Rate limit, send to the bot (within the turn's deadline), log the question or the feedback
(best effort), and describe the answer. Routers only translate HTTP to this and back.

The bookkeeping writes need not delay the answer: a caller that can run work after its answer is
sent (the web chat, with Starlette's background tasks) passes ``after_answer``; otherwise they are
written before ``chat_turn`` returns.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional

from starlette.concurrency import run_in_threadpool

from api import metrics
from api.bot import BotClient, BotUnavailable
from api.conversation import own_message, reply_boundary, reply_messages, reply_scenario
from api.deps import ChatServices
from api.rate_limit import RateLimited
from guide import protocol
from guide.protocol import ParseResult
from guide.scenarios import FieldGuide
from learning.question_log import QuestionKind, QuestionLog, candidates_of, kind_of
from learning.reviewed_examples import printable

logger = logging.getLogger(__name__)
SCENARIO_NUMBER = re.compile(r"[0-9]{1,3}")  # ASCII digits only: "²".isdigit() is true but int("²") fails
RATE_LIMITED_REPLY = "发送太频繁，请稍后再试。"
UNAVAILABLE_REPLY = "助手暂时无法回答，请稍后重试。"


def feedback_of(message: str, guide: FieldGuide) -> Optional[Dict[str, Any]]:
    """``{"helpful", "scenario"}`` when the message is a "有帮助 / 没帮助" button payload."""
    parsed = protocol.parse_payload(message)
    if parsed is None or parsed[0] not in protocol.FEEDBACK_INTENTS:
        return None
    scenario = str(parsed[1].get("scenario", ""))
    number = int(scenario) if SCENARIO_NUMBER.fullmatch(scenario) and int(scenario) in guide.scenarios else None
    return {"helpful": protocol.FEEDBACK_INTENTS[parsed[0]], "scenario": number}


async def best_effort(write: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """A bookkeeping write (feedback, question log) that must never fail a turn Rasa already stored:
    a failure (locked database, full disk, refused text) is logged and the answer still goes out."""
    try:
        await run_in_threadpool(write, *args, **kwargs)
    except Exception:
        logger.exception(
            "bookkeeping write %s failed; the turn itself was answered", getattr(write, "__qualname__", write)
        )


@dataclass(frozen=True)
class Turn:
    """One answered turn as plain data (the shape of ``ChatResponse``): the web route hands it to FastAPI,
    which validates it once against the response model; the bridges read its messages as they are."""

    messages: List[Dict[str, Any]]
    scenario: Optional[Dict[str, Any]]
    confidence: Optional[float]
    boundary: Optional[str]


# Schedules ``function(*args, **kwargs)`` to run once the answer is sent (BackgroundTasks.add_task).
AfterAnswer = Callable[..., None]


async def chat_turn(
    services: ChatServices, sender_id: str, message: str, channel: str, after_answer: Optional[AfterAnswer] = None
) -> Turn:
    """Send one message to the bot and describe the turn; shared by the web chat and the bridges.

    The bot's replies carry what a typed question was understood as (confidence, candidates) and
    the scenario the turn answered. The question log and feedback writes are handed to
    ``after_answer`` when given, else written before returning. Raises :class:`RateLimited` when the
    sender is over the limit (nothing reaches the bot), :class:`BotUnavailable` when the bot fails
    or the turn takes longer than its deadline.
    """
    started = time.monotonic()
    services.rate_limiter.check(f"{channel}:{sender_id}")
    message = printable(message)  # the bridges' texts too: nothing later (log, training file) meets a control character
    if message.startswith("/") and not protocol.is_button_payload(message):
        return Turn(messages=[not_a_button()], scenario=None, confidence=None, boundary=None)
    bot, feedback = services.bot, feedback_of(message, services.guide)
    typed = not message.startswith("/")
    try:
        parse, replies, messages = await asyncio.wait_for(ask_bot(bot, sender_id, message), services.deadline_seconds)
    except asyncio.TimeoutError as late:
        raise BotUnavailable(f"turn deadline of {services.deadline_seconds} s passed") from late
    number, boundary = reply_scenario(replies), reply_boundary(replies)

    async def bookkeeping() -> None:
        if feedback is not None:
            await best_effort(services.feedback.add, sender_id=sender_id, channel=channel, **feedback)
            if not feedback["helpful"]:
                await best_effort(
                    record_unhelpful, services.questions, channel, sender_id, feedback["scenario"], message
                )
        elif typed:
            await best_effort(
                services.questions.record,
                channel,
                sender_id,
                kind_of(parse.intent),
                message,
                scenario=number,
                confidence=parse.confidence,
                candidates=candidates_of(parse),
            )

    await later_or_now(bookkeeping, after_answer)
    metrics.record_turn(
        channel,
        kind_of(parse.intent) if typed else QuestionKind.BUTTON,
        time.monotonic() - started,
        parse.confidence if typed else None,
    )
    scenario = services.guide.scenarios.get(number) if number else None
    return Turn(
        messages=messages,
        scenario={"id": scenario.id, "title": scenario.title} if scenario else None,
        confidence=parse.confidence if typed else None,
        boundary=boundary,
    )


NOT_A_BUTTON_TEXT = "这个指令不可用。请直接描述您遇到的情况，或查看能问什么。"


def not_a_button() -> Dict[str, Any]:
    """The answer to a message that looks like a command but is none of the assistant's buttons
    (/restart, /session_start, a hand-made payload): it never reaches Rasa."""
    return own_message(NOT_A_BUTTON_TEXT)


async def later_or_now(work: Callable[[], Awaitable[None]], after_answer: Optional[AfterAnswer]) -> None:
    """Hand ``work`` to ``after_answer`` when there is one, else do it now."""
    if after_answer is None:
        await work()
    else:
        after_answer(work)


async def ask_bot(bot: BotClient, sender_id: str, message: str):
    """The one Rasa call of a turn (the replies report what a typed message was understood as, so NLU
    runs once): what was understood, Rasa's replies, and the replies as the gateway's messages."""
    replies = await bot.send(sender_id, message)
    parse = ParseResult.from_replies(replies)
    messages = reply_messages(replies)
    if not messages:  # every rule answers something: silence means a custom action failed
        state = "up" if await bot.action_server_healthy() else "down"
        raise BotUnavailable(f"the bot returned no reply (action server {state})")
    return parse, replies, messages


def record_unhelpful(questions: QuestionLog, channel: str, sender_id: str, scenario: Optional[int], press: str) -> None:
    """Log a "没帮助" against the question whose answer it was pressed under: the conversation's latest
    question answered with that scenario (the press carries it), not merely the latest one typed."""
    question = questions.question_answered_with(channel, sender_id, scenario) or press
    questions.record(channel, sender_id, QuestionKind.UNHELPFUL, question, scenario=scenario)


async def bridge_turn(services: ChatServices, channel: str, user: str, message: str) -> Turn | str:
    """A turn for a chat-app bridge: the answer, or the one text every bridge sends instead when
    the sender is over the limit or the bot is unavailable."""
    try:
        return await chat_turn(services, f"{channel}-{user}", message, channel=channel)
    except RateLimited:
        return RATE_LIMITED_REPLY
    except BotUnavailable as error:
        logger.warning("%s: bot unavailable: %s", channel, error)
        metrics.ERRORS.labels("bot_unavailable").inc()
        return UNAVAILABLE_REPLY
