"""The gateway's client for the Rasa server (REST channel and HTTP API) and the action server."""

from __future__ import annotations

import itertools
from typing import Any, Dict, Iterator, List, Optional
from urllib.parse import quote

import httpx

from api import metrics
from api.settings import Settings

MODEL_LOAD_SECONDS = 180.0


class BotUnavailable(Exception):
    """Rasa or the action server cannot be reached, or answered with an error."""


class RasaInstances:
    """The Rasa servers of one gateway process, taken in turn (round robin)."""

    def __init__(self, urls: List[str]) -> None:
        self.urls = urls
        self.turn: Iterator[int] = itertools.count()

    def in_order(self) -> List[str]:
        """All instances, starting with the next one in turn (the rest are fallbacks)."""
        start = next(self.turn) % len(self.urls)
        return self.urls[start:] + self.urls[:start]


class BotClient:
    """Async calls to the Rasa server(s); every failure to reach them becomes :class:`BotUnavailable`.

    Each call goes to the next instance in turn; an instance that refuses the connection is
    skipped (the request never reached it, so trying the next one is safe).
    """

    def __init__(self, settings: Settings, http: httpx.AsyncClient, instances: RasaInstances) -> None:
        self.settings = settings
        self.http = http
        self.instances = instances

    def _params(self, extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
        """Query parameters of a call to Rasa: Rasa's ``--auth-token`` travels as ``?token=``."""
        token = {"token": self.settings.rasa_auth_token} if self.settings.rasa_auth_token else {}
        return {**(extra or {}), **token}

    async def _request(
        self, call: str, method: str, path: str, params: Optional[Dict[str, str]] = None, **kwargs: Any
    ) -> Any:
        """One call to Rasa (``call`` names it in the metrics); its JSON answer, else :class:`BotUnavailable`."""
        with metrics.RASA_CALL_SECONDS.labels(call).time():
            return await self._request_once(method, path, params, **kwargs)

    async def _request_once(self, method: str, path: str, params: Optional[Dict[str, str]], **kwargs: Any) -> Any:
        error: Exception = BotUnavailable("no Rasa instance configured")
        for base in self.instances.in_order():
            try:
                response = await self.http.request(
                    method,
                    base + path,
                    timeout=self.settings.bot_timeout_seconds,
                    params=self._params(params),
                    **kwargs,
                )
            except httpx.ConnectError as refused:
                error = refused
                continue
            except httpx.HTTPError as failed:
                raise BotUnavailable(f"{base}{path}: {type(failed).__name__}") from failed
            if response.status_code >= 400:  # the URL carries the token: never put it in a message
                raise BotUnavailable(f"{base}{path}: HTTP {response.status_code}")
            try:
                return response.json()
            except ValueError as invalid:
                raise BotUnavailable(f"{base}{path}: response is not JSON") from invalid
        raise BotUnavailable(f"{path}: no Rasa instance reachable ({type(error).__name__})") from error

    async def send(self, sender_id: str, message: str) -> List[Dict[str, Any]]:
        """Send one user message through Rasa's REST channel; the bot's replies."""
        replies = await self._request(
            "send", "POST", "/webhooks/rest/webhook", json={"sender": sender_id, "message": message}
        )
        return replies if isinstance(replies, list) else []

    async def parse(self, text: str) -> Dict[str, Any]:
        """Rasa's NLU result for ``text``; touches no conversation."""
        return await self._request("parse", "POST", "/model/parse", json={"text": text})

    async def tracker(self, sender_id: str) -> Dict[str, Any]:
        """The conversation's tracker (events of the current session)."""
        path = f"/conversations/{quote(sender_id, safe='')}/tracker"
        return await self._request("tracker", "GET", path, params={"include_events": "AFTER_RESTART"})

    async def load_model(self, base: str, model_path: str) -> None:
        """Make one given instance serve ``model_path`` (Rasa's ``PUT /model``; it answers from the old
        model until the new one is loaded)."""
        try:
            response = await self.http.put(
                f"{base}/model", params=self._params(), json={"model_file": model_path}, timeout=MODEL_LOAD_SECONDS
            )
        except httpx.HTTPError as failed:
            raise BotUnavailable(f"{base}/model: {type(failed).__name__}") from failed
        if response.status_code >= 400:
            raise BotUnavailable(f"{base}/model: HTTP {response.status_code}")

    async def instance_status(self, base: str) -> Dict[str, Any]:
        """One given instance's status (for the health check)."""
        try:
            response = await self.http.get(f"{base}/status", params=self._params(), timeout=3.0)
            return response.json() if response.status_code == 200 else {}
        except (httpx.HTTPError, ValueError):
            return {}

    async def action_server_healthy(self) -> bool:
        """Whether the action server answers its health check."""
        try:
            response = await self.http.get(self.settings.action_server_health_url, timeout=3.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200
