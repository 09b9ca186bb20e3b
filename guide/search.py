"""Deterministic BM25 ranking (jieba content words plus character bigrams) for passages and scenarios."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Generic, List, Sequence, Tuple, TypeVar

from guide.passages import Passage, corpus
from guide.scenarios import Scenario, field_guide
from guide.tokens import character_trigrams, content_words, ranking_terms

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


HEADING_WEIGHT = 0.5  # a query term in the section heading counts half as much as one in the text
PHRASE_WEIGHT = 1.5  # per query phrase (two adjacent content words) found verbatim in the passage
MIN_RELEVANCE = 0.2  # share of the query's weight (idf) a passage must match to be shown
SINGLE_WORD_RELEVANCE = 0.6  # a passage sharing only one word with the question must carry this share
REPEATED_SHARE = 0.6  # a hit repeating this share of an earlier hit's trigrams is left out


def query_phrases(query: str) -> List[str]:
    """Adjacent pairs of content words, joined: "化解 矛盾" -> "化解矛盾" (matched verbatim)."""
    found = content_words(query)
    return list(dict.fromkeys(a + b for a, b in zip(found, found[1:]) if len(a + b) >= 3))[:MAX_PHRASES]


def word_idf(texts: Sequence[str]) -> Dict[str, float]:
    """BM25 idf of each content word over ``texts`` (a word counts where it occurs verbatim)."""
    vocabulary = {word for text in texts for word in content_words(text)}
    total = len(texts)
    return {
        word: math.log((total - frequency + 0.5) / (frequency + 0.5) + 1.0)
        for word in vocabulary
        for frequency in [sum(word in text for text in texts)]
    }


class PolicyRanker:
    """Free search over the policy passages.

    BM25 over the passage text, plus a smaller BM25 over its section heading, plus a bonus for
    each query phrase found verbatim; passages matching less than ``MIN_RELEVANCE`` of the
    query's idf weight are never shown, and a hit that mostly repeats a better one is dropped.
    """

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self.texts = Bm25Index(self.passages, [passage.text for passage in self.passages])
        self.headings = Bm25Index(self.passages, [passage.section for passage in self.passages])
        self.trigrams = [character_trigrams(passage.text) for passage in self.passages]
        self.unseen_idf = math.log((len(self.passages) + 0.5) / 0.5 + 1.0)
        self.word_idf = word_idf([f"{passage.section}。{passage.text}" for passage in self.passages])

    def query_weights(self, query: str) -> Dict[str, float]:
        """Each distinct content word of the question with its idf. A word the corpus never uses
        weighs as much as the rarest one: "枪支" in a question about firearms rules must not be
        ignored because no passage has it."""
        distinct = list(dict.fromkeys(content_words(query)))[:MAX_QUERY_TERMS]
        return {word: self.word_idf.get(word, self.unseen_idf) for word in distinct}

    def close_enough(self, weights: Dict[str, float], position: int) -> bool:
        """Whether a passage may be shown: the question words found verbatim in it (or its heading)
        carry ``MIN_RELEVANCE`` of the question's weight, and they are two words or carry
        ``SINGLE_WORD_RELEVANCE`` (one shared word is not enough when the question says more)."""
        total = sum(weights.values())
        if not total:
            return False
        passage = self.passages[position]
        found = [word for word in weights if word in passage.text or word in passage.section]
        relevance = sum(weights[word] for word in found) / total
        return relevance >= MIN_RELEVANCE and (len(found) >= 2 or relevance >= SINGLE_WORD_RELEVANCE)

    def search(self, query: str, k: int = 3) -> List[Hit[Passage]]:
        """The ``k`` best passages above the relevance floor, best first, without repeats."""
        query_terms = counted_terms(query)
        if not query_terms or k <= 0:
            return []
        weights = self.query_weights(query)
        phrases = query_phrases(query)
        scored: List[Tuple[float, int]] = []
        candidates = sorted(set(self.texts.candidates(query_terms)) | set(self.headings.candidates(query_terms)))
        for position in candidates:
            passage = self.passages[position]
            if not self.close_enough(weights, position):
                continue
            score = self.texts.score(query_terms, position) + HEADING_WEIGHT * self.headings.score(query_terms, position)
            score += PHRASE_WEIGHT * sum(phrase in passage.text for phrase in phrases)
            scored.append((score, position))
        chosen: List[Tuple[float, int]] = []
        for score, position in sorted(scored, key=lambda pair: (-pair[0], pair[1])):
            if len(chosen) == k:
                break
            if not any(self.repeats(position, earlier) for _, earlier in chosen):
                chosen.append((score, position))
        return [Hit(self.passages[position], round(score, 4)) for score, position in chosen]

    def repeats(self, position: int, earlier: int) -> bool:
        """Whether the passage at ``position`` mostly repeats the one at ``earlier``."""
        mine, theirs = self.trigrams[position], self.trigrams[earlier]
        smaller = min(len(mine), len(theirs))
        return bool(smaller) and len(mine & theirs) >= REPEATED_SHARE * smaller


@lru_cache(maxsize=1)
def policy_ranker() -> PolicyRanker:
    """The ranker over the project's policy passages (built once)."""
    return PolicyRanker(corpus())


def search_policy(query: str, k: int = 3) -> List[Hit[Passage]]:
    """The ``k`` policy passages that best answer a free question (none when nothing is close)."""
    return policy_ranker().search(query, k)


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
