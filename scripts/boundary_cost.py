"""`make boundary-cost`: what the three boundary kinds cost the visit situations.

The issue on emergencies and police procedure allows the boundary to take at most one point from the
visit situations answered with a visit method. This trains the situation classifier twice on the same
examples with the settings of config.yml: as the assistant is, and without the boundary intents
(emergency, police procedure, other bodies). Each visit situation of each set is then answered as the
pipeline would: the emergency guard first (with the boundary only), then the fallback threshold and
ambiguity of config.yml. Prints, per set, the share answered with a visit method and how many of those
were the writer's scenario, with and without the boundary, and the boundary questions given a visit method.

    python -m scripts.boundary_cost tests/data/real_final7.tsv tests/data/blind_test.tsv
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from guide.boundaries import KINDS, emergency_verdict
from guide.evaluation import LabelledQuestion, Prediction, read_scenario_questions
from guide.nlu_data import read_nlu_examples
from guide.scenarios import scenario_id_from_intent
from guide.understanding import SituationModel
from rasa_runtime.pipeline_settings import Fallback, fallback_settings
from rasa_runtime.situation_classifier import SituationClassifier


def trained(texts: Sequence[str], labels: Sequence[str]) -> SituationModel:
    """The situation classifier config.yml trains, on these examples."""
    return SituationClassifier.as_configured().fit(list(texts), list(labels))


def visit_scenario(model: SituationModel, text: str, fallback: Fallback, guarded: bool) -> Optional[int]:
    """The visit scenario the pipeline answers ``text`` with, or ``None`` (emergency, unsure, another intent)."""
    ranking = model.rank(text)
    if guarded and emergency_verdict(text, ranking).is_emergency:
        return None
    names, scores = tuple(name for name, _ in ranking), tuple(score for _, score in ranking)
    answered = Prediction(names, names[0], scores[0], scores).with_fallback(fallback.threshold, fallback.ambiguity)
    return scenario_id_from_intent(answered.final_intent)


@dataclass
class Answers:
    """Visit situations answered with a visit method (and of those, the writer's), boundary questions given one."""

    visits: int = 0
    answered: int = 0
    right: int = 0
    boundary_questions: int = 0
    boundary_given_a_method: int = 0

    def add(self, question: LabelledQuestion, scenario: Optional[int]) -> None:
        if question.boundary:
            self.boundary_questions += 1
            self.boundary_given_a_method += scenario is not None
        elif question.scenario:
            self.visits += 1
            self.answered += scenario is not None
            self.right += scenario == question.scenario

    @property
    def answered_share(self) -> float:
        return self.answered / self.visits if self.visits else 0.0


def answers(model: SituationModel, questions: Sequence[LabelledQuestion], fallback: Fallback, guarded: bool) -> Answers:
    tally = Answers()
    for question in questions:
        tally.add(question, visit_scenario(model, question.text, fallback, guarded))
    return tally


@dataclass(frozen=True)
class Cost:
    """One set's visit answers with the boundary kinds and without them."""

    with_boundary: Answers
    without: Answers


def table(costs: Dict[str, Cost]) -> List[str]:
    rows = [
        "| set | visits | answered with a visit method: with the boundary | without | drop (points) "
        "| the writer's scenario: with / without | boundary questions given a visit method: with / without |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, cost in costs.items():
        with_, without = cost.with_boundary, cost.without
        rows.append(
            f"| {name} | {with_.visits} | {with_.answered_share:.3f} | {without.answered_share:.3f} "
            f"| {100 * (without.answered_share - with_.answered_share):.1f} | {with_.right} / {without.right} "
            f"| {with_.boundary_given_a_method} / {without.boundary_given_a_method} of {with_.boundary_questions} |"
        )
    return rows


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, nargs="+", help="label<TAB>style<TAB>question files")
    args = parser.parse_args(argv)
    sets = {path.name: read_scenario_questions(path) for path in args.questions}
    texts, labels = read_nlu_examples()
    kept = [index for index, label in enumerate(labels) if label not in KINDS]
    print("training with and without the boundary intents …", file=sys.stderr)
    with_boundary = trained(texts, labels)
    without_boundary = trained([texts[i] for i in kept], [labels[i] for i in kept])
    fallback = fallback_settings()
    costs = {
        name: Cost(
            answers(with_boundary, questions, fallback, guarded=True),
            answers(without_boundary, questions, fallback, guarded=False),
        )
        for name, questions in sets.items()
    }
    print("\n".join(table(costs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
