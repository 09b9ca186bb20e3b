"""Rasa graph component around :class:`guide.understanding.SituationModel` (the intent classifier).

Training adds each scenario's own words (title, question and the steps of its handling method)
as extra, lighter examples, fits the temperature on out-of-fold predictions so that confidences
are calibrated, then fits the final model on everything. ``FallbackClassifier`` sits after it.
"""

from __future__ import annotations

import logging
from typing import Any, Collection, Dict, List, Text, Tuple

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from guide.scenarios import field_guide
from guide.understanding import SituationModel, ViewWeights, fit_temperature, out_of_fold_logits
from rasa_runtime.pipeline_settings import pipeline_step

logger = logging.getLogger(__name__)
MODEL_FILE = "situation_model.joblib"


def scenario_examples(
    weight: float, intents: Collection[str] | None = None
) -> Tuple[List[str], List[str], List[float]]:
    """Each scenario's title, question and method steps as examples of its intent, with ``weight``
    (only for scenarios whose intent is in ``intents``, when given)."""
    texts: List[str] = []
    labels: List[str] = []
    for scenario in field_guide().scenarios.values():
        if intents is not None and scenario.intent not in intents:
            continue
        for text in (scenario.title, scenario.question, *scenario.steps):
            texts.append(text)
            labels.append(scenario.intent)
    return texts, labels, [weight] * len(texts)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SituationClassifier(GraphComponent, IntentClassifier):
    """Intents from word, character and pinyin TF-IDF views and a linear SVM with calibrated confidences."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "word_weight": 0.5,
            "character_weight": 1.0,
            "pinyin_weight": 0.6,
            "question_weight": 1.0,
            "regularisation": 1.0,
            "scenario_text_weight": 0.5,  # 0 leaves the guide's own words out of training
            "calibration_folds": 5,  # 0 keeps temperature 1 (no calibration)
            "random_state": 20240229,
            "ranking_length": 10,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "pypinyin", "jieba"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model: SituationModel | None = None

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SituationClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def as_configured(cls) -> "SituationClassifier":
        """The component with config.yml's settings, outside a Rasa graph (for the scripts that train or
        score the classifier as the assistant does: ``make compare``, ``make boundary-cost``)."""
        config = {**cls.get_default_config(), **pipeline_step("SituationClassifier")}
        return cls(config, None, None)  # no model storage outside a Rasa graph: only fit and new_model are used

    def new_model(self) -> SituationModel:
        """An untrained model with this component's settings."""
        weights = ViewWeights(
            words=self.config["word_weight"],
            characters=self.config["character_weight"],
            pinyin=self.config["pinyin_weight"],
            question=self.config["question_weight"],
        )
        return SituationModel(
            weights=weights, regularisation=self.config["regularisation"], random_state=self.config["random_state"]
        )

    def fit(self, texts: List[str], labels: List[str]) -> SituationModel:
        """The trained model of these officers' examples: the scenarios' own words added as lighter
        examples of their intents, the temperature fitted on out-of-fold predictions of the examples."""
        all_texts, all_labels, weights = list(texts), list(labels), [1.0] * len(texts)
        if self.config["scenario_text_weight"] > 0:
            extra_texts, extra_labels, extra_weights = scenario_examples(
                self.config["scenario_text_weight"], set(labels)
            )
            all_texts, all_labels, weights = all_texts + extra_texts, all_labels + extra_labels, weights + extra_weights
        temperature = 1.0
        if self.config["calibration_folds"] > 1:
            # Calibrate on the officers' examples only: the guide's sentences are not questions.
            logits, classes = out_of_fold_logits(
                list(texts),
                list(labels),
                self.new_model,
                folds=self.config["calibration_folds"],
                seed=self.config["random_state"],
            )
            temperature = fit_temperature(logits, [classes.index(label) for label in labels])
        model = self.new_model().fit(all_texts, all_labels, sample_weight=weights)
        model.temperature = temperature
        return model

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        self.model = self.fit([e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples])
        logger.info(
            "SituationClassifier: %d officers' examples, temperature %.3f", len(examples), self.model.temperature
        )
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self.model, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "SituationClassifier":
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                component.model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.debug("SituationClassifier: no trained model in %s", resource.name)
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        probabilities = self.model.probabilities(texts)
        labels = self.model.labels
        for message, row in zip(messages, probabilities):
            order = np.argsort(-row, kind="stable")[: self.config["ranking_length"]]
            ranking = [{INTENT_NAME_KEY: labels[i], PREDICTED_CONFIDENCE_KEY: float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
