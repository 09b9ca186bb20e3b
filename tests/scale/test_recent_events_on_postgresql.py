"""The recent-events tracker store on PostgreSQL, a long conversation alternating two Rasa instances.

Run with `make test-scale`.
"""

import uuid

import httpx
import pytest
import sqlalchemy as sa
import yaml

from rasa_runtime.stack import ROOT

pytestmark = pytest.mark.scale
TURNS = 16


def say(url, sender, message, token):
    response = httpx.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, params={"token": token}, timeout=30
    )
    response.raise_for_status()
    return response.json()


def test_a_long_conversation_on_both_instances_keeps_context_and_every_turn(scaled_bot):
    sender = f"scale-long-{uuid.uuid4().hex[:8]}"
    urls, token = scaled_bot.rasa_urls, scaled_bot.actions.rasa_auth_token
    for turn in range(TURNS):
        say(urls[turn % 2], sender, "居民不开门怎么办", token)
    suggestion = say(urls[0], sender, "走访中遇到的事情", token)
    first_suggested = int(suggestion[0]["buttons"][0]["payload"][len("/scenario_") :])
    assert say(urls[1], sender, "是的", token)[0]["text"].startswith(f"【第{first_suggested}问】")
    assert f"（第{first_suggested}问）的政策依据：" in say(urls[0], sender, "查看政策依据", token)[0]["text"]

    recent = yaml.safe_load((ROOT / "endpoints.scale.yml").read_text(encoding="utf-8"))["tracker_store"][
        "recent_events"
    ]
    worked_with = httpx.post(f"{urls[1]}/conversations/{sender}/predict", params={"token": token}, timeout=30).json()[
        "tracker"
    ]
    assert len(worked_with["events"]) <= recent + len(worked_with["slots"]) + 1
    full = httpx.get(f"{urls[0]}/conversations/{sender}/tracker", params={"token": token}, timeout=30).json()
    assert [e["text"] for e in full["events"] if e["event"] == "user"] == ["居民不开门怎么办"] * TURNS + [
        "走访中遇到的事情",
        "是的",
        "查看政策依据",
    ]


def test_the_stores_indexes_exist_in_postgresql(scaled_bot):
    engine = sa.create_engine(scaled_bot.actions.env["TRACKER_DB_URL"])
    with engine.connect() as connection:
        names = {
            row[0] for row in connection.execute(sa.text("select indexname from pg_indexes where tablename = 'events'"))
        }
    engine.dispose()
    assert {"ix_events_sender_id_id", "ix_events_sender_id_type_name"} <= names
