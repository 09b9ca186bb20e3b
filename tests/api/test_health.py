"""The health routes in front of the real bot: Rasa's and the action server's real status. The rest
(each part down, who may read the details) is in tests/api/routers/test_health.py."""

import pytest

STATS_TOKEN = "h" * 40
READER = {"Authorization": f"Bearer {STATS_TOKEN}"}


@pytest.fixture
def operator(client_with):
    return client_with(stats_tokens=[f"monitoring:{STATS_TOKEN}"])


def test_health_reports_every_part_up_and_the_model(operator):
    response = operator.get("/api/health", headers=READER)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["rasa"]["ok"] and body["action_server"]["ok"] and body["gateway"]["ok"]
    assert body["database"]["ok"]
    assert body["model"] == "fengqiao.tar.gz"
    assert operator.get("/healthz").json() == {"ok": True}


def test_health_is_503_when_rasa_and_the_action_server_are_down(client_without_bot):
    assert client_without_bot.get("/healthz").status_code == 503
    client_without_bot.app.state.settings.stats_tokens = [f"monitoring:{STATS_TOKEN}"]
    response = client_without_bot.get("/api/health", headers=READER)
    assert response.status_code == 503
    body = response.json()
    assert body["gateway"]["ok"] and not body["rasa"]["ok"] and not body["action_server"]["ok"]
