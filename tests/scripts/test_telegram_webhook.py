"""`make telegram-webhook` registers the webhook with the secret token."""

import pytest

from api.settings import Settings
from scripts.telegram_webhook import register_webhook
from tests.fake_telegram import fake_bot_api


def test_set_webhook_is_called_with_the_url_and_the_secret_token():
    with fake_bot_api() as api:
        settings = Settings(
            telegram_bot_token="42:abc", telegram_secret_token="0123456789abcdef0", telegram_api_base=api.url
        )
        assert register_webhook(settings, "https://example.org/bridges/telegram")["ok"] is True
    assert api.calls == [
        {
            "token": "42:abc",
            "method": "setWebhook",
            "payload": {
                "url": "https://example.org/bridges/telegram",
                "secret_token": "0123456789abcdef0",
                "allowed_updates": ["message", "callback_query"],
            },
        }
    ]


def test_a_plain_http_url_or_a_missing_token_is_refused():
    with pytest.raises(ValueError):
        register_webhook(Settings(telegram_bot_token="42:abc", telegram_secret_token="0123456789abcdef0"), "http://x")
    with pytest.raises(ValueError):
        register_webhook(Settings(), "https://x")
