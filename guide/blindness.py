"""Mechanical checks that an evaluation set stayed blind to the training data: no shared source
account, no near-copy of a question (character-trigram Jaccard at or above a threshold)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Set, Tuple

from guide.tokens import character_trigrams

NEAR_COPY = 0.6  # character-trigram Jaccard at which two questions count as one written from the other


def read_sources(path: Path) -> Dict[str, str]:
    """``{text: source URL}`` of a sources file (TSV with a header; the text column first, the URL last)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {row[0].strip(): row[-1].strip() for row in rows[1:] if len(row) >= 2 and row[0].strip()}


def shared_sources(training: Dict[str, str], evaluation: Dict[str, str]) -> Set[str]:
    """Source URLs that both a training example and an evaluation question were written from."""
    return {url for url in training.values() if url} & {url for url in evaluation.values() if url}


def near_copies(
    questions: Iterable[str], examples: Sequence[str], threshold: float = NEAR_COPY
) -> List[Tuple[str, str, float]]:
    """``(question, example, jaccard)`` for each question that has a training example at least
    ``threshold`` alike (character trigrams of the Chinese text; texts without three Chinese
    characters are compared whole)."""
    shapes = [character_trigrams(example) for example in examples]
    index: Dict[str, List[int]] = defaultdict(list)
    for number, shape in enumerate(shapes):
        for trigram in shape:
            index[trigram].append(number)
    whole = {example.strip().lower(): example for example, shape in zip(examples, shapes) if not shape}
    found = []
    for question in questions:
        shape = character_trigrams(question)
        if not shape:
            if question.strip().lower() in whole:
                found.append((question, whole[question.strip().lower()], 1.0))
            continue
        overlap: Dict[int, int] = defaultdict(int)
        for trigram in shape:
            for number in index.get(trigram, ()):
                overlap[number] += 1
        best = max(((count / len(shape | shapes[number]), number) for number, count in overlap.items()), default=None)
        if best and best[0] >= threshold:
            found.append((question, examples[best[1]], round(best[0], 3)))
    return found
