"""Request and response bodies of the HTTP API (pydantic v1)."""

from __future__ import annotations

import sys
import unicodedata
from enum import Enum
from typing import Any, Dict, List, Literal, Optional, Type

from pydantic import BaseModel, Field, StrictBool, StrictStr, conint, validator

from guide.protocol import BOUNDARY_INTENTS
from guide.scenarios import field_guide
from learning.reviewed_examples import printable

MAX_MESSAGE_CHARS = 1000
ANNOTATIONS = ("title", "description", "default")


def nullable_fields(schema: Dict[str, Any], model: Type[BaseModel]) -> None:
    """Marks the fields that may be ``null`` as such (``anyOf: [..., {"type": "null"}]``): pydantic v1
    leaves that out of the schema, and the API does send nulls (OpenAPI 3.1 readers then refuse them)."""
    properties = schema.get("properties", {})
    for field in model.__fields__.values():
        if field.allow_none and field.alias in properties:
            prop = properties[field.alias]
            annotations = {key: prop.pop(key) for key in ANNOTATIONS if key in prop}
            properties[field.alias] = {"anyOf": [prop, {"type": "null"}], **annotations}


class ApiModel(BaseModel):
    # A request or response body; its schema says which fields may be null. (No docstring: pydantic
    # would show it as the description of every body.)
    class Config:
        schema_extra = staticmethod(nullable_fields)

    @classmethod
    def validate(cls, value: Any) -> "ApiModel":
        """Only a JSON object (pydantic v1 would also take a list of pairs, such as ``[]``)."""
        if not isinstance(value, (dict, BaseModel)):
            raise TypeError("需要 JSON 对象 (expected a JSON object)")
        return super().validate(value)


