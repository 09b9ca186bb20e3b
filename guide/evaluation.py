"""Figures for `make eval`: scenario recognition on labelled questions, per question style, and
policy hit@3.

Plain functions over predictions, so any classifier (the Rasa model, BM25) is scored the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import yaml

from guide.boundaries import EMERGENCY, EmergencyVerdict, likely_boundary
from guide.boundaries import KINDS as BOUNDARY_KINDS
from guide.passages import Passage
from guide.protocol import EMERGENCY_REPORT, ParseResult
from guide.scenarios import field_guide, scenario_id_from_intent, scenario_intent
from guide.search import Hit

OUT_OF_SCOPE = 0
OUT_OF_SCOPE_STYLE = "oos"
NO_STYLE = "-"


class QuestionFileError(ValueError):
    """A line of a question file is not ``label<TAB>question`` or ``label<TAB>style<TAB>question``."""


@dataclass(frozen=True)
class SecondReading:
    """An independent judge's reading of an in-scope question, made without the writer's label or any
    prediction: the scenario that answers it best and every scenario whose method properly answers it."""

    best: int
    acceptable: Tuple[int, ...]

    def accepts(self, scenario: Optional[int]) -> bool:
        return scenario is not None and scenario in self.acceptable


@dataclass(frozen=True)
class LabelledQuestion:
    """A question with the scenario it asks (0 = out of scope) and the style it is written in; an
    out-of-scope question may name the boundary kind it is (emergency, police_procedure, other_body)."""

    scenario: int
    style: str
    text: str
    boundary: Optional[str] = None
    second_reading: Optional[SecondReading] = None  # an independent judge's reading, when the set has one


def read_labelled_lines(path: Path) -> List[Tuple[str, str]]:
    """``(label, question)`` pairs of a TSV file; ``#`` comments and blank lines skipped."""
    pairs: List[Tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        label, tab, question = line.partition("\t")
        if not tab or not label.strip() or not question.strip():
            raise QuestionFileError(f"{path}:{number}: expected 'label<TAB>question', got {line!r}")
        pairs.append((label.strip(), question.strip(" \r")))  # a tab after the label starts an empty column
    return pairs


SECOND_READING_HEADER = ["question", "best", "acceptable"]


def judged_beside(path: Path) -> Path:
    """Where the judgements of a question set live: ``x.judged.tsv`` beside ``x.tsv`` (a second reading
    of a scenario set, the judged results of a look-up set)."""
    return path.with_name(f"{path.stem}.judged.tsv")


def read_second_readings(path: Path) -> Dict[str, SecondReading]:
    """``{question: reading}`` of a ``question<TAB>best<TAB>acceptable`` file (that header first, acceptable
    comma-separated); the best scenario is always acceptable. A question read twice is an error."""
    known = set(field_guide().scenarios)
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != SECOND_READING_HEADER:
        raise QuestionFileError(f"{path}:1: expected the header {'<TAB>'.join(SECOND_READING_HEADER)!r}")
    readings: Dict[str, SecondReading] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        question, best, acceptable = (line.split("\t") + ["", ""])[:3]
        scenarios = [part.strip() for part in [best, *acceptable.split(",")] if part.strip()]
        valid = best.strip().isdigit() and all(part.isdigit() and int(part) in known for part in scenarios)
        if not question.strip() or not valid:
            raise QuestionFileError(f"{path}:{number}: expected 'question<TAB>best<TAB>acceptable', got {line!r}")
        if question.strip() in readings:
            raise QuestionFileError(f"{path}:{number}: {question.strip()!r} is read twice")
        readings[question.strip()] = SecondReading(int(best), tuple(dict.fromkeys(int(part) for part in scenarios)))
    return readings


def read_scenario_questions(path: Path) -> List[LabelledQuestion]:
    """The questions of a ``label<TAB>[style<TAB>]question`` file: the label is a scenario number, 0 for
    out of scope, or a boundary kind (``emergency``, ``police_procedure``, ``other_body``). When a second
    reading is beside the file (:func:`judged_beside`), each in-scope question carries its own; a reading of
    a question the set does not hold in scope is an error (a typo would silently shrink the judged count)."""
    known = set(field_guide().scenarios) | {OUT_OF_SCOPE}
    judged = judged_beside(path)
    readings = read_second_readings(judged) if judged.exists() else {}
    questions = []
    for label, rest in read_labelled_lines(path):
        style, tab, text = rest.partition("\t")
        boundary = label if label in BOUNDARY_KINDS else None
        if not tab:
            style, text = (OUT_OF_SCOPE_STYLE if label == "0" or boundary else NO_STYLE), rest
        if not boundary and (not label.isdigit() or int(label) not in known):
            raise QuestionFileError(f"{path}: unknown scenario {label!r} for {rest!r}")
        if not style.strip() or not text.strip():
            raise QuestionFileError(f"{path}: empty style or question in {rest!r}")
        scenario = OUT_OF_SCOPE if boundary else int(label)
        reading = readings.get(text.strip()) if scenario != OUT_OF_SCOPE else None
        questions.append(LabelledQuestion(scenario, style.strip(), text.strip(), boundary, reading))
    unread = set(readings) - {question.text for question in questions if question.second_reading}
    if unread:
        raise QuestionFileError(
            f"{judged}: readings of questions {path.name} does not hold in scope: {sorted(unread)[:3]}"
        )
    return questions


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
    emergency: EmergencyVerdict = EmergencyVerdict((), False, 0.0)

    @property
    def reply_kind(self) -> str:
        """What the assistant answers with: the final intent, or, when unsure, the boundary kind the
        unsure reply leads with (police procedure, another body: its reply, then the closest scenarios)."""
        if self.final_intent == "nlu_fallback":
            return likely_boundary(self.ranking) or self.final_intent
        return self.final_intent

    def with_fallback(self, threshold: float, ambiguity: float) -> "Prediction":
        """This prediction as a FallbackClassifier with these thresholds would leave it."""
        if not self.ranking:
            return Prediction((), "nlu_fallback", 0.0, ())
        top = self.scores[0] if self.scores else 0.0
        second = self.scores[1] if len(self.scores) > 1 else 0.0
        unsure = top < threshold or top - second < ambiguity
        return Prediction(self.ranking, "nlu_fallback" if unsure else self.ranking[0], top, self.scores, self.emergency)


@dataclass
class Tally:
    """Counts over the questions of one style (or all in-scope ones)."""

    questions: int = 0
    top1: int = 0
    top3: int = 0
    answered: int = 0
    answered_wrong: int = 0
    declined: int = 0
    judged: int = 0  # questions with a second reading; the three counts below are over these
    judge_agrees: int = 0  # the judge's best scenario is the writer's label
    top1_acceptable: int = 0  # the first of the ranking is the writer's label or acceptable to the judge
    answered_unacceptable: int = 0  # answered with a scenario neither the writer nor the judge gave

    def share(self, count: int) -> float:
        return count / self.questions if self.questions else 0.0

    def add(self, other: "Tally") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class BoundaryTally:
    """Counts over the questions of one boundary kind."""

    questions: int = 0
    right_kind: int = 0  # answered with this kind's fixed reply
    declined: int = 0  # answered with no visit method (any boundary reply, out of scope, did-you-mean)
    visit_method: int = 0  # answered with one of the 30 visit methods

    def share(self, count: int) -> float:
        return count / self.questions if self.questions else 0.0


@dataclass
class ScenarioReport:
    """Scenario-recognition figures over a labelled question set, by question style, and for each
    boundary kind it holds."""

    styles: Dict[str, Tally] = field(default_factory=dict)
    out_of_scope: Tally = field(default_factory=Tally)
    boundaries: Dict[str, BoundaryTally] = field(default_factory=dict)
    in_scope_to_boundary: Dict[str, int] = field(default_factory=dict)  # in-scope questions given a boundary reply
    misses: List[str] = field(default_factory=list)

    @property
    def in_scope(self) -> Tally:
        """All in-scope questions together."""
        total = Tally()
        for tally in self.styles.values():
            total.add(tally)
        return total

    def lines(self) -> List[str]:
        """The report as a printable table: one row per style, then all in scope, then out of scope."""
        rows = [f"{'style':<11}{'n':>5}{'top-1':>8}{'top-3':>8}{'answered':>10}{'wrong':>8}"]
        for name, tally in [*sorted(self.styles.items()), ("ALL", self.in_scope)]:
            rows.append(
                f"{name:<11}{tally.questions:>5}{tally.share(tally.top1):>8.3f}{tally.share(tally.top3):>8.3f}"
                f"{tally.share(tally.answered):>10.3f}{tally.share(tally.answered_wrong):>8.3f}"
            )
        rows.extend(self.second_reading_lines())
        oos = self.out_of_scope
        rows.append(f"out of scope: {oos.questions} questions, declined {oos.share(oos.declined):.3f}")
        if self.boundaries:
            rows.append(f"{'boundary':<18}{'n':>5}{'right kind':>12}{'declined':>10}{'visit method':>14}")
            for kind, boundary in sorted(self.boundaries.items(), key=lambda item: BOUNDARY_KINDS.index(item[0])):
                rows.append(
                    f"{kind:<18}{boundary.questions:>5}{boundary.share(boundary.right_kind):>12.3f}"
                    f"{boundary.share(boundary.declined):>10.3f}{boundary.visit_method:>14}"
                )
        emergencies = self.boundaries.get(EMERGENCY)
        if emergencies:
            rows.append(
                f"EMERGENCY RECALL {emergencies.share(emergencies.right_kind):.3f} "
                f"({emergencies.right_kind}/{emergencies.questions}); emergencies given a visit method: "
                f"{emergencies.visit_method}"
            )
        if self.in_scope_to_boundary or self.boundaries:
            swallowed = (
                ", ".join(f"{kind} {count}" for kind, count in sorted(self.in_scope_to_boundary.items())) or "none"
            )
            rows.append(f"in-scope questions given a boundary reply: {swallowed}")
        return rows

    def second_reading_lines(self) -> List[str]:
        """The same questions scored against the writer's label or the judge's acceptable scenarios (none
        when the set has no second reading)."""
        every = [*sorted(self.styles.items()), ("ALL", self.in_scope)]
        judged = [(name, tally) for name, tally in every if tally.judged]
        if not judged:
            return []
        rows = [
            "second reading (an independent judge): right = the writer's label or a scenario the judge accepts",
            f"{'style':<11}{'judged':>7}{'judge=writer':>14}{'top-1 right':>13}{'answered wrongly':>18}",
        ]
        for name, tally in judged:
            rows.append(
                f"{name:<11}{tally.judged:>7}{tally.judge_agrees / tally.judged:>14.3f}"
                f"{tally.top1_acceptable / tally.judged:>13.3f}{tally.answered_unacceptable / tally.judged:>18.3f}"
            )
        return rows


def expected_intent(scenario: int) -> str:
    return "out_of_scope" if scenario == OUT_OF_SCOPE else scenario_intent(scenario)


def score_scenarios(questions: Sequence[LabelledQuestion], predict: Callable[[str], Prediction]) -> ScenarioReport:
    """Score ``predict`` on labelled questions.

    In scope: top-1/top-3 compare the ranking with the expected scenario; "answered" means the
    final intent is a scenario (not fallback). Out of scope: "declined" means no scenario was
    answered: the question was declined (``out_of_scope``), went to did-you-mean, or got a general
    reply (a greeting answered with a greeting). A boundary question counts for its kind: the right
    kind's reply, declined (no visit method), or a visit method given.
    """
    report = ScenarioReport()
    for question in questions:
        prediction = predict(question.text)
        answered_scenario = scenario_id_from_intent(prediction.final_intent)
        if question.boundary:
            kind = report.boundaries.setdefault(question.boundary, BoundaryTally())
            kind.questions += 1
            kind.right_kind += prediction.reply_kind == question.boundary
            kind.declined += answered_scenario is None
            kind.visit_method += answered_scenario is not None
            if prediction.reply_kind != question.boundary:
                report.misses.append(
                    f"{question.boundary} {question.style:<9} {question.text}  -> "
                    f"{prediction.final_intent} ({prediction.confidence:.2f})"
                )
            continue
        if question.scenario == OUT_OF_SCOPE:
            report.out_of_scope.questions += 1
            if answered_scenario is None:
                report.out_of_scope.declined += 1
            else:
                report.misses.append(
                    f" 0 {OUT_OF_SCOPE_STYLE:<9} {question.text}  "
                    f"-> {prediction.final_intent} ({prediction.confidence:.2f})"
                )
            continue
        expected = expected_intent(question.scenario)
        tally = report.styles.setdefault(question.style, Tally())
        tally.questions += 1
        tally.top1 += prediction.ranking[:1] == (expected,)
        tally.top3 += expected in prediction.ranking[:3]
        if answered_scenario is not None:
            tally.answered += 1
            tally.answered_wrong += answered_scenario != question.scenario
        reading = question.second_reading
        if reading is not None:
            first = scenario_id_from_intent(prediction.ranking[0]) if prediction.ranking else None
            tally.judged += 1
            tally.judge_agrees += reading.best == question.scenario
            tally.top1_acceptable += first == question.scenario or reading.accepts(first)
            tally.answered_unacceptable += answered_scenario is not None and not (
                answered_scenario == question.scenario or reading.accepts(answered_scenario)
            )
        if prediction.reply_kind in BOUNDARY_KINDS:
            report.in_scope_to_boundary[prediction.reply_kind] = (
                report.in_scope_to_boundary.get(prediction.reply_kind, 0) + 1
            )
        if prediction.final_intent != expected:
            report.misses.append(
                f"{question.scenario:>2} {question.style:<9} {question.text}  -> {prediction.final_intent} "
                f"({prediction.confidence:.2f}); ranking {', '.join(prediction.ranking[:3])}"
            )
    return report


def coverage_lines(
    questions: Sequence[LabelledQuestion], raw: Sequence[Prediction], thresholds: Sequence[float], ambiguity: float
) -> List[str]:
    """Answered vs answered wrongly (in scope) and declined (out of scope) at each threshold."""
    rows = [f"{'threshold':<11}{'answered':>10}{'wrong':>8}{'oos declined':>14}   (ambiguity {ambiguity})"]
    by_text = dict(zip((q.text for q in questions), raw))
    for threshold in thresholds:

        def at_threshold(text: str, at: float = threshold) -> Prediction:
            return by_text[text].with_fallback(at, ambiguity)

        report = score_scenarios(questions, at_threshold)
        tally, oos = report.in_scope, report.out_of_scope
        rows.append(
            f"{threshold:<11}{tally.share(tally.answered):>10.3f}{tally.share(tally.answered_wrong):>8.3f}"
            f"{oos.share(oos.declined):>14.3f}"
        )
    return rows


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
            misses.append(
                f"{question}  (expected “{expected}”; got {', '.join(h.item.id for h in found) or 'nothing'})"
            )
    return (hits / len(questions) if questions else 0.0), misses


def prediction_from_parse(result: Dict[str, Any]) -> Prediction:
    """A :class:`Prediction` from a Rasa parse result (``intent`` and ``intent_ranking``)."""
    parsed = ParseResult.from_rasa(result)
    return Prediction(
        ranking=tuple(name for name, _ in parsed.ranking),
        final_intent=parsed.intent,
        confidence=parsed.confidence,
        scores=tuple(confidence for _, confidence in parsed.ranking),
        emergency=EmergencyVerdict.from_report(result.get(EMERGENCY_REPORT)),
    )


EMERGENCY_DETECTORS: Dict[str, Callable[[EmergencyVerdict], bool]] = {
    "reviewed signals only": lambda verdict: bool(verdict.signs),
    "classifier only": lambda verdict: verdict.classifier_first,
    "signals or classifier": lambda verdict: bool(verdict.signs) or verdict.classifier_first,
    "+ supported danger words": lambda verdict: verdict.is_emergency,
}


def emergency_detection_lines(questions: Sequence[LabelledQuestion], predictions: Sequence[Prediction]) -> List[str]:
    """How each way of detecting a possible emergency does: recall on the emergencies, and false alarms
    on the in-scope visit questions and on the other boundary kinds."""
    pairs = list(zip(questions, predictions))
    emergencies = [p for q, p in pairs if q.boundary == EMERGENCY]
    visits = [p for q, p in pairs if q.scenario != OUT_OF_SCOPE]
    others = [p for q, p in pairs if q.boundary and q.boundary != EMERGENCY]
    rows = [f"{'detector':<24}{'recall':>8}{'visit false alarms':>20}{'other-kind false alarms':>25}"]
    for name, detects in EMERGENCY_DETECTORS.items():
        found = sum(detects(p.emergency) for p in emergencies)
        rows.append(
            f"{name:<24}{found / len(emergencies) if emergencies else 0.0:>8.3f}"
            f"{sum(detects(p.emergency) for p in visits):>14}/{len(visits):<5}"
            f"{sum(detects(p.emergency) for p in others):>19}/{len(others):<5}"
        )
    return rows


@dataclass(frozen=True)
class ScenarioJudgement:
    """A judge's reading of the corpus for one scenario: quotes of passages that clearly support its
    method (``acceptable``) and of general working principles that fit it (``principle``)."""

    acceptable: Tuple[str, ...]
    principle: Tuple[str, ...]

    def grade(self, passage: Passage) -> int:
        """2 = clearly supports the method, 1 = fitting principle, 0 = not accepted by the judge."""
        if any(quote in passage.text for quote in self.acceptable):
            return 2
        return 1 if any(quote in passage.text for quote in self.principle) else 0


@dataclass(frozen=True)
class PolicyJudgements:
    """A judged set: per scenario what is acceptable, and free questions with acceptable passages."""

    scenarios: Dict[int, ScenarioJudgement]
    questions: Tuple[Tuple[str, Tuple[str, ...]], ...]
    unanswerable: Tuple[str, ...] = ()  # questions the corpus does not answer: nothing should be shown


def read_policy_judgements(path: Path) -> PolicyJudgements:
    """Read a judged set (YAML: ``scenarios`` with acceptable/principle quotes, ``questions``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    scenarios = {
        int(entry["scenario"]): ScenarioJudgement(
            tuple(entry.get("acceptable") or ()), tuple(entry.get("principle") or ())
        )
        for entry in data.get("scenarios") or []
    }
    questions = tuple((entry["question"], tuple(entry["acceptable"])) for entry in data.get("questions") or [])
    return PolicyJudgements(scenarios, questions, tuple(data.get("unanswerable") or ()))


def score_policy_basis(
    judgements: PolicyJudgements, shown: Callable[[int], Tuple[Sequence[Passage], bool]]
) -> List[str]:
    """Figures of the passages shown for each judged scenario.

    ``shown(scenario)`` gives the passages in order and whether the answer says they are only
    principle-level. A first passage counts as acceptable when the judge accepts it as clearly
    supporting the method, or when the answer says it is principle-level and the judge accepts it
    as a fitting principle.
    """
    first_ok, first_specific, honest_principle, total, accepted, off_topic, repeated = 0, 0, 0, 0, 0, [], 0
    for scenario, judgement in sorted(judgements.scenarios.items()):
        passages, principle_only = shown(scenario)
        grades = [judgement.grade(passage) for passage in passages]
        if grades:
            first_specific += grades[0] == 2
            honest_principle += principle_only and grades[0] == 1
            first_ok += grades[0] == 2 or (principle_only and grades[0] == 1)
        total += len(grades)
        accepted += sum(grade > 0 for grade in grades)
        off_topic += [
            f"{scenario}: {passage.id} {passage.text[:30]}…" for passage, grade in zip(passages, grades) if grade == 0
        ]
        repeated += len(passages) - len({passage.text for passage in passages})
    count = len(judgements.scenarios)
    return [
        f"scenarios whose first passage is acceptable: {first_ok}/{count} "
        f"({first_specific} clearly supporting, {honest_principle} marked principle-level)",
        f"acceptable passages among those shown:       {accepted}/{total}",
        f"passages shown that the judge did not accept: {len(off_topic)}"
        + "".join(f"\n    {line}" for line in off_topic),
        f"passages repeated within one answer:          {repeated}",
    ]


def score_judged_questions(
    judgements: PolicyJudgements, search: Callable[[str], List[Hit[Passage]]]
) -> Tuple[float, List[str]]:
    """hit@3 over the judged free questions: a hit when a top-3 passage is one the judge accepts.
    The misses include unanswerable questions for which something was shown."""
    hits, misses = 0, []
    for question in judgements.unanswerable:
        found = search(question)[:3]
        if found:
            misses.append(f"{question}  (unanswerable, but showed {', '.join(h.item.id for h in found)})")
    for question, acceptable in judgements.questions:
        found = search(question)[:3]
        if any(quote in hit.item.text for hit in found for quote in acceptable):
            hits += 1
        else:
            misses.append(f"{question}  (got {', '.join(h.item.id for h in found) or 'nothing'})")
    return (hits / len(judgements.questions) if judgements.questions else 0.0), misses
