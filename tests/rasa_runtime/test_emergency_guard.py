"""The EmergencyGuard graph component: a possible emergency wins over the classifier and the fallback."""

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from rasa_runtime.emergency_guard import EmergencyGuard


def guarded(tmp_path, text, intent, ranking):
    guard = EmergencyGuard.create(
        {}, LocalModelStorage(tmp_path), Resource("guard"), ExecutionContext(GraphSchema({}), node_name="guard")
    )
    message = Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": ranking[0][1]},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        }
    )
    guard.process([message])
    return message


def test_a_reviewed_signal_turns_even_a_confident_visit_answer_into_an_emergency(tmp_path):
    message = guarded(
        tmp_path, "敲门没人应，屋里一股煤气味", "scenario_04", [("scenario_04", 0.95), ("emergency", 0.03)]
    )
    assert message.get("intent") == {"name": "emergency", "confidence": 1.0}
    assert [e["name"] for e in message.get("intent_ranking")] == ["emergency", "scenario_04"]
    assert message.get("emergency")["signs"] == ["gas"]


def test_an_unsure_classifier_that_ranks_emergency_first_still_gives_an_emergency(tmp_path):
    message = guarded(
        tmp_path, "情况很不对劲", "nlu_fallback", [("nlu_fallback", 0.7), ("emergency", 0.55), ("scenario_04", 0.40)]
    )
    assert message.get("intent") == {"name": "emergency", "confidence": 0.55}
    assert [e["name"] for e in message.get("intent_ranking")] == ["emergency", "scenario_04"]


def test_an_ordinary_visit_question_is_left_as_it_was_with_the_verdict_reported(tmp_path):
    ranking = [("scenario_04", 0.93), ("emergency", 0.02)]
    message = guarded(tmp_path, "居民不开门怎么办", "scenario_04", ranking)
    assert message.get("intent")["name"] == "scenario_04"
    assert message.get("emergency") == {
        "signs": [],
        "classifier_first": False,
        "classifier_confidence": 0.02,
        "danger_words": [],
        "classifier_supports": False,
    }
