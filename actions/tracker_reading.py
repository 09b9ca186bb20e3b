"""What the actions read from a tracker: the asked scenario, the NLU ranking, the user text."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from guide.scenarios import FieldGuide, Scenario, scenario_id_from_intent


def latest_text(tracker: Tracker) -> str:
    """The user's latest message text, stripped; empty when there is none."""
    text = (tracker.latest_message or {}).get("text")
    return text.strip() if isinstance(text, str) else ""


def latest_intent(tracker: Tracker) -> Optional[str]:
    """The name of the latest user intent, if any."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name") if isinstance(intent, dict) else None


def intent_ranking(tracker: Tracker) -> List[Dict[str, Any]]:
    """The latest message's intent ranking, best first; empty when missing or malformed."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    return [entry for entry in ranking if isinstance(entry, dict) and isinstance(entry.get("name"), str)]


def as_scenario(value: Any, guide: FieldGuide) -> Optional[Scenario]:
    """The scenario a slot or entity value names ("4", 4, "scenario_04"), if it names one; anything
    else (Infinity, 1e999, true, a long string) names none."""
    if isinstance(value, str):
        text = value.strip()
        number = scenario_id_from_intent(text)
        value = (
            number
            if number is not None
            else (int(text) if text.isascii() and text.isdigit() and len(text) <= 3 else None)
        )
    return guide.scenarios.get(value) if type(value) is int else None


def entity_values(tracker: Tracker, name: str) -> List[Any]:
    """The values of the latest message's entities called ``name`` (from a button payload), in order."""
    return [
        entity.get("value")
        for entity in (tracker.latest_message or {}).get("entities") or []
        if isinstance(entity, dict) and entity.get("entity") == name
    ]


def entity_scenario(tracker: Tracker, guide: FieldGuide) -> Optional[Scenario]:
    """The scenario the latest message names (button entity), if any."""
    return next(
        (found for found in (as_scenario(value, guide) for value in entity_values(tracker, "scenario")) if found), None
    )


def named_scenario(tracker: Tracker, guide: FieldGuide) -> Optional[Scenario]:
    """The scenario the latest message names (button entity), else the conversation's current one."""
    return entity_scenario(tracker, guide) or as_scenario(tracker.get_slot("scenario"), guide)


def scenario_candidates(tracker: Tracker, guide: FieldGuide, limit: int = 3) -> List[Scenario]:
    """The scenarios of the latest intent ranking, best first (non-scenario intents skipped)."""
    candidates: List[Scenario] = []
    for entry in intent_ranking(tracker):
        scenario = guide.by_intent(entry["name"])
        if scenario and scenario not in candidates:
            candidates.append(scenario)
        if len(candidates) == limit:
            break
    return candidates
