"""Rasa's REST channel behind the same token as Rasa's HTTP API.

``--auth-token`` protects Rasa's HTTP API (trackers, model, parse, status) but not the channel
webhooks: anyone who reaches the port could still post into any conversation through
``/webhooks/rest/webhook``. This channel is the REST channel (same name, same URL, same replies)
that first checks ``?token=`` against ``RASA_AUTH_TOKEN``, in constant time. credentials.yml
names it; Rasa refuses to start when the token is not set.

It also reports what it understood: a typed message is parsed once, here, and handed to Rasa's
processor with its parse data (which then does not parse it again); the replies end with one
``{"custom": {"parse": …}}`` entry (guide/protocol.py), so the gateway needs no second NLU call.
"""

from __future__ import annotations

import hmac
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from guide.protocol import parse_report

logger = logging.getLogger(__name__)

TOKEN_VARIABLE = "RASA_AUTH_TOKEN"


class TokenRestInput(RestInput):
    """The REST channel; every request must carry ``?token=<RASA_AUTH_TOKEN>`` (else 401)."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError(f"{TOKEN_VARIABLE} is not set: the REST channel refuses to run without a token")
        self.token = token.encode("utf-8")

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TokenRestInput":
        return cls(os.environ.get(TOKEN_VARIABLE, ""))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request) or ""
            return response.json(await self.answer(request, on_new_message, sender_id, text))

        @webhook.middleware("request")
        async def require_token(request: Request) -> Optional[response.HTTPResponse]:
            provided = (request.args.get("token") or "").encode("utf-8")
            if not hmac.compare_digest(provided, self.token):
                return response.json({"error": "unauthorized", "message": "token required"}, status=401)
            return None

        return webhook

    async def answer(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[None]], sender_id: str, text: str
    ) -> List[Dict[str, Any]]:
        """Rasa's replies to one message, then the report of what a typed message was understood as."""
        collector = CollectingOutputChannel()
        message = UserMessage(
            text,
            collector,
            sender_id,
            input_channel=self._extract_input_channel(request),
            metadata=self.get_metadata(request),
        )
        typed = bool(text.strip()) and not text.startswith("/")
        try:
            if typed:
                message.parse_data = await request.app.ctx.agent.parse_message(text)
            await on_new_message(message)
        except Exception:  # as Rasa's REST channel: the error is logged, the replies so far are returned
            logger.exception("rest: a message of %s could not be handled", sender_id)
            return list(collector.messages)
        replies = list(collector.messages)
        if typed and replies:
            replies.append({"recipient_id": sender_id, "custom": parse_report(message.parse_data)})
        return replies