def character_class(codes: List[int]) -> str:
    """``[...]`` of these code points as ``\\uXXXX`` ranges, which Python, ECMA and Rust regexes read alike."""
    ranges: List[List[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\u{low:04x}" + (f"-\\u{high:04x}" if high > low else "") for low, high in ranges) + "]"


WHITESPACE = [code for code in range(sys.maxunicode + 1) if chr(code).isspace()]  # what str.strip() removes
# JSON Schema patterns can say "no NUL" and "not only whitespace"; lone surrogates cannot be written in one.
STORABLE_TEXT = "^[^\\u0000]*$"
CONTROLS = [code for code in range(0x100) if unicodedata.category(chr(code)) == "Cc"]  # become spaces (typed_text)
# At least one character that is neither white space nor a control character, and no NUL.
TYPED_TEXT = f"^[^\\u0000]*{character_class(sorted(set(WHITESPACE + CONTROLS))).replace('[', '[^', 1)}[^\\u0000]*$"


class Button(ApiModel):
    title: str
    payload: str
    kind: Optional[str] = Field(
        None, description='"feedback" for 有帮助 / 没帮助 (the page disables the pair once used)'
    )


class Message(ApiModel):
    text: str
    buttons: List[Button] = []


class ScenarioRef(ApiModel):
    id: int
    title: str


def storable(value: Optional[str]) -> Optional[str]:
    """Refuses text no database or UTF-8 encoder accepts: NUL characters and lone surrogates (no text is fine)."""
    if value is None:
        return value
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


def typed_text(value: str) -> str:
    """What an officer typed: control characters as spaces (api/turns.py does the same for the bridges),
    then as ``non_empty_text``."""
    return non_empty_text(printable(storable(value) or ""))


TEXT_RULE = (
    f"not empty, not only whitespace or control characters (which become spaces), "
    f"at most {MAX_MESSAGE_CHARS} characters, no NUL or lone surrogate"
)


def text_field(description: str) -> Any:
    """A required text of a request (checked by ``non_empty_text``), with that check in its schema."""
    return Field(..., description=f"{description} ({TEXT_RULE})", maxLength=MAX_MESSAGE_CHARS, pattern=TYPED_TEXT)


class ChatRequest(ApiModel):
    message: StrictStr = text_field("the officer's text, or a button payload")

    _message_has_text = validator("message", allow_reuse=True)(typed_text)


# The kinds of message outside the visit guide (data/knowledge/boundaries.yml), as the API names them.
BoundaryKind = Enum("BoundaryKind", {kind: kind for kind in BOUNDARY_INTENTS}, type=str)  # type: ignore[misc]
BOUNDARY_DESCRIPTION = (
    "the kind of message outside the visit guide that the turn answered with a fixed reply "
    "(emergency, police_procedure, other_body); null otherwise"
)


class ChatResponse(ApiModel):
    messages: List[Message]
    scenario: Optional[ScenarioRef]
    confidence: Optional[float]
    boundary: Optional[BoundaryKind] = Field(None, description=BOUNDARY_DESCRIPTION)


class HistoryItem(Message):
    role: str


class HistoryResponse(ApiModel):
    items: List[HistoryItem]
    welcome: Message = Field(..., description="what the page shows before the first turn (and after 新对话)")
    older: Optional[int] = Field(None, description="cursor of the page before this one (pass as ?before=); null: none")


class NewConversationResponse(ApiModel):
    started: bool = True


class EmptyRequest(ApiModel):
    """No fields: the body is ``{}``."""


NewConversationRequest = EmptyRequest


class ParseRequest(ApiModel):
    text: StrictStr = text_field("the text to classify")

    _text_has_content = validator("text", allow_reuse=True)(typed_text)


class RankedIntent(ApiModel):
    scenario: Optional[int]
    intent: str
    confidence: float


class ParseResponse(ApiModel):
    scenario: Optional[int]
    intent: str
    confidence: float
    ranking: List[RankedIntent]
    boundary: Optional[BoundaryKind] = Field(None, description=BOUNDARY_DESCRIPTION)
    emergency_signs: List[str] = Field(
        default_factory=list,
        description="the reviewed emergency signals found in the text (data/knowledge/boundaries.yml)",
    )


class ScenarioSummary(ApiModel):
    id: int
    title: str
    question: str
    payload: str = Field(..., description="sent as a chat message, asks this scenario (what its button does)")


class ScenarioGroup(ApiModel):
    id: str
    title: str
    scenarios: List[ScenarioSummary]


class PolicyPassage(ApiModel):
    id: str
    text: str
    reason: Optional[str] = Field(None, description="why this passage supports the method")
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


class OfflineScenario(ScenarioDetail):
    keywords: List[str] = Field(
        ..., description="words officers use for this situation (from the NLU examples), for offline matching"
    )
    policy_button: Button = Field(
        ..., description="the button that asks this scenario's policy basis (its label and payload)"
    )


class OfflineGuide(ApiModel):
    version: str = Field(
        ..., description="changes exactly when the knowledge (methods, policy basis, keywords) changes"
    )
    scenarios: List[OfflineScenario]
    emergency_reply: str = Field(..., description="the reviewed emergency reply, shown offline before any visit method")
    emergency_signals: List[List[str]] = Field(
        ...,
        description="the reviewed emergency signals: a message is one when every pattern of a signal matches "
        "its normalised text (NFKC, format characters removed, lower case, spaces collapsed)",
    )


class LookupResult(ApiModel):
    kind: Literal["method_step", "passage"] = Field(
        ..., description="a sentence of a scenario's method, or a policy passage"
    )
    id: str
    label: str = Field(
        ..., description="what it is and where it comes from: 指引第4问「…」· 处理方法第①步, or the citation"
    )
    lead: str = Field(..., description="the sentence that answers best (shown first)")
    text: str = Field(
        ..., description="the whole text shown (a passage may go on into the next one where a list continues)"
    )
    score: float
    scenario: Optional[int] = Field(None, description="the scenario of a method sentence")
    document: Optional[str] = Field(None, description="the source document of a passage")
    section: Optional[str] = Field(None, description="the section heading of a passage")


class PolicySearchResponse(ApiModel):
    query: str
    found: bool = Field(..., description="false: the texts do not answer the question, and nothing is shown")
    results: List[LookupResult]
    not_covered: Optional[str] = Field(
        None, description="when nothing is found: the reviewed reply that the texts do not cover it, and what they do"
    )


class FeedbackRequest(ApiModel):
    scenario: Optional[conint(strict=True, ge=1)] = Field(  # type: ignore[valid-type]
        None, description="a scenario number of GET /api/scenarios"
    )
    helpful: StrictBool
    comment: Optional[StrictStr] = Field(
        None, max_length=1000, pattern=STORABLE_TEXT, description="free text (no NUL or lone surrogate)"
    )

    _comment_is_storable = validator("comment", allow_reuse=True)(storable)

    class Config:
        @staticmethod
        def schema_extra(schema: Dict[str, Any], model: Type[BaseModel]) -> None:
            schema["properties"]["scenario"]["enum"] = sorted(field_guide().scenarios)  # the validator's check
            nullable_fields(schema, model)

    @validator("scenario")
    def scenario_exists(cls, value: Optional[int]) -> Optional[int]:  # noqa: N805 - pydantic validators take cls
        if value is not None and value not in field_guide().scenarios:
            raise ValueError("no such scenario")
        return value


class FeedbackResponse(ApiModel):
    id: int
    stored: bool = True


class ComponentHealth(ApiModel):
    ok: bool
    detail: str = ""


class PublicHealthResponse(ApiModel):
    ok: bool


class HealthResponse(ApiModel):
    ok: bool
    gateway: ComponentHealth
    rasa: ComponentHealth
    action_server: ComponentHealth
    database: ComponentHealth
    model: Optional[str]


class ErrorResponse(ApiModel):
    error: str
    message: str
