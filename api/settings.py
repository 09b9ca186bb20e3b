"""Gateway settings, read once from the environment (tests build the app with their own ``Settings``)."""

from __future__ import annotations

import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from pydantic import BaseSettings, validator

if TYPE_CHECKING:
    from learning.calendar import StationCalendar

logger = logging.getLogger(__name__)
MIN_SECRET_CHARS = 32


class Settings(BaseSettings):
    """Where the bot lives and how the gateway behaves. Every field has an environment variable
    of the same name in upper case (``RASA_URL``, ``DB_URL``, …)."""

    environment: str = "development"
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_urls: List[str] = []  # several Rasa instances sharing one tracker store and lock store
    rasa_auth_token: str = ""  # Rasa's --auth-token, sent as ?token= on every call to Rasa
    action_server_url: str = "http://127.0.0.1:5055/webhook"
    db_url: str = "sqlite:///var/fengqiao.db"
    bot_timeout_seconds: float = 15.0  # one HTTP call to Rasa
    turn_deadline_seconds: float = 25.0  # a whole chat turn (parse, send, look-ups)
    cors_origins: List[str] = []
    # Web conversations: a signed HttpOnly cookie carries a random conversation id.
    session_secret: str = ""  # signing key; random at start in development, required elsewhere
    session_idle_minutes: float = 120.0  # a conversation idle this long is over: the next message starts anew
    session_max_hours: float = 12.0  # … and one this old, however much it is used (a copied cookie dies)
    session_cookie_secure: bool = False  # true behind HTTPS
    session_cookie_samesite: str = "lax"  # "none" (with secure) only for a widget on another site
    # Limits
    rate_limit_per_minute: float = 30.0  # per conversation (chat turns, history)
    rate_limit_burst: int = 10
    address_rate_limit_per_minute: float = 120.0  # per client address, every CPU-costly route
    address_rate_limit_burst: int = 40
    trusted_proxies: List[str] = []  # addresses whose X-Forwarded-For is believed
    max_concurrent_requests: int = 32  # CPU-costly requests in progress at once; beyond: 503 at once
    max_body_bytes: int = 16_384  # JSON and bridge bodies
    body_read_seconds: float = 10.0  # a body must arrive whole within this, else 408 (it never holds a slot)
    redis_url: str = ""  # REDIS_URL: the limits above held across every gateway process (api/shared_limits.py)
    max_in_flight_per_address: int = 8  # requests of one client address in progress at once; beyond: 429
    # Admin and documentation
    stats_tokens: List[str] = []  # "name:token" entries: read-only bearer tokens for /api/stats and /api/health
    admin_token: str = ""  # replaced by STATS_TOKENS (read-only); set, it stops the start with a clear error
    # The trainers' console at /admin (api/admin/): off unless ADMIN_CONSOLE=true, which needs ADMIN_ACCOUNTS
    admin_accounts: List[str] = []  # "name:pbkdf2_sha256$…" entries (make admin-account NAME=…)
    admin_console: bool = False
    # Outside development the console and the admin API answer only over HTTPS (SESSION_COOKIE_SECURE=true
    # behind TLS); this says plainly that a closed lab network may use them over HTTP.
    admin_over_plain_http: bool = False
    admin_session_hours: float = 8.0
    admin_sign_in_failures: int = 5  # failed sign-ins of an address or a known browser (10× for a name) …
    admin_sign_in_window_minutes: float = 15.0  # … within this window, then each attempt waits 1, 2, 4 … s
    model: str = "models/fengqiao.tar.gz"  # MODEL: the model Rasa loads at start; a promotion replaces it
    models_dir: str = "models/station"  # trained candidates and the models they replaced
    reviewed_nlu_file: str = "data/nlu/reviewed.yml"  # where trainers' assignments are written
    training_data: List[str] = ["data"]  # `rasa train --data` (the reviewed file is added when outside)
    evaluation_sets: List[str] = ["tests/data/blind_dev.tsv", "tests/data/heldout_questions.tsv"]
    promotion_tolerance: float = 0.0  # a figure may move the wrong way by this share and still count as not worse
    station_timezone: str = "Asia/Shanghai"  # whose calendar days the console's filters and charts use
    training_timeout_seconds: float = 1800.0  # each step of a training run (train, score); then it is stopped
    docs_enabled: Optional[bool] = None  # /docs, /redoc and /openapi.json; unset: only in development
    frame_ancestors: List[str] = []  # origins that may show the chat in a frame (the widget)
    retention_days: int = 180  # question log, feedback, bridge memory (and Rasa's events) are pruned after this
    tracker_db_url: str = (
        ""  # Rasa's tracker store: history pages read from it, and its conversations are pruned (optional)
    )
    # Bridges
    wecom_token: str = ""
    wecom_encoding_aes_key: str = ""
    wecom_corp_id: str = ""
    wecom_timestamp_window_seconds: int = 300
    telegram_bot_token: str = ""
    telegram_secret_token: str = ""
    telegram_api_base: str = "https://api.telegram.org"
    telegram_allowed_chat_ids: List[int] = []  # empty: every chat
    telegram_max_concurrent_calls: int = 8

    @property
    def development(self) -> bool:
        return self.environment == "development"

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

    @validator("docs_enabled", always=True)
    def docs_only_in_development(cls, value: Optional[bool], values: dict) -> bool:  # noqa: N805
        """The docs list every route, the console's included, and load scripts from a CDN: off by default
        outside development."""
        development = values.get("environment") == "development"
        if value and not development:
            logger.warning("DOCS_ENABLED=true outside development: /docs, /redoc and /openapi.json are public")
        return development if value is None else value

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

    @validator("session_cookie_samesite")
    def samesite_is_known(cls, value: str, values: dict) -> str:  # noqa: N805
        if value.lower() not in {"lax", "strict", "none"}:
            raise ValueError("SESSION_COOKIE_SAMESITE must be lax, strict or none")
        if value.lower() == "none" and not values.get("session_cookie_secure"):
            raise ValueError(
                "SESSION_COOKIE_SAMESITE=none needs SESSION_COOKIE_SECURE=true (browsers drop it otherwise)"
            )
        return value.lower()

    @validator("session_secret", always=True)
    def session_secret_outside_development(cls, value: str, values: dict) -> str:  # noqa: N805
        if value and len(value) < MIN_SECRET_CHARS:
            raise ValueError(f"SESSION_SECRET must have {MIN_SECRET_CHARS}+ characters")
        if not value and values.get("environment") != "development":
            raise ValueError("SESSION_SECRET is required outside development (ENVIRONMENT=development)")
        if not value:
            logger.warning(
                "SESSION_SECRET is not set: using a random one; web conversations end when the gateway "
                "restarts (set SESSION_SECRET, 32+ random characters, to keep them)"
            )
            value = secrets.token_urlsafe(MIN_SECRET_CHARS)
        return value

    @validator("rasa_auth_token", always=True)
    def rasa_token_outside_development(cls, value: str, values: dict) -> str:  # noqa: N805
        if not value and values.get("environment") != "development":
            raise ValueError("RASA_AUTH_TOKEN is required outside development (Rasa's --auth-token)")
        return value

    @validator("admin_over_plain_http", always=True)
    def console_over_https_outside_development(cls, value: bool, values: dict) -> bool:  # noqa: N805
        if (
            values.get("admin_console")
            and values.get("environment") != "development"
            and not values.get("session_cookie_secure")
            and not value
        ):
            raise ValueError(
                "ADMIN_CONSOLE outside development needs HTTPS: SESSION_COOKIE_SECURE=true behind TLS "
                "(docs/deploy.md), or ADMIN_OVER_PLAIN_HTTP=true on a closed lab network"
            )
        return value

    @validator("admin_token")
    def admin_token_is_gone(cls, value: str) -> str:  # noqa: N805
        if value:
            raise ValueError(
                "ADMIN_TOKEN opened the whole admin API and is no longer read: set STATS_TOKENS="
                "'[\"monitoring:<32+ random characters>\"]' for a read-only token for /api/stats and "
                "/api/health (named in the audit), and sign in at /admin for everything else"
            )
        return value

    @validator("stats_tokens")
    def stats_tokens_are_valid(cls, value: List[str]) -> List[str]:  # noqa: N805
        from api.admin.auth import stats_tokens_by_name

        stats_tokens_by_name(value)
        return value

    @validator("admin_accounts")
    def accounts_are_valid(cls, value: List[str]) -> List[str]:  # noqa: N805
        from api.admin.accounts import accounts_by_name

        accounts_by_name(value)
        return value

    @validator("station_timezone")
    def timezone_is_known(cls, value: str) -> str:  # noqa: N805
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as unknown:
            raise ValueError(f"STATION_TIMEZONE {value!r} is not a known time zone (e.g. Asia/Shanghai)") from unknown
        return value

    @property
    def calendar(self) -> "StationCalendar":
        """The station's calendar days."""
        from learning.calendar import StationCalendar

        return StationCalendar(ZoneInfo(self.station_timezone))

    @validator("promotion_tolerance")
    def tolerance_is_a_share(cls, value: float) -> float:  # noqa: N805
        if not 0 <= value < 1:
            raise ValueError("PROMOTION_TOLERANCE is a share between 0 and 1 (0.005 = half a percentage point)")
        return value

    @validator("admin_console")
    def console_needs_accounts(cls, value: bool, values: dict) -> bool:  # noqa: N805
        if value and not values.get("admin_accounts"):
            raise ValueError(
                "ADMIN_CONSOLE=true needs ADMIN_ACCOUNTS (make admin-account NAME=… prints an entry); "
                "there is no default password"
            )
        return value

    @property
    def action_server_health_url(self) -> str:
        """The action server's health endpoint, next to its webhook."""
        base = (
            self.action_server_url[: -len("/webhook")]
            if self.action_server_url.endswith("/webhook")
            else self.action_server_url
        )
        return f"{base}/health"


@lru_cache(maxsize=1)
def settings_from_environment() -> Settings:
    """The process's settings (cached: the environment is read once)."""
    return Settings()


def read_environment_file(path: Path) -> Dict[str, str]:
    """The ``KEY=VALUE`` lines of a systemd EnvironmentFile (deploy/systemd/fengqiao.env.example): comments
    and blank lines skipped, one pair of surrounding quotes removed, nothing expanded (``$`` stays ``$``)."""
    values: Dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")) or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def settings_from_file(path: Path) -> Settings:
    """The services' settings from their environment file, for commands run beside them (make backup)."""
    with_file = {**os.environ, **read_environment_file(path)}
    previous = dict(os.environ)
    os.environ.update(with_file)
    try:
        return Settings()
    finally:
        os.environ.clear()
        os.environ.update(previous)


async def get_settings(request: Request) -> Settings:
    """The settings of the app serving this request (dependency; tests may override it)."""
    return request.app.state.settings
