"""The parse router against the stand-in bot (fast tier): Rasa's NLU result in the API's shape.
tests/api/test_parse.py asks the real model what it recognises."""


def test_rasas_parse_becomes_the_scenario_the_intent_and_a_top_5_ranking(stand_in_client, stand_in):
    body = stand_in_client.post("/api/parse", json={"text": "居民不开门怎么办"}).json()
    assert (body["scenario"], body["intent"], body["confidence"]) == (4, "scenario_04", 0.93)
    assert [(item["scenario"], item["intent"]) for item in body["ranking"]] == [
        (4, "scenario_04"),
        (5, "scenario_05"),
        (17, "scenario_17"),
        (19, "scenario_19"),
        (None, "out_of_scope"),
    ]
    assert stand_in.paths() == ["/model/parse"]


def test_a_general_intent_and_a_fallback_have_no_scenario(stand_in_client):
    assert stand_in_client.post("/api/parse", json={"text": "你好"}).json()["scenario"] is None
    unsure = stand_in_client.post("/api/parse", json={"text": "走访中遇到的事情"}).json()
    assert (unsure["intent"], unsure["scenario"]) == ("nlu_fallback", None)


def test_parsing_sends_nothing_to_any_conversation(stand_in_client, stand_in):
    stand_in_client.post("/api/parse", json={"text": "居民不开门怎么办"})
    assert stand_in.sent() == [] and stand_in.conversations == {}


def test_empty_or_wrongly_typed_text_is_422_and_never_reaches_rasa(stand_in_client, stand_in):
    assert stand_in_client.post("/api/parse", json={"text": " "}).status_code == 422
    assert stand_in_client.post("/api/parse", json={"text": 3}).status_code == 422
    assert stand_in.paths() == []


def test_when_rasa_is_down_or_failing_parse_answers_503(stand_in_client, stand_in):
    stand_in.failing_with = 500
    assert stand_in_client.post("/api/parse", json={"text": "你好"}).status_code == 503
    stand_in.down()
    response = stand_in_client.post("/api/parse", json={"text": "你好"})
    assert response.status_code == 503 and response.json()["error"] == "bot_unavailable"


def test_a_possible_emergency_is_reported_with_its_kind_and_the_signals_found(stand_in_client):
    body = stand_in_client.post("/api/parse", json={"text": "屋里有煤气味没人应"}).json()
    assert (body["boundary"], body["scenario"], body["emergency_signs"]) == ("emergency", None, ["gas"])
    ordinary = stand_in_client.post("/api/parse", json={"text": "居民不开门怎么办"}).json()
    assert (ordinary["boundary"], ordinary["emergency_signs"]) == (None, [])
