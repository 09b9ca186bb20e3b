"""Rasa's REST channel behind the same token as Rasa's HTTP API.

``--auth-token`` protects Rasa's HTTP API (trackers, model, parse, status) but not the channel
webhooks: anyone who reaches the port could still post into any conversation through
``/webhooks/rest/webhook``. This channel is the REST channel (same name, same URL, same replies)
that first checks ``?token=`` against ``RASA_AUTH_TOKEN``, in constant time. credentials.yml
names it; Rasa refuses to start when the token is not set.
"""
from __future__ import annotations

import hmac
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

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
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def require_token(request: Request) -> Optional[response.HTTPResponse]:
            provided = (request.args.get("token") or "").encode("utf-8")
            if not hmac.compare_digest(provided, self.token):
                return response.json({"error": "unauthorized", "message": "token required"}, status=401)
            return None

        return webhook
