"""Dependencies injected into the routers: settings, the bot client, the stores, the guide, the
caller's web conversation and the per-address rate limit.

All are ``async def``: none blocks, and FastAPI runs a plain ``def`` dependency in a worker thread,
a thread hop each (six per chat turn) for a few attribute reads."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, Request

from api.bot import BotClient
from api.bridges.state import BridgeState
from api.feedback import FeedbackStore
from api.rate_limit import Limiter, client_address
from api.settings import Settings, get_settings
from api.web_sessions import WebConversation, WebSessions
from guide.scenarios import FieldGuide, field_guide
from learning.question_log import QuestionLog


async def get_bot(request: Request, settings: Settings = Depends(get_settings)) -> BotClient:
    """A bot client on the app's shared HTTP connection pool and Rasa instances."""
    return BotClient(settings, request.app.state.http, request.app.state.rasa_instances)


async def get_feedback_store(request: Request) -> FeedbackStore:
    """The app's feedback store (one per process)."""
    return request.app.state.feedback


async def get_bridge_state(request: Request) -> BridgeState:
    """The app's bridge memory: processed message ids and offered options."""
    return request.app.state.bridge_state


async def get_guide() -> FieldGuide:
    """The field guide (loaded once)."""
    return field_guide()


async def get_web_sessions(request: Request) -> WebSessions:
    return request.app.state.web_sessions


async def web_conversation(request: Request, sessions: WebSessions = Depends(get_web_sessions)) -> WebConversation:
    """The caller's own web conversation (from its cookie), or a new one. Kept on the request so
    that an error answer still carries the cookie (api/errors.py): a retry continues it."""
    conversation = sessions.current(request)
    request.state.web_conversation = conversation
    return conversation


async def limit_by_address(request: Request, settings: Settings = Depends(get_settings)) -> None:
    """Take one token from the caller's address bucket (raises RateLimited): on every costly route."""
    request.app.state.address_limiter.check(client_address(request, settings.trusted_proxies))


@dataclass
class ChatServices:
    """What one chat turn needs, whichever channel it comes from."""

    bot: BotClient
    guide: FieldGuide
    feedback: FeedbackStore
    questions: QuestionLog
    rate_limiter: Limiter
    deadline_seconds: float


async def get_chat_services(request: Request, bot: BotClient = Depends(get_bot)) -> ChatServices:
    state = request.app.state
    return ChatServices(
        bot=bot,
        guide=field_guide(),
        feedback=state.feedback,
        questions=state.questions,
        rate_limiter=state.rate_limiter,
        deadline_seconds=state.settings.turn_deadline_seconds,
    )
