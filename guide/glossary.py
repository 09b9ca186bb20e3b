"""English words of a question read as the Chinese words the texts use ("mass line" -> 群众路线).

The texts are Chinese; an officer may ask in English. A reviewed glossary of general community-policing and
mass-work vocabulary (``english`` in ``data/knowledge/lookup.yml``) gives the Chinese of each phrase; the
English words it does not cover, function words aside, stay in the question as words no text holds, so a
question the glossary only partly reads is not answered by the part it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Tuple

_ENGLISH_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True)
class EnglishReading:
    """The Chinese words the glossary gives for a question, and its English content words it does not cover."""

    chinese: Tuple[str, ...]
    unread: Tuple[str, ...]


class EnglishGlossary:
    """English phrases with the Chinese words the texts use for them, longest phrase first."""

    def __init__(self, phrases: Dict[str, str], function_words: FrozenSet[str]) -> None:
        self.phrases = {" ".join(phrase.lower().split()): chinese for phrase, chinese in phrases.items()}
        self.function_words = function_words
        ordered = sorted(self.phrases, key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b") if ordered else None

    def read(self, text: str) -> EnglishReading:
        """The Chinese words of the English phrases of ``text`` (lower-cased), and the English words left."""
        lowered = " ".join(re.sub(r"[’']s\b", "", text.lower()).split())
        chinese: List[str] = []
        if self.pattern:
            chinese = [self.phrases[match.group()] for match in self.pattern.finditer(lowered)]
            lowered = self.pattern.sub(" ", lowered)
        unread = [word for word in _ENGLISH_WORD.findall(lowered) if word not in self.function_words]
        return EnglishReading(tuple(dict.fromkeys(chinese)), tuple(dict.fromkeys(unread)))
