"""Reading Rasa's answers for the gateway: payloads, reply messages, the turn's scenario, the history."""
from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Tuple

from guide.scenarios import FieldGuide

PAYLOAD = re.compile(r"^/(?P<intent>[a-z_0-9]+)(?P<entities>\{.*\})?$", re.S)
FIXED_LABELS = {
    "ask_policy_basis": "查看政策依据",
    "feedback_helpful": "有帮助",
    "feedback_unhelpful": "没帮助",
    "deny": "都不是",
    "affirm": "是的",
    "list_topics": "看看能问什么",
}


def parse_payload(text: str) -> Optional[Tuple[str, Dict[str, Any]]]:
    """``(intent, entities)`` of a button payload such as ``/feedback_helpful{"scenario":"4"}``."""
    match = PAYLOAD.match(text.strip())
    if not match:
        return None
    entities: Dict[str, Any] = {}
    if match.group("entities"):
        try:
            loaded = json.loads(match.group("entities"))
        except ValueError:
            return None
        if not isinstance(loaded, dict):
            return None
        entities = loaded
    return match.group("intent"), entities


def payload_label(text: str, guide: FieldGuide) -> str:
    """What the officer clicked, in words, for a payload shown in the history."""
    parsed = parse_payload(text)
    if parsed is None:
        return text
    intent, entities = parsed
    scenario = guide.by_intent(intent)
    if scenario:
        return scenario.title
    if intent == "list_topics" and entities.get("topic_group"):
        group = guide.group(str(entities["topic_group"]))
        return group.title if group else FIXED_LABELS[intent]
    return FIXED_LABELS.get(intent, text)


def reply_messages(replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Rasa REST replies as gateway messages: ``{"text", "buttons": [{"title", "payload"}]}``."""
    messages = []
    for reply in replies:
        buttons = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in reply.get("buttons") or []
            if isinstance(b, dict)
        ]
        if reply.get("text") or buttons:
            messages.append({"text": reply.get("text") or "", "buttons": buttons})
    return messages


def reply_scenario(replies: List[Dict[str, Any]]) -> Optional[int]:
    """The scenario a turn answered or looked up: the actions mark it with ``{"custom": {"scenario": n}}``."""
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("scenario"), int):
            return custom["scenario"]
    return None


def parse_confidence(parse: Dict[str, Any]) -> Optional[float]:
    """The confidence of a parse result's top intent."""
    confidence = (parse.get("intent") or {}).get("confidence")
    return float(confidence) if isinstance(confidence, (int, float)) else None


def history(tracker: Dict[str, Any], guide: FieldGuide) -> List[Dict[str, Any]]:
    """The conversation as ``{"role": "user"|"bot", "text", "buttons"}`` items, oldest first."""
    items: List[Dict[str, Any]] = []
    for event in tracker.get("events") or []:
        if event.get("event") == "user" and event.get("text"):
            items.append({"role": "user", "text": payload_label(event["text"], guide), "buttons": []})
        elif event.get("event") == "bot" and (event.get("text") or (event.get("data") or {}).get("buttons")):
            data = event.get("data") or {}
            items.append({"role": "bot", **reply_messages([{"text": event.get("text"), "buttons": data.get("buttons")}])[0]})
    return items

