"""GET /api/policy/search: the free look-up over the guide's methods and the policy passages."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from api.deps import limit_by_address
from api.errors import error_responses
from api.schemas import LookupResult, PolicyPassage, PolicySearchResponse
from guide.lookup import Finding, look_up
from guide.passages import Passage

router = APIRouter(prefix="/api/policy", tags=["policy"])


def passage_out(passage: Passage, reason: str | None = None) -> PolicyPassage:
    """A passage of a scenario's policy basis as the API shows it: text, reviewed reason, citation."""
    return PolicyPassage(
        id=passage.id,
        text=passage.text,
        reason=reason,
        citation=passage.citation,
        document=passage.document,
        section=passage.section,
    )


def result_out(finding: Finding) -> LookupResult:
    """A finding of the look-up as the API shows it: label and answering sentence first."""
    entry = finding.entry
    return LookupResult(
        kind=entry.kind,
        id=entry.id,
        label=entry.label,
        lead=finding.lead,
        text=finding.text,
        score=finding.score,
        scenario=entry.scenario_id,
        document=entry.passage.document if entry.passage else None,
        section=entry.passage.section if entry.passage else None,
    )


@router.get(
    "/search",
    response_model=PolicySearchResponse,
    dependencies=[Depends(limit_by_address)],
    responses=error_responses(413, 422, 429, 503),
)
def policy_search(
    q: str = Query(..., min_length=1, max_length=1000, description="the question or keywords"),
    k: int = Query(3, ge=1, le=20, description="how many results at most"),
) -> PolicySearchResponse:
    """The k best sentences of the guide's methods and policy passages, each labelled and led by the
    sentence that answers; ``found: false`` with the reviewed not-covered reply when no text is close
    enough (docs/lookup.md says how it ranks and where the floor is)."""
    answer = look_up(q, k=k)
    return PolicySearchResponse(
        query=q, found=answer.found, results=[result_out(f) for f in answer.findings], not_covered=answer.not_covered
    )
