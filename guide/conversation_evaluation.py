"""Scoring whole conversations (``make eval``): a blind set of multi-turn conversations, each turn with
what the right reply is about, and per follow-up kind how often the assistant got it right.

A conversations file is YAML: a list of ``{id, turns: [{text, expect, kind?, step?}]}``. ``expect`` is
a scenario number, a boundary kind (``emergency``, ``police_procedure``, ``other_body``),
``out_of_scope`` (no scenario, no boundary reply) or ``clarify`` (the assistant must not answer a
scenario: a follow-up with nothing to follow). Turns without ``kind`` open a conversation or a topic.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from guide.boundaries import KINDS as BOUNDARY_KINDS

OPENING = "opening"
NOT_ANSWERING = ("out_of_scope", "clarify")  # right when the turn answered neither a scenario nor a boundary


@dataclass(frozen=True)
class Turn:
    """One message of a conversation and what the right reply is about."""

    text: str
    expect: str
    kind: str = OPENING
    step: Optional[int] = None


@dataclass(frozen=True)
class Conversation:
    id: str
    turns: Tuple[Turn, ...]


@dataclass(frozen=True)
class Outcome:
    """What one reply was about: the scenario it answered (marked by the actions) and/or its boundary kind."""

    scenario: Optional[int] = None
    boundary: Optional[str] = None

    @classmethod
    def from_replies(cls, replies: Sequence[Mapping[str, Any]]) -> "Outcome":
        """Read the actions' custom markers (``{"scenario": n}``, ``{"boundary": kind}``) of a turn's replies."""
        scenario = boundary = None
        for reply in replies:
            custom = reply.get("custom") if isinstance(reply, Mapping) else None
            if isinstance(custom, Mapping):
                if isinstance(custom.get("scenario"), int):
                    scenario = custom["scenario"]
                if custom.get("boundary") in BOUNDARY_KINDS:
                    boundary = str(custom["boundary"])
        return cls(scenario, boundary)

    @property
    def label(self) -> str:
        return self.boundary or (str(self.scenario) if self.scenario is not None else "none")

    def matches(self, expect: str) -> bool:
        """Whether this reply is about what ``expect`` says."""
        if expect in NOT_ANSWERING:
            return self.scenario is None and self.boundary is None
        if expect in BOUNDARY_KINDS:
            return self.boundary == expect and self.scenario is None
        return self.boundary is None and self.scenario is not None and str(self.scenario) == str(expect)


def read_conversations(path: Path) -> List[Conversation]:
    """The conversations of a YAML file (see the module docstring)."""
    conversations = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        turns = tuple(
            Turn(
                str(turn["text"]),
                str(turn["expect"]),
                str(turn.get("kind") or OPENING),
                int(turn["step"]) if turn.get("step") is not None else None,
            )
            for turn in entry["turns"]
        )
        conversations.append(Conversation(str(entry["id"]), turns))
    return conversations


Talk = Callable[[str, str], Outcome]  # (conversation id, text) -> what the reply was about


def score_conversations(conversations: Sequence[Conversation], talk: Talk) -> Tuple[List[str], List[str]]:
    """Play every conversation through ``talk``; the per-kind table and the misses."""
    right: Dict[str, int] = defaultdict(int)
    total: Dict[str, int] = defaultdict(int)
    misses: List[str] = []
    for conversation in conversations:
        for turn in conversation.turns:
            outcome = talk(conversation.id, turn.text)
            total[turn.kind] += 1
            if outcome.matches(turn.expect):
                right[turn.kind] += 1
            else:
                misses.append(
                    f"{conversation.id} {turn.kind:<15} {turn.text}  -> {outcome.label} (expected {turn.expect})"
                )
    lines = [f"{'kind':<16}{'n':>5}{'right':>8}"]
    follow_ups = [kind for kind in sorted(total) if kind != OPENING]
    for kind in ([OPENING] if OPENING in total else []) + follow_ups:
        lines.append(f"{kind:<16}{total[kind]:>5}{right[kind] / total[kind]:>8.3f}")
    handled, asked = sum(right[kind] for kind in follow_ups), sum(total[kind] for kind in follow_ups)
    if asked:
        lines.append(f"FOLLOW-UPS HANDLED RIGHT {handled / asked:.3f} ({handled}/{asked})")
    return lines, misses
