"""Actions that look up policy passages: for the current scenario, or for a free question."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.dispatching import mark_scenario, send
from actions.follow_up_actions import repeat_boundary
from actions.tracker_reading import entity_scenario, latest_text, named_scenario
from guide import protocol
from guide.lookup import look_up, lookup
from guide.policy_basis import policy_basis
from guide.scenarios import field_guide

DomainDict = Dict[Text, Any]
FINDINGS_PER_ANSWER = 3

lookup()  # built when the action server starts (about 10 s: the situation classifier is fitted), not in a turn


class ActionPolicyBasis(Action):
    """The policy basis of the scenario being discussed: reviewed passages with reasons and citations."""

    def name(self) -> Text:
        return "action_policy_basis"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        guide = field_guide()
        if entity_scenario(tracker, guide) is None and repeat_boundary(dispatcher, tracker):
            return []  # after an emergency or another boundary reply: that reply again, never a visit basis
        scenario = named_scenario(tracker, guide)
        if scenario is None:
            dispatcher.utter_message(
                text="请先告诉我您遇到的是哪种情况，我再为您查找相关的政策依据。",
                buttons=[replies.fixed_button(protocol.LIST_TOPICS)],
            )
            return []
        basis = policy_basis(scenario)
        if not basis.links:
            send(dispatcher, replies.no_passages(scenario.title))
            return []
        for message in replies.policy_basis(basis, scenario):
            send(dispatcher, message)
        mark_scenario(dispatcher, scenario.id)
        return [SlotSet("scenario", str(scenario.id))]


class ActionSearchPolicy(Action):
    """Look the officer's own question up in the guide's methods and the policy passages."""

    def name(self) -> Text:
        return "action_search_policy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        query = latest_text(tracker)
        if not query or query.startswith("/"):
            dispatcher.utter_message(text="请告诉我您想查询的政策内容，例如“百万警进千万家活动主要包括哪些内容”。")
            return []
        for message in replies.look_up_answer(look_up(query, k=FINDINGS_PER_ANSWER), field_guide()):
            send(dispatcher, message)
        return []
