"""What the free look-up can show: each sentence of a scenario's method and each policy passage,
labelled with what it is and where it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import List, Literal, Optional, Sequence, Tuple

from guide.passages import Passage
from guide.scenarios import Scenario

EntryKind = Literal["method_step", "passage"]
METHOD_STEP: EntryKind = "method_step"
PASSAGE: EntryKind = "passage"
SUBHEADING_LENGTH = 20  # a passage this short ("三是清正廉洁。") heads the one after it
SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*[”’」』）)]*")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Entry:
    """One text the look-up can show: a step of a scenario's method or a policy passage."""

    id: str
    kind: EntryKind
    text: str
    heading: str
    label: str  # what it is and where it comes from, as shown to the officer
    scenario_id: Optional[int] = None
    passage: Optional[Passage] = None

    @cached_property
    def sentences(self) -> Tuple[str, ...]:
        """The text cut after each sentence-ending mark (closing quotes stay with their sentence)."""
        return tuple(piece.strip() for piece in SENTENCE.findall(self.text) if piece.strip()) or (self.text,)


def step_label(scenario: Scenario, first: int, last: int) -> str:
    """ "指引第4问「居民不愿开门」· 处理方法第①步" (or 第①–⑥步; no step number for a one-step method)."""
    where = f"指引第{scenario.id}问「{scenario.title}」· 处理方法"
    if len(scenario.steps) == 1:
        return where
    numbers = [_CIRCLED[step - 1] if step <= len(_CIRCLED) else str(step) for step in (first, last)]
    return f"{where}第{numbers[0]}步" if first == last else f"{where}第{numbers[0]}–{numbers[1]}步"


def step_runs(steps: Sequence[str]) -> List[Tuple[int, int]]:
    """``(first, last)`` step numbers of each run of steps that make one sentence: a step ending in a
    comma ("张贴公示栏，") goes on in the next one."""
    runs: List[Tuple[int, int]] = []
    first = 1
    for number, step in enumerate(steps, start=1):
        if not step.rstrip().endswith(("，", ",", "、")) or number == len(steps):
            runs.append((first, number))
            first = number + 1
    return runs


def method_entries(scenarios: Sequence[Scenario]) -> List[Entry]:
    """One entry per sentence of each scenario's method (a step, or a list spread over several steps),
    headed by the scenario's title and question."""
    return [
        Entry(
            id=f"guide-{scenario.id:02d}-{first}",
            kind=METHOD_STEP,
            text="".join(scenario.steps[first - 1 : last]),
            heading=f"{scenario.title}。{scenario.question}",
            label=step_label(scenario, first, last),
            scenario_id=scenario.id,
        )
        for scenario in scenarios
        for first, last in step_runs(scenario.steps)
    ]


def passage_entries(passages: Sequence[Passage]) -> List[Entry]:
    """One entry per policy passage, labelled by its citation and headed by its section and, when the
    passage before it in that section is a short line ("三是清正廉洁。"), by that line too."""
    entries = []
    for previous, passage in zip((None, *passages), passages):
        heading = passage.section
        if (
            previous
            and (previous.document, previous.section) == (passage.document, passage.section)
            and len(previous.text) <= SUBHEADING_LENGTH
        ):
            heading = f"{heading}。{previous.text}"
        entries.append(
            Entry(
                id=passage.id, kind=PASSAGE, text=passage.text, heading=heading, label=passage.citation, passage=passage
            )
        )
    return entries
