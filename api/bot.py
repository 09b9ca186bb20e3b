"""The gateway's client for the Rasa server (REST channel and HTTP API) and the action server."""
from __future__ import annotations

from typing import Any, Dict, List
from urllib.parse import quote

import httpx

from api.settings import Settings


class BotUnavailable(Exception):
    """Rasa or the action server cannot be reached, or answered with an error."""


class BotClient:
    """Async calls to the Rasa server; every failure to reach it becomes :class:`BotUnavailable`."""

    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self.settings = settings
        self.http = http

    async def _request(self, method: str, url: str, **kwargs: Any) -> Any:
        try:
            response = await self.http.request(method, url, timeout=self.settings.bot_timeout_seconds, **kwargs)
        except httpx.HTTPError as error:
            raise BotUnavailable(f"{url}: {type(error).__name__}") from error
        if response.status_code >= 400:
            raise BotUnavailable(f"{url}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise BotUnavailable(f"{url}: response is not JSON") from error

    async def send(self, sender_id: str, message: str) -> List[Dict[str, Any]]:
        """Send one user message through Rasa's REST channel; the bot's replies."""
        replies = await self._request(
            "POST", f"{self.settings.rasa_url}/webhooks/rest/webhook", json={"sender": sender_id, "message": message}
        )
        return replies if isinstance(replies, list) else []

    async def parse(self, text: str) -> Dict[str, Any]:
        """Rasa's NLU result for ``text``; touches no conversation."""
        return await self._request("POST", f"{self.settings.rasa_url}/model/parse", json={"text": text})

    async def tracker(self, sender_id: str) -> Dict[str, Any]:
        """The conversation's tracker (events of the current session)."""
        url = f"{self.settings.rasa_url}/conversations/{quote(sender_id, safe='')}/tracker"
        return await self._request("GET", url, params={"include_events": "AFTER_RESTART"})

    async def status(self) -> Dict[str, Any]:
        """Rasa's status: the loaded model's file and fingerprint."""
        return await self._request("GET", f"{self.settings.rasa_url}/status")

    async def action_server_healthy(self) -> bool:
        """Whether the action server answers its health check."""
        try:
            response = await self.http.get(self.settings.action_server_health_url, timeout=3.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200
