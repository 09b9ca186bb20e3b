"""GET /api/policy/search: cited policy passages for a free question."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from api.deps import limit_by_address
from api.schemas import ErrorResponse, PolicyPassage, PolicySearchResponse
from guide.passages import Passage
from guide.search import Hit, search_policy

router = APIRouter(prefix="/api/policy", tags=["policy"])


def passage_out(hit: Hit[Passage]) -> PolicyPassage:
    passage = hit.item
    return PolicyPassage(id=passage.id, text=passage.text, score=hit.score, citation=passage.citation,
                         document=passage.document, section=passage.section)


@router.get("/search", response_model=PolicySearchResponse, dependencies=[Depends(limit_by_address)],
            responses={code: {"model": ErrorResponse} for code in (422, 429)})
def policy_search(
    q: str = Query(..., min_length=1, max_length=1000, description="the question or keywords"),
    k: int = Query(3, ge=1, le=20, description="how many passages"),
) -> PolicySearchResponse:
    """The k best passages (BM25 over jieba words and character bigrams), each with its citation."""
    return PolicySearchResponse(query=q, passages=[passage_out(hit) for hit in search_policy(q, k=k)])
