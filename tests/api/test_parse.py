"""POST /api/parse: stateless scenario recognition."""


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


def test_parsing_does_not_touch_any_conversation(client):
    client.post("/api/chat", json={"message": "你好"})
    before = client.get("/api/chat/history").json()["items"]
    client.post("/api/parse", json={"text": "居民不开门怎么办"})
    assert client.get("/api/chat/history").json()["items"] == before


def test_empty_or_wrongly_typed_text_gets_422(client):
    assert client.post("/api/parse", json={"text": " "}).status_code == 422
    assert client.post("/api/parse", json={"text": 3}).status_code == 422


def test_when_rasa_is_down_parse_answers_503(client_without_bot):
    assert client_without_bot.post("/api/parse", json={"text": "你好"}).status_code == 503
