"""Scoring the free look-up on a blind judged set (tests/data/lookup_*.tsv).

Each answerable question carries a verbatim quote of the text that answers it; a shown entry answers
when it holds the quote (punctuation and spaces aside) or most of it (a quote may run across two
passages). Unanswerable questions (kind ``none``) are right when nothing is shown. A judgements file
(one row per question and shown entry: answers / related / beside) gives the share of shown
results that are beside the point.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, List, Sequence, Tuple

from guide.text import bare
from guide.tokens import character_trigrams

if TYPE_CHECKING:  # the look-up itself is heavy (jieba, the classifier): reading a set needs none of it
    from guide.lookup import Finding, LookupAnswer

UNANSWERABLE = "none"
QUOTE_SHARE = 0.6  # share of the quote's character trigrams an entry must hold when it lacks the whole quote
JUDGEMENTS = ("answers", "related", "beside")


class LookupFileError(ValueError):
    """A look-up question or judgement file is malformed."""


@dataclass(frozen=True)
class LookupQuestion:
    """One question of a judged look-up set."""

    id: str
    kind: str
    question: str
    answer_quote: str

    @property
    def answerable(self) -> bool:
        return self.kind != UNANSWERABLE


def read_lookup_questions(path: Path) -> List[LookupQuestion]:
    """The questions of a TSV with a header: id, kind, question, source_file, answer_quote."""
    with path.open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    questions = []
    for number, row in enumerate(rows, start=2):
        if not row.get("id") or not row.get("question") or not row.get("kind"):
            raise LookupFileError(f"{path}:{number}: id, kind and question are needed")
        quote = (row.get("answer_quote") or "").strip()
        if row["kind"] != UNANSWERABLE and not quote:
            raise LookupFileError(f"{path}:{number}: an answerable question needs its answer quote")
        questions.append(LookupQuestion(row["id"], row["kind"], row["question"].strip(), quote))
    return questions


def answers(finding: Finding, quote: str) -> bool:
    """Whether the shown entry holds the answer quote, whole or mostly."""
    text, wanted = bare(finding.text), bare(quote)
    if wanted and wanted in text:
        return True
    trigrams = character_trigrams(wanted)
    return bool(trigrams) and len(trigrams & character_trigrams(text)) >= QUOTE_SHARE * len(trigrams)


@dataclass
class LookupReport:
    """Figures of the look-up on one set, and the questions it missed."""

    answerable: int = 0
    hits_at_1: int = 0
    hits_at_3: int = 0
    reciprocal_ranks: float = 0.0
    answered: int = 0  # answerable questions that got something shown
    unanswerable: int = 0
    declined: int = 0
    by_kind: Dict[str, Tuple[int, int]] = field(default_factory=dict)  # kind -> (hits@3, questions)
    misses: List[str] = field(default_factory=list)

    def lines(self) -> List[str]:
        ratio = lambda part, whole: f"{part / whole:.3f}" if whole else "n/a"  # noqa: E731
        lines = [
            f"answerable questions: {self.answerable}",
            f"hit@1: {ratio(self.hits_at_1, self.answerable)}  hit@3: {ratio(self.hits_at_3, self.answerable)}  "
            f"MRR: {ratio(self.reciprocal_ranks, self.answerable)}  "
            f"something shown: {ratio(self.answered, self.answerable)}",
            f"unanswerable questions: {self.unanswerable}, declined: {ratio(self.declined, self.unanswerable)}",
        ]
        lines += [f"  {kind}: hit@3 {hits}/{total}" for kind, (hits, total) in sorted(self.by_kind.items())]
        return lines


def score_lookup(
    questions: Sequence[LookupQuestion], look_up: Callable[[str], LookupAnswer], k: int = 3
) -> LookupReport:
    """hit@1, hit@3 and MRR over the answerable questions; the share of the others declined."""
    report = LookupReport()
    for question in questions:
        shown = look_up(question.question).findings[:k]
        if not question.answerable:
            report.unanswerable += 1
            report.declined += not shown
            if shown:
                report.misses.append(
                    f"{question.id} shown for an unanswerable question: {question.question} -> "
                    f"{shown[0].entry.label}: {shown[0].lead[:40]}"
                )
            continue
        report.answerable += 1
        report.answered += bool(shown)
        rank = next(
            (position for position, finding in enumerate(shown, start=1) if answers(finding, question.answer_quote)),
            None,
        )
        hits, total = report.by_kind.get(question.kind, (0, 0))
        report.by_kind[question.kind] = (hits + (rank is not None), total + 1)
        if rank is None:
            first = f"{shown[0].entry.label}: {shown[0].lead[:40]}" if shown else "nothing shown"
            report.misses.append(f"{question.id} [{question.kind}] {question.question} -> {first}")
            continue
        report.hits_at_1 += rank == 1
        report.hits_at_3 += 1
        report.reciprocal_ranks += 1 / rank
    return report


Judgements = Dict[Tuple[str, str], str]  # (question id, entry id) -> answers / related / beside


def read_judgements(path: Path) -> Judgements:
    """Judgements of shown entries: a TSV with a header: id, entry, judgement."""
    with path.open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    judged: Judgements = {}
    for number, row in enumerate(rows, start=2):
        if row.get("judgement") not in JUDGEMENTS:
            raise LookupFileError(f"{path}:{number}: judgement must be one of {JUDGEMENTS}")
        judged[(row["id"], row["entry"])] = row["judgement"]
    return judged


def judged_lines(
    questions: Sequence[LookupQuestion], look_up: Callable[[str], LookupAnswer], judged: Judgements, k: int = 3
) -> List[str]:
    """How the shown entries were judged; entries shown now that nobody judged are counted apart."""
    counts = {judgement: 0 for judgement in JUDGEMENTS}
    unjudged: List[str] = []
    first_answers = any_answers = answerable = 0
    for question in questions:
        verdicts = []
        for finding in look_up(question.question).findings[:k]:
            judgement = judged.get((question.id, finding.entry.id))
            verdicts.append(judgement)
            if judgement is None:
                unjudged.append(f"{question.id}\t{finding.entry.id}")
            else:
                counts[judgement] += 1
        if question.answerable:
            answerable += 1
            first_answers += bool(verdicts) and verdicts[0] == "answers"
            any_answers += "answers" in verdicts
    shown = sum(counts.values())
    share = lambda part, whole: f"{part / whole:.3f}" if whole else "n/a"  # noqa: E731
    return [
        f"judged results shown: {shown} (answers {share(counts['answers'], shown)}, related "
        f"{share(counts['related'], shown)}, beside the point {share(counts['beside'], shown)})",
        f"answerable questions whose first result answers: {share(first_answers, answerable)}, "
        f"one of the first {k}: {share(any_answers, answerable)}",
        f"shown but not judged: {len(unjudged)}",
    ]


def shown_rows(
    questions: Sequence[LookupQuestion], look_up: Callable[[str], LookupAnswer], k: int = 3
) -> List[Dict[str, str]]:
    """Every shown entry of every question, for a judge to read: question, entry, label, lead, text."""
    return [
        {
            "id": question.id,
            "question": question.question,
            "entry": finding.entry.id,
            "label": finding.entry.label,
            "lead": finding.lead,
            "text": finding.text,
        }
        for question in questions
        for finding in look_up(question.question).findings[:k]
    ]
