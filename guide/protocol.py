"""The conversation protocol shared by the bot, the gateway, the bridges and the page.

The one owner of: intent names the code acts on, button payloads (built and parsed only here),
the fixed button labels, and the reading of Rasa's parse results.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

from guide import followups
from guide.boundaries import KINDS as BOUNDARY_INTENTS
from guide.scenarios import scenario_id_from_intent, scenario_intent

GREET = "greet"
AFFIRM = "affirm"
DENY = "deny"
LIST_TOPICS = "list_topics"
ASK_POLICY_BASIS = followups.ASK_POLICY_BASIS
POLICY_QUESTION = "policy_question"
FEEDBACK_HELPFUL = "feedback_helpful"
FEEDBACK_UNHELPFUL = "feedback_unhelpful"
OUT_OF_SCOPE = "out_of_scope"
NLU_FALLBACK = "nlu_fallback"
ASK_DETAIL = followups.ASK_DETAIL
ASK_STEP = followups.ASK_STEP
FOLLOW_UP_INTENTS = followups.INTENTS  # elliptical follow-ups about the scenario just discussed

LABELS: Mapping[str, str] = {
    ASK_POLICY_BASIS: "查看政策依据",
    FEEDBACK_HELPFUL: "有帮助",
    FEEDBACK_UNHELPFUL: "没帮助",
    DENY: "都不是",
    AFFIRM: "是的",
    LIST_TOPICS: "看看能问什么",
    ASK_DETAIL: "一步一步看",
    ASK_STEP: "下一步",
}
FEEDBACK_INTENTS: Mapping[str, bool] = {FEEDBACK_HELPFUL: True, FEEDBACK_UNHELPFUL: False}
EMERGENCY_REPORT = "emergency"  # key of a parse result under which the emergency guard reports its verdict
PARSE_REPORT = "parse"  # key of the custom reply in which Rasa's REST channel reports what it understood
REPORTED_RANKING = 10
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_0-9]+)(?P<entities>\{.*\})?$", re.S)


def payload(intent: str, **entities: Any) -> str:
    """A button payload that triggers ``intent`` with entities, e.g. ``/ask_policy_basis{"scenario":"4"}``."""
    if not entities:
        return f"/{intent}"
    values = {name: str(value) for name, value in entities.items()}
    return f"/{intent}{json.dumps(values, ensure_ascii=False, separators=(',', ':'))}"


# What a payload may ask and name: the intents of the assistant's own buttons and bridge commands, and
# their entities, each a short value. Anything else starting with "/" (Rasa's /restart, /session_start,
# /back, a hand-made entity of Infinity) is no button of ours.
BUTTON_INTENTS = frozenset(
    {GREET, AFFIRM, DENY, LIST_TOPICS, ASK_POLICY_BASIS, ASK_DETAIL, ASK_STEP, FEEDBACK_HELPFUL, FEEDBACK_UNHELPFUL}
)
BUTTON_ENTITIES = frozenset({"scenario", "topic_group", "step"})
MAX_ENTITY_CHARS = 32


def is_button_payload(text: str) -> bool:
    """Whether ``text`` is a payload one of the assistant's buttons (or a bridge command) could send."""
    parsed = parse_payload(text)
    if parsed is None:
        return False
    intent, entities = parsed
    if intent not in BUTTON_INTENTS and scenario_id_from_intent(intent) is None:
        return False
    return all(
        name in BUTTON_ENTITIES
        and isinstance(value, (str, int))
        and not isinstance(value, bool)
        and len(str(value)) <= MAX_ENTITY_CHARS
        for name, value in entities.items()
    )


def scenario_payload(scenario_id: int) -> str:
    """The payload that asks a scenario: 5 -> ``/scenario_05``."""
    return payload(scenario_intent(scenario_id))


def parse_payload(text: str) -> Optional[Tuple[str, Dict[str, Any]]]:
    """``(intent, entities)`` of a button payload, or ``None`` when ``text`` is not one."""
    match = _PAYLOAD.match(text.strip())
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


@dataclass(frozen=True)
class ParseResult:
    """What Rasa understood of one message: the final intent (``nlu_fallback`` when unsure), its
    confidence, and the ranking of real intents (fallback left out), best first."""

    intent: str
    confidence: float
    ranking: Tuple[Tuple[str, float], ...] = ()

    @classmethod
    def from_rasa(cls, result: Mapping[str, Any]) -> "ParseResult":
        """Read Rasa's parse output (``intent`` and ``intent_ranking``); missing parts are empty."""
        intent = result.get("intent") or {}
        ranking = tuple(
            (str(entry.get("name")), float(entry.get("confidence") or 0.0))
            for entry in result.get("intent_ranking") or []
            if isinstance(entry, dict) and entry.get("name") and entry.get("name") != NLU_FALLBACK
        )
        return cls(str(intent.get("name") or ""), float(intent.get("confidence") or 0.0), ranking)

    @classmethod
    def from_replies(cls, replies: Sequence[Mapping[str, Any]]) -> "ParseResult":
        """What the turn reported it understood (the REST channel's ``{"custom": {"parse": …}}``
        reply; empty for a button payload, which is not parsed)."""
        for reply in replies:
            custom = reply.get("custom") if isinstance(reply, Mapping) else None
            if isinstance(custom, Mapping) and isinstance(custom.get(PARSE_REPORT), Mapping):
                return cls.from_rasa(custom[PARSE_REPORT])
        return cls("", 0.0, ())

    @property
    def boundary(self) -> Optional[str]:
        """The boundary kind the final intent names (emergency, police procedure, other body), if any."""
        return self.intent if self.intent in BOUNDARY_INTENTS else None

    @property
    def scenario(self) -> Optional[int]:
        """The scenario the final intent asks, if it is a scenario."""
        return scenario_id_from_intent(self.intent)

    def candidates(self, count: int = 3) -> Tuple[Tuple[int, float], ...]:
        """The ``count`` most likely scenarios with their confidences."""
        found = [(scenario_id_from_intent(name), confidence) for name, confidence in self.ranking]
        return tuple((number, confidence) for number, confidence in found if number is not None)[:count]


def parse_report(parse_data: Mapping[str, Any]) -> Dict[str, Any]:
    """The custom reply that reports a parse result with a turn's answer (built only here)."""
    return {
        PARSE_REPORT: {
            "intent": parse_data.get("intent"),
            "intent_ranking": list(parse_data.get("intent_ranking") or [])[:REPORTED_RANKING],
        }
    }
