"""The trainer's queue: typed questions the assistant did not answer well (sent to did-you-mean,
declined as out of scope, or marked "没帮助") or answered with a boundary reply (a possible emergency,
police procedure, another body's work), one entry per distinct question, grouped by the
scenario it came closest to, most frequent first; and the decisions taken on them (a scenario, out of
scope, or discarded), which take an entry out of the queue until they are undone."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

import sqlalchemy as sa

from api.db import record_of
from api.schema import ensure_schema
from api.tables import decisions_table
from guide.boundaries import EMERGENCY
from learning.question_log import UNANSWERED_KINDS, Candidate, LoggedQuestion, QuestionKind, QuestionLog
from learning.reviewed_examples import normalised
from learning.similar_questions import alike, shape


class Decision(str, Enum):
    """What a trainer decides about a question (the value is what the decisions table stores)."""

    SCENARIO = "scenario"  # an example of a scenario's intent
    OUT_OF_SCOPE = "out_of_scope"  # an example of the out_of_scope intent
    DISCARD = "discard"  # no example

    def __str__(self) -> str:
        return self.value


SIMILARITY = 0.5  # character-bigram Jaccard above which two questions count as "something similar"


def closest_scenario(row: LoggedQuestion) -> Optional[int]:
    """The scenario a logged question is closest to: the one marked unhelpful, else its best candidate."""
    if row.kind == QuestionKind.UNHELPFUL and row.scenario:
        return row.scenario
    return next((candidate["scenario"] for candidate in row.candidates if candidate.get("scenario")), None)


@dataclass(frozen=True)
class QueueFilter:
    since: Optional[datetime] = None
    until: Optional[datetime] = None
    channel: Optional[str] = None
    kind: Optional[str] = None
    search: Optional[str] = None

    def keeps(self, row: LoggedQuestion) -> bool:
        created = row.created_at
        return (
            (self.since is None or created >= self.since)
            and (self.until is None or created < self.until)
            and (self.channel is None or row.channel == self.channel)
            and (self.kind is None or row.kind == self.kind)
            and (not self.search or self.search.lower() in row.text.lower())
        )


@dataclass
class QueueEntry:
    """One distinct question of the queue: how often and in how many conversations (a browser, a WeCom or
    Telegram user: not necessarily distinct officers) it was asked, how it was answered, when and where,
    its latest top candidates, and how many conversations asked it or something similar."""

    question: str
    scenario: Optional[int]  # the scenario it came closest to
    asked: int
    conversations: int
    kinds: Dict[str, int]
    channels: List[str]
    first_asked: datetime
    last_asked: datetime
    candidates: List[Candidate]
    senders: FrozenSet[str] = frozenset()  # the conversations that asked it (counted, never shown)
    similar_conversations: int = 0


@dataclass(frozen=True)
class QueueGroup:
    """The entries closest to one scenario (or to none), or the possible emergencies."""

    boundary: Optional[str]  # EMERGENCY for the group of possible emergencies
    scenario: Optional[int]
    asked: int
    entries: List[QueueEntry]


def queue_entries(rows: Sequence[LoggedQuestion], decided: set) -> List[QueueEntry]:
    """One entry per distinct undecided question (typed text, not a button payload)."""
    by_question: Dict[str, List[LoggedQuestion]] = defaultdict(list)
    written: Dict[str, str] = {}  # each distinct text normalised once
    for row in rows:
        question = written.get(row.text)
        if question is None:
            question = written[row.text] = normalised(row.text)
        if question and not question.startswith("/") and question not in decided:
            by_question[question].append(row)
    entries = []
    for question, asked in by_question.items():
        closest = [scenario for scenario in map(closest_scenario, asked) if scenario is not None]
        entries.append(
            QueueEntry(
                question=question,
                scenario=closest[-1] if closest else None,
                asked=len(asked),
                conversations=len({row.sender_id for row in asked}),
                kinds=dict(Counter(row.kind.value for row in asked)),
                channels=sorted({row.channel for row in asked}),
                first_asked=min(row.created_at for row in asked),
                last_asked=max(row.created_at for row in asked),
                candidates=next((row.candidates for row in reversed(asked) if row.candidates), []),
                senders=frozenset(row.sender_id for row in asked),
            )
        )
    return entries


def with_similar_conversations(entries: List[QueueEntry]) -> None:
    """Count ``similar_conversations``: conversations that asked this question or a similar one (same
    closest scenario; compared at a bounded cost, ``learning/similar_questions.py``)."""
    by_scenario: Dict[Optional[int], List[QueueEntry]] = defaultdict(list)
    for entry in entries:
        by_scenario[entry.scenario].append(entry)
    for group in by_scenario.values():
        neighbours = alike([shape(entry.question) for entry in group], SIMILARITY)
        for entry, others in zip(group, neighbours):
            entry.similar_conversations = len(entry.senders.union(*(group[other].senders for other in others)))


def grouped(entries: List[QueueEntry]) -> List[QueueGroup]:
    """Entries by closest scenario: possible emergencies first in a group of their own (never among the
    declined), then the group with most questions asked (no scenario last), and in each group the most
    asked first."""
    groups: Dict[Tuple[bool, Optional[int]], List[QueueEntry]] = defaultdict(list)
    for entry in entries:
        emergency = EMERGENCY in entry.kinds
        groups[(emergency, None if emergency else entry.scenario)].append(entry)
    ordered = sorted(
        groups.items(),
        key=lambda item: (not item[0][0], item[0][1] is None, -sum(e.asked for e in item[1]), item[0][1] or 0),
    )
    return [
        QueueGroup(
            boundary=EMERGENCY if emergency else None,
            scenario=scenario,
            asked=sum(entry.asked for entry in items),
            entries=sorted(items, key=lambda e: (-e.asked, -e.similar_conversations, e.question)),
        )
        for (emergency, scenario), items in ordered
    ]


@dataclass(frozen=True)
class TeachingDecision:
    """A trainer's decision on a question: an example of ``intent`` (none for a discard), until undone."""

    id: int
    at: datetime
    actor: str
    question: str
    decision: Decision
    intent: Optional[str]
    undone_at: Optional[datetime]
    undone_by: Optional[str]


