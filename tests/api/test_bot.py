"""The gateway's Rasa client: round robin over instances, failover when one refuses connections."""

from api.bot import RasaInstances
from rasa_runtime.stack import free_port


def test_instances_are_taken_in_turn_with_the_others_as_fallbacks():
    instances = RasaInstances(["http://a", "http://b", "http://c"])
    assert instances.in_order() == ["http://a", "http://b", "http://c"]
    assert instances.in_order() == ["http://b", "http://c", "http://a"]
    assert instances.in_order() == ["http://c", "http://a", "http://b"]


def test_an_instance_that_refuses_connections_is_skipped(client_with, bot):
    client = client_with(rasa_urls=[f"http://127.0.0.1:{free_port()}", bot.rasa_url], stats_tokens=[f"ops:{'o' * 40}"])
    for _ in range(3):
        assert client.post("/api/chat", json={"message": "居民不开门怎么办"}).json()["scenario"]["id"] == 4
    health = client.get("/api/health", headers={"Authorization": f"Bearer {'o' * 40}"})
    assert health.status_code == 503 and "down or no model" in health.json()["rasa"]["detail"]
