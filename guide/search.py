"""Deterministic BM25 ranking (jieba content words plus character bigrams) for passages and scenarios."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Generic, List, Sequence, Tuple, TypeVar

from guide.passages import Passage, corpus
from guide.scenarios import Scenario, field_guide
from guide.tokens import ranking_terms

Item = TypeVar("Item")
K1 = 1.5
B = 0.75


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
        self.idf: Dict[str, float] = {
            term: math.log((total - frequency + 0.5) / (frequency + 0.5) + 1.0)
            for term, frequency in document_frequency.items()
        }

    def score(self, query_terms: Sequence[str], position: int) -> float:
        """The BM25 score of the item at ``position`` for already tokenised query terms."""
        counts = self.term_counts[position]
        norm = K1 * (1 - B + B * self.lengths[position] / (self.average_length or 1.0))
        total = 0.0
        for term in query_terms:
            frequency = counts.get(term, 0)
            if frequency:
                total += self.idf[term] * frequency * (K1 + 1) / (frequency + norm)
        return total

    def search(self, query: str, k: int = 3) -> List[Hit[Item]]:
        """The ``k`` best items for ``query`` with a positive score, best first; ties keep index order."""
        query_terms = ranking_terms(query or "")
        if not query_terms or k <= 0:
            return []
        scored: List[Tuple[float, int]] = [
            (self.score(query_terms, position), position) for position in range(len(self.items))
        ]
        ranked = sorted((pair for pair in scored if pair[0] > 0), key=lambda pair: (-pair[0], pair[1]))
        return [Hit(self.items[position], round(score, 4)) for score, position in ranked[:k]]


def passage_text(passage: Passage) -> str:
    """What a passage is indexed by: its section heading and its text."""
    return f"{passage.section}。{passage.text}"


def scenario_text(scenario: Scenario) -> str:
    """What a scenario is indexed by: title, question, terms and method."""
    return "。".join([scenario.title, scenario.question, "、".join(scenario.terms), scenario.method])


@lru_cache(maxsize=1)
def policy_index() -> Bm25Index[Passage]:
    """The BM25 index over the project's policy passages (built once)."""
    passages = corpus()
    return Bm25Index(passages, [passage_text(passage) for passage in passages])


def search_policy(query: str, k: int = 3) -> List[Hit[Passage]]:
    """The ``k`` policy passages that best answer a free question."""
    return policy_index().search(query, k)


def policy_for_scenario(scenario: Scenario, k: int = 3) -> List[Hit[Passage]]:
    """The ``k`` policy passages most related to a scenario, found through its linking terms."""
    query = " ".join(scenario.terms) or scenario.title
    return policy_index().search(query, k)


@lru_cache(maxsize=1)
def scenario_index() -> Bm25Index[Scenario]:
    """The BM25 index over the 30 scenario texts (built once)."""
    scenarios = list(field_guide().scenarios.values())
    return Bm25Index(scenarios, [scenario_text(scenario) for scenario in scenarios])


def search_scenarios(query: str, k: int = 3) -> List[Hit[Scenario]]:
    """The ``k`` scenarios whose texts best match ``query`` (a baseline and a backup to NLU)."""
    return scenario_index().search(query, k)
