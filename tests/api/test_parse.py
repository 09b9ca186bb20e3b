"""POST /api/parse through the real model: what it recognises. The router's own behaviour (validation,
no conversation touched, Rasa down) is in tests/api/routers/test_parse.py."""


def test_an_unreasonable_disputant_is_scenario_21_with_a_top_5_ranking(client):
    body = client.post("/api/parse", json={"text": "调解时当事人蛮不讲理咋整"}).json()
    assert body["scenario"] == 21 and body["intent"] == "scenario_21"
    assert len(body["ranking"]) == 5 and body["ranking"][0]["scenario"] == 21
    assert all(set(item) == {"scenario", "intent", "confidence"} for item in body["ranking"])


def test_a_general_intent_has_no_scenario(client):
    body = client.post("/api/parse", json={"text": "你好"}).json()
    assert body["intent"] == "greet" and body["scenario"] is None


def test_an_unsure_parse_is_fallback_with_no_scenario(client):
    body = client.post("/api/parse", json={"text": "走访中遇到的事情"}).json()
    assert body["intent"] == "nlu_fallback" and body["scenario"] is None
