"""Gateway settings, read once from the environment (override in tests with dependency_overrides)."""
from __future__ import annotations

from functools import lru_cache
from typing import List

from fastapi import Request
from pydantic import BaseSettings, validator


class Settings(BaseSettings):
    """Where the bot lives and how the gateway behaves. Every field has an environment variable
    of the same name in upper case (``RASA_URL``, ``DB_URL``, …)."""

    environment: str = "development"
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_urls: List[str] = []  # several Rasa instances sharing one tracker store and lock store
    action_server_url: str = "http://127.0.0.1:5055/webhook"
    db_url: str = "sqlite:///var/fengqiao.db"
    bot_timeout_seconds: float = 15.0
    cors_origins: List[str] = []
    rate_limit_per_minute: float = 30.0
    rate_limit_burst: int = 10
    wecom_token: str = ""
    wecom_encoding_aes_key: str = ""
    wecom_corp_id: str = ""
    telegram_bot_token: str = ""
    telegram_secret_token: str = ""
    telegram_api_base: str = "https://api.telegram.org"

    @property
    def rasa_instances(self) -> List[str]:
        """The Rasa servers requests are spread across (RASA_URLS, else RASA_URL)."""
        return [url.rstrip("/") for url in self.rasa_urls] or [self.rasa_url]

    @property
    def wecom_enabled(self) -> bool:
        return bool(self.wecom_token and self.wecom_encoding_aes_key and self.wecom_corp_id)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token)

    @validator("telegram_secret_token", always=True)
    def telegram_needs_a_secret(cls, value: str, values: dict) -> str:  # noqa: N805
        if values.get("telegram_bot_token") and len(value) < 16:
            raise ValueError("TELEGRAM_SECRET_TOKEN (16+ characters) is required with TELEGRAM_BOT_TOKEN")
        return value

    @validator("wecom_encoding_aes_key")
    def aes_key_has_43_characters(cls, value: str) -> str:  # noqa: N805
        if value and len(value) != 43:
            raise ValueError("WECOM_ENCODING_AES_KEY must have 43 characters")
        return value

    @validator("rasa_url", "action_server_url", "telegram_api_base")
    def no_trailing_slash(cls, value: str) -> str:  # noqa: N805 - pydantic validators take cls
        return value.rstrip("/")

    @property
    def action_server_health_url(self) -> str:
        """The action server's health endpoint, next to its webhook."""
        base = self.action_server_url[: -len("/webhook")] if self.action_server_url.endswith("/webhook") else self.action_server_url
        return f"{base}/health"


@lru_cache(maxsize=1)
def settings_from_environment() -> Settings:
    """The process's settings (cached: the environment is read once)."""
    return Settings()


def get_settings(request: Request) -> Settings:
    """The settings of the app serving this request (dependency; tests may override it)."""
    return request.app.state.settings
