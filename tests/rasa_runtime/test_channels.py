"""The REST channel behind the token reports what it understood with the turn's replies."""

import uuid

import httpx

from guide.protocol import ParseResult


def webhook(bot, message, token):
    return httpx.post(
        f"{bot.rasa_url}/webhooks/rest/webhook",
        params={"token": token},
        json={"sender": f"channel-{uuid.uuid4().hex[:8]}", "message": message},
        timeout=30,
    )


def test_a_typed_message_is_answered_and_its_parse_reported_last(bot):
    replies = webhook(bot, "居民不开门怎么办", bot.rasa_auth_token).json()
    assert replies[0]["text"].startswith("【第4问】")
    parse = ParseResult.from_replies(replies)
    assert parse.intent == "scenario_04" and parse.candidates()[0][0] == 4
    assert "parse" in replies[-1]["custom"]


def test_a_button_payload_is_not_parsed_and_reports_nothing(bot):
    replies = webhook(bot, "/scenario_05", bot.rasa_auth_token).json()
    assert replies[0]["text"].startswith("【第5问】")
    assert ParseResult.from_replies(replies) == ParseResult("", 0.0, ())


def test_without_the_token_nothing_is_answered(bot):
    assert webhook(bot, "居民不开门怎么办", "wrong").status_code == 401
