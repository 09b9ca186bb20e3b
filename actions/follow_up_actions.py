"""Answers to follow-ups: an elliptical message about the scenario just discussed ("说具体点", "第二步呢",
"举个例子", "还有别的办法吗", "那要是他还是不开呢"). The conversation's ``scenario`` slot says what it
follows; with none, the officer is asked which situation is meant; after a boundary reply (an
emergency, police procedure, another body) the follow-up gets that reply again, never a visit method.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.boundary_actions import described_visit_scenario
from actions.dispatching import mark_boundary, mark_scenario, send
from actions.tracker_reading import (
    as_scenario,
    entity_scenario,
    entity_values,
    intent_ranking,
    latest_intent,
    latest_text,
)
from guide import followups
from guide.boundaries import EMERGENCY, boundaries, emergency_among_likeliest, likely_boundary
from guide.cases import cases_of
from guide.protocol import NLU_FALLBACK
from guide.scenarios import FieldGuide, Scenario, field_guide, scenario_id_from_intent

DomainDict = Dict[Text, Any]


def follow_up_intent(tracker: Tracker) -> Optional[str]:
    """The follow-up the latest message asks: its intent, or, when NLU was unsure, the likeliest
    follow-up if follow-ups hold most of the confidence (an unsure "根据啥说的" still follows the
    conversation; it may be ``ask_policy_basis``)."""
    intent = latest_intent(tracker)
    if intent in followups.INTENTS:
        return intent
    if intent != NLU_FALLBACK:
        return None
    return followups.unsure_follow_up(
        [(entry["name"], float(entry.get("confidence") or 0.0)) for entry in intent_ranking(tracker)]
    )


def repeat_boundary(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """After a boundary reply, answer with it again (True); False when the conversation is not at one.
    An emergency points, for afterwards, to the visit scenario the message may describe."""
    kind = boundaries().kind_of(tracker.get_slot("boundary"))
    if kind is None:
        return False
    visit = described_visit_scenario(intent_ranking(tracker), field_guide()) if kind.id == EMERGENCY else None
    send(dispatcher, replies.boundary_answer(kind, visit))
    mark_boundary(dispatcher, kind.id)
    return True


def stays_at_boundary(tracker: Tracker) -> bool:
    """Whether the latest typed message follows the boundary reply just given (a button press never does)."""
    boundary, text = tracker.get_slot("boundary"), latest_text(tracker)
    if not boundary or text.startswith("/"):
        return False
    likeliest = [entry["name"] for entry in intent_ranking(tracker) if entry["name"] != NLU_FALLBACK][:3]
    return followups.stays_at_boundary(text, str(boundary), likeliest)


def repeat_emergency(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """After an emergency reply, a typed message that follows it gets that reply again, whatever NLU read
    it as (a visit scenario, out of scope); False when the conversation is not right after one."""
    return (
        tracker.get_slot("boundary") == EMERGENCY
        and stays_at_boundary(tracker)
        and repeat_boundary(dispatcher, tracker)
    )


def requested_step(tracker: Tracker, scenario: Scenario) -> Optional[int]:
    """The step a button names, else the one the text names ("第二步", "下一步" after the step shown);
    possibly beyond the method's last step."""
    for value in entity_values(tracker, "step"):
        try:
            return int(value)
        except (TypeError, ValueError):
            continue
    shown = tracker.get_slot("step")
    current = int(shown) if isinstance(shown, (int, float, str)) and str(shown).isdigit() else None
    return followups.step_reference(latest_text(tracker), current, len(scenario.steps))


def twist_scenario(tracker: Tracker, scenario: Scenario, guide: FieldGuide) -> Scenario:
    """The scenario a twist ("他要是动手了呢") is about: the current one, or a related one the classifier
    clearly prefers."""
    ranking = [
        (scenario_id_from_intent(entry["name"]), float(entry.get("confidence") or 0.0))
        for entry in intent_ranking(tracker)
    ]
    return guide.scenarios[followups.closest_of(scenario.related, ranking, scenario.id)]


