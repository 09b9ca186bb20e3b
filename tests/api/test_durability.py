"""Conversations survive restarts of Rasa, the action server and the gateway; outages give a clear
"temporarily unavailable" and service resumes by itself."""
import uuid
from typing import Iterator

import pytest

from tests.api.conftest import gateway_factory
from tests.bot_stack import BotStack, running_bot


@pytest.fixture(scope="module")
def own_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotStack]:
    """A bot of this module's own: these tests stop and restart its processes."""
    with running_bot(tmp_path_factory.mktemp("durable-bot")) as stack:
        yield stack


@pytest.fixture
def gateway_for(own_bot: BotStack, db_url: str):
    """Gateways in front of this module's bot, sharing one database (like restarted processes)."""
    with gateway_factory(own_bot, db_url) as build:
        yield lambda: build(bot_timeout_seconds=30)


def say(client, sender, message):
    return client.post("/api/chat", json={"sender_id": sender, "message": message})


def test_a_conversation_continues_after_rasa_restarts(own_bot, gateway_for):
    gateway, sender = gateway_for(), f"durable-{uuid.uuid4().hex[:8]}"
    assert say(gateway, sender, "居民不开门怎么办").json()["scenario"]["id"] == 4
    own_bot.stop("rasa")
    assert say(gateway, sender, "查看政策依据").status_code == 503
    own_bot.start_rasa()
    answer = say(gateway, sender, "查看政策依据").json()
    assert "（第4问）" in answer["messages"][0]["text"]


def test_the_action_server_down_gives_503_and_the_conversation_resumes_when_it_is_back(own_bot, gateway_for):
    gateway, sender = gateway_for(), f"durable-{uuid.uuid4().hex[:8]}"
    say(gateway, sender, "调解时当事人蛮不讲理咋整")
    own_bot.stop("actions")
    down = say(gateway, sender, "居民不开门怎么办")
    assert down.status_code == 503 and down.json()["error"] == "bot_unavailable"
    own_bot.start_actions()
    assert say(gateway, sender, "居民不开门怎么办").json()["scenario"]["id"] == 4
    assert "（第4问）" in say(gateway, sender, "查看政策依据").json()["messages"][0]["text"]


def test_a_new_gateway_process_continues_the_same_conversation_and_history(gateway_for):
    sender = f"durable-{uuid.uuid4().hex[:8]}"
    first = gateway_for()
    say(first, sender, "居民不开门怎么办")
    second = gateway_for()
    assert [item["role"] for item in second.get(f"/api/chat/{sender}/history").json()["items"]] == ["user", "bot"]
    assert "（第4问）" in say(second, sender, "查看政策依据").json()["messages"][0]["text"]


def test_conversations_are_kept_in_the_sql_tracker_store(own_bot):
    assert (own_bot.log_dir / "rasa.db").stat().st_size > 0
