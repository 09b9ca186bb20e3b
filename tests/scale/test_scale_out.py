"""Two Rasa instances serve the same conversations: tracker store on PostgreSQL, Redis lock store.

Run with `make test-scale` (installs and starts PostgreSQL and Redis from Debian's packages).
"""

import asyncio
import uuid
from collections import Counter

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings

pytestmark = pytest.mark.scale


def token(scaled_bot):
    return {"token": scaled_bot.actions.rasa_auth_token}


def rest(url, sender, message, params):
    response = httpx.post(
        f"{url}/webhooks/rest/webhook", params=params, json={"sender": sender, "message": message}, timeout=30
    )
    assert response.status_code == 200
    return response.json()


def user_texts(url, sender, params):
    tracker = httpx.get(f"{url}/conversations/{sender}/tracker", params=params, timeout=30).json()
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def test_without_the_token_neither_rasa_instance_answers(scaled_bot):
    for url in scaled_bot.rasa_urls:
        assert httpx.get(f"{url}/conversations/anyone/tracker", timeout=30).status_code == 401
        assert (
            httpx.post(
                f"{url}/webhooks/rest/webhook", json={"sender": "anyone", "message": "你好"}, timeout=30
            ).status_code
            == 401
        )


def test_a_conversation_alternating_between_instances_keeps_its_context(scaled_bot):
    first, second = scaled_bot.rasa_urls
    sender, params = f"scale-{uuid.uuid4().hex[:8]}", token(scaled_bot)
    assert rest(first, sender, "居民不开门怎么办", params)[0]["text"].startswith("【第4问】")
    basis = rest(second, sender, "查看政策依据", params)
    assert basis[0]["text"].startswith("「居民不愿开门」（第4问）的政策依据：")
    assert rest(first, sender, "/scenario_05", params)[0]["text"].startswith("【第5问】")
    assert "（第5问）" in rest(second, sender, "查看政策依据", params)[0]["text"]
    assert (
        user_texts(first, sender, params)
        == user_texts(second, sender, params)
        == ["居民不开门怎么办", "查看政策依据", "/scenario_05", "查看政策依据"]
    )


def test_the_gateway_spreads_one_conversation_across_both_instances_and_keeps_its_data_in_postgresql(scaled_bot):
    settings = Settings(
        rasa_urls=scaled_bot.rasa_urls,
        action_server_url=scaled_bot.action_server_url,
        db_url=scaled_bot.actions.env["TRACKER_DB_URL"],
        rasa_auth_token=scaled_bot.actions.rasa_auth_token,
        stats_tokens=[f"ops:{'o' * 40}"],
    )
    with TestClient(create_app(settings)) as client:  # one client: one conversation cookie
        assert client.post("/api/chat", json={"message": "调解时当事人蛮不讲理咋整"}).json()["scenario"]["id"] == 21
        answer = client.post("/api/chat", json={"message": "查看政策依据"}).json()
        assert "（第21问）" in answer["messages"][0]["text"]
        client.post("/api/chat", json={"message": '/feedback_unhelpful{"scenario":"21"}'})
        health = client.get("/api/health", headers={"Authorization": f"Bearer {'o' * 40}"}).json()
        assert health["rasa"]["detail"] == "2 instance(s)"
        web_rows = [r for r in client.app.state.questions.rows() if r.channel == "web"]
        assert len({r.sender_id for r in web_rows}) == 1
        assert [(r.kind, r.text) for r in web_rows] == [
            ("answered", "调解时当事人蛮不讲理咋整"),
            ("policy", "查看政策依据"),
            ("unhelpful", "查看政策依据"),
        ]
        assert client.app.state.feedback.engine.dialect.name == "postgresql"


def test_concurrent_senders_on_both_instances_lose_and_duplicate_no_turn(scaled_bot):
    """20 officers, 6 messages each, every message sent at once to alternating instances."""
    questions = ["居民不开门怎么办", "查看政策依据", "调解时当事人蛮不讲理咋整", "你好", "/scenario_29", "谢谢"]
    senders = [f"scale-{uuid.uuid4().hex[:8]}" for _ in range(20)]

    async def officer(client, index, sender):
        for turn, message in enumerate(questions):
            url = scaled_bot.rasa_urls[(index + turn) % 2]
            response = await client.post(
                f"{url}/webhooks/rest/webhook", params=token(scaled_bot), json={"sender": sender, "message": message}
            )
            assert response.status_code == 200 and response.json()

    async def run():
        async with httpx.AsyncClient(timeout=60) as client:
            await asyncio.gather(*(officer(client, i, s) for i, s in enumerate(senders)))

    asyncio.run(run())
    for sender in senders:
        assert user_texts(scaled_bot.rasa_urls[0], sender, token(scaled_bot)) == questions


def test_simultaneous_messages_of_one_conversation_are_serialised_by_the_lock_store(scaled_bot):
    """Both instances get a message of the same conversation at the same moment; both turns are
    kept once each, each followed by its own answer (no interleaving)."""
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    messages = [f"居民不开门怎么办 {i}" if i % 2 == 0 else "你好" for i in range(10)]

    async def run():
        async with httpx.AsyncClient(timeout=60) as client:
            await asyncio.gather(
                *(
                    client.post(
                        f"{scaled_bot.rasa_urls[i % 2]}/webhooks/rest/webhook",
                        params=token(scaled_bot),
                        json={"sender": sender, "message": m},
                    )
                    for i, m in enumerate(messages)
                )
            )

    asyncio.run(run())
    tracker = httpx.get(
        f"{scaled_bot.rasa_urls[1]}/conversations/{sender}/tracker", params=token(scaled_bot), timeout=30
    ).json()
    kinds = [e["event"] for e in tracker["events"] if e["event"] in ("user", "bot")]
    texts = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert Counter(texts) == Counter(messages)
    assert all(kinds[i] == "user" and kinds[i + 1] == "bot" for i in range(0, len(kinds) - 1) if kinds[i] == "user")
    assert kinds.count("user") == 10


def test_conversations_are_stored_in_postgresql(scaled_bot):
    engine = sa.create_engine(scaled_bot.actions.env["TRACKER_DB_URL"])
    with engine.connect() as connection:
        assert connection.execute(sa.text("select count(distinct sender_id) from events")).scalar() >= 22
    engine.dispose()


def test_tickets_issued_at_once_from_many_clients_are_all_distinct(scaled_bot):
    from concurrent.futures import ThreadPoolExecutor

    from rasa.utils.endpoints import EndpointConfig

    from rasa_runtime.lock_store import AtomicRedisLockStore

    env = scaled_bot.actions.env
    config = EndpointConfig(url="127.0.0.1", port=env["REDIS_PORT"], db=2, password=env["REDIS_PASSWORD"])
    stores = [AtomicRedisLockStore(config) for _ in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        tickets = list(pool.map(lambda i: stores[i % 8].issue_ticket("race"), range(64)))
    assert sorted(tickets) == list(range(64))
    for ticket in tickets:
        stores[0].cleanup("race", ticket)
    assert stores[0].get_lock("race") is None
