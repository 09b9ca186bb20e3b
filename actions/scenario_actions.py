"""Actions that answer with a scenario, suggest scenarios, or list the topics."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.dispatching import mark_boundary, mark_scenario, send
from actions.follow_up_actions import (
    answer_follow_up,
    answer_in_context,
    follow_up_intent,
    repeat_boundary,
    repeat_emergency,
    stays_at_boundary,
    unsure_in_context,
)
from actions.policy_actions import ActionPolicyBasis
from actions.tracker_reading import (
    as_scenario,
    intent_ranking,
    latest_intent,
    latest_text,
    named_scenario,
    scenario_candidates,
)
from guide.boundaries import EMERGENCY, boundaries, emergency_among_likeliest, likely_boundary
from guide.followups import ASK_POLICY_BASIS
from guide.scenarios import field_guide
from guide.search import search_scenarios

DomainDict = Dict[Text, Any]


class ActionAnswerScenario(Action):
    """Answer the scenario the officer asked (or accepted as the first suggestion)."""

    def name(self) -> Text:
        return "action_answer_scenario"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        guide = field_guide()
        scenario = guide.by_intent(latest_intent(tracker))
        if scenario is not None and repeat_emergency(dispatcher, tracker):
            return []  # "门踹不开 先干嘛" after an emergency reply: never a visit method in its place
        if scenario is None and latest_intent(tracker) == "affirm":
            suggested = tracker.get_slot("suggested_scenarios") or []
            scenario = as_scenario(suggested[0], guide) if suggested else None
        if scenario is None:
            scenario = named_scenario(tracker, guide)
        if scenario is None:
            dispatcher.utter_message(response="utter_default")
            return []
        send(dispatcher, replies.scenario_answer(scenario, guide))
        mark_scenario(dispatcher, scenario.id)
        return [
            SlotSet("scenario", str(scenario.id)),
            SlotSet("suggested_scenarios", None),
            SlotSet("step", None),
            SlotSet("boundary", None),
        ]


class ActionSuggestScenarios(Action):
    """Offer the three closest scenarios when NLU is unsure ("您是想问……?"); an unsure follow-up
    ("说具体点") is answered as one instead, about the scenario just discussed."""

    def name(self) -> Text:
        return "action_suggest_scenarios"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        follow_up = follow_up_intent(tracker)
        if follow_up == ASK_POLICY_BASIS:
            return ActionPolicyBasis().run(dispatcher, tracker, domain)
        if follow_up is not None:
            return answer_follow_up(dispatcher, tracker, follow_up)
        if stays_at_boundary(tracker) and repeat_boundary(dispatcher, tracker):
            return []  # an unclear message that follows an emergency (or another boundary) reply: that reply again
        guide = field_guide()
        context = unsure_in_context(tracker, guide)
        if (
            context is not None
        ):  # unclear alone, but the conversation's scenario (or a related one) is among the likeliest
            return answer_in_context(dispatcher, *context, guide)
        candidates = scenario_candidates(tracker, guide)
        ranked = [entry["name"] for entry in intent_ranking(tracker)]
        edges = boundaries()
        notice = edges.kinds[EMERGENCY].unsure_notice if emergency_among_likeliest(ranked) else ""
        kind = edges.kind_of(likely_boundary(ranked))
        if kind is not None:  # most likely police procedure or another body's work: say so, offer visits too
            send(dispatcher, replies.unsure_boundary(kind, candidates, notice))
            mark_boundary(dispatcher, kind.id)
            return [
                SlotSet("suggested_scenarios", [str(s.id) for s in candidates] or None),
                SlotSet("scenario", None),
                SlotSet("step", None),
                SlotSet("boundary", kind.id),
            ]
        if len(candidates) < 3:
            extra = [hit.item for hit in search_scenarios(latest_text(tracker), k=6) if hit.item not in candidates]
            candidates += extra[: 3 - len(candidates)]
        if not candidates:
            dispatcher.utter_message(response="utter_default")
            return [SlotSet("suggested_scenarios", None)]
        send(dispatcher, replies.suggestions(candidates, notice))
        return [SlotSet("suggested_scenarios", [str(scenario.id) for scenario in candidates])]


class ActionListTopics(Action):
    """List the topic groups, or the scenarios of the group a button chose."""

    def name(self) -> Text:
        return "action_list_topics"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        guide = field_guide()
        group_id = next(tracker.get_latest_entity_values("topic_group"), None)
        message = replies.topic_group(guide, group_id) if group_id else replies.topic_groups(guide)
        send(dispatcher, message)
        return [SlotSet("topic_group", None)]
