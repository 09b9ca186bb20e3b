"""Response bodies of the admin API and of ``/api/stats`` (pydantic v1): what each route answers, in the
OpenAPI document and checked on the way out. Built from the learning loop's records plus what only the
web needs (scenario titles, paths as the trainer sees them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Optional

from pydantic import Field

from api.schemas import ApiModel


class AccountResponse(ApiModel):
    name: str = Field(..., description="the signed-in trainer's account name")


class SignedOutResponse(ApiModel):
    signed_out: bool


class QueueCandidate(ApiModel):
    intent: str
    scenario: Optional[int] = Field(..., description="null for a general intent (out of scope, a boundary kind…)")
    confidence: float
    title: Optional[str] = Field(None, description="the scenario's title")


class QueueEntryBody(ApiModel):
    question: str
    scenario: Optional[int] = Field(..., description="the scenario it came closest to, if any")
    asked: int = Field(..., description="how often it was asked")
    conversations: int = Field(..., description="distinct conversations that asked it (not necessarily officers)")
    similar_conversations: int = Field(..., description="conversations that asked it or a similar question")
    kinds: Dict[str, int] = Field(..., description="how often it got each unanswered outcome")
    channels: List[str]
    first_asked: datetime
    last_asked: datetime
    candidates: List[QueueCandidate] = Field(..., description="its latest top intents")


class QueueGroupBody(ApiModel):
    boundary: Optional[str] = Field(..., description="emergency for the group of possible emergencies, else null")
    scenario: Optional[int]
    title: Optional[str] = Field(None, description="the scenario's title")
    asked: int
    entries: List[QueueEntryBody]


class QueueResponse(ApiModel):
    groups: List[QueueGroupBody]
    questions: int = Field(..., description="distinct questions in the queue")
    kinds: List[str] = Field(..., description="the unanswered outcomes a filter may name")


class DecisionRecord(ApiModel):
    id: int
    at: datetime
    actor: str
    question: str
    decision: str
    intent: Optional[str] = Field(..., description="the example's intent (null for a discard)")
    scenario: Optional[int] = Field(None, description="the scenario of the intent, if any")
    undone_at: Optional[datetime]
    undone_by: Optional[str]


class UndoneDecision(DecisionRecord):
    example_removed: bool = Field(..., description="whether the example left the reviewed file")


class DecisionsResponse(ApiModel):
    decisions: List[DecisionRecord]
    reviewed_examples: int
    reviewed_file: str


class WorseAnswer(ApiModel):
    set: str = Field(..., description="the evaluation set")
    question: str
    expected: str
    live: str = Field(..., description="the live model's answer")
    new: str = Field(..., description="the run's model's answer")


class TrainingRunBody(ApiModel):
    id: int
    started_at: datetime
    started_by: str
    state: str
    stage: str
    stage_started_at: datetime
    heartbeat_at: datetime
    finished_at: Optional[datetime]
    message: str
    examples: Optional[int] = Field(..., description="reviewed examples the run trained with")
    model_path: Optional[str]
    live_model_path: Optional[str]
    figures: Optional[Dict[str, Any]] = Field(..., description="per model (live, new) and evaluation set")
    durations: Dict[str, float] = Field(..., description="seconds per finished stage")
    progress: Optional[int] = Field(..., description="estimated percent of the running stage")
    elapsed_seconds: int
    refusals: List[str] = Field(..., description="why its model may not be promoted (empty: it may)")
    worse_answers: List[WorseAnswer]
    live: bool = Field(..., description="whether its model is the live one")


class LiveModelBody(ApiModel):
    path: str
    run_id: Optional[int]


class ModelChangeBody(ApiModel):
    id: int
    at: datetime
    actor: str
    action: str
    run_id: Optional[int]
    model_path: str
    previous_path: str
    previous_run_id: Optional[int]
    undone: bool


class FigureLabel(ApiModel):
    key: str
    label: str
    higher_is_better: bool


class TrainingResponse(ApiModel):
    live: LiveModelBody
    rollback_to: Optional[str] = Field(..., description="the model a rollback would load")
    runs: List[TrainingRunBody]
    changes: List[ModelChangeBody]
    reviewed_examples: int
    tolerance: float
    next_step: str
    figures: List[FigureLabel]


class RunStartedResponse(ApiModel):
    run_id: int


class LiveModelResponse(ApiModel):
    live: LiveModelBody


class DayFigures(ApiModel):
    date: str
    questions: int
    answered: int
    did_you_mean: int
    declined: int
    share_answered: Optional[float]
    helpful: int
    not_helpful: int


class ScenarioCount(ApiModel):
    scenario: Optional[int]
    count: int
    title: Optional[str] = None


class FeedbackFigures(ApiModel):
    helpful: int
    not_helpful: int
    share_helpful: Optional[float]


class ChartsResponse(ApiModel):
    days: List[DayFigures]
    top_scenarios: List[ScenarioCount]
    feedback: FeedbackFigures


class AuditEntryBody(ApiModel):
    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    address: str
    detail: Dict[str, Any]


class AuditResponse(ApiModel):
    entries: List[AuditEntryBody]


class DayCount(ApiModel):
    date: str
    questions: int
    answered: int


class UnansweredCount(ApiModel):
    text: str
    kind: str
    count: int


class StatsResponse(ApiModel):
    days: int
    questions: int
    share_answered: Optional[float]
    per_day: List[DayCount]
    top_scenarios: List[ScenarioCount]
    top_unanswered: List[UnansweredCount]
