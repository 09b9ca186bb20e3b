"""Deterministic BM25 ranking (jieba content words plus character bigrams): the index the free look-up
(``guide/lookup.py``) builds on, and the scenario index that backs the NLU up."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Generic, List, Sequence, Tuple, TypeVar

from guide.scenarios import Scenario, field_guide
from guide.tokens import ranking_terms

Item = TypeVar("Item")
K1 = 1.5
B = 0.75
MAX_QUERY_TERMS = 64  # distinct query terms (and words) that count: a pasted essay costs what a paragraph does
MAX_TERM_REPEATS = 3  # a term repeated in the query counts at most this many times
MAX_PHRASES = 32


QueryTerms = Dict[str, int]  # a query's distinct ranking terms, each with how often it counts


def counted_terms(query: str) -> QueryTerms:
    """The query's ranking terms counted once each, with their repeats (at most MAX_TERM_REPEATS), the
    first MAX_QUERY_TERMS distinct ones: "群众" typed 500 times costs what "群众" typed three times does."""
    counts: QueryTerms = {}
    for term in ranking_terms(query or ""):
        if term in counts:
            counts[term] = min(counts[term] + 1, MAX_TERM_REPEATS)
        elif len(counts) < MAX_QUERY_TERMS:
            counts[term] = 1
    return counts


@dataclass(frozen=True)
class Hit(Generic[Item]):
    """An item with its BM25 score for a query."""

    item: Item
    score: float


class Bm25Index(Generic[Item]):
    """Okapi BM25 over a fixed list of items, each indexed by the ranking terms of its text."""

    def __init__(self, items: Sequence[Item], texts: Sequence[str]) -> None:
        self.items = list(items)
        self.term_counts: List[Counter] = [Counter(ranking_terms(text)) for text in texts]
        self.lengths = [sum(counts.values()) for counts in self.term_counts]
        self.average_length = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        document_frequency: Counter = Counter()
        for counts in self.term_counts:
            document_frequency.update(counts.keys())
        total = len(self.items)
        self.postings: Dict[str, List[int]] = {}
        for position, counts in enumerate(self.term_counts):
            for term in counts:
                self.postings.setdefault(term, []).append(position)
        self.idf: Dict[str, float] = {
            term: math.log((total - frequency + 0.5) / (frequency + 0.5) + 1.0)
            for term, frequency in document_frequency.items()
        }

    def score(self, query_terms: QueryTerms, position: int) -> float:
        """The BM25 score of the item at ``position`` for the query's terms with their counts."""
        counts = self.term_counts[position]
        norm = K1 * (1 - B + B * self.lengths[position] / (self.average_length or 1.0))
        total = 0.0
        for term, repeats in query_terms.items():
            frequency = counts.get(term, 0)
            if frequency:
                total += repeats * self.idf[term] * frequency * (K1 + 1) / (frequency + norm)
        return total

    def candidates(self, query_terms: QueryTerms) -> List[int]:
        """Positions of the items that share at least one term with the query (the only ones scored)."""
        return sorted({position for term in query_terms for position in self.postings.get(term, ())})

    def search(self, query: str, k: int = 3) -> List[Hit[Item]]:
        """The ``k`` best items for ``query`` with a positive score, best first; ties keep index order."""
        query_terms = counted_terms(query)
        if not query_terms or k <= 0:
            return []
        scored: List[Tuple[float, int]] = [
            (self.score(query_terms, position), position) for position in self.candidates(query_terms)
        ]
        ranked = sorted((pair for pair in scored if pair[0] > 0), key=lambda pair: (-pair[0], pair[1]))
        return [Hit(self.items[position], round(score, 4)) for score, position in ranked[:k]]


def scenario_text(scenario: Scenario) -> str:
    """What a scenario is indexed by: title, question, terms and method."""
    return "。".join([scenario.title, scenario.question, "、".join(scenario.terms), scenario.method])


def scenario_query(scenario: Scenario) -> str:
    """What the automatic look-up for a scenario searches with: its question and linking terms."""
    return " ".join([scenario.question, *scenario.terms])


@lru_cache(maxsize=1)
def scenario_index() -> Bm25Index[Scenario]:
    """The BM25 index over the scenario texts (built once)."""
    scenarios = list(field_guide().scenarios.values())
    return Bm25Index(scenarios, [scenario_text(scenario) for scenario in scenarios])


def search_scenarios(query: str, k: int = 3) -> List[Hit[Scenario]]:
    """The ``k`` scenarios whose texts best match ``query`` (a baseline and a backup to NLU)."""
    return scenario_index().search(query, k)
