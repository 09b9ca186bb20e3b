"""Request and response bodies of the HTTP API (pydantic v1)."""
from __future__ import annotations

from typing import List, Optional

from pydantic import BaseModel, Field, StrictBool, StrictStr, conint, validator

from guide.scenarios import field_guide

MAX_MESSAGE_CHARS = 1000


class Button(BaseModel):
    title: str
    payload: str
    kind: Optional[str] = Field(None, description='"feedback" for 有帮助 / 没帮助 (the page disables the pair once used)')


class Message(BaseModel):
    text: str
    buttons: List[Button] = []


class ScenarioRef(BaseModel):
    id: int
    title: str


def storable(value: str) -> str:
    """Refuses text no database or UTF-8 encoder accepts: NUL characters and lone surrogates."""
    if "\x00" in value or any("\ud800" <= char <= "\udfff" for char in value):
        raise ValueError("文本含有无效字符 (text contains NUL or a lone surrogate)")
    return value


def non_empty_text(value: str) -> str:
    """Stripped text; refuses empty, whitespace-only, over-long and unstorable text."""
    storable(value)
    if not value.strip():
        raise ValueError("消息不能为空 (message is empty)")
    if len(value) > MAX_MESSAGE_CHARS:
        raise ValueError(f"消息过长，最多{MAX_MESSAGE_CHARS}字 (message longer than {MAX_MESSAGE_CHARS} characters)")
    return value.strip()


class ChatRequest(BaseModel):
    message: StrictStr = Field(..., description="the officer's text, or a button payload")

    _message_has_text = validator("message", allow_reuse=True)(non_empty_text)


class ChatResponse(BaseModel):
    messages: List[Message]
    scenario: Optional[ScenarioRef]
    confidence: Optional[float]


class HistoryItem(Message):
    role: str


class HistoryResponse(BaseModel):
    items: List[HistoryItem]


class NewConversationResponse(BaseModel):
    started: bool = True


class ParseRequest(BaseModel):
    text: StrictStr

    _text_has_content = validator("text", allow_reuse=True)(non_empty_text)


class RankedIntent(BaseModel):
    scenario: Optional[int]
    intent: str
    confidence: float


class ParseResponse(BaseModel):
    scenario: Optional[int]
    intent: str
    confidence: float
    ranking: List[RankedIntent]


class ScenarioSummary(BaseModel):
    id: int
    title: str
    question: str
    payload: str = Field(..., description="sent as a chat message, asks this scenario (what its button does)")


class ScenarioGroup(BaseModel):
    id: str
    title: str
    scenarios: List[ScenarioSummary]


class PolicyPassage(BaseModel):
    id: str
    text: str
    score: Optional[float] = Field(None, description="search score (free search only)")
    reason: Optional[str] = Field(None, description="why this passage supports the method (policy basis only)")
    citation: str
    document: str
    section: str


class ScenarioDetail(ScenarioSummary):
    group: str
    method: str
    steps: List[str]
    related: List[ScenarioSummary]
    policy: List[PolicyPassage]
    policy_notice: Optional[str] = Field(
        None, description="caveat shown above the passages: principle-level only, or not reviewed"
    )
    policy_reviewed: bool = Field(..., description="the passages were chosen by reading, not by search")


class PolicySearchResponse(BaseModel):
    query: str
    passages: List[PolicyPassage]


class FeedbackRequest(BaseModel):
    scenario: Optional[conint(strict=True, ge=1)] = None  # type: ignore[valid-type]
    helpful: StrictBool
    comment: Optional[StrictStr] = Field(None, max_length=1000)

    _comment_is_storable = validator("comment", allow_reuse=True)(storable)

    @validator("scenario")
    def scenario_exists(cls, value: Optional[int]) -> Optional[int]:  # noqa: N805 - pydantic validators take cls
        if value is not None and value not in field_guide().scenarios:
            raise ValueError("no such scenario")
        return value


class FeedbackResponse(BaseModel):
    id: int
    stored: bool = True


class ComponentHealth(BaseModel):
    ok: bool
    detail: str = ""


class HealthResponse(BaseModel):
    ok: bool
    gateway: ComponentHealth
    rasa: ComponentHealth
    action_server: ComponentHealth
    database: ComponentHealth
    model: Optional[str]


class ErrorResponse(BaseModel):
    error: str
    message: str
