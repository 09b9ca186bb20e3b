"""The health routes against the stand-in bot (fast tier). tests/api/test_health.py checks the real bot."""

import pytest

from api.bot import BotClient
from api.db import make_engine

STATS_TOKEN = "h" * 40
READER = {"Authorization": f"Bearer {STATS_TOKEN}"}


@pytest.fixture
def operator(stand_in_client_with):
    return stand_in_client_with(stats_tokens=[f"monitoring:{STATS_TOKEN}"])


def test_every_part_up_is_200_with_the_model_rasa_reports(operator):
    response = operator.get("/api/health", headers=READER)
    assert response.status_code == 200
    body = response.json()
    assert all(body[part]["ok"] for part in ("gateway", "rasa", "action_server", "database"))
    assert body["model"] == "stand-in.tar.gz"


def test_the_action_server_down_is_503_naming_it(operator, stand_in):
    stand_in.actions_up = False
    response = operator.get("/api/health", headers=READER)
    body = response.json()
    assert response.status_code == 503 and not body["ok"] and not body["action_server"]["ok"] and body["rasa"]["ok"]


def test_rasa_down_is_503_naming_the_instance(operator, stand_in):
    stand_in.down()
    response = operator.get("/api/health", headers=READER)
    assert response.status_code == 503
    assert response.json()["rasa"]["detail"] == f"down or no model: {stand_in.rasa_url}"


def test_a_refused_token_counts_as_rasa_down(stand_in_client_with):
    client = stand_in_client_with(rasa_auth_token="wrong", stats_tokens=[f"monitoring:{STATS_TOKEN}"])
    assert client.get("/api/health", headers=READER).json()["rasa"]["ok"] is False


def test_the_details_need_a_reader(operator):
    assert operator.get("/api/health").status_code == 401
    assert operator.get("/api/health", headers={"Authorization": "Bearer " + "x" * 40}).status_code == 403


def test_the_public_answer_is_terse(stand_in_client, stand_in):
    assert stand_in_client.get("/healthz").json() == {"ok": True}
    stand_in.down()
    stand_in_client.app.state.public_health.checked_at = 0  # let the next call check again
    response = stand_in_client.get("/healthz")
    assert (response.status_code, response.json()) == (503, {"ok": False})
    assert "stand-in" not in response.text


def test_the_public_answer_checks_the_parts_once_for_many_callers(stand_in_client, monkeypatch):
    checks = []
    original = BotClient.instance_status

    async def counted(self, base):
        checks.append(base)
        return await original(self, base)

    monkeypatch.setattr(BotClient, "instance_status", counted)
    statuses = [stand_in_client.get("/healthz").status_code for _ in range(20)]
    assert statuses == [200] * 20 and len(checks) == 1


def test_health_is_503_when_the_database_cannot_be_reached(operator, tmp_path):
    operator.app.state.engine = make_engine(f"sqlite:///{tmp_path}/is-a-folder")  # a folder is no database
    (tmp_path / "is-a-folder").mkdir()
    response = operator.get("/api/health", headers=READER)
    assert response.status_code == 503
    body = response.json()
    assert not body["database"]["ok"] and body["rasa"]["ok"]
