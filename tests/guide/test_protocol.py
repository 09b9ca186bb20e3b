"""The conversation protocol: payloads are built and read back in one place, parse results read once."""

import pytest

from guide import protocol
from guide.protocol import ParseResult


def test_a_payload_carries_its_entities_and_reads_back_the_same():
    built = protocol.payload(protocol.ASK_POLICY_BASIS, scenario=4)
    assert built == '/ask_policy_basis{"scenario":"4"}'
    assert protocol.parse_payload(built) == ("ask_policy_basis", {"scenario": "4"})
    assert protocol.payload(protocol.LIST_TOPICS) == "/list_topics"


def test_a_scenario_payload_is_its_intent():
    assert protocol.scenario_payload(5) == "/scenario_05"
    assert protocol.parse_payload("/scenario_05") == ("scenario_05", {})


@pytest.mark.parametrize(
    "text",
    ["居民不开门", "/Scenario_05", '/feedback_helpful{"scenario":', "/feedback_helpful[1]", '/feedback_helpful["4"]'],
)
def test_text_that_is_not_a_payload_reads_as_none(text):
    assert protocol.parse_payload(text) is None


def test_every_fixed_label_belongs_to_an_intent_and_feedback_says_whether_it_helped():
    assert protocol.LABELS[protocol.ASK_POLICY_BASIS] == "查看政策依据"
    assert dict(protocol.FEEDBACK_INTENTS) == {"feedback_helpful": True, "feedback_unhelpful": False}


def test_a_parse_result_is_read_with_fallback_left_out_of_the_ranking():
    result = ParseResult.from_rasa(
        {
            "intent": {"name": "nlu_fallback", "confidence": 0.7},
            "intent_ranking": [
                {"name": "nlu_fallback", "confidence": 0.7},
                {"name": "scenario_04", "confidence": 0.55},
                {"name": "out_of_scope", "confidence": 0.3},
                {"name": "scenario_05", "confidence": 0.1},
            ],
        }
    )
    assert (result.intent, result.confidence, result.scenario) == ("nlu_fallback", 0.7, None)
    assert result.ranking[0] == ("scenario_04", 0.55)
    assert result.candidates() == ((4, 0.55), (5, 0.1))


def test_a_broken_parse_result_reads_as_empty():
    assert ParseResult.from_rasa({}) == ParseResult("", 0.0, ())
    assert ParseResult.from_rasa({"intent": None, "intent_ranking": [None, {"confidence": 1}]}).ranking == ()


def test_a_parse_reported_with_the_replies_reads_back_as_the_parse_result():
    rasa_parse = {
        "text": "居民不开门",
        "intent": {"name": "scenario_04", "confidence": 0.93},
        "intent_ranking": [{"name": f"scenario_{n:02d}", "confidence": 0.01} for n in range(1, 13)],
    }
    replies = [{"text": "【第4问】"}, {"custom": {"scenario": 4}}, {"custom": protocol.parse_report(rasa_parse)}]
    result = ParseResult.from_replies(replies)
    assert (result.intent, result.confidence) == ("scenario_04", 0.93)
    assert len(result.ranking) == protocol.REPORTED_RANKING
    assert ParseResult.from_replies([{"text": "【第5问】"}]) == ParseResult("", 0.0, ())
