"""The 30 field scenarios of the guide: extraction from the source and loading from data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from guide.paths import FIELD_GUIDE_SOURCE, SCENARIOS_FILE
from guide.text import blocks

QUESTION = re.compile(r"^(?P<number>\d{1,2})、(?P<question>.+？)$")
SCENARIO_COUNT = 30  # numbered questions in the field-guide source (the knowledge file may hold more)


@dataclass(frozen=True)
class Scenario:
    """One numbered question of the field guide with its handling method."""

    id: int
    title: str
    question: str
    method: str
    steps: Tuple[str, ...]
    group: str
    terms: Tuple[str, ...] = ()
    related: Tuple[int, ...] = ()

    @property
    def intent(self) -> str:
        """The Rasa intent that asks this scenario."""
        return scenario_intent(self.id)


@dataclass(frozen=True)
class Group:
    """A group of scenarios shown together in the topic list."""

    id: str
    title: str
    scenario_ids: Tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class FieldGuide:
    """All scenarios, by number, and their groups in display order."""

    scenarios: Dict[int, Scenario]
    groups: Tuple[Group, ...]

    def by_intent(self, intent: str | None) -> Scenario | None:
        """The scenario an intent name asks, or ``None`` for any other intent."""
        number = scenario_id_from_intent(intent)
        return self.scenarios.get(number) if number is not None else None

    def title(self, number: int | None) -> str | None:
        """The title of the scenario with this number, or ``None`` for no number or one the guide lacks."""
        scenario = self.scenarios.get(number) if number is not None else None
        return scenario.title if scenario else None

    def group(self, group_id: str) -> Group | None:
        """The group with this id, if there is one."""
        return next((group for group in self.groups if group.id == group_id), None)


def scenario_intent(number: int) -> str:
    """The intent name for a scenario number: 4 -> ``scenario_04``."""
    return f"scenario_{number:02d}"


def scenario_id_from_intent(intent: str | None) -> int | None:
    """The scenario number an intent name stands for, if it is a scenario intent."""
    match = re.fullmatch(r"scenario_(\d{2})", intent or "")
    return int(match.group(1)) if match else None


def extract_from_guide(raw_text: str) -> List[Tuple[int, str, str]]:
    """``(number, question, method)`` for each numbered question of the field guide.

    The method is the cleaned paragraph(s) between a question and the next heading or question.
    """
    found: List[Tuple[int, str, List[str]]] = []
    inside = False
    for block in blocks(raw_text):
        match = QUESTION.match(block.text)
        if match:
            found.append((int(match.group("number")), match.group("question"), []))
            inside = True
        elif block.is_heading:
            inside = False
        elif inside:
            found[-1][2].append(block.text)
    return [(number, question, "".join(parts)) for number, question, parts in found]


def load_field_guide(path: Path = SCENARIOS_FILE) -> FieldGuide:
    """Read the scenarios and groups from their YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    scenarios = {
        item["id"]: Scenario(
            id=item["id"],
            title=item["title"],
            question=item["question"],
            method=item["method"],
            steps=tuple(item["steps"]),
            group=item["group"],
            terms=tuple(item.get("terms", ())),
            related=tuple(item.get("related", ())),
        )
        for item in data["scenarios"]
    }
    groups = tuple(
        Group(
            id=item["id"],
            title=item["title"],
            scenario_ids=tuple(number for number in sorted(scenarios) if scenarios[number].group == item["id"]),
        )
        for item in data["groups"]
    )
    return FieldGuide(scenarios=scenarios, groups=groups)


@lru_cache(maxsize=1)
def field_guide() -> FieldGuide:
    """The project's field guide, read once."""
    return load_field_guide()


def read_guide_source() -> str:
    """The raw text of the field-guide source document."""
    return FIELD_GUIDE_SOURCE.read_text(encoding="utf-8")
