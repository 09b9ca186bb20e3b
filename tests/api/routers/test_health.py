"""The health router against the stand-in bot (fast tier). tests/api/test_health.py checks the real bot."""


def test_every_part_up_is_200_with_the_model_rasa_reports(stand_in_client):
    response = stand_in_client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert all(body[part]["ok"] for part in ("gateway", "rasa", "action_server", "database"))
    assert body["model"] == "stand-in.tar.gz"


def test_the_action_server_down_is_503_naming_it(stand_in_client, stand_in):
    stand_in.actions_up = False
    response = stand_in_client.get("/healthz")
    body = response.json()
    assert response.status_code == 503 and not body["ok"] and not body["action_server"]["ok"] and body["rasa"]["ok"]


def test_rasa_down_is_503_naming_the_instance(stand_in_client, stand_in):
    stand_in.down()
    response = stand_in_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["rasa"]["detail"] == f"down or no model: {stand_in.rasa_url}"


def test_a_refused_token_counts_as_rasa_down(stand_in_client_with):
    assert stand_in_client_with(rasa_auth_token="wrong").get("/healthz").json()["rasa"]["ok"] is False
