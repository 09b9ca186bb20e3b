"""The answer to a message outside the visit guide: a possible emergency, police procedure, or the
work of another community body. Always the kind's reviewed, fixed reply; never a visit method."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.dispatching import mark_boundary, send
from actions.tracker_reading import intent_ranking, latest_intent
from guide.boundaries import EMERGENCY, boundaries
from guide.scenarios import FieldGuide, Scenario, field_guide

DomainDict = Dict[Text, Any]
# An emergency message also describes a visit situation when the classifier gave that scenario at
# least this confidence; the reply then points to it for after the emergency (never instead of it).
VISIT_HINT_CONFIDENCE = 0.3


def described_visit_scenario(ranking: Sequence[Dict[str, Any]], guide: FieldGuide) -> Optional[Scenario]:
    """The visit scenario a message also describes: the best-ranked scenario of its intent ranking, when
    the classifier was confident enough of it."""
    for entry in ranking:
        scenario = guide.by_intent(entry["name"])
        if scenario is not None:
            confidence = entry.get("confidence")
            return scenario if isinstance(confidence, (int, float)) and confidence >= VISIT_HINT_CONFIDENCE else None
    return None


class ActionAnswerBoundary(Action):
    """Answer a boundary kind with its fixed reply; an emergency may point to a visit scenario for afterwards."""

    def name(self) -> Text:
        return "action_answer_boundary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kind = boundaries().kind_of(latest_intent(tracker))
        if kind is None:
            dispatcher.utter_message(response="utter_default")
            return []
        visit = described_visit_scenario(intent_ranking(tracker), field_guide()) if kind.id == EMERGENCY else None
        message = replies.boundary_answer(kind, visit)
        send(dispatcher, message)
        mark_boundary(dispatcher, kind.id)
        return [
            SlotSet("scenario", None),
            SlotSet("suggested_scenarios", None),
            SlotSet("step", None),
            SlotSet("boundary", kind.id),
        ]
