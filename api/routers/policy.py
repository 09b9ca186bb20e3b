"""GET /api/policy/search: cited policy passages for a free question."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from api.deps import limit_by_address
from api.errors import error_responses
from api.schemas import PolicyPassage, PolicySearchResponse
from guide.passages import Passage
from guide.search import search_policy

router = APIRouter(prefix="/api/policy", tags=["policy"])


def passage_out(passage: Passage, score: float | None = None, reason: str | None = None) -> PolicyPassage:
    """A passage as the API shows it: text, citation, and its search score or reviewed reason."""
    return PolicyPassage(id=passage.id, text=passage.text, score=score, reason=reason, citation=passage.citation,
                         document=passage.document, section=passage.section)


@router.get("/search", response_model=PolicySearchResponse, dependencies=[Depends(limit_by_address)],
            responses=error_responses(413, 422, 429, 503))
def policy_search(
    q: str = Query(..., min_length=1, max_length=1000, description="the question or keywords"),
    k: int = Query(3, ge=1, le=20, description="how many passages"),
) -> PolicySearchResponse:
    """The k best passages, each with its citation; none when nothing is close enough.

    Ranking: BM25 over jieba words and character bigrams of the text, plus its section heading and
    phrases of the question found verbatim; passages below a relevance floor and repeats are left out.
    """
    return PolicySearchResponse(query=q, passages=[passage_out(hit.item, score=hit.score) for hit in search_policy(q, k=k)])
