"""The SituationClassifier graph component: trains, persists, loads and ranks intents in Rasa."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from guide.scenarios import field_guide
from rasa_runtime.pipeline_settings import pipeline_step
from rasa_runtime.situation_classifier import SituationClassifier, scenario_examples

EXAMPLES = {
    "scenario_04": ["居民不开门怎么办", "敲门没人应", "住户不愿意开门", "门敲了半天不开", "屋里有声音就是不开门"],
    "scenario_11": ["邻居吵架怎么调解", "两家因为漏水闹矛盾", "邻里纠纷怎么处理", "楼上楼下吵起来了", "邻居为车位吵"],
    "out_of_scope": ["今天天气怎么样", "讲个笑话", "股票会涨吗", "红烧肉怎么做", "你真笨"],
}


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def train(storage, **config):
    data = TrainingData(
        [Message(data={"text": text, "intent": intent}) for intent, texts in EXAMPLES.items() for text in texts]
    )
    context = ExecutionContext(GraphSchema({}), node_name="situation")
    resource = Resource("situation")
    component = SituationClassifier.create(
        {**SituationClassifier.get_default_config(), **config}, storage, resource, context
    )
    component.train(data)
    return SituationClassifier.load({**SituationClassifier.get_default_config(), **config}, storage, resource, context)


def parse(component, text):
    message = Message(data={"text": text})
    component.process([message])
    return message


def test_a_trained_and_reloaded_classifier_ranks_every_intent(storage):
    message = parse(train(storage, calibration_folds=2), "敲了半天门没人开")
    assert message.get("intent")["name"] == "scenario_04"
    ranking = message.get("intent_ranking")
    assert {entry["name"] for entry in ranking} >= set(EXAMPLES)
    assert [entry["confidence"] for entry in ranking] == sorted(
        (entry["confidence"] for entry in ranking), reverse=True
    )


def test_calibration_fits_a_temperature_and_can_be_switched_off(storage):
    assert train(storage, calibration_folds=0).model.temperature == 1.0
    assert train(storage, calibration_folds=2).model.temperature != 1.0


def test_the_guides_own_words_are_learned_for_every_scenario_with_examples(storage):
    texts, labels, weights = scenario_examples(0.5)
    assert "将警民联系卡插入门缝" in "".join(t for t, label in zip(texts, labels) if label == "scenario_04")
    assert {f"scenario_{n:02d}" for n in field_guide().scenarios} == set(labels) and set(weights) == {0.5}
    assert set(scenario_examples(0.5, {"scenario_04", "greet"})[1]) == {"scenario_04"}
    assert train(storage, calibration_folds=0).model.labels == sorted(EXAMPLES)


def test_an_untrained_classifier_leaves_messages_alone(storage):
    context = ExecutionContext(GraphSchema({}), node_name="situation")
    component = SituationClassifier.load(
        SituationClassifier.get_default_config(), storage, Resource("missing"), context
    )
    assert parse(component, "居民不开门").get("intent") is None


def test_rasa_training_gives_the_model_fit_gives_outside_rasa(storage):
    config = {**SituationClassifier.get_default_config(), "calibration_folds": 2}
    texts = [text for texts in EXAMPLES.values() for text in texts]
    labels = [intent for intent, texts in EXAMPLES.items() for _ in texts]
    trained_in_rasa = train(storage, calibration_folds=2).model
    fitted = SituationClassifier(config, None, None).fit(texts, labels)
    questions = ["敲了半天门没人开", "两家吵架了", "今天天气"]
    assert trained_in_rasa.temperature == fitted.temperature
    assert (trained_in_rasa.logits(questions) == fitted.logits(questions)).all()


def test_the_configured_component_has_config_yml_s_settings():
    step = pipeline_step("SituationClassifier")
    configured = SituationClassifier.as_configured().config
    assert all(configured[key] == value for key, value in step.items())