def _decision(row: Any) -> TeachingDecision:
    return record_of(TeachingDecision, row, decision=Decision(row.decision))


class TeachingDecisions:
    """Rows of ``teaching_decisions``."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        ensure_schema(engine)

    def decided_questions(self) -> set:
        """Questions with a decision in force."""
        query = sa.select(decisions_table.c.question).where(decisions_table.c.undone_at.is_(None))
        with self.engine.connect() as connection:
            return {row.question for row in connection.execute(query)}

    def record(self, actor: str, question: str, decision: Decision, intent: Optional[str]) -> int:
        with self.engine.begin() as connection:
            result = connection.execute(
                decisions_table.insert().values(
                    at=datetime.now(timezone.utc),
                    actor=actor,
                    question=question,
                    decision=Decision(decision).value,
                    intent=intent,
                )
            )
            return int(result.inserted_primary_key[0])

    def get(self, decision_id: int) -> Optional[TeachingDecision]:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(decisions_table).where(decisions_table.c.id == decision_id)).first()
        return _decision(row) if row is not None else None

    def in_force(self, question: str) -> Optional[TeachingDecision]:
        query = sa.select(decisions_table).where(
            decisions_table.c.question == question, decisions_table.c.undone_at.is_(None)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return _decision(row) if row is not None else None

    def delete(self, decision_id: int) -> None:
        """Remove a decision that could not be carried out."""
        with self.engine.begin() as connection:
            connection.execute(decisions_table.delete().where(decisions_table.c.id == decision_id))

    def undo(self, decision_id: int, actor: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                decisions_table.update()
                .where(decisions_table.c.id == decision_id)
                .values(undone_at=datetime.now(timezone.utc), undone_by=actor)
            )

    def recent(self, limit: int = 50) -> List[TeachingDecision]:
        """Decisions in force, newest first (what can be undone)."""
        query = (
            sa.select(decisions_table)
            .where(decisions_table.c.undone_at.is_(None))
            .order_by(decisions_table.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [_decision(row) for row in connection.execute(query)]


def build_queue(questions: QuestionLog, decisions: TeachingDecisions, where: QueueFilter) -> List[QueueGroup]:
    """The queue's groups for the filter."""
    rows = [row for row in questions.rows(kinds=UNANSWERED_KINDS, since=where.since) if where.keeps(row)]
    entries = queue_entries(rows, decisions.decided_questions())
    with_similar_conversations(entries)
    return grouped(entries)