def answer_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str) -> List[EventType]:
    """Answer the follow-up ``intent`` about the conversation's scenario (or a button's)."""
    guide = field_guide()
    scenario = entity_scenario(tracker, guide)
    if scenario is None and repeat_boundary(dispatcher, tracker):
        return []
    scenario = scenario or as_scenario(tracker.get_slot("scenario"), guide)
    if scenario is None:
        offered = [as_scenario(number, guide) for number in tracker.get_slot("suggested_scenarios") or []]
        offered = [candidate for candidate in offered if candidate is not None]
        # after a did-you-mean question, the follow-up waits for a choice; with nothing offered, ask what is meant
        send(
            dispatcher,
            replies.suggestions(offered, question=replies.PICK_FIRST) if offered else replies.which_situation(),
        )
        return []
    events: List[EventType] = []
    if intent in (followups.ASK_DETAIL, followups.ASK_STEP):
        number = requested_step(tracker, scenario) if intent == followups.ASK_STEP else None
        total = len(scenario.steps)
        if number is None:
            number, lead = 1, "好的，一步一步来："
        elif number > total:
            number, lead = total, f"这个方法一共只有{total}步，这是最后一步："
        else:
            lead = ""
        send(dispatcher, replies.method_step(scenario, number, lead))
        events.append(SlotSet("step", str(number)))
    elif intent == followups.ASK_EXAMPLE:
        for message in replies.cases(scenario, cases_of(scenario.id)):
            send(dispatcher, message)
    elif intent == followups.ASK_MORE:
        send(dispatcher, replies.other_ways(scenario, guide))
    else:  # a twist: the method of the same scenario, or of the related one it clearly describes
        return answer_in_context(dispatcher, scenario, twist_scenario(tracker, scenario, guide), guide)
    mark_scenario(dispatcher, scenario.id)
    return [*events, SlotSet("scenario", str(scenario.id))]


def answer_in_context(
    dispatcher: CollectingDispatcher, current: Scenario, target: Scenario, guide: FieldGuide
) -> List[EventType]:
    """The method of ``target`` for a message read in a conversation about ``current``: the same
    situation ("仍按第N问"), or a related one it is closer to."""
    lead = (
        f"您说的情况更接近另一种情形（第{target.id}问）："
        if target != current
        else f"指引对这种情况没有另写办法，仍按第{current.id}问的方法："
    )
    send(dispatcher, replies.scenario_answer(target, guide, lead))
    mark_scenario(dispatcher, target.id)
    return [SlotSet("step", None), SlotSet("scenario", str(target.id)), SlotSet("suggested_scenarios", None)]


def unsure_in_context(tracker: Tracker, guide: FieldGuide) -> Optional[Tuple[Scenario, Scenario]]:
    """``(current, target)`` when an unsure message comes in a conversation about a scenario (no boundary
    reply last), the classifier ranks a scenario or a follow-up first and that scenario or a related one
    among its likeliest; ``None`` when there is no such context, or the message may be an emergency (a
    danger word, or `emergency` among the likeliest) or another kind of boundary."""
    current = as_scenario(tracker.get_slot("scenario"), guide)
    ranking = intent_ranking(tracker)
    names = [entry["name"] for entry in ranking if entry["name"] != NLU_FALLBACK]
    if (
        current is None
        or tracker.get_slot("boundary")
        or not names
        or emergency_among_likeliest(names)
        or likely_boundary(names)
        or boundaries().danger_words_in(latest_text(tracker))
    ):
        return None
    if guide.by_intent(names[0]) is None and names[0] not in followups.INTENTS:
        return None  # likeliest a thank-you, a greeting, something out of scope: not a situation
    number = followups.in_context(
        [
            (scenario_id_from_intent(entry["name"]), float(entry.get("confidence") or 0.0))
            for entry in ranking
            if entry["name"] != NLU_FALLBACK
        ],
        current.id,
        current.related,
    )
    return (current, guide.scenarios[number]) if number is not None else None


class ActionFollowUp(Action):
    """Answer a follow-up about the scenario just discussed."""

    def name(self) -> Text:
        return "action_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intent = follow_up_intent(tracker)
        if intent is None:
            dispatcher.utter_message(response="utter_default")
            return []
        return answer_follow_up(dispatcher, tracker, intent)


class ActionDeclineOutOfScope(Action):
    """Decline a message outside the field; right after an emergency reply a short one ("接着怎么办")
    follows it and gets the emergency reply again."""

    def name(self) -> Text:
        return "action_decline_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if repeat_emergency(dispatcher, tracker):
            return []
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
