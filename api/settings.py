"""Gateway settings, read once from the environment (override in tests with dependency_overrides)."""
from __future__ import annotations

from functools import lru_cache
from typing import List

from pydantic import BaseSettings, validator


class Settings(BaseSettings):
    """Where the bot lives and how the gateway behaves. Every field has an environment variable
    of the same name in upper case (``RASA_URL``, ``DB_URL``, …)."""

    environment: str = "development"
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055/webhook"
    db_url: str = "sqlite:///var/fengqiao.db"
    bot_timeout_seconds: float = 15.0
    cors_origins: List[str] = []

    @validator("rasa_url", "action_server_url")
    def no_trailing_slash(cls, value: str) -> str:  # noqa: N805 - pydantic validators take cls
        return value.rstrip("/")

    @property
    def action_server_health_url(self) -> str:
        """The action server's health endpoint, next to its webhook."""
        base = self.action_server_url[: -len("/webhook")] if self.action_server_url.endswith("/webhook") else self.action_server_url
        return f"{base}/health"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings (cached: the environment is read once)."""
    return Settings()
