"""`make telegram-webhook URL=https://host/bridges/telegram`: register the bot's webhook.

Reads TELEGRAM_BOT_TOKEN, TELEGRAM_SECRET_TOKEN and TELEGRAM_API_BASE like the gateway does and
calls setWebhook with the secret token, so Telegram sends it on every update.
"""

from __future__ import annotations

import sys
from typing import List

import httpx

from api.settings import Settings

ALLOWED_UPDATES = ["message", "callback_query"]


def register_webhook(settings: Settings, url: str) -> dict:
    """Call setWebhook; Telegram's JSON answer."""
    if not url.startswith("https://"):
        raise ValueError("Telegram only calls https:// webhooks")
    if not settings.telegram_enabled:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    response = httpx.post(
        f"{settings.telegram_api_base}/bot{settings.telegram_bot_token}/setWebhook",
        json={"url": url, "secret_token": settings.telegram_secret_token, "allowed_updates": ALLOWED_UPDATES},
        timeout=15.0,
    )
    return response.json()


def main(argv: List[str]) -> int:
    if len(argv) != 1:
        print("usage: make telegram-webhook URL=https://your-host/bridges/telegram", file=sys.stderr)
        return 2
    try:
        answer = register_webhook(Settings(), argv[0])
    except (ValueError, httpx.HTTPError) as error:
        print(f"not registered: {error}", file=sys.stderr)
        return 1
    print(answer)
    return 0 if answer.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
