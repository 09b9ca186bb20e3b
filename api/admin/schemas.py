"""Request bodies of the admin API (pydantic v1); answers are plain JSON objects described per route."""

from __future__ import annotations

from typing import Any, Dict, Optional, Type

from pydantic import BaseModel, Field, StrictInt, StrictStr, validator

from api.admin.accounts import MAX_NAME_CHARS
from api.schemas import (
    MAX_MESSAGE_CHARS,
    STORABLE_TEXT,
    WHITESPACE,
    ApiModel,
    character_class,
    non_empty_text,
    nullable_fields,
    storable,
)
from guide.scenarios import field_guide
from learning.queue import Decision
from learning.reviewed_examples import UNWRITABLE, writable

MAX_PASSWORD_CHARS = 256
# Text that can be a training example: something besides whitespace, no character a YAML file cannot hold.
_NOT_WRITABLE = sorted(map(ord, UNWRITABLE))
TRAINABLE_TEXT = (
    f"^{character_class(_NOT_WRITABLE).replace('[', '[^', 1)}*"
    f"{character_class(sorted(set(_NOT_WRITABLE) | set(WHITESPACE))).replace('[', '[^', 1)}"
    f"{character_class(_NOT_WRITABLE).replace('[', '[^', 1)}*$"
)

DECISIONS = tuple(decision.value for decision in Decision)


def trainable(value: str) -> str:
    """Refuses text no training file can hold (besides empty and over-long text)."""
    value = non_empty_text(value)
    if not writable(value):
        raise ValueError("文本含有控制字符 (text contains a control character)")
    return value


class SignInRequest(ApiModel):
    name: StrictStr = Field(
        ..., max_length=MAX_NAME_CHARS, pattern=TRAINABLE_TEXT, description="an ADMIN_ACCOUNTS name"
    )
    password: StrictStr = Field(..., min_length=1, max_length=MAX_PASSWORD_CHARS, pattern=STORABLE_TEXT)

    _name_has_text = validator("name", allow_reuse=True)(trainable)
    _password_is_storable = validator("password", allow_reuse=True)(storable)


class DecisionRequest(ApiModel):
    question: StrictStr = Field(
        ...,
        maxLength=MAX_MESSAGE_CHARS,
        pattern=TRAINABLE_TEXT,
        description="the question as it was asked (shown in the queue): not only whitespace, "
        "no control character or lone surrogate",
    )
    decision: StrictStr = Field(
        ...,
        description="scenario: an example of `scenario`; out_of_scope: an example of out of scope; discard: no example",
    )
    scenario: Optional[StrictInt] = Field(None, description="the scenario number, with decision=scenario (else null)")

    _question_has_text = validator("question", allow_reuse=True)(trainable)

    @validator("decision")
    def decision_is_known(cls, value: str) -> str:  # noqa: N805
        if value not in DECISIONS:
            raise ValueError(f"decision is one of {', '.join(DECISIONS)}")
        return value

    @validator("scenario", always=True)
    def scenario_with_its_decision(cls, value: Optional[int], values: dict) -> Optional[int]:  # noqa: N805
        if values.get("decision") == Decision.SCENARIO and value not in field_guide().scenarios:
            raise ValueError("decision=scenario needs the number of a scenario of the field guide")
        if values.get("decision") in (Decision.OUT_OF_SCOPE, Decision.DISCARD) and value is not None:
            raise ValueError(f"decision={values['decision']} takes no scenario")
        return value

    class Config:
        @staticmethod
        def schema_extra(schema: Dict[str, Any], model: Type[BaseModel]) -> None:
            """The validators' rules in the schema: the decisions, and a scenario exactly with decision=scenario."""
            schema["properties"]["decision"]["enum"] = list(DECISIONS)
            schema["properties"]["scenario"]["enum"] = sorted(field_guide().scenarios)
            nullable_fields(schema, model)
            schema["if"] = {"properties": {"decision": {"const": Decision.SCENARIO.value}}}
            schema["then"] = {"required": ["scenario"], "properties": {"scenario": {"type": "integer"}}}
            schema["else"] = {"properties": {"scenario": {"type": "null"}}}
