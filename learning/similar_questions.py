"""Which queued questions are alike (character-bigram Jaccard ≥ a threshold), at a cost that grows with
the number of questions, not its square.

Exact for every pair up to the bounds, by prefix filtering (the AllPairs method): the bigrams of each
question are ordered rarest first, and two sets whose Jaccard reaches ``t`` must share one of the first
``|A| - ceil(t·|A|) + 1`` bigrams of each; only such pairs are compared. The bounds keep planted text
cheap: a question's shape is the bigrams of its first :data:`SHAPE_LENGTH` characters, and at most
:data:`MAX_COMPARED` other questions are compared with each one (a flood of near-copies then counts
the conversations of the first ``MAX_COMPARED`` only).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Dict, FrozenSet, List, Sequence, Set

SHAPE_LENGTH = 200  # characters of a question that make its shape
MAX_COMPARED = 200  # other questions compared with one question, at most


def shape(text: str) -> FrozenSet[str]:
    """The set of character bigrams of the question's first characters (spaces removed)."""
    compact = "".join(text.split())[:SHAPE_LENGTH]
    return frozenset(compact[i : i + 2] for i in range(len(compact) - 1)) or frozenset({compact})


def jaccard(a: FrozenSet[str], b: FrozenSet[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def alike(shapes: Sequence[FrozenSet[str]], threshold: float) -> List[List[int]]:
    """For each shape, the positions of the other shapes whose Jaccard with it reaches ``threshold``."""
    frequency = Counter(bigram for one in shapes for bigram in one)
    index: Dict[str, List[int]] = defaultdict(list)
    prefixes = []
    for position, one in enumerate(shapes):
        ordered = sorted(one, key=lambda bigram: (frequency[bigram], bigram))
        prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]
        prefixes.append(prefix)
        for bigram in prefix:
            index[bigram].append(position)
    neighbours: List[List[int]] = [[] for _ in shapes]
    for position, prefix in enumerate(prefixes):
        compared: Set[int] = set()
        for bigram in prefix:
            for other in index[bigram]:
                if other == position or other in compared:
                    continue
                if len(compared) >= MAX_COMPARED:
                    break
                compared.add(other)
                if jaccard(shapes[position], shapes[other]) >= threshold:
                    neighbours[position].append(other)
    return neighbours
