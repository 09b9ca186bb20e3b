"""Rasa graph component that makes a possible emergency win over everything else the pipeline decided.

It runs last, after ``FallbackClassifier``. A message is an emergency when one of the reviewed
signals of ``data/knowledge/boundaries.yml`` is in it, or when the classifier ranks the
``emergency`` intent first (also when it was too unsure to answer); the classifier's confidence alone
never decides. The message then gets the ``emergency`` intent, the rest of the ranking is kept (the
reply may point to the visit scenario the message also describes). Every parse result reports the
verdict under ``emergency`` (the signals found, whether the classifier ranked it first), for the
audit trail and for ``make eval``, which compares the two ways of detecting.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from guide.boundaries import EMERGENCY, boundaries, emergency_verdict
from guide.protocol import EMERGENCY_REPORT, NLU_FALLBACK


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyGuard(GraphComponent):
    """Sets the ``emergency`` intent when a reviewed signal is found or the classifier ranks it first."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = {**self.get_default_config(), **config}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EmergencyGuard":
        boundaries()  # a broken knowledge file fails training and loading, not the first message
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = [
                entry
                for entry in message.get("intent_ranking") or []
                if isinstance(entry, dict) and entry.get(INTENT_NAME_KEY) != NLU_FALLBACK
            ]
            verdict = emergency_verdict(
                message.get(TEXT) or "",
                [
                    (str(entry.get(INTENT_NAME_KEY)), float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
                    for entry in ranking
                ],
            )
            message.set(EMERGENCY_REPORT, verdict.report(), add_to_output=True)
            if verdict.is_emergency:
                emergency = {INTENT_NAME_KEY: EMERGENCY, PREDICTED_CONFIDENCE_KEY: verdict.confidence}
                rest = [entry for entry in ranking if entry.get(INTENT_NAME_KEY) != EMERGENCY]
                message.set(INTENT, emergency, add_to_output=True)
                message.set("intent_ranking", [emergency, *rest], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
