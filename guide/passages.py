"""Policy passages as the assistant reads them from ``data/knowledge/passages.jsonl``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Tuple

from guide.paths import PASSAGES_FILE


@dataclass(frozen=True)
class Passage:
    """A few consecutive sentences of one section of one source document."""

    id: str
    document: str
    section: str
    text: str
    terms: Tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        """Where the passage comes from: the document's title and the section heading."""
        return f"{self.document} · {self.section}" if self.section else self.document


def read_passages(path: Path = PASSAGES_FILE) -> List[Passage]:
    """Read passages written by ``guide.corpus.write_passages``."""
    with path.open(encoding="utf-8") as lines:
        return [
            Passage(**{**record, "terms": tuple(record["terms"])})
            for record in map(json.loads, filter(str.strip, lines))
        ]


@lru_cache(maxsize=1)
def corpus() -> Tuple[Passage, ...]:
    """The project's built passages, read once."""
    return tuple(read_passages())
