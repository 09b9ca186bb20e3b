"""The learning loop's record: every question an officer typed, what the assistant did with it,
and its top candidates. Unanswered ones (fallback, out of scope, "not helpful") are reviewed and
exported as training examples (scripts/review_unanswered.py)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa

from api.db import as_utc
from api.schema import ensure_schema
from api.tables import question_log
from guide import protocol
from guide.boundaries import EMERGENCY, OTHER_BODY, POLICE_PROCEDURE
from guide.protocol import ParseResult
from guide.scenarios import scenario_id_from_intent
from learning.calendar import StationCalendar


class QuestionKind(str, Enum):
    """How a logged question (or a turn, in the metrics) counts; the value is what the log stores."""

    ANSWERED = "answered"  # with a scenario's method
    POLICY = "policy"  # a look-up or a policy basis
    FALLBACK = "fallback"  # unsure: did-you-mean
    OUT_OF_SCOPE = "out_of_scope"  # declined
    UNHELPFUL = "unhelpful"  # a "没帮助" press, logged against the question it was pressed under
    EMERGENCY = EMERGENCY  # the boundary kinds: a fixed reply
    POLICE_PROCEDURE = POLICE_PROCEDURE
    OTHER_BODY = OTHER_BODY
    FOLLOW_UP = "follow_up"  # about the scenario just discussed
    OTHER = "other"  # greetings, thanks and the like
    BUTTON = "button"  # a button press (metrics only: presses are not logged as questions)

    def __str__(self) -> str:
        return self.value  # a metrics label or a message shows "fallback", never "QuestionKind.FALLBACK"


KINDS = {kind.value: kind for kind in QuestionKind}  # a stored value's kind
BOUNDARY_KINDS = (QuestionKind.EMERGENCY, QuestionKind.POLICE_PROCEDURE, QuestionKind.OTHER_BODY)
UNANSWERED_KINDS = (QuestionKind.FALLBACK, QuestionKind.OUT_OF_SCOPE, QuestionKind.UNHELPFUL, *BOUNDARY_KINDS)
ANSWERED_KINDS = (QuestionKind.ANSWERED, QuestionKind.POLICY)  # typed questions the assistant answered
# every typed question (not "没帮助" presses)
ASKED_KINDS = (*ANSWERED_KINDS, QuestionKind.FALLBACK, QuestionKind.OUT_OF_SCOPE, *BOUNDARY_KINDS)
CANDIDATES_KEPT = 3
Candidate = Dict[str, Any]  # {"intent", "scenario" (None for a general intent), "confidence"}


@dataclass(frozen=True)
class LoggedQuestion:
    """One logged question: when, where and from which conversation it came, how it counted, what
    scenario it was answered with (if any), its text, the top confidence and the top candidates."""

    id: int
    created_at: datetime
    channel: str
    sender_id: str
    kind: QuestionKind
    scenario: Optional[int]
    text: str
    confidence: Optional[float]
    candidates: List[Candidate]

    @classmethod
    def from_row(cls, row: Any, decoded: Optional[Dict[str, List[Candidate]]] = None) -> "LoggedQuestion":
        """The record of a row of :data:`RECORD_COLUMNS`; ``decoded`` remembers the
        candidates lists already read, as many questions share them."""
        number, created_at, channel, sender_id, kind, scenario, text, confidence, candidates = row
        known = decoded if decoded is not None else {}
        if candidates not in known:
            known[candidates] = json.loads(candidates or "[]")
        return cls(
            number, as_utc(created_at), channel, sender_id, KINDS[kind], scenario, text, confidence, known[candidates]
        )


GENERAL_KINDS = {
    protocol.NLU_FALLBACK: QuestionKind.FALLBACK,
    protocol.OUT_OF_SCOPE: QuestionKind.OUT_OF_SCOPE,
    protocol.POLICY_QUESTION: QuestionKind.POLICY,
    protocol.ASK_POLICY_BASIS: QuestionKind.POLICY,
    **{kind.value: kind for kind in BOUNDARY_KINDS},
    **{intent: QuestionKind.FOLLOW_UP for intent in protocol.FOLLOW_UP_INTENTS},
}


RECORD_COLUMNS = tuple(
    question_log.c[name]
    for name in ("id", "created_at", "channel", "sender_id", "kind", "scenario", "text", "confidence", "candidates")
)


def kind_of(intent: Optional[str]) -> QuestionKind:
    """How a turn's intent counts: answered (a scenario), fallback, out_of_scope, policy, a boundary kind
    (emergency, police_procedure, other_body), follow_up (about the scenario just discussed) or other."""
    if scenario_id_from_intent(intent) is not None:
        return QuestionKind.ANSWERED
    return GENERAL_KINDS.get(intent or "", QuestionKind.OTHER)


def candidates_of(parse: ParseResult) -> List[Candidate]:
    """The top intents of a parse result (fallback excluded), with scenario numbers."""
    return [
        {"intent": name, "scenario": scenario_id_from_intent(name), "confidence": round(confidence, 4)}
        for name, confidence in parse.ranking[:CANDIDATES_KEPT]
    ]


FEEDBACK_REACH = timedelta(hours=24)  # a feedback press refers to a question of at most this age


class QuestionLog:
    """Rows of ``question_log`` in the gateway's database."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        ensure_schema(engine)

    def record(
        self,
        channel: str,
        sender_id: str,
        kind: QuestionKind,
        text: str,
        scenario: Optional[int] = None,
        confidence: Optional[float] = None,
        candidates: Optional[List[Candidate]] = None,
    ) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                question_log.insert().values(
                    created_at=datetime.now(timezone.utc),
                    channel=channel,
                    sender_id=sender_id,
                    kind=QuestionKind(kind).value,  # an unknown kind is an error, never a row
                    scenario=scenario,
                    text=text,
                    confidence=confidence,
                    candidates=json.dumps(candidates or [], ensure_ascii=False),
                )
            )

    def rows(
        self, kinds: Optional[Tuple[QuestionKind, ...]] = None, since: Optional[datetime] = None
    ) -> List[LoggedQuestion]:
        """Logged questions, oldest first, optionally only some kinds or only since a time."""
        query = sa.select(*RECORD_COLUMNS).order_by(question_log.c.id)
        if kinds:
            query = query.where(question_log.c.kind.in_([kind.value for kind in kinds]))
        if since:
            query = query.where(question_log.c.created_at >= since)
        with self.engine.connect() as connection:
            decoded: Dict[str, List[Candidate]] = {}
            return [LoggedQuestion.from_row(row, decoded) for row in connection.execute(query)]

    def question_answered_with(
        self, channel: str, sender_id: str, scenario: Optional[int], within: timedelta = FEEDBACK_REACH
    ) -> Optional[str]:
        """The question a feedback press is about: this conversation's latest typed question answered with
        ``scenario`` (any typed question when the answer named none), within ``within``."""
        query = (
            sa.select(question_log.c.text)
            .where(
                question_log.c.created_at >= datetime.now(timezone.utc) - within,
                question_log.c.channel == channel,
                question_log.c.sender_id == sender_id,
                question_log.c.kind.in_(ASKED_KINDS),
            )
            .order_by(question_log.c.id.desc())
            .limit(1)
        )
        if scenario is not None:
            query = query.where(question_log.c.scenario == scenario)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def unanswered(self) -> List[LoggedQuestion]:
        return self.rows(kinds=UNANSWERED_KINDS)

    def stats(self, calendar: StationCalendar, days: int = 30, top: int = 10) -> Dict[str, Any]:
        """Questions per station day (the console's days: the last ``days`` of the station's calendar,
        today included), share answered, top scenarios and top unanswered texts."""
        since, _ = calendar.last_days(days)
        rows = [row for row in self.rows(since=since) if row.kind != QuestionKind.UNHELPFUL]
        per_day: Dict[str, Counter] = defaultdict(Counter)
        for row in rows:
            per_day[calendar.day_of(row.created_at)][row.kind] += 1
        questions = [row for row in rows if row.kind in ASKED_KINDS]
        answered = sum(1 for row in questions if row.kind in ANSWERED_KINDS)
        unanswered = Counter((row.text, row.kind.value) for row in self.rows(kinds=UNANSWERED_KINDS, since=since))
        return {
            "days": days,
            "questions": len(questions),
            "share_answered": round(answered / len(questions), 4) if questions else None,
            "per_day": [
                {
                    "date": day,
                    "questions": sum(c[k] for k in ASKED_KINDS),
                    "answered": sum(c[k] for k in ANSWERED_KINDS),
                }
                for day, c in sorted(per_day.items())
            ],
            "top_scenarios": [
                {"scenario": scenario, "count": count}
                for scenario, count in Counter(
                    row.scenario for row in rows if row.kind == QuestionKind.ANSWERED
                ).most_common(top)
            ],
            "top_unanswered": [
                {"text": text, "kind": kind, "count": count} for (text, kind), count in unanswered.most_common(top)
            ],
        }
