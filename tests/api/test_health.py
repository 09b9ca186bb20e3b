"""GET /healthz."""
from api.db import make_engine


def test_health_reports_every_part_up_and_the_model(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["rasa"]["ok"] and body["action_server"]["ok"] and body["gateway"]["ok"]
    assert body["database"]["ok"]
    assert body["model"] == "fengqiao.tar.gz"


def test_health_is_503_when_rasa_and_the_action_server_are_down(client_without_bot):
    response = client_without_bot.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["gateway"]["ok"] and not body["rasa"]["ok"] and not body["action_server"]["ok"]


def test_health_is_503_when_the_database_cannot_be_reached(client, tmp_path):
    client.app.state.engine = make_engine(f"sqlite:///{tmp_path}/is-a-folder")  # a folder is no database
    (tmp_path / "is-a-folder").mkdir()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert not body["database"]["ok"] and body["rasa"]["ok"]
