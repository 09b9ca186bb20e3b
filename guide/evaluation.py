"""Figures for `make eval`: scenario recognition on labelled questions and policy hit@3.

Plain functions over predictions, so any classifier (the Rasa model, BM25) is scored the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

from guide.passages import Passage
from guide.scenarios import scenario_id_from_intent
from guide.search import Hit

OUT_OF_SCOPE = 0
DECLINING_INTENTS = frozenset({"out_of_scope", "nlu_fallback"})


class QuestionFileError(ValueError):
    """A line of a question file is not ``label<TAB>question``."""


def read_labelled_lines(path: Path) -> List[Tuple[str, str]]:
    """``(label, question)`` pairs of a TSV file; ``#`` comments and blank lines skipped."""
    pairs: List[Tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        label, tab, question = line.partition("\t")
        if not tab or not label.strip() or not question.strip():
            raise QuestionFileError(f"{path}:{number}: expected 'label<TAB>question', got {line!r}")
        pairs.append((label.strip(), question.strip()))
    return pairs


def read_scenario_questions(path: Path) -> List[Tuple[int, str]]:
    """``(scenario, question)`` pairs; scenario 0 marks an out-of-scope question."""
    pairs = []
    for label, question in read_labelled_lines(path):
        if not label.isdigit() or not 0 <= int(label) <= 30:
            raise QuestionFileError(f"{path}: scenario must be 0..30, got {label!r} for {question!r}")
        pairs.append((int(label), question))
    return pairs


@dataclass(frozen=True)
class Prediction:
    """What a classifier said about one question.

    ``ranking`` holds intent names best first (fallback excluded); ``final_intent`` is what the
    assistant acts on (``nlu_fallback`` when it was unsure).
    """

    ranking: Tuple[str, ...]
    final_intent: str
    confidence: float = 0.0
    scores: Tuple[float, ...] = ()

    def with_fallback(self, threshold: float, ambiguity: float) -> "Prediction":
        """This prediction as a FallbackClassifier with these thresholds would leave it."""
        if not self.ranking:
            return Prediction((), "nlu_fallback", 0.0, ())
        top = self.scores[0] if self.scores else 0.0
        second = self.scores[1] if len(self.scores) > 1 else 0.0
        unsure = top < threshold or top - second < ambiguity
        return Prediction(self.ranking, "nlu_fallback" if unsure else self.ranking[0], top, self.scores)


@dataclass
class ScenarioReport:
    """Scenario-recognition figures over a labelled question set."""

    in_scope: int = 0
    out_of_scope: int = 0
    top1: int = 0
    top3: int = 0
    answered: int = 0
    answered_wrong: int = 0
    declined: int = 0
    misses: List[str] = field(default_factory=list)

    def share(self, count: int, total: int) -> float:
        return count / total if total else 0.0

    def lines(self) -> List[str]:
        """The report as printable lines."""
        return [
            f"in-scope questions:          {self.in_scope}",
            f"out-of-scope questions:      {self.out_of_scope}",
            f"top-1 accuracy:              {self.share(self.top1, self.in_scope):.3f}",
            f"top-3 accuracy:              {self.share(self.top3, self.in_scope):.3f}",
            f"in-scope answered:           {self.share(self.answered, self.in_scope):.3f}",
            f"in-scope answered wrongly:   {self.share(self.answered_wrong, self.in_scope):.3f}",
            f"out-of-scope declined:       {self.share(self.declined, self.out_of_scope):.3f}",
        ]


def expected_intent(scenario: int) -> str:
    return "out_of_scope" if scenario == OUT_OF_SCOPE else f"scenario_{scenario:02d}"


def score_scenarios(
    questions: Sequence[Tuple[int, str]], predict: Callable[[str], Prediction]
) -> ScenarioReport:
    """Score ``predict`` on labelled questions.

    In scope: top-1/top-3 compare the ranking with the expected scenario; "answered" means the
    final intent is a scenario (not fallback). Out of scope: "declined" means the final intent is
    ``out_of_scope`` or ``nlu_fallback``.
    """
    report = ScenarioReport()
    for scenario, question in questions:
        prediction = predict(question)
        expected = expected_intent(scenario)
        answered_scenario = scenario_id_from_intent(prediction.final_intent)
        if scenario == OUT_OF_SCOPE:
            report.out_of_scope += 1
            if prediction.final_intent in DECLINING_INTENTS:
                report.declined += 1
            else:
                report.misses.append(f"not declined  {question}  -> {prediction.final_intent} ({prediction.confidence:.2f})")
            continue
        report.in_scope += 1
        report.top1 += prediction.ranking[:1] == (expected,)
        report.top3 += expected in prediction.ranking[:3]
        if answered_scenario is not None:
            report.answered += 1
            if answered_scenario != scenario:
                report.answered_wrong += 1
        if prediction.final_intent != expected:
            report.misses.append(
                f"{scenario:>2} {question}  -> {prediction.final_intent} ({prediction.confidence:.2f}); "
                f"ranking {', '.join(prediction.ranking[:3])}"
            )
    return report


def score_policy(
    questions: Sequence[Tuple[str, str]], search: Callable[[str], List[Hit[Passage]]]
) -> Tuple[float, List[str]]:
    """hit@3 of ``search`` over ``(expected_text, question)`` pairs, and the misses."""
    hits, misses = 0, []
    for expected, question in questions:
        found = search(question)[:3]
        if any(expected in hit.item.text for hit in found):
            hits += 1
        else:
            misses.append(f"{question}  (expected “{expected}”; got {', '.join(h.item.id for h in found) or 'nothing'})")
    return (hits / len(questions) if questions else 0.0), misses



def prediction_from_parse(result: Dict[str, Any]) -> Prediction:
    """A :class:`Prediction` from a Rasa parse result (``intent`` and ``intent_ranking``)."""
    intent = result.get("intent") or {}
    entries = [entry for entry in result.get("intent_ranking") or [] if entry.get("name") != "nlu_fallback"]
    return Prediction(
        ranking=tuple(entry["name"] for entry in entries),
        final_intent=intent.get("name") or "",
        confidence=intent.get("confidence") or 0.0,
        scores=tuple(float(entry.get("confidence") or 0.0) for entry in entries),
    )
