"""The recent-events tracker store in the real Rasa server (endpoints.yml), after a long conversation."""

from __future__ import annotations

import uuid
from typing import Any, Dict, List

import httpx
import yaml

from rasa_runtime.stack import ROOT, BotStack

TURNS = 15  # about 8 events each: far more than the recent events a message is processed with


def recent_events_setting() -> int:
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    return endpoints["tracker_store"]["recent_events"]


def say(bot: BotStack, sender: str, message: str) -> List[Dict[str, Any]]:
    response = httpx.post(
        f"{bot.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        params={"token": bot.rasa_auth_token},
        timeout=30.0,
    )
    response.raise_for_status()
    return response.json()


def test_a_long_conversation_is_processed_with_recent_events_and_its_history_stays_whole(bot: BotStack):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    for _ in range(TURNS):
        say(bot, sender, "居民不开门怎么办")
    suggestion = say(bot, sender, "走访中遇到的事情")
    first_suggested = suggestion[0]["buttons"][0]["payload"]  # "/scenario_08"
    answer = say(bot, sender, "是的")
    assert answer[0]["text"].startswith(f"【第{int(first_suggested[len('/scenario_') :])}问】")

    # What Rasa works with (and sends to the action server) is the recent part of the session ...
    worked_with = httpx.post(
        f"{bot.rasa_url}/conversations/{sender}/predict", params={"token": bot.rasa_auth_token}, timeout=30.0
    ).json()["tracker"]
    assert len(worked_with["events"]) <= recent_events_setting() + len(worked_with["slots"]) + 1
    # ... while the conversation's tracker, the officer's history, holds every message.
    full = httpx.get(
        f"{bot.rasa_url}/conversations/{sender}/tracker",
        params={"include_events": "AFTER_RESTART", "token": bot.rasa_auth_token},
        timeout=30.0,
    ).json()
    assert [e["text"] for e in full["events"] if e["event"] == "user"] == ["居民不开门怎么办"] * TURNS + [
        "走访中遇到的事情",
        "是的",
    ]
