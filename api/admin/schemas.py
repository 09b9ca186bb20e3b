"""Request bodies of the admin API (pydantic v1); answers are plain JSON objects described per route."""
from __future__ import annotations

from typing import Optional

from pydantic import Field, StrictStr, validator

from api.admin.accounts import MAX_NAME_CHARS
from api.admin.queue import DISCARD, OUT_OF_SCOPE, SCENARIO
from api.schemas import MAX_MESSAGE_CHARS, NON_EMPTY_TEXT, ApiModel
from guide.scenarios import field_guide


class SignInRequest(ApiModel):
    name: StrictStr = Field(..., min_length=1, max_length=MAX_NAME_CHARS, regex=NON_EMPTY_TEXT)
    password: StrictStr = Field(..., min_length=1, max_length=256, regex="^[^\\u0000]*$")


class DecisionRequest(ApiModel):
    question: StrictStr = Field(..., min_length=1, max_length=MAX_MESSAGE_CHARS, regex=NON_EMPTY_TEXT,
                                description="the question as it was asked (shown in the queue)")
    decision: StrictStr = Field(..., regex=f"^({SCENARIO}|{OUT_OF_SCOPE}|{DISCARD})$",
                                description="scenario: an example of `scenario`; out_of_scope; discard: no example")
    scenario: Optional[int] = Field(None, ge=min(field_guide().scenarios), le=max(field_guide().scenarios),
                                    description="the scenario number, with decision=scenario")

    @validator("scenario", always=True)
    def scenario_with_its_decision(cls, value: Optional[int], values: dict) -> Optional[int]:  # noqa: N805
        if values.get("decision") == SCENARIO and value not in field_guide().scenarios:
            raise ValueError("decision=scenario needs the number of a scenario of the field guide")
        if values.get("decision") in (OUT_OF_SCOPE, DISCARD) and value is not None:
            raise ValueError(f"decision={values['decision']} takes no scenario")
        return value
