"""Reading Rasa's answers for the gateway: payloads, reply messages, the turn's scenario, the history;
and the web chat's welcome."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from guide import protocol
from guide.scenarios import FieldGuide

WELCOME_TEXT = (
    "您好！我是枫桥助手，为社区民警提供走访工作指引。请直接描述您遇到的情况，例如“居民不开门怎么办”，"
    "或打开“话题目录”浏览全部常见问题。"
)


def payload_label(text: str, guide: FieldGuide) -> str:
    """What the officer clicked, in words, for a payload shown in the history."""
    parsed = protocol.parse_payload(text)
    if parsed is None:
        return text
    intent, entities = parsed
    scenario = guide.by_intent(intent)
    if scenario:
        return scenario.title
    if intent == protocol.LIST_TOPICS and entities.get("topic_group"):
        group = guide.group(str(entities["topic_group"]))
        return group.title if group else protocol.LABELS[intent]
    return protocol.LABELS.get(intent, text)


def button_of(raw: Dict[str, Any]) -> Dict[str, Any]:
    """A bot button for the page and the bridges; feedback buttons are marked as such."""
    payload = str(raw.get("payload", ""))
    parsed = protocol.parse_payload(payload)
    kind = "feedback" if parsed and parsed[0] in protocol.FEEDBACK_INTENTS else None
    return {"title": str(raw.get("title", "")), "payload": payload, "kind": kind}


def reply_messages(replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Rasa REST replies as gateway messages: ``{"text", "buttons": [{"title", "payload"}]}``."""
    messages = []
    for reply in replies:
        buttons = [button_of(b) for b in reply.get("buttons") or [] if isinstance(b, dict)]
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


def reply_boundary(replies: List[Dict[str, Any]]) -> Optional[str]:
    """The boundary kind a turn answered with its fixed reply: the action marks it with
    ``{"custom": {"boundary": kind}}``."""
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and custom.get("boundary") in protocol.BOUNDARY_INTENTS:
            return str(custom["boundary"])
    return None


def is_shown(event: Dict[str, Any]) -> bool:
    """Whether a tracker event is a message the history shows: the officer's text, or a bot message
    with text or buttons (not the actions' custom markers)."""
    if event.get("event") == "user":
        return bool(event.get("text"))
    return event.get("event") == "bot" and bool(event.get("text") or (event.get("data") or {}).get("buttons"))


def history(events: List[Dict[str, Any]], guide: FieldGuide) -> List[Dict[str, Any]]:
    """Tracker events as ``{"role": "user"|"bot", "text", "buttons"}`` items, oldest first."""
    items: List[Dict[str, Any]] = []
    for event in filter(is_shown, events):
        if event.get("event") == "user":
            items.append({"role": "user", "text": payload_label(event["text"], guide), "buttons": []})
        else:
            data = event.get("data") or {}
            items.append(
                {"role": "bot", **reply_messages([{"text": event.get("text"), "buttons": data.get("buttons")}])[0]}
            )
    return items


def own_message(text: str) -> Dict[str, Any]:
    """A message of the gateway's own (not from Rasa) with the topics button, its label and payload from
    the protocol like every other button."""
    topics = {"title": protocol.LABELS[protocol.LIST_TOPICS], "payload": protocol.payload(protocol.LIST_TOPICS)}
    return reply_messages([{"text": text, "buttons": [topics]}])[0]


def welcome() -> Dict[str, Any]:
    """What the web chat shows before a conversation's first turn: a greeting and the topics button."""
    return own_message(WELCOME_TEXT)
